//! JPEG through libjpeg-turbo: decoding at a reduced DCT scale (1/8, 2/8, ... 8/8) when the
//! largest thumbnail is far smaller than the photo, and a SIMD encoder for JPEG thumbnails.
//!
//! Shrinking inside the inverse DCT skips most of the decoder's work (and memory: a 5640x3172
//! photo for an 800 box decodes to 1410x793 pixels instead of 18 MP). Anything libjpeg-turbo
//! cannot do here (CMYK and YCCK JPEGs, or data it refuses) goes back to the image crate, which
//! decodes at full size and sorts errors into the reasons users see.

use std::cell::RefCell;

use image::metadata::Orientation;
use image::{DynamicImage, GrayImage, ImageFormat, RgbImage};
use turbojpeg::{Colorspace, Compressor, Decompressor, Image, PixelFormat, ScalingFactor, Subsamp};

use super::decode::{profile_matches_pixels, DecodeRequest, DecodedImage, SourceInfo};
use super::error::SourceError;
use super::plan::Fit;

thread_local! {
    /// One decompressor and one compressor per worker thread, reused from one image to the next.
    static DECOMPRESSOR: RefCell<Option<Decompressor>> = const { RefCell::new(None) };
    static COMPRESSOR: RefCell<Option<Compressor>> = const { RefCell::new(None) };
}

/// Decodes a JPEG at the smallest DCT scale that still covers `request.needed_box`. `None` means
/// "not for this decoder": the caller decodes the file with the image crate instead.
pub fn decode(bytes: &[u8], request: &DecodeRequest) -> Option<Result<DecodedImage, SourceError>> {
    DECOMPRESSOR.with(|slot| {
        let mut slot = slot.borrow_mut();
        if slot.is_none() {
            *slot = Decompressor::new().ok();
        }
        let decompressor = slot.as_mut()?;
        decode_with(decompressor, bytes, request)
    })
}

fn decode_with(
    decompressor: &mut Decompressor,
    bytes: &[u8],
    request: &DecodeRequest,
) -> Option<Result<DecodedImage, SourceError>> {
    let header = decompressor.read_header(bytes).ok()?;
    let gray = match header.colorspace {
        Colorspace::Gray => true,
        Colorspace::YCbCr | Colorspace::RGB => false,
        // CMYK needs the image crate's conversion to RGB.
        _ => return None,
    };
    let (width, height) = (
        u32::try_from(header.width).ok()?,
        u32::try_from(header.height).ok()?,
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
    let markers = read_markers(bytes);
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

    let eighths = dct_scale_eighths(
        (header.width, header.height),
        info.display_dimensions(),
        request.needed_box,
        request.fit,
    );
    let factor = ScalingFactor::new(eighths, 8);
    decompressor.set_scaling_factor(factor).ok()?;
    let scaled = header.scaled(factor);
    let format = if gray {
        PixelFormat::GRAY
    } else {
        PixelFormat::RGB
    };
    let pitch = scaled.width * format.size();
    let mut buffer = vec![0u8; pitch * scaled.height];
    let image = Image {
        pixels: buffer.as_mut_slice(),
        width: scaled.width,
        pitch,
        height: scaled.height,
        format,
    };
    // A progressive JPEG at 2/8 or less is decoded without the scans that only carry the last
    // bit of each AC coefficient (see `without_last_bit_scans`); they are a third to two thirds
    // of such a photo. Baseline files have none, and are not walked for them.
    let progressive = markers
        .frame
        .as_ref()
        .is_some_and(|frame| frame.progressive);
    let trimmed = (progressive && eighths <= LAST_BIT_SCANS_MAX_EIGHTHS)
        .then(|| without_last_bit_scans(bytes))
        .flatten();
    if let Err(err) = decompressor.decompress(trimmed.as_deref().unwrap_or(bytes), image) {
        tracing::debug!("libjpeg-turbo refused the file ({err}); decoding with the image crate");
        return None;
    }
    let (scaled_w, scaled_h) = (scaled.width as u32, scaled.height as u32);
    let pixels = if gray {
        DynamicImage::ImageLuma8(GrayImage::from_raw(scaled_w, scaled_h, buffer)?)
    } else {
        DynamicImage::ImageRgb8(RgbImage::from_raw(scaled_w, scaled_h, buffer)?)
    };
    let icc_profile = markers
        .icc_profile()
        .filter(|profile| profile_matches_pixels(profile, &pixels));
    Some(Ok(DecodedImage {
        info,
        pixels,
        icc_profile,
        source_bytes: bytes.len() as u64,
    }))
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
    let scale_w = f64::from(needed_box.0) / f64::from(display.0);
    let scale_h = f64::from(needed_box.1) / f64::from(display.1);
    let scale = match fit {
        Fit::Contain => scale_w.min(scale_h),
        Fit::Cover => scale_w.max(scale_h),
    };
    if scale >= 1.0 {
        return 8;
    }
    let need = |length: usize| ((length as f64 * scale).round() as usize).max(1);
    let (need_w, need_h) = (need(stored.0), need(stored.1));
    (1..=8)
        .find(|&eighths| {
            let factor = ScalingFactor::new(eighths, 8);
            factor.scale(stored.0) >= need_w && factor.scale(stored.1) >= need_h
        })
        .unwrap_or(8)
}

/// The largest DCT scale (in eighths) at which a progressive JPEG's last-bit scans are skipped.
/// At 2/8 each decoded pixel averages 4x4 source pixels; without those scans the thumbnails of
/// the photo corpus differ from a full decode by 51 to 57 dB PSNR (lossless PNG outputs), and at
/// 3/8 by as little as 42 dB, so larger scales decode everything.
const LAST_BIT_SCANS_MAX_EIGHTHS: usize = 2;

/// A progressive JPEG without its last-bit scans, or `None` when it has none (or its segments
/// cannot be walked, in which case libjpeg-turbo gets the original and reports the damage).
///
/// A progressive JPEG sends the AC coefficients of each component in bands, first their upper
/// bits, then refinement scans that add one bit each. A refinement scan down to bit 0
/// (`Ah > 0`, `Al = 0`) is the last one for its band and no other scan reads it, so it can be
/// left out like a download that stopped there: each coefficient is then known to within one
/// quantisation step, which an inverse DCT at 2/8 averages away. These scans are the largest
/// of the file (5.3 of the 16.4 MB of a 5640x3172 photo, and libjpeg-turbo decodes progressive
/// scans a bit at a time), so leaving them out halves the decode.
fn without_last_bit_scans(bytes: &[u8]) -> Option<Vec<u8>> {
    let mut out = Vec::with_capacity(bytes.len());
    out.extend_from_slice(bytes.get(..2)?);
    let mut dropped = false;
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
            break;
        }
        let length = usize::from(u16::from_be_bytes([
            *bytes.get(at + 2)?,
            *bytes.get(at + 3)?,
        ]));
        let segment = bytes.get(at..at + 2 + length)?;
        at += 2 + length;
        if marker != 0xDA {
            out.extend_from_slice(segment);
            continue;
        }
        // The scan's entropy-coded data runs to the next marker that is neither a stuffed 0xFF
        // (0xFF 0x00) nor a restart marker (0xFF 0xD0..=0xD7).
        let mut end = at;
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
        let last_bit = spectral_start > 0 && approximation >> 4 > 0 && approximation & 15 == 0;
        if last_bit {
            dropped = true;
        } else {
            out.extend_from_slice(&bytes[at - segment.len()..end]);
        }
        at = end;
    }
    out.extend_from_slice(&[0xFF, 0xD9]);
    dropped.then_some(out)
}

/// About how many bytes decoding this source will hold at its peak: the file itself, plus for a
/// progressive JPEG a trimmed copy of it and the whole image's DCT coefficients, which
/// libjpeg-turbo must keep until the last scan (2 bytes each, 72 MB for a 5640x3172 photo,
/// whatever the output scale). Read from the first segments of the file; used to keep two such
/// decodes from running at once.
pub fn decode_memory_estimate(path: &std::path::Path) -> u64 {
    use std::io::Read;
    // Only regular files are opened: opening a FIFO for reading would wait for a writer forever
    // (the worker reports such a file as unsupported without opening it).
    let file_bytes = match std::fs::metadata(path) {
        Ok(metadata) if metadata.is_file() => metadata.len(),
        _ => return 0,
    };
    let Ok(file) = std::fs::File::open(path) else {
        return 0;
    };
    let mut head = Vec::with_capacity(256 << 10);
    if file.take(256 << 10).read_to_end(&mut head).is_err() || !head.starts_with(&[0xFF, 0xD8]) {
        return file_bytes;
    }
    // A progressive decode may also hold a copy of the file without its last-bit scans.
    let progressive = read_markers(&head)
        .frame
        .filter(|frame| frame.progressive)
        .map_or(0, |frame| frame.coefficient_bytes() + file_bytes);
    file_bytes + progressive
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

const ICC_SIGNATURE: &[u8] = b"ICC_PROFILE\0";

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

/// Encodes RGB8 or L8 pixels as a baseline JPEG (4:2:0 for colour, like libvips and the image
/// crate at this quality) into `out`, with the ICC profile in APP2 segments.
pub fn encode(
    image: &DynamicImage,
    quality: u8,
    icc_profile: Option<&[u8]>,
    out: &mut Vec<u8>,
) -> Result<(), String> {
    let (format, subsamp) = match image {
        DynamicImage::ImageRgb8(_) => (PixelFormat::RGB, Subsamp::Sub2x2),
        DynamicImage::ImageLuma8(_) => (PixelFormat::GRAY, Subsamp::Gray),
        other => return Err(format!("cannot encode {:?} as JPEG", other.color())),
    };
    let width = image.width() as usize;
    let source = Image {
        pixels: image.as_bytes(),
        width,
        pitch: width * format.size(),
        height: image.height() as usize,
        format,
    };
    COMPRESSOR.with(|slot| {
        let mut slot = slot.borrow_mut();
        if slot.is_none() {
            *slot = Some(Compressor::new().map_err(|err| err.to_string())?);
        }
        let compressor = slot.as_mut().expect("set above");
        compressor
            .set_quality(i32::from(quality))
            .and_then(|()| compressor.set_subsamp(subsamp))
            .map_err(|err| err.to_string())?;
        let jpeg = compressor
            .compress_to_owned(source)
            .map_err(|err| err.to_string())?;
        splice_icc_profile(&jpeg, icc_profile, out)
    })
}

/// Copies `jpeg` into `out` with the profile's APP2 segments after SOI and the JFIF APP0 segment
/// (which must come first).
fn splice_icc_profile(
    jpeg: &[u8],
    icc_profile: Option<&[u8]>,
    out: &mut Vec<u8>,
) -> Result<(), String> {
    out.clear();
    let profile = match icc_profile {
        Some(profile) if !profile.is_empty() => profile,
        _ => {
            out.extend_from_slice(jpeg);
            return Ok(());
        }
    };
    if jpeg.len() < 4 || jpeg[..2] != [0xFF, 0xD8] {
        return Err("the JPEG encoder wrote no start marker".into());
    }
    let mut insert_at = 2;
    if jpeg[2..4] == [0xFF, 0xE0] && jpeg.len() >= 6 {
        insert_at = 4 + usize::from(u16::from_be_bytes([jpeg[4], jpeg[5]]));
    }
    // 65535 minus the length field, the signature, and the sequence and count bytes.
    const CHUNK: usize = 65535 - 2 - ICC_SIGNATURE.len() - 2;
    let count = profile.len().div_ceil(CHUNK);
    if count > 255 {
        tracing::debug!(
            "ICC profile of {} bytes not written: too large",
            profile.len()
        );
        out.extend_from_slice(jpeg);
        return Ok(());
    }
    out.reserve(jpeg.len() + profile.len() + count * 18);
    out.extend_from_slice(&jpeg[..insert_at]);
    for (index, chunk) in profile.chunks(CHUNK).enumerate() {
        let length = (2 + ICC_SIGNATURE.len() + 2 + chunk.len()) as u16;
        out.extend_from_slice(&[0xFF, 0xE2]);
        out.extend_from_slice(&length.to_be_bytes());
        out.extend_from_slice(ICC_SIGNATURE);
        out.extend_from_slice(&[(index + 1) as u8, count as u8]);
        out.extend_from_slice(chunk);
    }
    out.extend_from_slice(&jpeg[insert_at..]);
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use turbojpeg::{Transform, TransformOp, Transformer};

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

    /// `image` as a progressive JPEG: encoded as baseline, then rewritten losslessly with
    /// libjpeg's standard progression (the one photo tools write), like `jpegtran -progressive`.
    fn progressive_jpeg(image: &RgbImage, quality: u8) -> Vec<u8> {
        let mut baseline = Vec::new();
        encode(
            &DynamicImage::ImageRgb8(image.clone()),
            quality,
            None,
            &mut baseline,
        )
        .unwrap();
        let mut transform = Transform::op(TransformOp::None);
        transform.progressive = true;
        Transformer::new()
            .unwrap()
            .transform_to_vec(&transform, &baseline)
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

    fn decode_at(jpeg: &[u8], eighths: usize) -> RgbImage {
        let factor = ScalingFactor::new(eighths, 8);
        let mut decompressor = Decompressor::new().unwrap();
        decompressor.set_scaling_factor(factor).unwrap();
        let scaled = decompressor.read_header(jpeg).unwrap().scaled(factor);
        let mut pixels = vec![0; scaled.width * scaled.height * 3];
        let image = Image {
            pixels: pixels.as_mut_slice(),
            width: scaled.width,
            pitch: scaled.width * 3,
            height: scaled.height,
            format: PixelFormat::RGB,
        };
        decompressor.decompress(jpeg, image).unwrap();
        RgbImage::from_raw(scaled.width as u32, scaled.height as u32, pixels).unwrap()
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
        let trimmed = without_last_bit_scans(&jpeg).expect("the standard progression has them");
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
            90,
            None,
            &mut baseline,
        )
        .unwrap();
        assert!(without_last_bit_scans(&baseline).is_none());
        // Nor does a file cut inside its segments.
        assert!(without_last_bit_scans(&jpeg[..jpeg.len() / 2]).is_none());
    }

    #[test]
    fn a_progressive_jpeg_at_two_eighths_skips_its_last_bits_and_stays_close() {
        let source = textured(1600, 1200);
        let jpeg = progressive_jpeg(&source, 95);
        let request = DecodeRequest {
            needed_box: (400, 400),
            fit: Fit::Contain,
            max_pixels: 100_000_000,
        };
        let decoded = decode(&jpeg, &request).unwrap().unwrap().pixels.to_rgb8();
        assert_eq!(decoded.dimensions(), (400, 300));
        // What was decoded is the trimmed stream...
        let trimmed = without_last_bit_scans(&jpeg).unwrap();
        assert!(
            decoded == decode_at(&trimmed, 2),
            "not the trimmed stream's pixels"
        );
        // ...which differs from decoding every scan by a fraction of a grey level.
        let full = decode_at(&jpeg, 2);
        let quality = psnr(&decoded, &full);
        assert!(quality > 45.0, "{quality:.1} dB");
        // At 4/8 every scan is decoded.
        let request = DecodeRequest {
            needed_box: (800, 800),
            ..request
        };
        let decoded = decode(&jpeg, &request).unwrap().unwrap().pixels.to_rgb8();
        assert!(
            decoded == decode_at(&jpeg, 4),
            "not every scan decoded at 4/8"
        );
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
        encode(&DynamicImage::ImageRgb8(rgb), 85, Some(&profile), &mut out).unwrap();
        assert_eq!(out[..4], [0xFF, 0xD8, 0xFF, 0xE0]);
        let markers = read_markers(&out);
        assert_eq!(markers.icc_chunks.len(), 2);
        assert_eq!(markers.icc_profile().unwrap(), profile);
        let decoded = image::load_from_memory(&out).unwrap().to_rgb8();
        let [r, g, b] = decoded.get_pixel(5, 5).0;
        assert!(r.abs_diff(200) < 6 && g.abs_diff(30) < 6 && b.abs_diff(90) < 6);
    }
}
