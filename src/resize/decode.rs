//! Reading one source: sniff the format from its bytes, check its size from the header, decode
//! it once to 8-bit pixels, and collect what the thumbnails need (orientation, ICC profile).
//!
//! Everything goes through `decode_source`, so a faster decoder for some formats (for example a
//! JPEG decoder that scales down by 1/2, 1/4 or 1/8 while decoding) can slot in here: it may
//! return fewer pixels than the source has, as long as they cover `DecodeRequest::needed_box`.

use std::io::{self, Cursor};
use std::path::Path;

use image::metadata::Orientation;
use image::{DynamicImage, ImageDecoder, ImageError, ImageFormat, ImageReader, Limits};

use super::error::SourceError;
use super::plan::Fit;

/// What the caller needs from a decode.
#[derive(Debug, Clone, Copy)]
pub struct DecodeRequest {
    /// The largest thumbnail box (display orientation); a scaling decoder must not go below it.
    pub needed_box: (u32, u32),
    pub fit: Fit,
    /// `--max-pixels`: sources whose header claims more are refused before decoding.
    pub max_pixels: u64,
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
    /// The source's ICC profile, when it describes the colour space of `pixels` (an RGB profile
    /// for RGB pixels, a gray one for gray pixels). A CMYK JPEG's CMYK profile is dropped: its
    /// pixels are converted to RGB, where that profile would be wrong.
    pub icc_profile: Option<Vec<u8>>,
    pub source_bytes: u64,
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

/// Reads the header only: format, dimensions, orientation, alpha. Refuses sources over the
/// `--max-pixels` limit.
pub fn probe_source(path: &Path, max_pixels: u64) -> Result<SourceInfo, SourceError> {
    let bytes = std::fs::read(path).map_err(SourceError::Read)?;
    let (_, info) = open_decoder(&bytes, max_pixels)?;
    Ok(info)
}

/// Decodes one source for thumbnailing. See the module documentation.
pub fn decode_source(path: &Path, request: &DecodeRequest) -> Result<DecodedImage, SourceError> {
    // One read of the whole file: the image crate's decoders buffer it anyway, and holding the
    // bytes lets the format be sniffed from the content rather than trusted from the name.
    let bytes = std::fs::read(path).map_err(SourceError::Read)?;
    let (mut decoder, info) = open_decoder(&bytes, request.max_pixels)?;
    let icc_profile = decoder.icc_profile().ok().flatten();
    let decoded = DynamicImage::from_decoder(decoder).map_err(classify_image_error)?;
    let pixels = to_eight_bit(decoded);
    let icc_profile = icc_profile.filter(|profile| profile_matches_pixels(profile, &pixels));
    Ok(DecodedImage {
        info,
        pixels,
        icc_profile,
        source_bytes: bytes.len() as u64,
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

/// The image crate's allocation limit stays on as a second line of defence behind `--max-pixels`:
/// large enough for a source at the pixel limit in 16-bit RGBA, never below the crate's default.
fn allocation_limits(max_pixels: u64) -> Limits {
    let mut limits = Limits::default();
    let default_alloc = limits.max_alloc.unwrap_or(512 << 20);
    limits.max_alloc = Some(default_alloc.max(max_pixels.saturating_mul(8)));
    limits
}

/// Thumbnails are 8-bit; converting once here keeps the resize and encode steps to four pixel
/// layouts. Gray stays gray (so a gray ICC profile stays valid and files stay small).
fn to_eight_bit(image: DynamicImage) -> DynamicImage {
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

/// An ICC profile's data colour space (header bytes 16..20) must match the pixels it is attached
/// to; otherwise a viewer would misread every colour.
fn profile_matches_pixels(profile: &[u8], pixels: &DynamicImage) -> bool {
    let Some(colour_space) = profile.get(16..20) else {
        return false;
    };
    match pixels {
        DynamicImage::ImageLuma8(_) | DynamicImage::ImageLumaA8(_) => colour_space == b"GRAY",
        _ => colour_space == b"RGB ",
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
        ImageError::IoError(io_error) => SourceError::Read(io_error),
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

fn looks_truncated(message: &str) -> bool {
    let lower = message.to_ascii_lowercase();
    ["end of file", "eof", "unexpected end", "truncated", "no more bytes", "not enough data"]
        .iter()
        .any(|sign| lower.contains(sign))
}
