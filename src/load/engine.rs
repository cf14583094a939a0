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

use super::http1::{self, Conn, Origin};
use super::progress::ProgressFeed;
use super::scenario::{Expectation, Pacing, Phase, StepOrder, Stop};
use super::stats::{ErrorKind, FailureSample, PhaseStats};
use super::template::{write_uuid_v4, RenderContext, SplitMix64, Template};
use crate::metrics::{LoadBatch, Metrics};

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
    /// For plain-http targets: the request's bytes that never change.
    plain: Option<PlainParts>,
    /// HEAD: the answer has no body.
    no_body: bool,
    /// May be sent again on a fresh connection when a kept-alive one turns out closed.
    idempotent: bool,
}

/// The fixed parts of a plain-http request (see `http1.rs`): `method` `target` `head`, then the
/// per-request trace headers, then Content-Length and the body.
struct PlainParts {
    /// `GET ` (method and space).
    method: Vec<u8>,
    /// Path and query when the path has no placeholder.
    fixed_target: Option<Vec<u8>>,
    /// ` HTTP/1.1` and every constant header line, each ending in CRLF.
    head: Vec<u8>,
    /// POST, PUT and PATCH say `Content-Length: 0` when they have no body.
    length_when_empty: bool,
}

/// Trace headers the engine sets itself; a step's header of the same name gives way, as it does
/// with reqwest (whose `insert` replaces it).
const TRACE_HEADERS: [&str; 6] = [
    "x-request-id",
    "x-datadog-trace-id",
    "x-datadog-parent-id",
    "x-datadog-sampling-priority",
    "x-datadog-tags",
    "traceparent",
];

impl PlainParts {
    fn new(
        method: &reqwest::Method,
        fixed_url: Option<&reqwest::Url>,
        headers: &[(HeaderName, HeaderValue)],
        host: &str,
    ) -> PlainParts {
        let mut head = Vec::with_capacity(256);
        head.extend_from_slice(b" HTTP/1.1\r\n");
        let has = |name: &str| headers.iter().any(|(n, _)| n.as_str() == name);
        if !has("host") {
            head.extend_from_slice(b"host: ");
            head.extend_from_slice(host.as_bytes());
            head.extend_from_slice(b"\r\n");
        }
        for (name, value) in headers {
            if TRACE_HEADERS.contains(&name.as_str()) || name.as_str() == "content-length" {
                continue;
            }
            head.extend_from_slice(name.as_str().as_bytes());
            head.extend_from_slice(b": ");
            head.extend_from_slice(value.as_bytes());
            head.extend_from_slice(b"\r\n");
        }
        if !has("user-agent") {
            head.extend_from_slice(
                concat!("user-agent: thumbctl/", env!("CARGO_PKG_VERSION"), "\r\n").as_bytes(),
            );
        }
        if !has("accept") {
            head.extend_from_slice(b"accept: */*\r\n");
        }
        PlainParts {
            method: format!("{} ", method.as_str()).into_bytes(),
            fixed_target: fixed_url.map(|url| path_and_query(url).as_bytes().to_vec()),
            head,
            length_when_empty: matches!(method.as_str(), "POST" | "PUT" | "PATCH"),
        }
    }
}

/// The request target of a URL: its path and query.
fn path_and_query(url: &reqwest::Url) -> &str {
    &url[url::Position::BeforePath..url::Position::AfterQuery]
}

enum PreparedBody {
    Fixed(Bytes),
    Templated(Template),
}

impl PreparedStep {
    fn new(
        step: &super::scenario::Step,
        settings: &RunSettings,
        origin: Option<&Origin>,
    ) -> Result<PreparedStep, String> {
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
        let method = step.method.0.clone();
        let plain = origin
            .map(|origin| PlainParts::new(&method, fixed_url.as_ref(), &headers, &origin.host));
        Ok(PreparedStep {
            name: step.name.clone(),
            no_body: method == reqwest::Method::HEAD,
            idempotent: method.is_idempotent(),
            method,
            path,
            fixed_url,
            headers,
            body,
            expect: step.expect.clone(),
            timeout: step.timeout.map_or(settings.timeout, |t| t.0),
            plain,
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

    /// The same headers as `add_headers`, written as HTTP/1.1 lines from stack buffers.
    fn write_plain(&self, out: &mut Vec<u8>) {
        out.extend_from_slice(b"x-request-id: ");
        http1::push_uuid_v4(out, self.request_id);
        out.extend_from_slice(b"\r\nx-datadog-trace-id: ");
        out.extend_from_slice(itoa::Buffer::new().format(self.trace_low).as_bytes());
        out.extend_from_slice(b"\r\nx-datadog-parent-id: ");
        out.extend_from_slice(itoa::Buffer::new().format(self.span).as_bytes());
        out.extend_from_slice(b"\r\nx-datadog-sampling-priority: 1\r\nx-datadog-tags: _dd.p.tid=");
        http1::push_hex_u64(out, self.trace_high);
        out.extend_from_slice(b"\r\ntraceparent: 00-");
        http1::push_hex_u64(out, self.trace_high);
        http1::push_hex_u64(out, self.trace_low);
        out.push(b'-');
        http1::push_hex_u64(out, self.span);
        out.extend_from_slice(b"-01\r\n");
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

/// Why a request got no answer, as the report and the metrics see it.
struct RequestError {
    kind: ErrorKind,
    /// With causes, on one line (only built when a request fails).
    message: String,
}

/// A finished request, as the driver records it.
struct Finished {
    step: usize,
    index: u64,
    scheduled: Instant,
    sent: Instant,
    done: Instant,
    trace: TraceIds,
    result: Result<(u16, u64), RequestError>,
    /// The slot's connection, back for the next request (plain http).
    conn: Option<Conn>,
}

/// What carries a driver's requests.
enum Transport {
    /// `http://`: our own HTTP/1.1 connections, one per slot.
    Plain(Origin),
    /// `https://`: reqwest.
    Reqwest(reqwest::Client),
}

/// One request on its way: already written into the slot's connection (plain) or built (reqwest).
enum Outgoing {
    Plain(Conn),
    Reqwest(reqwest::Request),
}

/// Sends one request and reads its body to the end (so the connection can be reused).
#[allow(clippy::too_many_arguments)]
fn exchange<'a>(
    transport: &'a Transport,
    outgoing: Outgoing,
    step: &'a PreparedStep,
    step_index: usize,
    index: u64,
    scheduled: Instant,
    sent: Instant,
    trace: TraceIds,
) -> impl Future<Output = Finished> + 'a {
    let pending = match (transport, outgoing) {
        (Transport::Reqwest(client), Outgoing::Reqwest(request)) => Ok(client.execute(request)),
        (_, Outgoing::Plain(conn)) => Err(conn),
        (Transport::Plain(_), Outgoing::Reqwest(_)) => {
            unreachable!("plain targets get plain requests")
        }
    };
    async move {
        let (result, conn) = match pending {
            Ok(pending) => {
                let result = async {
                    let mut response = pending.await?;
                    let status = response.status().as_u16();
                    let mut bytes = 0u64;
                    while let Some(chunk) = response.chunk().await? {
                        bytes += chunk.len() as u64;
                    }
                    Ok::<_, reqwest::Error>((status, bytes))
                }
                .await;
                let result = result.map_err(|error| RequestError {
                    kind: classify(&error),
                    message: error_chain(&error),
                });
                (result, None)
            }
            Err(mut conn) => {
                let Transport::Plain(origin) = transport else {
                    unreachable!("plain requests go to plain targets")
                };
                let answer = tokio::time::timeout(
                    step.timeout,
                    conn.exchange(origin, step.no_body, step.idempotent),
                )
                .await;
                let result = match answer {
                    Ok(Ok(answer)) => Ok((answer.status, answer.body_bytes)),
                    Ok(Err(failure)) => Err(RequestError {
                        kind: failure.kind(),
                        message: failure.to_string(),
                    }),
                    Err(_) => {
                        conn.close();
                        Err(RequestError {
                            kind: ErrorKind::Timeout,
                            message: format!(
                                "no answer within {}",
                                humantime::format_duration(step.timeout)
                            ),
                        })
                    }
                };
                (result, Some(conn))
            }
        };
        Finished {
            step: step_index,
            index,
            scheduled,
            sent,
            done: Instant::now(),
            trace,
            result,
            conn,
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
    /// Where plain-http requests go; None for https (reqwest).
    origin: Option<Origin>,
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
            // A target that cannot keep up does not stretch the phase: what was due but not
            // sent by its end is not sent (the report's send rate and lag show the shortfall).
            let end = self.start + duration;
            if due >= end || now >= end {
                return None;
            }
        }
        Some((index, due))
    }

    /// Builds request `index` with its trace headers: written into `conn` for a plain-http
    /// target, as a reqwest `Request` otherwise. `scratch` is the driver's reusable text buffer.
    fn build(
        &self,
        index: u64,
        trace: &TraceIds,
        conn: Option<Conn>,
        scratch: &mut String,
    ) -> Result<(usize, Outgoing), String> {
        let mut rng = SplitMix64::for_request(self.settings.seed, self.phase_index, index);
        let step_index = self.picker.pick(index, &mut rng);
        let step = &self.steps[step_index];
        let mut context = RenderContext {
            sequence: index + 1,
            rng: &mut rng,
        };
        let rendered_url = match &step.fixed_url {
            Some(_) => None,
            None => {
                scratch.clear();
                scratch.push_str(&self.settings.target);
                step.path.render_into(&mut context, scratch);
                Some(reqwest::Url::parse(scratch).map_err(|e| {
                    format!("step `{}`: `{scratch}` is not a valid URL: {e}", step.name)
                })?)
            }
        };
        if let (Some(plain), Some(mut conn)) = (&step.plain, conn) {
            let out = &mut conn.request;
            out.clear();
            out.extend_from_slice(&plain.method);
            match (&plain.fixed_target, &rendered_url) {
                (Some(fixed), _) => out.extend_from_slice(fixed),
                (None, Some(url)) => out.extend_from_slice(path_and_query(url).as_bytes()),
                (None, None) => unreachable!("a path is fixed or rendered"),
            }
            out.extend_from_slice(&plain.head);
            trace.write_plain(out);
            let body: Option<&[u8]> = match &step.body {
                Some(PreparedBody::Fixed(bytes)) => Some(bytes),
                Some(PreparedBody::Templated(template)) => {
                    scratch.clear();
                    template.render_into(&mut context, scratch);
                    Some(scratch.as_bytes())
                }
                None => None,
            };
            match body {
                Some(body) => {
                    out.extend_from_slice(b"content-length: ");
                    out.extend_from_slice(itoa::Buffer::new().format(body.len()).as_bytes());
                    out.extend_from_slice(b"\r\n\r\n");
                    out.extend_from_slice(body);
                }
                None if plain.length_when_empty => {
                    out.extend_from_slice(b"content-length: 0\r\n\r\n")
                }
                None => out.extend_from_slice(b"\r\n"),
            }
            return Ok((step_index, Outgoing::Plain(conn)));
        }
        let url = match (rendered_url, &step.fixed_url) {
            (Some(url), _) => url,
            (None, Some(url)) => url.clone(),
            (None, None) => unreachable!("a path is fixed or rendered"),
        };
        let mut request = reqwest::Request::new(step.method.clone(), url);
        *request.timeout_mut() = Some(step.timeout);
        let headers = request.headers_mut();
        headers.reserve(step.headers.len() + 6);
        for (name, value) in &step.headers {
            headers.insert(name.clone(), value.clone());
        }
        trace.add_headers(headers);
        match &step.body {
            Some(PreparedBody::Fixed(bytes)) => *request.body_mut() = Some(bytes.clone().into()),
            Some(PreparedBody::Templated(template)) => {
                let body = template.render(&mut context);
                *request.body_mut() = Some(Bytes::from(body).into());
            }
            None => {}
        }
        Ok((step_index, Outgoing::Reqwest(request)))
    }

    /// The URL of request `index` again, for a failure sample (rendering is deterministic).
    fn url_of(&self, index: u64) -> String {
        let mut rng = SplitMix64::for_request(self.settings.seed, self.phase_index, index);
        let step = &self.steps[self.picker.pick(index, &mut rng)];
        match &step.fixed_url {
            Some(url) => url.to_string(),
            None => {
                let mut text = self.settings.target.clone();
                step.path.render_into(
                    &mut RenderContext {
                        sequence: index + 1,
                        rng: &mut rng,
                    },
                    &mut text,
                );
                reqwest::Url::parse(&text).map_or(text, |url| url.to_string())
            }
        }
    }
}

/// Runs one phase to its end (or to an interruption) and returns what it measured.
///
/// Each driver runs on its own thread with its own single-threaded runtime: its requests, timers
/// and sockets never leave that thread, so nothing is stolen, woken across threads or locked.
pub async fn run_phase(
    phase: &Phase,
    phase_index: u64,
    settings: &RunSettings,
    run_start: Instant,
    stop: watch::Receiver<bool>,
    progress: Option<ProgressFeed>,
) -> Result<PhaseResult, String> {
    let origin = match reqwest::Url::parse(&settings.target) {
        Ok(url) if url.scheme() == "http" => Some(Origin::resolve(&url)?),
        _ => None,
    };
    let steps = phase
        .steps
        .iter()
        .map(|step| PreparedStep::new(step, settings, origin.as_ref()))
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
        origin,
        settings: settings.clone(),
    });
    // Fail at once on a path that cannot make a URL, rather than on every request.
    let probe = TraceIds::random(&mut SplitMix64::new(0));
    plan.build(0, &probe, Some(Conn::new()), &mut String::new())?;

    let mut results = Vec::with_capacity(drivers);
    for driver in 0..drivers {
        let slots = slots_total / drivers + usize::from(driver < slots_total % drivers);
        let (sender, receiver) = tokio::sync::oneshot::channel();
        let plan = Arc::clone(&plan);
        let stop = stop.clone();
        let feed = progress.as_ref().map(|feed| feed.for_driver(driver));
        std::thread::Builder::new()
            .name(format!("thumbctl-load-{driver}"))
            .spawn(move || {
                let runtime = tokio::runtime::Builder::new_current_thread()
                    .enable_all()
                    .build();
                let stats = match runtime {
                    Ok(runtime) => Ok(runtime.block_on(drive(plan, slots, stop, feed))),
                    Err(error) => Err(format!("cannot start a load driver: {error}")),
                };
                let _ = sender.send(stats);
            })
            .map_err(|e| format!("cannot start a load driver thread: {e}"))?;
        results.push(receiver);
    }
    let mut stats = PhaseStats::new(phase.steps.len());
    for result in results {
        let driver_stats = result
            .await
            .map_err(|_| "a load driver failed".to_string())??;
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
    let transport = match &plan.origin {
        Some(origin) => Transport::Plain(origin.clone()),
        None => Transport::Reqwest(build_client(&plan.settings, slots)),
    };
    let mut idle: Vec<Conn> = match transport {
        Transport::Plain(_) => (0..slots).map(|_| Conn::new()).collect(),
        Transport::Reqwest(_) => Vec::new(),
    };
    let step_names: Vec<(&str, &str)> = plan
        .steps
        .iter()
        .map(|s| (s.name.as_str(), s.method.as_str()))
        .collect();
    let mut batch = plan
        .settings
        .metrics
        .load_batch(&plan.settings.scenario_name, &step_names);
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
                let conn = match transport {
                    Transport::Plain(_) => Some(idle.pop().unwrap_or_default()),
                    Transport::Reqwest(_) => None,
                };
                match plan.build(index, &trace, conn, &mut scratch) {
                    Ok((step, outgoing)) => {
                        let sent = Instant::now();
                        stats.note_send(sent);
                        in_flight.push(exchange(
                            &transport,
                            outgoing,
                            &plan.steps[step],
                            step,
                            index,
                            due,
                            sent,
                            trace,
                        ));
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
            Some(mut finished) = in_flight.next(), if !in_flight.is_empty() => {
                if let Some(conn) = finished.conn.take() {
                    idle.push(conn);
                }
                record(&plan, &mut stats, &mut batch, finished, open);
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
    batch.flush();
    if let Some(feed) = progress.as_mut() {
        feed.flush(&stats);
    }
    stats
}

fn record(
    plan: &PhasePlan,
    stats: &mut PhaseStats,
    batch: &mut LoadBatch,
    finished: Finished,
    open: bool,
) {
    let step = &plan.steps[finished.step];
    let corrected = finished.done.saturating_duration_since(finished.scheduled);
    let uncorrected = finished.done.saturating_duration_since(finished.sent);
    if open {
        super::stats::record_duration(
            &mut stats.lag,
            finished.sent.saturating_duration_since(finished.scheduled),
        );
    }
    let step_stats = &mut stats.steps[finished.step];
    let (expected, outcome, message) = match finished.result {
        Ok((status, bytes)) => {
            let expected = step.expects_status(status);
            step_stats.record_status(status, expected, bytes);
            step_stats.record_latency(corrected, uncorrected);
            batch.request_completed(finished.step, status, expected, corrected, finished.done);
            if expected {
                return;
            }
            (expected, status.to_string(), None)
        }
        Err(error) => {
            let expected = step.expects_error(error.kind);
            step_stats.record_error(error.kind, expected);
            batch.request_failed(finished.step, error.kind.name(), finished.done);
            (expected, error.kind.name().to_string(), Some(error.message))
        }
    };
    if !expected && stats.wants_failure_sample() {
        stats.failures.push(FailureSample {
            phase: plan.phase_name.clone(),
            step: step.name.clone(),
            method: step.method.to_string(),
            url: plan.url_of(finished.index),
            outcome,
            message,
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

    #[test]
    fn plain_trace_headers_are_the_same_as_reqwest_ones() {
        let trace = TraceIds::random(&mut SplitMix64::new(7));
        let mut headers = HeaderMap::new();
        trace.add_headers(&mut headers);
        let mut plain = Vec::new();
        trace.write_plain(&mut plain);
        let text = String::from_utf8(plain).unwrap();
        let lines: Vec<&str> = text.split_terminator("\r\n").collect();
        assert_eq!(lines.len(), headers.len(), "{text}");
        for line in lines {
            let (name, value) = line.split_once(": ").unwrap();
            assert_eq!(headers[name].to_str().unwrap(), value, "{name}");
        }
    }
}
