//! Against a real receiver: the reference StatsD daemon (statsd 0.9.0, started by `.ci/run`).
//! Its management port shows what it understood: tags folded into the key as
//! `name;key=value;...`, `|ms` lines as timers, every other type it does not know (`d`, `h`)
//! added up as a counter.
//!
//! `a_real_resize_run_reaches_the_reference_daemon` runs the real `thumbctl resize` binary at the
//! daemon; the other tests drive the metrics layer directly.
//!
//! Without `THUMBCTL_TEST_STATSD` and `THUMBCTL_TEST_STATSD_ADMIN` these tests print that they
//! did not run; with `CI` set they fail instead.

mod common;
mod support_statsd;

use std::collections::BTreeMap;
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

use common::TestDir;
use serde_json::Value;
use support_statsd::{metrics_args, normalise_key, parse_inspect, InspectValue, StatsdDaemon};
use thumbctl::cli::{MetricsArgs, TimingTypeArg};
use thumbctl::metrics::{Metrics, SourceStatus};

/// A metric prefix no other test (or earlier run against the same daemon) uses.
fn unique_prefix(test: &str) -> String {
    let nanos = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .unwrap()
        .as_nanos();
    format!("t{}_{}_{test}", std::process::id(), nanos % 1_000_000_000)
}

fn metrics_to(daemon: &StatsdDaemon, prefix: &str, timing_type: TimingTypeArg) -> Metrics {
    let args = MetricsArgs {
        tags: vec!["team:images".into()],
        metrics_prefix: Some(prefix.to_string()),
        timing_type,
        ..metrics_args(&daemon.url)
    };
    Metrics::from_args_with_env(&args, &|_| None).unwrap()
}

/// The daemon key for `name` with `tags` (as `key=value`) plus the constant tags of these tests.
fn key(prefix: &str, name: &str, tags: &[&str]) -> String {
    let mut parts = vec![format!("{prefix}.{name}")];
    parts.extend(
        ["service=thumbctl", "team=images"]
            .iter()
            .chain(tags)
            .map(|t| t.to_string()),
    );
    normalise_key(&parts.join(";"))
}

/// Polls `counters` until `expected_key` shows up: the daemon reads UDP asynchronously.
fn counters_once_seen(daemon: &StatsdDaemon, expected_key: &str) -> BTreeMap<String, f64> {
    let give_up = Instant::now() + Duration::from_secs(10);
    loop {
        let counters = daemon.counters();
        if counters.contains_key(expected_key) || Instant::now() > give_up {
            return counters;
        }
        std::thread::sleep(Duration::from_millis(50));
    }
}

/// The daemon's `statsd.bad_lines_seen` counter: lines it could not parse, from any client (so a
/// test compares it before and after its own lines).
fn bad_lines_seen(daemon: &StatsdDaemon) -> f64 {
    daemon
        .counters()
        .get("statsd.bad_lines_seen")
        .copied()
        .unwrap_or(0.0)
}

fn only_ours<V: Clone>(map: &BTreeMap<String, V>, prefix: &str) -> BTreeMap<String, V> {
    map.iter()
        .filter(|(k, _)| k.starts_with(&format!("{prefix}.")))
        .map(|(k, v)| (k.clone(), v.clone()))
        .collect()
}

#[test]
fn resize_and_load_metrics_as_timers_reach_the_reference_daemon() {
    let Some(daemon) = StatsdDaemon::from_env_or_skip(
        "resize_and_load_metrics_as_timers_reach_the_reference_daemon",
    ) else {
        return;
    };
    let bad_lines_before = bad_lines_seen(&daemon);
    let prefix = unique_prefix("timer");
    let metrics = metrics_to(&daemon, &prefix, TimingTypeArg::Timer);

    for _ in 0..3 {
        metrics.thumbnail_generated("small", "jpeg", Duration::from_millis(12), 4_000);
    }
    metrics.source_processed(SourceStatus::Success, Duration::from_millis(40), 300_000);
    metrics.source_processed(
        SourceStatus::Error("decode_failed"),
        Duration::from_millis(2),
        10,
    );
    metrics.source_processed(SourceStatus::Skipped, Duration::ZERO, 1);
    // As the load engine sends them: through a batch, one `|ms` line per request with timers.
    let mut batch = metrics.load_batch("quick", &[("home", "GET")]);
    for i in 0..200u64 {
        batch.request_completed(0, 200, true, Duration::from_millis(i % 7), Instant::now());
    }
    batch.flush();
    metrics.resize_finished(Duration::from_millis(1_500), 1, 1, 1); // sent last: seen last
    let summary = metrics.finish();
    assert_eq!(summary.dropped, 0);

    let last_key = key(&prefix, "thumbctl.resize.images", &["status=error"]);
    let counters = only_ours(&counters_once_seen(&daemon, &last_key), &prefix);
    let expect_counters = BTreeMap::from([
        (
            key(&prefix, "worker.process.count", &["status=success"]),
            1.0,
        ),
        (
            key(&prefix, "worker.process.count", &["status=skipped"]),
            1.0,
        ),
        (
            key(
                &prefix,
                "worker.process.count",
                &["status=error", "reason=decode_failed"],
            ),
            1.0,
        ),
        // Histograms are not timers to statsd 0.9.0: it adds their values up.
        (
            key(
                &prefix,
                "thumbnail.size_bytes",
                &["size=small", "format=jpeg"],
            ),
            12_000.0,
        ),
        (
            key(&prefix, "image.source.size_bytes", &["status=success"]),
            300_000.0,
        ),
        (
            key(&prefix, "image.source.size_bytes", &["status=error"]),
            10.0,
        ),
        (
            key(&prefix, "thumbctl.resize.images", &["status=success"]),
            1.0,
        ),
        (
            key(&prefix, "thumbctl.resize.images", &["status=skipped"]),
            1.0,
        ),
        (
            key(&prefix, "thumbctl.resize.images", &["status=error"]),
            1.0,
        ),
        (key(&prefix, "thumbctl.resize.bytes_read", &[]), 300_010.0),
        (key(&prefix, "thumbctl.resize.bytes_written", &[]), 12_000.0),
        (
            key(
                &prefix,
                "thumbctl.load.request.count",
                &[
                    "scenario=quick",
                    "step=home",
                    "method=get",
                    "status=200",
                    "outcome=expected",
                ],
            ),
            200.0,
        ),
    ]);
    assert_eq!(counters, expect_counters);

    let timers = only_ours(&daemon.timers(), &prefix);
    let generation = &timers[&key(
        &prefix,
        "thumbnail.generation.time",
        &["size=small", "format=jpeg"],
    )];
    assert_eq!(generation, &(vec![12.0, 12.0, 12.0], 3));
    let total_time: Vec<_> = ["success", "error"]
        .iter()
        .map(|s| {
            timers[&key(
                &prefix,
                "worker.process.total_time",
                &[&format!("status={s}")],
            )]
                .clone()
        })
        .collect();
    assert_eq!(total_time, [(vec![40.0], 1), (vec![2.0], 1)]);
    assert_eq!(
        timers[&key(&prefix, "thumbctl.resize.duration", &[])],
        (vec![1500.0], 1)
    );
    let latency_key = key(
        &prefix,
        "thumbctl.load.request.latency",
        &[
            "scenario=quick",
            "step=home",
            "method=get",
            "status=200",
            "outcome=expected",
        ],
    );
    let (shown, total) = &timers[&latency_key];
    assert_eq!(*total, 200, "every request's latency arrived");
    assert!(shown.iter().all(|&v| (0.0..7.0).contains(&v)), "{shown:?}");
    assert_eq!(timers.len(), 5, "{timers:#?}");

    assert_eq!(
        bad_lines_seen(&daemon),
        bad_lines_before,
        "the daemon rejected some of our lines"
    );
}

#[test]
fn distributions_are_summed_as_counters_by_the_reference_daemon() {
    let Some(daemon) = StatsdDaemon::from_env_or_skip(
        "distributions_are_summed_as_counters_by_the_reference_daemon",
    ) else {
        return;
    };
    let prefix = unique_prefix("dist");
    let metrics = metrics_to(&daemon, &prefix, TimingTypeArg::Distribution);
    let mut batch = metrics.load_batch("errors", &[("unknown path", "GET")]);
    batch.request_failed(0, "connection_refused", Instant::now());
    batch.flush();
    metrics.load_finished("errors", Duration::from_micros(2_500));
    metrics.load_finished("errors", Duration::from_micros(1_250));
    metrics.finish();

    let run_key = key(&prefix, "thumbctl.load.run.duration", &["scenario=errors"]);
    let counters = only_ours(&counters_once_seen(&daemon, &run_key), &prefix);
    assert_eq!(
        counters,
        BTreeMap::from([
            (
                key(
                    &prefix,
                    "thumbctl.load.request.error",
                    &[
                        "scenario=errors",
                        "step=unknown_path",
                        "kind=connection_refused"
                    ]
                ),
                1.0
            ),
            // `d` is unknown to statsd 0.9.0, so it adds the milliseconds up (hence --timing-type timer).
            (run_key, 3.75),
        ])
    );
    assert!(only_ours(&daemon.timers(), &prefix).is_empty());
}

#[test]
fn a_real_resize_run_reaches_the_reference_daemon() {
    let Some(daemon) =
        StatsdDaemon::from_env_or_skip("a_real_resize_run_reaches_the_reference_daemon")
    else {
        return;
    };
    let bad_lines_before = bad_lines_seen(&daemon);
    let prefix = unique_prefix("binary");
    let dir = TestDir::new();
    dir.copy_testdata("formats", "in/formats");
    dir.copy_testdata("broken", "in/broken");
    let run = dir
        .thumbctl(["resize", "in", "--out", "out", "--json", "--statsd"])
        .arg(&daemon.url)
        .args(["--metrics-prefix", &prefix, "--tag", "team:images"])
        .args(["--timing-type", "timer"])
        .run();
    run.assert_code(1); // in/broken/
    let mut lines = run.json_lines();
    let summary = lines.pop().unwrap();
    assert_eq!(summary["metrics"]["dropped"], 0, "{summary}");
    let count = |v: &Value| v.as_u64().unwrap();

    // What the run's own report says, as daemon keys.
    let mut want_counters: BTreeMap<String, f64> = BTreeMap::new();
    let mut want_timers: BTreeMap<String, usize> = BTreeMap::new();
    let add = |map: &mut BTreeMap<String, f64>, k: String, v: f64| {
        *map.entry(k).or_default() += v;
    };
    for source in &lines {
        let status = match source["status"].as_str().unwrap() {
            "written" => "success",
            "failed" => "error",
            other => panic!("{other}"),
        };
        let status_tag = format!("status={status}");
        let count_key = match source["error"]["reason"].as_str() {
            Some(reason) => key(
                &prefix,
                "worker.process.count",
                &[&status_tag, &format!("reason={reason}")],
            ),
            None => key(&prefix, "worker.process.count", &[&status_tag]),
        };
        add(&mut want_counters, count_key, 1.0);
        add(
            &mut want_counters,
            key(&prefix, "image.source.size_bytes", &[&status_tag]),
            count(&source["source_bytes"]) as f64,
        );
        *want_timers
            .entry(key(&prefix, "worker.process.total_time", &[&status_tag]))
            .or_default() += 1;
        for output in source["outputs"].as_array().into_iter().flatten() {
            let tags = [
                format!("size={}", output["size"].as_str().unwrap()),
                format!("format={}", output["format"].as_str().unwrap()),
            ];
            let tags = [tags[0].as_str(), tags[1].as_str()];
            add(
                &mut want_counters,
                key(&prefix, "thumbnail.size_bytes", &tags),
                count(&output["bytes"]) as f64,
            );
            *want_timers
                .entry(key(&prefix, "thumbnail.generation.time", &tags))
                .or_default() += 1;
        }
    }
    for (status, field) in [
        ("success", "written"),
        ("skipped", "skipped"),
        ("error", "failed"),
    ] {
        add(
            &mut want_counters,
            key(
                &prefix,
                "thumbctl.resize.images",
                &[&format!("status={status}")],
            ),
            count(&summary[field]) as f64,
        );
    }
    for (name, field) in [
        ("thumbctl.resize.bytes_read", "bytes_read"),
        ("thumbctl.resize.bytes_written", "bytes_written"),
    ] {
        add(
            &mut want_counters,
            key(&prefix, name, &[]),
            count(&summary[field]) as f64,
        );
    }
    want_timers.insert(key(&prefix, "thumbctl.resize.duration", &[]), 1);
    assert!(want_counters.len() > 10 && want_timers.len() > 5);

    let last_key = key(&prefix, "thumbctl.resize.bytes_written", &[]);
    let counters = only_ours(&counters_once_seen(&daemon, &last_key), &prefix);
    assert_eq!(counters, want_counters, "counters");
    let timers: BTreeMap<String, usize> = only_ours(&daemon.timers(), &prefix)
        .into_iter()
        .map(|(k, (_, total))| (k, total))
        .collect();
    assert_eq!(
        timers, want_timers,
        "timers: one value per thumbnail, per source, per run"
    );
    let gauges: Vec<String> = parse_inspect(&daemon.command("gauges"))
        .into_iter()
        .filter(|(k, v)| k.starts_with(&prefix) && matches!(v, InspectValue::Number(_)))
        .map(|(k, _)| normalise_key(&k))
        .collect();
    assert_eq!(
        gauges,
        [key(&prefix, "thumbctl.resize.images_per_second", &[])]
    );
    assert_eq!(
        bad_lines_seen(&daemon),
        bad_lines_before,
        "the daemon rejected some of our lines"
    );
}
