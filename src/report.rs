//! The one shape every report is written through, as hyperfine's `src/export/` puts each format
//! behind one `Exporter`: a report is serde-serialisable for scripts and has a text form for
//! people; a subcommand picks the format, `render` writes it.

use serde::Serialize;

/// A run's report, or one record of it (`resize` writes one per source as it finishes).
pub(crate) trait Report: Serialize {
    /// The text for people.
    fn to_text(&self) -> String;
}

/// How a report is written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Format {
    /// For people.
    Text,
    /// One indented JSON document, ending in a newline (`load --output-format json`).
    Json,
    /// One JSON object on one line, without the newline (`resize --json` writes NDJSON).
    JsonLine,
}

/// Writes `report` in `format`.
pub(crate) fn render(report: &impl Report, format: Format) -> String {
    match format {
        Format::Text => report.to_text(),
        Format::Json => {
            serde_json::to_string_pretty(report).expect("a report always serializes") + "\n"
        }
        Format::JsonLine => serde_json::to_string(report).expect("a report always serializes"),
    }
}
