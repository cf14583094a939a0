//! What the metrics layer puts on the wire, read back by real sockets in the test and parsed
//! against the DogStatsD grammar: names, types, tags, counts, buffering, nothing lost.

mod support_statsd;

use std::collections::HashMap;
use std::time::{Duration, Instant};

use support_statsd::{Line, Received, UdpReceiver, UnixReceiver};
use thumbctl::cli::{MetricsArgs, TimingTypeArg};
use thumbctl::metrics::{Metrics, MetricsSettings, SourceStatus};

fn args(url: &str) -> MetricsArgs {
    MetricsArgs {
        statsd: Some(url.to_string()),
        no_metrics: false,
        tags: Vec::new(),
        metrics_prefix: None,
        timing_type: TimingTypeArg::Distribution,
    }
}

/// Builds the handle with only the given variables in its environment.
fn metrics_with_env(args: &MetricsArgs, vars: &[(&str, &str)]) -> Metrics {
    let vars: HashMap<String, String> = vars
        .iter()
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .collect();
    Metrics::from_args_with_env(args, &|name| vars.get(name).cloned()).expect("valid metrics setup")
}

fn metrics(args: &MetricsArgs) -> Metrics {
    metrics_with_env(args, &[])
}

/// The tags of a line without the constant ones, sorted, for exact comparisons.
fn own_tags(line: &Line, constant: &[&str]) -> Vec<String> {
    let mut tags: Vec<String> = line
        .tags
        .iter()
        .filter(|t| !constant.contains(&t.as_str()))
        .cloned()
        .collect();
    tags.sort();
    tags
}

fn summary_of(received: &Received) -> (usize, usize) {
    (received.datagrams.len(), received.lines.len())
}

#[test]
fn resize_metrics_carry_the_pipeline_names_types_and_tags() {
    let receiver = UdpReceiver::start();
    let metrics = metrics(&args(&receiver.url()));
    let ms = Duration::from_millis;

    metrics.thumbnail_generated("small", "jpeg", ms(12), 4_000);
    metrics.thumbnail_generated("medium", "jpeg", ms(30), 20_000);
    metrics.thumbnail_generated("avatar", "webp", Duration::from_micros(2_345), 1_500);
    metrics.source_processed(SourceStatus::Success, ms(45), 300_000);
    metrics.source_processed(SourceStatus::Skipped, ms(0), 100_000);
    metrics.source_processed(SourceStatus::Error("decode_failed"), ms(3), 10);
    metrics.resize_finished(Duration::from_secs(2), 1, 1, 1);
    let summary = metrics.finish();

    let got = receiver.received();
    let constant = ["service:thumbctl"];
    for line in &got.lines {
        assert!(
            line.tags.iter().any(|t| t == "service:thumbctl"),
            "{line:?} lacks the service tag"
        );
        assert_eq!(line.sample_rate, None, "{line:?}");
    }

    let generation: Vec<_> = got.named("thumbnail.generation.time").collect();
    assert_eq!(generation.len(), 3);
    assert!(generation.iter().all(|l| l.kind == "d"));
    assert_eq!(
        own_tags(generation[0], &constant),
        ["format:jpeg", "size:small"]
    );
    assert_eq!(generation[0].value(), 12.0);
    assert_eq!(
        generation[2].value(),
        2.345,
        "distributions keep microseconds"
    );
    assert_eq!(
        own_tags(generation[2], &constant),
        ["format:webp", "size:avatar"]
    );

    let sizes: Vec<_> = got.named("thumbnail.size_bytes").collect();
    assert_eq!(
        sizes
            .iter()
            .map(|l| (l.kind.as_str(), l.value()))
            .collect::<Vec<_>>(),
        [("h", 4000.0), ("h", 20000.0), ("h", 1500.0)]
    );

    let counts: Vec<_> = got
        .named("worker.process.count")
        .map(|l| (l.value(), own_tags(l, &constant)))
        .collect();
    assert_eq!(
        counts,
        [
            (1.0, vec!["status:success".to_string()]),
            (1.0, vec!["status:skipped".to_string()]),
            (
                1.0,
                vec![
                    "reason:decode_failed".to_string(),
                    "status:error".to_string()
                ]
            ),
        ],
        "one worker.process.count per source"
    );
    assert!(got.named("worker.process.count").all(|l| l.kind == "c"));

    // Skipped sources are counted but not timed nor sized.
    let total_time: Vec<_> = got
        .named("worker.process.total_time")
        .map(|l| (l.kind.as_str(), l.tag("status")))
        .collect();
    assert_eq!(total_time, [("d", Some("success")), ("d", Some("error"))]);
    let source_sizes: Vec<_> = got
        .named("image.source.size_bytes")
        .map(|l| (l.kind.as_str(), l.value()))
        .collect();
    assert_eq!(source_sizes, [("h", 300_000.0), ("h", 10.0)]);

    let duration: Vec<_> = got.named("thumbctl.resize.duration").collect();
    assert_eq!(duration.len(), 1);
    assert_eq!(
        (duration[0].kind.as_str(), duration[0].value()),
        ("d", 2000.0)
    );
    let images: Vec<_> = got
        .named("thumbctl.resize.images")
        .map(|l| (l.tag("status").unwrap(), l.value(), l.kind.as_str()))
        .collect();
    assert_eq!(
        images,
        [
            ("success", 1.0, "c"),
            ("skipped", 1.0, "c"),
            ("error", 1.0, "c")
        ]
    );
    let rate: Vec<_> = got
        .named("thumbctl.resize.images_per_second")
        .map(|l| (l.kind.as_str(), l.value()))
        .collect();
    assert_eq!(rate, [("g", 1.0)], "two sources read in two seconds");
    let read: Vec<_> = got
        .named("thumbctl.resize.bytes_read")
        .map(|l| l.value())
        .collect();
    assert_eq!(read, [300_010.0], "skipped sources are not read");
    let written: Vec<_> = got
        .named("thumbctl.resize.bytes_written")
        .map(|l| l.value())
        .collect();
    assert_eq!(written, [25_500.0]);

    assert_eq!(
        got.lines.len(),
        3 + 3 + 3 + 2 + 2 + 1 + 3 + 1 + 1 + 1,
        "no unexpected lines: {:#?}",
        got.lines
    );
    assert!(summary.enabled);
    assert_eq!((summary.sent, summary.dropped), (got.lines.len() as u64, 0));
}

#[test]
fn load_metrics_over_a_unix_socket_with_sanitised_tags() {
    let dir = tempfile::tempdir().unwrap();
    let receiver = UnixReceiver::start(dir.path(), true);
    let metrics = metrics(&args(&receiver.url()));
    let now = Instant::now();

    // As the engine sends them: one batch per driver, its steps named once.
    let mut quick = metrics.load_batch("quick", &[("List Users", "GET")]);
    quick.request_completed(0, 200, true, Duration::from_micros(1_500), now);
    quick.request_completed(0, 200, true, Duration::from_micros(2_250), now);
    quick.flush();
    let mut errors = metrics.load_batch(
        "errors",
        &[("error, 50%|#x", "POST"), ("slow delay", "GET")],
    );
    errors.request_completed(0, 500, false, Duration::from_millis(7), now);
    errors.request_failed(1, "timeout", now);
    errors.flush();
    metrics.load_finished("quick", Duration::from_millis(1_234));
    let summary = metrics.finish();

    let got = receiver.received();
    let constant = ["service:thumbctl"];
    let counts: Vec<_> = got
        .named("thumbctl.load.request.count")
        .map(|l| (l.kind.clone(), l.value(), own_tags(l, &constant)))
        .collect();
    assert_eq!(
        counts,
        [
            (
                "c".into(),
                2.0,
                vec![
                    "method:get".into(),
                    "outcome:expected".into(),
                    "scenario:quick".into(),
                    "status:200".into(),
                    "step:list_users".into()
                ]
            ),
            (
                "c".into(),
                1.0,
                vec![
                    "method:post".into(),
                    "outcome:unexpected".into(),
                    "scenario:errors".into(),
                    "status:500".into(),
                    "step:error__50___x".into()
                ]
            ),
        ]
    );
    // Every latency of a (step, status, outcome) on one packed distribution line.
    let latency: Vec<_> = got
        .named("thumbctl.load.request.latency")
        .map(|l| (l.kind.as_str(), l.values.clone(), l.tag("outcome")))
        .collect();
    assert_eq!(
        latency,
        [
            ("d", vec![1.5, 2.25], Some("expected")),
            ("d", vec![7.0], Some("unexpected"))
        ]
    );
    let errors: Vec<_> = got
        .named("thumbctl.load.request.error")
        .map(|l| (l.value(), own_tags(l, &constant)))
        .collect();
    assert_eq!(
        errors,
        [(
            1.0,
            vec![
                "kind:timeout".to_string(),
                "scenario:errors".into(),
                "step:slow_delay".into()
            ]
        )]
    );
    let run: Vec<_> = got
        .named("thumbctl.load.run.duration")
        .map(|l| (l.kind.as_str(), l.value(), l.tag("scenario")))
        .collect();
    assert_eq!(run, [("d", 1234.0, Some("quick"))]);
    assert_eq!(got.lines.len(), 6);
    // The summary counts metric values: a packed line counts each of its values.
    assert_eq!((summary.sent, summary.dropped), (7, 0));
}

#[test]
fn timer_type_sends_whole_millisecond_ms_lines() {
    let receiver = UdpReceiver::start();
    let mut a = args(&receiver.url());
    a.timing_type = TimingTypeArg::Timer;
    let metrics = metrics(&a);
    metrics.thumbnail_generated("small", "png", Duration::from_micros(12_600), 10);
    let mut batch = metrics.load_batch("quick", &[("home", "GET")]);
    batch.request_completed(0, 200, true, Duration::from_micros(400), Instant::now());
    batch.request_completed(0, 200, true, Duration::from_micros(2_600), Instant::now());
    batch.flush();
    metrics.finish();

    let got = receiver.received();
    let timings: Vec<_> = got
        .lines
        .iter()
        .filter(|l| l.name.ends_with(".time") || l.name.ends_with(".latency"))
        .map(|l| (l.name.as_str(), l.kind.as_str(), l.value()))
        .collect();
    assert_eq!(
        timings,
        [
            ("thumbnail.generation.time", "ms", 13.0),
            // Classic StatsD servers do not read packed values: one `|ms` line per request.
            ("thumbctl.load.request.latency", "ms", 0.0),
            ("thumbctl.load.request.latency", "ms", 3.0)
        ]
    );
    assert!(
        got.lines.iter().all(|l| l.kind != "d"),
        "no distribution with --timing-type timer"
    );
}

#[test]
fn prefix_and_constant_tags_from_flags_and_environment() {
    let receiver = UdpReceiver::start();
    let mut a = args(&receiver.url());
    a.metrics_prefix = Some("acme.imaging".into());
    a.tags = vec![
        "team:Images".into(),
        "Canary".into(),
        "service:thumbs-ci".into(),
    ];
    let metrics = metrics_with_env(
        &a,
        &[
            ("DD_ENV", "Staging"),
            ("DD_SERVICE", "ignored-because-of-the-flag"),
            ("DD_VERSION", "2.0.1"),
            ("DD_TAGS", "region:eu-west-1,zone:b rack:7"),
            ("DD_ENTITY_ID", "0d5e1f3a-pod"),
            // Ignored: --statsd wins over the environment.
            ("DD_DOGSTATSD_URL", "udp://127.0.0.1:9"),
        ],
    );
    metrics.load_finished("quick", Duration::from_millis(5));
    metrics.finish();

    let got = receiver.received();
    assert_eq!(got.lines.len(), 1, "{:?}", got.lines);
    let line = &got.lines[0];
    assert_eq!(line.name, "acme.imaging.thumbctl.load.run.duration");
    let mut tags = line.tags.clone();
    tags.sort();
    assert_eq!(
        tags,
        [
            "canary",
            "dd.internal.entity_id:0d5e1f3a-pod",
            "env:staging",
            "rack:7",
            "region:eu-west-1",
            "scenario:quick",
            "service:thumbs-ci",
            "team:images",
            "version:2.0.1",
            "zone:b",
        ]
    );
}

#[test]
fn endpoint_comes_from_the_environment_when_there_is_no_flag() {
    let receiver = UdpReceiver::start();
    let mut a = args("unused");
    a.statsd = None;
    let port = receiver.url().rsplit(':').next().unwrap().to_string();
    let metrics = metrics_with_env(
        &a,
        &[("DD_AGENT_HOST", "127.0.0.1"), ("DD_DOGSTATSD_PORT", &port)],
    );
    metrics.load_finished("s", Duration::from_millis(5));
    assert_eq!(metrics.finish().sent, 1);
    assert_eq!(receiver.received().lines.len(), 1);
}

#[test]
fn long_and_odd_tag_values_are_cut_to_200_characters() {
    let receiver = UdpReceiver::start();
    let metrics = metrics(&args(&receiver.url()));
    let long_step = format!("Step {}", "x".repeat(400));
    let mut batch = metrics.load_batch("quick", &[(&long_step, "GET")]);
    batch.request_failed(0, "connection_refused", Instant::now());
    batch.flush();
    metrics.source_processed(SourceStatus::Error("Decode Failed"), Duration::ZERO, 1);
    metrics.finish();
    let got = receiver.received();
    let line = got.named("thumbctl.load.request.error").next().unwrap();
    let step = line.tags.iter().find(|t| t.starts_with("step:")).unwrap();
    assert_eq!(step.chars().count(), 200);
    assert!(step.starts_with("step:step_xxx"));
    assert_eq!(line.tag("kind"), Some("connection_refused"));
    let line = got.named("worker.process.count").next().unwrap();
    assert_eq!(line.tag("reason"), Some("decode_failed"));
}

/// Sends `count` thumbnails' metrics (two lines each) and checks every line arrives, packed into
/// full datagrams.
fn burst_arrives_whole(
    metrics: &Metrics,
    count: usize,
    received: impl FnOnce() -> Received,
    max_payload: usize,
) {
    let sizes = ["small", "medium", "large"];
    for i in 0..count {
        metrics.thumbnail_generated(sizes[i % 3], "jpeg", Duration::from_micros(i as u64), 100);
    }
    let summary = metrics.finish();
    let got = received();
    let (datagrams, lines) = summary_of(&got);
    let timings = got.named("thumbnail.generation.time").count();
    assert_eq!((lines, timings), (2 * count, count), "nothing lost");
    assert_eq!((summary.sent, summary.dropped), (2 * count as u64, 0));
    let longest_line = got
        .datagrams
        .iter()
        .flat_map(|d| d.split(|&b| b == b'\n'))
        .map(<[u8]>::len)
        .max()
        .unwrap();
    let bytes: usize = got.datagrams.iter().map(Vec::len).sum();
    // Buffered: datagrams are nearly full, except those a timer flush or the end cut short.
    assert!(
        datagrams <= bytes / (max_payload - longest_line) + 20,
        "{datagrams} datagrams for {bytes} bytes: lines are not packed"
    );
    assert!(got.datagrams.iter().all(|d| d.len() <= max_payload));
}

#[test]
fn a_short_udp_burst_arrives_whole() {
    // 1000 metrics, about 70 datagrams: within a default receive buffer even if the reading
    // thread is slow to be scheduled, so every one must arrive.
    let receiver = UdpReceiver::start();
    let metrics = metrics(&args(&receiver.url()));
    burst_arrives_whole(&metrics, 500, || receiver.received(), 1432);
}

#[test]
fn a_burst_of_5000_over_udp_is_all_sent_and_any_loss_is_the_receivers() {
    // Over UDP a receiver that reads slower than the burst arrives loses datagrams in its own
    // kernel buffer (the Datadog agent enlarges its buffer for this). The layer must still have
    // handed every metric to the OS: what arrived plus what the receiving kernel dropped is all.
    let receiver = UdpReceiver::start();
    let metrics = metrics(&args(&receiver.url()));
    for i in 0..2500u64 {
        metrics.thumbnail_generated("small", "jpeg", Duration::from_micros(i), 100);
    }
    let summary = metrics.finish();
    assert_eq!((summary.sent, summary.dropped), (5000, 0));
    let got = receiver.received();
    let lines_per_datagram = got.lines.len() as f64 / got.datagrams.len().max(1) as f64;
    let dropped_datagrams = receiver.kernel_drops();
    let lost_lines = (dropped_datagrams as f64 * lines_per_datagram).round() as usize;
    assert!(
        got.lines.len() + lost_lines >= 5000 - 2 * lines_per_datagram as usize
            && got.lines.len() <= 5000,
        "received {} lines in {} datagrams, the kernel dropped {dropped_datagrams} datagrams",
        got.lines.len(),
        got.datagrams.len()
    );
    if dropped_datagrams == 0 {
        assert_eq!(got.lines.len(), 5000);
    }
}

#[test]
fn a_burst_of_5000_over_a_unix_socket_loses_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let receiver = UnixReceiver::start(dir.path(), true);
    let metrics = metrics(&args(&receiver.url()));
    burst_arrives_whole(&metrics, 2500, || receiver.received(), 8192);
}

#[test]
fn a_full_queue_drops_and_counts_without_blocking_the_caller() {
    // An agent that never reads: its socket queue fills, each send then waits out the send
    // timeout, so the worker falls behind and the small queue fills up.
    let dir = tempfile::tempdir().unwrap();
    let receiver = UnixReceiver::start(dir.path(), false);
    let a = args(&receiver.url());
    let mut settings = MetricsSettings::resolve(&a, &|_| None).unwrap().unwrap();
    settings.queue_capacity = 8;
    settings.finish_timeout = Duration::from_millis(500);
    let metrics = Metrics::start(settings);

    let count = 20_000;
    let started = Instant::now();
    for i in 0..count {
        metrics.source_processed(
            SourceStatus::Skipped,
            Duration::from_micros(i),
            if i % 2 == 0 { 10 } else { 20 },
        );
    }
    let calls_took = started.elapsed();
    let summary = metrics.finish();

    // A blocked sender would need 250 ms per datagram; the calls never wait for it.
    assert!(
        calls_took < Duration::from_secs(5),
        "20000 calls took {calls_took:?}"
    );
    assert!(summary.dropped > 0, "{summary:?}");
    assert_eq!(
        summary.sent + summary.dropped,
        count,
        "every metric is either sent or counted as dropped: {summary:?}"
    );
}

#[test]
fn no_metrics_sends_nothing_and_reports_disabled() {
    let receiver = UdpReceiver::start();
    let mut a = args(&receiver.url());
    a.no_metrics = true;
    let metrics = metrics(&a);
    assert!(!metrics.is_enabled());
    metrics.thumbnail_generated("small", "jpeg", Duration::from_millis(1), 1);
    let summary = metrics.finish();
    assert_eq!(
        (summary.enabled, summary.sent, summary.dropped),
        (false, 0, 0)
    );
    assert!(receiver.received().lines.is_empty());
}

#[test]
fn malformed_addresses_are_setup_errors() {
    for (url, reason) in [
        ("localhost:8125", "did you mean"),
        ("tcp://x:1", "unsupported scheme"),
        ("unix://rel", "absolute"),
    ] {
        let err = Metrics::from_args_with_env(&args(url), &|_| None)
            .unwrap_err()
            .to_string();
        assert!(
            err.starts_with("--statsd: invalid DogStatsD address") && err.contains(reason),
            "{err}"
        );
    }
    let mut a = args("udp://127.0.0.1:8125");
    a.metrics_prefix = Some("bad prefix".into());
    assert!(Metrics::from_args_with_env(&a, &|_| None)
        .unwrap_err()
        .to_string()
        .starts_with("--metrics-prefix"));
    let err = Metrics::from_args_with_env(&args("udp://127.0.0.1:8125"), &|name| {
        (name == "DD_TAGS").then(|| "ok:1,9lives".to_string())
    })
    .unwrap_err()
    .to_string();
    assert!(err.starts_with("DD_TAGS: invalid tag \"9lives\""), "{err}");
}

#[test]
fn clones_share_one_sink_and_work_across_threads() {
    let receiver = UdpReceiver::start();
    let metrics = metrics(&args(&receiver.url()));
    std::thread::scope(|scope| {
        for t in 0..4 {
            let metrics = metrics.clone();
            scope.spawn(move || {
                for _ in 0..50 {
                    metrics.source_processed(SourceStatus::Success, Duration::from_millis(t), 100);
                }
            });
        }
    });
    let summary = metrics.finish();
    let got = receiver.received();
    assert_eq!(got.named("worker.process.count").count(), 200);
    assert_eq!(summary.sent, got.lines.len() as u64);
}
