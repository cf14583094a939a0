//! Colour management with moxcms (already in the tree through the image crate): CMYK JPEGs
//! through their embedded profile, and RGB sources with a non-sRGB profile (Display P3, Adobe
//! RGB) to sRGB, as browsers expect of images on the web.
//!
//! Policy (`--colorspace`):
//! - `srgb` (default, what sharp does): pixels in another RGB space are converted to sRGB and
//!   the thumbnail carries no profile (untagged means sRGB to browsers and viewers; moxcms's own
//!   sRGB profile writer gives a profile libpng warns about, so none is written rather than a
//!   dubious one); a source already in sRGB is left as it is, with its profile.
//! - `keep`: RGB pixels stay in their own space and the thumbnail carries the source's profile.
//!
//! CMYK is always converted (no web format holds CMYK), through its embedded profile, or, when it
//! has none, through the profile untagged CMYK is read with (`CmykProfile`): `--cmyk-profile
//! FILE`, else the built-in one (see README "Colour"). Adobe/Photoshop JPEGs store CMYK inverted
//! (an APP14 "Adobe" segment says so), which is undone first. Gray stays gray with its own
//! profile. A profile that cannot be read, or is for another colour space than the pixels, is
//! dropped with a warning naming the file; RGB pixels are then read as sRGB, CMYK as untagged.

use std::fmt;
use std::path::{Path, PathBuf};
use std::sync::{Arc, OnceLock};

use image::DynamicImage;
use moxcms::{ColorProfile, DataColorSpace, Layout, Transform8BitExecutor, TransformOptions};

use super::icc::MAX_ICC_BYTES;

/// The profile built in for CMYK without one: CGATS001Compat-v2-micro from Clinton Ingram's
/// Compact ICC Profiles (CC0), 8464 bytes. A perceptual CMYK-to-Lab table (A2B0 only) from the
/// CGATS TR 001 (SWOP) characterisation data, black and white stretched to the PCS's, made to
/// look like Adobe's "U.S. Web Coated (SWOP) v2", Photoshop's default CMYK; PDF.js and Apache
/// PDFBox use it for the same job. See profiles/README.md for source and licence.
const BUILTIN_CMYK: &[u8] = include_bytes!("profiles/CGATS001Compat-v2-micro.icc");

/// How messages name the built-in profile.
pub const BUILTIN_CMYK_NAME: &str = "the built-in SWOP profile (CGATS TR 001)";

/// A CMYK profile ready to convert CMYK to sRGB: what untagged CMYK is read with.
#[derive(Clone)]
pub struct CmykProfile {
    /// For messages: `BUILTIN_CMYK_NAME` or `--cmyk-profile 'FILE'`.
    name: String,
    transform: Arc<Transform8BitExecutor>,
}

impl fmt::Debug for CmykProfile {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("CmykProfile")
            .field("name", &self.name)
            .finish_non_exhaustive()
    }
}

/// `--cmyk-profile FILE` that cannot be used: a usage error (exit 2) before any work.
#[derive(Debug, thiserror::Error)]
#[error("--cmyk-profile '{}': {why}", path.display())]
pub struct CmykProfileError {
    pub path: PathBuf,
    pub why: String,
}

impl CmykProfile {
    /// The built-in profile (parsed and made ready once per process). `None` only if this build's
    /// moxcms cannot use it, which the tests rule out.
    pub fn builtin() -> Option<&'static CmykProfile> {
        static BUILTIN: OnceLock<Option<CmykProfile>> = OnceLock::new();
        BUILTIN
            .get_or_init(|| CmykProfile::from_bytes(BUILTIN_CMYK, BUILTIN_CMYK_NAME.into()).ok())
            .as_ref()
    }

    /// Reads and checks `--cmyk-profile FILE`: it must be an ICC profile for CMYK data that
    /// moxcms can convert to sRGB.
    pub fn from_file(path: &Path) -> Result<CmykProfile, CmykProfileError> {
        let error = |why: String| CmykProfileError {
            path: path.to_path_buf(),
            why,
        };
        let meta =
            std::fs::metadata(path).map_err(|err| error(format!("cannot read it: {err}")))?;
        if !meta.is_file() {
            return Err(error("not a regular file".into()));
        }
        if meta.len() > MAX_ICC_BYTES as u64 {
            return Err(error(format!(
                "{} bytes, over the {} MiB that real CMYK profiles stay under",
                meta.len(),
                MAX_ICC_BYTES >> 20
            )));
        }
        let bytes = std::fs::read(path).map_err(|err| error(format!("cannot read it: {err}")))?;
        CmykProfile::from_bytes(&bytes, format!("--cmyk-profile '{}'", path.display()))
            .map_err(error)
    }

    fn from_bytes(bytes: &[u8], name: String) -> Result<CmykProfile, String> {
        let parsed = ColorProfile::new_from_slice(bytes)
            .map_err(|err| format!("not a readable ICC profile ({err})"))?;
        if parsed.color_space != DataColorSpace::Cmyk {
            return Err(format!(
                "a profile for {} data, not CMYK",
                format!("{:?}", parsed.color_space).to_uppercase()
            ));
        }
        let transform = parsed
            .create_transform_8bit(Layout::Rgba, srgb(), Layout::Rgb, options())
            .map_err(|err| format!("cannot convert CMYK to sRGB with it ({err})"))?;
        Ok(CmykProfile { name, transform })
    }

    /// How messages name it.
    pub fn name(&self) -> &str {
        &self.name
    }
}

/// `--colorspace`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum ColourPolicy {
    #[default]
    Srgb,
    Keep,
}

fn srgb() -> &'static ColorProfile {
    static PROFILE: OnceLock<ColorProfile> = OnceLock::new();
    PROFILE.get_or_init(ColorProfile::new_srgb)
}

/// Whether a parsed RGB profile is sRGB in all but name: a matrix profile with sRGB's
/// colorants. Such sources are left alone (no transform, their own profile kept).
fn is_srgb(profile: &ColorProfile) -> bool {
    let reference = srgb();
    let close = |a: moxcms::Xyzd, b: moxcms::Xyzd| {
        (a.x - b.x).abs() < 0.002 && (a.y - b.y).abs() < 0.002 && (a.z - b.z).abs() < 0.002
    };
    profile.lut_a_to_b_perceptual.is_none()
        && profile.lut_a_to_b_colorimetric.is_none()
        && close(profile.red_colorant, reference.red_colorant)
        && close(profile.green_colorant, reference.green_colorant)
        && close(profile.blue_colorant, reference.blue_colorant)
}

/// Perceptual intent (the profiles' own rendering, what ImageMagick and libvips use by default)
/// and moxcms's fixed-point path: on a CMYK JPEG made with Ghostscript's default_cmyk.icc,
/// floating point and relative colorimetric both change PSNR against the sRGB original by
/// under 0.1 dB (34.9 dB; ImageMagick 37.9, sharp 35.5, the naive formula 21.3).
fn options() -> TransformOptions {
    TransformOptions::default()
}

fn warn(path: &Path, what: &str) {
    tracing::warn!("{}: {what}", path.display());
}

/// CMYK samples (4 per pixel, as stored: `inverted` when an Adobe segment says so) to sRGB,
/// through `profile` when it is a readable CMYK profile, else through `untagged` (`--cmyk-profile`;
/// `None`: the built-in profile).
pub(super) fn cmyk_to_srgb(
    cmyk: &mut [u8],
    width: u32,
    height: u32,
    inverted: bool,
    profile: Option<&[u8]>,
    untagged: Option<&CmykProfile>,
    path: &Path,
) -> Option<image::RgbImage> {
    if inverted {
        cmyk.iter_mut().for_each(|sample| *sample = 255 - *sample);
    }
    let pixels = (width as usize) * (height as usize);
    let mut rgb = vec![0u8; pixels * 3];
    let untagged = untagged.or(CmykProfile::builtin());
    let instead = || untagged.map_or("the plain formula", CmykProfile::name);
    let embedded = profile.and_then(
        |bytes| match CmykProfile::from_bytes(bytes, String::new()) {
            Ok(embedded) => Some(embedded.transform),
            Err(why) => {
                warn(
                    path,
                    &format!(
                        "embedded ICC profile not used, {why}; converted with {} instead",
                        instead()
                    ),
                );
                None
            }
        },
    );
    match embedded.or_else(|| untagged.map(|p| Arc::clone(&p.transform))) {
        Some(transform) => transform.transform(cmyk, &mut rgb).ok()?,
        None => {
            // Only if moxcms could not use the built-in profile: the complement formula,
            // R = (1 - C)(1 - K), said once.
            static SAID: std::sync::Once = std::sync::Once::new();
            SAID.call_once(|| {
                tracing::warn!(
                    "no usable CMYK profile: untagged CMYK is converted with the plain formula, \
                     colours will be off"
                )
            });
            for (out, ink) in rgb.chunks_exact_mut(3).zip(cmyk.chunks_exact(4)) {
                let white = 255 - u32::from(ink[3]);
                for (channel, &value) in out.iter_mut().zip(&ink[..3]) {
                    *channel = (((255 - u32::from(value)) * white + 127) / 255) as u8;
                }
            }
        }
    }
    image::RgbImage::from_raw(width, height, rgb)
}

/// Applies the policy to decoded RGB or gray pixels and their profile: returns the profile the
/// pixels are in afterwards (`None` means sRGB, by the web's convention).
pub(super) fn manage(
    pixels: &mut DynamicImage,
    profile: Option<Vec<u8>>,
    policy: ColourPolicy,
    path: &Path,
) -> Option<Vec<u8>> {
    let bytes = profile?;
    let parsed = match ColorProfile::new_from_slice(&bytes) {
        Ok(parsed) => parsed,
        Err(err) => {
            warn(
                path,
                &format!(
                    "embedded ICC profile is unreadable ({err}); dropped, colours read as sRGB"
                ),
            );
            return None;
        }
    };
    let gray = matches!(
        pixels,
        DynamicImage::ImageLuma8(_) | DynamicImage::ImageLumaA8(_)
    );
    let expected = if gray {
        DataColorSpace::Gray
    } else {
        DataColorSpace::Rgb
    };
    if parsed.color_space != expected {
        warn(
            path,
            &format!(
                "embedded ICC profile is for {:?} but the pixels are {}; dropped",
                parsed.color_space,
                if gray { "gray" } else { "RGB" }
            ),
        );
        return None;
    }
    if gray || policy == ColourPolicy::Keep || is_srgb(&parsed) {
        return Some(bytes);
    }
    let layout = match pixels {
        DynamicImage::ImageRgb8(_) => Layout::Rgb,
        DynamicImage::ImageRgba8(_) => Layout::Rgba,
        _ => return Some(bytes),
    };
    let transform = match parsed.create_transform_8bit(layout, srgb(), layout, options()) {
        Ok(transform) => transform,
        Err(err) => {
            warn(
                path,
                &format!("ICC profile not usable ({err}); kept as it is, not converted"),
            );
            return Some(bytes);
        }
    };
    // Row by row through one row of scratch: the transform cannot work in place.
    let (width, channels) = (
        pixels.width() as usize,
        if layout == Layout::Rgb { 3 } else { 4 },
    );
    let target: &mut [u8] = match pixels {
        DynamicImage::ImageRgb8(rgb) => rgb,
        DynamicImage::ImageRgba8(rgba) => rgba,
        _ => unreachable!("layout checked above"),
    };
    let mut row = vec![0u8; width * channels];
    for line in target.chunks_exact_mut(width * channels) {
        row.copy_from_slice(line);
        if let Err(err) = transform.transform(&row, line) {
            warn(path, &format!("colour conversion failed ({err})"));
            break;
        }
    }
    None
}

/// Whether `manage` would change the pixels of an RGB source that carries `profile`: only a
/// readable RGB profile of another space than sRGB, under `--colorspace srgb`. When it would
/// not, a JPEG decoder may hand back YCbCr instead of RGB (see `DecodedImage::ycbcr`).
pub(super) fn converts_rgb(profile: Option<&[u8]>, policy: ColourPolicy) -> bool {
    policy == ColourPolicy::Srgb
        && profile
            .and_then(|bytes| ColorProfile::new_from_slice(bytes).ok())
            .is_some_and(|parsed| parsed.color_space == DataColorSpace::Rgb && !is_srgb(&parsed))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn display_p3_red_is_converted_to_srgb_and_left_untagged() {
        let p3 = ColorProfile::new_display_p3().encode().unwrap();
        let mut pixels =
            DynamicImage::ImageRgb8(image::RgbImage::from_pixel(4, 4, image::Rgb([255, 0, 0])));
        let profile = manage(
            &mut pixels,
            Some(p3.clone()),
            ColourPolicy::Srgb,
            Path::new("p3.png"),
        );
        assert_eq!(profile, None, "converted pixels are sRGB: no profile");
        // P3's red is outside sRGB: clipped to 255 red with a little of nothing else.
        let [r, g, b] = pixels.to_rgb8().get_pixel(0, 0).0;
        assert!(r == 255 && g < 10 && b < 10, "{r},{g},{b}");
        // A mid P3 colour moves noticeably.
        let mut mid = DynamicImage::ImageRgb8(image::RgbImage::from_pixel(
            1,
            1,
            image::Rgb([100, 150, 200]),
        ));
        manage(
            &mut mid,
            Some(p3.clone()),
            ColourPolicy::Srgb,
            Path::new("p3.png"),
        );
        assert_ne!(mid.to_rgb8().get_pixel(0, 0).0, [100, 150, 200]);
        // Kept: pixels and profile untouched.
        let mut kept = DynamicImage::ImageRgb8(image::RgbImage::from_pixel(
            1,
            1,
            image::Rgb([100, 150, 200]),
        ));
        let profile = manage(
            &mut kept,
            Some(p3.clone()),
            ColourPolicy::Keep,
            Path::new("p3.png"),
        );
        assert_eq!(profile.as_deref(), Some(p3.as_slice()));
        assert_eq!(kept.to_rgb8().get_pixel(0, 0).0, [100, 150, 200]);
    }

    #[test]
    fn srgb_sources_and_bad_profiles_are_left_alone() {
        let srgb = ColorProfile::new_srgb().encode().unwrap();
        let mut pixels = DynamicImage::ImageRgb8(image::RgbImage::from_pixel(
            1,
            1,
            image::Rgb([100, 150, 200]),
        ));
        let profile = manage(
            &mut pixels,
            Some(srgb.clone()),
            ColourPolicy::Srgb,
            Path::new("s.png"),
        );
        assert_eq!(profile.as_deref(), Some(srgb.as_slice()));
        assert_eq!(pixels.to_rgb8().get_pixel(0, 0).0, [100, 150, 200]);
        let truncated = srgb[..srgb.len() / 2].to_vec();
        assert_eq!(
            manage(
                &mut pixels,
                Some(truncated),
                ColourPolicy::Srgb,
                Path::new("t.png")
            ),
            None
        );
        assert_eq!(pixels.to_rgb8().get_pixel(0, 0).0, [100, 150, 200]);
    }

    fn through_builtin(ink: [u8; 4]) -> [u8; 3] {
        let mut cmyk = ink.to_vec();
        let rgb = cmyk_to_srgb(
            &mut cmyk,
            1,
            1,
            false,
            None,
            None,
            Path::new("untagged.jpg"),
        )
        .unwrap();
        rgb.get_pixel(0, 0).0
    }

    #[test]
    fn untagged_cmyk_goes_through_the_builtin_swop_profile() {
        let builtin = CmykProfile::builtin().expect("moxcms reads the built-in profile");
        assert_eq!(builtin.name(), BUILTIN_CMYK_NAME);
        // (lcms2 through ImageMagick gives, with this profile: paper 254,255,254; K 34,31,32;
        // rich black 0,0,0; cyan 0,173,239.) Paper is white.
        let paper = through_builtin([0, 0, 0, 0]);
        assert!(paper.iter().all(|&v| v >= 250), "{paper:?}");
        // 100% K alone is a dark grey on a press, where the naive formula says black; a rich
        // black (CMY under the K) is black, the profile's black stretched to sRGB's.
        let k = through_builtin([0, 0, 0, 255]);
        assert!(k.iter().all(|&v| (20..50).contains(&v)), "{k:?}");
        let rich = through_builtin([160, 140, 140, 255]);
        assert!(rich.iter().all(|&v| v <= 5), "{rich:?}");
        // Press cyan is a mid blue, not the naive formula's pure (0, 255, 255).
        let [r, g, b] = through_builtin([255, 0, 0, 0]);
        assert!(r < 20 && (160..190).contains(&g) && b > 225, "{r},{g},{b}");
    }

    #[test]
    fn cmyk_profile_files_are_checked() {
        let dir = tempfile::tempdir().unwrap();
        let missing = dir.path().join("missing.icc");
        let err = CmykProfile::from_file(&missing).unwrap_err().to_string();
        assert!(
            err.starts_with("--cmyk-profile '")
                && err.contains("missing.icc")
                && err.contains("cannot read it"),
            "{err}"
        );
        let rgb = dir.path().join("srgb.icc");
        std::fs::write(&rgb, ColorProfile::new_srgb().encode().unwrap()).unwrap();
        let err = CmykProfile::from_file(&rgb).unwrap_err().to_string();
        assert!(
            err.contains("srgb.icc") && err.contains("RGB data, not CMYK"),
            "{err}"
        );
        let garbage = dir.path().join("garbage.icc");
        std::fs::write(&garbage, [0x42; 300]).unwrap();
        let err = CmykProfile::from_file(&garbage).unwrap_err().to_string();
        assert!(err.contains("not a readable ICC profile"), "{err}");
        let err = CmykProfile::from_file(dir.path()).unwrap_err().to_string();
        assert!(err.contains("not a regular file"), "{err}");
        let good = dir.path().join("swop.icc");
        std::fs::write(&good, BUILTIN_CMYK).unwrap();
        let profile = CmykProfile::from_file(&good).unwrap();
        assert!(profile.name().contains("swop.icc"), "{}", profile.name());
    }
}
