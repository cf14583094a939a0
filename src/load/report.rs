//! The report of a load run: one struct built from the phases' statistics, then rendered as text
//! for people or as JSON for scripts (the JSON shape is documented in the README).

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::time::Duration;

use hdrhistogram::Histogram;
use serde::Serialize;

use super::scenario::Pacing;
use super::stats::{FailureSample, PhaseResult, PhaseStats, StepStats, FAILURE_SAMPLES};
use crate::metrics::MetricsSummary;

#[derive(Debug, Clone, Serialize)]
pub(crate) struct Report {
    pub(crate) scenario: String,
    pub(crate) target: String,
    /// Pass it back with `--seed` to send the same requests again.
    pub(crate) seed: u64,
    /// Driver threads (`--threads`, or half the cores for a loopback target); null for uploads.
    pub(crate) threads: Option<usize>,
    /// Why that many: "1 driver thread: loopback target, half of 2 cores".
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(crate) threads_note: Option<String>,
    pub(crate) interrupted: bool,
    /// Answered requests (responses and errors) per second of the whole run.
    pub(crate) requests_per_second: f64,
    pub(crate) duration_seconds: f64,
    pub(crate) total: Totals,
    pub(crate) phases: Vec<PhaseReport>,
    /// `load upload` only: one entry per file.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(crate) files: Option<Vec<FileResult>>,
    /// The first unexpected outcomes, with the ids to find them in logs and traces.
    pub(crate) first_failures: Vec<FailureSample>,
    pub(crate) gates: Vec<GateResult>,
    pub(crate) metrics: MetricsSummary,
}

/// Counts and latencies of a step, a phase or the whole run.
#[derive(Debug, Clone, Serialize)]
pub(crate) struct Totals {
    /// Requests that got an answer or an error.
    pub(crate) requests: u64,
    pub(crate) expected: u64,
    pub(crate) unexpected: u64,
    /// unexpected / requests (0 when there were none).
    pub(crate) error_rate: f64,
    /// Status code (as a string key) -> count.
    pub(crate) status_codes: BTreeMap<String, u64>,
    /// Error kind -> count (requests without an HTTP answer).
    pub(crate) errors: BTreeMap<String, u64>,
    pub(crate) bytes_received: u64,
    /// Milliseconds. `corrected` counts from the scheduled start, `uncorrected` from the send.
    pub(crate) latency_ms: Latency,
}

#[derive(Debug, Clone, Serialize)]
pub(crate) struct Latency {
    pub(crate) corrected: Option<Percentiles>,
    pub(crate) uncorrected: Option<Percentiles>,
}

/// Milliseconds.
#[derive(Debug, Clone, Copy, Serialize)]
pub(crate) struct Percentiles {
    pub(crate) min: f64,
    pub(crate) mean: f64,
    pub(crate) p50: f64,
    pub(crate) p90: f64,
    pub(crate) p95: f64,
    pub(crate) p99: f64,
    pub(crate) p999: f64,
    pub(crate) max: f64,
}

impl Percentiles {
    pub(crate) fn of(histogram: &Histogram<u64>) -> Option<Percentiles> {
        if histogram.is_empty() {
            return None;
        }
        let ms = |micros: u64| (micros as f64 / 1000.0 * 1000.0).round() / 1000.0;
        let at = |q: f64| ms(histogram.value_at_quantile(q));
        Some(Percentiles {
            min: ms(histogram.min()),
            mean: (histogram.mean() / 1000.0 * 1000.0).round() / 1000.0,
            p50: at(0.50),
            p90: at(0.90),
            p95: at(0.95),
            p99: at(0.99),
            p999: at(0.999),
            max: ms(histogram.max()),
        })
    }
}

impl Totals {
    fn of(stats: &StepStats) -> Totals {
        Totals {
            requests: stats.requests,
            expected: stats.expected,
            unexpected: stats.unexpected,
            error_rate: ratio(stats.unexpected, stats.requests),
            status_codes: stats
                .statuses()
                .into_iter()
                .map(|(status, count)| (status.to_string(), count))
                .collect(),
            errors: stats
                .errors()
                .into_iter()
                .map(|(kind, count)| (kind.name().to_string(), count))
                .collect(),
            bytes_received: stats.bytes_received,
            latency_ms: Latency {
                corrected: Percentiles::of(&stats.corrected),
                uncorrected: Percentiles::of(&stats.uncorrected),
            },
        }
    }
}

fn ratio(part: u64, whole: u64) -> f64 {
    if whole == 0 {
        0.0
    } else {
        part as f64 / whole as f64
    }
}

#[derive(Debug, Clone, Serialize)]
pub(crate) struct PhaseReport {
    pub(crate) name: String,
    /// "open" (paced by rate) or "closed" (fixed concurrency, as fast as answers come).
    pub(crate) model: &'static str,
    /// Requests per second asked for (open model).
    pub(crate) target_rate: Option<f64>,
    /// In-flight cap (open model) or number of loops (closed model).
    pub(crate) concurrency: usize,
    /// "50 requests" or "1m".
    pub(crate) stop: String,
    pub(crate) duration_seconds: f64,
    /// Answered requests per second of the phase.
    pub(crate) requests_per_second: f64,
    /// Requests handed to the client.
    pub(crate) sent: u64,
    /// Sends per second from the first to the last (open model: compare with `target_rate`).
    pub(crate) send_rate: Option<f64>,
    /// How late sends were against their schedule (open model), in milliseconds.
    pub(crate) lag_ms: Option<Percentiles>,
    /// True when the open-model schedule was not held (send rate under 95% of the target, or
    /// sends more than 10 ms late at p90): the target or the in-flight cap could not keep up.
    pub(crate) behind_schedule: bool,
    /// Requests still in flight when an interruption's grace period ran out.
    pub(crate) abandoned: u64,
    pub(crate) interrupted: bool,
    /// A ramp's stages, each with what was sent during it.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub(crate) stages: Vec<StageReport>,
    #[serde(flatten)]
    pub(crate) totals: Totals,
    pub(crate) steps: Vec<StepReport>,
}

/// One stage of a ramp.
#[derive(Debug, Clone, Serialize)]
pub(crate) struct StageReport {
    pub(crate) duration_seconds: f64,
    /// The rate moves linearly from `from_rate` to `to_rate` over the stage.
    pub(crate) from_rate: f64,
    pub(crate) to_rate: f64,
    /// Requests the schedule has due in the stage.
    pub(crate) scheduled: f64,
    /// Requests sent while the stage lasted.
    pub(crate) sent: u64,
    /// `sent` over the stage's duration, against `target_rate`, the stage's mean rate.
    pub(crate) send_rate: f64,
    pub(crate) target_rate: f64,
    pub(crate) lag_ms: Option<Percentiles>,
    /// The same rule as the phase's: under 95% of the schedule, or sends late by 10 ms at p90.
    pub(crate) behind_schedule: bool,
}

#[derive(Debug, Clone, Serialize)]
pub(crate) struct StepReport {
    pub(crate) name: String,
    pub(crate) method: String,
    pub(crate) path: String,
    #[serde(flatten)]
    pub(crate) totals: Totals,
}

/// One file of `load upload`.
#[derive(Debug, Clone, Serialize)]
pub(crate) struct FileResult {
    pub(crate) file: String,
    pub(crate) bytes: u64,
    pub(crate) status: Option<u16>,
    pub(crate) error: Option<String>,
    pub(crate) expected: bool,
    pub(crate) latency_ms: f64,
    pub(crate) request_id: String,
}

/// A CI gate and whether the run met it.
#[derive(Debug, Clone, Serialize)]
pub(crate) struct GateResult {
    pub(crate) gate: String,
    pub(crate) limit: String,
    pub(crate) actual: String,
    pub(crate) passed: bool,
}

/// A pass/fail condition on the whole run.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) enum Gate {
    /// Unexpected outcomes over answered requests, as a fraction (0.01 for 1%).
    MaxErrorRate(f64),
    /// A corrected latency percentile (0.99 for p99) must stay at or under the limit.
    MaxLatency { quantile: f64, limit: Duration },
    /// Requests per second of the whole run must reach this.
    MinRequestsPerSecond(f64),
}

impl Gate {
    fn evaluate(&self, total: &StepStats, requests_per_second: f64) -> GateResult {
        match *self {
            Gate::MaxErrorRate(limit) => {
                let actual = ratio(total.unexpected, total.requests);
                GateResult {
                    gate: "max-error-rate".into(),
                    limit: format!("{}%", trim_float(limit * 100.0)),
                    actual: format!("{}%", trim_float(actual * 100.0)),
                    passed: actual <= limit,
                }
            }
            Gate::MaxLatency { quantile, limit } => {
                let name = quantile_name(quantile);
                let actual = if total.corrected.is_empty() {
                    None
                } else {
                    Some(Duration::from_micros(
                        total.corrected.value_at_quantile(quantile),
                    ))
                };
                GateResult {
                    gate: format!("max-{name}"),
                    limit: format_ms(limit),
                    actual: actual.map_or("no answers".into(), format_ms),
                    // No answer at all cannot pass a latency gate.
                    passed: actual.is_some_and(|a| a <= limit),
                }
            }
            Gate::MinRequestsPerSecond(limit) => GateResult {
                gate: "min-rps".into(),
                limit: trim_float(limit),
                actual: format!("{requests_per_second:.1}"),
                passed: requests_per_second >= limit,
            },
        }
    }
}

fn quantile_name(quantile: f64) -> String {
    if quantile == 0.999 {
        "p999".into()
    } else {
        format!("p{}", trim_float(quantile * 100.0))
    }
}

fn trim_float(value: f64) -> String {
    let text = format!("{value:.3}");
    text.trim_end_matches('0').trim_end_matches('.').to_string()
}

fn format_ms(duration: Duration) -> String {
    format!("{} ms", trim_float(duration.as_secs_f64() * 1000.0))
}

/// What the report is built from besides the phases.
pub(crate) struct RunInfo {
    pub(crate) scenario: String,
    pub(crate) target: String,
    pub(crate) seed: u64,
    /// Driver threads and why (None for uploads, which do not use them).
    pub(crate) threads: Option<(usize, String)>,
    pub(crate) interrupted: bool,
    pub(crate) elapsed: Duration,
    pub(crate) gates: Vec<Gate>,
    pub(crate) files: Option<Vec<FileResult>>,
    pub(crate) metrics: MetricsSummary,
}

impl Report {
    pub(crate) fn build(info: RunInfo, phases: &[PhaseResult]) -> Report {
        let mut all = StepStats::default();
        let mut failures: Vec<FailureSample> = Vec::new();
        for phase in phases {
            all.merge(&phase.stats.total());
            failures.extend(phase.stats.failures.iter().cloned());
        }
        failures.sort_by(|a, b| a.at_seconds.total_cmp(&b.at_seconds));
        failures.truncate(FAILURE_SAMPLES);
        let duration = info.elapsed.as_secs_f64();
        let requests_per_second = per_second(all.requests, duration);
        let gates = info
            .gates
            .iter()
            .map(|gate| gate.evaluate(&all, requests_per_second))
            .collect();
        Report {
            scenario: info.scenario,
            target: info.target,
            seed: info.seed,
            threads: info.threads.as_ref().map(|(count, _)| *count),
            threads_note: info.threads.map(|(_, note)| note),
            interrupted: info.interrupted,
            requests_per_second,
            duration_seconds: round3(duration),
            total: Totals::of(&all),
            phases: phases.iter().map(phase_report).collect(),
            files: info.files,
            first_failures: failures,
            gates,
            metrics: info.metrics,
        }
    }

    pub(crate) fn gates_failed(&self) -> bool {
        self.gates.iter().any(|g| !g.passed)
    }
}

impl crate::report::Report for Report {
    fn to_text(&self) -> String {
        let mut out = String::new();
        let _ = writeln!(
            out,
            "thumbctl load {} -> {} (seed {}{}){}",
            self.scenario,
            self.target,
            self.seed,
            self.threads_note
                .as_ref()
                .map_or(String::new(), |note| format!("; {note}")),
            if self.interrupted {
                ", INTERRUPTED"
            } else {
                ""
            }
        );
        for phase in &self.phases {
            out.push('\n');
            write_phase(&mut out, phase);
        }
        if self.phases.len() > 1 || self.files.is_some() {
            out.push('\n');
            let _ = writeln!(
                out,
                "total: {} requests in {:.2} s ({:.1}/s)",
                self.total.requests, self.duration_seconds, self.requests_per_second
            );
            write_totals(&mut out, &self.total, "  ");
        }
        if let Some(files) = &self.files {
            out.push_str("\nfiles:\n");
            for file in files {
                let outcome = match (&file.status, &file.error) {
                    (Some(status), _) => status.to_string(),
                    (None, Some(error)) => error.clone(),
                    (None, None) => "-".into(),
                };
                let _ = writeln!(
                    out,
                    "  {} {:<40} {:>10} bytes  {}  {:.1} ms",
                    if file.expected { "ok  " } else { "FAIL" },
                    file.file,
                    file.bytes,
                    outcome,
                    file.latency_ms
                );
            }
        }
        if !self.first_failures.is_empty() {
            out.push_str(
                "\nfirst unexpected outcomes (find them in the target's logs by X-Trace-ID, which is also \
                 the X-Request-ID, or by trace id):\n",
            );
            for failure in &self.first_failures {
                let _ = writeln!(
                    out,
                    "  {:>8.3}s {} {} {} -> {}  X-Trace-ID {}  trace {} (w3c {})",
                    failure.at_seconds,
                    failure.step,
                    failure.method,
                    failure.url,
                    failure.outcome,
                    failure.x_trace_id,
                    failure.trace_id,
                    failure.w3c_trace_id,
                );
                if let Some(message) = &failure.message {
                    let _ = writeln!(out, "            {message}");
                }
            }
        }
        if !self.gates.is_empty() {
            out.push_str("\ngates:\n");
            for gate in &self.gates {
                let _ = writeln!(
                    out,
                    "  {} {}: {} (limit {})",
                    if gate.passed { "pass" } else { "FAIL" },
                    gate.gate,
                    gate.actual,
                    gate.limit
                );
            }
        }
        if self.metrics.enabled {
            // `metrics: N sent, M dropped`
            let _ = writeln!(out, "\n{}", self.metrics);
        }
        out
    }
}

fn per_second(count: u64, seconds: f64) -> f64 {
    if seconds > 0.0 {
        round3(count as f64 / seconds)
    } else {
        0.0
    }
}

fn round3(value: f64) -> f64 {
    (value * 1000.0).round() / 1000.0
}

fn phase_report(phase: &PhaseResult) -> PhaseReport {
    let stats: &PhaseStats = &phase.stats;
    let total = stats.total();
    let duration = phase.elapsed.as_secs_f64();
    let (model, target_rate, concurrency) = match phase.pacing {
        Pacing::Open {
            rate,
            max_in_flight,
        } => ("open", Some(rate), max_in_flight),
        Pacing::Closed { concurrency } => ("closed", None, concurrency),
    };
    let send_rate = match (stats.first_send, stats.last_send) {
        (Some(first), Some(last)) if stats.sent > 1 && last > first => Some(round3(
            (stats.sent - 1) as f64 / last.duration_since(first).as_secs_f64(),
        )),
        _ => None,
    };
    let lag_ms = target_rate.and_then(|_| Percentiles::of(&stats.lag));
    let stages = stage_reports(phase);
    let behind_schedule = match (target_rate, send_rate, lag_ms) {
        (Some(target), Some(actual), Some(lag)) => actual < 0.95 * target || lag.p90 > 10.0,
        _ => false,
    } || stages.iter().any(|s| s.behind_schedule);
    PhaseReport {
        name: phase.name.clone(),
        model,
        target_rate,
        concurrency,
        stop: phase.stop.to_string(),
        duration_seconds: round3(duration),
        requests_per_second: per_second(total.requests, duration),
        sent: stats.sent,
        send_rate,
        lag_ms,
        behind_schedule,
        abandoned: stats.abandoned,
        interrupted: phase.interrupted,
        stages,
        totals: Totals::of(&total),
        steps: phase
            .steps
            .iter()
            .zip(&stats.steps)
            .map(|(info, step)| StepReport {
                name: info.name.clone(),
                method: info.method.clone(),
                path: info.path.clone(),
                totals: Totals::of(step),
            })
            .collect(),
    }
}

fn stage_reports(phase: &PhaseResult) -> Vec<StageReport> {
    let mut from_rate = 0.0;
    phase
        .stages
        .iter()
        .zip(&phase.stats.stages)
        .map(|(stage, stats)| {
            let seconds = stage.duration.as_secs_f64();
            let target_rate = (from_rate + stage.rate) / 2.0;
            let scheduled = target_rate * seconds;
            let lag_ms = Percentiles::of(&stats.lag);
            let report = StageReport {
                duration_seconds: round3(seconds),
                from_rate,
                to_rate: stage.rate,
                scheduled: round3(scheduled),
                sent: stats.sent,
                send_rate: per_second(stats.sent, seconds),
                target_rate: round3(target_rate),
                // A stage cut short by an interruption is not behind.
                behind_schedule: !phase.interrupted
                    && ((stats.sent as f64) < 0.95 * scheduled - 1.0
                        || lag_ms.is_some_and(|lag| lag.p90 > 10.0)),
                lag_ms,
            };
            from_rate = stage.rate;
            report
        })
        .collect()
}

fn write_phase(out: &mut String, phase: &PhaseReport) {
    let pacing = match phase.target_rate {
        Some(_) if !phase.stages.is_empty() => format!(
            "open model in {} stages (at most {} in flight)",
            phase.stages.len(),
            phase.concurrency
        ),
        Some(rate) => format!(
            "open model at {}/s (at most {} in flight)",
            trim_float(rate),
            phase.concurrency
        ),
        None => format!("closed loop, {} at a time", phase.concurrency),
    };
    let _ = writeln!(
        out,
        "phase {}: {} requests in {:.2} s ({:.1}/s), {}, until {}{}",
        phase.name,
        phase.totals.requests,
        phase.duration_seconds,
        phase.requests_per_second,
        pacing,
        phase.stop,
        if phase.interrupted {
            ", interrupted"
        } else {
            ""
        }
    );
    write_totals(out, &phase.totals, "  ");
    if let (Some(target), Some(lag)) = (phase.target_rate, phase.lag_ms) {
        let _ = writeln!(
            out,
            "  schedule  sent {} at {}/s against {}/s asked; lag p50 {} ms, p99 {} ms, max {} ms{}",
            phase.sent,
            phase.send_rate.map_or("-".into(), |r| format!("{r:.1}")),
            trim_float(target),
            lag.p50,
            lag.p99,
            lag.max,
            if phase.behind_schedule {
                "  BEHIND SCHEDULE: the target or the in-flight cap could not keep up"
            } else {
                ""
            }
        );
    }
    for (number, stage) in phase.stages.iter().enumerate() {
        let _ = writeln!(
            out,
            "  stage {} {}/s -> {}/s over {} s: sent {} at {:.1}/s against {}/s asked; lag p99 {} ms{}",
            number + 1,
            trim_float(stage.from_rate),
            trim_float(stage.to_rate),
            trim_float(stage.duration_seconds),
            stage.sent,
            stage.send_rate,
            trim_float(stage.target_rate),
            stage.lag_ms.map_or("-".into(), |lag| lag.p99.to_string()),
            if stage.behind_schedule {
                "  BEHIND SCHEDULE"
            } else {
                ""
            }
        );
    }
    if phase.abandoned > 0 {
        let _ = writeln!(
            out,
            "  abandoned {} requests still in flight after the interruption",
            phase.abandoned
        );
    }
    let _ = writeln!(
        out,
        "  {:<22} {:>7} {:>7} {:>6} {:>9} {:>9}  outcomes",
        "step", "reqs", "expect", "unexp", "p50 ms", "p99 ms"
    );
    for step in &phase.steps {
        let latency = step.totals.latency_ms.corrected;
        let _ = writeln!(
            out,
            "  {:<22} {:>7} {:>7} {:>6} {:>9} {:>9}  {}",
            step.name,
            step.totals.requests,
            step.totals.expected,
            step.totals.unexpected,
            latency.map_or("-".into(), |l| format!("{:.1}", l.p50)),
            latency.map_or("-".into(), |l| format!("{:.1}", l.p99)),
            outcomes(&step.totals)
        );
    }
}

fn outcomes(totals: &Totals) -> String {
    totals
        .status_codes
        .iter()
        .chain(&totals.errors)
        .map(|(what, count)| format!("{what} x{count}"))
        .collect::<Vec<_>>()
        .join(", ")
}

fn write_totals(out: &mut String, totals: &Totals, indent: &str) {
    let _ = writeln!(
        out,
        "{indent}outcomes  {} expected, {} unexpected ({}%): {}",
        totals.expected,
        totals.unexpected,
        trim_float(totals.error_rate * 100.0),
        outcomes(totals)
    );
    for (label, percentiles) in [
        ("latency", totals.latency_ms.corrected),
        ("(uncorr.)", totals.latency_ms.uncorrected),
    ] {
        if let Some(p) = percentiles {
            let _ = writeln!(
                out,
                "{indent}{label:<9} min {} ms, p50 {}, p90 {}, p95 {}, p99 {}, p99.9 {}, max {}",
                p.min, p.p50, p.p90, p.p95, p.p99, p.p999, p.max
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::load::error_kind::ErrorKind;

    fn stats_with(latencies_ms: &[u64], unexpected: u64) -> StepStats {
        let mut stats = StepStats::default();
        for ms in latencies_ms {
            stats.record_status(200, true, 0);
            stats.record_latency(Duration::from_millis(*ms), Duration::from_millis(*ms));
        }
        for _ in 0..unexpected {
            stats.record_error(ErrorKind::Timeout, false);
        }
        stats
    }

    #[test]
    fn error_rate_gate() {
        let stats = stats_with(&[1; 99], 1);
        assert!(Gate::MaxErrorRate(0.01).evaluate(&stats, 1.0).passed);
        let result = Gate::MaxErrorRate(0.005).evaluate(&stats, 1.0);
        assert!(!result.passed);
        assert_eq!(
            (result.limit.as_str(), result.actual.as_str()),
            ("0.5%", "1%")
        );
    }

    #[test]
    fn latency_gates_use_the_corrected_percentile() {
        let mut latencies = vec![10; 98];
        latencies.extend([900, 900]);
        let stats = stats_with(&latencies, 0);
        let p99 = |limit_ms| Gate::MaxLatency {
            quantile: 0.99,
            limit: Duration::from_millis(limit_ms),
        };
        assert!(!p99(500).evaluate(&stats, 1.0).passed);
        assert!(p99(1000).evaluate(&stats, 1.0).passed);
        assert_eq!(p99(500).evaluate(&stats, 1.0).gate, "max-p99");
        let no_answers = StepStats::default();
        assert!(!p99(1000).evaluate(&no_answers, 0.0).passed);
    }

    #[test]
    fn percentiles_are_in_milliseconds() {
        let stats = stats_with(&[5, 5, 5, 5], 0);
        let p = Percentiles::of(&stats.corrected).unwrap();
        assert!((p.p50 - 5.0).abs() < 0.01, "{p:?}");
        assert!(Percentiles::of(&StepStats::default().corrected).is_none());
    }
}
