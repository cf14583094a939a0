//! Log setup: tracing to stderr, level from -v/-vv unless RUST_LOG says otherwise.

use crate::cli::{GlobalArgs, LogFormat};
use std::io::IsTerminal;
use tracing_subscriber::EnvFilter;

/// Installs the global subscriber. Logs go to stderr so stdout stays clean for reports.
pub fn init(global: &GlobalArgs) {
    let default_level = match (global.quiet, global.verbose) {
        (true, _) => "error",
        (false, 0) => "warn",
        (false, 1) => "debug",
        (false, _) => "trace",
    };
    let filter = EnvFilter::try_from_default_env()
        .unwrap_or_else(|_| EnvFilter::new(format!("thumbctl={default_level},warn")));
    let builder = tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_writer(std::io::stderr)
        // Colour codes only on a terminal: a CI log or `2> err.txt` gets plain lines.
        .with_ansi(std::io::stderr().is_terminal())
        .with_target(false);
    // A second init (tests calling `run` twice in one process) is harmless, so its error is ignored.
    let _ = match global.log_format {
        LogFormat::Text => builder.without_time().try_init(),
        LogFormat::Json => builder.json().try_init(),
    };
}
