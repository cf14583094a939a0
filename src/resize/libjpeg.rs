//! What thumbctl needs of libjpeg beside decoding: the error handling both directions share,
//! and the encoder for JPEG thumbnails.
//!
//! The library is libjpeg-turbo as mozjpeg ships it (the `mozjpeg` crate), compiled by cargo with
//! nothing but a C compiler; with nasm on the PATH at build time its x86 SIMD code is built in too
//! (see build.rs and README "Building"). The encoder runs with `set_fastest_defaults`:
//! libjpeg-turbo's own baseline output, not mozjpeg's slow trellis search.
//!
//! libjpeg reports a fatal error by calling `error_exit`, which must not return. As the mozjpeg
//! crate documents, its functions unwind out of the C code then (the C code is compiled with
//! unwind tables for it); `catch_libjpeg` turns that back into a `Result` at each call.

use std::os::raw::c_int;
use std::panic::{self, AssertUnwindSafe};

use image::DynamicImage;
use mozjpeg::{ColorSpace, Compress, Marker};
use mozjpeg_sys::{jpeg_common_struct, jpeg_error_mgr};

use super::error::{LibjpegError, ThumbnailError};

extern "C" {
    // libjpeg-turbo's SIMD dispatch (simd/x86_64/jsimd.c when built with nasm, jsimd_none.c
    // without): nonzero when the conversion runs in SIMD on this CPU (mozjpeg-sys builds it with
    // NO_GETENV, so JSIMD_FORCENONE does not apply).
    fn jsimd_can_ycc_rgb() -> c_int;
    fn jsimd_can_rgb_ycc() -> c_int;
}

/// Whether libjpeg converts between YCbCr and RGB in SIMD here, both ways. When it does not
/// (built without nasm, or SIMD turned off), JPEG-to-JPEG thumbnails are cheaper resized in
/// YCbCr: libjpeg's C conversions cost more than the copies that replace them (callgrind on the
/// corpus's JPEG folder: -3.6% instructions without SIMD, +1.7% with it). Asked once a run.
pub fn converts_colour_in_simd() -> bool {
    static ANSWER: std::sync::OnceLock<bool> = std::sync::OnceLock::new();
    // SAFETY: both take no arguments; they read the CPU's flags into a thread-local cache of
    // libjpeg's. They are libjpeg-turbo's internal, unprefixed SIMD symbols (jsimd.h), present in
    // every mozjpeg-sys build; a mozjpeg-sys that renamed them would fail to link, not misbehave.
    *ANSWER.get_or_init(|| unsafe { jsimd_can_ycc_rgb() != 0 && jsimd_can_rgb_ycc() != 0 })
}

/// Runs libjpeg calls, turning the unwind of an error or warning into `Err` with libjpeg's
/// message. Any other panic goes on up (a bug, not bad input).
pub(crate) fn catch_libjpeg<T>(work: impl FnOnce() -> T) -> Result<T, LibjpegError> {
    panic::catch_unwind(AssertUnwindSafe(work)).map_err(|payload| {
        match payload.downcast::<LibjpegError>() {
            Ok(error) => *error,
            Err(other) => panic::resume_unwind(other),
        }
    })
}

/// libjpeg's standard error manager, except that an error or a warning unwinds with its
/// message. A warning means libjpeg would paper over damaged data (grey blocks, a bogus
/// progression); such a file goes to the image crate instead, as it always has.
pub(crate) fn error_manager() -> jpeg_error_mgr {
    // SAFETY: jpeg_error_mgr is a C struct of numbers and function pointers, for which zeroes
    // are a valid value; jpeg_std_error then fills in every field.
    let mut manager: jpeg_error_mgr = unsafe { std::mem::zeroed() };
    // SAFETY: `manager` is a live, exclusively borrowed jpeg_error_mgr.
    unsafe { mozjpeg_sys::jpeg_std_error(&mut manager) };
    manager.error_exit = Some(unwind_on_error);
    manager.emit_message = Some(unwind_on_warning);
    manager
}

extern "C-unwind" fn unwind_on_error(cinfo: &mut jpeg_common_struct) {
    panic::resume_unwind(Box::new(LibjpegError(message(cinfo))));
}

extern "C-unwind" fn unwind_on_warning(cinfo: &mut jpeg_common_struct, level: c_int) {
    // Level -1 is a warning; 0 and up are trace messages, which are not wanted.
    if level < 0 {
        panic::resume_unwind(Box::new(LibjpegError(message(cinfo))));
    }
}

/// libjpeg's text for the message it is reporting.
fn message(cinfo: &mut jpeg_common_struct) -> String {
    // JMSG_LENGTH_MAX in jerror.h: format_message writes at most this much, NUL included.
    let mut buffer = [0u8; 200];
    // SAFETY: `err` is the manager libjpeg was given, alive for the whole call. Its
    // format_message is jpeg_std_error's, which writes a NUL-terminated message of at most
    // JMSG_LENGTH_MAX bytes to the pointer it gets; the binding declares that parameter as an
    // 80-byte array, so it is called through a pointer type of the same ABI with our buffer.
    unsafe {
        let Some(format) = (*cinfo.err).format_message else {
            return format!("libjpeg message {}", (*cinfo.err).msg_code);
        };
        type FormatMessage = unsafe extern "C-unwind" fn(&mut jpeg_common_struct, *mut u8);
        let format: FormatMessage = std::mem::transmute(format);
        format(cinfo, buffer.as_mut_ptr());
    }
    let text = buffer.split(|&byte| byte == 0).next().unwrap_or_default();
    String::from_utf8_lossy(text).into_owned()
}

/// What the three channels of an Rgb8 image given to `encode` hold.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Pixels {
    /// R, G, B (or gray, for L8).
    AsTheyAre,
    /// Y, Cb, Cr, which the encoder takes without a colour conversion.
    Ycbcr,
}

/// Encodes RGB8 (or YCbCr in an Rgb8 image) or L8 pixels as a baseline JPEG (4:2:0 for colour,
/// like libvips and the image crate at this quality) into `out`, with the ICC profile in APP2
/// segments.
pub fn encode(
    image: &DynamicImage,
    pixels: Pixels,
    quality: u8,
    icc_profile: Option<&[u8]>,
    exif: Option<&[u8]>,
    out: &mut Vec<u8>,
) -> Result<(), ThumbnailError> {
    let colour_space = match (image, pixels) {
        (DynamicImage::ImageRgb8(_), Pixels::AsTheyAre) => ColorSpace::JCS_RGB,
        (DynamicImage::ImageRgb8(_), Pixels::Ycbcr) => ColorSpace::JCS_YCbCr,
        (DynamicImage::ImageLuma8(_), Pixels::AsTheyAre) => ColorSpace::JCS_GRAYSCALE,
        (other, _) => return Err(ThumbnailError::JpegLayout(other.color())),
    };
    out.clear();
    let written = catch_libjpeg(|| {
        let mut compress = Compress::new_err(Box::new(error_manager()), colour_space);
        // libjpeg-turbo's defaults (Annex K tables, 4:2:0, no trellis), then the quality.
        compress.set_fastest_defaults();
        compress.set_size(image.width() as usize, image.height() as usize);
        compress.set_quality(f32::from(quality));
        let mut started = compress.start_compress(&mut *out)?;
        // APP1 holds at most 65533 bytes; a larger EXIF block is not written.
        if let Some(exif) = exif.filter(|exif| exif.len() + 6 <= 65533) {
            started.write_marker(Marker::APP(1), &[b"Exif\0\0", exif].concat());
        }
        if let Some(profile) = icc_profile.filter(|profile| !profile.is_empty()) {
            for segment in icc_segments(profile) {
                started.write_marker(Marker::APP(2), &segment);
            }
        }
        started.write_scanlines(image.as_bytes())?;
        started.finish().map(drop)
    });
    Ok(written??)
}

/// What starts an APP2 segment that carries (a part of) an ICC profile.
pub(crate) const ICC_SIGNATURE: &[u8] = b"ICC_PROFILE\0";

/// The APP2 segment bodies that carry an ICC profile: the signature, a 1-based sequence number,
/// the count, and up to 65519 bytes of the profile each (the mozjpeg crate's own
/// `write_icc_profile` numbers them from 0, which readers reject). A profile that needs more
/// than 255 segments is not written.
fn icc_segments(profile: &[u8]) -> Vec<Vec<u8>> {
    // 65535 minus the length field, the signature, and the sequence and count bytes.
    const CHUNK: usize = 65535 - 2 - ICC_SIGNATURE.len() - 2;
    let count = profile.len().div_ceil(CHUNK);
    if count > 255 {
        tracing::debug!(
            "ICC profile of {} bytes not written: too large",
            profile.len()
        );
        return Vec::new();
    }
    profile
        .chunks(CHUNK)
        .enumerate()
        .map(|(index, chunk)| {
            let mut segment = Vec::with_capacity(ICC_SIGNATURE.len() + 2 + chunk.len());
            segment.extend_from_slice(ICC_SIGNATURE);
            segment.extend_from_slice(&[(index + 1) as u8, count as u8]);
            segment.extend_from_slice(chunk);
            segment
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_panic_that_is_not_libjpegs_still_goes_up() {
        let bug = panic::catch_unwind(|| catch_libjpeg(|| panic!("a bug")));
        assert!(bug.is_err());
    }

    #[test]
    fn only_rgb8_and_l8_are_encoded_here() {
        let mut out = Vec::new();
        let rgba = DynamicImage::ImageRgba8(image::RgbaImage::new(4, 4));
        let err = encode(&rgba, Pixels::AsTheyAre, 85, None, None, &mut out)
            .unwrap_err()
            .to_string();
        assert!(err.contains("Rgba8"), "{err}");
        let gray = DynamicImage::ImageLuma8(image::GrayImage::from_pixel(8, 8, image::Luma([90])));
        encode(&gray, Pixels::AsTheyAre, 85, None, None, &mut out).unwrap();
        let decoded = image::load_from_memory(&out).unwrap();
        assert_eq!(decoded.color(), image::ColorType::L8);
        assert!(decoded
            .to_luma8()
            .pixels()
            .all(|p| p.0[0].abs_diff(90) <= 2));
    }
}
