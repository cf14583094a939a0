//! APM traces, with Datadog's own tracer (`datadog-opentelemetry`, an OpenTelemetry SDK that
//! sends to the agent in Datadog's format), and the unified service tags every log event, span
//! and metric carries (`service`, `env`, `version`).
//!
//! Off unless `--traces` or `DD_TRACE_ENABLED=true`. The tracer buffers finished traces and sends
//! them from its own thread, so a slow, absent or failing agent never holds up the work; `finish`
//! flushes for at most 2 s. What the library would print about its agent on stderr is turned off
//! (it is not JSON, and it would repeat): thumbctl asks the agent's `/info` itself, off the work's
//! threads, and says once when it cannot use the agent.
//!
//! `resize.rs` and `load.rs` hold the spans of each subcommand; their call sites are a guard or a
//! call or two each, so the pipeline code reads as before.

pub(crate) mod load;
mod probe;
pub(crate) mod resize;
mod sampler;

use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::OnceLock;
use std::time::Duration;

use datadog_opentelemetry::configuration::Config;
use opentelemetry::trace::TracerProvider as _;
use opentelemetry_sdk::trace::{SdkTracer, SdkTracerProvider};
use serde::Serialize;

use crate::cli::GlobalArgs;
use crate::metrics::tags;

/// The longest thumbctl waits at exit for buffered spans to reach the agent.
const FLUSH_LIMIT: Duration = Duration::from_secs(2);

/// Datadog's unified service tags.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct UnifiedService {
    pub(crate) service: String,
    pub(crate) env: Option<String>,
    pub(crate) version: Option<String>,
}

static SERVICE: OnceLock<UnifiedService> = OnceLock::new();

impl UnifiedService {
    /// From the same constant tags the metrics send, so logs, traces and metrics agree. Tags the
    /// metrics would refuse (said when the metrics start) leave the defaults here.
    pub(crate) fn resolve(flag_tags: &[String], env: &dyn Fn(&str) -> Option<String>) -> Self {
        let tags = tags::constant_tags(flag_tags, env).unwrap_or_default();
        let value = |key: &str| {
            tags.iter()
                .filter_map(|t| t.split_once(':'))
                .find(|(k, _)| *k == key)
                .map(|(_, v)| v.to_string())
        };
        UnifiedService {
            service: value("service").unwrap_or_else(|| tags::DEFAULT_SERVICE.to_string()),
            env: value("env"),
            version: value("version"),
        }
    }
}

/// The unified service tags; the defaults when `init` was not called (a library caller).
pub(crate) fn unified_service() -> &'static UnifiedService {
    SERVICE.get_or_init(|| UnifiedService::resolve(&[], &|name| std::env::var(name).ok()))
}

/// The tracer of the process, when traces are on.
struct Apm {
    provider: SdkTracerProvider,
    tracer: SdkTracer,
    probe: probe::Probe,
    sampler: sampler::Sampler,
    /// Spans ended and kept by sampling (handed to the tracer to send).
    kept: AtomicU64,
    /// Spans ended but not kept (sampled out).
    sampled_out: AtomicU64,
}

static APM: OnceLock<Apm> = OnceLock::new();

/// Whether the user asked for traces: `--traces`, or `DD_TRACE_ENABLED` set to true.
fn wanted(global: &GlobalArgs, env: &dyn Fn(&str) -> Option<String>) -> bool {
    global.traces
        || env("DD_TRACE_ENABLED")
            .is_some_and(|v| matches!(v.trim().to_ascii_lowercase().as_str(), "true" | "1"))
}

/// Resolves the unified service tags and, when traces are wanted, starts the tracer.
pub(crate) fn init(global: &GlobalArgs) {
    let env = |name: &str| std::env::var(name).ok();
    let service = SERVICE.get_or_init(|| UnifiedService::resolve(&global.metrics.tags, &env));
    if !wanted(global, &env) || APM.get().is_some() {
        return;
    }
    let mut config = Config::builder();
    // DD_TAGS and --tag on every span too, as on every metric (service, env and version are set
    // below by name).
    let global_tags: Vec<(String, String)> = tags::constant_tags(&global.metrics.tags, &env)
        .unwrap_or_default()
        .iter()
        .filter_map(|tag| tag.split_once(':'))
        .filter(|(key, _)| !matches!(*key, "service" | "env" | "version"))
        .map(|(key, value)| (key.to_string(), value.to_string()))
        .collect();
    if !global_tags.is_empty() {
        config.set_global_tags(global_tags);
    }
    config
        .set_service(service.service.clone())
        // The library's own log lines are plain text on stderr; the probe says what matters.
        .set_log_level_filter(datadog_opentelemetry::log::LevelFilter::Off)
        .set_telemetry_enabled(false)
        .set_remote_config_enabled(false)
        .set_trace_writer_force_flush_timeout(FLUSH_LIMIT);
    if let Some(env) = &service.env {
        config.set_env(env.clone());
    }
    if let Some(version) = &service.version {
        config.set_version(version.clone());
    }
    // thumbctl decides which traces to keep before it starts them (`sampler.rs`), so a dropped
    // request costs no span at all; the library keeps what it is given (its own limiter, at the
    // same 100 traces/s, agrees).
    config.set_trace_sample_rate(1.0);
    let config = config.build();
    let agent_url = config.trace_agent_url().to_string();
    let (provider, _propagator) = datadog_opentelemetry::tracing()
        .with_config(config)
        .init_local();
    let tracer = provider.tracer("thumbctl");
    let probe = probe::Probe::start(&agent_url);
    let _ = APM.set(Apm {
        provider,
        tracer,
        probe,
        sampler: sampler::Sampler::from_env(&env),
        kept: AtomicU64::new(0),
        sampled_out: AtomicU64::new(0),
    });
}

fn apm() -> Option<&'static Apm> {
    APM.get()
}

/// Whether a new trace is kept; `random` is a fresh random number. A trace not kept is counted
/// as one dropped span (the one not started).
fn keep_new_trace(apm: &Apm, random: u64) -> bool {
    let keep = apm.sampler.keep(random);
    if !keep {
        apm.sampled_out.fetch_add(1, Ordering::Relaxed);
    }
    keep
}

/// Starts an internal span `name` under `parent` (a run, phase, source, decode or thumbnail span)
/// and returns the context holding it; nothing when traces are off.
fn start_internal(
    name: &'static str,
    parent: &opentelemetry::Context,
    mut attributes: Vec<opentelemetry::KeyValue>,
) -> Option<opentelemetry::Context> {
    use opentelemetry::trace::{SpanKind, TraceContextExt, Tracer as _};
    let apm = apm()?;
    // Datadog's operation name; without it the tracer names spans by their kind.
    attributes.push(opentelemetry::KeyValue::new("operation.name", name));
    let span = apm
        .tracer
        .span_builder(name)
        .with_kind(SpanKind::Internal)
        .with_attributes(attributes)
        .start_with_context(&apm.tracer, parent);
    Some(parent.with_span(span))
}

/// Counts one ended span as kept or sampled out, for the summary.
fn count_ended(kept: bool) {
    if let Some(apm) = apm() {
        let counter = if kept { &apm.kept } else { &apm.sampled_out };
        counter.fetch_add(1, Ordering::Relaxed);
    }
}

/// What became of the spans, for the closing summary.
#[derive(Debug, Clone, Copy, Default, Serialize)]
pub(crate) struct TracesSummary {
    pub(crate) sent: u64,
    pub(crate) dropped: u64,
}

/// Sends what is buffered (at most 2 s) and says what became of the spans: `None` when traces
/// are off. Spans are counted as sent when the agent answered its `/info` and the flush ended
/// in time; otherwise every kept span is counted as dropped, as are sampled-out ones. Waits for
/// the probe's answer first (it has the 1 s answer limit from the start of the run).
pub(crate) fn finish() -> Option<TracesSummary> {
    static FINISHED: OnceLock<TracesSummary> = OnceLock::new();
    let apm = apm()?;
    Some(*FINISHED.get_or_init(|| flush(apm)))
}

fn flush(apm: &Apm) -> TracesSummary {
    // An agent that did not answer its /info gets no flush to wait for: what is buffered for it
    // is dropped at once, so the run ends as it would without traces.
    let reachable = apm.probe.wait_reachable();
    let flushed = reachable && apm.provider.shutdown_with_timeout(FLUSH_LIMIT).is_ok();
    let kept = apm.kept.swap(0, Ordering::Relaxed);
    let sampled_out = apm.sampled_out.swap(0, Ordering::Relaxed);
    if flushed && reachable {
        TracesSummary {
            sent: kept,
            dropped: sampled_out,
        }
    } else {
        TracesSummary {
            sent: 0,
            dropped: kept + sampled_out,
        }
    }
}

/// The summary's line about traces.
pub(crate) fn summary_line(summary: &TracesSummary) -> String {
    format!(
        "Traces: {} spans sent, {} dropped.",
        summary.sent, summary.dropped
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_flag_beats_the_environment_and_service_has_a_default() {
        let env = |name: &str| match name {
            "DD_ENV" => Some("staging".to_string()),
            "DD_VERSION" => Some("1.2".to_string()),
            _ => None,
        };
        let service = UnifiedService::resolve(&["env:prod".to_string()], &env);
        assert_eq!(
            service,
            UnifiedService {
                service: "thumbctl".into(),
                env: Some("prod".into()),
                version: Some("1.2".into()),
            }
        );
    }
}
