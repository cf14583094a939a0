//! `thumbctl resize` against the real binary, on temporary copies of `testdata/`. Every test
//! decodes what was written and looks at its pixels, sizes and metadata.

mod common;

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::time::{Duration, SystemTime};

use common::{icc_of, testdata, TestDir};
use image::{DynamicImage, GenericImageView, ImageDecoder, ImageReader};
use serde_json::Value;

/// `thumbctl --no-metrics resize <args>` in `dir`.
fn resize(dir: &TestDir, args: &[&str]) -> common::TestCommand {
    dir.thumbctl(["--no-metrics", "resize"]).args(args)
}

fn open(path: impl AsRef<Path>) -> DynamicImage {
    let path = path.as_ref();
    image::open(path).unwrap_or_else(|err| panic!("decode {}: {err}", path.display()))
}

fn rgb_at(image: &DynamicImage, x: u32, y: u32) -> [u8; 3] {
    let [r, g, b, _] = image.get_pixel(x, y).0;
    [r, g, b]
}

fn assert_close(actual: [u8; 3], expected: [u8; 3], tolerance: u8, what: &str) {
    let close = actual
        .iter()
        .zip(expected)
        .all(|(&a, e)| a.abs_diff(e) <= tolerance);
    assert!(
        close,
        "{what}: got {actual:?}, expected {expected:?} ± {tolerance}"
    );
}

/// No temporary or partial file anywhere under `out`.
fn assert_no_temp_files(dir: &TestDir, out: &str) {
    let leftovers: Vec<_> = dir
        .files_under(out)
        .into_iter()
        .filter(|file| {
            let name = file.file_name().unwrap().to_string_lossy();
            name.starts_with('.') || name.ends_with(".tmp")
        })
        .collect();
    assert!(leftovers.is_empty(), "temporary files left: {leftovers:?}");
}

fn summary(lines: &[Value]) -> &Value {
    let last = lines.last().expect("no JSON output");
    assert_eq!(last["type"], "summary", "last line is the summary: {last}");
    last
}

fn sources_with_status<'a>(lines: &'a [Value], status: &str) -> Vec<&'a Value> {
    lines
        .iter()
        .filter(|line| line["type"] == "source" && line["status"] == status)
        .collect()
}

#[test]
fn every_format_gives_thumbnails_of_the_right_size_and_aspect() {
    let dir = TestDir::new();
    dir.copy_testdata("formats", "in");
    let run = resize(&dir, &["in", "--out", "out"]).run();
    run.assert_code(0);
    assert!(run.error_lines().is_empty(), "{}", run.stderr);

    let stems = [
        "scene",
        "scene-png",
        "scene-gif",
        "scene-webp",
        "scene-tiff",
        "scene-bmp",
        "png-named-as",
    ];
    for stem in stems {
        // The scene is 240x160: small is scaled to 150x100; medium and large are not enlarged.
        for (size, expected) in [
            ("small", (150, 100)),
            ("medium", (240, 160)),
            ("large", (240, 160)),
        ] {
            // GIF decodes with an alpha channel, which this one leaves opaque: JPEG as well.
            let ext = "jpg";
            let thumbnail = open(dir.join(format!("out/{stem}_{size}.{ext}")));
            assert_eq!(thumbnail.dimensions(), expected, "{stem} {size}");
            // The white square of the scene (x 60..120, y 40..100) is still there, scaled.
            if size == "small" {
                assert_close(rgb_at(&thumbnail, 56, 43), [250, 250, 250], 12, stem);
            }
        }
    }
    assert_eq!(dir.files_under("out").len(), stems.len() * 3);
    assert!(
        run.stderr.contains("7 source(s): 7 processed"),
        "{}",
        run.stderr
    );
}

#[test]
fn enlarge_and_cover_and_custom_sizes() {
    let dir = TestDir::new();
    dir.copy_testdata("formats/scene.jpg", "in/scene.jpg");
    resize(
        &dir,
        &[
            "in",
            "--out",
            "out",
            "--size",
            "avatar=96x96",
            "--size",
            "wide=300x100",
        ],
    )
    .arg("--sizes=avatar,wide")
    .arg("--fit=cover")
    .arg("--enlarge")
    .run()
    .assert_code(0);
    assert_eq!(
        open(dir.join("out/scene_avatar.jpg")).dimensions(),
        (96, 96)
    );
    assert_eq!(
        open(dir.join("out/scene_wide.jpg")).dimensions(),
        (300, 100)
    );
    assert_eq!(
        dir.files_under("out"),
        vec![
            PathBuf::from("scene_avatar.jpg"),
            PathBuf::from("scene_wide.jpg")
        ]
    );

    resize(
        &dir,
        &["in", "--out", "contain", "--sizes", "large", "--enlarge"],
    )
    .run()
    .assert_code(0);
    assert_eq!(
        open(dir.join("contain/scene_large.jpg")).dimensions(),
        (800, 533)
    );
}

#[test]
fn exif_orientations_1_to_8_come_out_upright() {
    let dir = TestDir::new();
    dir.copy_testdata("orientation", "in");
    resize(
        &dir,
        &["in", "--out", "out", "--size", "t=45x45", "--sizes", "t"],
    )
    .run()
    .assert_code(0);
    for value in 1..=8 {
        let thumbnail = open(dir.join(format!("out/orientation_{value}_t.jpg")));
        let what = format!("orientation {value}");
        // Upright, the picture is 90x60 landscape: red block top-left, blue block bottom-right.
        assert_eq!(thumbnail.dimensions(), (45, 30), "{what}");
        assert_close(
            rgb_at(&thumbnail, 4, 4),
            [220, 20, 20],
            40,
            &format!("{what} top-left"),
        );
        assert_close(
            rgb_at(&thumbnail, 40, 26),
            [20, 20, 220],
            40,
            &format!("{what} bottom-right"),
        );
        assert_close(
            rgb_at(&thumbnail, 40, 4),
            [200, 200, 200],
            40,
            &format!("{what} top-right"),
        );
        // No stale orientation tag: the pixels are upright, so there must be nothing to rotate.
        let mut decoder = ImageReader::open(dir.join(format!("out/orientation_{value}_t.jpg")))
            .unwrap()
            .into_decoder()
            .unwrap();
        assert_eq!(
            decoder.exif_metadata().unwrap(),
            None,
            "{what}: EXIF left in output"
        );
    }
}

#[test]
fn alpha_is_kept_without_dark_fringes() {
    let dir = TestDir::new();
    dir.copy_testdata("pixels/alpha.png", "in/alpha.png");
    resize(
        &dir,
        &["in", "--out", "out", "--size", "t=50x50", "--sizes", "t"],
    )
    .run()
    .assert_code(0);
    let thumbnail = open(dir.join("out/alpha_t.png")).to_rgba8();
    assert_eq!(thumbnail.dimensions(), (50, 50));
    assert_eq!(
        thumbnail.get_pixel(0, 0).0[3],
        0,
        "corner stays transparent"
    );
    assert_eq!(
        thumbnail.get_pixel(25, 25).0,
        [255, 255, 255, 255],
        "centre stays opaque white"
    );
    let mut edge_pixels = 0;
    for pixel in thumbnail.pixels() {
        let [r, g, b, a] = pixel.0;
        if a > 8 && a < 247 {
            edge_pixels += 1;
            // The disc is white; the transparent pixels around it are black. Resized with
            // straight alpha, the edge would turn grey.
            assert!(
                r > 240 && g > 240 && b > 240,
                "dark fringe pixel {:?}",
                pixel.0
            );
        }
    }
    assert!(
        edge_pixels > 20,
        "the disc should have a soft edge, found {edge_pixels} pixels"
    );
}

#[test]
fn icc_profile_is_carried_into_the_thumbnail() {
    let dir = TestDir::new();
    dir.copy_testdata("color/icc-profile.jpg", "in/icc-profile.jpg");
    for format in ["jpeg", "png", "webp"] {
        let out = format!("out-{format}");
        resize(
            &dir,
            &["in", "--out", &out, "--sizes", "small", "--format", format],
        )
        .run()
        .assert_code(0);
        let ext = if format == "jpeg" { "jpg" } else { format };
        let source_profile = icc_of(&testdata("color/icc-profile.jpg")).expect("source has one");
        let written = icc_of(&dir.join(format!("{out}/icc-profile_small.{ext}")));
        assert_eq!(
            written.as_deref(),
            Some(source_profile.as_slice()),
            "{format}"
        );
    }
}

#[test]
fn cmyk_jpeg_colours_come_out_right() {
    let dir = TestDir::new();
    dir.copy_testdata("color/cmyk.jpg", "in/cmyk.jpg");
    resize(&dir, &["in", "--out", "out", "--sizes", "small"])
        .run()
        .assert_code(0);
    let thumbnail = open(dir.join("out/cmyk_small.jpg"));
    assert_eq!(thumbnail.color(), image::ColorType::Rgb8);
    assert_eq!(thumbnail.dimensions(), (120, 60));
    // The file has no profile, so it is read as SWOP (the built-in profile): its inks, made from
    // (255,0,0) and (0,160,0) with the plain formula, are a press's red and green. The expected
    // values are lcms2's (ImageMagick) through the same profile; the plain formula would give
    // back (255,0,0) and (0,160,0).
    assert_close(rgb_at(&thumbnail, 20, 30), [237, 28, 36], 25, "red patch");
    assert_close(rgb_at(&thumbnail, 100, 30), [0, 117, 56], 25, "green patch");
}

#[test]
fn sixteen_bit_gray_palette_and_animated_sources() {
    let dir = TestDir::new();
    dir.copy_testdata("pixels", "in");
    resize(&dir, &["in", "--out", "out", "--sizes", "small"])
        .run()
        .assert_code(0);

    let deep = open(dir.join("out/rgb16_small.jpg"));
    assert_eq!(deep.dimensions(), (150, 75));
    assert_close(rgb_at(&deep, 148, 73), [255, 255, 156], 20, "16-bit corner");

    for gray in ["gray_small.jpg", "gray-jpeg_small.jpg"] {
        let thumbnail = open(dir.join("out").join(gray));
        assert_eq!(
            thumbnail.color(),
            image::ColorType::L8,
            "{gray} stays grayscale"
        );
        assert_eq!(thumbnail.dimensions(), (150, 75));
    }

    let palette = open(dir.join("out/palette_small.jpg"));
    assert_eq!(palette.dimensions(), (150, 75));
    for (x, colour) in [
        (10, [0, 0, 0]),
        (55, [255, 0, 0]),
        (95, [0, 200, 0]),
        (140, [0, 0, 255]),
    ] {
        assert_close(
            rgb_at(&palette, x, 37),
            colour,
            30,
            &format!("palette band at x={x}"),
        );
    }

    // The first frame is opaque, so `auto` writes JPEG although GIF decodes with alpha.
    let animated = open(dir.join("out/animated_small.jpg"));
    assert_close(
        rgb_at(&animated, 60, 40),
        [230, 0, 0],
        10,
        "first GIF frame (red)",
    );
}

#[test]
fn broken_files_get_one_error_line_each_and_exit_1() {
    let dir = TestDir::new();
    dir.copy_testdata("broken", "in/broken");
    dir.copy_testdata("formats/scene.jpg", "in/good.jpg");
    let run = resize(&dir, &["in", "--out", "out"]).run();
    run.assert_code(1);
    let errors = run.error_lines();
    let expected = [
        ("in/broken/empty.jpg", "file is empty"),
        ("in/broken/huge-header.png", "over the --max-pixels limit"),
        ("in/broken/text.jpg", "not a recognised image format"),
        ("in/broken/truncated-jpeg.jpg", "truncated"),
        ("in/broken/truncated-png.png", "truncated"),
    ];
    assert_eq!(
        errors.len(),
        expected.len(),
        "one line per bad file:\n{}",
        run.stderr
    );
    for (path, reason) in expected {
        let matching: Vec<_> = errors.iter().filter(|line| line.contains(path)).collect();
        assert_eq!(matching.len(), 1, "{path}:\n{}", run.stderr);
        assert!(
            matching[0].starts_with(&format!("error: {path}: ")),
            "{}",
            matching[0]
        );
        assert!(matching[0].contains(reason), "{}", matching[0]);
    }
    // The good file is done; nothing half-written for the bad ones.
    assert_eq!(
        dir.files_under("out"),
        ["good_large.jpg", "good_medium.jpg", "good_small.jpg"].map(PathBuf::from)
    );
    assert_no_temp_files(&dir, "out");
}

#[test]
fn json_output_is_ndjson_with_reasons_and_a_summary() {
    let dir = TestDir::new();
    dir.copy_testdata("broken", "in/broken");
    dir.copy_testdata("formats/scene.jpg", "in/good.jpg");
    let run = resize(&dir, &["in", "--out", "out", "--json"]).run();
    run.assert_code(1);
    let lines = run.json_lines();
    let total = summary(&lines);
    assert_eq!(total["sources"], 6);
    assert_eq!(total["written"], 1);
    assert_eq!(total["failed"], 5);
    assert_eq!(total["thumbnails"], 3);
    assert_eq!(total["failures_by_reason"]["truncated"], 2);
    assert_eq!(total["failures_by_reason"]["too_large"], 1);
    assert_eq!(total["failures_by_reason"]["empty"], 1);
    assert_eq!(total["failures_by_reason"]["unsupported"], 1);

    let good = &sources_with_status(&lines, "written")[0];
    assert_eq!(good["path"], "in/good.jpg");
    assert_eq!(
        (good["width"].as_u64(), good["height"].as_u64()),
        (Some(240), Some(160))
    );
    let outputs = good["outputs"].as_array().unwrap();
    assert_eq!(outputs.len(), 3);
    for output in outputs {
        let path = dir.join(output["path"].as_str().unwrap());
        let bytes = std::fs::metadata(&path).unwrap().len();
        assert_eq!(output["bytes"].as_u64(), Some(bytes), "{output}");
        let decoded = open(&path);
        assert_eq!(output["width"].as_u64(), Some(u64::from(decoded.width())));
        assert_eq!(output["height"].as_u64(), Some(u64::from(decoded.height())));
        assert_eq!(output["format"], "jpeg");
    }
    let failed = sources_with_status(&lines, "failed");
    let bomb = failed
        .iter()
        .find(|line| line["path"] == "in/broken/huge-header.png")
        .unwrap();
    assert_eq!(bomb["error"]["reason"], "too_large");
}

/// `--log-format json`: every line on stderr is a JSON object, the error of each failed source
/// too, with its path and reason; the same errors as in text mode.
#[test]
fn json_log_format_writes_every_stderr_line_as_json() {
    let dir = TestDir::new();
    dir.copy_testdata("", "in");
    let text = resize(&dir, &["in", "--out", "out", "--dry-run"]).run();
    let run = resize(&dir, &["in", "--out", "out", "--log-format", "json"]).run();
    run.assert_code(1);
    let objects: Vec<Value> = run
        .stderr
        .lines()
        .map(|line| {
            serde_json::from_str(line)
                .unwrap_or_else(|err| panic!("not JSON ({err}): {line}\n{}", run.stderr))
        })
        .collect();
    let errors: Vec<&Value> = objects
        .iter()
        .filter(|object| object["level"] == "ERROR")
        .collect();
    assert_eq!(
        errors.len(),
        5,
        "one per file of testdata/broken/:\n{}",
        run.stderr
    );
    let mut as_text = Vec::new();
    for error in errors {
        let fields = &error["fields"];
        let path = fields["path"].as_str().unwrap();
        assert!(path.starts_with("in/broken/"), "{error}");
        assert!(
            fields["reason"].as_str().is_some_and(|r| !r.is_empty()),
            "{error}"
        );
        assert!(error["timestamp"].is_string(), "{error}");
        as_text.push(format!(
            "error: {path}: {}",
            fields["message"].as_str().unwrap()
        ));
    }
    // The dry run finds three of the five by their headers; the text lines say the same.
    for line in text.error_lines() {
        assert!(
            as_text.iter().any(|json| json == line),
            "{line} in {as_text:#?}"
        );
    }
    let summary = objects.iter().filter(|object| object["level"] == "INFO");
    assert!(
        summary
            .map(|object| object["fields"]["message"].as_str().unwrap())
            .any(|message| message.starts_with("28 source(s): 23 processed")),
        "{}",
        run.stderr
    );

    // A usage error too.
    let run = resize(&dir, &["in", "--out", "out2", "--shard", "0/2"])
        .args(["--log-format", "json"])
        .run();
    run.assert_code(2);
    let object: Value = serde_json::from_str(run.stderr.trim_end()).expect("one JSON line");
    assert_eq!(object["level"], "ERROR");
    assert!(object["fields"]["message"]
        .as_str()
        .unwrap()
        .contains("--shard"));
}

#[test]
fn usage_errors_exit_2_before_any_work() {
    let dir = TestDir::new();
    dir.copy_testdata("formats/scene.jpg", "in/scene.jpg");
    dir.write("a-file", "not a folder");
    for (args, expected) in [
        (
            vec!["in", "--out", "out", "--size", "avatar=96"],
            "--size 'avatar=96'",
        ),
        (
            vec!["in", "--out", "out", "--sizes", "huge"],
            "no size named 'huge'",
        ),
        (
            vec!["in", "--out", "out", "--shard", "4/3"],
            "--shard '4/3'",
        ),
        (
            vec!["in", "--out", "out", "--name", "{stem}_{sise}"],
            "unknown placeholder",
        ),
        (vec!["in", "--out", "out", "--quality", "0"], "--quality"),
        (vec!["missing-dir", "--out", "out"], "input 'missing-dir'"),
        (vec!["in", "--out", "a-file"], "not a directory"),
        (
            vec!["in", "--out", "a-file/thumbs"],
            "cannot write to --out 'a-file/thumbs'",
        ),
        (vec!["in", "--out", "in"], "is the input folder"),
    ] {
        let run = resize(&dir, &args).run();
        run.assert_code(2);
        assert!(run.stderr.contains(expected), "{args:?}: {}", run.stderr);
        assert!(!dir.join("out").exists(), "{args:?} wrote something");
    }
    assert_eq!(dir.files_under("in"), vec![PathBuf::from("scene.jpg")]);
}

#[test]
fn collisions_are_reported_and_never_overwritten() {
    let dir = TestDir::new();
    dir.copy_testdata("formats/scene.jpg", "in/photo.jpg");
    dir.copy_testdata("formats/scene-png.png", "in/photo.png");
    dir.copy_testdata("formats/scene.jpg", "in/other.jpg");
    let run = resize(&dir, &["in", "--out", "out"]).run();
    run.assert_code(1);
    let errors = run.error_lines();
    assert_eq!(errors.len(), 2, "{}", run.stderr);
    assert!(errors
        .iter()
        .any(|l| l.starts_with("error: in/photo.jpg: ") && l.contains("in/photo.png")));
    assert!(errors
        .iter()
        .any(|l| l.starts_with("error: in/photo.png: ") && l.contains("in/photo.jpg")));
    assert_eq!(
        dir.files_under("out"),
        ["other_large.jpg", "other_medium.jpg", "other_small.jpg"].map(PathBuf::from)
    );

    // With the source extension in the name, both are made.
    resize(&dir, &["in", "--out", "named", "--sizes", "small"])
        .arg("--name={dir}/{stem}.{source_ext}_{size}.{ext}")
        .run()
        .assert_code(0);
    assert_eq!(
        dir.files_under("named"),
        [
            "other.jpg_small.jpg",
            "photo.jpg_small.jpg",
            "photo.png_small.jpg"
        ]
        .map(PathBuf::from)
    );
}

#[test]
fn reruns_skip_up_to_date_sources_and_force_redoes_them() {
    let dir = TestDir::new();
    dir.copy_testdata("formats/scene.jpg", "in/a.jpg");
    dir.copy_testdata("formats/scene.jpg", "in/b.jpg");
    resize(&dir, &["in", "--out", "out"]).run().assert_code(0);
    let first_mtime = std::fs::metadata(dir.join("out/a_small.jpg"))
        .unwrap()
        .modified()
        .unwrap();

    let again = resize(&dir, &["in", "--out", "out", "--json"]).run();
    again.assert_code(0);
    let lines = again.json_lines();
    assert_eq!(sources_with_status(&lines, "skipped").len(), 2);
    assert_eq!(summary(&lines)["thumbnails"], 0);
    let mtime = std::fs::metadata(dir.join("out/a_small.jpg"))
        .unwrap()
        .modified()
        .unwrap();
    assert_eq!(
        mtime, first_mtime,
        "a skipped source's thumbnails are not rewritten"
    );

    // A source changed after its thumbnails were made is redone.
    let later = SystemTime::now() + Duration::from_secs(60);
    std::fs::File::options()
        .write(true)
        .open(dir.join("in/b.jpg"))
        .unwrap()
        .set_modified(later)
        .unwrap();
    let lines = resize(&dir, &["in", "--out", "out", "--json"])
        .run()
        .json_lines();
    let written = sources_with_status(&lines, "written");
    assert_eq!(written.len(), 1);
    assert_eq!(written[0]["path"], "in/b.jpg");

    let lines = resize(&dir, &["in", "--out", "out", "--json", "--force"])
        .run()
        .json_lines();
    assert_eq!(sources_with_status(&lines, "written").len(), 2);
}

#[test]
fn shards_cover_every_source_exactly_once() {
    let dir = TestDir::new();
    dir.copy_testdata("formats", "in/formats");
    dir.copy_testdata("orientation", "in/orientation");
    dir.copy_testdata("pixels", "in/pixels");
    let all_sources: BTreeSet<String> = dir
        .files_under("in")
        .iter()
        .map(|file| format!("in/{}", file.display()))
        .collect();
    let mut seen = BTreeSet::new();
    let shards = 3;
    for index in 1..=shards {
        let run = resize(&dir, &["in", "--out", "out", "--sizes", "small", "--json"])
            .arg(format!("--shard={index}/{shards}"))
            .run();
        run.assert_code(0);
        for line in sources_with_status(&run.json_lines(), "written") {
            let path = line["path"].as_str().unwrap().to_string();
            assert!(seen.insert(path.clone()), "{path} processed by two shards");
        }
    }
    assert_eq!(seen, all_sources);
    assert_eq!(dir.files_under("out").len(), all_sources.len());
}

/// A sharded job whose machines mount the tree at different places: an entry the walk cannot
/// use is reported by exactly one shard, like a source, because both are sharded by their path
/// relative to the input.
#[cfg(unix)]
#[test]
fn shards_report_each_unreadable_entry_once_wherever_the_tree_is_mounted() {
    let dir = TestDir::new();
    let mounts = ["a/photos", "mnt/nfs/b/photos"];
    let mut broken = BTreeSet::new();
    for mount in mounts {
        dir.copy_testdata("formats/scene.jpg", format!("{mount}/scene.jpg"));
        for index in 0..12 {
            let link = format!("d{index}/gone.jpg");
            let at = dir.join(mount).join(&link);
            std::fs::create_dir_all(at.parent().unwrap()).unwrap();
            std::os::unix::fs::symlink("nowhere.jpg", at).unwrap();
            broken.insert(link);
        }
    }
    let shards = 3;
    let mut reported = Vec::new();
    for index in 1..=shards {
        // Shard `index` runs on the machine that mounts the tree at `mounts[index % 2]`.
        let mount = mounts[index % 2];
        let run = resize(&dir, &[mount, "--out", &format!("out{index}"), "--json"])
            .args(["--follow-links", "--sizes", "small"])
            .arg(format!("--shard={index}/{shards}"))
            .run();
        for line in sources_with_status(&run.json_lines(), "failed") {
            assert_eq!(line["error"]["reason"], "not_found", "{line}");
            let path = line["path"].as_str().unwrap();
            let relative = path.strip_prefix(&format!("{mount}/")).unwrap();
            reported.push(relative.to_string());
        }
    }
    reported.sort();
    let expected: Vec<String> = broken.into_iter().collect();
    assert_eq!(
        reported, expected,
        "each unreadable entry by exactly one shard"
    );
}

#[test]
fn dry_run_lists_outputs_and_writes_nothing() {
    let dir = TestDir::new();
    dir.copy_testdata("formats/scene.jpg", "in/scene.jpg");
    dir.copy_testdata("pixels/alpha.png", "in/sub/alpha.png");
    let run = resize(&dir, &["in", "--out", "out", "--dry-run"]).run();
    run.assert_code(0);
    assert!(
        run.stdout
            .contains("in/scene.jpg -> out/scene_small.jpg (150x100)"),
        "{}",
        run.stdout
    );
    assert!(
        run.stdout
            .contains("in/sub/alpha.png -> out/sub/alpha_large.png (200x200)"),
        "{}",
        run.stdout
    );
    assert_eq!(run.stdout.lines().count(), 6);
    assert!(!dir.join("out").exists());

    let lines = resize(&dir, &["in", "--out", "out", "--dry-run", "--json"])
        .run()
        .json_lines();
    assert_eq!(sources_with_status(&lines, "planned").len(), 2);
    assert_eq!(summary(&lines)["dry_run"], true);
    assert!(!dir.join("out").exists());
}

#[test]
fn out_inside_an_input_is_not_walked() {
    let dir = TestDir::new();
    dir.copy_testdata("formats/scene.jpg", "photos/scene.jpg");
    resize(&dir, &["photos", "--out", "photos/thumbs"])
        .run()
        .assert_code(0);
    let lines = resize(
        &dir,
        &["photos", "--out", "photos/thumbs", "--force", "--json"],
    )
    .run()
    .json_lines();
    assert_eq!(
        summary(&lines)["sources"],
        1,
        "thumbnails were taken as sources"
    );
    assert_eq!(dir.files_under("photos/thumbs").len(), 3);
}

#[cfg(unix)]
#[test]
fn symlink_loops_are_reported_and_the_walk_ends() {
    let dir = TestDir::new();
    dir.copy_testdata("formats/scene.jpg", "in/a/scene.jpg");
    std::os::unix::fs::symlink("..", dir.join("in/a/loop")).unwrap();

    // Not followed by default: no loop, one source.
    let run = resize(&dir, &["in", "--out", "out", "--sizes", "small"]).run();
    run.assert_code(0);

    let run = resize(
        &dir,
        &["in", "--out", "out2", "--sizes", "small", "--follow-links"],
    )
    .run();
    run.assert_code(1);
    let errors = run.error_lines();
    assert_eq!(errors.len(), 1, "{}", run.stderr);
    assert!(
        errors[0].contains("in/a/loop") && errors[0].contains("loop"),
        "{}",
        errors[0]
    );
    assert!(dir.join("out2/a/scene_small.jpg").exists());
}

#[test]
fn fail_fast_stops_at_the_first_failure() {
    let dir = TestDir::new();
    dir.write("in/a-broken.jpg", "");
    for index in 0..6 {
        dir.copy_testdata("formats/scene.jpg", format!("in/b{index}.jpg"));
    }
    let run = resize(
        &dir,
        &["in", "--out", "out", "--fail-fast", "--jobs", "1", "--json"],
    )
    .run();
    run.assert_code(1);
    let lines = run.json_lines();
    assert_eq!(summary(&lines)["failed"], 1);
    assert!(
        summary(&lines)["not_started"].as_u64().unwrap() > 0,
        "{}",
        run.stdout
    );
    assert!(run.stderr.contains("--fail-fast"), "{}", run.stderr);
}

#[test]
fn formats_and_quality() {
    let dir = TestDir::new();
    dir.copy_testdata("formats/scene.jpg", "in/scene.jpg");
    resize(
        &dir,
        &[
            "in", "--out", "webp", "--sizes", "small", "--format", "webp",
        ],
    )
    .run()
    .assert_code(0);
    let webp = ImageReader::open(dir.join("webp/scene_small.webp")).unwrap();
    assert_eq!(webp.format(), Some(image::ImageFormat::WebP));
    assert_eq!(webp.decode().unwrap().dimensions(), (150, 100));

    resize(
        &dir,
        &["in", "--out", "png", "--sizes", "small", "--format", "png"],
    )
    .run()
    .assert_code(0);
    assert_eq!(
        open(dir.join("png/scene_small.png")).dimensions(),
        (150, 100)
    );

    let size_at = |quality: &str| {
        let out = format!("q{quality}");
        resize(
            &dir,
            &[
                "in",
                "--out",
                &out,
                "--sizes",
                "small",
                "--quality",
                quality,
            ],
        )
        .run()
        .assert_code(0);
        std::fs::metadata(dir.join(format!("{out}/scene_small.jpg")))
            .unwrap()
            .len()
    };
    assert!(size_at("30") < size_at("95"));

    // JPEG output of a source with alpha is composited over white, not over black.
    dir.copy_testdata("pixels/alpha.png", "alpha-in/alpha.png");
    resize(
        &dir,
        &[
            "alpha-in", "--out", "flat", "--sizes", "small", "--format", "jpeg",
        ],
    )
    .run()
    .assert_code(0);
    let flat = open(dir.join("flat/alpha_small.jpg"));
    assert_close(
        rgb_at(&flat, 2, 2),
        [255, 255, 255],
        8,
        "transparent corner on white",
    );
}

/// Ctrl-C in the middle of a larger tree: the run stops taking new files, removes nothing the
/// user had, leaves no partial file, prints its summary and exits 130.
#[cfg(unix)]
#[test]
fn ctrl_c_stops_cleanly_with_exit_130() {
    let dir = TestDir::new();
    // 300 copies of a 1000x750 noisy photo-like image: far more work than the test needs to
    // send its signal, so the run is always interrupted mid-way, however fast the machine.
    dir.noisy_jpeg_copies(
        1000,
        750,
        (0..300).map(|index| format!("in/{index:03}/photo.jpg")),
    );

    let run = resize(&dir, &["in", "--out", "out", "--json", "--jobs", "2"])
        .run_until_first_line_then_interrupt();
    let stderr = &run.stderr;

    assert_eq!(run.code, Some(130), "stderr:\n{stderr}");
    assert!(stderr.contains("Interrupted"), "{stderr}");
    let total: Value = serde_json::from_str(run.stdout.lines().last().unwrap()).unwrap();
    assert_eq!(total["type"], "summary");
    assert_eq!(total["interrupted"], true);
    assert!(total["not_started"].as_u64().unwrap() > 0, "{total}");
    assert_no_temp_files(&dir, "out");
    // Every thumbnail that exists is whole.
    for file in dir.files_under("out") {
        open(dir.join("out").join(file));
    }
    assert_eq!(dir.files_under("in").len(), 300, "sources untouched");
}

#[test]
fn extension_filter_is_case_insensitive_and_named_files_are_always_taken() {
    let dir = TestDir::new();
    dir.copy_testdata("formats/scene.jpg", "in/upper.JPG");
    dir.copy_testdata("formats/scene-png.png", "in/graphic.png");
    dir.copy_testdata("formats/scene.jpg", "in/notes.txt");
    dir.copy_testdata("formats/scene.jpg", "named.image");
    let run = resize(
        &dir,
        &[
            "in",
            "named.image",
            "--out",
            "out",
            "--sizes",
            "small",
            "--ext",
            "jpg",
        ],
    )
    .arg("--quiet")
    .run();
    run.assert_code(0);
    assert_eq!(run.stderr, "", "--quiet prints nothing but errors");
    assert_eq!(
        dir.files_under("out"),
        ["named_small.jpg", "upper_small.jpg"].map(PathBuf::from)
    );
}

/// A progressive JPEG (libjpeg's standard progression) whose last scan is repeated until the file
/// has `scans` scans: the slow-decode attack on progressive JPEG.
fn jpeg_with_repeated_scans(width: usize, height: usize, scans: usize) -> Vec<u8> {
    let pixels: Vec<u8> = (0..width * height * 3)
        .map(|i| (i * 7 % 251) as u8)
        .collect();
    let mut compress = mozjpeg::Compress::new(mozjpeg::ColorSpace::JCS_RGB);
    compress.set_fastest_defaults();
    compress.set_size(width, height);
    compress.set_quality(90.0);
    compress.set_progressive_mode();
    let mut started = compress.start_compress(Vec::new()).unwrap();
    started.write_scanlines(&pixels).unwrap();
    let jpeg = started.finish().unwrap();
    // Each scan runs from its SOS marker (FF DA) to the next marker that is not FF 00 or a
    // restart marker; the last one ends at the end-of-image marker.
    let end = jpeg.len() - 2;
    assert_eq!(jpeg[end..], [0xFF, 0xD9]);
    let last_scan = jpeg
        .windows(2)
        .rposition(|pair| pair == [0xFF, 0xDA])
        .unwrap();
    let existing = jpeg.windows(2).filter(|pair| *pair == [0xFF, 0xDA]).count();
    let mut out = jpeg[..end].to_vec();
    for _ in existing..scans {
        out.extend_from_slice(&jpeg[last_scan..end]);
    }
    out.extend_from_slice(&jpeg[end..]);
    out
}

#[test]
fn a_progressive_jpeg_with_hundreds_of_scans_is_refused_with_its_reason() {
    let dir = TestDir::new();
    dir.write("in/bomb.jpg", jpeg_with_repeated_scans(1200, 800, 500));
    dir.copy_testdata("formats/scene.jpg", "in/good.jpg");
    let run = resize(&dir, &["in", "--out", "out", "--json"]).run();
    run.assert_code(1);
    let lines = run.json_lines();
    let failed = sources_with_status(&lines, "failed");
    assert_eq!(failed.len(), 1, "{lines:?}");
    assert_eq!(failed[0]["error"]["reason"], "decode_failed");
    let message = failed[0]["error"]["message"].as_str().unwrap();
    assert!(
        message.contains("progressive JPEG with 500 scans, over the limit of 100"),
        "{message}"
    );
    let errors = run.error_lines();
    assert_eq!(errors.len(), 1, "{}", run.stderr);
    assert!(
        errors[0].starts_with("error: in/bomb.jpg: "),
        "{}",
        errors[0]
    );
    // The good file beside it is done as usual.
    assert_eq!(sources_with_status(&lines, "written").len(), 1, "{lines:?}");
}
