//! Everything thumbctl says on stderr: the tracing log lines (level from -v/-vv unless RUST_LOG
//! says otherwise), and the messages for the user (errors, per-file errors, the closing summary).
//!
//! Both follow `--log-format`: plain lines, or one JSON object per line. The user's messages are
//! not log events: `RUST_LOG` cannot hide them (only `--quiet` hides a summary, at the call site),
//! and in text mode they are exactly the lines the tests and README show (`error: <path>: <why>`).
//! In JSON mode they take the shape of the tracing lines, so a log collector reads one shape:
//! `{"timestamp":…,"level":"ERROR","fields":{"message":…,"path":…,"reason":…}}`.

use std::fmt::Display;
use std::io::{IsTerminal, Write};
use std::path::Path;
use std::sync::atomic::{AtomicBool, Ordering};

use serde::Serialize;
use tracing_subscriber::fmt::format::Writer;
use tracing_subscriber::fmt::time::{FormatTime, SystemTime};
use tracing_subscriber::EnvFilter;

use crate::cli::{GlobalArgs, LogFormat};

/// Set once by `init`; text until then (a library caller that never calls `init`).
static JSON: AtomicBool = AtomicBool::new(false);

/// Installs the global subscriber. Logs go to stderr so stdout stays clean for reports.
pub fn init(global: &GlobalArgs) {
    let default_level = match (global.quiet, global.verbose) {
        (true, _) => "error",
        (false, 0) => "warn",
        (false, 1) => "debug",
        (false, _) => "trace",
    };
    // The tracer's crates log plain-text notes of their own (runtime modes, export errors that
    // repeat per batch); thumbctl says once what matters about the agent (src/apm/probe.rs).
    let quiet_tracer = "datadog_opentelemetry=off,libdd_shared_runtime=off,libdd_data_pipeline=off,\
                        libdd_trace_utils=off,libdd_common=off,libdd_telemetry=off,opentelemetry=off,\
                        opentelemetry_sdk=off";
    let filter = EnvFilter::try_from_default_env().unwrap_or_else(|_| {
        EnvFilter::new(format!("thumbctl={default_level},warn,{quiet_tracer}"))
    });
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
    JSON.store(global.log_format == LogFormat::Json, Ordering::Relaxed);
}

/// An error that ends the command or one part of it: `error: <message>`.
pub(crate) fn error(message: impl Display) {
    say(Level::Error, &message, None, || format!("error: {message}"));
}

/// A file that could not be used: `error: <path>: <message>`; `reason` is the short tag of the
/// reports and metrics (`truncated`, `not_found`, ...).
pub(crate) fn file_error(path: &Path, reason: &str, message: impl Display) {
    let file = FileFields {
        path: &path.to_string_lossy(),
        reason,
    };
    say(Level::Error, &message, Some(file), || {
        format!("error: {}: {message}", path.display())
    });
}

/// Information for the user. Each line is a message of its own, so in JSON mode each object
/// holds one sentence a log viewer can show alone.
#[allow(dead_code)]
pub(crate) fn info(text: &str) {
    for line in text.lines() {
        say(Level::Info, &line, None, || line.to_string());
    }
}

/// The closing summary of a run: its lines as they are in text mode; in JSON mode one event
/// (`"event":"summary"`) whose message is the lines joined and whose fields are `counters`, so a
/// collector reads the numbers without parsing sentences.
///
/// With traces on, the buffered spans are sent first (2 s at most) and the summary ends with what
/// became of them (`Traces: N spans sent, M dropped.`, `"traces":{"sent":N,"dropped":M}`).
pub(crate) fn summary(text: &str, counters: &impl Serialize) {
    let traces = crate::apm::finish();
    TRACES_SAID.store(traces.is_some(), Ordering::Relaxed);
    let mut text = text.to_string();
    if let Some(traces) = &traces {
        text.push('\n');
        text.push_str(&crate::apm::summary_line(traces));
    }
    if !JSON.load(Ordering::Relaxed) {
        let _ = writeln!(std::io::stderr().lock(), "{text}");
        return;
    }
    let message = text.lines().collect::<Vec<_>>().join(" ");
    let mut counters = serde_json::to_value(counters).unwrap_or(serde_json::Value::Null);
    if let (Some(traces), serde_json::Value::Object(fields)) = (traces, &mut counters) {
        fields.insert(
            "traces".into(),
            serde_json::to_value(traces).expect("two numbers serialize"),
        );
    }
    write_event(Level::Info, message, "summary", counters, None);
}

/// Set once a summary has said what became of the spans.
static TRACES_SAID: AtomicBool = AtomicBool::new(false);

/// At exit, with traces on: sends what is still buffered (2 s at most) and, unless a summary
/// said it already (or `--quiet`), says what became of the spans, as an event of its own.
pub(crate) fn traces_at_exit(quiet: bool) {
    let Some(traces) = crate::apm::finish() else {
        return;
    };
    if quiet || TRACES_SAID.load(Ordering::Relaxed) {
        return;
    }
    let line = crate::apm::summary_line(&traces);
    if JSON.load(Ordering::Relaxed) {
        let counters = serde_json::json!({ "traces": traces });
        write_event(Level::Info, line, "traces", counters, None);
    } else {
        let _ = writeln!(std::io::stderr().lock(), "{line}");
    }
}

/// One load request whose outcome was not expected, in JSON mode only (text mode shows them in
/// the report): the ids to find it in the target's logs and traces, and Datadog's correlation
/// fields at the top level (`dd.trace_id`, `dd.span_id`, `dd.service`, `dd.env`, `dd.version`),
/// where Datadog's log pipeline looks for them. `span_id` is the client span's id, the
/// `x-datadog-parent-id` the request carried.
pub(crate) fn unexpected_outcome(sample: &crate::load::FailureSample, span_id: u64) {
    if !JSON.load(Ordering::Relaxed) {
        return;
    }
    let message = format!(
        "unexpected outcome {} for {} {} (step {}, phase {})",
        sample.outcome, sample.method, sample.url, sample.step, sample.phase
    );
    let fields = serde_json::json!({
        "phase": sample.phase,
        "step": sample.step,
        "method": sample.method,
        "url": sample.url,
        "outcome": sample.outcome,
        // The outcome is the status when the target answered, else an error kind (`timeout`).
        "status": sample.outcome.parse::<u16>().ok(),
        "error": sample.message,
        "request_id": sample.request_id,
        "trace_id": sample.trace_id,
        "w3c_trace_id": sample.w3c_trace_id,
    });
    let service = crate::apm::unified_service();
    let dd = serde_json::json!({
        "dd.trace_id": sample.trace_id,
        "dd.span_id": span_id.to_string(),
        "dd.service": service.service,
        "dd.env": service.env.as_deref().unwrap_or(""),
        "dd.version": service.version.as_deref().unwrap_or(""),
    });
    write_event(Level::Warn, message, "unexpected_outcome", fields, Some(dd));
}

#[derive(Clone, Copy, Serialize)]
#[serde(rename_all = "UPPERCASE")]
enum Level {
    Error,
    Warn,
    Info,
}

#[derive(Serialize)]
struct FileFields<'a> {
    path: &'a str,
    reason: &'a str,
}

/// One JSON line, in the field order of the tracing JSON lines.
#[derive(Serialize)]
struct JsonLine<'a> {
    timestamp: String,
    level: Level,
    fields: JsonFields<'a>,
}

#[derive(Serialize)]
struct JsonFields<'a> {
    message: String,
    #[serde(flatten)]
    file: Option<FileFields<'a>>,
}

/// One JSON event line: `fields` (an object) after `message` and `event`, and `top` (an object)
/// merged into the line itself.
fn write_event(
    level: Level,
    message: String,
    event: &str,
    fields: serde_json::Value,
    top: Option<serde_json::Value>,
) {
    let mut timestamp = String::new();
    let _ = SystemTime.format_time(&mut Writer::new(&mut timestamp));
    let mut all = serde_json::Map::new();
    all.insert("message".into(), message.into());
    all.insert("event".into(), event.into());
    if let serde_json::Value::Object(fields) = fields {
        all.extend(fields);
    }
    let mut line = serde_json::Map::new();
    line.insert("timestamp".into(), timestamp.into());
    line.insert(
        "level".into(),
        serde_json::to_value(level).expect("a unit variant serializes"),
    );
    line.insert("fields".into(), all.into());
    if let Some(serde_json::Value::Object(top)) = top {
        line.extend(top);
    }
    let line = serde_json::Value::Object(line).to_string();
    let _ = writeln!(std::io::stderr().lock(), "{line}");
}

/// Writes one message as a text line (`text` renders it) or a JSON line. A stderr that cannot be
/// written to (closed, `2>&1 | head`) loses the message rather than stopping the work with a panic.
fn say(
    level: Level,
    message: &dyn Display,
    file: Option<FileFields>,
    text: impl FnOnce() -> String,
) {
    let line = if JSON.load(Ordering::Relaxed) {
        let mut timestamp = String::new();
        // The timestamp format of the tracing JSON lines; formatting into a String cannot fail.
        let _ = SystemTime.format_time(&mut Writer::new(&mut timestamp));
        let line = JsonLine {
            timestamp,
            level,
            fields: JsonFields {
                message: message.to_string(),
                file,
            },
        };
        serde_json::to_string(&line).expect("strings and numbers always serialize")
    } else {
        text()
    };
    let _ = writeln!(std::io::stderr().lock(), "{line}");
}
