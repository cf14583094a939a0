//! The spans of a load run: `load.run` > `load.phase` (one per phase), and one client span per
//! request (`http.request`, resource `<METHOD> <step>`). Each request is a trace of its own, as
//! the server sees it: the client span's ids are the ones its trace headers carry (the engine
//! takes them from the span, `TraceIds::of_span`), so the server's spans hang under it; its
//! phase span is a span link and a tag. The tracer's sampling decision for the trace travels as
//! `x-datadog-sampling-priority`, so the server keeps or drops the same traces.

use std::sync::RwLock;

use opentelemetry::trace::{
    Span as _, SpanContext, SpanKind, Status, TraceContextExt, Tracer as _,
};
use opentelemetry::{Context, KeyValue};
use opentelemetry_sdk::trace::Span as SdkSpan;
use rand::RngCore;

use super::{apm, count_ended, keep_new_trace, start_internal};
use crate::load::trace::TraceIds;

/// The run's and the current phase's contexts: parents of phase spans, links of requests.
static RUN: RwLock<Option<Context>> = RwLock::new(None);
static PHASE: RwLock<Option<SpanContext>> = RwLock::new(None);

/// A run or phase span; ended (and counted) when dropped.
pub(crate) struct Scope(Option<Context>);

impl Drop for Scope {
    fn drop(&mut self) {
        if let Some(cx) = self.0.take() {
            let span = cx.span();
            count_ended(span.span_context().is_sampled());
            span.end();
        }
    }
}

/// Starts the run span of `scenario` (nothing when traces are off).
pub(crate) fn run_started(scenario: &str) -> Scope {
    if apm().is_none_or(|apm| !keep_new_trace(apm, rand::random())) {
        return Scope(None);
    }
    let cx = start_internal(
        "load.run",
        &Context::new(),
        vec![
            KeyValue::new("resource.name", format!("load {scenario}")),
            KeyValue::new("scenario", scenario.to_string()),
        ],
    );
    *RUN.write().unwrap_or_else(|e| e.into_inner()) = cx.clone();
    Scope(cx)
}

/// Starts the span of one phase, under the run span.
pub(crate) fn phase_started(scenario: &str, phase: &str) -> Scope {
    // The run's trace was not kept (or traces are off): its phases are not either.
    let Some(parent) = RUN.read().unwrap_or_else(|e| e.into_inner()).clone() else {
        return Scope(None);
    };
    let cx = start_internal(
        "load.phase",
        &parent,
        vec![
            KeyValue::new("resource.name", phase.to_string()),
            KeyValue::new("scenario", scenario.to_string()),
            KeyValue::new("phase", phase.to_string()),
        ],
    );
    *PHASE.write().unwrap_or_else(|e| e.into_inner()) =
        cx.as_ref().map(|cx| cx.span().span_context().clone());
    Scope(cx)
}

/// The client span of one request, from its start to its answer.
pub(crate) struct RequestSpan(Option<SdkSpan>);

/// Starts a request: with traces on, its client span, whose ids and sampling decision the
/// returned `TraceIds` carry; with traces off, random ids as always.
pub(crate) fn request_started(rng: &mut impl RngCore) -> (TraceIds, RequestSpan) {
    let Some(apm) = apm() else {
        return (TraceIds::random(rng), RequestSpan(None));
    };
    if !keep_new_trace(apm, rng.next_u64()) {
        return (TraceIds::dropped(rng), RequestSpan(None));
    }
    let span = apm
        .tracer
        .span_builder("http.request")
        .with_kind(SpanKind::Client)
        .with_attributes([KeyValue::new("operation.name", "http.request")])
        .start_with_context(&apm.tracer, &Context::new());
    let context = span.span_context();
    let ids = TraceIds::of_span(
        u128::from_be_bytes(context.trace_id().to_bytes()),
        u64::from_be_bytes(context.span_id().to_bytes()),
        context.is_sampled(),
        rng,
    );
    (ids, RequestSpan(Some(span)))
}

/// How a request ended, for its span.
pub(crate) struct RequestEnd<'a> {
    pub(crate) scenario: &'a str,
    pub(crate) phase: &'a str,
    pub(crate) step: &'a str,
    pub(crate) method: &'a str,
    /// The answer's status, or the error kind (`timeout`, `connect`, ...).
    pub(crate) result: Result<u16, &'static str>,
    pub(crate) expected: bool,
}

impl RequestSpan {
    /// Whether there is a span (traces are on), so a caller builds `RequestEnd` only then.
    pub(crate) fn is_on(&self) -> bool {
        self.0.is_some()
    }

    /// Tags and ends the span.
    pub(crate) fn finish(&mut self, end: RequestEnd) {
        let Some(mut span) = self.0.take() else {
            return;
        };
        let phase = PHASE.read().unwrap_or_else(|e| e.into_inner()).clone();
        if let Some(phase) = phase {
            span.add_link(phase, Vec::new());
        }
        let outcome = if end.expected {
            "expected"
        } else {
            "unexpected"
        };
        span.set_attributes([
            KeyValue::new("resource.name", format!("{} {}", end.method, end.step)),
            KeyValue::new("scenario", end.scenario.to_string()),
            KeyValue::new("phase", end.phase.to_string()),
            KeyValue::new("step", end.step.to_string()),
            KeyValue::new("http.request.method", end.method.to_string()),
            KeyValue::new("outcome", outcome),
        ]);
        match end.result {
            Ok(status) => span.set_attribute(KeyValue::new("http.status_code", i64::from(status))),
            Err(kind) => span.set_attribute(KeyValue::new("error.type", kind.to_string())),
        }
        if !end.expected {
            span.set_status(Status::error(match end.result {
                Ok(_) => "unexpected status",
                Err(kind) => kind,
            }));
        }
        count_ended(span.span_context().is_sampled());
        span.end();
    }
}

impl Drop for RequestSpan {
    /// A request abandoned in flight (Ctrl-C) still ends its span.
    fn drop(&mut self) {
        if let Some(mut span) = self.0.take() {
            count_ended(span.span_context().is_sampled());
            span.end();
        }
    }
}
