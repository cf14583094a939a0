//! Sends a phase's requests on schedule and measures them.
//!
//! A phase runs on a few driver tasks (one per core at most). Each driver owns its reqwest client,
//! its statistics and a set of requests in flight, polled together in the driver's own task: no
//! task per request, no lock per request. Drivers share one atomic counter that hands out request
//! numbers, so request `i` is the same request (step, body, path) whichever driver sends it:
//! its random choices come from a generator seeded with (`--seed`, phase, i).
//!
//! Open model: request `i` is due at `start + i / rate`. A driver with a free slot takes the next
//! number, sleeps until it is due and sends it; latency counts from the due time, so a target that
//! falls behind shows it (no coordinated omission). Closed model: each slot sends its next request
//! as soon as the previous one answered.

use std::future::Future;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

use bytes::Bytes;
use futures_util::stream::{FuturesUnordered, StreamExt};
use rand::{Rng, RngCore};
use reqwest::header::{HeaderMap, HeaderName, HeaderValue, CONTENT_TYPE};
use tokio::sync::watch;

use super::progress::ProgressFeed;
use super::scenario::{Expectation, Pacing, Phase, StepOrder, Stop};
use super::stats::{ErrorKind, FailureSample, PhaseStats};
use super::template::{write_uuid_v4, RenderContext, SplitMix64, Template};
use crate::metrics::Metrics;

/// How long in-flight requests may still answer after Ctrl-C before they are abandoned.
const INTERRUPT_GRACE: Duration = Duration::from_secs(2);

/// Everything about a run that is not the scenario itself.
#[derive(Clone)]
pub struct RunSettings {
    /// Base URL without a trailing slash; step paths are appended.
    pub target: String,
    pub timeout: Duration,
    pub seed: u64,
    pub insecure: bool,
    pub scenario_name: String,
    pub metrics: Metrics,
}

/// What one phase did.
pub struct PhaseResult {
    pub name: String,
    pub pacing: Pacing,
    pub stop: Stop,
    pub steps: Vec<StepInfo>,
    pub stats: PhaseStats,
    pub elapsed: Duration,
    pub interrupted: bool,
}

/// A step as the report names it.
#[derive(Debug, Clone)]
pub struct StepInfo {
    pub name: String,
    pub method: String,
    pub path: String,
}

/// Builds a client: connections are kept and reused, redirects are not followed (each request
/// the report counts is one request the target served).
pub fn build_client(settings: &RunSettings, max_idle: usize) -> reqwest::Client {
    reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .pool_max_idle_per_host(max_idle)
        .tcp_nodelay(true)
        .connect_timeout(settings.timeout.min(Duration::from_secs(5)))
        .danger_accept_invalid_certs(settings.insecure)
        .user_agent(concat!("thumbctl/", env!("CARGO_PKG_VERSION")))
        .build()
        .expect("a client with these settings always builds")
}

/// Connects once before the run, so a target that is down or misspelt is said at once instead
/// of after the whole duration.
pub async fn preflight(target: &reqwest::Url, timeout: Duration) -> Result<(), String> {
    let host = target.host_str().unwrap_or_default().to_string();
    let port = target.port_or_known_default().unwrap_or(80);
    let address = format!("{host}:{port}");
    let host = host.trim_start_matches('[').trim_end_matches(']');
    let connect = tokio::net::TcpStream::connect((host, port));
    match tokio::time::timeout(timeout.min(Duration::from_secs(5)), connect).await {
        Ok(Ok(_)) => Ok(()),
        Ok(Err(error)) if error.kind() == std::io::ErrorKind::ConnectionRefused => Err(format!(
            "cannot reach {target}: connection refused by {address} (is the service running?)"
        )),
        Ok(Err(error)) => Err(format!("cannot reach {target} ({address}): {error}")),
        Err(_) => Err(format!(
            "cannot reach {target}: no TCP connection to {address} within {}",
            humantime::format_duration(timeout.min(Duration::from_secs(5)))
        )),
    }
}

/// A step ready to send: everything that does not change between requests is built once.
struct PreparedStep {
    name: String,
    method: reqwest::Method,
    path: Template,
    /// The full URL when the path has no placeholder.
    fixed_url: Option<reqwest::Url>,
    headers: Vec<(HeaderName, HeaderValue)>,
    body: Option<PreparedBody>,
    expect: Vec<Expectation>,
    timeout: Duration,
}

enum PreparedBody {
    Fixed(Bytes),
    Templated(Template),
}

impl PreparedStep {
    fn new(step: &super::scenario::Step, settings: &RunSettings) -> Result<PreparedStep, String> {
        let path = step.path.template.clone();
        let fixed_url = match path.as_fixed() {
            Some(fixed) => Some(parse_url(&settings.target, fixed)?),
            None => None,
        };
        let mut headers: Vec<(HeaderName, HeaderValue)> = step
            .headers
            .iter()
            .map(|h| (h.name.clone(), h.value.clone()))
            .collect();
        let body_template = match (&step.body, &step.raw_body) {
            (Some(json), _) => {
                if !headers.iter().any(|(name, _)| name == CONTENT_TYPE) {
                    headers.push((CONTENT_TYPE, HeaderValue::from_static("application/json")));
                }
                Some(&json.template)
            }
            (None, Some(raw)) => Some(&raw.template),
            (None, None) => None,
        };
        let body = body_template.map(|template| match template.as_fixed() {
            Some(fixed) => PreparedBody::Fixed(Bytes::copy_from_slice(fixed.as_bytes())),
            None => PreparedBody::Templated(template.clone()),
        });
        Ok(PreparedStep {
            name: step.name.clone(),
            method: step.method.0.clone(),
            path,
            fixed_url,
            headers,
            body,
            expect: step.expect.clone(),
            timeout: step.timeout.map_or(settings.timeout, |t| t.0),
        })
    }

    fn expects_status(&self, status: u16) -> bool {
        self.expect.iter().any(|e| e.matches_status(status))
    }

    fn expects_error(&self, kind: ErrorKind) -> bool {
        self.expect.iter().any(|e| e.matches_error(kind))
    }
}

fn parse_url(target: &str, path: &str) -> Result<reqwest::Url, String> {
    let text = format!("{target}{path}");
    reqwest::Url::parse(&text).map_err(|e| format!("`{text}` is not a valid URL: {e}"))
}

/// Chooses the step of request `index`.
enum StepPicker {
    Single,
    /// Cumulative weights: a random draw below the total lands in one step's range.
    Weighted {
        cumulative: Vec<u64>,
    },
    /// One full cycle of step numbers, interleaved (smooth weighted round robin).
    Cycle(Vec<usize>),
}

impl StepPicker {
    fn new(phase: &Phase) -> StepPicker {
        let weights: Vec<u64> = phase
            .steps
            .iter()
            .map(|s| u64::from(s.weight.get()))
            .collect();
        if weights.len() == 1 {
            return StepPicker::Single;
        }
        match phase.order {
            StepOrder::Random => StepPicker::Weighted {
                cumulative: weights
                    .iter()
                    .scan(0, |sum, w| {
                        *sum += w;
                        Some(*sum)
                    })
                    .collect(),
            },
            StepOrder::Cycle => {
                let total: i64 = weights.iter().sum::<u64>() as i64;
                let mut current = vec![0i64; weights.len()];
                let mut cycle = Vec::with_capacity(total as usize);
                for _ in 0..total {
                    for (c, w) in current.iter_mut().zip(&weights) {
                        *c += *w as i64;
                    }
                    let (best, _) = current
                        .iter()
                        .enumerate()
                        .max_by_key(|(i, c)| (**c, std::cmp::Reverse(*i)))
                        .expect("at least two steps");
                    current[best] -= total;
                    cycle.push(best);
                }
                StepPicker::Cycle(cycle)
            }
        }
    }

    fn pick(&self, index: u64, rng: &mut SplitMix64) -> usize {
        match self {
            StepPicker::Single => 0,
            StepPicker::Weighted { cumulative } => {
                let draw = rng.gen_range(0..*cumulative.last().unwrap_or(&1));
                cumulative.partition_point(|&edge| edge <= draw)
            }
            StepPicker::Cycle(cycle) => cycle[(index % cycle.len() as u64) as usize],
        }
    }
}

/// The ids a request carries so that its trace can be found.
#[derive(Debug, Clone, Copy)]
pub(super) struct TraceIds {
    /// Datadog trace id: the low 64 bits of the W3C trace id. Kept below 2^63 because some
    /// tracers parse it as a signed integer.
    trace_low: u64,
    trace_high: u64,
    span: u64,
    request_id: [u8; 16],
}

impl TraceIds {
    pub(super) fn random(rng: &mut SplitMix64) -> TraceIds {
        let mut request_id = [0u8; 16];
        rng.fill_bytes(&mut request_id);
        TraceIds {
            trace_low: (rng.next_u64() >> 1).max(1),
            trace_high: rng.next_u64(),
            span: rng.next_u64().max(1),
            request_id,
        }
    }

    pub(super) fn request_id(&self) -> String {
        let mut text = String::with_capacity(36);
        write_uuid_v4(self.request_id, &mut text);
        text
    }

    fn w3c_trace_id(&self) -> String {
        format!("{:016x}{:016x}", self.trace_high, self.trace_low)
    }

    pub(super) fn add_headers(&self, headers: &mut HeaderMap) {
        static REQUEST_ID: HeaderName = HeaderName::from_static("x-request-id");
        static DD_TRACE: HeaderName = HeaderName::from_static("x-datadog-trace-id");
        static DD_PARENT: HeaderName = HeaderName::from_static("x-datadog-parent-id");
        static DD_PRIORITY: HeaderName = HeaderName::from_static("x-datadog-sampling-priority");
        static DD_TAGS: HeaderName = HeaderName::from_static("x-datadog-tags");
        static TRACEPARENT: HeaderName = HeaderName::from_static("traceparent");
        let value = |text: String| {
            HeaderValue::from_maybe_shared(Bytes::from(text)).expect("hex and digits are valid")
        };
        headers.insert(REQUEST_ID.clone(), value(self.request_id()));
        headers.insert(DD_TRACE.clone(), HeaderValue::from(self.trace_low));
        headers.insert(DD_PARENT.clone(), HeaderValue::from(self.span));
        headers.insert(DD_PRIORITY.clone(), HeaderValue::from_static("1"));
        // The high half of a 128-bit trace id travels as a Datadog propagation tag, so Datadog and
        // W3C readers see the same trace.
        headers.insert(
            DD_TAGS.clone(),
            value(format!("_dd.p.tid={:016x}", self.trace_high)),
        );
        headers.insert(
            TRACEPARENT.clone(),
            value(format!(
                "00-{:016x}{:016x}-{:016x}-01",
                self.trace_high, self.trace_low, self.span
            )),
        );
    }
}

/// A finished request, as the driver records it.
struct Finished {
    step: usize,
    index: u64,
    scheduled: Instant,
    sent: Instant,
    done: Instant,
    trace: TraceIds,
    result: Result<(u16, u64), reqwest::Error>,
}

/// Sends one request and reads its body to the end (so the connection can be reused).
fn exchange(
    client: &reqwest::Client,
    request: reqwest::Request,
    step: usize,
    index: u64,
    scheduled: Instant,
    trace: TraceIds,
) -> impl Future<Output = Finished> {
    let sent = Instant::now();
    let pending = client.execute(request);
    async move {
        let result = async {
            let mut response = pending.await?;
            let status = response.status().as_u16();
            let mut bytes = 0u64;
            while let Some(chunk) = response.chunk().await? {
                bytes += chunk.len() as u64;
            }
            Ok((status, bytes))
        }
        .await;
        Finished {
            step,
            index,
            scheduled,
            sent,
            done: Instant::now(),
            trace,
            result,
        }
    }
}

/// Sorts a reqwest error into the kinds the report and the metrics use.
pub fn classify(error: &reqwest::Error) -> ErrorKind {
    if error.is_timeout() {
        return ErrorKind::Timeout;
    }
    if error.is_body() || error.is_decode() {
        return ErrorKind::Body;
    }
    let mut source: Option<&(dyn std::error::Error + 'static)> = std::error::Error::source(error);
    let mut chain = String::new();
    while let Some(cause) = source {
        if let Some(io) = cause.downcast_ref::<std::io::Error>() {
            match io.kind() {
                std::io::ErrorKind::ConnectionRefused => return ErrorKind::ConnectionRefused,
                std::io::ErrorKind::TimedOut => return ErrorKind::Timeout,
                _ => {}
            }
        }
        chain.push_str(&cause.to_string().to_ascii_lowercase());
        chain.push(' ');
        source = cause.source();
    }
    if chain.contains("dns error") || chain.contains("failed to lookup address") {
        ErrorKind::Dns
    } else if chain.contains("certificate") || chain.contains("tls") || chain.contains("handshake")
    {
        ErrorKind::Tls
    } else if error.is_connect()
        || chain.contains("connection")
        || chain.contains("reset")
        || chain.contains("broken pipe")
    {
        ErrorKind::Connection
    } else {
        ErrorKind::Other
    }
}

/// Shared, read-only state of one phase.
struct PhasePlan {
    phase_index: u64,
    phase_name: String,
    steps: Vec<PreparedStep>,
    picker: StepPicker,
    pacing: Pacing,
    stop: Stop,
    start: Instant,
    run_start: Instant,
    next_index: AtomicU64,
    settings: RunSettings,
}

impl PhasePlan {
    /// Hands out the next request number and when it is due, or None when the phase is done.
    fn claim(&self, now: Instant) -> Option<(u64, Instant)> {
        let index = self.next_index.fetch_add(1, Ordering::Relaxed);
        if let Stop::AfterCount(count) = self.stop {
            if index >= count {
                return None;
            }
        }
        let due = match self.pacing {
            Pacing::Open { rate, .. } => self.start + Duration::from_secs_f64(index as f64 / rate),
            Pacing::Closed { .. } => now,
        };
        if let Stop::AfterDuration(duration) = self.stop {
            if due >= self.start + duration {
                return None;
            }
        }
        Some((index, due))
    }

    /// Builds request `index`. `scratch` is the driver's reusable text buffer.
    fn build(&self, index: u64, scratch: &mut String) -> Result<(usize, reqwest::Request), String> {
        let mut rng = SplitMix64::for_request(self.settings.seed, self.phase_index, index);
        let step_index = self.picker.pick(index, &mut rng);
        let step = &self.steps[step_index];
        let mut context = RenderContext {
            sequence: index + 1,
            rng: &mut rng,
        };
        let url = match &step.fixed_url {
            Some(url) => url.clone(),
            None => {
                scratch.clear();
                scratch.push_str(&self.settings.target);
                step.path.render_into(&mut context, scratch);
                reqwest::Url::parse(scratch).map_err(|e| {
                    format!("step `{}`: `{scratch}` is not a valid URL: {e}", step.name)
                })?
            }
        };
        let mut request = reqwest::Request::new(step.method.clone(), url);
        *request.timeout_mut() = Some(step.timeout);
        let headers = request.headers_mut();
        headers.reserve(step.headers.len() + 6);
        for (name, value) in &step.headers {
            headers.insert(name.clone(), value.clone());
        }
        match &step.body {
            Some(PreparedBody::Fixed(bytes)) => *request.body_mut() = Some(bytes.clone().into()),
            Some(PreparedBody::Templated(template)) => {
                let body = template.render(&mut context);
                *request.body_mut() = Some(Bytes::from(body).into());
            }
            None => {}
        }
        Ok((step_index, request))
    }

    /// The URL of request `index` again, for a failure sample (rendering is deterministic).
    fn url_of(&self, index: u64) -> String {
        let mut scratch = String::new();
        self.build(index, &mut scratch)
            .map(|(_, request)| request.url().to_string())
            .unwrap_or_default()
    }
}

/// Runs one phase to its end (or to an interruption) and returns what it measured.
pub async fn run_phase(
    phase: &Phase,
    phase_index: u64,
    settings: &RunSettings,
    run_start: Instant,
    stop: watch::Receiver<bool>,
    progress: Option<ProgressFeed>,
) -> Result<PhaseResult, String> {
    let steps = phase
        .steps
        .iter()
        .map(|step| PreparedStep::new(step, settings))
        .collect::<Result<Vec<_>, _>>()?;
    let step_infos = phase
        .steps
        .iter()
        .map(|s| StepInfo {
            name: s.name.clone(),
            method: s.method.0.to_string(),
            path: s.path.source.clone(),
        })
        .collect();
    let pacing = phase.pacing();
    let slots_total = match pacing {
        Pacing::Open { max_in_flight, .. } => max_in_flight,
        Pacing::Closed { concurrency } => concurrency,
    };
    let cores = std::thread::available_parallelism().map_or(1, |n| n.get());
    let drivers = cores.min(slots_total).max(1);
    let plan = Arc::new(PhasePlan {
        phase_index,
        phase_name: phase.name.clone(),
        picker: StepPicker::new(phase),
        steps,
        pacing,
        stop: phase.stop(),
        start: Instant::now(),
        run_start,
        next_index: AtomicU64::new(0),
        settings: settings.clone(),
    });
    // Fail at once on a path that cannot make a URL, rather than on every request.
    plan.build(0, &mut String::new())?;

    let mut handles = Vec::with_capacity(drivers);
    for driver in 0..drivers {
        let slots = slots_total / drivers + usize::from(driver < slots_total % drivers);
        handles.push(tokio::spawn(drive(
            Arc::clone(&plan),
            slots,
            stop.clone(),
            progress.as_ref().map(|feed| feed.for_driver(driver)),
        )));
    }
    let mut stats = PhaseStats::new(phase.steps.len());
    for handle in handles {
        let driver_stats = handle
            .await
            .map_err(|e| format!("a load driver failed: {e}"))?;
        stats.merge(&driver_stats);
    }
    Ok(PhaseResult {
        name: phase.name.clone(),
        pacing,
        stop: phase.stop(),
        steps: step_infos,
        stats,
        elapsed: plan.start.elapsed(),
        interrupted: *stop.borrow(),
    })
}

/// One driver: keeps up to `slots` requests in flight, on schedule, until the phase is done.
async fn drive(
    plan: Arc<PhasePlan>,
    slots: usize,
    mut stop: watch::Receiver<bool>,
    mut progress: Option<ProgressFeed>,
) -> PhaseStats {
    let mut stats = PhaseStats::new(plan.steps.len());
    let client = build_client(&plan.settings, slots);
    let mut trace_rng = SplitMix64::new(rand::random());
    let mut scratch = String::new();
    let mut in_flight = FuturesUnordered::new();
    let mut next: Option<(u64, Instant)> = None;
    let mut exhausted = false;
    let mut stopping = *stop.borrow();
    let mut grace_deadline: Option<tokio::time::Instant> = None;
    let open = matches!(plan.pacing, Pacing::Open { .. });
    let sleep = tokio::time::sleep(Duration::ZERO);
    tokio::pin!(sleep);

    loop {
        // Start everything that is due and has a free slot.
        if !stopping {
            let mut now = Instant::now();
            while in_flight.len() < slots && !exhausted {
                if next.is_none() {
                    next = plan.claim(now);
                    if next.is_none() {
                        exhausted = true;
                        break;
                    }
                }
                let (index, due) = next.expect("claimed above");
                if due > now {
                    now = Instant::now();
                    if due > now {
                        sleep.as_mut().reset(due.into());
                        break;
                    }
                }
                next = None;
                let trace = TraceIds::random(&mut trace_rng);
                match plan.build(index, &mut scratch) {
                    Ok((step, mut request)) => {
                        trace.add_headers(request.headers_mut());
                        let request_future = exchange(&client, request, step, index, due, trace);
                        stats.note_send(Instant::now());
                        in_flight.push(request_future);
                    }
                    Err(message) => {
                        tracing::error!("{message}");
                        exhausted = true;
                    }
                }
            }
        }
        if in_flight.is_empty() && (exhausted || stopping) {
            break;
        }
        let waiting_for_schedule = next.is_some() && !stopping && in_flight.len() < slots;
        tokio::select! {
            changed = stop.changed(), if !stopping => {
                if changed.is_err() || *stop.borrow() {
                    stopping = true;
                    let grace = INTERRUPT_GRACE.min(plan.settings.timeout);
                    grace_deadline = Some(tokio::time::Instant::now() + grace);
                }
            }
            Some(finished) = in_flight.next(), if !in_flight.is_empty() => {
                record(&plan, &mut stats, finished, open);
                if let Some(feed) = progress.as_mut() {
                    feed.maybe_flush(&stats);
                }
            }
            _ = &mut sleep, if waiting_for_schedule => {}
            _ = tokio::time::sleep_until(grace_deadline.unwrap_or_else(tokio::time::Instant::now)),
                if grace_deadline.is_some() => {
                stats.abandoned += in_flight.len() as u64;
                break;
            }
        }
    }
    if let Some(feed) = progress.as_mut() {
        feed.flush(&stats);
    }
    stats
}

fn record(plan: &PhasePlan, stats: &mut PhaseStats, finished: Finished, open: bool) {
    let step = &plan.steps[finished.step];
    let corrected = finished.done.saturating_duration_since(finished.scheduled);
    let uncorrected = finished.done.saturating_duration_since(finished.sent);
    if open {
        super::stats::record_duration(
            &mut stats.lag,
            finished.sent.saturating_duration_since(finished.scheduled),
        );
    }
    let metrics = &plan.settings.metrics;
    let scenario = plan.settings.scenario_name.as_str();
    let step_stats = &mut stats.steps[finished.step];
    let (expected, outcome, message) = match &finished.result {
        Ok((status, bytes)) => {
            let expected = step.expects_status(*status);
            step_stats.record_status(*status, expected, *bytes);
            step_stats.record_latency(corrected, uncorrected);
            metrics.request_completed(
                scenario,
                &step.name,
                step.method.as_str(),
                *status,
                expected,
                corrected,
            );
            (expected, status.to_string(), None)
        }
        Err(error) => {
            let kind = classify(error);
            let expected = step.expects_error(kind);
            step_stats.record_error(kind, expected);
            metrics.request_failed(scenario, &step.name, kind.name());
            (expected, kind.name().to_string(), Some(error))
        }
    };
    if !expected && stats.wants_failure_sample() {
        stats.failures.push(FailureSample {
            phase: plan.phase_name.clone(),
            step: step.name.clone(),
            method: step.method.to_string(),
            url: plan.url_of(finished.index),
            outcome,
            message: message.map(error_chain),
            request_id: finished.trace.request_id(),
            trace_id: finished.trace.trace_low.to_string(),
            w3c_trace_id: finished.trace.w3c_trace_id(),
            at_seconds: finished
                .scheduled
                .saturating_duration_since(plan.run_start)
                .as_secs_f64(),
        });
    }
}

/// An error with its causes, on one line.
pub fn error_chain(error: &reqwest::Error) -> String {
    let mut text = error.to_string();
    let mut source = std::error::Error::source(error);
    while let Some(cause) = source {
        let cause_text = cause.to_string();
        if !text.contains(&cause_text) {
            text.push_str(": ");
            text.push_str(&cause_text);
        }
        source = cause.source();
    }
    text
}

#[cfg(test)]
mod tests {
    use super::*;

    fn phase(json: &str) -> Phase {
        serde_json::from_str(json).unwrap()
    }

    #[test]
    fn cycle_order_interleaves_and_honours_weights() {
        let phase = phase(
            r#"{"name": "p", "count": 1, "order": "cycle", "steps": [
                {"name": "a", "weight": 3, "path": "/a"},
                {"name": "b", "path": "/b"},
                {"name": "c", "weight": 2, "path": "/c"}]}"#,
        );
        let picker = StepPicker::new(&phase);
        let mut rng = SplitMix64::new(0);
        let cycle: Vec<usize> = (0..6).map(|i| picker.pick(i, &mut rng)).collect();
        assert_eq!(cycle.iter().filter(|s| **s == 0).count(), 3);
        assert_eq!(cycle.iter().filter(|s| **s == 1).count(), 1);
        assert_eq!(cycle.iter().filter(|s| **s == 2).count(), 2);
        assert_ne!(cycle[0], cycle[1], "interleaved: {cycle:?}");
        assert_eq!(picker.pick(6, &mut rng), cycle[0]);
    }

    #[test]
    fn weighted_order_follows_the_weights() {
        let phase = phase(
            r#"{"name": "p", "count": 1, "steps": [
                {"name": "a", "weight": 9, "path": "/a"},
                {"name": "b", "path": "/b"}]}"#,
        );
        let picker = StepPicker::new(&phase);
        let picks_of_a = (0..10_000u64)
            .filter(|i| picker.pick(*i, &mut SplitMix64::for_request(1, 0, *i)) == 0)
            .count();
        assert!((8_500..9_500).contains(&picks_of_a), "{picks_of_a}");
    }

    #[test]
    fn trace_headers_agree_with_each_other() {
        let trace = TraceIds::random(&mut SplitMix64::new(42));
        let mut headers = HeaderMap::new();
        trace.add_headers(&mut headers);
        let get = |name: &str| headers.get(name).unwrap().to_str().unwrap().to_string();
        let dd_trace: u64 = get("x-datadog-trace-id").parse().unwrap();
        let dd_parent: u64 = get("x-datadog-parent-id").parse().unwrap();
        assert!(dd_trace < 1 << 63);
        let traceparent = get("traceparent");
        let parts: Vec<&str> = traceparent.split('-').collect();
        assert_eq!(parts.len(), 4);
        assert_eq!((parts[0], parts[3]), ("00", "01"));
        assert_eq!(parts[1].len(), 32);
        assert_eq!(u64::from_str_radix(&parts[1][16..], 16).unwrap(), dd_trace);
        assert_eq!(u64::from_str_radix(parts[2], 16).unwrap(), dd_parent);
        assert_eq!(
            get("x-datadog-tags"),
            format!("_dd.p.tid={}", &parts[1][..16])
        );
        assert_eq!(get("x-datadog-sampling-priority"), "1");
        assert_eq!(get("x-request-id").len(), 36);
    }
}
