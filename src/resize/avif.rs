//! AVIF thumbnails through ravif (rav1e, pure Rust; nasm only speeds it up), alpha kept.
//!
//! ravif is called directly rather than through the image crate's encoder, which fixes the
//! bit depth at 8. On x86 without the `avif-nasm` feature rav1e is plain Rust (its assembly needs
//! nasm at build time, and its build fails without it); with the feature AVIF encodes about 3x
//! faster. On aarch64 its assembly is always in (the C compiler builds it). See README "Building".

use std::borrow::Cow;

use image::DynamicImage;
use ravif::{BitDepth, Encoder, Img};
use rgb::FromSlice;

use super::encode::EncodeSettings;
use super::error::ThumbnailError;

/// AVIF `--effort` without the flag: 1, rav1e speed 9. rav1e's speed is 10 minus the effort, so
/// effort 0-9 runs as sharp's does (0 fastest, 9 slowest). Above quality 55 ravif turns on
/// rav1e's CDEF filter at speeds up to 9 and its loop restoration filter at speeds up to 8; at
/// speed 8 the two cost about 45% more encode time, for a few percent of bytes. Speed 9 keeps
/// CDEF and leaves loop restoration out. Measured on the corpus against sharp (README "Formats"):
/// at sharp's PSNR (quality 68), speed 9 is 1.5-1.7x sharp's speed where speed 8 was slower.
pub const DEFAULT_EFFORT: u8 = 1;

/// 10-bit AV1 even from 8-bit pixels: at the same PSNR about 4% fewer bytes than 8-bit on the
/// corpus (README "Formats"), for about 20% more encode time. Every AVIF decoder reads it.
const BIT_DEPTH: BitDepth = BitDepth::Ten;

/// rav1e's speed (1 slowest to 10 fastest) for an AVIF `--effort` of 0-9.
fn rav1e_speed(effort: Option<u8>) -> u8 {
    10 - effort.unwrap_or(DEFAULT_EFFORT).min(9)
}

/// Encodes `image` as AVIF into `out` (already cleared).
pub(super) fn encode(
    image: &DynamicImage,
    settings: &EncodeSettings<'_>,
    out: &mut Vec<u8>,
) -> Result<(), ThumbnailError> {
    // ravif asserts 1-100; clap already keeps --quality there.
    let quality = f32::from(settings.quality.clamp(1, 100));
    // One thread per encode: the worker threads already keep every core busy, and rav1e's own
    // pool would only make them wait for each other.
    let encoder = Encoder::new()
        .with_quality(quality)
        .with_alpha_quality(quality)
        .with_speed(rav1e_speed(settings.effort))
        .with_bit_depth(BIT_DEPTH)
        .with_num_threads(Some(1));
    let (width, height) = (image.width() as usize, image.height() as usize);
    let encoded = if image.color().has_alpha() {
        let rgba = match image {
            DynamicImage::ImageRgba8(rgba) => Cow::Borrowed(rgba.as_raw()),
            other => Cow::Owned(other.to_rgba8().into_raw()),
        };
        encoder.encode_rgba(Img::new(rgba.as_rgba(), width, height))
    } else {
        // Gray is widened to RGB: ravif writes colour only.
        let rgb = match image {
            DynamicImage::ImageRgb8(rgb) => Cow::Borrowed(rgb.as_raw()),
            other => Cow::Owned(other.to_rgb8().into_raw()),
        };
        encoder.encode_rgb(Img::new(rgb.as_rgb(), width, height))
    }
    .map_err(|err| ThumbnailError::Avif(err.to_string()))?;
    out.extend_from_slice(&encoded.avif_file);
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn effort_is_ten_minus_the_rav1e_speed() {
        assert_eq!(rav1e_speed(None), 9);
        assert_eq!(rav1e_speed(Some(0)), 10);
        assert_eq!(rav1e_speed(Some(2)), 8);
        assert_eq!(rav1e_speed(Some(9)), 1);
    }
}
