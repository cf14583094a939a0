//! What a run did, in one shape, and its renderers: the closing summary for people (on stderr,
//! through `logging`, which also writes the error line of each failed source), NDJSON on stdout
//! (`--json`) for scripts, the list of `--dry-run`.

use std::collections::BTreeMap;
use std::path::PathBuf;
use std::time::Duration;

use serde_json::{json, Value};

use super::error::SourceError;
use crate::metrics::MetricsSummary;

/// How one source ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Outcome {
    /// Thumbnails written.
    Written,
    /// Every thumbnail existed and was newer than the source (no `--force`).
    Skipped,
    Failed,
    /// `--dry-run`: what would be written.
    Planned,
    /// Never started: Ctrl-C or `--fail-fast` came first.
    NotStarted,
}

impl Outcome {
    pub fn name(self) -> &'static str {
        match self {
            Outcome::Written => "written",
            Outcome::Skipped => "skipped",
            Outcome::Failed => "failed",
            Outcome::Planned => "planned",
            Outcome::NotStarted => "not_started",
        }
    }
}

/// One thumbnail, written or (dry run) planned.
#[derive(Debug, Clone)]
pub struct OutputReport {
    pub size: String,
    pub path: PathBuf,
    pub width: u32,
    pub height: u32,
    /// 0 for a planned output.
    pub bytes: u64,
    pub format: &'static str,
}

/// One source.
#[derive(Debug)]
pub struct SourceReport {
    pub path: PathBuf,
    pub outcome: Outcome,
    pub source_bytes: u64,
    /// Display dimensions (after orientation), when the header was read.
    pub dimensions: Option<(u32, u32)>,
    pub outputs: Vec<OutputReport>,
    pub error: Option<SourceError>,
    pub elapsed: Duration,
}

impl SourceReport {
    pub fn new(path: PathBuf, outcome: Outcome) -> SourceReport {
        SourceReport {
            path,
            outcome,
            source_bytes: 0,
            dimensions: None,
            outputs: Vec::new(),
            error: None,
            elapsed: Duration::ZERO,
        }
    }

    pub fn failed(path: PathBuf, error: SourceError) -> SourceReport {
        SourceReport {
            error: Some(error),
            ..SourceReport::new(path, Outcome::Failed)
        }
    }
}

/// Totals of a run.
#[derive(Debug, Clone, Default)]
pub struct RunSummary {
    pub sources: u64,
    pub written: u64,
    pub skipped: u64,
    pub failed: u64,
    pub planned: u64,
    pub not_started: u64,
    pub thumbnails: u64,
    pub bytes_read: u64,
    pub bytes_written: u64,
    pub elapsed: Duration,
    pub failures_by_reason: BTreeMap<&'static str, u64>,
    pub interrupted: bool,
    pub dry_run: bool,
    pub metrics: MetricsSummary,
}

impl RunSummary {
    pub fn from_reports(reports: &[SourceReport]) -> RunSummary {
        let mut summary = RunSummary::default();
        for report in reports {
            summary.sources += 1;
            match report.outcome {
                Outcome::Written => summary.written += 1,
                Outcome::Skipped => summary.skipped += 1,
                Outcome::Failed => summary.failed += 1,
                Outcome::Planned => summary.planned += 1,
                Outcome::NotStarted => summary.not_started += 1,
            }
            if report.outcome == Outcome::Written {
                summary.thumbnails += report.outputs.len() as u64;
                summary.bytes_written += report.outputs.iter().map(|o| o.bytes).sum::<u64>();
            }
            // A skipped source was only looked at (`stat`), not read.
            if report.outcome != Outcome::Skipped {
                summary.bytes_read += report.source_bytes;
            }
            if let Some(error) = &report.error {
                *summary
                    .failures_by_reason
                    .entry(error.reason())
                    .or_default() += 1;
            }
        }
        summary
    }

    /// Sources dealt with (written or failed) per second of wall time.
    pub fn images_per_second(&self) -> f64 {
        let seconds = self.elapsed.as_secs_f64();
        if seconds > 0.0 {
            (self.written + self.failed) as f64 / seconds
        } else {
            0.0
        }
    }
}

/// The NDJSON object of one source.
pub fn source_json(report: &SourceReport) -> Value {
    let mut object = json!({
        "type": "source",
        "path": report.path.to_string_lossy(),
        "status": report.outcome.name(),
        "source_bytes": report.source_bytes,
        "elapsed_ms": duration_ms(report.elapsed),
    });
    if let Some((width, height)) = report.dimensions {
        object["width"] = json!(width);
        object["height"] = json!(height);
    }
    if !report.outputs.is_empty() || report.error.is_none() {
        object["outputs"] = report
            .outputs
            .iter()
            .map(|output| {
                json!({
                    "size": output.size,
                    "path": output.path.to_string_lossy(),
                    "width": output.width,
                    "height": output.height,
                    "bytes": output.bytes,
                    "format": output.format,
                })
            })
            .collect();
    }
    if let Some(error) = &report.error {
        object["error"] = json!({ "reason": error.reason(), "message": error.to_string() });
    }
    object
}

/// The closing NDJSON object.
pub fn summary_json(summary: &RunSummary) -> Value {
    json!({
        "type": "summary",
        "sources": summary.sources,
        "written": summary.written,
        "skipped": summary.skipped,
        "failed": summary.failed,
        "planned": summary.planned,
        "not_started": summary.not_started,
        "thumbnails": summary.thumbnails,
        "bytes_read": summary.bytes_read,
        "bytes_written": summary.bytes_written,
        "elapsed_ms": duration_ms(summary.elapsed),
        "images_per_second": (summary.images_per_second() * 10.0).round() / 10.0,
        "failures_by_reason": summary.failures_by_reason,
        "interrupted": summary.interrupted,
        "dry_run": summary.dry_run,
        "metrics": {
            "enabled": summary.metrics.enabled,
            "sent": summary.metrics.sent,
            "dropped": summary.metrics.dropped,
        },
    })
}

/// The closing summary for people, on stderr.
pub fn summary_text(summary: &RunSummary) -> String {
    let mut lines = Vec::new();
    if summary.interrupted {
        lines.push(format!(
            "Interrupted: stopped after Ctrl-C, {} source(s) not started.",
            summary.not_started
        ));
    } else if summary.not_started > 0 {
        lines.push(format!(
            "Stopped at the first failure (--fail-fast): {} source(s) not started.",
            summary.not_started
        ));
    }
    if summary.dry_run {
        lines.push(format!(
            "Dry run: {} source(s), {} would be processed, {} up to date, {} failed; nothing written.",
            summary.sources, summary.planned, summary.skipped, summary.failed
        ));
    } else {
        let mut failed = format!("{} failed", summary.failed);
        if !summary.failures_by_reason.is_empty() {
            let reasons: Vec<String> = summary
                .failures_by_reason
                .iter()
                .map(|(reason, count)| format!("{reason}: {count}"))
                .collect();
            failed.push_str(&format!(" ({})", reasons.join(", ")));
        }
        lines.push(format!(
            "{} source(s): {} processed, {} skipped (up to date), {failed}.",
            summary.sources, summary.written, summary.skipped
        ));
        lines.push(format!(
            "{} thumbnail(s) written, {}; read {}. {:.2} s, {:.1} images/s.",
            summary.thumbnails,
            human_bytes(summary.bytes_written),
            human_bytes(summary.bytes_read),
            summary.elapsed.as_secs_f64(),
            summary.images_per_second()
        ));
    }
    if summary.metrics.enabled {
        lines.push(format!(
            "Metrics: {} sent, {} dropped.",
            summary.metrics.sent, summary.metrics.dropped
        ));
    }
    lines.join("\n")
}

/// `--dry-run` text lines of one source, on stdout.
pub fn dry_run_lines(report: &SourceReport) -> Vec<String> {
    match report.outcome {
        Outcome::Skipped => vec![format!("up to date: {}", report.path.display())],
        _ => report
            .outputs
            .iter()
            .map(|output| {
                format!(
                    "{} -> {} ({}x{})",
                    report.path.display(),
                    output.path.display(),
                    output.width,
                    output.height
                )
            })
            .collect(),
    }
}

fn duration_ms(duration: Duration) -> f64 {
    (duration.as_secs_f64() * 1e4).round() / 10.0
}

fn human_bytes(bytes: u64) -> String {
    const UNITS: [&str; 4] = ["B", "KiB", "MiB", "GiB"];
    let mut value = bytes as f64;
    let mut unit = 0;
    while value >= 1024.0 && unit < UNITS.len() - 1 {
        value /= 1024.0;
        unit += 1;
    }
    if unit == 0 {
        format!("{bytes} B")
    } else {
        format!("{value:.1} {}", UNITS[unit])
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn summary_counts_and_reasons() {
        let mut written = SourceReport::new("a.jpg".into(), Outcome::Written);
        written.source_bytes = 1000;
        written.outputs.push(OutputReport {
            size: "small".into(),
            path: "out/a_small.jpg".into(),
            width: 150,
            height: 100,
            bytes: 300,
            format: "jpeg",
        });
        let failed = SourceReport::failed("b.jpg".into(), SourceError::Empty);
        let summary = RunSummary::from_reports(&[written, failed]);
        assert_eq!(
            (summary.sources, summary.written, summary.failed),
            (2, 1, 1)
        );
        assert_eq!(
            (
                summary.thumbnails,
                summary.bytes_written,
                summary.bytes_read
            ),
            (1, 300, 1000)
        );
        assert_eq!(summary.failures_by_reason.get("empty"), Some(&1));
        let text = summary_text(&summary);
        assert!(text.contains("1 failed (empty: 1)"), "{text}");
    }

    #[test]
    fn human_bytes_units() {
        assert_eq!(human_bytes(512), "512 B");
        assert_eq!(human_bytes(2048), "2.0 KiB");
        assert_eq!(human_bytes(5 << 20), "5.0 MiB");
    }
}
