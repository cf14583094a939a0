//! What the engine counts while it runs. Each driver task owns one `PhaseStats` and records into
//! it without any lock; the drivers' stats are merged when the phase ends. Latencies go into
//! HdrHistograms, so memory stays the same however long the run.

use std::collections::BTreeMap;
use std::time::Duration;

use hdrhistogram::Histogram;
use serde::Serialize;

use super::error_kind::ErrorKind;
use super::scenario::{Pacing, Stop};

/// Microsecond histograms from 1 µs to one hour, three significant digits; longer values are
/// clamped to the top (a request's corrected latency can exceed its timeout when sends lag).
pub(crate) fn new_latency_histogram() -> Histogram<u64> {
    Histogram::new_with_bounds(1, 3_600_000_000, 3).expect("constant bounds are valid")
}

pub(crate) fn record_duration(histogram: &mut Histogram<u64>, duration: Duration) {
    let micros = duration.as_micros().clamp(1, u128::from(u64::MAX)) as u64;
    histogram.saturating_record(micros);
}

/// Counters and latencies of one step.
#[derive(Debug, Clone)]
pub(crate) struct StepStats {
    /// Requests that came back with an answer or an error (abandoned ones are counted apart).
    pub(crate) requests: u64,
    pub(crate) expected: u64,
    pub(crate) unexpected: u64,
    /// Statuses seen, indexed by status code (100..=599 fits; others are clamped to 0).
    statuses: Vec<u64>,
    errors: [u64; ErrorKind::ALL.len()],
    /// From the scheduled start: what a user arriving on schedule would have waited.
    pub(crate) corrected: Histogram<u64>,
    /// From the moment the request was actually sent.
    pub(crate) uncorrected: Histogram<u64>,
    pub(crate) bytes_received: u64,
}

impl Default for StepStats {
    fn default() -> StepStats {
        StepStats {
            requests: 0,
            expected: 0,
            unexpected: 0,
            statuses: vec![0; 600],
            errors: [0; ErrorKind::ALL.len()],
            corrected: new_latency_histogram(),
            uncorrected: new_latency_histogram(),
            bytes_received: 0,
        }
    }
}

impl StepStats {
    pub(crate) fn record_status(&mut self, status: u16, expected: bool, bytes: u64) {
        let slot = usize::from(status);
        let slot = if slot < self.statuses.len() { slot } else { 0 };
        self.statuses[slot] += 1;
        self.bytes_received += bytes;
        self.count(expected);
    }

    pub(crate) fn record_error(&mut self, kind: ErrorKind, expected: bool) {
        self.errors[kind.index()] += 1;
        self.count(expected);
    }

    fn count(&mut self, expected: bool) {
        self.requests += 1;
        if expected {
            self.expected += 1;
        } else {
            self.unexpected += 1;
        }
    }

    pub(crate) fn record_latency(&mut self, corrected: Duration, uncorrected: Duration) {
        record_duration(&mut self.corrected, corrected);
        record_duration(&mut self.uncorrected, uncorrected);
    }

    /// Status code -> count, only codes seen (0 stands for anything outside 100-599).
    pub(crate) fn statuses(&self) -> BTreeMap<u16, u64> {
        self.statuses
            .iter()
            .enumerate()
            .filter(|(_, count)| **count > 0)
            .map(|(status, count)| (status as u16, *count))
            .collect()
    }

    pub(crate) fn errors(&self) -> BTreeMap<ErrorKind, u64> {
        ErrorKind::ALL
            .into_iter()
            .zip(self.errors)
            .filter(|(_, count)| *count > 0)
            .collect()
    }

    #[cfg(test)]
    pub(crate) fn error_count(&self) -> u64 {
        self.errors.iter().sum()
    }

    pub(crate) fn merge(&mut self, other: &StepStats) {
        self.requests += other.requests;
        self.expected += other.expected;
        self.unexpected += other.unexpected;
        for (mine, theirs) in self.statuses.iter_mut().zip(&other.statuses) {
            *mine += theirs;
        }
        for (mine, theirs) in self.errors.iter_mut().zip(other.errors) {
            *mine += theirs;
        }
        // Same bounds on both sides, so adding cannot fail.
        let _ = self.corrected.add(&other.corrected);
        let _ = self.uncorrected.add(&other.uncorrected);
        self.bytes_received += other.bytes_received;
    }
}

/// One unexpected outcome kept so the user can find it in the target's logs and traces.
#[derive(Debug, Clone, Serialize)]
pub(crate) struct FailureSample {
    pub(crate) phase: String,
    pub(crate) step: String,
    pub(crate) method: String,
    pub(crate) url: String,
    /// The status, or the error kind, that was not expected.
    pub(crate) outcome: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(crate) message: Option<String>,
    pub(crate) request_id: String,
    /// `X-Trace-ID`: the same UUID as `X-Request-ID`, which the image pipeline's API logs as
    /// `trace_id`.
    pub(crate) x_trace_id: String,
    /// `x-datadog-trace-id` (decimal), the low 64 bits of the W3C trace id.
    pub(crate) trace_id: String,
    /// The W3C trace id (32 hex digits), as OpenTelemetry shows it.
    pub(crate) w3c_trace_id: String,
    /// Seconds from the start of the run to the scheduled start of the request.
    pub(crate) at_seconds: f64,
}

/// How many failures each phase keeps for the report.
pub(crate) const FAILURE_SAMPLES: usize = 10;

/// Everything one driver (or, once merged, one phase) measured.
#[derive(Debug, Clone)]
pub(crate) struct PhaseStats {
    /// One entry per step of the phase, in the phase's order.
    pub(crate) steps: Vec<StepStats>,
    /// How late sends were against their schedule (open model only).
    pub(crate) lag: Histogram<u64>,
    /// Requests still in flight when an interruption's grace period ran out.
    pub(crate) abandoned: u64,
    pub(crate) failures: Vec<FailureSample>,
    /// Requests handed to the client, and when the first and last of them were.
    pub(crate) sent: u64,
    pub(crate) first_send: Option<std::time::Instant>,
    pub(crate) last_send: Option<std::time::Instant>,
    /// One entry per stage of a ramp, counted by when requests were actually sent.
    pub(crate) stages: Vec<StageStats>,
}

/// Sends during one stage of a ramp.
#[derive(Debug, Clone)]
pub(crate) struct StageStats {
    pub(crate) sent: u64,
    /// How late those sends were against their schedule.
    pub(crate) lag: Histogram<u64>,
}

impl PhaseStats {
    pub(crate) fn new(step_count: usize, stage_count: usize) -> PhaseStats {
        PhaseStats {
            stages: (0..stage_count)
                .map(|_| StageStats {
                    sent: 0,
                    lag: new_latency_histogram(),
                })
                .collect(),
            steps: (0..step_count).map(|_| StepStats::default()).collect(),
            lag: new_latency_histogram(),
            abandoned: 0,
            failures: Vec::new(),
            sent: 0,
            first_send: None,
            last_send: None,
        }
    }

    pub(crate) fn merge(&mut self, other: &PhaseStats) {
        for (mine, theirs) in self.steps.iter_mut().zip(&other.steps) {
            mine.merge(theirs);
        }
        let _ = self.lag.add(&other.lag);
        for (mine, theirs) in self.stages.iter_mut().zip(&other.stages) {
            mine.sent += theirs.sent;
            let _ = mine.lag.add(&theirs.lag);
        }
        self.abandoned += other.abandoned;
        self.sent += other.sent;
        self.first_send = match (self.first_send, other.first_send) {
            (Some(a), Some(b)) => Some(a.min(b)),
            (a, b) => a.or(b),
        };
        self.last_send = self.last_send.max(other.last_send);
        self.failures.extend(other.failures.iter().cloned());
        self.failures
            .sort_by(|a, b| a.at_seconds.total_cmp(&b.at_seconds));
        self.failures.truncate(FAILURE_SAMPLES);
    }

    /// All steps together.
    pub(crate) fn total(&self) -> StepStats {
        let mut total = StepStats::default();
        for step in &self.steps {
            total.merge(step);
        }
        total
    }

    pub(crate) fn note_send(&mut self, at: std::time::Instant) {
        self.sent += 1;
        self.first_send.get_or_insert(at);
        self.last_send = Some(at);
    }

    pub(crate) fn note_stage_send(&mut self, stage: usize, lag: Duration) {
        if let Some(stage) = self.stages.get_mut(stage) {
            stage.sent += 1;
            record_duration(&mut stage.lag, lag);
        }
    }

    pub(crate) fn wants_failure_sample(&self) -> bool {
        self.failures.len() < FAILURE_SAMPLES
    }
}

/// What one phase did.
pub(crate) struct PhaseResult {
    pub(crate) name: String,
    pub(crate) pacing: Pacing,
    pub(crate) stop: Stop,
    pub(crate) steps: Vec<StepInfo>,
    /// The ramp's stages (empty without).
    pub(crate) stages: Vec<super::schedule::Stage>,
    pub(crate) stats: PhaseStats,
    pub(crate) elapsed: Duration,
    pub(crate) interrupted: bool,
}

/// A step as the report names it.
#[derive(Debug, Clone)]
pub(crate) struct StepInfo {
    pub(crate) name: String,
    pub(crate) method: String,
    pub(crate) path: String,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn merging_adds_counts_and_histograms() {
        let mut a = PhaseStats::new(2, 0);
        a.steps[0].record_status(200, true, 10);
        a.steps[0].record_latency(Duration::from_millis(5), Duration::from_millis(4));
        let mut b = PhaseStats::new(2, 0);
        b.steps[0].record_status(500, false, 3);
        b.steps[0].record_latency(Duration::from_millis(50), Duration::from_millis(40));
        b.steps[1].record_error(ErrorKind::Timeout, true);
        a.merge(&b);
        let step = &a.steps[0];
        assert_eq!((step.requests, step.expected, step.unexpected), (2, 1, 1));
        assert_eq!(step.statuses(), BTreeMap::from([(200, 1), (500, 1)]));
        assert_eq!(step.corrected.len(), 2);
        assert_eq!(step.bytes_received, 13);
        assert_eq!(
            a.steps[1].errors(),
            BTreeMap::from([(ErrorKind::Timeout, 1)])
        );
        let total = a.total();
        assert_eq!(
            (total.requests, total.expected, total.error_count()),
            (3, 2, 1)
        );
    }

    #[test]
    fn odd_statuses_and_huge_latencies_do_not_panic() {
        let mut step = StepStats::default();
        step.record_status(999, false, 0);
        step.record_latency(Duration::from_secs(100_000), Duration::ZERO);
        assert_eq!(step.statuses(), BTreeMap::from([(0, 1)]));
        assert!(step.corrected.max() >= 3_600_000_000 - 3_600_000);
    }

    #[test]
    fn error_kind_names_round_trip() {
        for kind in ErrorKind::ALL {
            assert_eq!(ErrorKind::from_name(kind.name()), Some(kind));
        }
    }
}
