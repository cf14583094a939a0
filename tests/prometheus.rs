//! The Prometheus path against real peers: a Prometheus Pushgateway (Debian's
//! `prometheus-pushgateway`, started here on a free 127.0.0.1 port with its own persistence
//! file) holds what `--pushgateway` pushed, and agrees with the run's summary; `promtool check
//! metrics` (Debian's `prometheus`) accepts what `--prom-textfile` wrote.
//!
//! The programs are found through `THUMBCTL_TEST_PUSHGATEWAY` and `THUMBCTL_TEST_PROMTOOL`
//! (`.ci/peers-obs.sh` sets them), else on the PATH. When one is missing these tests say they did
//! not run; with `CI` set they fail instead.

mod common;
#[path = "common/workshop.rs"]
mod workshop;

use std::collections::BTreeMap;
use std::io::Write;
use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use common::{free_port, http_get, RunOutcome, TestDir};
use serde_json::Value;

/// The program named by `variable`, else `name` on the PATH, else None after saying why.
fn peer(variable: &str, name: &str) -> Option<PathBuf> {
    if let Some(path) = std::env::var_os(variable) {
        return Some(PathBuf::from(path));
    }
    let on_path = std::env::var_os("PATH").and_then(|paths| {
        std::env::split_paths(&paths)
            .map(|dir| dir.join(name))
            .find(|candidate| candidate.is_file())
    });
    if on_path.is_none() {
        if std::env::var_os("CI").is_some() {
            panic!("CI is set but {name} is not installed and {variable} is not set (.ci/peers-obs.sh)");
        }
        eprintln!(
            "skipped: {name} not found ({variable} unset, not on PATH; see .ci/peers-obs.sh)"
        );
    }
    on_path
}

/// A Pushgateway of this test's own, killed at the end.
struct Pushgateway {
    url: String,
    child: Child,
    _dir: TestDir,
}

impl Drop for Pushgateway {
    fn drop(&mut self) {
        common::stop_peer(&mut self.child);
    }
}

impl Pushgateway {
    fn start(program: &std::path::Path) -> Pushgateway {
        let dir = TestDir::new();
        let port = free_port();
        let child = Command::new(program)
            .arg(format!("--web.listen-address=127.0.0.1:{port}"))
            .arg(format!(
                "--persistence.file={}",
                dir.join("pushgateway.data").display()
            ))
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("start prometheus-pushgateway");
        let gateway = Pushgateway {
            url: format!("http://127.0.0.1:{port}"),
            child,
            _dir: dir,
        };
        let give_up = Instant::now() + Duration::from_secs(20);
        while !matches!(http_get(&format!("{}/-/ready", gateway.url)), Ok((200, _))) {
            assert!(Instant::now() < give_up, "the Pushgateway did not start");
            std::thread::sleep(Duration::from_millis(100));
        }
        gateway
    }

    /// Samples of `name` (exactly) pushed by job thumbctl, by their label text.
    fn samples(&self, name: &str) -> BTreeMap<String, f64> {
        let (status, body) = http_get(&format!("{}/metrics", self.url)).unwrap();
        assert_eq!(status, 200);
        samples_of(&body, name)
            .into_iter()
            .filter(|(labels, _)| labels.contains("job=\"thumbctl\""))
            .collect()
    }
}

/// `name{labels} value` lines of the text format, as labels text -> value.
fn samples_of(text: &str, name: &str) -> BTreeMap<String, f64> {
    text.lines()
        .filter(|line| !line.starts_with('#'))
        .filter_map(|line| {
            let (series, value) = line.rsplit_once(' ')?;
            let (metric, labels) = match series.split_once('{') {
                Some((metric, labels)) => (metric, labels.trim_end_matches('}')),
                None => (series, ""),
            };
            (metric == name).then(|| (labels.to_string(), value.parse().unwrap()))
        })
        .collect()
}

/// The sum of the samples whose labels hold every `wanted` pair (over the other labels).
fn sum_with(samples: &BTreeMap<String, f64>, wanted: &[&str]) -> f64 {
    samples
        .iter()
        .filter(|(labels, _)| wanted.iter().all(|w| labels.contains(w)))
        .map(|(_, v)| *v)
        .sum()
}

/// The value of the one sample whose labels hold every `wanted` pair.
fn value_with(samples: &BTreeMap<String, f64>, wanted: &[&str]) -> f64 {
    let matching: Vec<f64> = samples
        .iter()
        .filter(|(labels, _)| wanted.iter().all(|w| labels.contains(w)))
        .map(|(_, v)| *v)
        .collect();
    assert!(
        matching.len() <= 1,
        "{wanted:?} matches several: {samples:?}"
    );
    matching.first().copied().unwrap_or(0.0)
}

fn resize_summary(run: &RunOutcome) -> Value {
    run.json_lines()
        .into_iter()
        .find(|r| r["type"] == "summary")
        .expect("the --json summary")
}

fn five_sources(dir: &TestDir) {
    for name in ["scene.jpg", "scene-png.png", "scene-gif.gif"] {
        let bytes = std::fs::read(common::testdata(&format!("formats/{name}"))).unwrap();
        dir.write(format!("in/{name}"), bytes);
    }
    for name in ["empty.jpg", "truncated-png.png"] {
        let bytes = std::fs::read(common::testdata(&format!("broken/{name}"))).unwrap();
        dir.write(format!("in/{name}"), bytes);
    }
}

#[test]
fn the_pushgateway_holds_counts_that_agree_with_the_summary() {
    let Some(program) = peer("THUMBCTL_TEST_PUSHGATEWAY", "prometheus-pushgateway") else {
        return;
    };
    let gateway = Pushgateway::start(&program);
    let dir = TestDir::new();
    five_sources(&dir);
    let run = dir
        .thumbctl([
            "--no-metrics",
            "--pushgateway",
            &gateway.url,
            "--tag",
            "team:images",
        ])
        .args(["resize", "in", "--out", "out", "--json"])
        .env("DD_ENV", "ci")
        .run();
    run.assert_code(1);
    let summary = resize_summary(&run);
    assert_eq!(summary["sources"], 5);

    let sources = gateway.samples("thumbctl_resize_sources_total");
    let group = ["team=\"images\"", "instance=\""];
    for labels in sources.keys() {
        assert!(group.iter().all(|g| labels.contains(g)), "{labels}");
        assert!(labels.contains("env=\"ci\"") && labels.contains("service=\"thumbctl\""));
    }
    assert_eq!(
        value_with(&sources, &["status=\"success\""]),
        summary["written"].as_f64().unwrap()
    );
    let failures = summary["failures_by_reason"].as_object().unwrap();
    for (reason, count) in failures {
        assert_eq!(
            value_with(
                &sources,
                &["status=\"error\"", &format!("reason=\"{reason}\"")]
            ),
            count.as_f64().unwrap(),
            "{reason}"
        );
    }
    let thumbnails = gateway.samples("thumbctl_resize_thumbnails_total");
    assert_eq!(
        thumbnails.values().sum::<f64>(),
        summary["thumbnails"].as_f64().unwrap()
    );
    for size in ["small", "medium", "large"] {
        let per_size = sum_with(&thumbnails, &[&format!("size=\"{size}\"")]);
        assert_eq!(per_size, summary["written"].as_f64().unwrap(), "{size}");
        let timed = gateway.samples("thumbctl_resize_thumbnail_duration_seconds_count");
        assert_eq!(value_with(&timed, &[&format!("size=\"{size}\"")]), per_size);
    }
    assert_eq!(
        gateway
            .samples("thumbctl_resize_thumbnail_bytes_total")
            .values()
            .sum::<f64>(),
        summary["bytes_written"].as_f64().unwrap()
    );
    let duration = gateway.samples("thumbctl_resize_duration_seconds");
    assert_eq!(duration.len(), 1);
    let seconds = *duration.values().next().unwrap();
    assert!(seconds > 0.0 && seconds * 1000.0 <= summary["elapsed_ms"].as_f64().unwrap() + 1.0);

    // PUT: a re-run over fewer sources replaces the group rather than adding to it.
    std::fs::remove_file(dir.join("in/empty.jpg")).unwrap();
    let rerun = dir
        .thumbctl([
            "--no-metrics",
            "--pushgateway",
            &gateway.url,
            "--tag",
            "team:images",
        ])
        .args(["resize", "in", "--out", "out2", "--json"])
        .env("DD_ENV", "ci")
        .run();
    rerun.assert_code(1);
    let sources = gateway.samples("thumbctl_resize_sources_total");
    assert_eq!(
        value_with(&sources, &["reason=\"empty\""]),
        0.0,
        "{sources:?}"
    );
    assert_eq!(value_with(&sources, &["status=\"success\""]), 3.0);
}

#[test]
fn a_gateway_that_is_down_costs_a_warning_and_nothing_else() {
    let dir = TestDir::new();
    five_sources(&dir);
    let without = dir
        .thumbctl(["--no-metrics", "resize", "in", "--out", "a"])
        .run();
    let down = format!("http://127.0.0.1:{}", free_port());
    let with = dir
        .thumbctl([
            "--no-metrics",
            "--pushgateway",
            &down,
            "resize",
            "in",
            "--out",
            "b",
        ])
        .run();
    assert_eq!(with.code, without.code);
    assert_eq!(with.stdout, without.stdout);
    let warnings: Vec<&str> = with
        .stderr
        .lines()
        .filter(|l| l.contains("Pushgateway"))
        .collect();
    assert_eq!(warnings.len(), 1, "{}", with.stderr);
    assert!(warnings[0].contains(&down), "{}", warnings[0]);
    assert_eq!(with.error_lines(), without.error_lines());
}

fn promtool_accepts(promtool: &std::path::Path, path: &std::path::Path) {
    let text = std::fs::read(path).unwrap();
    let mut check = Command::new(promtool)
        .args(["check", "metrics"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("run promtool");
    check.stdin.take().unwrap().write_all(&text).unwrap();
    let output = check.wait_with_output().unwrap();
    assert!(
        output.status.success(),
        "promtool check metrics refused {}:\n{}{}\n--- the file\n{}",
        path.display(),
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr),
        String::from_utf8_lossy(&text)
    );
}

#[test]
fn promtool_accepts_the_textfiles_of_resize_and_load() {
    let Some(promtool) = peer("THUMBCTL_TEST_PROMTOOL", "promtool") else {
        return;
    };
    let dir = TestDir::new();
    five_sources(&dir);
    let textfile = dir.join("textfile/thumbctl.prom");
    std::fs::create_dir_all(textfile.parent().unwrap()).unwrap();
    let run = dir
        .thumbctl(["--no-metrics", "--prom-textfile"])
        .arg(&textfile)
        .args(["resize", "in", "--out", "out", "--json"])
        .run();
    run.assert_code(1);
    promtool_accepts(&promtool, &textfile);
    let text = std::fs::read_to_string(&textfile).unwrap();
    let summary = resize_summary(&run);
    assert_eq!(
        samples_of(&text, "thumbctl_resize_thumbnails_total")
            .values()
            .sum::<f64>(),
        summary["thumbnails"].as_f64().unwrap()
    );
    assert!(text.contains("# TYPE thumbctl_resize_thumbnail_duration_seconds histogram"));
    // Nothing but the file itself is left in the folder (the temporary file was renamed).
    assert_eq!(
        std::fs::read_dir(textfile.parent().unwrap())
            .unwrap()
            .count(),
        1
    );

    let workshop = workshop::Workshop::start();
    let load_file = dir.join("textfile/load.prom");
    let load = common::thumbctl(["--no-metrics", "--prom-textfile"])
        .arg(&load_file)
        .args(["load", "url", &format!("{}/error?rate=100", workshop.url)])
        .args([
            "-n",
            "8",
            "-c",
            "2",
            "--target",
            &workshop.url,
            "--output-format",
            "json",
        ])
        .run();
    load.assert_code(1);
    assert_eq!(
        workshop
            .log
            .arrivals()
            .iter()
            .filter(|a| a.uri.starts_with("/error"))
            .count(),
        8
    );
    promtool_accepts(&promtool, &load_file);
    let text = std::fs::read_to_string(&load_file).unwrap();
    let requests = samples_of(&text, "thumbctl_load_requests_total");
    assert_eq!(
        value_with(
            &requests,
            &["step=\"url\"", "status=\"500\"", "outcome=\"unexpected\""]
        ),
        8.0,
        "{text}"
    );
    let latencies = samples_of(&text, "thumbctl_load_request_duration_seconds_count");
    assert_eq!(latencies.values().sum::<f64>(), 8.0);
}
