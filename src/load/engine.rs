//! Sends a phase's requests on schedule and measures them.
//!
//! A phase runs on a few driver threads (`--threads`; by default one per core, half the cores for
//! a loopback target, which needs the rest). Each driver owns its reqwest client,
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
use rand::Rng;
use reqwest::header::{HeaderName, HeaderValue, CONTENT_TYPE};
use tokio::sync::watch;

use super::client::{build_client, classify, error_chain};
use super::error::RunError;
use super::error_kind::ErrorKind;
use super::http1::{Conn, IdleLimit, Origin, PlainParts};
use super::progress::ProgressFeed;
use super::scenario::{Expectation, Pacing, Phase, StepOrder, Stop};
use super::schedule::{self, Schedule, Stage};
use super::stats::{FailureSample, PhaseResult, PhaseStats, StepInfo};
use super::template::{RenderContext, SplitMix64, Template};
use super::trace::TraceIds;
use crate::metrics::{LoadBatch, Metrics};

/// How long in-flight requests may still answer after Ctrl-C before they are abandoned.
const INTERRUPT_GRACE: Duration = Duration::from_secs(2);

/// Everything about a run that is not the scenario itself.
#[derive(Clone)]
pub(crate) struct RunSettings {
    /// Base URL without a trailing slash; step paths are appended.
    pub(crate) target: String,
    pub(crate) timeout: Duration,
    pub(crate) seed: u64,
    pub(crate) insecure: bool,
    pub(crate) scenario_name: String,
    /// Driver threads at most (`--threads`, or the default that leaves room for a local target).
    pub(crate) threads: usize,
    pub(crate) metrics: Metrics,
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

enum PreparedBody {
    Fixed(Bytes),
    Templated(Template),
}

impl PreparedStep {
    fn new(
        step: &super::scenario::Step,
        settings: &RunSettings,
        origin: Option<&Origin>,
    ) -> Result<PreparedStep, RunError> {
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

fn parse_url(target: &str, path: &str) -> Result<reqwest::Url, RunError> {
    let url = format!("{target}{path}");
    reqwest::Url::parse(&url).map_err(|source| RunError::StepUrl { url, source })
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
    span: crate::apm::load::RequestSpan,
    result: Result<(u16, u64), RequestError>,
    /// The slot's connection, back for the next request (plain http).
    conn: Option<Conn>,
}

/// What carries a driver's requests.
enum Transport {
    /// `http://`: our own HTTP/1.1 connections, one per slot, and what the driver learnt of the
    /// server's idle timeout.
    Plain(Origin, IdleLimit),
    /// `https://`: reqwest.
    Reqwest(reqwest::Client),
}

/// One request on its way: already written into the slot's connection (plain) or built (reqwest).
enum Outgoing {
    Plain(Conn),
    Reqwest(reqwest::Request),
}

/// One request on its way, with what the driver records when it ends.
struct Ticket<'a> {
    outgoing: Outgoing,
    step: &'a PreparedStep,
    step_index: usize,
    /// The request's number in the phase.
    index: u64,
    /// When it was due (latency is counted from here: no coordinated omission).
    scheduled: Instant,
    sent: Instant,
    trace: TraceIds,
    span: crate::apm::load::RequestSpan,
}

/// Sends one request and reads its body to the end (so the connection can be reused).
fn exchange<'a>(
    transport: &'a Transport,
    ticket: Ticket<'a>,
) -> impl Future<Output = Finished> + 'a {
    let Ticket {
        outgoing,
        step,
        step_index,
        index,
        scheduled,
        sent,
        trace,
        span,
    } = ticket;
    let pending = match (transport, outgoing) {
        (Transport::Reqwest(client), Outgoing::Reqwest(request)) => Ok(client.execute(request)),
        (_, Outgoing::Plain(conn)) => Err(conn),
        (Transport::Plain(..), Outgoing::Reqwest(_)) => {
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
                let Transport::Plain(origin, limits) = transport else {
                    unreachable!("plain requests go to plain targets")
                };
                let answer = tokio::time::timeout(
                    step.timeout,
                    conn.exchange(origin, limits, step.no_body, step.idempotent),
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
            span,
            result,
            conn,
        }
    }
}

/// Shared, read-only state of one phase.
struct PhasePlan {
    phase_index: u64,
    phase_name: String,
    steps: Vec<PreparedStep>,
    picker: StepPicker,
    pacing: Pacing,
    /// When each request is due (open model).
    schedule: Option<Schedule>,
    /// The ramp's stages, for the per-stage counts (empty without stages).
    stages: Vec<Stage>,
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
        let due = match &self.schedule {
            Some(schedule) => self.start + Duration::from_secs_f64(schedule.due(index)?),
            None => now,
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
    ) -> Result<(usize, Outgoing), RunError> {
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
                Some(
                    reqwest::Url::parse(scratch).map_err(|source| RunError::RenderedUrl {
                        step: step.name.clone(),
                        url: scratch.clone(),
                        source,
                    })?,
                )
            }
        };
        if let (Some(plain), Some(mut conn)) = (&step.plain, conn) {
            let body: Option<&[u8]> = match &step.body {
                Some(PreparedBody::Fixed(bytes)) => Some(bytes),
                Some(PreparedBody::Templated(template)) => {
                    scratch.clear();
                    template.render_into(&mut context, scratch);
                    Some(scratch.as_bytes())
                }
                None => None,
            };
            plain.write(&mut conn.request, rendered_url.as_ref(), trace, body);
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
pub(crate) async fn run_phase(
    phase: &Phase,
    phase_index: u64,
    settings: &RunSettings,
    run_start: Instant,
    stop: watch::Receiver<bool>,
    progress: Option<ProgressFeed>,
) -> Result<PhaseResult, RunError> {
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
    let drivers = settings.threads.min(slots_total).max(1);
    let plan = Arc::new(PhasePlan {
        phase_index,
        phase_name: phase.name.clone(),
        picker: StepPicker::new(phase),
        steps,
        pacing,
        schedule: phase.schedule(),
        stages: phase.stages.clone().unwrap_or_default(),
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
                    Err(error) => Err(RunError::Driver(error)),
                };
                let _ = sender.send(stats);
            })
            .map_err(RunError::DriverThread)?;
        results.push(receiver);
    }
    let stage_count = phase.stages.as_ref().map_or(0, Vec::len);
    let mut stats = PhaseStats::new(phase.steps.len(), stage_count);
    for result in results {
        let driver_stats = result.await.map_err(|_| RunError::DriverLost)??;
        stats.merge(&driver_stats);
    }
    Ok(PhaseResult {
        name: phase.name.clone(),
        pacing,
        stop: phase.stop(),
        steps: step_infos,
        stages: plan.stages.clone(),
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
    let mut stats = PhaseStats::new(plan.steps.len(), plan.stages.len());
    let transport = match &plan.origin {
        Some(origin) => Transport::Plain(origin.clone(), IdleLimit::default()),
        None => Transport::Reqwest(build_client(
            plan.settings.timeout,
            plan.settings.insecure,
            slots,
        )),
    };
    let mut idle: Vec<Conn> = match transport {
        Transport::Plain(..) => (0..slots).map(|_| Conn::new()).collect(),
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
                let (trace, span) = crate::apm::load::request_started(&mut trace_rng);
                let conn = match transport {
                    Transport::Plain(..) => Some(idle.pop().unwrap_or_default()),
                    Transport::Reqwest(_) => None,
                };
                match plan.build(index, &trace, conn, &mut scratch) {
                    Ok((step, outgoing)) => {
                        let sent = Instant::now();
                        stats.note_send(sent);
                        if !plan.stages.is_empty() {
                            let at = sent.saturating_duration_since(plan.start).as_secs_f64();
                            stats.note_stage_send(
                                schedule::stage_at(&plan.stages, at),
                                sent.saturating_duration_since(due),
                            );
                        }
                        in_flight.push(exchange(
                            &transport,
                            Ticket {
                                outgoing,
                                step: &plan.steps[step],
                                step_index: step,
                                index,
                                scheduled: due,
                                sent,
                                trace,
                                span,
                            },
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
    mut finished: Finished,
    open: bool,
) {
    let step = &plan.steps[finished.step];
    if finished.span.is_on() {
        finished.span.finish(crate::apm::load::RequestEnd {
            scenario: &plan.settings.scenario_name,
            phase: &plan.phase_name,
            step: &step.name,
            method: step.method.as_str(),
            result: finished
                .result
                .as_ref()
                .map(|r| r.0)
                .map_err(|e| e.kind.name()),
            expected: match &finished.result {
                Ok((status, _)) => step.expects_status(*status),
                Err(error) => step.expects_error(error.kind),
            },
        });
    }
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
            x_trace_id: finished.trace.request_id(),
            trace_id: finished.trace.trace_id(),
            w3c_trace_id: finished.trace.w3c_trace_id(),
            at_seconds: finished
                .scheduled
                .saturating_duration_since(plan.run_start)
                .as_secs_f64(),
        });
        let sample = stats.failures.last().expect("pushed above");
        crate::logging::unexpected_outcome(sample, finished.trace.span_id());
    }
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
}
