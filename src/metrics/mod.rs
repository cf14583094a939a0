//! DogStatsD reporting. Every metric name, type and tag set the tool sends is defined in this
//! file (see [`CATALOGUE`]), so the README's metrics reference and the dashboards can be checked
//! against one place; a test fails when the README misses a metric.
//!
//! [`Metrics`] is the handle the pipelines call. Its methods never block and never fail: a line
//! is formatted by cadence's `StatsdClient` and put on a bounded queue (dropped and counted when
//! the queue is full); one worker thread packs lines into datagrams and sends them (`sink.rs`).
//! [`Metrics::finish`] sends everything still queued, within a bounded wait, and says how many
//! metrics were sent and dropped.
//!
//! Where metrics go (`endpoint.rs`) and which constant tags they carry (`tags.rs`) follow the
//! official Datadog clients: `--statsd`, `DD_DOGSTATSD_URL`, `DD_AGENT_HOST`/`DD_DOGSTATSD_PORT`,
//! unified service tagging (`DD_ENV`, `DD_SERVICE`, `DD_VERSION`, `DD_TAGS`, `DD_ENTITY_ID`).

mod batch;
mod endpoint;
pub(crate) mod prometheus;
mod sink;
pub(crate) mod tags;

use std::fmt;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use cadence::prelude::*;
use cadence::{MetricError, QueuingMetricSink, StatsdClient};

use crate::cli::{MetricsArgs, TimingTypeArg};
pub use batch::LoadBatch;
pub use endpoint::Endpoint;
use sink::{DatagramSink, FlushTimer, SharedSink, WarnOnce};
pub(crate) use tags::sanitize_value;

// ---- the metric catalogue ----

/// How durations are sent (`--timing-type`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TimingType {
    /// DogStatsD distribution (`|d`): exact percentiles across hosts.
    Distribution,
    /// Classic StatsD timer (`|ms`), whole milliseconds.
    Timer,
}

impl From<TimingTypeArg> for TimingType {
    fn from(arg: TimingTypeArg) -> TimingType {
        match arg {
            TimingTypeArg::Distribution => TimingType::Distribution,
            TimingTypeArg::Timer => TimingType::Timer,
        }
    }
}

/// What kind of DogStatsD metric a name is sent as.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    Counter,
    Gauge,
    /// A DogStatsD histogram (`|h`).
    Histogram,
    /// A duration in milliseconds: a distribution (`|d`) by default, a timer (`|ms`) with
    /// `--timing-type timer`.
    Timing,
}

/// One metric the tool sends: the README's reference table has one row per entry.
#[derive(Debug, Clone, Copy)]
pub struct MetricInfo {
    pub name: &'static str,
    pub kind: Kind,
    pub unit: &'static str,
    pub tags: &'static [&'static str],
}

macro_rules! metrics_catalogue {
    ($( $(#[$doc:meta])* $const:ident = $name:literal, $kind:ident, $unit:literal, [$($tag:literal),*]; )*) => {
        $( $(#[$doc])* pub const $const: &str = $name; )*
        /// Every metric the tool sends, in the README's order.
        pub const CATALOGUE: &[MetricInfo] = &[
            $( MetricInfo { name: $name, kind: Kind::$kind, unit: $unit, tags: &[$($tag),*] }, )*
        ];
    };
}

metrics_catalogue! {
    /// Time to make one thumbnail (resize, encode, write), per thumbnail written.
    THUMBNAIL_GENERATION_TIME = "thumbnail.generation.time", Timing, "ms", ["size", "format"];
    /// Size of each thumbnail written.
    THUMBNAIL_SIZE_BYTES = "thumbnail.size_bytes", Histogram, "bytes", ["size", "format"];
    /// Time for one source image, all its sizes included, per source read (not for skipped ones).
    WORKER_PROCESS_TOTAL_TIME = "worker.process.total_time", Timing, "ms", ["status"];
    /// One per source: success, error (with a reason) or skipped (outputs up to date).
    WORKER_PROCESS_COUNT = "worker.process.count", Counter, "sources", ["status", "reason"];
    /// Size of each source file read (not for skipped ones).
    IMAGE_SOURCE_SIZE_BYTES = "image.source.size_bytes", Histogram, "bytes", ["status"];
    /// Wall time of a whole `resize` run, once per run.
    RESIZE_DURATION = "thumbctl.resize.duration", Timing, "ms", [];
    /// Sources per status, once per run (three lines: success, skipped, error).
    RESIZE_IMAGES = "thumbctl.resize.images", Counter, "sources", ["status"];
    /// Sources read per second of wall time (succeeded and failed, skipped ones excluded), once per run.
    RESIZE_IMAGES_PER_SECOND = "thumbctl.resize.images_per_second", Gauge, "sources/s", [];
    /// Bytes of the sources read during the run, once per run.
    RESIZE_BYTES_READ = "thumbctl.resize.bytes_read", Counter, "bytes", [];
    /// Bytes of thumbnails written during the run, once per run.
    RESIZE_BYTES_WRITTEN = "thumbctl.resize.bytes_written", Counter, "bytes", [];
    /// One per answered request.
    LOAD_REQUEST_COUNT = "thumbctl.load.request.count", Counter, "requests",
        ["scenario", "step", "method", "status", "outcome"];
    /// Latency of each answered request.
    LOAD_REQUEST_LATENCY = "thumbctl.load.request.latency", Timing, "ms",
        ["scenario", "step", "method", "status", "outcome"];
    /// One per request that got no answer (connection refused, timeout, DNS, TLS, body...).
    LOAD_REQUEST_ERROR = "thumbctl.load.request.error", Counter, "requests", ["scenario", "step", "kind"];
    /// Wall time of a `load` run (or of one phase of `load full`), once per run.
    LOAD_RUN_DURATION = "thumbctl.load.run.duration", Timing, "ms", ["scenario"];
}

// ---- the public interface the pipelines call ----

/// How one source image ended, for `worker.process.count`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SourceStatus {
    Success,
    Skipped,
    /// Failed, with a short reason tag such as `decode_failed`, `too_large`, `io_error`, `unsupported`.
    Error(&'static str),
}

impl SourceStatus {
    fn tag(self) -> &'static str {
        match self {
            SourceStatus::Success => "success",
            SourceStatus::Skipped => "skipped",
            SourceStatus::Error(_) => "error",
        }
    }
}

/// What the run sent, for the closing summary. `Display` gives the summary's text line
/// (`metrics: 1234 sent, 0 dropped`); in JSON it serialises as `{"enabled":..,"sent":..,"dropped":..}`.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, serde::Serialize)]
pub struct MetricsSummary {
    pub enabled: bool,
    /// Metrics in datagrams the operating system accepted. (UDP cannot tell whether the agent
    /// read them; a closed port on the same host is detected and counted as dropped.)
    pub sent: u64,
    /// Metrics lost: the queue was full, a send failed, or they were still queued when
    /// `finish`'s wait ran out.
    pub dropped: u64,
}

impl fmt::Display for MetricsSummary {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.enabled {
            write!(f, "metrics: {} sent, {} dropped", self.sent, self.dropped)
        } else {
            f.write_str("metrics: off")
        }
    }
}

/// A setup problem with the metrics flags or environment: a usage error (exit 2). `origin` names
/// where the value came from (`--statsd`, `DD_TAGS`...), so the message says what to fix.
#[derive(Debug, thiserror::Error)]
pub enum MetricsSetupError {
    #[error(
        "{origin}: invalid DogStatsD address {text:?}: {reason} \
         (expected udp://HOST:PORT or unix:///path/to/dsd.socket)"
    )]
    Address {
        origin: String,
        text: String,
        reason: AddressProblem,
    },
    #[error("DD_DOGSTATSD_PORT: invalid port {text:?}: {reason}")]
    Port {
        text: String,
        reason: AddressProblem,
    },
    #[error(
        "DD_AGENT_HOST: invalid host {host:?} (expected a host name or an IP address; \
         the port goes in DD_DOGSTATSD_PORT)"
    )]
    AgentHost { host: String },
    #[error("{origin}: invalid tag {tag:?}: {reason}")]
    Tag {
        origin: String,
        tag: String,
        reason: &'static str,
    },
    #[error("--metrics-prefix: invalid prefix {prefix:?}: {reason}")]
    Prefix { prefix: String, reason: String },
}

impl From<MetricsSetupError> for crate::exit::Error {
    fn from(error: MetricsSetupError) -> Self {
        crate::exit::Error::Usage(Box::new(error))
    }
}

/// What is wrong with a DogStatsD address.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum AddressProblem {
    #[error("the socket path is empty")]
    EmptySocketPath,
    #[error("the socket path must be absolute (unix:///path, three slashes)")]
    RelativeSocketPath,
    #[error(
        "the socket path is {0} bytes, longer than a Unix socket address allows ({max})",
        max = endpoint::MAX_UNIX_SOCKET_PATH
    )]
    LongSocketPath(usize),
    #[error("a udp:// address has no path")]
    UdpPath,
    #[error("unsupported scheme {0:?}")]
    Scheme(String),
    #[error("no scheme; did you mean udp://{0}?")]
    NoScheme(String),
    #[error("the host is empty")]
    EmptyHost,
    #[error("unclosed '[' in an IPv6 address")]
    UnclosedBracket,
    #[error("{0:?} is not an IPv6 address")]
    NotIpv6(String),
    #[error("unexpected text after ']'")]
    TextAfterBracket,
    #[error("an IPv6 address must be in brackets, as in udp://[::1]:8125")]
    UnbracketedIpv6,
    #[error("{0:?} is not a valid host name")]
    BadHost(String),
    #[error("the port must be between 1 and 65535")]
    PortZero,
    #[error("{0:?} is not a port number (1-65535)")]
    BadPort(String),
}

/// Everything the metrics layer needs, resolved from the flags and the environment.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MetricsSettings {
    pub endpoint: Endpoint,
    /// Namespace put before every name, without the joining dot; empty for none.
    pub prefix: String,
    /// Sanitised constant tags, `key:value` or bare `value`, in sending order.
    pub constant_tags: Vec<String>,
    pub timing: TimingType,
    /// How many lines may wait for the sender before new ones are dropped.
    pub queue_capacity: usize,
    /// How long `finish` waits for the queue to drain.
    pub finish_timeout: Duration,
}

/// Lines that may wait for the sender: a few seconds of the busiest `load` run.
pub const DEFAULT_QUEUE_CAPACITY: usize = 16 * 1024;
/// `finish`'s bound on waiting for the queue to drain.
pub const DEFAULT_FINISH_TIMEOUT: Duration = Duration::from_secs(2);

impl MetricsSettings {
    /// Resolves the flags and the environment (`env` looks a variable up). `Ok(None)` means
    /// metrics are off (`--no-metrics`).
    pub fn resolve(
        args: &MetricsArgs,
        env: &dyn Fn(&str) -> Option<String>,
    ) -> Result<Option<MetricsSettings>, MetricsSetupError> {
        if args.no_metrics {
            return Ok(None);
        }
        Ok(Some(MetricsSettings {
            endpoint: Endpoint::resolve(args.statsd.as_deref(), env)?,
            prefix: validate_prefix(args.metrics_prefix.as_deref().unwrap_or(""))?,
            constant_tags: tags::constant_tags(&args.tags, env)?,
            timing: args.timing_type.into(),
            queue_capacity: DEFAULT_QUEUE_CAPACITY,
            finish_timeout: DEFAULT_FINISH_TIMEOUT,
        }))
    }
}

/// Checks `--metrics-prefix` against Datadog's metric name rules (starts with a letter; ASCII
/// letters, digits, underscores and periods), leaving room for the longest name under 200.
fn validate_prefix(prefix: &str) -> Result<String, MetricsSetupError> {
    let prefix = prefix.trim().trim_end_matches('.');
    let bad = |reason: &str| MetricsSetupError::Prefix {
        prefix: prefix.to_string(),
        reason: reason.to_string(),
    };
    if prefix.is_empty() {
        return Ok(String::new());
    }
    if !prefix.starts_with(|c: char| c.is_ascii_alphabetic()) {
        return Err(bad("a metric name must start with a letter"));
    }
    if let Some(c) = prefix
        .chars()
        .find(|&c| !(c.is_ascii_alphanumeric() || c == '_' || c == '.'))
    {
        return Err(bad(&format!(
            "{c:?} is not allowed (ASCII letters, digits, '_' and '.' only)"
        )));
    }
    if prefix.contains("..") {
        return Err(bad("empty name segment ('..')"));
    }
    let longest = CATALOGUE.iter().map(|m| m.name.len()).max().unwrap_or(0);
    if prefix.len() + 1 + longest > 200 {
        return Err(bad(
            "too long: metric names must stay within 200 characters",
        ));
    }
    Ok(prefix.to_string())
}

/// The handle passed into the pipelines. Clone it freely; clones share one sink.
#[derive(Clone, Default)]
pub struct Metrics {
    reporter: Option<Arc<Reporter>>,
    /// `--pushgateway` / `--prom-textfile`: on whether or not DogStatsD is.
    prom: Option<Arc<prometheus::Prometheus>>,
}

impl fmt::Debug for Metrics {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.reporter {
            None => f.write_str("Metrics(disabled)"),
            Some(reporter) => write!(f, "Metrics({})", reporter.settings.endpoint),
        }
    }
}

/// The live part of an enabled handle.
struct Reporter {
    settings: MetricsSettings,
    client: StatsdClient,
    /// A second handle on the client's queue, for its `submitted` count.
    queue: QueuingMetricSink,
    sink: Arc<DatagramSink>,
    /// Lines refused by the full queue.
    refused: Arc<AtomicU64>,
    warn_once: Arc<WarnOnce>,
    flush_timer: Mutex<FlushTimer>,
    // Totals for the once-per-run resize metrics, so they cost no extra line per image.
    bytes_read: AtomicU64,
    bytes_written: AtomicU64,
}

impl Metrics {
    /// A handle that sends nothing (`--no-metrics`, tests).
    pub fn disabled() -> Metrics {
        Metrics {
            reporter: None,
            prom: None,
        }
    }

    /// Builds the handle from the flags and the DD_* environment of this process.
    pub fn from_args(args: &MetricsArgs) -> Result<Metrics, MetricsSetupError> {
        Metrics::from_args_with_env(args, &|name| std::env::var(name).ok())
    }

    /// Same, with an explicit environment lookup (tests pass a map, not the process env).
    pub fn from_args_with_env(
        args: &MetricsArgs,
        env: &dyn Fn(&str) -> Option<String>,
    ) -> Result<Metrics, MetricsSetupError> {
        let mut metrics = match MetricsSettings::resolve(args, env)? {
            None => Metrics::disabled(),
            Some(settings) => Metrics::start(settings),
        };
        metrics.prom = prometheus::global();
        Ok(metrics)
    }

    /// Starts the sender for resolved settings. An agent that is absent is not an error here:
    /// sends fail later, are counted, and one warning line says so.
    pub fn start(settings: MetricsSettings) -> Metrics {
        let warn_once = Arc::new(WarnOnce::default());
        let sink = Arc::new(DatagramSink::new(&settings.endpoint, warn_once.clone()));
        let queue =
            QueuingMetricSink::with_capacity(SharedSink(sink.clone()), settings.queue_capacity);
        let refused = Arc::new(AtomicU64::new(0));
        let on_error = {
            let refused = refused.clone();
            let warn_once = warn_once.clone();
            move |err: MetricError| {
                // The only errors the queue returns: full, or its worker gone.
                refused.fetch_add(1, Ordering::Relaxed);
                warn_once.warn(|| {
                    format!("metrics: dropping metrics, the send queue is full ({err}); the summary counts them")
                });
            }
        };
        let mut client =
            StatsdClient::builder(&settings.prefix, queue.clone()).with_error_handler(on_error);
        for tag in &settings.constant_tags {
            client = client.with_tag_value(tag);
        }
        let flush_timer = Mutex::new(FlushTimer::start(sink.clone()));
        tracing::debug!(
            endpoint = %settings.endpoint,
            prefix = %settings.prefix,
            tags = %settings.constant_tags.join(","),
            timing = ?settings.timing,
            "metrics: sending to DogStatsD"
        );
        Metrics {
            reporter: Some(Arc::new(Reporter {
                settings,
                client: client.build(),
                queue,
                sink,
                refused,
                warn_once,
                flush_timer,
                bytes_read: AtomicU64::new(0),
                bytes_written: AtomicU64::new(0),
            })),
            prom: None,
        }
    }

    pub fn is_enabled(&self) -> bool {
        self.reporter.is_some()
    }

    /// The resolved settings, when enabled (for `-v` logs and tests).
    pub fn settings(&self) -> Option<&MetricsSettings> {
        self.reporter.as_ref().map(|r| &r.settings)
    }

    // ---- resize ----

    /// One thumbnail was written: `thumbnail.generation.time`, `thumbnail.size_bytes`.
    pub fn thumbnail_generated(&self, size: &str, format: &str, elapsed: Duration, bytes: u64) {
        if let Some(p) = &self.prom {
            p.thumbnails.with_label_values(&[size, format]).inc();
            p.thumbnail_bytes
                .with_label_values(&[size, format])
                .inc_by(bytes);
            p.thumbnail_seconds
                .with_label_values(&[size])
                .observe(elapsed.as_secs_f64());
        }
        let Some(r) = &self.reporter else { return };
        r.bytes_written.fetch_add(bytes, Ordering::Relaxed);
        let size = sanitize_value("size", size);
        let format = sanitize_value("format", format);
        let tags = [("size", &*size), ("format", &*format)];
        r.timing(THUMBNAIL_GENERATION_TIME, elapsed, &tags);
        r.send(
            r.client.histogram_with_tags(THUMBNAIL_SIZE_BYTES, bytes),
            &tags,
        );
    }

    /// One source image is done (all its sizes): `worker.process.count` always;
    /// `worker.process.total_time` and `image.source.size_bytes` unless it was skipped.
    pub fn source_processed(&self, status: SourceStatus, elapsed: Duration, source_bytes: u64) {
        if let Some(p) = &self.prom {
            let reason = match status {
                SourceStatus::Error(reason) => reason,
                _ => "",
            };
            p.sources.with_label_values(&[status.tag(), reason]).inc();
            if status != SourceStatus::Skipped {
                p.bytes_read
                    .with_label_values(&[] as &[&str])
                    .inc_by(source_bytes);
            }
        }
        let Some(r) = &self.reporter else { return };
        let status_tag = [("status", status.tag())];
        match status {
            SourceStatus::Error(reason) => {
                let reason = sanitize_value("reason", reason);
                let tags = [("status", status.tag()), ("reason", &*reason)];
                r.send(r.client.count_with_tags(WORKER_PROCESS_COUNT, 1_i64), &tags);
            }
            _ => r.send(
                r.client.count_with_tags(WORKER_PROCESS_COUNT, 1_i64),
                &status_tag,
            ),
        }
        if status != SourceStatus::Skipped {
            r.bytes_read.fetch_add(source_bytes, Ordering::Relaxed);
            r.timing(WORKER_PROCESS_TOTAL_TIME, elapsed, &status_tag);
            r.send(
                r.client
                    .histogram_with_tags(IMAGE_SOURCE_SIZE_BYTES, source_bytes),
                &status_tag,
            );
        }
    }

    /// Once per `resize` run: `thumbctl.resize.duration`, `thumbctl.resize.images` per status,
    /// `thumbctl.resize.images_per_second`, `thumbctl.resize.bytes_read` and `.bytes_written`.
    pub fn resize_finished(&self, elapsed: Duration, succeeded: u64, skipped: u64, failed: u64) {
        if let Some(p) = &self.prom {
            p.resize_seconds
                .with_label_values(&[] as &[&str])
                .set(elapsed.as_secs_f64());
            p.run_ended("resize");
        }
        let Some(r) = &self.reporter else { return };
        r.timing(RESIZE_DURATION, elapsed, &[]);
        for (status, count) in [
            ("success", succeeded),
            ("skipped", skipped),
            ("error", failed),
        ] {
            r.send(
                r.client.count_with_tags(RESIZE_IMAGES, count),
                &[("status", status)],
            );
        }
        let seconds = elapsed.as_secs_f64();
        let rate = if seconds > 0.0 {
            (succeeded + failed) as f64 / seconds
        } else {
            0.0
        };
        r.send(
            r.client
                .gauge_with_tags(RESIZE_IMAGES_PER_SECOND, round_to(rate, 1000.0)),
            &[],
        );
        let read = r.bytes_read.load(Ordering::Relaxed);
        let written = r.bytes_written.load(Ordering::Relaxed);
        r.send(r.client.count_with_tags(RESIZE_BYTES_READ, read), &[]);
        r.send(r.client.count_with_tags(RESIZE_BYTES_WRITTEN, written), &[]);
    }

    // ---- load ----

    /// Once per `load` run (or phase): `thumbctl.load.run.duration`.
    pub fn load_finished(&self, scenario: &str, elapsed: Duration) {
        if let Some(p) = &self.prom {
            p.load_seconds
                .with_label_values(&[scenario])
                .set(elapsed.as_secs_f64());
            p.run_ended("load");
        }
        let Some(r) = &self.reporter else { return };
        let scenario = sanitize_value("scenario", scenario);
        r.timing(LOAD_RUN_DURATION, elapsed, &[("scenario", &*scenario)]);
    }

    /// Sends everything queued so far (waiting at most the finish timeout, 2 s by default) and
    /// says what was sent and dropped. Metrics sent after `finish` are still delivered, and a
    /// later `finish` counts them.
    pub fn finish(&self) -> MetricsSummary {
        if let Some(p) = &self.prom {
            p.publish();
        }
        let Some(r) = &self.reporter else {
            return MetricsSummary::default();
        };
        let queued = r.queue.submitted();
        // Woken by the sender as it takes each line, so the wait costs nothing while it lasts and
        // ends as soon as the queue is drained.
        r.sink
            .wait_until_handled(queued, Instant::now() + r.settings.finish_timeout);
        r.sink.flush_pending();
        let still_queued = queued.saturating_sub(r.sink.handled());
        MetricsSummary {
            enabled: true,
            sent: r.sink.sent(),
            dropped: r.refused.load(Ordering::Relaxed) + r.sink.failed() + still_queued,
        }
    }
}

impl Reporter {
    /// Hands a whole line, formatted by the caller, to the queue (a full queue drops and counts it).
    fn emit_line(&self, line: &str) {
        use cadence::MetricSink;
        if let Err(err) = self.queue.emit(line) {
            self.refused
                .fetch_add(sink::values_in(line), Ordering::Relaxed);
            self.warn_once.warn(|| {
                format!("metrics: dropping metrics, the send queue is full ({err}); the summary counts them")
            });
        }
    }

    /// Adds the per-metric tags and hands the line to the queue; errors go to the handler.
    fn send<'m, 'c, T>(
        &self,
        builder: cadence::MetricBuilder<'m, 'c, T>,
        tags: &[(&'m str, &'m str)],
    ) where
        T: cadence::Metric + From<String>,
    {
        let mut builder = builder;
        for &(key, value) in tags {
            builder = builder.with_tag(key, value);
        }
        builder.send();
    }

    /// A duration in milliseconds, as a distribution (microsecond precision) or a timer (whole
    /// milliseconds, rounded, as classic StatsD timers are usually read).
    fn timing(&self, name: &str, elapsed: Duration, tags: &[(&str, &str)]) {
        match self.settings.timing {
            TimingType::Distribution => {
                let ms = elapsed.as_micros() as f64 / 1000.0;
                self.send(self.client.distribution_with_tags(name, ms), tags);
            }
            TimingType::Timer => {
                let ms = (elapsed.as_micros() + 500) / 1000;
                self.send(self.client.time_with_tags(name, ms as u64), tags);
            }
        }
    }
}

impl Drop for Reporter {
    fn drop(&mut self) {
        if let Ok(mut timer) = self.flush_timer.lock() {
            timer.stop();
        }
        self.sink.flush_pending();
    }
}

fn round_to(value: f64, scale: f64) -> f64 {
    (value * scale).round() / scale
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_handle_is_cheap_to_share_across_threads() {
        fn shareable<T: Clone + Send + Sync + 'static>() {}
        shareable::<Metrics>();
        // Two pointers: the DogStatsD reporter and the Prometheus metrics, each optional.
        assert_eq!(
            std::mem::size_of::<Metrics>(),
            2 * std::mem::size_of::<usize>()
        );
    }

    #[test]
    fn summary_text_and_json() {
        let summary = MetricsSummary {
            enabled: true,
            sent: 12,
            dropped: 3,
        };
        assert_eq!(summary.to_string(), "metrics: 12 sent, 3 dropped");
        assert_eq!(MetricsSummary::default().to_string(), "metrics: off");
        assert_eq!(
            serde_json::to_string(&summary).unwrap(),
            r#"{"enabled":true,"sent":12,"dropped":3}"#
        );
    }

    #[test]
    fn prefixes_follow_the_metric_name_rules() {
        assert_eq!(validate_prefix("").unwrap(), "");
        assert_eq!(validate_prefix("acme.images.").unwrap(), "acme.images");
        assert_eq!(validate_prefix("ci_2").unwrap(), "ci_2");
        for (bad, reason) in [
            ("2fast", "start with a letter"),
            ("my-app", "'-' is not allowed"),
            ("a..b", "empty name segment"),
            (&"p".repeat(190), "too long"),
        ] {
            let err = validate_prefix(bad).unwrap_err().to_string();
            assert!(
                err.starts_with("--metrics-prefix: invalid prefix") && err.contains(reason),
                "{bad}: {err}"
            );
        }
    }

    #[test]
    fn every_name_in_the_catalogue_is_a_valid_unique_datadog_name() {
        let mut seen = std::collections::HashSet::new();
        for metric in CATALOGUE {
            assert!(seen.insert(metric.name), "{} twice", metric.name);
            assert!(validate_prefix(metric.name).is_ok(), "{}", metric.name);
        }
    }

    #[test]
    fn the_readme_documents_every_metric() {
        let readme = include_str!("../../README.md");
        let section = readme
            .split("\n## Metrics\n")
            .nth(1)
            .expect("README has a ## Metrics section");
        let section = section.split("\n## ").next().unwrap();
        for metric in CATALOGUE {
            let row = section
                .lines()
                .find(|line| line.starts_with(&format!("| `{}`", metric.name)))
                .unwrap_or_else(|| panic!("README's metrics table has no row for {}", metric.name));
            for tag in metric.tags {
                assert!(
                    row.contains(&format!("`{tag}")),
                    "README row of {} misses tag {tag}",
                    metric.name
                );
            }
        }
    }
}
