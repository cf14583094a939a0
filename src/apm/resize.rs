//! The spans of a resize run, in the image pipeline's trace structure: `resize.run` (one per
//! run) > `resize.source` (one per source; resource = the source's format, the relative path a
//! tag) > `resize.decode` and `resize.thumbnail` (one per size, tagged `size:<name>`; encode and
//! write happen inside it).
//!
//! Every guard here is empty when traces are off, so the workers pay one branch per call.

use std::path::Path;
use std::sync::RwLock;

use opentelemetry::trace::{Status, TraceContextExt};
use opentelemetry::{Context, KeyValue};

use super::{apm, count_ended, keep_new_trace, start_internal};

/// The run span's context, the parent of every source span (worker threads read it).
static RUN: RwLock<Option<Context>> = RwLock::new(None);

/// A span in progress, ended (and counted) when dropped.
struct Open {
    cx: Context,
}

impl Open {
    fn start(name: &'static str, parent: &Context, attributes: Vec<KeyValue>) -> Option<Open> {
        start_internal(name, parent, attributes).map(|cx| Open { cx })
    }

    fn set(&self, attribute: KeyValue) {
        self.cx.span().set_attribute(attribute);
    }
}

impl Drop for Open {
    fn drop(&mut self) {
        let span = self.cx.span();
        count_ended(span.span_context().is_sampled());
        span.end();
    }
}

/// The span of the whole run; dropping it ends it.
pub(crate) struct RunSpan(Option<Open>);

/// Starts the run span (a no-op when traces are off).
pub(crate) fn run_started(inputs: usize) -> RunSpan {
    if apm().is_none_or(|apm| !keep_new_trace(apm, rand::random())) {
        return RunSpan(None);
    }
    let open = Open::start(
        "resize.run",
        &Context::new(),
        vec![
            KeyValue::new("resource.name", "resize"),
            KeyValue::new("inputs", inputs as i64),
        ],
    );
    if let Some(open) = &open {
        *RUN.write().unwrap_or_else(|e| e.into_inner()) = Some(open.cx.clone());
    }
    RunSpan(open)
}

impl RunSpan {
    /// Ends the run span with the run's totals.
    pub(crate) fn finish(mut self, sources: u64, written: u64, failed: u64, thumbnails: u64) {
        let Some(open) = self.0.take() else { return };
        RUN.write().unwrap_or_else(|e| e.into_inner()).take();
        open.set(KeyValue::new("sources", sources as i64));
        open.set(KeyValue::new("sources.written", written as i64));
        open.set(KeyValue::new("sources.failed", failed as i64));
        open.set(KeyValue::new("thumbnails", thumbnails as i64));
        if failed > 0 {
            open.set(KeyValue::new("status", "some_failed"));
        }
    }
}

/// The span of one source.
pub(crate) struct SourceSpan(Option<Open>);

/// Starts the span of the source at `relative` (its path below its input).
pub(crate) fn source_started(relative: &Path) -> SourceSpan {
    // No run span (traces off, or the run's trace not kept): no source spans either.
    let Some(parent) = RUN.read().unwrap_or_else(|e| e.into_inner()).clone() else {
        return SourceSpan(None);
    };
    // The resource is low-cardinality (the format by extension); the path is a tag.
    let format = relative
        .extension()
        .map(|e| e.to_string_lossy().to_ascii_lowercase())
        .unwrap_or_else(|| "none".into());
    SourceSpan(Open::start(
        "resize.source",
        &parent,
        vec![
            KeyValue::new("resource.name", format.clone()),
            KeyValue::new("source.format", format),
            KeyValue::new("source.path", relative.to_string_lossy().into_owned()),
        ],
    ))
}

impl SourceSpan {
    /// Starts the decode span under this source; it ends when dropped.
    pub(crate) fn decode(&self) -> ChildSpan {
        ChildSpan(
            self.0
                .as_ref()
                .and_then(|open| Open::start("resize.decode", &open.cx, Vec::new())),
        )
    }

    /// Starts the span of one thumbnail size under this source; it ends when dropped.
    pub(crate) fn thumbnail(&self, size: &str) -> ChildSpan {
        ChildSpan(self.0.as_ref().and_then(|open| {
            Open::start(
                "resize.thumbnail",
                &open.cx,
                vec![
                    KeyValue::new("resource.name", format!("thumbnail {size}")),
                    KeyValue::new("size", size.to_string()),
                ],
            )
        }))
    }

    /// Ends the span with how the source ended: status, reason, bytes and dimensions.
    pub(crate) fn finish(
        mut self,
        status: &'static str,
        reason: Option<&'static str>,
        source_bytes: u64,
        dimensions: Option<(u32, u32)>,
    ) {
        let Some(open) = self.0.take() else { return };
        open.set(KeyValue::new("status", status));
        open.set(KeyValue::new("source.bytes", source_bytes as i64));
        if let Some((width, height)) = dimensions {
            open.set(KeyValue::new("source.width", i64::from(width)));
            open.set(KeyValue::new("source.height", i64::from(height)));
        }
        if let Some(reason) = reason {
            open.set(KeyValue::new("reason", reason));
            open.cx.span().set_status(Status::error(reason));
        }
    }
}

/// A decode or thumbnail span; ends when dropped.
pub(crate) struct ChildSpan(Option<Open>);

impl ChildSpan {
    /// The thumbnail's dimensions and encoded size, once written.
    pub(crate) fn written(&self, width: u32, height: u32, bytes: u64) {
        if let Some(open) = &self.0 {
            open.set(KeyValue::new("thumbnail.width", i64::from(width)));
            open.set(KeyValue::new("thumbnail.height", i64::from(height)));
            open.set(KeyValue::new("thumbnail.bytes", bytes as i64));
        }
    }
}
