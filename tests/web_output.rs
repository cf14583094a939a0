//! The web formats against the real binary: lossy and lossless WebP, AVIF, and `--format auto`
//! by the alpha the pixels use. Every thumbnail is decoded again: WebP by the image crate, AVIF
//! by ImageMagick (through libheif), as a browser would read them.

mod common;
mod support_statsd;

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::Command;

use common::TestDir;
use image::{DynamicImage, GenericImageView, RgbImage, RgbaImage};

fn resize(dir: &TestDir, args: &[&str]) -> common::TestCommand {
    dir.thumbctl(["--no-metrics", "resize"]).args(args)
}

fn open(path: impl AsRef<Path>) -> DynamicImage {
    let path = path.as_ref();
    image::open(path).unwrap_or_else(|err| panic!("decode {}: {err}", path.display()))
}

/// A photo-like picture: smooth gradients under a fine texture, so that lossy and lossless
/// encoders differ as much as on real photos.
fn photo_like(width: u32, height: u32) -> RgbImage {
    RgbImage::from_fn(width, height, |x, y| {
        let (fx, fy) = (x as f32 / width as f32, y as f32 / height as f32);
        let texture = ((x as f32 * 0.7).sin() * (y as f32 * 0.45).cos() * 18.0) as i32;
        let channel = |base: f32| (base as i32 + texture).clamp(0, 255) as u8;
        image::Rgb([
            channel(40.0 + 180.0 * fx),
            channel(200.0 - 120.0 * fy),
            channel(90.0 + 100.0 * fx * fy),
        ])
    })
}

/// Peak signal-to-noise ratio of `a` against `b` over RGB, in dB (same dimensions).
fn psnr(a: &DynamicImage, b: &DynamicImage) -> f64 {
    assert_eq!(a.dimensions(), b.dimensions());
    let (a, b) = (a.to_rgb8(), b.to_rgb8());
    let squared: f64 = a
        .as_raw()
        .iter()
        .zip(b.as_raw())
        .map(|(&x, &y)| (f64::from(x) - f64::from(y)).powi(2))
        .sum();
    let mse = squared / a.as_raw().len() as f64;
    10.0 * (255.0f64 * 255.0 / mse.max(1e-10)).log10()
}

/// The RIFF chunk names of a WebP file, in order.
fn webp_chunks(path: &Path) -> Vec<String> {
    let bytes = std::fs::read(path).unwrap();
    assert_eq!(&bytes[0..4], b"RIFF", "{}", path.display());
    assert_eq!(&bytes[8..12], b"WEBP", "{}", path.display());
    let mut chunks = Vec::new();
    let mut at = 12;
    while at + 8 <= bytes.len() {
        let size = u32::from_le_bytes(bytes[at + 4..at + 8].try_into().unwrap()) as usize;
        chunks.push(String::from_utf8_lossy(&bytes[at..at + 4]).into_owned());
        at += 8 + size + (size & 1);
    }
    assert_eq!(at, bytes.len(), "chunks fill the file exactly");
    chunks
}

fn file_len(path: impl AsRef<Path>) -> u64 {
    std::fs::metadata(path.as_ref())
        .unwrap_or_else(|err| panic!("{}: {err}", path.as_ref().display()))
        .len()
}

#[test]
fn webp_is_lossy_at_quality_80_by_default_and_close_to_the_lossless_thumbnail() {
    let dir = TestDir::new();
    photo_like(1200, 800).save(dir.join("photo.png")).unwrap();
    let sizes = ["--size", "t=600x600", "--sizes", "t"];
    for (out, extra) in [
        ("lossy", &["--format", "webp"][..]),
        ("lossless", &["--format", "webp", "--lossless"][..]),
        ("q30", &["--format", "webp", "--quality", "30"][..]),
        ("q95", &["--format", "webp", "--quality", "95"][..]),
        ("png", &["--format", "png"][..]),
    ] {
        let mut args = vec!["photo.png", "--out", out];
        args.extend_from_slice(&sizes);
        args.extend_from_slice(extra);
        resize(&dir, &args).run().assert_code(0);
    }
    let lossy_path = dir.join("lossy/photo_t.webp");
    let lossless_path = dir.join("lossless/photo_t.webp");
    assert!(webp_chunks(&lossy_path).contains(&"VP8 ".to_string()));
    assert!(webp_chunks(&lossless_path).contains(&"VP8L".to_string()));

    let reference = open(dir.join("png/photo_t.png"));
    let lossy = open(&lossy_path);
    let lossless = open(&lossless_path);
    assert_eq!(lossy.dimensions(), (600, 400));
    assert_eq!(lossy.color(), image::ColorType::Rgb8, "no alpha invented");
    // Lossless is exactly the thumbnail PNG holds; lossy at 80 is a small fraction of it and
    // still close to it.
    assert_eq!(lossless.to_rgb8(), reference.to_rgb8());
    let quality_80 = psnr(&lossy, &reference);
    assert!(quality_80 > 32.0, "PSNR of WebP q80: {quality_80:.1} dB");
    let (lossy_bytes, lossless_bytes) = (file_len(&lossy_path), file_len(&lossless_path));
    assert!(
        lossy_bytes * 3 < lossless_bytes,
        "lossy {lossy_bytes} B vs lossless {lossless_bytes} B"
    );
    // --quality applies: fewer bytes and more error at 30, more bytes and less error at 95.
    let q30 = dir.join("q30/photo_t.webp");
    let q95 = dir.join("q95/photo_t.webp");
    assert!(file_len(&q30) < lossy_bytes && lossy_bytes < file_len(&q95));
    assert!(psnr(&open(&q30), &reference) < quality_80);
    assert!(psnr(&open(&q95), &reference) > quality_80);
}

#[test]
fn webp_effort_6_is_no_larger_than_the_default_which_is_effort_2() {
    let dir = TestDir::new();
    photo_like(1200, 800).save(dir.join("photo.png")).unwrap();
    let sizes = ["--size", "t=600x600", "--sizes", "t"];
    for (out, extra) in [
        ("default", &["--format", "webp"][..]),
        ("effort2", &["--format", "webp", "--effort", "2"][..]),
        ("effort6", &["--format", "webp", "--effort", "6"][..]),
        ("lossless", &["--format", "webp", "--lossless"][..]),
        (
            "lossless4",
            &["--format", "webp", "--lossless", "--effort", "4"][..],
        ),
        (
            "lossless0",
            &["--format", "webp", "--lossless", "--effort", "0"][..],
        ),
        ("png", &["--format", "png"][..]),
    ] {
        let mut args = vec!["photo.png", "--out", out];
        args.extend_from_slice(&sizes);
        args.extend_from_slice(extra);
        resize(&dir, &args).run().assert_code(0);
    }
    let reference = open(dir.join("png/photo_t.png"));
    let (default_path, effort6_path) = (
        dir.join("default/photo_t.webp"),
        dir.join("effort6/photo_t.webp"),
    );
    assert!(
        webp_chunks(&effort6_path).contains(&"VP8 ".to_string()),
        "still lossy"
    );
    let (default, effort6) = (open(&default_path), open(&effort6_path));
    assert_eq!(effort6.dimensions(), (600, 400));
    assert_eq!(default.dimensions(), (600, 400));
    // libwebp's slowest method searches harder than the default: no more bytes, the same look.
    let (default_bytes, effort6_bytes) = (file_len(&default_path), file_len(&effort6_path));
    assert!(
        effort6_bytes <= default_bytes,
        "--effort 6 {effort6_bytes} B vs default {default_bytes} B"
    );
    let (default_psnr, effort6_psnr) = (psnr(&default, &reference), psnr(&effort6, &reference));
    assert!(
        (effort6_psnr - default_psnr).abs() < 1.0,
        "PSNR --effort 6 {effort6_psnr:.2} dB vs default {default_psnr:.2} dB"
    );
    // The defaults are method 2 for lossy and 4 for lossless: the same bytes as asking for them.
    let read = |path: &str| std::fs::read(dir.join(path)).unwrap();
    assert!(read("effort2/photo_t.webp") == read("default/photo_t.webp"));
    assert!(read("lossless4/photo_t.webp") == read("lossless/photo_t.webp"));
    // --effort applies to lossless as well, which stays exact at the fastest setting.
    let lossless0 = dir.join("lossless0/photo_t.webp");
    assert!(webp_chunks(&lossless0).contains(&"VP8L".to_string()));
    assert_eq!(open(&lossless0).to_rgb8(), reference.to_rgb8());
}

#[test]
fn effort_out_of_range_or_for_another_format_is_a_usage_error() {
    let dir = TestDir::new();
    dir.copy_testdata("formats/scene.jpg", "in/scene.jpg");
    for (flags, named) in [
        // clap refuses the value, naming it and the flag.
        (&["--format", "avif", "--effort", "10"][..], "'10'"),
        (&["--format", "webp", "--effort=-1"][..], "'-1'"),
        // WebP's range is narrower than AVIF's.
        (&["--format", "webp", "--effort", "7"][..], "0-6"),
        // A format without an effort, including auto (the default), which never writes WebP.
        (&["--format", "jpeg", "--effort", "2"][..], "webp"),
        (&["--format", "png", "--effort", "2"][..], "avif"),
        (&["--effort", "2"][..], "webp"),
    ] {
        let mut args = vec!["in", "--out", "out"];
        args.extend_from_slice(flags);
        let run = resize(&dir, &args).run();
        run.assert_code(2);
        assert!(run.stderr.contains("--effort"), "{flags:?}: {}", run.stderr);
        assert!(run.stderr.contains(named), "{flags:?}: {}", run.stderr);
    }
    assert!(!dir.join("out").exists());
}

#[test]
fn webp_keeps_alpha_and_applies_the_orientation() {
    let dir = TestDir::new();
    dir.copy_testdata("pixels/alpha.png", "in/alpha.png");
    dir.copy_testdata("orientation/orientation_6.jpg", "in/orientation_6.jpg");
    dir.copy_testdata("color/icc-profile.jpg", "in/icc-profile.jpg");
    for lossless in [false, true] {
        let out = if lossless { "lossless" } else { "lossy" };
        let mut args = vec!["in", "--out", out, "--size", "t=50x50", "--sizes", "t"];
        args.extend_from_slice(&["--format", "webp"]);
        if lossless {
            args.push("--lossless");
        }
        resize(&dir, &args).run().assert_code(0);

        let alpha = open(dir.join(format!("{out}/alpha_t.webp")));
        assert_eq!(alpha.color(), image::ColorType::Rgba8, "{out}");
        let alpha = alpha.to_rgba8();
        assert_eq!(alpha.dimensions(), (50, 50));
        assert_eq!(alpha.get_pixel(0, 0).0[3], 0, "{out}: corner transparent");
        let centre = alpha.get_pixel(25, 25).0;
        assert_eq!(centre[3], 255, "{out}: centre opaque");
        assert!(centre[..3].iter().all(|&c| c > 240), "{out}: {centre:?}");

        // Stored 60x90 with orientation 6; upright it is 90x60, red block top-left.
        let upright = open(dir.join(format!("{out}/orientation_6_t.webp")));
        assert_eq!(upright.dimensions(), (50, 33), "{out}");
        let [r, g, b, _] = upright.get_pixel(4, 4).0;
        assert!(r > 180 && g < 70 && b < 70, "{out}: top-left {r},{g},{b}");

        let path = dir.join(format!("{out}/icc-profile_t.webp"));
        let chunks = webp_chunks(&path);
        assert_eq!(chunks[0], "VP8X", "{out}: {chunks:?}");
        assert_eq!(chunks[1], "ICCP", "{out}: {chunks:?}");
    }
}

#[test]
fn lossless_without_webp_is_a_usage_error() {
    let dir = TestDir::new();
    dir.copy_testdata("formats/scene.jpg", "in/scene.jpg");
    for format in ["jpeg", "auto", "avif"] {
        let run = resize(
            &dir,
            &["in", "--out", "out", "--format", format, "--lossless"],
        )
        .run();
        run.assert_code(2);
        assert!(run.stderr.contains("--lossless"), "{}", run.stderr);
    }
    assert!(!dir.join("out").exists());
}

#[test]
fn auto_picks_png_only_when_some_pixel_is_not_opaque() {
    let dir = TestDir::new();
    let photo = photo_like(300, 200);
    let mut opaque = RgbaImage::new(300, 200);
    for (out, pixel) in opaque.pixels_mut().zip(photo.pixels()) {
        out.0 = [pixel[0], pixel[1], pixel[2], 255];
    }
    let mut one_clear_pixel = opaque.clone();
    one_clear_pixel.put_pixel(299, 199, image::Rgba([0, 0, 0, 0]));
    std::fs::create_dir_all(dir.join("in")).unwrap();
    opaque.save(dir.join("in/opaque.png")).unwrap();
    one_clear_pixel.save(dir.join("in/clear.png")).unwrap();
    // A WebP with an unused alpha channel too (lossless, so it keeps its RGBA layout).
    let mut webp = Vec::new();
    image::codecs::webp::WebPEncoder::new_lossless(&mut webp)
        .encode(opaque.as_raw(), 300, 200, image::ExtendedColorType::Rgba8)
        .unwrap();
    dir.write("in/opaque-webp.webp", &webp);

    let run = resize(&dir, &["in", "--out", "out", "--sizes", "small", "--json"]).run();
    run.assert_code(0);
    let mut files: Vec<PathBuf> = dir.files_under("out");
    files.sort();
    assert_eq!(
        files,
        [
            "clear_small.png",
            "opaque-webp_small.jpg",
            "opaque_small.jpg"
        ]
        .map(PathBuf::from)
        .to_vec()
    );
    let clear = open(dir.join("out/clear_small.png")).to_rgba8();
    assert!(clear.pixels().any(|pixel| pixel.0[3] < 255));
    let jpeg = open(dir.join("out/opaque_small.jpg"));
    assert_eq!(jpeg.dimensions(), (150, 100));
    // The opaque sources lost nothing: the JPEG is close to the picture.
    let expected = DynamicImage::ImageRgb8(photo).resize_exact(
        150,
        100,
        image::imageops::FilterType::Lanczos3,
    );
    assert!(psnr(&jpeg, &expected) > 25.0);
    // The report says which format each source got.
    assert!(run.stdout.contains(r#""format":"jpeg""#), "{}", run.stdout);
    assert!(run.stdout.contains(r#""format":"png""#), "{}", run.stdout);
}

/// libheif's `heif-convert` (Debian's libheif-examples), which reads AVIF with its alpha plane
/// (ImageMagick 6 reads the colour planes only): `THUMBCTL_TEST_HEIF_CONVERT` or `heif-convert`
/// on the PATH. Absent, the test is skipped with a note; with `CI` set it fails instead.
fn avif_reader(test: &str) -> Option<PathBuf> {
    let program = std::env::var_os("THUMBCTL_TEST_HEIF_CONVERT")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from("heif-convert"));
    if Command::new(&program).arg("--version").output().is_ok() {
        return Some(program);
    }
    if std::env::var_os("CI").is_some() {
        panic!("{test}: CI is set but there is no heif-convert: .ci/peers-web.sh installs it");
    }
    let _ = writeln!(
        std::io::stderr().lock(),
        "SKIPPED {test}: no heif-convert to read AVIF (apt-get install libheif-examples, or set \
         THUMBCTL_TEST_HEIF_CONVERT); this test did NOT run"
    );
    None
}

/// An AVIF file decoded by libheif into RGBA pixels.
fn decode_avif(heif_convert: &Path, path: &Path) -> RgbaImage {
    let png = path.with_extension("decoded.png");
    let out = Command::new(heif_convert)
        .arg(path)
        .arg(&png)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "heif-convert {}: {}",
        path.display(),
        String::from_utf8_lossy(&out.stderr)
    );
    let decoded = open(&png).to_rgba8();
    std::fs::remove_file(&png).unwrap();
    decoded
}

#[test]
fn avif_is_smaller_than_jpeg_keeps_alpha_and_applies_the_orientation() {
    let Some(convert) =
        avif_reader("avif_is_smaller_than_jpeg_keeps_alpha_and_applies_the_orientation")
    else {
        return;
    };
    let dir = TestDir::new();
    std::fs::create_dir_all(dir.join("in")).unwrap();
    photo_like(600, 400).save(dir.join("in/photo.png")).unwrap();
    dir.copy_testdata("pixels/alpha.png", "in/alpha.png");
    dir.copy_testdata("orientation/orientation_6.jpg", "in/orientation_6.jpg");
    let sizes = ["--size", "t=300x300", "--sizes", "t"];
    for (out, format) in [("avif", "avif"), ("jpeg", "jpeg"), ("png", "png")] {
        let mut args = vec!["in", "--out", out, "--format", format];
        args.extend_from_slice(&sizes);
        resize(&dir, &args).run().assert_code(0);
    }
    let avif_path = dir.join("avif/photo_t.avif");
    let avif = DynamicImage::ImageRgba8(decode_avif(&convert, &avif_path));
    assert_eq!(avif.dimensions(), (300, 200));
    let reference = open(dir.join("png/photo_t.png"));
    let jpeg = open(dir.join("jpeg/photo_t.jpg"));
    let (avif_psnr, jpeg_psnr) = (psnr(&avif, &reference), psnr(&jpeg, &reference));
    let (avif_bytes, jpeg_bytes) = (file_len(&avif_path), file_len(dir.join("jpeg/photo_t.jpg")));
    assert!(avif_psnr > 30.0, "AVIF PSNR {avif_psnr:.1} dB");
    assert!(
        avif_bytes < jpeg_bytes,
        "AVIF {avif_bytes} B ({avif_psnr:.1} dB) vs JPEG {jpeg_bytes} B ({jpeg_psnr:.1} dB)"
    );

    let alpha = decode_avif(&convert, &dir.join("avif/alpha_t.avif"));
    assert_eq!(alpha.dimensions(), (200, 200), "not enlarged");
    assert!(alpha.get_pixel(0, 0).0[3] < 8, "corner transparent");
    assert!(alpha.get_pixel(100, 100).0[3] > 247, "centre opaque");

    let upright = decode_avif(&convert, &dir.join("avif/orientation_6_t.avif"));
    assert_eq!(upright.dimensions(), (90, 60), "not enlarged, upright");
    let [r, g, b, _] = upright.get_pixel(8, 8).0;
    assert!(r > 180 && g < 70 && b < 70, "top-left {r},{g},{b}");
}

/// The bits per channel an AVIF file's `pixi` box declares.
fn avif_bits_per_channel(path: &Path) -> Vec<u8> {
    let bytes = std::fs::read(path).unwrap();
    let at = bytes
        .windows(4)
        .position(|window| window == b"pixi")
        .unwrap_or_else(|| panic!("{}: no pixi box", path.display()));
    // Box type, then version and flags (4 bytes), the channel count, a byte per channel.
    let channels = usize::from(bytes[at + 8]);
    bytes[at + 9..at + 9 + channels].to_vec()
}

#[test]
fn avif_is_ten_bit_and_effort_sets_the_encoder_speed() {
    let dir = TestDir::new();
    std::fs::create_dir_all(dir.join("in")).unwrap();
    photo_like(600, 400).save(dir.join("in/photo.png")).unwrap();
    let sizes = ["--size", "t=300x300", "--sizes", "t"];
    for (out, flags) in [
        ("default", &["--format", "avif"][..]),
        ("effort1", &["--format", "avif", "--effort", "1"][..]),
        ("effort0", &["--format", "avif", "--effort", "0"][..]),
        ("png", &["--format", "png"][..]),
    ] {
        let mut args = vec!["in", "--out", out];
        args.extend_from_slice(flags);
        args.extend_from_slice(&sizes);
        resize(&dir, &args).run().assert_code(0);
    }
    let path = |out: &str| dir.join(format!("{out}/photo_t.avif"));
    assert_eq!(avif_bits_per_channel(&path("default")), [10, 10, 10]);
    // The default is effort 1 (rav1e speed 9); effort 0 (speed 10) is another encoding.
    let read = |out: &str| std::fs::read(path(out)).unwrap();
    assert!(read("effort1") == read("default"));
    assert!(read("effort0") != read("default"));
    if let Some(convert) = avif_reader("avif_is_ten_bit_and_effort_sets_the_encoder_speed") {
        let reference = open(dir.join("png/photo_t.png"));
        for out in ["default", "effort0"] {
            let decoded = DynamicImage::ImageRgba8(decode_avif(&convert, &path(out)));
            assert_eq!(decoded.dimensions(), (300, 200));
            let psnr = psnr(&decoded, &reference);
            assert!(psnr > 28.0, "{out}: PSNR {psnr:.1} dB");
        }
    }
}

#[test]
fn one_pixel_images_become_one_pixel_webp_and_avif() {
    let dir = TestDir::new();
    std::fs::create_dir_all(dir.join("in")).unwrap();
    RgbImage::from_pixel(1, 1, image::Rgb([200, 30, 40]))
        .save(dir.join("in/dot.png"))
        .unwrap();
    for format in ["webp", "avif"] {
        let run = resize(&dir, &["in", "--out", format, "--format", format]).run();
        run.assert_code(0);
        for size in ["small", "medium", "large"] {
            let path = dir.join(format!("{format}/dot_{size}.{format}"));
            assert!(file_len(&path) > 0, "{}", path.display());
            if format == "webp" {
                let dot = open(&path);
                assert_eq!(dot.dimensions(), (1, 1));
                let [r, g, b, _] = dot.get_pixel(0, 0).0;
                assert!(r > 170 && g < 70 && b < 70, "{r},{g},{b}");
            }
        }
    }
    if let Some(convert) = avif_reader("one_pixel_images_become_one_pixel_webp_and_avif") {
        let dot = decode_avif(&convert, &dir.join("avif/dot_small.avif"));
        assert_eq!(dot.dimensions(), (1, 1));
        let [r, g, b, _] = dot.get_pixel(0, 0).0;
        assert!(r > 170 && g < 70 && b < 70, "{r},{g},{b}");
    }
}

#[test]
fn webp_over_its_side_limit_is_refused_by_name_and_nothing_is_written() {
    let dir = TestDir::new();
    std::fs::create_dir_all(dir.join("in")).unwrap();
    RgbImage::from_pixel(200, 10, image::Rgb([10, 200, 30]))
        .save(dir.join("in/strip.png"))
        .unwrap();
    let run = resize(
        &dir,
        &[
            "in",
            "--out",
            "out",
            "--format",
            "webp",
            "--enlarge",
            "--size",
            "wide=20000x1000",
            "--sizes",
            "wide",
        ],
    )
    .run();
    run.assert_code(1);
    assert!(
        run.stderr.contains("strip.png") && run.stderr.contains("16383"),
        "{}",
        run.stderr
    );
    assert!(
        dir.files_under("out").is_empty(),
        "{:?}",
        dir.files_under("out")
    );
    // The same with JPEG works, at the full width.
    let run = resize(
        &dir,
        &[
            "in",
            "--out",
            "jpeg",
            "--format",
            "jpeg",
            "--enlarge",
            "--size",
            "wide=20000x1000",
            "--sizes",
            "wide",
        ],
    )
    .run();
    run.assert_code(0);
    assert_eq!(
        open(dir.join("jpeg/strip_wide.jpg")).dimensions(),
        (20000, 1000)
    );
}

#[test]
fn webp_and_avif_dry_runs_name_their_outputs() {
    let dir = TestDir::new();
    dir.copy_testdata("formats/scene.jpg", "in/scene.jpg");
    for format in ["webp", "avif"] {
        let run = resize(&dir, &["in", "--out", "out", "--format", format, "-n"]).run();
        run.assert_code(0);
        assert!(
            run.stdout.contains(&format!("scene_small.{format}")),
            "{}",
            run.stdout
        );
    }
}

#[test]
fn thumbnail_metrics_carry_the_new_formats_in_their_format_tag() {
    let dir = TestDir::new();
    std::fs::create_dir_all(dir.join("in")).unwrap();
    photo_like(64, 48).save(dir.join("in/photo.png")).unwrap();
    for format in ["webp", "avif"] {
        let receiver = support_statsd::UdpReceiver::start();
        let out = format!("out-{format}");
        dir.thumbctl([
            "resize", "in", "--out", &out, "--format", format, "--statsd",
        ])
        .arg(receiver.url())
        .run()
        .assert_code(0);
        let got = receiver.received();
        for name in ["thumbnail.generation.time", "thumbnail.size_bytes"] {
            let tags: Vec<Option<&str>> = got
                .lines
                .iter()
                .filter(|line| line.name.ends_with(name))
                .map(|line| line.tag("format"))
                .collect();
            assert_eq!(tags, vec![Some(format); 3], "{name}");
        }
    }
}
