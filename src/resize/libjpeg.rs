//! What thumbctl needs of libjpeg beside decoding: the error handling both directions share,
//! and the encoder for JPEG thumbnails.
//!
//! The library is libjpeg-turbo as mozjpeg ships it (the `mozjpeg-sys` crate), compiled by cargo
//! with nothing but a C compiler; with nasm on the PATH at build time its x86 SIMD code is built
//! in too (see build.rs and README "Building"). Without it, thumbctl's own AVX2 DCTs stand in for
//! libjpeg's C ones (`Replace`). The encoder runs with the JCP_FASTEST profile: libjpeg-turbo's
//! own baseline output, not mozjpeg's slow trellis search.
//!
//! libjpeg reports a fatal error by calling `error_exit`, which must not return. mozjpeg-sys
//! compiles the C code with unwind tables (its `unwinding` feature), so the error manager here
//! unwinds out of it; `catch_libjpeg` turns that back into a `Result` at each call.

use std::os::raw::c_int;
use std::panic::{self, AssertUnwindSafe};

use image::DynamicImage;
use mozjpeg_sys::J_COLOR_SPACE as ColorSpace;
use mozjpeg_sys::{
    boolean, jpeg_common_struct, jpeg_compress_struct, jpeg_destination_mgr, jpeg_error_mgr,
    JINT_COMPRESS_PROFILE_VALUE, J_INT_PARAM,
};

use super::error::{LibjpegError, ThumbnailError};
use super::fdct;

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
    let markers = Markers { icc_profile, exif };
    encode_with(image, pixels, quality, markers, Replace::PlainC, out)
}

/// What goes into a thumbnail's header beside the image.
#[derive(Clone, Copy, Default)]
pub(crate) struct Markers<'a> {
    pub icc_profile: Option<&'a [u8]>,
    pub exif: Option<&'a [u8]>,
}

/// Which of libjpeg's plain C DCTs to replace by thumbctl's AVX2 ones (src/resize/fdct.rs,
/// src/resize/decode/idct.rs).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Replace {
    /// Those libjpeg runs in plain C (a build without nasm); its SIMD ones stay.
    PlainC,
    /// Every one there is a replacement for, SIMD or not (for tests).
    #[cfg(test)]
    Every,
    /// None (for tests: libjpeg's own).
    #[cfg(test)]
    None,
}

/// Whether this CPU runs thumbctl's DCTs: they are AVX2, whose eight 32-bit multiplies at once
/// make them faster than libjpeg's C (plain Rust left to the compiler's SSE2 was not: 258 and
/// 780 instructions a block for the inverse DCTs, against C's 243 and 574). Elsewhere libjpeg
/// keeps its own (and ARM's libjpeg has NEON ones of its own).
pub(crate) fn simd_dcts_available() -> bool {
    #[cfg(target_arch = "x86_64")]
    return std::arch::is_x86_feature_detected!("avx2");
    #[cfg(not(target_arch = "x86_64"))]
    return false;
}

/// `encode`, with the forward DCT `replace` says.
pub(crate) fn encode_with(
    image: &DynamicImage,
    pixels: Pixels,
    quality: u8,
    markers: Markers,
    replace: Replace,
    out: &mut Vec<u8>,
) -> Result<(), ThumbnailError> {
    let colour_space = match (image, pixels) {
        (DynamicImage::ImageRgb8(_), Pixels::AsTheyAre) => ColorSpace::JCS_RGB,
        (DynamicImage::ImageRgb8(_), Pixels::Ycbcr) => ColorSpace::JCS_YCbCr,
        (DynamicImage::ImageLuma8(_), Pixels::AsTheyAre) => ColorSpace::JCS_GRAYSCALE,
        (other, _) => return Err(ThumbnailError::JpegLayout(other.color())),
    };
    let components = if colour_space == ColorSpace::JCS_GRAYSCALE {
        1
    } else {
        3
    };
    let (width, height) = (image.width(), image.height());
    out.clear();
    catch_libjpeg(|| {
        let mut compressor = Compressor::new(out);
        let cinfo = &mut compressor.cinfo;
        cinfo.in_color_space = colour_space;
        cinfo.input_components = components;
        // SAFETY: a created compressor with its destination; these set its parameters:
        // libjpeg-turbo's defaults (Annex K tables, 4:2:0, no trellis), then the quality.
        unsafe {
            mozjpeg_sys::jpeg_set_defaults(cinfo);
            mozjpeg_sys::jpeg_c_set_int_param(
                cinfo,
                J_INT_PARAM::JINT_COMPRESS_PROFILE,
                JINT_COMPRESS_PROFILE_VALUE::JCP_FASTEST as c_int,
            );
            mozjpeg_sys::jpeg_set_defaults(cinfo);
        }
        cinfo.image_width = width;
        cinfo.image_height = height;
        // SAFETY: as above; then the compressor starts writing to `out`.
        unsafe {
            mozjpeg_sys::jpeg_set_quality(cinfo, c_int::from(quality), 0);
            mozjpeg_sys::jpeg_start_compress(cinfo, 1);
            fdct::replace_forward_dct(cinfo, replace);
        }
        // APP1 holds at most 65533 bytes; a larger EXIF block is not written.
        if let Some(exif) = markers.exif.filter(|exif| exif.len() + 6 <= 65533) {
            write_marker(cinfo, 0xE1, &[b"Exif\0\0", exif].concat());
        }
        if let Some(profile) = markers.icc_profile.filter(|profile| !profile.is_empty()) {
            for segment in icc_segments(profile) {
                write_marker(cinfo, 0xE2, &segment);
            }
        }
        let row_bytes = width as usize * components as usize;
        let rows: Vec<*const u8> = image
            .as_bytes()
            .chunks_exact(row_bytes.max(1))
            .map(<[u8]>::as_ptr)
            .collect();
        while (cinfo.next_scanline as usize) < rows.len() {
            let left = &rows[cinfo.next_scanline as usize..];
            // SAFETY: each pointer is a row of `row_bytes` bytes of the image, which outlives
            // the call.
            let written = unsafe {
                mozjpeg_sys::jpeg_write_scanlines(cinfo, left.as_ptr(), left.len() as u32)
            };
            if written == 0 {
                break; // libjpeg only stops early when a destination suspends; ours never does
            }
        }
        // SAFETY: every scanline is written.
        unsafe { mozjpeg_sys::jpeg_finish_compress(cinfo) };
    })?;
    Ok(())
}

/// Writes a marker segment with `data` (the header is written, no scanline yet).
fn write_marker(cinfo: &mut jpeg_compress_struct, marker: c_int, data: &[u8]) {
    // SAFETY: a started compressor before its first scanline; libjpeg copies `data`.
    unsafe { mozjpeg_sys::jpeg_write_marker(cinfo, marker, data.as_ptr(), data.len() as u32) };
}

/// libjpeg's compressor writing into a Vec, destroyed when dropped (also when an error unwinds
/// out of libjpeg). Boxed: `cinfo` points to `error` and `destination`.
struct Compressor<'a> {
    cinfo: jpeg_compress_struct,
    error: jpeg_error_mgr,
    destination: VecDestination<'a>,
}

impl<'a> Compressor<'a> {
    fn new(out: &'a mut Vec<u8>) -> Box<Self> {
        let mut compressor = Box::new(Compressor {
            // SAFETY: a C struct of numbers and pointers, for which zeroes are valid;
            // jpeg_create_compress fills it in.
            cinfo: unsafe { std::mem::zeroed() },
            error: error_manager(),
            destination: VecDestination {
                manager: jpeg_destination_mgr {
                    next_output_byte: std::ptr::null_mut(),
                    free_in_buffer: 0,
                    init_destination: Some(VecDestination::init),
                    empty_output_buffer: Some(VecDestination::empty),
                    term_destination: Some(VecDestination::term),
                },
                out,
            },
        });
        compressor.cinfo.common.err = &mut compressor.error;
        // SAFETY: `cinfo` has its error manager, which lives in the box with it.
        unsafe { mozjpeg_sys::jpeg_create_compress(&mut compressor.cinfo) };
        // A pointer to the whole VecDestination (its `manager` comes first), so that the
        // callbacks may reach `out` through it.
        compressor.cinfo.dest = std::ptr::addr_of_mut!(compressor.destination).cast();
        compressor
    }
}

impl Drop for Compressor<'_> {
    fn drop(&mut self) {
        // SAFETY: created in `new` (destroying a half-created one is harmless: libjpeg checks).
        unsafe { mozjpeg_sys::jpeg_destroy_compress(&mut self.cinfo) };
    }
}

/// A libjpeg destination that appends to a Vec: libjpeg writes into the Vec's spare capacity,
/// and its length follows.
#[repr(C)]
struct VecDestination<'a> {
    /// First, so that libjpeg's pointer to it is a pointer to the whole.
    manager: jpeg_destination_mgr,
    out: &'a mut Vec<u8>,
}

impl VecDestination<'_> {
    /// # Safety
    /// `cinfo.dest` points to the `manager` of a live VecDestination.
    unsafe fn of(cinfo: &mut jpeg_compress_struct) -> &mut VecDestination<'_> {
        // SAFETY: the caller's promise; `manager` is the first field of a repr(C) struct.
        unsafe { &mut *cinfo.dest.cast::<VecDestination>() }
    }

    /// Offers libjpeg the Vec's spare capacity, at least 4 KiB.
    fn offer_spare_capacity(&mut self) {
        self.out.reserve(4096.max(self.out.len()));
        let spare = self.out.spare_capacity_mut();
        self.manager.free_in_buffer = spare.len();
        self.manager.next_output_byte = spare.as_mut_ptr().cast();
    }

    /// How many bytes libjpeg has written into the spare capacity offered last.
    fn written(&self) -> usize {
        self.out.capacity() - self.out.len() - self.manager.free_in_buffer
    }

    extern "C-unwind" fn init(cinfo: &mut jpeg_compress_struct) {
        // SAFETY: libjpeg calls this for the compressor `Compressor::new` set up.
        unsafe { Self::of(cinfo) }.offer_spare_capacity();
    }

    extern "C-unwind" fn empty(cinfo: &mut jpeg_compress_struct) -> boolean {
        // SAFETY: as in `init`.
        let destination = unsafe { Self::of(cinfo) };
        // libjpeg calls this when it has filled everything offered (jpeg_destination_mgr's
        // contract), so all of it is written.
        let length = destination.out.capacity();
        // SAFETY: libjpeg wrote every byte up to the capacity.
        unsafe { destination.out.set_len(length) };
        destination.offer_spare_capacity();
        1
    }

    extern "C-unwind" fn term(cinfo: &mut jpeg_compress_struct) {
        // SAFETY: as in `init`.
        let destination = unsafe { Self::of(cinfo) };
        let length = destination.out.len() + destination.written();
        // SAFETY: libjpeg wrote the bytes up to `next_output_byte`.
        unsafe { destination.out.set_len(length) };
    }
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
