//! What a run did, in one shape, and its renderers: the closing summary for people (on stderr,
//! through `logging`, which also writes the error line of each failed source), NDJSON on stdout
//! (`--json`) for scripts, the list of `--dry-run`.

use std::collections::BTreeMap;
use std::path::PathBuf;
use std::time::Duration;

use serde::{Serialize, Serializer};

use super::error::SourceError;
use crate::metrics::MetricsSummary;
use crate::report::{self, Format, Report};

/// How one source ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
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
#[derive(Debug, Clone, Serialize)]
pub struct OutputReport {
    pub size: String,
    #[serde(serialize_with = "path_text")]
    pub path: PathBuf,
    pub width: u32,
    pub height: u32,
    /// 0 for a planned output.
    pub bytes: u64,
    pub format: &'static str,
}

/// One source. In JSON (see `SourceRecord`): `path`, `status`, `source_bytes`, `width` and
/// `height` when known, `outputs`, `error` (`reason`, `message`) when failed, `elapsed_ms`.
#[derive(Debug, Serialize)]
pub struct SourceReport {
    #[serde(serialize_with = "path_text")]
    pub path: PathBuf,
    #[serde(rename = "status")]
    pub outcome: Outcome,
    pub source_bytes: u64,
    /// Display dimensions (after orientation), when the header was read.
    #[serde(flatten, serialize_with = "width_and_height")]
    pub dimensions: Option<(u32, u32)>,
    /// In JSON only when there are some, or when the source did not fail.
    #[serde(skip)]
    pub outputs: Vec<OutputReport>,
    #[serde(
        skip_serializing_if = "Option::is_none",
        serialize_with = "reason_and_message"
    )]
    pub error: Option<SourceError>,
    #[serde(rename = "elapsed_ms", serialize_with = "milliseconds")]
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

/// Totals of a run. In JSON (see `SummaryRecord`) `elapsed` is `elapsed_ms`.
#[derive(Debug, Clone, Default, Serialize)]
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
    #[serde(rename = "elapsed_ms", serialize_with = "milliseconds")]
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

/// The NDJSON line of one source: its report, tagged `"type": "source"`.
#[derive(Serialize)]
#[serde(tag = "type", rename = "source")]
struct SourceRecord<'a> {
    #[serde(flatten)]
    report: &'a SourceReport,
    #[serde(skip_serializing_if = "Option::is_none")]
    outputs: Option<&'a [OutputReport]>,
}

impl Report for SourceRecord<'_> {
    fn to_text(&self) -> String {
        dry_run_lines(self.report).join("\n")
    }
}

/// The closing NDJSON line: the totals, tagged `"type": "summary"`, with the rate.
#[derive(Serialize)]
#[serde(tag = "type", rename = "summary")]
struct SummaryRecord<'a> {
    #[serde(flatten)]
    summary: &'a RunSummary,
    images_per_second: f64,
}

impl Report for SummaryRecord<'_> {
    fn to_text(&self) -> String {
        summary_text(self.summary)
    }
}

/// The NDJSON line of one source.
pub fn source_json(source: &SourceReport) -> String {
    let outputs =
        (!source.outputs.is_empty() || source.error.is_none()).then_some(source.outputs.as_slice());
    let record = SourceRecord {
        report: source,
        outputs,
    };
    report::render(&record, Format::JsonLine)
}

/// The closing NDJSON line.
pub fn summary_json(summary: &RunSummary) -> String {
    let record = SummaryRecord {
        summary,
        images_per_second: (summary.images_per_second() * 10.0).round() / 10.0,
    };
    report::render(&record, Format::JsonLine)
}

fn path_text<S: Serializer>(path: &std::path::Path, serializer: S) -> Result<S::Ok, S::Error> {
    serializer.serialize_str(&path.to_string_lossy())
}

fn milliseconds<S: Serializer>(duration: &Duration, serializer: S) -> Result<S::Ok, S::Error> {
    serializer.serialize_f64(duration_ms(*duration))
}

/// `width` and `height` beside the other fields, when known.
fn width_and_height<S: Serializer>(
    dimensions: &Option<(u32, u32)>,
    serializer: S,
) -> Result<S::Ok, S::Error> {
    #[derive(Serialize)]
    struct Dimensions {
        width: u32,
        height: u32,
    }
    dimensions
        .map(|(width, height)| Dimensions { width, height })
        .serialize(serializer)
}

fn reason_and_message<S: Serializer>(
    error: &Option<SourceError>,
    serializer: S,
) -> Result<S::Ok, S::Error> {
    #[derive(Serialize)]
    struct Described<'a> {
        reason: &'a str,
        message: String,
    }
    error
        .as_ref()
        .map(|error| Described {
            reason: error.reason(),
            message: error.to_string(),
        })
        .serialize(serializer)
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
