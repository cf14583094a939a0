//! JPEG sources through libjpeg (see `resize::libjpeg`): decoding at a reduced DCT scale (1/8,
//! 2/8, ... 8/8) when the largest thumbnail is far smaller than the photo.
//!
//! Shrinking inside the inverse DCT skips most of the decoder's work (and memory: a 5640x3172
//! photo for an 800 box decodes to 1410x793 pixels instead of 18 MP). Anything libjpeg declines
//! here (CMYK and YCCK JPEGs, data it warns about or refuses) goes back to the image crate, which
//! decodes at full size and sorts errors into the reasons users see. libjpeg is called through
//! mozjpeg-sys; without nasm at build time, thumbctl's AVX2 inverse DCTs take the place of
//! libjpeg's C ones at 2/8 and 4/8 (idct.rs), and the rest costs little more without SIMD: a
//! scaled decode spends most of its time in entropy decoding, which has none.

use std::marker::PhantomData;
use std::ops::Range;

use image::metadata::Orientation;
use image::{DynamicImage, GrayImage, ImageFormat, RgbImage};
use mozjpeg_sys::J_COLOR_SPACE as ColorSpace;
use mozjpeg_sys::{jpeg_decompress_struct, jpeg_error_mgr};

use super::idct;
use super::{colour, DecodeRequest, DecodedImage, SourceInfo};
use crate::resize::error::SourceError;
use crate::resize::libjpeg::{catch_libjpeg, error_manager, Replace, ICC_SIGNATURE};
use crate::resize::plan::Fit;

/// The most scans a progressive JPEG may have. libjpeg decodes every scan over the whole image,
/// so a file that repeats a scan hundreds of times takes minutes to decode (the slow-decode
/// attack that libjpeg-turbo's scan limit exists for; its TurboJPEG API uses 500 when asked to
/// limit). Photo tools write 10 (libjpeg's standard progression) to about 20 (mozjpeg's
/// optimised scans); the image crate's decoder, which read these files before, stops at 100.
const SCAN_LIMIT: usize = 100;

/// Decodes a JPEG at the smallest DCT scale that still covers `request.needed_box`. `None` means
/// "not for this decoder": the caller decodes the file with the image crate instead.
/// CMYK and YCCK files come out as sRGB (see colour.rs); `path` names the file in warnings.
pub fn decode(
    bytes: &[u8],
    request: &DecodeRequest,
    path: &std::path::Path,
) -> Option<Result<DecodedImage, SourceError>> {
    let markers = read_markers(bytes);
    let frame = markers.frame.as_ref()?;
    let (width, height) = (
        u32::try_from(frame.width).ok()?,
        u32::try_from(frame.height).ok()?,
    );
    let pixels = u64::from(width) * u64::from(height);
    if pixels > request.max_pixels {
        return Some(Err(SourceError::TooLarge {
            width,
            height,
            megapixels: pixels as f64 / 1e6,
            limit_megapixels: request.max_pixels as f64 / 1e6,
        }));
    }
    if width == 0 || height == 0 {
        return None;
    }
    // A progressive file is walked scan by scan before any decoding: to refuse one with too many
    // scans at once, and to find the scans a small decode can do without.
    let scans = frame.progressive.then(|| scan_layout(bytes));
    if let Some(layout) = &scans {
        if layout.scans.len() > SCAN_LIMIT {
            return Some(Err(SourceError::DecodeFailed(format!(
                "progressive JPEG with {} scans, over the limit of {SCAN_LIMIT} (photos have \
                 10 to 20; this many is the known slow-decode attack)",
                layout.scans.len()
            ))));
        }
    }
    let orientation = markers
        .exif
        .and_then(Orientation::from_exif_chunk)
        .unwrap_or(Orientation::NoTransforms);
    let info = SourceInfo {
        format: ImageFormat::Jpeg,
        width,
        height,
        orientation,
        has_alpha: false,
    };
    let stored = (frame.width as usize, frame.height as usize);
    let eighths = dct_scale_eighths(
        stored,
        info.display_dimensions(),
        request.needed_box,
        request.fit,
    );
    // A progressive JPEG at 2/8 or less (3/8 for lossy thumbnails) is decoded without the scans
    // that only carry the last bit of each AC coefficient (see `without_last_bit_scans`); they
    // are a third to two thirds of such a photo.
    let trimmed = scans
        .filter(|_| eighths <= last_bit_scans_max_eighths(request.lossy_quality))
        .and_then(|layout| without_last_bit_scans(bytes, &layout));
    let mut icc_profile = markers.icc_profile();
    // JPEG to JPEG with no colour conversion due: the pixels stay YCbCr from decoder to encoder.
    let keep_ycbcr =
        request.allow_ycbcr && !colour::converts_rgb(icc_profile.as_deref(), request.colour);
    let jpeg = trimmed.as_deref().unwrap_or(bytes);
    let output = Output {
        eighths,
        keep_ycbcr,
        last_bits_dropped: trimmed.is_some(),
        reduced_idcts: Replace::PlainC,
    };
    let mut ycbcr = false;
    let pixels = match catch_libjpeg(|| decompress(jpeg, output)) {
        Ok(Some(Decompressed::Pixels(pixels))) => pixels,
        Ok(Some(Decompressed::Ycbcr(pixels))) => {
            ycbcr = true;
            DynamicImage::ImageRgb8(pixels)
        }
        Ok(Some(Decompressed::Cmyk {
            mut samples,
            width,
            height,
        })) => {
            let rgb = colour::cmyk_to_srgb(
                &mut samples,
                width,
                height,
                markers.adobe,
                icc_profile.as_deref(),
                request.untagged_cmyk,
                path,
            )?;
            // The pixels are sRGB now; the CMYK profile would be wrong for them.
            icc_profile = None;
            DynamicImage::ImageRgb8(rgb)
        }
        // An unusual colour space: the image crate decodes those.
        Ok(None) => return None,
        Err(err) => {
            tracing::debug!("libjpeg declined the file ({err}); decoding with the image crate");
            return None;
        }
    };
    Some(Ok(DecodedImage {
        info,
        pixels,
        icc_profile,
        exif: markers.exif.map(<[u8]>::to_vec),
        source_bytes: bytes.len() as u64,
        ycbcr,
    }))
}

enum Decompressed {
    /// RGB8 or L8.
    Pixels(DynamicImage),
    /// Y, Cb, Cr as the file stores them (see `DecodedImage::ycbcr`).
    Ycbcr(RgbImage),
    /// Four samples per pixel as stored (libjpeg turns YCCK into CMYK).
    Cmyk {
        samples: Vec<u8>,
        width: u32,
        height: u32,
    },
}

/// How `decompress` decodes.
#[derive(Clone, Copy)]
struct Output {
    /// The DCT scale: `eighths`/8 of the stored size.
    eighths: usize,
    /// A YCbCr file stays YCbCr (else it becomes RGB).
    keep_ycbcr: bool,
    /// The stream is a progressive file without its last-bit scans (`without_last_bit_scans`).
    /// libjpeg would then estimate the low AC coefficients' missing bit from the neighbouring
    /// blocks ("block smoothing", meant for half-loaded progressive images); that is turned off:
    /// it was 5% of a JPEG-to-JPEG run over the photo corpus (callgrind, JPEG folder: 10.34 G ->
    /// 9.81 G instructions), and its thumbnails are no closer to a decode of every scan (PSNR of
    /// lossless 800-px thumbnails against one: 51.2-56.1 dB without it, 51.2-55.8 dB with it).
    last_bits_dropped: bool,
    /// Which of libjpeg's 2x2 and 4x4 inverse DCTs are replaced by those of idct.rs.
    reduced_idcts: Replace,
}

/// Decodes `jpeg` to RGB8, L8 or CMYK (or YCbCr, see `Output`), or `None` for other colour
/// spaces. libjpeg's errors and warnings unwind (see `catch_libjpeg`).
fn decompress(jpeg: &[u8], output: Output) -> Option<Decompressed> {
    let mut decompressor = Decompressor::new(jpeg);
    let cinfo = &mut decompressor.cinfo;
    // SAFETY: a created decompressor with its source set; an image is required, so anything
    // else is an error, which unwinds.
    if unsafe { mozjpeg_sys::jpeg_read_header(cinfo, 1) } != 1 {
        return None;
    }
    // What libjpeg converts to: gray and CMYK stay (YCCK becomes CMYK), YCbCr becomes RGB unless
    // it may stay YCbCr.
    let out = match cinfo.jpeg_color_space {
        ColorSpace::JCS_GRAYSCALE => ColorSpace::JCS_GRAYSCALE,
        ColorSpace::JCS_YCbCr if output.keep_ycbcr => ColorSpace::JCS_YCbCr,
        ColorSpace::JCS_YCbCr | ColorSpace::JCS_RGB => ColorSpace::JCS_RGB,
        ColorSpace::JCS_CMYK | ColorSpace::JCS_YCCK => ColorSpace::JCS_CMYK,
        _ => return None,
    };
    cinfo.out_color_space = out;
    cinfo.scale_num = output.eighths as u32;
    cinfo.scale_denom = 8;
    if output.last_bits_dropped {
        cinfo.do_block_smoothing = 0;
    }
    // SAFETY: the header is read; with the whole file in memory libjpeg never suspends.
    if unsafe { mozjpeg_sys::jpeg_start_decompress(cinfo) } == 0 {
        return None;
    }
    // SAFETY: just started, one output pass (buffered-image mode is off).
    unsafe { idct::replace_reduced_idcts(cinfo, output.reduced_idcts) };
    let (width, height) = (cinfo.output_width, cinfo.output_height);
    let row_bytes = width as usize * cinfo.output_components as usize;
    let mut samples = Vec::new();
    samples
        .try_reserve_exact(row_bytes * height as usize)
        .ok()?;
    samples.resize(row_bytes * height as usize, 0);
    let mut rows: Vec<*mut u8> = samples
        .chunks_exact_mut(row_bytes.max(1))
        .map(<[u8]>::as_mut_ptr)
        .collect();
    while cinfo.output_scanline < height {
        let done = cinfo.output_scanline as usize;
        let left = &mut rows[done..];
        // SAFETY: each pointer is a row of `row_bytes` bytes of `samples`, which outlives the
        // call; libjpeg writes at most `left.len()` rows.
        let read = unsafe {
            mozjpeg_sys::jpeg_read_scanlines(cinfo, left.as_mut_ptr(), left.len() as u32)
        };
        if read == 0 {
            return None;
        }
    }
    // SAFETY: every scanline is read; this reads the rest of the file to its end marker.
    unsafe { mozjpeg_sys::jpeg_finish_decompress(cinfo) };
    Some(match out {
        ColorSpace::JCS_GRAYSCALE => Decompressed::Pixels(DynamicImage::ImageLuma8(
            GrayImage::from_raw(width, height, samples)?,
        )),
        ColorSpace::JCS_RGB => Decompressed::Pixels(DynamicImage::ImageRgb8(RgbImage::from_raw(
            width, height, samples,
        )?)),
        ColorSpace::JCS_YCbCr => Decompressed::Ycbcr(RgbImage::from_raw(width, height, samples)?),
        _ => {
            if samples.len() != width as usize * height as usize * 4 {
                return None;
            }
            Decompressed::Cmyk {
                samples,
                width,
                height,
            }
        }
    })
}

/// libjpeg's decompressor reading `jpeg` from memory, destroyed when dropped (also when an error
/// unwinds out of libjpeg). Boxed: `cinfo` points to `error`.
struct Decompressor<'a> {
    cinfo: jpeg_decompress_struct,
    error: jpeg_error_mgr,
    jpeg: PhantomData<&'a [u8]>,
}

impl<'a> Decompressor<'a> {
    fn new(jpeg: &'a [u8]) -> Box<Self> {
        let mut decompressor = Box::new(Decompressor {
            // SAFETY: a C struct of numbers and pointers, for which zeroes are valid;
            // jpeg_create_decompress fills it in.
            cinfo: unsafe { std::mem::zeroed() },
            error: error_manager(),
            jpeg: PhantomData,
        });
        decompressor.cinfo.common.err = &mut decompressor.error;
        // SAFETY: `cinfo` has its error manager, and both live in the box as long as the
        // decompressor; `jpeg` outlives it (the lifetime says so).
        unsafe {
            mozjpeg_sys::jpeg_create_decompress(&mut decompressor.cinfo);
            mozjpeg_sys::jpeg_mem_src(&mut decompressor.cinfo, jpeg.as_ptr(), jpeg.len() as _);
        }
        decompressor
    }
}

impl Drop for Decompressor<'_> {
    fn drop(&mut self) {
        // SAFETY: created in `new` (destroying a half-created one is harmless: libjpeg checks).
        unsafe { mozjpeg_sys::jpeg_destroy_decompress(&mut self.cinfo) };
    }
}

/// How many eighths of the stored size to decode: the fewest whose result still covers the
/// largest thumbnail (before a `cover` crop). `display` is the stored size after orientation, in
/// which `needed_box` is given; the scale is the same in both.
pub fn dct_scale_eighths(
    stored: (usize, usize),
    display: (u32, u32),
    needed_box: (u32, u32),
    fit: Fit,
) -> usize {
    let scale = fit.scale(display, needed_box);
    if scale >= 1.0 {
        return 8;
    }
    let need = |length: usize| ((length as f64 * scale).round() as usize).max(1);
    let (need_w, need_h) = (need(stored.0), need(stored.1));
    (1..=8)
        .find(|&eighths| {
            scaled_length(stored.0, eighths) >= need_w && scaled_length(stored.1, eighths) >= need_h
        })
        .unwrap_or(8)
}

/// The length libjpeg decodes at `eighths`/8 scale (jdmaster.c rounds up).
fn scaled_length(length: usize, eighths: usize) -> usize {
    (length * eighths).div_ceil(8)
}

/// The largest DCT scale (in eighths) at which a progressive JPEG's last-bit scans are skipped.
/// At 2/8 each decoded pixel averages 4x4 source pixels; without those scans the thumbnails of
/// the photo corpus differ from a full decode by 51 to 57 dB PSNR (lossless PNG outputs), and at
/// 3/8 by as little as 42 dB, so larger scales decode everything.
const LAST_BIT_SCANS_MAX_EIGHTHS: usize = 2;

/// Lossy thumbnails at this quality or below also skip them at 3/8: there the encoder's own
/// error is far larger than the last bit's. On the three progressive photos of the corpus
/// decoded at 3/8, the 800-pixel JPEG thumbnails' PSNR against lossless thumbnails of a full
/// decode went from 33.9-42.7 dB to 33.8-42.6 dB at quality 85 (-0.09 to -0.11 dB), -0.14 to
/// -0.16 dB at 90, and -0.24 to -0.33 dB at 95 (hence the line at 90); those photos decode 35-40%
/// faster, the corpus's JPEG folder about 4%.
const LOSSY_LAST_BIT_SCANS_MAX_QUALITY: u8 = 90;

/// `LAST_BIT_SCANS_MAX_EIGHTHS`, or 3/8 for lossy thumbnails at a quality up to
/// `LOSSY_LAST_BIT_SCANS_MAX_QUALITY`.
fn last_bit_scans_max_eighths(lossy_quality: Option<u8>) -> usize {
    match lossy_quality {
        Some(quality) if quality <= LOSSY_LAST_BIT_SCANS_MAX_QUALITY => 3,
        _ => LAST_BIT_SCANS_MAX_EIGHTHS,
    }
}

/// Where the scans of a JPEG lie.
struct ScanLayout {
    scans: Vec<Scan>,
    /// Where the end-of-image marker starts; `None` when the segments could not be walked to it.
    end: Option<usize>,
}

struct Scan {
    /// From the start-of-scan marker to the end of the scan's entropy-coded data.
    bytes: Range<usize>,
    /// A refinement scan down to bit 0 of AC coefficients (Ss > 0, Ah > 0, Al = 0).
    last_bit: bool,
}

/// Walks the segments of a JPEG from its start to the end marker, noting every scan.
fn scan_layout(bytes: &[u8]) -> ScanLayout {
    let mut scans = Vec::new();
    let end = walk_scans(bytes, &mut scans);
    ScanLayout { scans, end }
}

fn walk_scans(bytes: &[u8], scans: &mut Vec<Scan>) -> Option<usize> {
    let mut at = 2;
    loop {
        while bytes.get(at..at + 2)? == [0xFF, 0xFF] {
            at += 1; // fill bytes before a marker
        }
        let marker = match bytes.get(at..at + 2)? {
            [0xFF, marker] => *marker,
            _ => return None,
        };
        if marker == 0xD9 {
            return Some(at);
        }
        let length = usize::from(u16::from_be_bytes([
            *bytes.get(at + 2)?,
            *bytes.get(at + 3)?,
        ]));
        let segment = bytes.get(at..at + 2 + length)?;
        if marker != 0xDA {
            at += segment.len();
            continue;
        }
        // The scan's entropy-coded data runs to the next marker that is neither a stuffed 0xFF
        // (0xFF 0x00) nor a restart marker (0xFF 0xD0..=0xD7).
        let mut end = at + segment.len();
        loop {
            end += memchr::memchr(0xFF, bytes.get(end..)?)?;
            match bytes.get(end + 1)? {
                0x00 | 0xD0..=0xD7 => end += 2,
                _ => break,
            }
        }
        let components = usize::from(*segment.get(4)?);
        let spectral_start = *segment.get(5 + 2 * components)?;
        let approximation = *segment.get(7 + 2 * components)?;
        scans.push(Scan {
            bytes: at..end,
            last_bit: spectral_start > 0 && approximation >> 4 > 0 && approximation & 15 == 0,
        });
        at = end;
    }
}

/// A progressive JPEG without its last-bit scans, or `None` when it has none (or its segments
/// cannot be walked, in which case libjpeg gets the original and reports the damage).
///
/// A progressive JPEG sends the AC coefficients of each component in bands, first their upper
/// bits, then refinement scans that add one bit each. A refinement scan down to bit 0
/// (`Ah > 0`, `Al = 0`) is the last one for its band and no other scan reads it, so it can be
/// left out like a download that stopped there: each coefficient is then known to within one
/// quantisation step, which an inverse DCT at 2/8 averages away. These scans are the largest
/// of the file (5.3 of the 16.4 MB of a 5640x3172 photo, and libjpeg decodes progressive
/// scans a bit at a time), so leaving them out halves the decode.
fn without_last_bit_scans(bytes: &[u8], layout: &ScanLayout) -> Option<Vec<u8>> {
    let end = layout.end?;
    let mut dropped = layout.scans.iter().filter(|scan| scan.last_bit).peekable();
    dropped.peek()?;
    let mut out = Vec::with_capacity(end + 2);
    let mut copied = 0;
    for scan in dropped {
        out.extend_from_slice(&bytes[copied..scan.bytes.start]);
        copied = scan.bytes.end;
    }
    out.extend_from_slice(&bytes[copied..end]);
    out.extend_from_slice(&[0xFF, 0xD9]);
    Some(out)
}

/// About how many bytes decoding a JPEG holds at its peak beside the file itself, from its first
/// segments (`head`): for a progressive JPEG, the whole image's DCT coefficients, which libjpeg
/// must keep until the last scan (2 bytes each, 72 MB for a 5640x3172 photo, whatever the output
/// scale), and a copy of the file without its last-bit scans.
pub(super) fn decode_memory_beside_file(head: &[u8], file_bytes: u64) -> u64 {
    read_markers(head)
        .frame
        .filter(|frame| frame.progressive)
        .map_or(0, |frame| frame.coefficient_bytes() + file_bytes)
}

/// The start-of-frame segment: size, coding, and each component's sampling factors.
struct Frame {
    progressive: bool,
    width: u64,
    height: u64,
    sampling: Vec<(u64, u64)>,
}

impl Frame {
    fn coefficient_bytes(&self) -> u64 {
        let h_max = self.sampling.iter().map(|s| s.0).max().unwrap_or(1).max(1);
        let v_max = self.sampling.iter().map(|s| s.1).max().unwrap_or(1).max(1);
        let blocks = |length: u64, factor: u64, max: u64| (length * factor).div_ceil(max * 8);
        self.sampling
            .iter()
            .map(|&(h, v)| blocks(self.width, h, h_max) * blocks(self.height, v, v_max) * 128)
            .sum()
    }
}

/// What the thumbnails need from a JPEG's header segments.
#[derive(Default)]
struct Markers<'a> {
    frame: Option<Frame>,
    /// The EXIF block after its "Exif\0\0" signature (a TIFF structure).
    exif: Option<&'a [u8]>,
    /// ICC profile chunks (APP2 "ICC_PROFILE"): (sequence number, data).
    icc_chunks: Vec<(u8, &'a [u8])>,
    /// An APP14 "Adobe" segment: its CMYK samples are stored inverted (Photoshop's convention,
    /// which libjpeg writers and ImageMagick follow).
    adobe: bool,
}

impl Markers<'_> {
    /// The ICC profile, its chunks joined in sequence order.
    fn icc_profile(&self) -> Option<Vec<u8>> {
        if self.icc_chunks.is_empty() {
            return None;
        }
        let mut chunks = self.icc_chunks.clone();
        chunks.sort_by_key(|(sequence, _)| *sequence);
        Some(
            chunks
                .iter()
                .flat_map(|(_, data)| data.iter().copied())
                .collect(),
        )
    }
}

/// Walks the segments from the start of the file to the first scan.
fn read_markers(bytes: &[u8]) -> Markers<'_> {
    let mut markers = Markers::default();
    let mut at = 2; // after SOI
    while at + 4 <= bytes.len() {
        if bytes[at] != 0xFF {
            break;
        }
        let marker = bytes[at + 1];
        if marker == 0xFF {
            at += 1; // fill byte
            continue;
        }
        if marker == 0xDA || marker == 0xD9 {
            break;
        }
        let length = usize::from(u16::from_be_bytes([bytes[at + 2], bytes[at + 3]]));
        let Some(body) = bytes.get(at + 4..at + 2 + length) else {
            break;
        };
        match marker {
            0xE1 if markers.exif.is_none() => {
                markers.exif = body.strip_prefix(b"Exif\0\0");
            }
            0xC0..=0xC3 | 0xC5..=0xC7 | 0xC9..=0xCB | 0xCD..=0xCF if body.len() >= 6 => {
                let components = usize::from(body[5]);
                let sampling = body[6..]
                    .chunks_exact(3)
                    .take(components)
                    .map(|c| (u64::from(c[1] >> 4), u64::from(c[1] & 15)))
                    .collect();
                markers.frame = Some(Frame {
                    progressive: matches!(marker, 0xC2 | 0xC6 | 0xCA | 0xCE),
                    width: u64::from(u16::from_be_bytes([body[3], body[4]])),
                    height: u64::from(u16::from_be_bytes([body[1], body[2]])),
                    sampling,
                });
            }
            0xEE if body.starts_with(b"Adobe") => markers.adobe = true,
            0xE2 => {
                if let Some(rest) = body.strip_prefix(ICC_SIGNATURE) {
                    if rest.len() >= 2 {
                        markers.icc_chunks.push((rest[0], &rest[2..]));
                    }
                }
            }
            _ => {}
        }
        at += 2 + length;
    }
    markers
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::resize::libjpeg::{encode, Pixels};
    use mozjpeg::Compress;

    /// A photo-like test image: smooth gradients with a fine texture on top.
    fn textured(width: u32, height: u32) -> RgbImage {
        RgbImage::from_fn(width, height, |x, y| {
            let texture = ((x * 7 + y * 13) % 17) as u8 * 3 + ((x ^ y) % 5) as u8 * 4;
            let r = (x * 255 / width) as u8 / 2 + texture;
            let g = (y * 255 / height) as u8 / 2 + texture / 2;
            let b = ((x + y) % 256) as u8 / 2 + 40;
            image::Rgb([r, g, b])
        })
    }

    /// `image` as a progressive JPEG with libjpeg's standard progression (the one photo tools
    /// write: ten scans, three of them last-bit refinements).
    fn progressive_jpeg(image: &RgbImage, quality: u8) -> Vec<u8> {
        catch_libjpeg(|| {
            let mut compress = Compress::new(ColorSpace::JCS_RGB);
            compress.set_fastest_defaults();
            compress.set_size(image.width() as usize, image.height() as usize);
            compress.set_quality(f32::from(quality));
            compress.set_progressive_mode();
            let mut started = compress.start_compress(Vec::new()).unwrap();
            started.write_scanlines(image.as_raw()).unwrap();
            started.finish().unwrap()
        })
        .unwrap()
    }

    /// Each scan of a JPEG: (Ss, Ah, Al, the bytes from its SOS marker to the next marker).
    fn scans(jpeg: &[u8]) -> Vec<(u8, u8, u8, &[u8])> {
        let mut found = Vec::new();
        let mut at = 2;
        while jpeg[at + 1] != 0xD9 {
            let length = usize::from(u16::from_be_bytes([jpeg[at + 2], jpeg[at + 3]]));
            let mut end = at + 2 + length;
            if jpeg[at + 1] == 0xDA {
                while jpeg[end] != 0xFF || matches!(jpeg[end + 1], 0x00 | 0xD0..=0xD7) {
                    end += 1;
                }
                let components = usize::from(jpeg[at + 4]);
                let [ss, _, a] = [0, 1, 2].map(|i| jpeg[at + 5 + 2 * components + i]);
                found.push((ss, a >> 4, a & 15, &jpeg[at..end]));
            }
            at = end;
        }
        found
    }

    fn request(side: u32) -> DecodeRequest<'static> {
        DecodeRequest::for_square_box(side)
    }

    /// An RGB decode of the whole stream (`trimmed`: it lacks its last-bit scans).
    fn decode_at(jpeg: &[u8], eighths: usize, trimmed: bool) -> RgbImage {
        let output = Output {
            eighths,
            keep_ycbcr: false,
            last_bits_dropped: trimmed,
            reduced_idcts: Replace::PlainC,
        };
        match catch_libjpeg(|| decompress(jpeg, output)).unwrap().unwrap() {
            Decompressed::Pixels(pixels) => pixels.to_rgb8(),
            Decompressed::Cmyk { .. } | Decompressed::Ycbcr(_) => panic!("not an RGB decode"),
        }
    }

    fn psnr(a: &RgbImage, b: &RgbImage) -> f64 {
        assert_eq!(a.dimensions(), b.dimensions());
        let squares: f64 = a
            .as_raw()
            .iter()
            .zip(b.as_raw())
            .map(|(&x, &y)| (f64::from(x) - f64::from(y)).powi(2))
            .sum();
        let mse = squares / a.as_raw().len() as f64;
        10.0 * (255.0 * 255.0 / mse.max(1e-9)).log10()
    }

    #[test]
    fn only_the_last_bit_scans_are_left_out() {
        let jpeg = progressive_jpeg(&textured(640, 480), 95);
        let trimmed = without_last_bit_scans(&jpeg, &scan_layout(&jpeg))
            .expect("the standard progression has them");
        let (all, kept) = (scans(&jpeg), scans(&trimmed));
        // libjpeg's progression ends with one refinement to bit 0 per component.
        let last_bit: Vec<_> = all
            .iter()
            .filter(|(ss, ah, al, _)| *ss > 0 && *ah > 0 && *al == 0)
            .collect();
        assert_eq!(last_bit.len(), 3);
        // Every other scan is kept, byte for byte and in order (stuffed 0xFF bytes included).
        let expected: Vec<_> = all
            .iter()
            .filter(|(ss, ah, al, _)| !(*ss > 0 && *ah > 0 && *al == 0))
            .collect();
        assert_eq!(kept.iter().collect::<Vec<_>>(), expected);
        assert!(trimmed.ends_with(&[0xFF, 0xD9]));
        // They are a large share of the bytes.
        let dropped: usize = last_bit.iter().map(|scan| scan.3.len()).sum();
        assert!(dropped * 5 > jpeg.len(), "{dropped} of {}", jpeg.len());
        // A baseline JPEG has no such scans: nothing to trim.
        let mut baseline = Vec::new();
        encode(
            &DynamicImage::ImageRgb8(textured(64, 48)),
            Pixels::AsTheyAre,
            90,
            None,
            None,
            &mut baseline,
        )
        .unwrap();
        assert!(without_last_bit_scans(&baseline, &scan_layout(&baseline)).is_none());
        // Nor does a file cut inside its segments.
        let cut = &jpeg[..jpeg.len() / 2];
        assert!(without_last_bit_scans(cut, &scan_layout(cut)).is_none());
    }

    #[test]
    fn a_progressive_jpeg_at_two_eighths_skips_its_last_bits_and_stays_close() {
        let source = textured(1600, 1200);
        let jpeg = progressive_jpeg(&source, 95);
        let request = request(400);
        let decoded = decode(&jpeg, &request, std::path::Path::new("test.jpg"))
            .unwrap()
            .unwrap()
            .pixels
            .to_rgb8();
        assert_eq!(decoded.dimensions(), (400, 300));
        // What was decoded is the trimmed stream...
        let trimmed = without_last_bit_scans(&jpeg, &scan_layout(&jpeg)).unwrap();
        assert!(
            decoded == decode_at(&trimmed, 2, true),
            "not the trimmed stream's pixels"
        );
        // ...without libjpeg's block smoothing, which would change them.
        assert!(
            decoded != decode_at(&trimmed, 2, false),
            "block smoothing was on"
        );
        // ...which differs from decoding every scan by a fraction of a grey level.
        let full = decode_at(&jpeg, 2, false);
        let quality = psnr(&decoded, &full);
        assert!(quality > 45.0, "{quality:.1} dB");
        // At 4/8 every scan is decoded.
        let request = DecodeRequest {
            needed_box: (800, 800),
            ..request
        };
        let decoded = decode(&jpeg, &request, std::path::Path::new("test.jpg"))
            .unwrap()
            .unwrap()
            .pixels
            .to_rgb8();
        assert!(
            decoded == decode_at(&jpeg, 4, false),
            "not every scan decoded at 4/8"
        );
    }

    #[test]
    fn at_three_eighths_only_lossy_thumbnails_skip_the_last_bits() {
        let source = textured(1600, 1200);
        let jpeg = progressive_jpeg(&source, 95);
        let trimmed = without_last_bit_scans(&jpeg, &scan_layout(&jpeg)).unwrap();
        let decode_for = |lossy_quality| {
            let request = DecodeRequest {
                lossy_quality,
                ..request(600)
            };
            decode(&jpeg, &request, std::path::Path::new("test.jpg"))
                .unwrap()
                .unwrap()
                .pixels
                .to_rgb8()
        };
        let lossy = decode_for(Some(85));
        assert_eq!(lossy.dimensions(), (600, 450));
        assert!(
            lossy == decode_at(&trimmed, 3, true),
            "not the trimmed stream"
        );
        assert!(psnr(&lossy, &decode_at(&jpeg, 3, false)) > 40.0);
        // Lossless thumbnails, and lossy ones above quality 90, get every scan.
        for lossy_quality in [None, Some(91), Some(100)] {
            assert!(
                decode_for(lossy_quality) == decode_at(&jpeg, 3, false),
                "{lossy_quality:?}: not every scan decoded"
            );
        }
    }

    #[test]
    fn the_dct_scale_is_the_smallest_that_covers_the_box() {
        // 5640x3172 into 800x800: 1/8 gives 705 wide, too small; 2/8 gives 1410.
        assert_eq!(
            dct_scale_eighths((5640, 3172), (5640, 3172), (800, 800), Fit::Contain),
            2
        );
        // Portrait by EXIF: the same photo shown 3172x5640 needs 800 of the stored height.
        assert_eq!(
            dct_scale_eighths((5640, 3172), (3172, 5640), (800, 800), Fit::Contain),
            2
        );
        // Cover fills the box with the short side: 3172 -> 800 needs more than 2/8 (793).
        assert_eq!(
            dct_scale_eighths((5640, 3172), (5640, 3172), (800, 800), Fit::Cover),
            3
        );
        // Smaller than the box (and --enlarge): full size.
        assert_eq!(
            dct_scale_eighths((600, 400), (600, 400), (800, 800), Fit::Contain),
            8
        );
        assert_eq!(
            dct_scale_eighths((1000, 500), (1000, 500), (800, 800), Fit::Contain),
            7
        );
    }

    #[test]
    fn an_icc_profile_goes_after_jfif_and_survives_a_round_trip() {
        let rgb = RgbImage::from_pixel(32, 16, image::Rgb([200, 30, 90]));
        let profile: Vec<u8> = (0..70_000u32).map(|i| (i % 251) as u8).collect();
        let mut out = Vec::new();
        encode(
            &DynamicImage::ImageRgb8(rgb),
            Pixels::AsTheyAre,
            85,
            Some(&profile),
            None,
            &mut out,
        )
        .unwrap();
        assert_eq!(out[..4], [0xFF, 0xD8, 0xFF, 0xE0]);
        let markers = read_markers(&out);
        assert_eq!(markers.icc_chunks.len(), 2);
        // Numbered from 1, as the ICC specification says and readers check.
        let numbers: Vec<u8> = markers.icc_chunks.iter().map(|chunk| chunk.0).collect();
        assert_eq!(numbers, [1, 2]);
        assert_eq!(markers.icc_profile().unwrap(), profile);
        let decoded = image::load_from_memory(&out).unwrap().to_rgb8();
        let [r, g, b] = decoded.get_pixel(5, 5).0;
        assert!(r.abs_diff(200) < 6 && g.abs_diff(30) < 6 && b.abs_diff(90) < 6);
    }

    #[test]
    fn jpeg_to_jpeg_stays_ycbcr_unless_colours_are_converted() {
        let mut jpeg = Vec::new();
        encode(
            &DynamicImage::ImageRgb8(textured(1600, 1200)),
            Pixels::AsTheyAre,
            90,
            None,
            None,
            &mut jpeg,
        )
        .unwrap();
        let path = std::path::Path::new("test.jpg");
        let rgb_request = request(400);
        let rgb = decode(&jpeg, &rgb_request, path).unwrap().unwrap();
        assert!(!rgb.ycbcr);
        let ycbcr_request = DecodeRequest {
            allow_ycbcr: true,
            lossy_quality: None,
            ..rgb_request
        };
        let ycbcr = decode(&jpeg, &ycbcr_request, path).unwrap().unwrap();
        assert!(ycbcr.ycbcr);
        let (rgb, ycbcr) = (rgb.pixels.to_rgb8(), ycbcr.pixels.to_rgb8());
        assert_eq!(rgb.dimensions(), ycbcr.dimensions());
        // Really Y, Cb, Cr: JFIF's conversion of them gives the RGB decode's pixels.
        for (rgb, ycc) in rgb.pixels().zip(ycbcr.pixels()).step_by(997) {
            let [y, cb, cr] = ycc.0.map(f64::from);
            let expected = [
                y + 1.402 * (cr - 128.0),
                y - 0.344136 * (cb - 128.0) - 0.714136 * (cr - 128.0),
                y + 1.772 * (cb - 128.0),
            ];
            for (got, want) in rgb.0.iter().zip(expected) {
                assert!(
                    (f64::from(*got) - want.clamp(0.0, 255.0)).abs() <= 1.5,
                    "{rgb:?} vs {ycc:?}"
                );
            }
        }
        // Encoded as YCbCr, the JPEG shows the same image as the RGB path's.
        let (mut from_rgb, mut from_ycbcr) = (Vec::new(), Vec::new());
        let rgb = DynamicImage::ImageRgb8(rgb);
        encode(&rgb, Pixels::AsTheyAre, 85, None, None, &mut from_rgb).unwrap();
        let ycbcr = DynamicImage::ImageRgb8(ycbcr);
        encode(&ycbcr, Pixels::Ycbcr, 85, None, None, &mut from_ycbcr).unwrap();
        let shown = |jpeg: &[u8]| image::load_from_memory(jpeg).unwrap().to_rgb8();
        let quality = psnr(&shown(&from_rgb), &shown(&from_ycbcr));
        assert!(quality > 40.0, "{quality:.1} dB");
        assert!(psnr(&shown(&from_ycbcr), &rgb.to_rgb8()) > 35.0);

        // A Display P3 profile is converted to sRGB under the default policy: RGB, then.
        let p3 = moxcms::ColorProfile::new_display_p3().encode().unwrap();
        let mut tagged = Vec::new();
        encode(&rgb, Pixels::AsTheyAre, 85, Some(&p3), None, &mut tagged).unwrap();
        assert!(
            !decode(&tagged, &ycbcr_request, path)
                .unwrap()
                .unwrap()
                .ycbcr
        );
        let keep = DecodeRequest {
            colour: colour::ColourPolicy::Keep,
            ..ycbcr_request
        };
        assert!(decode(&tagged, &keep, path).unwrap().unwrap().ycbcr);
    }

    /// `jpeg` with its last scan repeated until it has `scans` scans: the slow-decode attack.
    fn with_repeated_scans(jpeg: &[u8], scans: usize) -> Vec<u8> {
        let layout = scan_layout(jpeg);
        let last = layout.scans.last().unwrap().bytes.clone();
        let end = layout.end.unwrap();
        let mut out = jpeg[..end].to_vec();
        for _ in layout.scans.len()..scans {
            out.extend_from_slice(&jpeg[last.clone()]);
        }
        out.extend_from_slice(&jpeg[end..]);
        out
    }

    #[test]
    fn a_progressive_jpeg_with_too_many_scans_is_refused_before_decoding() {
        let jpeg = progressive_jpeg(&textured(320, 240), 90);
        let request = request(800);
        // At the limit it decodes (libjpeg warns about the repeated scan, so the image crate
        // gets it: the limit is not in the way of anything else).
        let at_limit = with_repeated_scans(&jpeg, SCAN_LIMIT);
        assert_eq!(scan_layout(&at_limit).scans.len(), SCAN_LIMIT);
        assert!(matches!(
            decode(&at_limit, &request, std::path::Path::new("test.jpg")),
            None | Some(Ok(_))
        ));
        let over = with_repeated_scans(&jpeg, 400);
        match decode(&over, &request, std::path::Path::new("test.jpg")) {
            Some(Err(SourceError::DecodeFailed(message))) => {
                assert!(message.contains("400 scans"), "{message}");
                assert!(message.contains("limit of 100"), "{message}");
            }
            other => panic!("not refused: {:?}", other.map(|r| r.map(|d| d.info))),
        }
    }

    /// Noise, in which most coefficients are far from zero (and many large at high quality).
    fn noise(width: u32, height: u32, seed: u32) -> RgbImage {
        let mut state = seed | 1;
        RgbImage::from_fn(width, height, |_, _| {
            // xorshift32
            state ^= state << 13;
            state ^= state >> 17;
            state ^= state << 5;
            image::Rgb(state.to_le_bytes()[..3].try_into().unwrap())
        })
    }

    /// `image` as a JPEG: gray or colour, progressive or baseline, chroma 4:2:0 or 4:4:4.
    fn jpeg_of(
        image: &RgbImage,
        quality: u8,
        gray: bool,
        progressive: bool,
        full_chroma: bool,
    ) -> Vec<u8> {
        catch_libjpeg(|| {
            let space = if gray {
                ColorSpace::JCS_GRAYSCALE
            } else {
                ColorSpace::JCS_RGB
            };
            let mut compress = Compress::new(space);
            compress.set_fastest_defaults();
            compress.set_size(image.width() as usize, image.height() as usize);
            compress.set_quality(f32::from(quality));
            if progressive {
                compress.set_progressive_mode();
            }
            if full_chroma && !gray {
                compress.set_chroma_sampling_pixel_sizes((1, 1), (1, 1));
            }
            let mut started = compress.start_compress(Vec::new()).unwrap();
            let pixels = if gray {
                DynamicImage::ImageRgb8(image.clone()).to_luma8().into_raw()
            } else {
                image.as_raw().clone()
            };
            started.write_scanlines(&pixels).unwrap();
            started.finish().unwrap()
        })
        .unwrap()
    }

    /// The decoded samples, and how many blocks went through idct.rs.
    fn samples_with(
        jpeg: &[u8],
        eighths: usize,
        keep_ycbcr: bool,
        idcts: Replace,
    ) -> (Vec<u8>, usize) {
        let output = Output {
            eighths,
            keep_ycbcr,
            last_bits_dropped: false,
            reduced_idcts: idcts,
        };
        let before = idct::tests::blocks_done();
        let samples = match catch_libjpeg(|| decompress(jpeg, output)).unwrap().unwrap() {
            Decompressed::Pixels(pixels) => pixels.into_bytes(),
            Decompressed::Ycbcr(pixels) => pixels.into_raw(),
            Decompressed::Cmyk { samples, .. } => samples,
        };
        (samples, idct::tests::blocks_done() - before)
    }

    #[test]
    fn the_reduced_inverse_dcts_give_libjpegs_pixels() {
        // Odd sizes (partial blocks at the edges), photo-like and noise, low and top quality.
        let images = [textured(301, 203), noise(171, 133, 7), noise(64, 64, 99)];
        let mut compared = 0;
        for (index, image) in images.iter().enumerate() {
            for quality in [50, 90, 100] {
                for (gray, progressive, full_chroma) in [
                    (false, false, false),
                    (false, true, false),
                    (false, false, true),
                    (true, false, false),
                ] {
                    let jpeg = jpeg_of(image, quality, gray, progressive, full_chroma);
                    // 2/8: luma 2x2, 4:2:0 chroma 4x4; 4/8: luma 4x4.
                    for (eighths, keep_ycbcr) in [(2, false), (2, true), (4, false), (4, true)] {
                        let case = format!(
                            "image {index} q{quality} gray {gray} progressive {progressive} \
                             4:4:4 {full_chroma}, {eighths}/8, YCbCr out {keep_ycbcr}"
                        );
                        let (libjpeg, none) =
                            samples_with(&jpeg, eighths, keep_ycbcr, Replace::None);
                        assert_eq!(none, 0, "{case}");
                        let (ours, blocks) =
                            samples_with(&jpeg, eighths, keep_ycbcr, Replace::Every);
                        assert!(blocks > 0, "{case}: no block went through idct.rs");
                        assert!(libjpeg == ours, "{case}: the pixels differ");
                        compared += blocks;
                    }
                }
            }
        }
        assert!(compared > 100_000, "{compared}");
    }

    #[test]
    fn the_reduced_inverse_dcts_replace_only_libjpegs_plain_c_ones() {
        let jpeg = jpeg_of(&textured(96, 64), 90, false, false, false);
        let (_, blocks) = samples_with(&jpeg, 2, false, Replace::PlainC);
        // libjpeg has SIMD ones exactly when it converts colours in SIMD (both need nasm on x86).
        if crate::resize::libjpeg::converts_colour_in_simd() {
            assert_eq!(blocks, 0);
        } else if cfg!(any(target_arch = "x86_64", target_arch = "x86")) {
            assert!(blocks > 0);
        }
    }

    #[test]
    fn libjpeg_errors_come_back_as_messages_and_the_file_goes_to_the_image_crate() {
        let jpeg = progressive_jpeg(&textured(64, 48), 90);
        // A corrupt Huffman table: libjpeg stops with its own message instead of aborting.
        let mut broken = jpeg.clone();
        let dht = broken
            .windows(2)
            .position(|pair| pair == [0xFF, 0xC4])
            .unwrap();
        broken[dht + 4..dht + 21].fill(0xFF);
        let output = Output {
            eighths: 8,
            keep_ycbcr: false,
            last_bits_dropped: false,
            reduced_idcts: Replace::PlainC,
        };
        let err = catch_libjpeg(|| decompress(&broken, output))
            .map(|_| ())
            .unwrap_err()
            .to_string();
        assert!(err.contains("Huffman"), "{err}");
        let request = request(32);
        assert!(decode(&broken, &request, std::path::Path::new("test.jpg")).is_none());
    }
}
