//! The JSON that scripts read stays the same across refactors: a `resize --json` run over
//! testdata/ and `load` reports against the workshop server (fixed seed) are compared, parsed, with
//! the reports recorded in tests/golden/. Key order carries no meaning; what depends on the clock
//! (timings, rates), on the temporary folders or on random ids is masked before comparing, and
//! nothing else is.
//!
//! After a change that is meant to alter a report, record it again with
//! `THUMBCTL_BLESS=1 cargo test --test json_reports` and review the diff of tests/golden/.

mod common;
#[path = "common/workshop.rs"]
mod workshop;

use std::path::{Path, PathBuf};

use common::TestDir;
use serde_json::Value;
use workshop::Workshop;

/// Keys whose values are timings, rates or per-run random ids: their numbers and strings are
/// masked, their shape (object, array, null) is kept.
const MASKED: [&str; 12] = [
    "elapsed_ms",
    "images_per_second",
    "duration_seconds",
    "requests_per_second",
    "send_rate",
    "latency_ms",
    "lag_ms",
    "at_seconds",
    "request_id",
    "trace_id",
    "w3c_trace_id",
    // The workshop server answers `POST /users` with a random id, so the body's length varies.
    "bytes_received",
];

fn mask(value: &mut Value, masked: bool) {
    match value {
        Value::Object(map) => {
            for (key, value) in map.iter_mut() {
                mask(value, masked || MASKED.contains(&key.as_str()));
            }
        }
        Value::Array(items) => items.iter_mut().for_each(|item| mask(item, masked)),
        Value::Number(_) if masked => *value = Value::from(0),
        Value::String(_) if masked => *value = Value::from("<masked>"),
        _ => {}
    }
}

/// Replaces the temporary folder in every string, so paths compare across runs.
fn relative_paths(value: &mut Value, dir: &Path) {
    let prefix = dir.to_string_lossy().into_owned();
    match value {
        Value::Object(map) => map.values_mut().for_each(|v| relative_paths(v, dir)),
        Value::Array(items) => items.iter_mut().for_each(|v| relative_paths(v, dir)),
        Value::String(text) => *text = text.replace(&prefix, "<dir>"),
        _ => {}
    }
}

fn golden_path(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/golden")
        .join(name)
}

/// Compares `actual` with the recorded report `name`, or records it under THUMBCTL_BLESS=1.
fn assert_same_as_recorded(name: &str, actual: &Value) {
    let path = golden_path(name);
    if std::env::var_os("THUMBCTL_BLESS").is_some() {
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        let text = serde_json::to_string_pretty(actual).unwrap() + "\n";
        std::fs::write(&path, text).unwrap();
        return;
    }
    let recorded: Value = serde_json::from_str(
        &std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display())),
    )
    .unwrap();
    // serde_json's maps compare without regard to key order.
    assert_eq!(
        actual,
        &recorded,
        "{name} differs from the recorded report; actual:\n{}",
        serde_json::to_string_pretty(actual).unwrap()
    );
}

#[test]
fn resize_ndjson_is_unchanged() {
    let dir = TestDir::new();
    for folder in ["formats", "broken", "orientation", "pixels", "color"] {
        dir.copy_testdata(folder, format!("in/{folder}"));
    }
    let run = dir
        .thumbctl(["--no-metrics", "resize", "in", "--out", "out", "--json"])
        .run();
    run.assert_code(1);
    let mut lines = run.json_lines();
    // A JPEG thumbnail's bytes depend on the libjpeg build (where it converts colours in C,
    // JPEG to JPEG stays YCbCr: src/resize/libjpeg.rs), so they are checked against the files
    // and the summary's total, then masked; everything else must match the recording.
    let mut total = 0;
    for line in &mut lines {
        let Some(outputs) = line.get_mut("outputs").and_then(Value::as_array_mut) else {
            continue;
        };
        for output in outputs {
            let file = dir.path().join(output["path"].as_str().unwrap());
            let bytes = output["bytes"].as_u64().unwrap();
            assert_eq!(bytes, std::fs::metadata(&file).unwrap().len(), "{output}");
            total += bytes;
            if output["format"] == "jpeg" {
                output["bytes"] = Value::from(0);
            }
        }
    }
    let summary = lines
        .iter_mut()
        .find(|line| line["type"] == "summary")
        .unwrap();
    assert_eq!(summary["bytes_written"], Value::from(total));
    summary["bytes_written"] = Value::from(0);
    for line in &mut lines {
        mask(line, false);
        relative_paths(line, dir.path());
    }
    // Sources come in completion order: sort them by path, the summary last.
    lines.sort_by_key(|line| {
        (
            line["type"] == "summary",
            line["path"].as_str().unwrap_or_default().to_string(),
        )
    });
    assert_eq!(lines.last().unwrap()["type"], "summary");
    assert_same_as_recorded("resize.json", &Value::Array(lines));
}

/// A `load` run with `--output-format json` against the workshop server, parsed and masked.
fn load_report(workshop: &Workshop, dir: &TestDir, args: &[&str]) -> Value {
    let run = dir
        .thumbctl(["--no-metrics", "load"])
        .args_list(args)
        .args_list(["--target", &workshop.url, "--output-format", "json"])
        .run();
    run.assert_code(0);
    let mut report: Value = serde_json::from_str(&run.stdout)
        .unwrap_or_else(|e| panic!("not JSON ({e}):\n{}\n{}", run.stdout, run.stderr));
    mask(&mut report, false);
    relative_paths(&mut report, dir.path());
    let target = workshop.url.clone();
    if let Value::Object(map) = &mut report {
        assert_eq!(map["target"], Value::from(target));
        map["target"] = Value::from("<workshop>");
    }
    report
}

trait ArgsList {
    fn args_list<S: AsRef<std::ffi::OsStr>>(self, args: impl IntoIterator<Item = S>) -> Self;
}

impl ArgsList for common::TestCommand {
    fn args_list<S: AsRef<std::ffi::OsStr>>(self, args: impl IntoIterator<Item = S>) -> Self {
        args.into_iter().fold(self, |command, arg| command.arg(arg))
    }
}

#[test]
fn load_quick_report_is_unchanged() {
    let workshop = Workshop::start();
    let dir = TestDir::new();
    let report = load_report(
        &workshop,
        &dir,
        // --threads: the default depends on the machine's cores.
        &[
            "quick",
            "--seed",
            "7",
            "--threads",
            "1",
            "--max-error-rate",
            "1%",
        ],
    );
    assert_eq!(workshop.log.arrival_count(), 50);
    assert_same_as_recorded("load-quick.json", &report);
}

#[test]
fn load_upload_report_is_unchanged() {
    let workshop = Workshop::start();
    let dir = TestDir::new();
    dir.copy_testdata("formats", "images");
    let report = load_report(&workshop, &dir, &["upload", "images", "--seed", "7"]);
    assert_eq!(
        workshop.log.arrival_count(),
        report["files"].as_array().unwrap().len()
    );
    assert_same_as_recorded("load-upload.json", &report);
}
