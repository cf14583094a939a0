//! End to end: the real `thumbctl` binary sends to sockets this test owns (UDP and Unix datagram),
//! every datagram is parsed against the DogStatsD grammar, and what arrived is compared with what
//! the run itself reports (its NDJSON, its summary) and, for `load`, with what a real HTTP server
//! served.
//!
//! Assertions are about metrics (values), never about how many lines or datagrams carry them: a
//! line may pack several values (`name:v1:v2|d`), and each value counts as one metric.

mod common;
mod support_statsd;

#[path = "common/workshop.rs"]
mod workshop;

use std::collections::BTreeMap;
use std::net::TcpListener;
use std::process::Command;

use common::{interrupt, RunOutcome, TestDir};
use serde_json::Value;
use support_statsd::{Line, Received, UdpReceiver, UnixReceiver};
use workshop::Workshop;

// ---- reading what arrived ----

/// Metrics in a set of lines: a line packing several values carries several metrics.
fn metric_count<'a>(lines: impl IntoIterator<Item = &'a Line>) -> u64 {
    lines.into_iter().map(|l| l.values.len() as u64).sum()
}

/// The value of tag `key` on `line`, `-` when absent.
fn tag_or_dash(line: &Line, key: &str) -> String {
    line.tag(key).unwrap_or("-").to_string()
}

/// Per combination of the `keys` tag values of the lines named `name`: how many values, and
/// their sum (a counter's total).
fn tally(got: &Received, name: &str, keys: &[&str]) -> BTreeMap<Vec<String>, (u64, f64)> {
    let mut out: BTreeMap<Vec<String>, (u64, f64)> = BTreeMap::new();
    for line in got.named(name) {
        let key = keys.iter().map(|k| tag_or_dash(line, k)).collect();
        let entry = out.entry(key).or_default();
        entry.0 += line.values.len() as u64;
        entry.1 += line.values.iter().sum::<f64>();
    }
    out
}

/// Counter totals per tag combination.
fn counter_sums(got: &Received, name: &str, keys: &[&str]) -> BTreeMap<Vec<String>, u64> {
    tally(got, name, keys)
        .into_iter()
        .map(|(k, (_, sum))| (k, sum as u64))
        .collect()
}

/// How many values (timings, histogram points) per tag combination.
fn value_counts(got: &Received, name: &str, keys: &[&str]) -> BTreeMap<Vec<String>, u64> {
    tally(got, name, keys)
        .into_iter()
        .map(|(k, (count, _))| (k, count))
        .collect()
}

/// Every value of the lines named `name` carrying tag `key:value` for each pair, sorted.
fn sorted_values(got: &Received, name: &str, tags: &[(&str, &str)]) -> Vec<u64> {
    let mut values: Vec<u64> = got
        .named(name)
        .filter(|l| tags.iter().all(|(k, v)| l.tag(k) == Some(v)))
        .flat_map(|l| l.values.iter().map(|&v| v as u64))
        .collect();
    values.sort_unstable();
    values
}

fn key(parts: &[&str]) -> Vec<String> {
    parts.iter().map(|p| p.to_string()).collect()
}

/// Panics unless `counts` (as from [`counter_sums`]) has a positive total for the tag values
/// `parts`.
fn assert_counted(counts: &BTreeMap<Vec<String>, u64>, parts: &[&str]) {
    assert!(
        counts.get(&key(parts)).copied().unwrap_or(0) > 0,
        "{parts:?} not counted in {counts:?}"
    );
}

/// A line's tags that are not constant tags, as `key -> value`.
fn own_tags(line: &Line, constant: &[&str]) -> BTreeMap<String, String> {
    line.tags
        .iter()
        .filter(|t| !constant.contains(&t.as_str()))
        .map(|t| {
            let (k, v) = t.split_once(':').unwrap_or((t, ""));
            (k.to_string(), v.to_string())
        })
        .collect()
}

// ---- resize ----

/// The tag keys each resize metric carries (besides the constant tags), and its type; `None` for
/// a timing, whose type depends on `--timing-type`.
fn resize_metric_shape(name: &str) -> (&'static [&'static str], Option<&'static str>) {
    match name {
        "thumbnail.generation.time" => (&["format", "size"], None),
        "thumbnail.size_bytes" => (&["format", "size"], Some("h")),
        "worker.process.total_time" => (&["status"], None),
        "worker.process.count" => (&["status"], Some("c")), // + reason with status:error
        "image.source.size_bytes" => (&["status"], Some("h")),
        "thumbctl.resize.duration" => (&[], None),
        "thumbctl.resize.images" => (&["status"], Some("c")),
        "thumbctl.resize.images_per_second" => (&[], Some("g")),
        "thumbctl.resize.bytes_read" | "thumbctl.resize.bytes_written" => (&[], Some("c")),
        other => panic!("unexpected metric {other:?} from resize"),
    }
}

/// A `resize --json` run's per-source objects and its summary.
fn resize_json(run: &RunOutcome) -> (Vec<Value>, Value) {
    let mut lines = run.json_lines();
    let summary = lines.pop().expect("a summary line");
    assert_eq!(summary["type"], "summary", "{}", run.stdout);
    assert!(lines.iter().all(|l| l["type"] == "source"));
    (lines, summary)
}

fn metric_status(source: &Value) -> &'static str {
    match source["status"].as_str().unwrap() {
        "written" => "success",
        "failed" => "error",
        "skipped" => "skipped",
        other => panic!("no metric status for a {other} source"),
    }
}

fn u64_of(value: &Value) -> u64 {
    value
        .as_u64()
        .unwrap_or_else(|| panic!("not a count: {value}"))
}

/// What a run must produce, from its own summary: two per thumbnail, three per source read
/// (count, time, size), one per skipped source, seven once per run.
fn expected_resize_metrics(summary: &Value) -> u64 {
    2 * u64_of(&summary["thumbnails"])
        + 3 * (u64_of(&summary["written"]) + u64_of(&summary["failed"]))
        + u64_of(&summary["skipped"])
        + 7
}

/// Checks everything a resize run sent against its NDJSON report; returns the number of metrics.
fn check_resize_metrics(
    got: &Received,
    sources: &[Value],
    summary: &Value,
    constant: &[&str],
    prefix: &str,
    timing_kind: &str,
) -> u64 {
    assert!(!got.lines.is_empty(), "nothing arrived");
    let mut unprefixed = Vec::new();
    for line in &got.lines {
        let name = line
            .name
            .strip_prefix(prefix)
            .unwrap_or_else(|| panic!("{} lacks the prefix {prefix:?}", line.name));
        let (keys, kind) = resize_metric_shape(name);
        assert_eq!(
            line.kind,
            kind.unwrap_or(timing_kind),
            "type of {name}: {line:?}"
        );
        for tag in constant {
            assert_eq!(
                line.tags.iter().filter(|t| t == tag).count(),
                1,
                "{line:?} must carry the constant tag {tag} once"
            );
        }
        let own = own_tags(line, constant);
        let mut want: Vec<&str> = keys.to_vec();
        if name == "worker.process.count" && own.get("status").map(String::as_str) == Some("error")
        {
            want.push("reason");
        }
        want.sort_unstable();
        assert_eq!(
            own.keys().map(String::as_str).collect::<Vec<_>>(),
            want,
            "tags of {line:?}"
        );
        assert_eq!(line.sample_rate, None, "{line:?}");
        for &v in &line.values {
            assert!(v >= 0.0, "{line:?}");
            if line.kind == "ms" || line.kind == "c" {
                assert_eq!(v.fract(), 0.0, "whole numbers in {line:?}");
            }
        }
        let mut line = line.clone();
        line.name = name.to_string();
        unprefixed.push(line);
    }
    let got = &Received {
        datagrams: got.datagrams.clone(),
        lines: unprefixed,
    };

    // One worker.process.count per source, with the status and reason the report gives it.
    let mut want_counts: BTreeMap<Vec<String>, u64> = BTreeMap::new();
    for source in sources {
        let reason = source["error"]["reason"]
            .as_str()
            .unwrap_or("-")
            .to_string();
        *want_counts
            .entry(vec![metric_status(source).to_string(), reason])
            .or_default() += 1;
    }
    assert_eq!(
        counter_sums(got, "worker.process.count", &["status", "reason"]),
        want_counts,
        "worker.process.count per status and reason"
    );
    assert!(
        got.named("worker.process.count")
            .all(|l| l.values.iter().all(|&v| v == 1.0)),
        "each source is counted with a 1"
    );

    // One generation time and one size per thumbnail written, tagged with its size and format.
    let mut want_thumbnails: BTreeMap<Vec<String>, Vec<u64>> = BTreeMap::new();
    for source in sources.iter().filter(|s| s["status"] == "written") {
        for output in source["outputs"].as_array().unwrap() {
            want_thumbnails
                .entry(vec![
                    output["format"].as_str().unwrap().to_string(),
                    output["size"].as_str().unwrap().to_string(),
                ])
                .or_default()
                .push(u64_of(&output["bytes"]));
        }
    }
    assert_eq!(
        value_counts(got, "thumbnail.generation.time", &["format", "size"]),
        want_thumbnails
            .iter()
            .map(|(k, v)| (k.clone(), v.len() as u64))
            .collect(),
        "one thumbnail.generation.time per thumbnail"
    );
    for ((format, size), bytes) in want_thumbnails.iter().map(|(k, v)| ((&k[0], &k[1]), v)) {
        let mut bytes = bytes.clone();
        bytes.sort_unstable();
        assert_eq!(
            sorted_values(
                got,
                "thumbnail.size_bytes",
                &[("format", format), ("size", size)]
            ),
            bytes,
            "thumbnail.size_bytes of {size} {format}"
        );
    }
    assert_eq!(
        metric_count(got.named("thumbnail.size_bytes")),
        u64_of(&summary["thumbnails"])
    );

    // Sources read (not skipped ones): their time and size.
    for status in ["success", "error"] {
        let mut bytes: Vec<u64> = sources
            .iter()
            .filter(|s| metric_status(s) == status)
            .map(|s| u64_of(&s["source_bytes"]))
            .collect();
        bytes.sort_unstable();
        assert_eq!(
            sorted_values(got, "image.source.size_bytes", &[("status", status)]),
            bytes,
            "image.source.size_bytes of {status} sources"
        );
        assert_eq!(
            metric_count(
                got.named("worker.process.total_time")
                    .filter(|l| l.tag("status") == Some(status))
            ),
            bytes.len() as u64,
            "worker.process.total_time of {status} sources"
        );
    }

    // Once per run.
    assert_eq!(metric_count(got.named("thumbctl.resize.duration")), 1);
    assert_eq!(
        metric_count(got.named("thumbctl.resize.images_per_second")),
        1
    );
    assert_eq!(
        counter_sums(got, "thumbctl.resize.images", &["status"]),
        BTreeMap::from([
            (key(&["error"]), u64_of(&summary["failed"])),
            (key(&["skipped"]), u64_of(&summary["skipped"])),
            (key(&["success"]), u64_of(&summary["written"])),
        ])
    );
    assert_eq!(metric_count(got.named("thumbctl.resize.images")), 3);
    for (name, field) in [
        ("thumbctl.resize.bytes_read", "bytes_read"),
        ("thumbctl.resize.bytes_written", "bytes_written"),
    ] {
        let values: Vec<u64> = sorted_values(got, name, &[]);
        assert_eq!(values, [u64_of(&summary[field])], "{name}");
    }

    // Nothing lost, nothing extra: what arrived is what the summary says was sent.
    let total = metric_count(&got.lines);
    assert_eq!(total, expected_resize_metrics(summary), "{:#?}", got.lines);
    assert_eq!(
        summary["metrics"],
        serde_json::json!({"enabled": true, "sent": total, "dropped": 0}),
        "the summary counts what the socket got"
    );
    total
}

/// [`check_resize_metrics`] for a run with the default metric settings: `service:thumbctl` as the
/// only constant tag, no prefix, timings as distributions (`d`).
fn check_default_resize_metrics(got: &Received, sources: &[Value], summary: &Value) -> u64 {
    check_resize_metrics(got, sources, summary, &["service:thumbctl"], "", "d")
}

/// The closing text summary's metrics line: `(sent, dropped)`.
fn text_summary_metrics(stderr: &str) -> (u64, u64) {
    let line = stderr
        .lines()
        .find(|l| l.starts_with("Metrics: "))
        .unwrap_or_else(|| panic!("no Metrics: line in\n{stderr}"));
    let numbers: Vec<u64> = line
        .split(|c: char| !c.is_ascii_digit())
        .filter(|s| !s.is_empty())
        .map(|s| s.parse().unwrap())
        .collect();
    assert_eq!(
        line,
        format!("Metrics: {} sent, {} dropped.", numbers[0], numbers[1])
    );
    (numbers[0], numbers[1])
}

/// The whole of `testdata/` (28 sources, five of them broken) under `in/`.
fn testdata_tree(dir: &TestDir) {
    dir.copy_testdata("", "in");
}

/// Constant tags from every source the official clients read, plus `--tag`.
const DD_ENV_VARS: [(&str, &str); 5] = [
    ("DD_ENV", "CI-Test"),
    ("DD_SERVICE", "thumbs"),
    ("DD_VERSION", "1.2.3"),
    ("DD_TAGS", "team:images,zone:b rack:7"),
    ("DD_ENTITY_ID", "0d5e1f3a-pod"),
];
const CONSTANT_TAGS: [&str; 9] = [
    "env:ci-test",
    "service:thumbs",
    "version:1.2.3",
    "team:images",
    "zone:b",
    "rack:7",
    "dd.internal.entity_id:0d5e1f3a-pod",
    "build:42",
    "canary",
];

fn with_dd_env(mut command: common::TestCommand) -> common::TestCommand {
    for (k, v) in DD_ENV_VARS {
        command = command.env(k, v);
    }
    command
        .arg("--tag")
        .arg("build:42")
        .arg("--tag")
        .arg("Canary")
}

#[test]
fn udp_resize_of_testdata_sends_what_its_report_says() {
    let dir = TestDir::new();
    testdata_tree(&dir);
    let receiver = UdpReceiver::start();
    let run = with_dd_env(dir.thumbctl([
        "resize",
        "in",
        "--out",
        "out",
        "--json",
        "--statsd",
        &receiver.url(),
    ]))
    .run();
    run.assert_code(1); // testdata/broken/
    let (sources, summary) = resize_json(&run);
    assert_eq!(sources.len(), 28);
    assert_eq!(summary["failed"], 5);
    let got = receiver.received(); // parsed strictly; every datagram within 1432 bytes
    assert!(got.datagrams.len() > 1, "this much needs several datagrams");
    let total = check_resize_metrics(&got, &sources, &summary, &CONSTANT_TAGS, "", "d");
    // The text summary on stderr says the same.
    assert_eq!(text_summary_metrics(&run.stderr), (total, 0));
    // Error reasons from testdata/broken/ arrive as tags.
    let reasons = counter_sums(&got, "worker.process.count", &["reason"]);
    for reason in ["empty", "unsupported", "truncated", "too_large"] {
        assert!(reasons.contains_key(&key(&[reason])), "{reasons:?}");
    }
}

#[test]
fn unix_socket_resize_sends_what_its_report_says_and_a_rerun_counts_skipped_sources() {
    let dir = TestDir::new();
    testdata_tree(&dir);
    let resize_to = |receiver: &UnixReceiver| {
        let run = dir
            .thumbctl(["resize", "in", "--out", "out", "--json", "--statsd"])
            .arg(receiver.url())
            .run();
        run.assert_code(1);
        resize_json(&run)
    };
    let receiver = UnixReceiver::start(dir.path(), true);
    let (sources, summary) = resize_to(&receiver);
    let got = receiver.received(); // every datagram within 8192 bytes
    let first = check_default_resize_metrics(&got, &sources, &summary);

    // Again over the same tree: sources written before are skipped (counted once each, neither
    // timed nor sized), the broken ones fail again.
    std::fs::create_dir(dir.join("again")).unwrap();
    let receiver = UnixReceiver::start(&dir.join("again"), true);
    let (sources, summary) = resize_to(&receiver);
    assert_eq!(summary["skipped"], 23);
    assert_eq!(summary["written"], 0);
    let got = receiver.received();
    let second = check_default_resize_metrics(&got, &sources, &summary);
    assert_eq!(
        counter_sums(&got, "worker.process.count", &["status"]),
        BTreeMap::from([(key(&["error"]), 5), (key(&["skipped"]), 23)])
    );
    assert_eq!(got.named("thumbnail.generation.time").count(), 0);
    assert!(second < first);
}

#[test]
fn prefix_and_timer_type_on_the_wire() {
    let dir = TestDir::new();
    dir.copy_testdata("formats", "in");
    dir.copy_testdata("broken/empty.jpg", "in/empty.jpg");
    let receiver = UdpReceiver::start();
    let run = dir
        .thumbctl([
            "resize",
            "in",
            "--out",
            "out",
            "--json",
            "--metrics-prefix",
            "acme.imaging",
            "--timing-type",
            "timer",
            "--statsd",
            &receiver.url(),
        ])
        .run();
    run.assert_code(1);
    let (sources, summary) = resize_json(&run);
    let got = receiver.received();
    check_resize_metrics(
        &got,
        &sources,
        &summary,
        &["service:thumbctl"],
        "acme.imaging.",
        "ms",
    );
    assert!(got.lines.iter().all(|l| l.kind != "d"), "no distribution");
    assert!(got
        .lines
        .iter()
        .any(|l| l.name == "acme.imaging.thumbnail.generation.time" && l.kind == "ms"));
}

#[test]
fn no_metrics_sends_nothing_even_with_an_address() {
    let dir = TestDir::new();
    dir.copy_testdata("formats/scene.jpg", "in/scene.jpg");
    let flag = UdpReceiver::start();
    let env = UdpReceiver::start();
    let run = dir
        .thumbctl([
            "resize",
            "in",
            "--out",
            "out",
            "--json",
            "--no-metrics",
            "--statsd",
            &flag.url(),
        ])
        .env("DD_DOGSTATSD_URL", &env.url())
        .run();
    run.assert_code(0);
    let (_, summary) = resize_json(&run);
    assert_eq!(
        summary["metrics"],
        serde_json::json!({"enabled": false, "sent": 0, "dropped": 0})
    );
    assert!(!run.stderr.contains("Metrics:"), "{}", run.stderr);
    assert_eq!(flag.received().lines.len(), 0);
    assert_eq!(env.received().lines.len(), 0);
    assert_eq!(dir.files_under("out").len(), 3, "the work is done");
}

#[test]
fn a_dry_run_sends_no_resize_metrics() {
    let dir = TestDir::new();
    testdata_tree(&dir);
    let receiver = UdpReceiver::start();
    let run = dir
        .thumbctl(["resize", "in", "--out", "out", "--dry-run", "--json"])
        .arg("--statsd")
        .arg(receiver.url())
        .run();
    run.assert_code(1); // three broken files are found out by their headers
    let (_, summary) = resize_json(&run);
    assert_eq!(summary["planned"], 25); // truncated files pass the header check
    assert_eq!(
        summary["metrics"],
        serde_json::json!({"enabled": true, "sent": 0, "dropped": 0})
    );
    assert_eq!(receiver.received().lines, []);
}

#[test]
fn the_address_comes_from_the_flag_then_dd_dogstatsd_url_then_agent_host_and_port() {
    let dir = TestDir::new();
    dir.copy_testdata("formats/scene.jpg", "in/scene.jpg");
    let socket_dir = tempfile::tempdir().unwrap();
    // Which of (flag, url, host+port, unix in DD_AGENT_HOST) got the metrics, per setting.
    let cases: [(&str, [bool; 3], usize); 4] = [
        ("flag, url, host and port set", [true, true, true], 0),
        ("url, host and port set", [false, true, true], 1),
        ("host and port set", [false, false, true], 2),
        ("unix URL in DD_AGENT_HOST", [false, false, false], 3),
    ];
    for (index, (case, set, winner)) in cases.into_iter().enumerate() {
        let receivers = [
            UdpReceiver::start(),
            UdpReceiver::start(),
            UdpReceiver::start(),
        ];
        let unix_dir = socket_dir.path().join(index.to_string());
        std::fs::create_dir(&unix_dir).unwrap();
        let unix = UnixReceiver::start(&unix_dir, true);
        let out = format!("out{index}");
        let mut command = dir.thumbctl(["resize", "in", "--out", &out, "--sizes", "small"]);
        if set[0] {
            command = command.arg("--statsd").arg(receivers[0].url());
        }
        if set[1] {
            command = command.env("DD_DOGSTATSD_URL", &receivers[1].url());
        }
        if set[2] {
            let port = receivers[2].url().rsplit(':').next().unwrap().to_string();
            command = command
                .env("DD_AGENT_HOST", "127.0.0.1")
                .env("DD_DOGSTATSD_PORT", &port);
        } else if winner == 3 {
            command = command.env("DD_AGENT_HOST", &unix.url());
        }
        let run = command.run();
        run.assert_code(0);
        let got: Vec<u64> = receivers
            .iter()
            .map(|r| metric_count(&r.received().lines))
            .chain([metric_count(&unix.received().lines)])
            .collect();
        let (sent, dropped) = text_summary_metrics(&run.stderr);
        let mut want = vec![0; 4];
        want[winner] = sent;
        assert_eq!(got, want, "{case}: metrics per receiver");
        // One source, one thumbnail: 2 + 3 + 7.
        assert_eq!((sent, dropped), (12, 0), "{case}");
    }
}

#[test]
fn malformed_metrics_settings_exit_2_before_any_work() {
    let dir = TestDir::new();
    dir.copy_testdata("formats/scene.jpg", "in/scene.jpg");
    // (flags, environment, what the error message must name)
    type Case<'a> = (&'a [&'a str], &'a [(&'a str, &'a str)], &'a str);
    let cases: &[Case] = &[
        (&["--statsd", "localhost:8125"], &[], "--statsd"),
        (&["--statsd", "tcp://127.0.0.1:8125"], &[], "--statsd"),
        (&["--statsd", "unix://relative.socket"], &[], "--statsd"),
        (&["--statsd", "udp://127.0.0.1:0"], &[], "--statsd"),
        (
            &[],
            &[("DD_DOGSTATSD_URL", "127.0.0.1:8125")],
            "DD_DOGSTATSD_URL",
        ),
        (
            &[],
            &[
                ("DD_AGENT_HOST", "127.0.0.1"),
                ("DD_DOGSTATSD_PORT", "eighty"),
            ],
            "DD_DOGSTATSD_PORT",
        ),
        (&["--tag", "team:"], &[], "--tag"),
        (&[], &[("DD_TAGS", "ok:1,9lives")], "DD_TAGS"),
        (&["--metrics-prefix", "my-app"], &[], "--metrics-prefix"),
    ];
    for (args, env, names) in cases {
        let mut command = dir.thumbctl(["resize", "in", "--out", "out"]).args(*args);
        for (k, v) in *env {
            command = command.env(k, v);
        }
        let run = command.run();
        run.assert_code(2);
        assert_eq!(run.stdout, "", "{args:?} {env:?}");
        let errors = run.error_lines();
        assert_eq!(errors.len(), 1, "{args:?} {env:?}: {}", run.stderr);
        assert!(
            errors[0].contains(names),
            "{args:?} {env:?}: the message names {names}: {}",
            errors[0]
        );
        assert!(
            !dir.join("out").exists(),
            "{args:?} {env:?}: no work before the usage error"
        );
    }
    // The flag wins, so a bad variable it overrides is not read at all.
    let receiver = UdpReceiver::start();
    dir.thumbctl(["resize", "in", "--out", "out", "--sizes", "small"])
        .arg("--statsd")
        .arg(receiver.url())
        .env("DD_DOGSTATSD_URL", "garbage")
        .env("DD_DOGSTATSD_PORT", "garbage")
        .run()
        .assert_code(0);
    assert_eq!(metric_count(&receiver.received().lines), 12);
}

/// Ctrl-C in the middle of a run: what was queued is still sent, and the summary's counts are
/// what the socket got.
#[test]
fn ctrl_c_still_flushes_what_was_queued() {
    let dir = TestDir::new();
    // 100 copies of a 400x300 noisy image, one at a time: far more work than the test needs to
    // send its signal (right after the first source is done), however fast the machine.
    dir.noisy_jpeg_copies(400, 300, (0..100).map(|index| format!("in/{index:03}.jpg")));
    let receiver = UdpReceiver::start();
    let run = dir
        .thumbctl([
            "resize",
            "in",
            "--out",
            "out",
            "--json",
            "--jobs",
            "1",
            "--statsd",
            &receiver.url(),
        ])
        .run_until_first_line_then_interrupt(); // one source done: work is under way
    assert_eq!(run.code, Some(130), "{}", run.stderr);
    let (sources, summary) = resize_json(&run);
    assert_eq!(summary["interrupted"], true);
    assert!(u64_of(&summary["not_started"]) > 0, "{summary}");
    // Sources not started are neither reported as done nor counted.
    let done: Vec<Value> = sources
        .into_iter()
        .filter(|s| s["status"] != "not_started")
        .collect();
    let got = receiver.received();
    check_default_resize_metrics(&got, &done, &summary);
}

/// Files the walk cannot read are sources that failed: counted with status:error and a reason.
#[cfg(unix)]
#[test]
fn unreadable_entries_are_counted_as_errors() {
    let dir = TestDir::new();
    dir.copy_testdata("formats/scene.jpg", "in/a/scene.jpg");
    std::os::unix::fs::symlink("..", dir.join("in/a/loop")).unwrap();
    std::os::unix::fs::symlink("gone.jpg", dir.join("in/dangling.jpg")).unwrap();
    let fifo = dir.join("pipe.jpg");
    let made = Command::new("mkfifo").arg(&fifo).status().unwrap();
    assert!(made.success());
    let receiver = UdpReceiver::start();
    let run = dir
        .thumbctl([
            "resize",
            "in",
            "pipe.jpg",
            "--out",
            "out",
            "--sizes",
            "small",
            "--follow-links",
            "--json",
            "--statsd",
            &receiver.url(),
        ])
        .run();
    run.assert_code(1);
    let (sources, summary) = resize_json(&run);
    assert_eq!(summary["failed"], 3, "{}", run.stdout);
    let got = receiver.received();
    check_default_resize_metrics(&got, &sources, &summary);
    assert_eq!(
        counter_sums(&got, "worker.process.count", &["status", "reason"]),
        BTreeMap::from([
            (key(&["error", "not_found"]), 1),
            (key(&["error", "symlink_loop"]), 1),
            (key(&["error", "unsupported"]), 1),
            (key(&["success", "-"]), 1),
        ])
    );
}

// ---- an absent agent ----

/// stderr lines that do not depend on timing or on metrics being on, sorted.
fn stable_stderr(stderr: &str) -> Vec<String> {
    let mut lines: Vec<String> = stderr
        .lines()
        .filter(|l| !l.starts_with("Metrics: ") && !l.contains(" images/s"))
        .map(str::to_string)
        .collect();
    lines.sort();
    lines
}

/// NDJSON without timings and without the metrics summary.
fn stable_json(stdout: &str) -> Vec<Value> {
    let mut lines: Vec<Value> = stdout
        .lines()
        .map(|l| serde_json::from_str::<Value>(l).unwrap())
        .map(|mut v| {
            let object = v.as_object_mut().unwrap();
            for field in ["elapsed_ms", "images_per_second", "metrics"] {
                object.remove(field);
            }
            v
        })
        .collect();
    lines.sort_by_key(|v| v.to_string());
    lines
}

#[test]
fn an_absent_agent_changes_nothing_but_one_plain_warning_line() {
    let closed_port = {
        let probe = std::net::UdpSocket::bind("127.0.0.1:0").unwrap();
        probe.local_addr().unwrap().port()
    }; // dropped: nothing listens there any more
    let missing = TestDir::new();
    let small_tree = |dir: &TestDir| {
        dir.copy_testdata("formats", "in/formats");
        dir.copy_testdata("broken", "in/broken");
    };
    let baseline_dir = TestDir::new();
    small_tree(&baseline_dir);
    let args = ["resize", "in", "--out", "out", "--json", "--jobs", "2"];
    let baseline = baseline_dir.thumbctl(args).arg("--no-metrics").run();
    baseline.assert_code(1);
    let produced = expected_resize_metrics(&resize_json(&baseline).1);

    for url in [
        format!("udp://127.0.0.1:{closed_port}"),
        format!("unix://{}/no-agent-here.socket", missing.path().display()),
    ] {
        let dir = TestDir::new();
        small_tree(&dir);
        let run = dir.thumbctl(args).arg("--statsd").arg(&url).run();
        assert_eq!(run.code, baseline.code, "{url}: {}", run.stderr);
        assert_eq!(
            dir.files_under("out"),
            baseline_dir.files_under("out"),
            "{url}"
        );
        assert_eq!(
            stable_json(&run.stdout),
            stable_json(&baseline.stdout),
            "{url}"
        );
        // The only difference on stderr: at most one warning line (and the metrics count).
        let mut extra = stable_stderr(&run.stderr);
        for line in stable_stderr(&baseline.stderr) {
            let at = extra
                .iter()
                .position(|l| *l == line)
                .unwrap_or_else(|| panic!("{url}: missing stderr line {line:?}:\n{}", run.stderr));
            extra.remove(at);
        }
        assert!(extra.len() <= 1, "{url}: more than one warning: {extra:#?}");
        for line in &extra {
            assert!(line.contains("DogStatsD") && line.contains(&url), "{line}");
        }
        assert!(
            !run.stderr.contains('\u{1b}'),
            "{url}: colour codes on a stderr that is not a terminal:\n{:?}",
            run.stderr
        );
        let (_, summary) = resize_json(&run);
        let (sent, dropped) = (
            u64_of(&summary["metrics"]["sent"]),
            u64_of(&summary["metrics"]["dropped"]),
        );
        assert_eq!(sent + dropped, produced, "{url}: every metric is counted");
        if url.starts_with("unix") {
            assert_eq!(sent, 0, "{url}");
        }
        assert_eq!(text_summary_metrics(&run.stderr), (sent, dropped), "{url}");
    }
}

// ---- load ----

impl Workshop {
    /// Server answers per `METHOD path status` (query dropped).
    fn answers(&self) -> BTreeMap<Vec<String>, u64> {
        let mut counts = BTreeMap::new();
        for answer in self.log.answers() {
            let path = answer.uri.split('?').next().unwrap().to_string();
            *counts
                .entry(vec![
                    answer.method.to_lowercase(),
                    path,
                    answer.status.to_string(),
                ])
                .or_default() += 1;
        }
        counts
    }
}

fn load(dir: &TestDir, args: &[&str], target: &str, statsd: &str) -> (RunOutcome, Value) {
    let run = dir
        .thumbctl(["load"])
        .args(args)
        .args([
            "--target",
            target,
            "--output-format",
            "json",
            "--statsd",
            statsd,
        ])
        .run();
    let report: Value = serde_json::from_str(&run.stdout)
        .unwrap_or_else(|e| panic!("no JSON report ({e}): {}\n{}", run.stdout, run.stderr));
    (run, report)
}

/// The report's steps: name -> (method, path without query), and per (step, status) and
/// (step, error kind) counts.
struct LoadReport {
    routes: BTreeMap<String, (String, String)>,
    statuses: BTreeMap<Vec<String>, u64>,
    errors: BTreeMap<Vec<String>, u64>,
}

fn load_report(report: &Value) -> LoadReport {
    let mut out = LoadReport {
        routes: BTreeMap::new(),
        statuses: BTreeMap::new(),
        errors: BTreeMap::new(),
    };
    for phase in report["phases"].as_array().unwrap() {
        for step in phase["steps"].as_array().unwrap() {
            let name = step["name"].as_str().unwrap().to_string();
            let path = step["path"]
                .as_str()
                .unwrap_or("/")
                .split('?')
                .next()
                .unwrap();
            out.routes.insert(
                name.clone(),
                (
                    step["method"].as_str().unwrap().to_lowercase(),
                    path.to_string(),
                ),
            );
            for (status, count) in step["status_codes"].as_object().unwrap() {
                *out.statuses
                    .entry(vec![name.clone(), status.clone()])
                    .or_default() += u64_of(count);
            }
            for (kind, count) in step["errors"].as_object().unwrap() {
                *out.errors
                    .entry(vec![name.clone(), kind.clone()])
                    .or_default() += u64_of(count);
            }
        }
    }
    out
}

/// Checks a load run's metrics against its report; returns the requests counted per
/// (method, path, status), to compare with what the server served.
fn check_load_metrics(
    got: &Received,
    report: &Value,
    scenario: &str,
) -> BTreeMap<Vec<String>, u64> {
    let steps = load_report(report);
    let request_keys = ["scenario", "step", "method", "status", "outcome"];
    for line in &got.lines {
        let own = own_tags(line, &["service:thumbctl"]);
        let (keys, kind): (&[&str], &str) = match line.name.as_str() {
            "thumbctl.load.request.count" => (&request_keys, "c"),
            "thumbctl.load.request.latency" => (&request_keys, "d"),
            "thumbctl.load.request.error" => (&["scenario", "step", "kind"], "c"),
            "thumbctl.load.run.duration" => (&["scenario"], "d"),
            other => panic!("unexpected metric {other:?} from load"),
        };
        assert_eq!(line.kind, kind, "{line:?}");
        let mut want = keys.to_vec();
        want.sort_unstable();
        assert_eq!(
            own.keys().map(String::as_str).collect::<Vec<_>>(),
            want,
            "{line:?}"
        );
        assert_eq!(own["scenario"], scenario, "{line:?}");
        if let Some(step) = own.get("step") {
            assert!(
                steps.routes.contains_key(step),
                "{line:?}: step not in the report"
            );
        }
        // Counter values are whole numbers (not necessarily 1: totals are what is compared).
        if line.kind == "c" {
            assert!(
                line.values.iter().all(|&v| v >= 1.0 && v.fract() == 0.0),
                "{line:?}"
            );
        }
    }
    // Per step and status: the report's counts; latencies: one per answered request.
    let counts = counter_sums(got, "thumbctl.load.request.count", &["step", "status"]);
    assert_eq!(counts, steps.statuses, "requests per step and status");
    assert_eq!(
        value_counts(got, "thumbctl.load.request.latency", &request_keys),
        counter_sums(got, "thumbctl.load.request.count", &request_keys),
        "one latency per answered request, with the same tags"
    );
    assert_eq!(
        counter_sums(got, "thumbctl.load.request.error", &["step", "kind"]),
        steps.errors,
        "errors per step and kind"
    );
    assert_eq!(metric_count(got.named("thumbctl.load.run.duration")), 1);
    let answered: u64 = counts.values().sum();
    let unanswered: u64 = steps.errors.values().sum();
    assert_eq!(
        answered + unanswered,
        u64_of(&report["total"]["requests"]),
        "every request is counted once, answered or not"
    );
    let total = metric_count(&got.lines);
    assert_eq!(
        report["metrics"],
        serde_json::json!({"enabled": true, "sent": total, "dropped": 0})
    );
    let mut by_route = BTreeMap::new();
    for (step_status, count) in &counts {
        let (method, path) = &steps.routes[&step_status[0]];
        *by_route
            .entry(vec![method.clone(), path.clone(), step_status[1].clone()])
            .or_default() += count;
    }
    // The method tag is the step's.
    for line in got.named("thumbctl.load.request.count") {
        let (method, _) = &steps.routes[line.tag("step").unwrap()];
        assert_eq!(line.tag("method"), Some(method.as_str()), "{line:?}");
    }
    by_route
}

#[test]
fn load_quick_counts_every_request_the_server_answered() {
    let dir = TestDir::new();
    let workshop = Workshop::start();
    let receiver = UdpReceiver::start();
    let (run, report) = load(&dir, &["quick"], &workshop.url, &receiver.url());
    run.assert_code(0);
    let got = receiver.received();
    let by_route = check_load_metrics(&got, &report, "quick");
    assert_eq!(by_route, workshop.answers(), "what the server served");
    assert_eq!(by_route.values().sum::<u64>(), 50);
    assert_eq!(
        counter_sums(&got, "thumbctl.load.request.count", &["outcome"]),
        BTreeMap::from([(key(&["expected"]), 50)])
    );
}

#[test]
fn load_errors_counts_statuses_and_timeouts_over_a_unix_socket() {
    let dir = TestDir::new();
    let workshop = Workshop::start();
    let receiver = UnixReceiver::start(dir.path(), true);
    let (run, report) = load(&dir, &["errors"], &workshop.url, &receiver.url());
    run.assert_code(0);
    let got = receiver.received();
    let by_route = check_load_metrics(&got, &report, "errors");
    // Requests the client gave up on (timeouts) may or may not be answered by the server later;
    // every answer the metrics count is one the server sent.
    let answers = workshop.answers();
    for (route, count) in &by_route {
        assert_eq!(answers.get(route), Some(count), "{route:?}");
    }
    let errors = counter_sums(&got, "thumbctl.load.request.error", &["step", "kind"]);
    assert_counted(&errors, &["delay_beyond_timeout", "timeout"]);
    let statuses = counter_sums(&got, "thumbctl.load.request.count", &["status", "outcome"]);
    for status in ["400", "404", "500"] {
        assert!(
            statuses.contains_key(&key(&[status, "expected"])),
            "{statuses:?}"
        );
    }
}

#[test]
fn load_upload_counts_each_file() {
    let dir = TestDir::new();
    let workshop = Workshop::start();
    for (name, size) in [("a.jpg", 1000usize), ("b.png", 70_000), ("c.webp", 5)] {
        let data: Vec<u8> = (0..size).map(|i| (i * 7 % 251) as u8).collect();
        dir.write(format!("images/{name}"), data);
    }
    dir.write("images/empty.gif", b"");
    let receiver = UdpReceiver::start();
    let images = dir.join("images");
    let (run, report) = load(
        &dir,
        &["upload", images.to_str().unwrap()],
        &workshop.url,
        &receiver.url(),
    );
    run.assert_code(1); // the empty file is refused
    let got = receiver.received();
    let by_route = check_load_metrics(&got, &report, "upload");
    assert_eq!(by_route, workshop.answers());
    assert_eq!(
        counter_sums(
            &got,
            "thumbctl.load.request.count",
            &["method", "status", "outcome"]
        ),
        BTreeMap::from([
            (key(&["post", "201", "expected"]), 3),
            (key(&["post", "400", "unexpected"]), 1),
        ])
    );
}

#[test]
fn load_counts_refused_connections_as_errors() {
    // A listener that takes the preflight connection, then closes: the requests that follow
    // find nothing listening.
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let target = format!("http://{}", listener.local_addr().unwrap());
    let closer = std::thread::spawn(move || {
        let accepted = listener.accept();
        drop(listener);
        drop(accepted);
    });
    let dir = TestDir::new();
    let receiver = UdpReceiver::start();
    let run = dir
        .thumbctl(["load", "url"])
        .arg(format!("{target}/health"))
        .args(["-n", "8", "-c", "1", "--output-format", "json", "--statsd"])
        .arg(receiver.url())
        .run();
    closer.join().unwrap();
    run.assert_code(1);
    let report: Value = serde_json::from_str(&run.stdout).unwrap();
    let scenario = report["scenario"].as_str().unwrap().to_string();
    let got = receiver.received();
    check_load_metrics(&got, &report, &scenario);
    let errors = counter_sums(&got, "thumbctl.load.request.error", &["kind"]);
    assert_eq!(errors.values().sum::<u64>(), 8, "{errors:?}");
    assert_counted(&errors, &["connection_refused"]);
}

/// The lines of `text` with something on them.
fn non_blank_lines(text: &str) -> Vec<&str> {
    text.lines().filter(|l| !l.trim().is_empty()).collect()
}

#[test]
fn load_with_an_absent_agent_runs_the_same() {
    let workshop = Workshop::start();
    let dir = TestDir::new();
    let args = ["-n", "10", "-c", "2", "--output-format", "json"];
    let url = format!("{}/health", workshop.url);
    let baseline = dir
        .thumbctl(["load", "url", &url, "--no-metrics"])
        .args(args)
        .run();
    baseline.assert_code(0);
    let missing = format!("unix://{}/no-agent.socket", dir.path().display());
    let run = dir
        .thumbctl(["load", "url", &url, "--statsd", &missing])
        .args(args)
        .run();
    run.assert_code(0);
    let report: Value = serde_json::from_str(&run.stdout).unwrap();
    assert_eq!(report["total"]["requests"], 10);
    // 10 latencies, one run duration and the request counts (summed per driver, so one count
    // line per driver that sent anything): all dropped, and said once.
    assert_eq!(report["metrics"]["sent"], 0);
    let dropped = u64_of(&report["metrics"]["dropped"]);
    assert!(
        (12..=21).contains(&dropped),
        "10 latencies + 1 duration + 1 to 10 count lines dropped, got {dropped}"
    );
    let warnings = non_blank_lines(&run.stderr);
    assert!(warnings.len() <= 1, "{}", run.stderr);
    assert!(!run.stderr.contains('\u{1b}'), "{:?}", run.stderr);
    assert_eq!(
        non_blank_lines(&baseline.stderr).len(),
        0,
        "{}",
        baseline.stderr
    );
}

/// Ctrl-C during `load`: the requests answered before it are all counted, and sent.
#[cfg(unix)]
#[test]
fn load_ctrl_c_still_flushes_what_was_queued() {
    let workshop = Workshop::start();
    let dir = TestDir::new();
    let receiver = UdpReceiver::start();
    let child = dir
        .thumbctl(["load", "sustained", "--duration", "5m", "--rate", "50"])
        .args(["--output-format", "json", "--target", &workshop.url])
        .arg("--statsd")
        .arg(receiver.url())
        .spawn();
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(60);
    while workshop.log.arrival_count() < 20 {
        assert!(
            std::time::Instant::now() < deadline,
            "the run never started"
        );
        std::thread::sleep(std::time::Duration::from_millis(20));
    }
    interrupt(&child);
    let output = child.wait_with_output().unwrap();
    assert_eq!(
        output.status.code(),
        Some(130),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let report: Value = serde_json::from_slice(&output.stdout).unwrap();
    assert_eq!(report["interrupted"], true);
    let got = receiver.received();
    check_load_metrics(&got, &report, "sustained");
    assert!(u64_of(&report["total"]["requests"]) >= 20);
}

#[test]
fn load_text_report_counts_what_the_socket_got() {
    let workshop = Workshop::start();
    let dir = TestDir::new();
    let receiver = UdpReceiver::start();
    let run = dir
        .thumbctl(["load", "url", &format!("{}/health", workshop.url)])
        .args(["-n", "7", "--statsd", &receiver.url()])
        .run();
    run.assert_code(0);
    let got = receiver.received();
    // 7 latencies, one run duration, and the 7 requests as summed counts (one line per driver).
    let received = metric_count(&got.lines);
    assert!((9..=15).contains(&received), "received {received} values");
    assert_eq!(
        counter_sums(&got, "thumbctl.load.request.count", &[])
            .values()
            .sum::<u64>(),
        7
    );
    let expected_line = format!("metrics: {received} sent, 0 dropped");
    assert_eq!(
        run.stdout.lines().last(),
        Some(expected_line.as_str()),
        "{}",
        run.stdout
    );
}
