//! Making one thumbnail from a decoded source: pick its dimensions, resize with
//! fast_image_resize, then turn it upright.

use fast_image_resize::images::Image;
use fast_image_resize::{FilterType, IntoImageView, PixelType, ResizeAlg, ResizeOptions, Resizer};
use image::{DynamicImage, GrayAlphaImage, GrayImage, RgbImage, RgbaImage};

use super::decode::{swaps_axes, SourceInfo};
use super::error::ThumbnailError;
use super::plan::{Fit, ThumbnailSpec};

/// The dimensions of a thumbnail of an image of `source` dimensions in a `bounds` box. Both are
/// in display orientation. Aspect ratio is kept; `Cover` fills the box and is cropped to it.
/// Without `enlarge`, an image smaller than the box keeps its size (cropped to the box for cover).
pub fn target_dimensions(
    source: (u32, u32),
    bounds: (u32, u32),
    fit: Fit,
    enlarge: bool,
) -> (u32, u32) {
    let (source_w, source_h) = (f64::from(source.0), f64::from(source.1));
    let mut scale = fit.scale(source, bounds);
    if !enlarge {
        scale = scale.min(1.0);
    }
    let side = |length: f64, limit: u32| ((length * scale).round() as u32).clamp(1, limit);
    (side(source_w, bounds.0), side(source_h, bounds.1))
}

/// The dimensions of a thumbnail in the source's stored orientation (before EXIF rotation).
pub fn stored_target(
    info: &SourceInfo,
    spec: &ThumbnailSpec,
    fit: Fit,
    enlarge: bool,
) -> (u32, u32) {
    let (width, height) = target_dimensions(
        info.display_dimensions(),
        (spec.width, spec.height),
        fit,
        enlarge,
    );
    if swaps_axes(info.orientation) {
        (height, width)
    } else {
        (width, height)
    }
}

/// Makes thumbnails. One per worker thread: the resizer keeps its scratch buffers between calls,
/// so the hot loop does not allocate them again for every image.
#[derive(Default)]
pub struct Thumbnailer {
    resizer: Resizer,
}

impl Thumbnailer {
    pub fn new() -> Thumbnailer {
        Thumbnailer::default()
    }

    /// Makes the thumbnail of one size, upright (the worker cascades sizes with `make_stored`;
    /// the decoders' tests compare whole thumbnails with this).
    #[cfg(test)]
    pub fn make(
        &mut self,
        decoded: &super::decode::DecodedImage,
        spec: &ThumbnailSpec,
        fit: Fit,
        enlarge: bool,
    ) -> Result<DynamicImage, ThumbnailError> {
        let mut thumbnail = self.make_stored(&decoded.pixels, &decoded.info, spec, fit, enlarge)?;
        thumbnail.apply_orientation(decoded.info.orientation);
        Ok(thumbnail)
    }

    /// Makes the thumbnail of one size in the source's stored orientation (the caller turns it
    /// upright). `pixels` is the whole source at any scale: the decode (possibly shrunk while
    /// decoding) or a larger thumbnail of it; the dimensions always come from `info`.
    pub fn make_stored(
        &mut self,
        pixels: &DynamicImage,
        info: &SourceInfo,
        spec: &ThumbnailSpec,
        fit: Fit,
        enlarge: bool,
    ) -> Result<DynamicImage, ThumbnailError> {
        let (width, height) = stored_target(info, spec, fit, enlarge);
        self.resize(pixels, width, height)
    }

    fn resize(
        &mut self,
        pixels: &DynamicImage,
        width: u32,
        height: u32,
    ) -> Result<DynamicImage, ThumbnailError> {
        if (pixels.width(), pixels.height()) == (width, height) {
            return Ok(pixels.clone());
        }
        let pixel_type = pixels.pixel_type().ok_or(ThumbnailError::PixelLayout)?;
        let mut resized = Image::new(width, height, pixel_type);
        // Lanczos3 on premultiplied alpha (fast_image_resize multiplies and divides alpha itself),
        // so transparent pixels' colours do not bleed into edges as dark fringes. Centred crop
        // to the target's aspect ratio, which is a no-op for `contain`.
        let options = ResizeOptions::new()
            .resize_alg(ResizeAlg::Convolution(FilterType::Lanczos3))
            .fit_into_destination(Some((0.5, 0.5)))
            .use_alpha(true);
        self.resizer.resize(pixels, &mut resized, &options)?;
        let buffer = resized.into_vec();
        let image = match pixel_type {
            PixelType::U8 => {
                GrayImage::from_raw(width, height, buffer).map(DynamicImage::ImageLuma8)
            }
            PixelType::U8x2 => {
                GrayAlphaImage::from_raw(width, height, buffer).map(DynamicImage::ImageLumaA8)
            }
            PixelType::U8x3 => {
                RgbImage::from_raw(width, height, buffer).map(DynamicImage::ImageRgb8)
            }
            PixelType::U8x4 => {
                RgbaImage::from_raw(width, height, buffer).map(DynamicImage::ImageRgba8)
            }
            other => return Err(ThumbnailError::PixelType(other)),
        };
        image.ok_or(ThumbnailError::BufferLength)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn contain_keeps_the_aspect_ratio_inside_the_box() {
        assert_eq!(
            target_dimensions((1000, 667), (150, 150), Fit::Contain, false),
            (150, 100)
        );
        assert_eq!(
            target_dimensions((667, 1000), (150, 150), Fit::Contain, false),
            (100, 150)
        );
        assert_eq!(
            target_dimensions((4000, 10), (150, 150), Fit::Contain, false),
            (150, 1)
        );
    }

    #[test]
    fn cover_fills_the_box() {
        assert_eq!(
            target_dimensions((1000, 667), (96, 96), Fit::Cover, false),
            (96, 96)
        );
        // Smaller than the box and not enlarged: kept, cropped to the box where it overflows.
        assert_eq!(
            target_dimensions((100, 50), (96, 96), Fit::Cover, false),
            (96, 50)
        );
    }

    #[test]
    fn small_images_are_enlarged_only_when_asked() {
        assert_eq!(
            target_dimensions((60, 40), (150, 150), Fit::Contain, false),
            (60, 40)
        );
        assert_eq!(
            target_dimensions((60, 40), (150, 150), Fit::Contain, true),
            (150, 100)
        );
    }
}
