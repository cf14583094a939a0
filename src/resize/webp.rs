//! WebP thumbnails through libwebp (the `webp` crate, which compiles libwebp with the C compiler):
//! lossy at `--quality` by default, lossless with `--lossless`, alpha kept either way. `--effort`
//! sets libwebp's `method` for both; without it lossy uses `LOSSY_METHOD` (2) and lossless
//! `LOSSLESS_METHOD` (4), for the reasons given on each.
//!
//! libwebp's simple encoder writes no metadata, so the file is rewrapped here in the extended
//! (VP8X) layout when there is an ICC profile or EXIF block to carry: the container is a list
//! of RIFF chunks, and the order the specification fixes is VP8X, ICCP, ALPH, VP8/VP8L, EXIF.

use image::DynamicImage;
use webp::{Encoder, PixelLayout, WebPConfig};

use super::encode::{EncodeSettings, WEBP_MAX_SIDE};
use super::error::ThumbnailError;

/// libwebp's `method` (0 fastest to 6 smallest) for lossy thumbnails without `--effort`: 2, not
/// libwebp's and sharp's 4, because thumbnails are made in batches where encode time adds up.
/// Measured with sharp's `webp({ effort })` (the same libwebp) on the 29 corpus photos as
/// 800-pixel thumbnails at quality 80: method 4 writes 1.129 MB at 37.28 dB; 3 1.127 MB at
/// 37.28 dB, about 10% faster; 2 1.164 MB (+3.1%) at 37.06 dB (-0.22 dB) in about half the
/// encode time of 4; 1 1.275 MB (+13%); 0 1.369 MB (+21%). README "Formats" has the same figures.
const LOSSY_METHOD: u8 = 2;

/// libwebp's `method` for `--lossless` without `--effort`: its default 4 (sharp's too). Lossless
/// WebP is asked for graphics, where the files are many times larger than lossy ones and every
/// byte saved counts for more than encode time (lossless libwebp takes `method`, with `quality`,
/// as how hard to search).
const LOSSLESS_METHOD: u8 = 4;

/// Encodes `image` as WebP into `out` (already cleared), with the settings' metadata.
pub(super) fn encode(
    image: &DynamicImage,
    settings: &EncodeSettings<'_>,
    out: &mut Vec<u8>,
) -> Result<(), ThumbnailError> {
    let (width, height) = (image.width(), image.height());
    if width > WEBP_MAX_SIDE || height > WEBP_MAX_SIDE {
        return Err(ThumbnailError::TooLargeForFormat {
            format: "WebP",
            width,
            height,
            limit: WEBP_MAX_SIDE,
        });
    }
    // libwebp takes RGB or RGBA; gray is widened (WebP has no gray mode).
    let widened;
    let (pixels, layout) = match image {
        DynamicImage::ImageRgb8(rgb) => (rgb.as_raw().as_slice(), PixelLayout::Rgb),
        DynamicImage::ImageRgba8(rgba) => (rgba.as_raw().as_slice(), PixelLayout::Rgba),
        DynamicImage::ImageLuma8(_) => {
            widened = image.to_rgb8().into_raw();
            (widened.as_slice(), PixelLayout::Rgb)
        }
        other => {
            widened = other.to_rgba8().into_raw();
            (widened.as_slice(), PixelLayout::Rgba)
        }
    };
    let has_alpha = layout == PixelLayout::Rgba;
    let mut config =
        WebPConfig::new().map_err(|()| ThumbnailError::Webp("bad configuration".into()))?;
    config.lossless = i32::from(settings.lossless);
    config.quality = if settings.lossless {
        // For lossless, quality is effort: libwebp's default.
        75.0
    } else {
        f32::from(settings.quality)
    };
    config.method = i32::from(method(settings));
    config.alpha_compression = 1;
    let encoded = Encoder::new(pixels, layout, width, height)
        .encode_advanced(&config)
        .map_err(|code| ThumbnailError::Webp(format!("libwebp: {code:?}")))?;
    let icc = settings.icc_profile.filter(|profile| !profile.is_empty());
    let exif = settings.exif.filter(|exif| !exif.is_empty());
    if icc.is_none() && exif.is_none() {
        out.extend_from_slice(&encoded);
        return Ok(());
    }
    extend_with_metadata(&encoded, width, height, has_alpha, icc, exif, out)
}

/// libwebp's `method` for these settings: `--effort`, or the default of lossy or lossless.
fn method(settings: &EncodeSettings<'_>) -> u8 {
    settings.effort.unwrap_or(if settings.lossless {
        LOSSLESS_METHOD
    } else {
        LOSSY_METHOD
    })
}

/// Rewrites a simple-format WebP `encoded` into the extended format with the given chunks.
fn extend_with_metadata(
    encoded: &[u8],
    width: u32,
    height: u32,
    has_alpha: bool,
    icc: Option<&[u8]>,
    exif: Option<&[u8]>,
    out: &mut Vec<u8>,
) -> Result<(), ThumbnailError> {
    let malformed = || ThumbnailError::Webp("libwebp wrote an unexpected container".into());
    if encoded.len() < 12 || &encoded[0..4] != b"RIFF" || &encoded[8..12] != b"WEBP" {
        return Err(malformed());
    }
    // The image chunks libwebp wrote (ALPH and VP8, or VP8L), without its VP8X if any.
    let mut image_chunks: Vec<&[u8]> = Vec::new();
    let mut rest = &encoded[12..];
    while !rest.is_empty() {
        if rest.len() < 8 {
            return Err(malformed());
        }
        let size = u32::from_le_bytes([rest[4], rest[5], rest[6], rest[7]]) as usize;
        let whole = 8 + size + (size & 1);
        let chunk = rest.get(..whole).ok_or_else(malformed)?;
        if &chunk[0..4] != b"VP8X" {
            image_chunks.push(chunk);
        }
        rest = &rest[whole..];
    }
    const ICC_FLAG: u8 = 0x20;
    const ALPHA_FLAG: u8 = 0x10;
    const EXIF_FLAG: u8 = 0x08;
    let mut flags = 0;
    if icc.is_some() {
        flags |= ICC_FLAG;
    }
    if has_alpha {
        flags |= ALPHA_FLAG;
    }
    if exif.is_some() {
        flags |= EXIF_FLAG;
    }
    out.extend_from_slice(b"RIFF\0\0\0\0WEBP");
    let mut vp8x = [0u8; 10];
    vp8x[0] = flags;
    vp8x[4..7].copy_from_slice(&(width - 1).to_le_bytes()[..3]);
    vp8x[7..10].copy_from_slice(&(height - 1).to_le_bytes()[..3]);
    push_chunk(out, b"VP8X", &vp8x)?;
    if let Some(icc) = icc {
        push_chunk(out, b"ICCP", icc)?;
    }
    for chunk in image_chunks {
        out.extend_from_slice(chunk);
    }
    if let Some(exif) = exif {
        push_chunk(out, b"EXIF", exif)?;
    }
    let riff_size = u32::try_from(out.len() - 8).map_err(|_| malformed())?;
    out[4..8].copy_from_slice(&riff_size.to_le_bytes());
    Ok(())
}

fn push_chunk(out: &mut Vec<u8>, fourcc: &[u8; 4], data: &[u8]) -> Result<(), ThumbnailError> {
    let size = u32::try_from(data.len())
        .ok()
        .filter(|&size| size < u32::MAX - 16)
        .ok_or_else(|| ThumbnailError::Webp("a metadata chunk is over 4 GB".into()))?;
    out.extend_from_slice(fourcc);
    out.extend_from_slice(&size.to_le_bytes());
    out.extend_from_slice(data);
    if data.len() % 2 == 1 {
        out.push(0);
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::resize::plan::EncodedFormat;

    fn settings<'a>(
        lossless: bool,
        icc: Option<&'a [u8]>,
        exif: Option<&'a [u8]>,
    ) -> EncodeSettings<'a> {
        EncodeSettings {
            format: EncodedFormat::WebP,
            quality: 80,
            lossless,
            effort: None,
            icc_profile: icc,
            exif,
            ycbcr: false,
        }
    }

    #[test]
    fn metadata_goes_into_an_extended_file_that_decoders_read() {
        let mut rgba = image::RgbaImage::from_pixel(33, 17, image::Rgba([200, 40, 10, 255]));
        rgba.put_pixel(0, 0, image::Rgba([0, 0, 0, 0]));
        let image = DynamicImage::ImageRgba8(rgba);
        let profile = vec![7u8; 301];
        for lossless in [false, true] {
            let mut out = Vec::new();
            encode(
                &image,
                &settings(lossless, Some(&profile), Some(b"MM\0*")),
                &mut out,
            )
            .unwrap();
            let riff_size = u32::from_le_bytes(out[4..8].try_into().unwrap()) as usize;
            assert_eq!(riff_size + 8, out.len());
            assert_eq!(&out[12..16], b"VP8X");
            let mut decoder =
                image::codecs::webp::WebPDecoder::new(std::io::Cursor::new(&out)).unwrap();
            use image::ImageDecoder;
            assert_eq!(decoder.icc_profile().unwrap(), Some(profile.clone()));
            assert_eq!(decoder.dimensions(), (33, 17));
            let decoded = DynamicImage::from_decoder(decoder).unwrap().to_rgba8();
            assert_eq!(decoded.get_pixel(0, 0).0[3], 0, "lossless {lossless}");
            assert_eq!(decoded.get_pixel(20, 10).0[3], 255);
        }
    }

    #[test]
    fn effort_overrides_the_method_of_lossy_and_lossless() {
        let lossy = settings(false, None, None);
        let lossless = settings(true, None, None);
        assert_eq!(method(&lossy), LOSSY_METHOD);
        assert_eq!(method(&lossless), LOSSLESS_METHOD);
        for effort in 0..=6 {
            for base in [lossy, lossless] {
                let chosen = EncodeSettings {
                    effort: Some(effort),
                    ..base
                };
                assert_eq!(method(&chosen), effort);
            }
        }
        // Every method libwebp takes encodes (its config check refuses anything outside 0-6).
        let image = DynamicImage::ImageRgb8(image::RgbImage::from_fn(40, 30, |x, y| {
            image::Rgb([(x * 6) as u8, (y * 8) as u8, 90])
        }));
        for effort in 0..=6 {
            let mut out = Vec::new();
            let chosen = EncodeSettings {
                effort: Some(effort),
                ..lossy
            };
            encode(&image, &chosen, &mut out).unwrap();
            assert_eq!(&out[8..12], b"WEBP", "effort {effort}");
        }
    }

    #[test]
    fn sides_over_the_webp_limit_are_refused_before_encoding() {
        let image = DynamicImage::ImageLuma8(image::GrayImage::new(WEBP_MAX_SIDE + 1, 1));
        let err = encode(&image, &settings(false, None, None), &mut Vec::new()).unwrap_err();
        assert!(err.to_string().contains("16383"), "{err}");
    }
}
