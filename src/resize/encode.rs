//! Encoding a thumbnail and writing it so that no partial file can ever be seen: the bytes go to a
//! hidden temporary file in the target folder, which is renamed over the final name at the end.
//! A failure or Ctrl-C at any point removes the temporary file (it is deleted when dropped).

use std::fs;
use std::io::{self, Write};
use std::path::Path;

use image::codecs::jpeg::JpegEncoder;
use image::codecs::png::{CompressionType, FilterType, PngEncoder};
use image::{DynamicImage, ImageEncoder};

use super::error::ThumbnailError;
use super::plan::EncodedFormat;

/// Prefix of the temporary files, so a stray one (after `kill -9`) is easy to recognise.
pub const TEMP_PREFIX: &str = ".thumbctl-";

/// WebP stores each side in 14 bits (VP8's limit), so no side may exceed this.
pub const WEBP_MAX_SIDE: u32 = 16383;

/// How one thumbnail is encoded.
#[derive(Debug, Clone, Copy)]
pub struct EncodeSettings<'a> {
    pub format: EncodedFormat,
    /// 1-100, for JPEG, lossy WebP and AVIF (PNG and lossless WebP ignore it).
    pub quality: u8,
    /// WebP only: lossless instead of lossy.
    pub lossless: bool,
    /// `--effort`: for WebP libwebp's `method` 0-6, `None` the default of lossy or lossless WebP
    /// (src/resize/webp.rs says which and why); for AVIF 0-9, `None` is `avif::DEFAULT_EFFORT`.
    pub effort: Option<u8>,
    /// The profile the thumbnail's pixels are in, written into the file (AVIF carries none:
    /// its pixels are always sRGB, which its colour box says).
    pub icc_profile: Option<&'a [u8]>,
    /// An EXIF block (TIFF header onwards) to write, for the formats that can carry one.
    pub exif: Option<&'a [u8]>,
    /// The pixels are a JPEG's YCbCr, not RGB (see `decode::DecodedImage::ycbcr`): JPEG only.
    pub ycbcr: bool,
}

/// Encodes a thumbnail into `out` (cleared first), with the metadata `settings` hold (what
/// `--metadata` keeps; orientation never, it was applied to the pixels).
pub fn encode_thumbnail(
    image: &DynamicImage,
    settings: &EncodeSettings<'_>,
    out: &mut Vec<u8>,
) -> Result<(), ThumbnailError> {
    out.clear();
    let icc_profile = settings.icc_profile;
    if settings.ycbcr {
        // The worker asks for YCbCr only when every thumbnail is a JPEG.
        return match (settings.format, image) {
            (EncodedFormat::Jpeg, DynamicImage::ImageRgb8(_)) => super::libjpeg::encode(
                image,
                super::libjpeg::Pixels::Ycbcr,
                settings.quality,
                icc_profile,
                settings.exif,
                out,
            ),
            _ => Err(ThumbnailError::YcbcrNotJpeg(settings.format.name())),
        };
    }
    let result = match settings.format {
        EncodedFormat::Jpeg => {
            // JPEG has no alpha: composite over white rather than expose whatever colour the
            // transparent pixels happen to hold.
            let opaque = flatten_on_white(image);
            let image = opaque.as_ref().unwrap_or(image);
            // libjpeg for the usual layouts (src/resize/libjpeg.rs); the image crate for the rest.
            if matches!(
                image,
                DynamicImage::ImageRgb8(_) | DynamicImage::ImageLuma8(_)
            ) {
                return super::libjpeg::encode(
                    image,
                    super::libjpeg::Pixels::AsTheyAre,
                    settings.quality,
                    icc_profile,
                    settings.exif,
                    out,
                );
            }
            let mut encoder = JpegEncoder::new_with_quality(&mut *out, settings.quality);
            attach_profile(&mut encoder, icc_profile);
            encoder.write_image(
                image.as_bytes(),
                image.width(),
                image.height(),
                image.color().into(),
            )
        }
        EncodedFormat::Png => {
            let mut encoder = PngEncoder::new_with_quality(
                &mut *out,
                CompressionType::Fast,
                FilterType::Adaptive,
            );
            attach_profile(&mut encoder, icc_profile);
            if let Some(exif) = settings.exif {
                if let Err(err) = encoder.set_exif_metadata(exif.to_vec()) {
                    tracing::debug!("EXIF not written: {err}");
                }
            }
            encoder.write_image(
                image.as_bytes(),
                image.width(),
                image.height(),
                image.color().into(),
            )
        }
        EncodedFormat::WebP => return super::webp::encode(image, settings, out),
        EncodedFormat::Avif => return super::avif::encode(image, settings, out),
    };
    Ok(result?)
}

fn attach_profile(encoder: &mut impl ImageEncoder, icc_profile: Option<&[u8]>) {
    if let Some(profile) = icc_profile {
        if let Err(err) = encoder.set_icc_profile(profile.to_vec()) {
            tracing::debug!("ICC profile not written: {err}");
        }
    }
}

/// For images with alpha: the same pixels composited over white, without alpha.
fn flatten_on_white(image: &DynamicImage) -> Option<DynamicImage> {
    let over_white = |value: u8, alpha: u8| -> u8 {
        let (value, alpha) = (u32::from(value), u32::from(alpha));
        ((value * alpha + 255 * (255 - alpha) + 127) / 255) as u8
    };
    match image {
        DynamicImage::ImageRgba8(rgba) => {
            let mut rgb = image::RgbImage::new(rgba.width(), rgba.height());
            for (out, pixel) in rgb.pixels_mut().zip(rgba.pixels()) {
                let [r, g, b, a] = pixel.0;
                out.0 = [over_white(r, a), over_white(g, a), over_white(b, a)];
            }
            Some(DynamicImage::ImageRgb8(rgb))
        }
        DynamicImage::ImageLumaA8(gray_alpha) => {
            let mut gray = image::GrayImage::new(gray_alpha.width(), gray_alpha.height());
            for (out, pixel) in gray.pixels_mut().zip(gray_alpha.pixels()) {
                let [l, a] = pixel.0;
                out.0 = [over_white(l, a)];
            }
            Some(DynamicImage::ImageLuma8(gray))
        }
        _ => None,
    }
}

/// Writes `bytes` to `path` atomically, creating its folder if needed. The file gets the usual
/// permissions of a new file (0666 minus the umask), not a temporary file's private 0600.
pub fn write_atomically(path: &Path, bytes: &[u8]) -> io::Result<()> {
    let folder = path
        .parent()
        .filter(|folder| !folder.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    fs::create_dir_all(folder)?;
    let mut builder = tempfile::Builder::new();
    builder.prefix(TEMP_PREFIX).suffix(".tmp");
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        builder.permissions(fs::Permissions::from_mode(0o666));
    }
    let mut temp = builder.tempfile_in(folder)?;
    temp.write_all(bytes)?;
    temp.persist(path).map_err(|err| err.error)?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn settings(format: EncodedFormat, ycbcr: bool) -> EncodeSettings<'static> {
        EncodeSettings {
            format,
            quality: 85,
            lossless: false,
            effort: None,
            icc_profile: None,
            exif: None,
            ycbcr,
        }
    }

    #[test]
    fn ycbcr_pixels_are_written_as_jpeg_only() {
        // Y 235, Cb and Cr 128: a light grey as YCbCr, a pink if it were taken for RGB.
        let pixels = image::RgbImage::from_pixel(16, 16, image::Rgb([235, 128, 128]));
        let image = DynamicImage::ImageRgb8(pixels);
        let mut out = Vec::new();
        encode_thumbnail(&image, &settings(EncodedFormat::Jpeg, true), &mut out).unwrap();
        let decoded = image::load_from_memory(&out).unwrap().to_rgb8();
        assert!(
            decoded
                .pixels()
                .all(|p| p.0.iter().all(|&c| c.abs_diff(235) <= 3)),
            "{:?}",
            decoded.get_pixel(0, 0)
        );
        // The worker never asks for another format; if it did, no file would get YCbCr as RGB.
        for format in [EncodedFormat::Png, EncodedFormat::WebP, EncodedFormat::Avif] {
            let err = encode_thumbnail(&image, &settings(format, true), &mut out).unwrap_err();
            assert!(
                matches!(err, ThumbnailError::YcbcrNotJpeg(_)),
                "{}: {err}",
                format.name()
            );
            assert!(out.is_empty());
        }
    }
}
