//! Reading one source: sniff the format from its bytes, check its size from the header, decode
//! it once to 8-bit pixels, and collect what the thumbnails need (orientation, ICC profile).
//!
//! Everything goes through `decode_source`. The types here are shared by the decoders below it:
//! `jpeg` (libjpeg, scaling down by 1/8 to 8/8 inside the DCT) and `png` (row by row, shrunk on
//! the fly), which may return fewer pixels than the source has, as long as they cover
//! `DecodeRequest::needed_box`; the image crate decodes everything else, and what those decline.

use std::io::{self, Cursor};
use std::path::Path;

use image::metadata::Orientation;
use image::{DynamicImage, ImageDecoder, ImageError, ImageFormat, ImageReader, Limits};

use super::error::SourceError;
use super::plan::Fit;

pub mod colour;
mod icc;
mod idct;
mod jpeg;
mod png;

/// What the caller needs from a decode.
#[derive(Debug, Clone, Copy)]
pub struct DecodeRequest<'a> {
    /// The largest thumbnail box (display orientation); a scaling decoder must not go below it.
    pub needed_box: (u32, u32),
    pub fit: Fit,
    /// `--max-pixels`: sources whose header claims more are refused before decoding.
    pub max_pixels: u64,
    /// `--colorspace`: what happens to RGB pixels in another space than sRGB (see colour.rs).
    pub colour: colour::ColourPolicy,
    /// `--cmyk-profile`, loaded: what CMYK JPEGs without a profile are read with (`None`: the
    /// built-in one).
    pub untagged_cmyk: Option<&'a colour::CmykProfile>,
    /// A YCbCr JPEG may be handed back as YCbCr (see `DecodedImage::ycbcr`): the worker allows it
    /// when every thumbnail of the source will be a JPEG and libjpeg converts colours in C.
    pub allow_ycbcr: bool,
    /// The quality a JPEG source's thumbnails are written at when their format (what `auto`
    /// gives a source without alpha) is lossy: JPEG, lossy WebP, AVIF; `None` when it is
    /// lossless. It sets how much of a progressive JPEG the decode may leave out (see jpeg.rs).
    pub lossy_quality: Option<u8>,
}

#[cfg(test)]
impl DecodeRequest<'static> {
    /// What the worker asks of a decode for a square box of `side` pixels with the default flags
    /// and lossless thumbnails: contain, 100 MP, sRGB, RGB out, every scan the scale needs.
    pub(crate) fn for_square_box(side: u32) -> DecodeRequest<'static> {
        DecodeRequest {
            needed_box: (side, side),
            fit: Fit::Contain,
            max_pixels: 100_000_000,
            colour: Default::default(),
            untagged_cmyk: None,
            allow_ycbcr: false,
            lossy_quality: None,
        }
    }
}

/// Header facts, available without decoding the pixels (used by `--dry-run` too).
#[derive(Debug, Clone, Copy)]
pub struct SourceInfo {
    pub format: ImageFormat,
    /// Dimensions as stored, before orientation is applied.
    pub width: u32,
    pub height: u32,
    pub orientation: Orientation,
    pub has_alpha: bool,
}

impl SourceInfo {
    /// Dimensions as displayed, after the EXIF orientation.
    pub fn display_dimensions(&self) -> (u32, u32) {
        if swaps_axes(self.orientation) {
            (self.height, self.width)
        } else {
            (self.width, self.height)
        }
    }
}

/// A decoded source.
pub struct DecodedImage {
    pub info: SourceInfo,
    /// 8-bit pixels in one of L8, La8, Rgb8, Rgba8, as stored (orientation not applied yet: it is
    /// cheaper to rotate the small thumbnails than the large source).
    pub pixels: DynamicImage,
    /// The ICC profile `pixels` are in, for the thumbnails to carry; `None` means sRGB. After
    /// `decode_source`, colour.rs has applied `--colorspace` (and converted CMYK to sRGB).
    pub icc_profile: Option<Vec<u8>>,
    /// The source's EXIF block (TIFF header onwards), for `--metadata` (see resize/exif.rs).
    pub exif: Option<Vec<u8>>,
    pub source_bytes: u64,
    /// `pixels` (an Rgb8 image) hold a JPEG's Y, Cb and Cr rather than R, G and B. Only when
    /// `DecodeRequest::allow_ycbcr` asked for it and no colour conversion is due: the JPEG encoder
    /// then takes them as they are, and neither libjpeg nor the encoder converts colours. The
    /// resize is the same in either space (Lanczos is linear per channel and YCbCr is an affine
    /// map of RGB), and orientation moves whole pixels, so only rounding and clipping differ.
    pub ycbcr: bool,
}

impl DecodedImage {
    /// Drops an alpha channel that every pixel leaves fully opaque (PNG exports and WebPs often
    /// carry one): `--format auto` then picks JPEG, and the resize works on three channels
    /// instead of four (without the premultiply and divide passes alpha needs). The check stops
    /// at the first transparent block, so images that do use alpha cost a few rows.
    pub fn drop_unused_alpha(&mut self) {
        let opaque = match &self.pixels {
            DynamicImage::ImageRgba8(rgba) => all_opaque(rgba.as_raw(), 4),
            DynamicImage::ImageLumaA8(gray_alpha) => all_opaque(gray_alpha.as_raw(), 2),
            _ => return,
        };
        if opaque {
            self.pixels = match &self.pixels {
                DynamicImage::ImageLumaA8(_) => DynamicImage::ImageLuma8(self.pixels.to_luma8()),
                _ => DynamicImage::ImageRgb8(self.pixels.to_rgb8()),
            };
            self.info.has_alpha = false;
        }
    }
}

/// Whether the last byte of every `channels`-byte pixel is 255. Works in blocks, each folded
/// with a branch-free AND (which the compiler vectorises), and stops at the first block that
/// holds a transparent pixel.
fn all_opaque(pixels: &[u8], channels: usize) -> bool {
    pixels.chunks(channels * 4096).all(|block| {
        block
            .chunks_exact(channels)
            .fold(0xFF, |alpha, pixel| alpha & pixel[channels - 1])
            == 0xFF
    })
}

/// Whether an orientation turns the image by 90 degrees (width and height swap).
pub fn swaps_axes(orientation: Orientation) -> bool {
    matches!(
        orientation,
        Orientation::Rotate90
            | Orientation::Rotate270
            | Orientation::Rotate90FlipH
            | Orientation::Rotate270FlipH
    )
}

/// Decodes one source for thumbnailing. See the module documentation.
///
/// Some decoders in the image crate's stack panic on malformed files (assertions in the TIFF
/// decoder, for example). One bad file must not take the batch down, so a panic inside the
/// decoder becomes a `decode_failed` error for that file.
pub fn decode_source(path: &Path, request: &DecodeRequest) -> Result<DecodedImage, SourceError> {
    contain_decoder_panics(|| decode_source_unguarded(path, request))
}

/// Reads the header only: format, dimensions, orientation, alpha (for `--dry-run`). Refuses
/// sources over the `--max-pixels` limit. Protected against decoder panics like `decode_source`.
pub fn probe_source(path: &Path, max_pixels: u64) -> Result<SourceInfo, SourceError> {
    contain_decoder_panics(|| {
        let bytes = std::fs::read(path).map_err(SourceError::Read)?;
        let (_, info) = open_decoder(&bytes, max_pixels)?;
        Ok(info)
    })
}

thread_local! {
    /// Set while a decoder runs on this thread, so the panic hook keeps quiet about panics that
    /// are turned into errors, and keeps their message.
    static DECODER_PANIC: std::cell::RefCell<Option<Option<String>>> =
        const { std::cell::RefCell::new(None) };
}

/// Installs (once) a panic hook that stays silent for panics inside `contain_decoder_panics` and
/// behaves as before for every other panic.
fn install_quiet_decoder_panic_hook() {
    static INSTALL: std::sync::Once = std::sync::Once::new();
    INSTALL.call_once(|| {
        let previous = std::panic::take_hook();
        std::panic::set_hook(Box::new(move |info| {
            let handled = DECODER_PANIC.with(|slot| {
                let mut slot = slot.borrow_mut();
                match slot.as_mut() {
                    Some(message) => {
                        let text = info
                            .payload()
                            .downcast_ref::<&str>()
                            .map(|s| s.to_string())
                            .or_else(|| info.payload().downcast_ref::<String>().cloned())
                            .unwrap_or_else(|| "unknown panic".into());
                        *message = Some(text);
                        true
                    }
                    None => false,
                }
            });
            if !handled {
                previous(info);
            }
        }));
    });
}

fn contain_decoder_panics<T>(
    decode: impl FnOnce() -> Result<T, SourceError>,
) -> Result<T, SourceError> {
    install_quiet_decoder_panic_hook();
    DECODER_PANIC.with(|slot| *slot.borrow_mut() = Some(None));
    let result = std::panic::catch_unwind(std::panic::AssertUnwindSafe(decode));
    let message = DECODER_PANIC
        .with(|slot| slot.borrow_mut().take())
        .flatten();
    result.unwrap_or_else(|_| {
        Err(SourceError::DecodeFailed(format!(
            "the decoder gave up on malformed data ({})",
            message.unwrap_or_else(|| "no detail".into())
        )))
    })
}

fn decode_source_unguarded(
    path: &Path,
    request: &DecodeRequest,
) -> Result<DecodedImage, SourceError> {
    let mut decoded = decode_pixels(path, request)?;
    // YCbCr pixels come back only when no conversion is due (colour::converts_rgb); their
    // profile stays as found.
    if !decoded.ycbcr {
        let profile = decoded.icc_profile.take();
        decoded.icc_profile = colour::manage(&mut decoded.pixels, profile, request.colour, path);
    }
    Ok(decoded)
}

/// The decode itself: pixels (CMYK already converted) and the profile as found.
fn decode_pixels(path: &Path, request: &DecodeRequest) -> Result<DecodedImage, SourceError> {
    // PNGs are shrunk while they are inflated, never held at full size (see png.rs).
    let png_profile = match png::decode(path, request)? {
        png::PngDecode::Decoded(decoded) => return Ok(decoded),
        png::PngDecode::FullPath(profile) => Some(profile),
        png::PngDecode::NotPng => None,
    };
    // One read of the whole file: the image crate's decoders buffer it anyway, and holding the
    // bytes lets the format be sniffed from the content rather than trusted from the name.
    let mut bytes = std::fs::read(path).map_err(SourceError::Read)?;
    if let Some(icc::PngProfile::Dropped { chunk, .. }) = &png_profile {
        // The image crate cannot be told to skip the chunk: it gets the file without it.
        bytes = icc::without_range(&bytes, chunk);
    }
    if bytes.starts_with(&[0xFF, 0xD8, 0xFF]) {
        if jpeg_is_truncated(&bytes) {
            // JPEG decoders are lenient and fill a cut-off image with grey; a thumbnail that is
            // half grey is worse than an error that says why.
            return Err(SourceError::Truncated(
                "the JPEG data stops before its end marker".into(),
            ));
        }
        // libjpeg, shrinking while decoding; the image crate below for what it declines.
        if let Some(result) = jpeg::decode(&bytes, request, path) {
            return result;
        }
    }
    let (mut decoder, info) = open_decoder(&bytes, request.max_pixels)?;
    if info.format == ImageFormat::Jpeg && jpeg_is_truncated(&bytes) {
        return Err(SourceError::Truncated(
            "the JPEG data stops before its end marker".into(),
        ));
    }
    let icc_profile = match png_profile {
        Some(icc::PngProfile::Found(profile)) => Some(profile),
        Some(_) => None,
        None => decoder.icc_profile().ok().flatten(),
    };
    let exif = decoder.exif_metadata().ok().flatten();
    let decoded = DynamicImage::from_decoder(decoder).map_err(classify_image_error)?;
    let pixels = to_eight_bit(decoded);
    Ok(DecodedImage {
        info,
        pixels,
        icc_profile,
        exif,
        source_bytes: bytes.len() as u64,
        ycbcr: false,
    })
}

fn open_decoder(
    bytes: &[u8],
    max_pixels: u64,
) -> Result<(impl ImageDecoder + '_, SourceInfo), SourceError> {
    if bytes.is_empty() {
        return Err(SourceError::Empty);
    }
    let mut reader = ImageReader::new(Cursor::new(bytes))
        .with_guessed_format()
        .map_err(SourceError::Read)?;
    let format = reader.format().ok_or(SourceError::NotAnImage)?;
    reader.limits(allocation_limits(max_pixels));
    let mut decoder = reader.into_decoder().map_err(classify_image_error)?;
    let (width, height) = decoder.dimensions();
    let pixels = u64::from(width) * u64::from(height);
    if pixels > max_pixels {
        return Err(SourceError::TooLarge {
            width,
            height,
            megapixels: pixels as f64 / 1e6,
            limit_megapixels: max_pixels as f64 / 1e6,
        });
    }
    if width == 0 || height == 0 {
        return Err(SourceError::DecodeFailed(format!(
            "the header says {width}x{height} pixels"
        )));
    }
    // A broken EXIF block is not worth failing the image for: show it as stored.
    let orientation = decoder.orientation().unwrap_or(Orientation::NoTransforms);
    let has_alpha = decoder.color_type().has_alpha();
    let info = SourceInfo {
        format,
        width,
        height,
        orientation,
        has_alpha,
    };
    Ok((decoder, info))
}

/// About how many bytes decoding this source will hold at its peak: the file itself, plus what
/// its decoder keeps beside it (see `jpeg::decode_memory_beside_file`). Read from the first
/// segments of the file; used to keep two large decodes from running at once.
pub fn memory_estimate(path: &Path) -> u64 {
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
    file_bytes + jpeg::decode_memory_beside_file(&head, file_bytes)
}

/// The image crate's allocation limit stays on as a second line of defence behind `--max-pixels`:
/// large enough for a source at the pixel limit in 16-bit RGBA, never below the crate's default.
pub(super) fn allocation_limits(max_pixels: u64) -> Limits {
    let mut limits = Limits::default();
    let default_alloc = limits.max_alloc.unwrap_or(512 << 20);
    limits.max_alloc = Some(default_alloc.max(max_pixels.saturating_mul(8)));
    limits
}

/// Thumbnails are 8-bit; converting once here keeps the resize and encode steps to four pixel
/// layouts. Gray stays gray (so a gray ICC profile stays valid and files stay small).
pub(super) fn to_eight_bit(image: DynamicImage) -> DynamicImage {
    match image {
        DynamicImage::ImageLuma8(_)
        | DynamicImage::ImageLumaA8(_)
        | DynamicImage::ImageRgb8(_)
        | DynamicImage::ImageRgba8(_) => image,
        DynamicImage::ImageLuma16(_) => DynamicImage::ImageLuma8(image.to_luma8()),
        DynamicImage::ImageLumaA16(_) => DynamicImage::ImageLumaA8(image.to_luma_alpha8()),
        other if other.color().has_alpha() => DynamicImage::ImageRgba8(other.to_rgba8()),
        other => DynamicImage::ImageRgb8(other.to_rgb8()),
    }
}

/// Sorts the image crate's errors into the reasons users and dashboards see. Decoders report a
/// cut-off file in different ways (an I/O end-of-file, or a decoding error saying so), so the
/// message is looked at too.
fn classify_image_error(error: ImageError) -> SourceError {
    match error {
        ImageError::IoError(io_error) if io_error.kind() == io::ErrorKind::UnexpectedEof => {
            SourceError::Truncated("the data ends early".into())
        }
        // The bytes are already in memory, so any other I/O error comes from the decoder
        // reading malformed data, not from the disk.
        ImageError::IoError(io_error) => SourceError::DecodeFailed(io_error.to_string()),
        ImageError::Limits(limit) => SourceError::MemoryLimit(limit.to_string()),
        ImageError::Unsupported(unsupported) => SourceError::Unsupported(unsupported.to_string()),
        ImageError::Decoding(decoding) => {
            let message = decoding.to_string();
            if looks_truncated(&message) {
                SourceError::Truncated(message)
            } else {
                SourceError::DecodeFailed(message)
            }
        }
        other => SourceError::DecodeFailed(other.to_string()),
    }
}

/// A complete JPEG ends its last scan with an end-of-image marker (FF D9). Neither FF D9 nor a
/// start-of-scan marker (FF DA) can occur inside entropy-coded data (a data FF byte is always
/// followed by 00), so if the last FF D9 is not after the last FF DA, the final scan was cut off.
/// An embedded EXIF thumbnail has its own markers, but they come before the main image's.
/// Bytes appended after the end marker (common in the wild) do not matter.
///
/// One walk back from the end over the FF bytes (memchr's SIMD search): a baseline JPEG's only
/// scan starts near the top, so this reads the whole file, and a pair-by-pair search cost 1.5%
/// of a JPEG-to-JPEG run.
fn jpeg_is_truncated(bytes: &[u8]) -> bool {
    let mut end_seen = false;
    for at in memchr::memrchr_iter(0xFF, bytes) {
        match bytes.get(at + 1) {
            Some(0xD9) => end_seen = true,
            Some(0xDA) => return !end_seen,
            _ => {}
        }
    }
    false
}

pub(super) fn looks_truncated(message: &str) -> bool {
    let lower = message.to_ascii_lowercase();
    [
        "end of file",
        "eof",
        "unexpected end",
        "truncated",
        "no more bytes",
        "not enough data",
    ]
    .iter()
    .any(|sign| lower.contains(sign))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_alpha_channel_counts_only_when_some_pixel_is_not_opaque() {
        let mut rgba = image::RgbaImage::from_pixel(300, 200, image::Rgba([1, 2, 3, 255]));
        assert!(all_opaque(rgba.as_raw(), 4));
        rgba.put_pixel(299, 199, image::Rgba([1, 2, 3, 254]));
        assert!(!all_opaque(rgba.as_raw(), 4));
        let gray_alpha = image::GrayAlphaImage::from_pixel(3, 3, image::LumaA([9, 255]));
        assert!(all_opaque(gray_alpha.as_raw(), 2));
    }

    #[test]
    fn jpeg_truncation_is_seen_from_the_markers() {
        let complete = [0xFF, 0xD8, 0xFF, 0xDA, 1, 2, 0xFF, 0x00, 3, 0xFF, 0xD9];
        assert!(!jpeg_is_truncated(&complete));
        let mut with_trailing_garbage = complete.to_vec();
        with_trailing_garbage.extend_from_slice(b"appended");
        assert!(!jpeg_is_truncated(&with_trailing_garbage));
        assert!(jpeg_is_truncated(&complete[..8]));
        // An EXIF thumbnail's end marker before the main scan does not count.
        let cut_after_thumbnail = [0xFF, 0xD8, 0xFF, 0xDA, 0xFF, 0xD9, 0xFF, 0xDA, 5, 6];
        assert!(jpeg_is_truncated(&cut_after_thumbnail));
        // FF FF fill bytes before a marker, and no scan at all.
        assert!(!jpeg_is_truncated(&[
            0xFF, 0xD8, 0xFF, 0xFF, 0xDA, 7, 0xFF, 0xFF, 0xD9
        ]));
        assert!(jpeg_is_truncated(&[0xFF, 0xD8, 0xFF, 0xFF, 0xDA, 7, 0xFF]));
        assert!(!jpeg_is_truncated(&[0xFF, 0xD8, 0xFF, 0xE0, 0, 2]));
    }
}
