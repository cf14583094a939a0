//! DogStatsD reporting. Every metric name, type and tag set the tool sends is defined here, so the
//! README's metrics reference and the dashboards can be checked against one file.
//!
//! INTERFACE ONLY so far (issue 3 fills in the sink): `Metrics` is the handle the pipelines call.
//! Its methods are cheap and never block; a disabled handle does nothing.

use std::time::Duration;

use crate::cli::MetricsArgs;

/// How one source image ended, for `worker.process.count`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SourceStatus {
    Success,
    Skipped,
    /// Failed, with a short reason tag such as `decode_failed`, `too_large`, `io_error`, `unsupported`.
    Error(&'static str),
}

/// What the run sent, for the closing summary.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct MetricsSummary {
    pub enabled: bool,
    pub sent: u64,
    pub dropped: u64,
}

/// A setup problem with the metrics flags or environment: a usage error (exit 2).
#[derive(Debug, thiserror::Error)]
#[error("{0}")]
pub struct MetricsSetupError(pub String);

/// The handle passed into the pipelines. Clone it freely; clones share one sink.
#[derive(Debug, Clone, Default)]
pub struct Metrics {}

impl Metrics {
    /// A handle that sends nothing (`--no-metrics`, tests).
    pub fn disabled() -> Metrics {
        Metrics {}
    }

    /// Builds the handle from the flags and the DD_* environment.
    pub fn from_args(_args: &MetricsArgs) -> Result<Metrics, MetricsSetupError> {
        Ok(Metrics::disabled())
    }

    // ---- resize ----

    /// One thumbnail was written: `thumbnail.generation.time`, `thumbnail.size_bytes`.
    pub fn thumbnail_generated(&self, _size: &str, _format: &str, _elapsed: Duration, _bytes: u64) {
    }

    /// One source image is done (all its sizes): `worker.process.total_time`,
    /// `worker.process.count`, `image.source.size_bytes`.
    pub fn source_processed(&self, _status: SourceStatus, _elapsed: Duration, _source_bytes: u64) {}

    /// Once per `resize` run: `thumbctl.resize.duration`, `thumbctl.resize.images` per status.
    pub fn resize_finished(
        &self,
        _elapsed: Duration,
        _succeeded: u64,
        _skipped: u64,
        _failed: u64,
    ) {
    }

    // ---- load ----

    /// One HTTP request answered: `thumbctl.load.request.count`, `thumbctl.load.request.latency`.
    pub fn request_completed(
        &self,
        _scenario: &str,
        _step: &str,
        _method: &str,
        _status: u16,
        _expected: bool,
        _latency: Duration,
    ) {
    }

    /// One HTTP request that got no answer: `thumbctl.load.request.error` with tag `kind`.
    pub fn request_failed(&self, _scenario: &str, _step: &str, _kind: &str) {}

    /// Once per `load` run: `thumbctl.load.run.duration`.
    pub fn load_finished(&self, _scenario: &str, _elapsed: Duration) {}

    /// Flushes everything queued (bounded wait) and says what was sent and dropped.
    pub fn finish(&self) -> MetricsSummary {
        MetricsSummary::default()
    }
}
