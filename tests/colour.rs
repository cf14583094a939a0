//! Colour management against the real binary: profiled sources are made in the test with
//! ImageMagick and Ghostscript's ICC profiles from one sRGB picture, and each thumbnail is
//! compared with that picture after applying whatever profile the thumbnail carries.

mod common;

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::Command;

use common::{icc_of, TestDir};
use image::{DynamicImage, GenericImageView, ImageReader, RgbImage};

fn resize(dir: &TestDir, args: &[&str]) -> common::TestCommand {
    dir.thumbctl(["--no-metrics", "resize"]).args(args)
}

/// ImageMagick's `convert` (`THUMBCTL_TEST_CONVERT` or the PATH) and the folder of
/// Ghostscript's profiles (`THUMBCTL_TEST_ICC_DIR`, default /usr/share/color/icc/ghostscript).
/// Absent, the test is skipped with a note; with `CI` set it fails instead.
struct Peers {
    convert: PathBuf,
    icc: PathBuf,
}

impl Peers {
    fn find(test: &str) -> Option<Peers> {
        let convert = std::env::var_os("THUMBCTL_TEST_CONVERT")
            .map(PathBuf::from)
            .unwrap_or_else(|| PathBuf::from("convert"));
        let icc = std::env::var_os("THUMBCTL_TEST_ICC_DIR")
            .map(PathBuf::from)
            .unwrap_or_else(|| PathBuf::from("/usr/share/color/icc/ghostscript"));
        let works = Command::new(&convert)
            .arg("-version")
            .output()
            .is_ok_and(|out| {
                out.status.success() && String::from_utf8_lossy(&out.stdout).contains("ImageMagick")
            });
        if works && icc.join("default_cmyk.icc").is_file() && icc.join("a98.icc").is_file() {
            return Some(Peers { convert, icc });
        }
        if std::env::var_os("CI").is_some() {
            panic!("{test}: CI is set but ImageMagick or Ghostscript's ICC profiles are missing: .ci/peers-web.sh installs them");
        }
        let _ = writeln!(
            std::io::stderr().lock(),
            "SKIPPED {test}: needs ImageMagick's convert and Ghostscript's ICC profiles \
             (apt-get install imagemagick libgs-common); this test did NOT run"
        );
        None
    }

    fn profile(&self, name: &str) -> String {
        self.icc.join(name).to_string_lossy().into_owned()
    }

    fn convert(&self, args: &[&str]) {
        let out = Command::new(&self.convert).args(args).output().unwrap();
        assert!(
            out.status.success(),
            "convert {args:?}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
    }

    /// A thumbnail as a viewer shows it: through its embedded profile to sRGB (as is when it
    /// has none, which means sRGB).
    fn as_viewed(&self, path: &Path) -> RgbImage {
        let viewed = path.with_extension("viewed.png");
        let path_text = path.to_string_lossy();
        let viewed_text = viewed.to_string_lossy();
        if icc_of(path).is_some() {
            let srgb = self.profile("srgb.icc");
            self.convert(&[&path_text, "-profile", &srgb, "-depth", "8", &viewed_text]);
        } else {
            self.convert(&[&path_text, "-depth", "8", &viewed_text]);
        }
        image::open(&viewed).unwrap().to_rgb8()
    }
}

/// What each colour test starts from: its peers (`None` when they are missing and the test is
/// skipped), a folder with an empty `in/`, and `picture(width, height)` saved there as
/// original.png.
fn start(test: &str, width: u32, height: u32) -> Option<(Peers, TestDir, RgbImage)> {
    let peers = Peers::find(test)?;
    let dir = TestDir::new();
    std::fs::create_dir_all(dir.join("in")).unwrap();
    let original = picture(width, height);
    original.save(dir.join("original.png")).unwrap();
    Some((peers, dir, original))
}

/// A photo-like picture in sRGB: gradients over a fine texture, saturated enough that a wrong
/// conversion shows.
fn picture(width: u32, height: u32) -> RgbImage {
    RgbImage::from_fn(width, height, |x, y| {
        let (fx, fy) = (x as f32 / width as f32, y as f32 / height as f32);
        let texture = ((x as f32 * 0.3).sin() * (y as f32 * 0.2).cos() * 12.0) as i32;
        let channel = |base: f32| (base as i32 + texture).clamp(0, 255) as u8;
        image::Rgb([
            channel(30.0 + 200.0 * fx),
            channel(210.0 - 150.0 * fy),
            channel(60.0 + 150.0 * (1.0 - fx) * fy),
        ])
    })
}

fn psnr(a: &RgbImage, b: &RgbImage) -> f64 {
    assert_eq!(a.dimensions(), b.dimensions());
    let squared: f64 = a
        .as_raw()
        .iter()
        .zip(b.as_raw())
        .map(|(&x, &y)| (f64::from(x) - f64::from(y)).powi(2))
        .sum();
    let mse = squared / a.as_raw().len() as f64;
    10.0 * (255.0f64 * 255.0 / mse.max(1e-10)).log10()
}

/// `jpeg` with `first` written after SOI and without the segments before the scan that `drop`
/// picks (given the marker byte and the segment's payload).
fn rewrite_segments(jpeg: &[u8], first: &[u8], drop: impl Fn(u8, &[u8]) -> bool) -> Vec<u8> {
    let mut out = jpeg[..2].to_vec();
    out.extend_from_slice(first);
    let mut at = 2;
    while at + 4 <= jpeg.len() && jpeg[at] == 0xFF && jpeg[at + 1] != 0xDA {
        let length = usize::from(u16::from_be_bytes([jpeg[at + 2], jpeg[at + 3]]));
        let segment = &jpeg[at..at + 2 + length];
        if !drop(jpeg[at + 1], &segment[4..]) {
            out.extend_from_slice(segment);
        }
        at += 2 + length;
    }
    out.extend_from_slice(&jpeg[at..]);
    out
}

/// Replaces (or with `None`, removes) the ICC profile of a JPEG: every APP2 ICC_PROFILE segment
/// goes, and the new profile is written in one segment after SOI.
fn with_icc_segment(jpeg: &[u8], profile: Option<&[u8]>) -> Vec<u8> {
    let mut first = Vec::new();
    if let Some(profile) = profile {
        let length = u16::try_from(2 + 14 + profile.len()).unwrap();
        first.extend_from_slice(&[0xFF, 0xE2]);
        first.extend_from_slice(&length.to_be_bytes());
        first.extend_from_slice(b"ICC_PROFILE\0\x01\x01");
        first.extend_from_slice(profile);
    }
    rewrite_segments(jpeg, &first, |marker, payload| {
        marker == 0xE2 && payload.starts_with(b"ICC_PROFILE\0")
    })
}

#[test]
fn cmyk_and_adobe_rgb_sources_look_like_the_srgb_original() {
    let test = "cmyk_and_adobe_rgb_sources_look_like_the_srgb_original";
    let Some((peers, dir, original)) = start(test, 800, 600) else {
        return;
    };
    let at = |name: &str| dir.join(name).to_string_lossy().into_owned();
    let (srgb, cmyk, a98) = (
        peers.profile("srgb.icc"),
        peers.profile("default_cmyk.icc"),
        peers.profile("a98.icc"),
    );
    // The sRGB source's own path: the same picture as a JPEG at the same quality.
    peers.convert(&[&at("original.png"), "-quality", "95", &at("in/srgb.jpg")]);
    peers.convert(&[
        &at("original.png"),
        "-profile",
        &srgb,
        "-profile",
        &cmyk,
        "-quality",
        "95",
        &at("in/cmyk.jpg"),
    ]);
    peers.convert(&[
        &at("original.png"),
        "-profile",
        &srgb,
        "-profile",
        &a98,
        "-quality",
        "95",
        &at("in/adobe-rgb.jpg"),
    ]);

    let sizes = ["--size", "t=400x400", "--sizes", "t", "--format", "png"];
    let mut args = vec!["in", "--out", "out"];
    args.extend_from_slice(&sizes);
    let run = resize(&dir, &args).run();
    run.assert_code(0);
    assert!(run.error_lines().is_empty(), "{}", run.stderr);
    let mut keep_args = vec!["in/adobe-rgb.jpg", "--out", "keep", "--colorspace", "keep"];
    keep_args.extend_from_slice(&sizes);
    resize(&dir, &keep_args).run().assert_code(0);

    let reference = DynamicImage::ImageRgb8(original)
        .resize_exact(400, 300, image::imageops::FilterType::Lanczos3)
        .to_rgb8();
    let score = |path: &str| {
        let path = dir.join(path);
        let viewed = peers.as_viewed(&path);
        psnr(&viewed, &reference)
    };
    let srgb_psnr = score("out/srgb_t.png");
    let adobe_psnr = score("out/adobe-rgb_t.png");
    let kept_psnr = score("keep/adobe-rgb_t.png");
    let cmyk_psnr = score("out/cmyk_t.png");
    // The peer: ImageMagick converting the same files through their profiles, then resizing.
    let magick = |name: &str| {
        let out = format!("magick-{name}.png");
        peers.convert(&[
            &at(&format!("in/{name}.jpg")),
            "-profile",
            &srgb,
            "-resize",
            "400x300!",
            &at(&out),
        ]);
        psnr(&image::open(dir.join(&out)).unwrap().to_rgb8(), &reference)
    };
    let (magick_adobe, magick_cmyk) = (magick("adobe-rgb"), magick("cmyk"));
    let figures = format!(
        "sRGB {srgb_psnr:.1} dB, Adobe RGB {adobe_psnr:.1} (kept {kept_psnr:.1}, ImageMagick \
         {magick_adobe:.1}), CMYK {cmyk_psnr:.1} (ImageMagick {magick_cmyk:.1})"
    );
    assert!(srgb_psnr > 30.0, "{figures}");
    // 8-bit Adobe RGB holds fewer levels per sRGB step than sRGB itself, so even a perfect
    // conversion loses a little against the sRGB source: no worse than ImageMagick's.
    assert!(adobe_psnr > magick_adobe - 1.0, "{figures}");
    assert!(kept_psnr > magick_adobe - 1.0, "{figures}");
    // CMYK loses gamut on the way; moxcms's perceptual tables land a few dB under lcms2's
    // (ImageMagick), about where sharp is.
    assert!(cmyk_psnr > magick_cmyk - 4.0, "{figures}");

    // Converted thumbnails (Adobe RGB and CMYK) are sRGB and carry no profile; kept ones carry
    // the source's.
    let a98_bytes = std::fs::read(&a98).unwrap();
    assert_eq!(icc_of(&dir.join("out/adobe-rgb_t.png")), None);
    assert_eq!(icc_of(&dir.join("out/cmyk_t.png")), None);
    let kept_profile = icc_of(&dir.join("keep/adobe-rgb_t.png")).expect("kept");
    assert_eq!(kept_profile, a98_bytes);
    // Kept pixels are not sRGB: shown without their profile they are visibly off.
    let raw = image::open(dir.join("keep/adobe-rgb_t.png"))
        .unwrap()
        .to_rgb8();
    assert!(psnr(&raw, &reference) < kept_psnr - 3.0, "{figures}");
}

#[test]
fn broken_and_mismatched_profiles_are_dropped_with_a_warning_naming_the_file() {
    let test = "broken_and_mismatched_profiles_are_dropped_with_a_warning_naming_the_file";
    let Some((peers, dir, _)) = start(test, 300, 200) else {
        return;
    };
    let at = |name: &str| dir.join(name).to_string_lossy().into_owned();
    let (srgb, cmyk, gray) = (
        peers.profile("srgb.icc"),
        peers.profile("default_cmyk.icc"),
        peers.profile("sgray.icc"),
    );
    peers.convert(&[
        &at("original.png"),
        "-profile",
        &srgb,
        "-profile",
        &cmyk,
        &at("cmyk.jpg"),
    ]);
    peers.convert(&[
        &at("original.png"),
        "-colorspace",
        "Gray",
        "-profile",
        &gray,
        &at("in/gray.jpg"),
    ]);
    let cmyk_jpeg = std::fs::read(dir.join("cmyk.jpg")).unwrap();
    let cmyk_profile = std::fs::read(&cmyk).unwrap();
    let srgb_profile = std::fs::read(&srgb).unwrap();
    dir.write(
        "in/truncated-icc.jpg",
        with_icc_segment(&cmyk_jpeg, Some(&cmyk_profile[..cmyk_profile.len() / 3])),
    );
    dir.write(
        "in/rgb-profile-on-cmyk.jpg",
        with_icc_segment(&cmyk_jpeg, Some(&srgb_profile)),
    );
    dir.write(
        "in/garbage-icc.jpg",
        with_icc_segment(&cmyk_jpeg, Some(&[0x42; 200])),
    );
    let run = resize(&dir, &["in", "--out", "out", "--sizes", "small"]).run();
    run.assert_code(0);
    for name in [
        "truncated-icc.jpg",
        "rgb-profile-on-cmyk.jpg",
        "garbage-icc.jpg",
    ] {
        let line = run
            .stderr
            .lines()
            .find(|line| line.contains(name))
            .unwrap_or_else(|| panic!("no warning for {name}: {}", run.stderr));
        assert!(line.contains("WARN") && line.contains("profile"), "{line}");
        let thumbnail =
            image::open(dir.join(format!("out/{}", name.replace(".jpg", "_small.jpg")))).unwrap();
        assert_eq!(thumbnail.dimensions(), (150, 100), "{name}");
        assert_eq!(thumbnail.color(), image::ColorType::Rgb8, "{name}");
    }
    // Gray stays gray, with its profile.
    let gray_path = dir.join("out/gray_small.jpg");
    let gray_thumbnail = image::open(&gray_path).unwrap();
    assert_eq!(gray_thumbnail.color(), image::ColorType::L8);
    assert_eq!(
        icc_of(&gray_path).as_deref().map(|p| &p[16..20]),
        Some(&b"GRAY"[..])
    );
}

/// The built-in profile thumbctl reads untagged CMYK with, from the source tree, for ImageMagick
/// to read the same files through (an independent CMM, lcms2, with the same profile).
fn builtin_cmyk_profile() -> String {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("src/resize/decode/profiles/CGATS001Compat-v2-micro.icc")
        .to_string_lossy()
        .into_owned()
}

/// The sRGB picture as a 400x300 thumbnail would show it if every step were exact.
fn reference_of(original: &RgbImage) -> RgbImage {
    DynamicImage::ImageRgb8(original.clone())
        .resize_exact(400, 300, image::imageops::FilterType::Lanczos3)
        .to_rgb8()
}

impl Peers {
    /// ImageMagick's reading of a CMYK `source`, resized like the thumbnails: through
    /// `cmyk_profile` (assigned, for an untagged file), or with its plain formula
    /// R = (1 - C)(1 - K) when `None`.
    fn magick_reading(&self, source: &Path, cmyk_profile: Option<&str>) -> RgbImage {
        let out = source.with_extension(match cmyk_profile {
            Some(_) => "magick.png",
            None => "magick-plain.png",
        });
        let (source, out_text) = (source.to_string_lossy(), out.to_string_lossy());
        let srgb = self.profile("srgb.icc");
        let mut args = vec![&*source];
        match cmyk_profile {
            Some(profile) => args.extend(["-profile", profile, "-profile", &srgb]),
            None => args.extend(["-colorspace", "sRGB"]),
        }
        args.extend(["-resize", "400x300!", "-depth", "8", &out_text]);
        self.convert(&args);
        image::open(&out).unwrap().to_rgb8()
    }
}

/// The transform byte of a JPEG's APP14 "Adobe" segment (0 CMYK, 1 YCbCr, 2 YCCK), if it has one.
fn adobe_transform(jpeg: &[u8]) -> Option<u8> {
    let mut at = 2;
    while at + 4 <= jpeg.len() && jpeg[at] == 0xFF && jpeg[at + 1] != 0xDA {
        let length = usize::from(u16::from_be_bytes([jpeg[at + 2], jpeg[at + 3]]));
        let body = &jpeg[at + 4..at + 2 + length];
        if jpeg[at + 1] == 0xEE && body.starts_with(b"Adobe") {
            return body.get(11).copied();
        }
        at += 2 + length;
    }
    None
}

/// A JPEG without its APP14 "Adobe" segment.
fn without_adobe_segment(jpeg: &[u8]) -> Vec<u8> {
    rewrite_segments(jpeg, &[], |marker, payload| {
        marker == 0xEE && payload.starts_with(b"Adobe")
    })
}

#[test]
fn untagged_cmyk_is_read_with_the_builtin_swop_profile() {
    let test = "untagged_cmyk_is_read_with_the_builtin_swop_profile";
    let Some((peers, dir, original)) = start(test, 800, 600) else {
        return;
    };
    let at = |name: &str| dir.join(name).to_string_lossy().into_owned();
    let (srgb, swop) = (peers.profile("srgb.icc"), peers.profile("default_cmyk.icc"));
    // Two separations with a SWOP profile (Ghostscript's: Adobe's own SWOP v2 may not be
    // shipped): as Photoshop separates for press (perceptual with black point compensation, on
    // in its default colour settings), and ImageMagick's plain default (no compensation).
    peers.convert(&[
        &at("original.png"),
        "-black-point-compensation",
        "-profile",
        &srgb,
        "-profile",
        &swop,
        "-quality",
        "95",
        &at("swop-bpc.jpg"),
    ]);
    peers.convert(&[
        &at("original.png"),
        "-profile",
        &srgb,
        "-profile",
        &swop,
        "-quality",
        "95",
        &at("swop.jpg"),
    ]);
    for name in ["swop-bpc", "swop"] {
        let tagged = std::fs::read(dir.join(format!("{name}.jpg"))).unwrap();
        assert!(icc_of(&dir.join(format!("{name}.jpg"))).is_some());
        dir.write(
            format!("in/{name}-untagged.jpg"),
            with_icc_segment(&tagged, None),
        );
        dir.write(format!("in/{name}.jpg"), tagged);
        assert_eq!(icc_of(&dir.join(format!("in/{name}-untagged.jpg"))), None);
    }

    let sizes = ["--size", "t=400x400", "--sizes", "t", "--format", "png"];
    let mut args = vec!["in", "--out", "out"];
    args.extend_from_slice(&sizes);
    let run = resize(&dir, &args).run();
    run.assert_code(0);
    // Untagged CMYK is normal input: no warning.
    assert!(!run.stderr.contains("WARN"), "{}", run.stderr);
    // --cmyk-profile with the very profile the file was separated with: the tagged result.
    let swop_arg = swop.clone();
    let mut given_args = vec![
        "in/swop-untagged.jpg",
        "--out",
        "given",
        "--cmyk-profile",
        &swop_arg,
    ];
    given_args.extend_from_slice(&sizes);
    let given_run = resize(&dir, &given_args).run();
    given_run.assert_code(0);
    assert!(!given_run.stderr.contains("WARN"), "{}", given_run.stderr);

    let reference = reference_of(&original);
    let viewed = |path: &str| peers.as_viewed(&dir.join(path));
    let builtin = builtin_cmyk_profile();
    let (untagged_bpc, untagged) = (
        viewed("out/swop-bpc-untagged_t.png"),
        viewed("out/swop-untagged_t.png"),
    );
    let (tagged_bpc, tagged) = (viewed("out/swop-bpc_t.png"), viewed("out/swop_t.png"));
    let given = viewed("given/swop-untagged_t.png");
    let plain_bpc = peers.magick_reading(&dir.join("in/swop-bpc-untagged.jpg"), None);
    let plain = peers.magick_reading(&dir.join("in/swop-untagged.jpg"), None);
    let magick_bpc = peers.magick_reading(&dir.join("in/swop-bpc-untagged.jpg"), Some(&builtin));
    let magick = peers.magick_reading(&dir.join("in/swop-untagged.jpg"), Some(&builtin));
    let db = |image: &RgbImage| psnr(image, &reference);
    let figures = format!(
        "against the sRGB original: separated with compensation: built-in {:.1} dB (ImageMagick \
         with the built-in profile {:.1}), tagged {:.1}, plain formula {:.1}; without: built-in \
         {:.1} (ImageMagick {:.1}), tagged {:.1}, --cmyk-profile {:.1}, plain formula {:.1}; \
         thumbctl against ImageMagick with the same profile: {:.1} and {:.1}",
        db(&untagged_bpc),
        db(&magick_bpc),
        db(&tagged_bpc),
        db(&plain_bpc),
        db(&untagged),
        db(&magick),
        db(&tagged),
        db(&given),
        db(&plain),
        psnr(&untagged_bpc, &magick_bpc),
        psnr(&untagged, &magick),
    );
    eprintln!("{figures}");
    // Far better than the plain formula, whichever way the file was separated.
    assert!(db(&untagged_bpc) > db(&plain_bpc) + 10.0, "{figures}");
    assert!(db(&untagged) > db(&plain) + 5.0, "{figures}");
    // A Photoshop-style separation, untagged, reads back near the tagged file of ImageMagick's
    // separation (and better than its own tagged reading, which does no black point
    // compensation), and where lcms2 reads it with the same profile.
    assert!(db(&untagged_bpc) > db(&tagged) - 1.0, "{figures}");
    assert!(db(&untagged_bpc) > db(&tagged_bpc), "{figures}");
    assert!(db(&untagged_bpc) > db(&magick_bpc) - 1.5, "{figures}");
    assert!(db(&untagged) > db(&magick) - 1.5, "{figures}");
    assert!(psnr(&untagged_bpc, &magick_bpc) > 35.0, "{figures}");
    // --cmyk-profile FILE is the embedded profile's reading, pixel for pixel.
    assert!(given == tagged, "{figures}");
    assert_eq!(icc_of(&dir.join("out/swop-untagged_t.png")), None);
}

#[test]
fn ycck_and_adobe_less_cmyk_jpegs_look_like_the_srgb_original() {
    let test = "ycck_and_adobe_less_cmyk_jpegs_look_like_the_srgb_original";
    let (width, height) = (800u32, 600u32);
    let Some((peers, dir, original)) = start(test, width, height) else {
        return;
    };
    let at = |name: &str| dir.join(name).to_string_lossy().into_owned();
    let (srgb, swop) = (peers.profile("srgb.icc"), peers.profile("default_cmyk.icc"));
    // The CMYK samples (0 = no ink) of the picture separated with the SWOP profile, and the same
    // separation as ImageMagick writes it: a CMYK JPEG with the profile, the reference here.
    peers.convert(&[
        &at("original.png"),
        "-profile",
        &srgb,
        "-profile",
        &swop,
        "-depth",
        "8",
        &format!("cmyk:{}", at("samples.cmyk")),
    ]);
    peers.convert(&[
        &at("original.png"),
        "-profile",
        &srgb,
        "-profile",
        &swop,
        "-quality",
        "95",
        &at("in/magick-cmyk.jpg"),
    ]);
    let samples = std::fs::read(dir.join("samples.cmyk")).unwrap();
    assert_eq!(samples.len(), (width * height * 4) as usize);
    let swop_bytes = std::fs::read(&swop).unwrap();
    // libjpeg (mozjpeg) writes them: YCCK always with an Adobe segment (transform 2), whose
    // files store CMYK inverted (Photoshop's convention); plain CMYK here without the segment
    // and not inverted, as some non-Adobe writers do.
    let encode = |space: mozjpeg::ColorSpace, inverted: bool, profile: Option<&[u8]>| {
        let mut compress = mozjpeg::Compress::new(mozjpeg::ColorSpace::JCS_CMYK);
        compress.set_color_space(space);
        compress.set_size(width as usize, height as usize);
        compress.set_quality(95.0);
        let mut started = compress.start_compress(Vec::new()).unwrap();
        if let Some(profile) = profile {
            started.write_icc_profile(profile);
        }
        let stored: Vec<u8> = if inverted {
            samples.iter().map(|&value| 255 - value).collect()
        } else {
            samples.clone()
        };
        started.write_scanlines(&stored).unwrap();
        started.finish().unwrap()
    };
    let ycck = encode(mozjpeg::ColorSpace::JCS_YCCK, true, Some(&swop_bytes));
    let ycck_untagged = encode(mozjpeg::ColorSpace::JCS_YCCK, true, None);
    let plain_cmyk = without_adobe_segment(&encode(
        mozjpeg::ColorSpace::JCS_CMYK,
        false,
        Some(&swop_bytes),
    ));
    assert_eq!(adobe_transform(&ycck), Some(2), "YCCK");
    assert_eq!(adobe_transform(&ycck_untagged), Some(2), "YCCK");
    assert_eq!(adobe_transform(&plain_cmyk), None);
    dir.write("in/ycck.jpg", &ycck);
    dir.write("in/ycck-untagged.jpg", &ycck_untagged);
    dir.write("in/cmyk-no-adobe.jpg", &plain_cmyk);
    for name in ["ycck", "ycck-untagged", "cmyk-no-adobe"] {
        let decoder = ImageReader::open(dir.join(format!("in/{name}.jpg")))
            .unwrap()
            .with_guessed_format()
            .unwrap();
        assert_eq!(
            decoder.into_dimensions().unwrap(),
            (width, height),
            "{name}"
        );
    }

    let run = resize(
        &dir,
        &[
            "in",
            "--out",
            "out",
            "--size",
            "t=400x400",
            "--sizes",
            "t",
            "--format",
            "png",
        ],
    )
    .run();
    run.assert_code(0);
    assert!(!run.stderr.contains("WARN"), "{}", run.stderr);

    let reference = reference_of(&original);
    let viewed = |name: &str| {
        let path = dir.join(format!("out/{name}_t.png"));
        assert_eq!(icc_of(&path), None, "{name}: sRGB, untagged");
        peers.as_viewed(&path)
    };
    let (magick_cmyk, ycck_out, untagged_out, no_adobe_out) = (
        viewed("magick-cmyk"),
        viewed("ycck"),
        viewed("ycck-untagged"),
        viewed("cmyk-no-adobe"),
    );
    // ImageMagick reads YCCK through libjpeg too, and applies the embedded profile with lcms2.
    let magick_ycck = peers.magick_reading(&dir.join("in/ycck.jpg"), Some(&swop));
    let builtin = builtin_cmyk_profile();
    let magick_untagged = peers.magick_reading(&dir.join("in/ycck-untagged.jpg"), Some(&builtin));
    let plain_untagged = peers.magick_reading(&dir.join("in/ycck-untagged.jpg"), None);
    let db = |image: &RgbImage| psnr(image, &reference);
    let figures = format!(
        "against the sRGB original: CMYK by ImageMagick {:.1} dB, YCCK {:.1} (ImageMagick {:.1}, \
         thumbctl against it {:.1}), untagged YCCK {:.1} (ImageMagick with the built-in profile \
         {:.1}, plain formula {:.1}), CMYK without Adobe segment {:.1}",
        db(&magick_cmyk),
        db(&ycck_out),
        db(&magick_ycck),
        psnr(&ycck_out, &magick_ycck),
        db(&untagged_out),
        db(&magick_untagged),
        db(&plain_untagged),
        db(&no_adobe_out),
    );
    eprintln!("{figures}");
    // YCCK through its profile looks like the same separation stored as CMYK, and like
    // ImageMagick's reading of the very file.
    assert!(db(&ycck_out) > db(&magick_cmyk) - 1.0, "{figures}");
    assert!(db(&ycck_out) > db(&magick_ycck) - 4.0, "{figures}");
    assert!(psnr(&ycck_out, &magick_ycck) > 30.0, "{figures}");
    // Untagged YCCK goes through the built-in profile, as lcms2 reads it with that profile.
    assert!(db(&untagged_out) > db(&plain_untagged) + 5.0, "{figures}");
    assert!(db(&untagged_out) > db(&magick_untagged) - 1.5, "{figures}");
    // Without an Adobe segment the samples are taken as stored (not inverted): same colours.
    assert!(db(&no_adobe_out) > db(&magick_cmyk) - 1.0, "{figures}");
}

#[test]
fn an_unusable_cmyk_profile_is_a_usage_error_naming_the_file() {
    let dir = TestDir::new();
    dir.copy_testdata("formats/scene.jpg", "in/scene.jpg");
    dir.write(
        "srgb.icc",
        moxcms::ColorProfile::new_srgb().encode().unwrap(),
    );
    dir.write("garbage.icc", [0x42u8; 300]);
    let missing = dir.join("missing.icc");
    for (file, reason) in [
        (missing.clone(), "cannot read it"),
        (dir.join("srgb.icc"), "a profile for RGB data, not CMYK"),
        (dir.join("garbage.icc"), "not a readable ICC profile"),
        (dir.join("in"), "not a regular file"),
    ] {
        let file_text = file.to_string_lossy().into_owned();
        let run = resize(&dir, &["in", "--out", "out", "--cmyk-profile", &file_text]).run();
        run.assert_code(2);
        let line = run
            .stderr
            .lines()
            .find(|line| line.contains("--cmyk-profile"))
            .unwrap_or_else(|| panic!("no error line: {}", run.stderr));
        assert!(
            line.starts_with("error: ") && line.contains(&file_text) && line.contains(reason),
            "{line}"
        );
        // Said before any work: nothing written, not even --out.
        assert!(!dir.join("out").exists(), "{file_text}");
    }
}
