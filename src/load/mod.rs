//! `thumbctl load`: replays scenario traffic against a running web service and reports what
//! happened.
//!
//! Read in this order: `scenario.rs` (what a run does, as data), `template.rs` (request bodies
//! and paths), `engine.rs` (pacing), `http1.rs` (plain-http requests as bytes), `client.rs`
//! (reqwest, for https and uploads), `trace.rs` (the ids and headers of each request),
//! `stats.rs` (what is counted), `report.rs` (what is printed), `upload.rs` (`load upload`).

mod client;
pub mod engine;
mod http1;
pub mod progress;
pub mod report;
pub mod scenario;
pub mod stats;
pub mod template;
mod trace;
mod upload;

use std::io::IsTerminal;
use std::num::NonZeroU64;
use std::time::{Duration, Instant};

use tokio::sync::watch;

use crate::cli::{
    FullArgs, GlobalArgs, LoadArgs, LoadCommand, OutputFormat, PacingArgs, PurchaseArgs, UrlArgs,
};
use crate::metrics::Metrics;
use crate::ExitCode;
use engine::RunSettings;
use report::{FileResult, Gate, Report, RunInfo};
use scenario::{
    DurationText, HttpMethod, PathTemplate, Phase, PhaseOverrides, Rate, Scenario, Step, StepOrder,
    TextTemplate,
};
use stats::PhaseResult;

/// Default number of loops of `load url` without --rate, as oha and hey do.
const URL_DEFAULT_CONCURRENCY: usize = 50;
/// Default length of `load url` without --duration or -n.
const URL_DEFAULT_COUNT: u64 = 200;

/// What `load` will do, resolved from the command line.
enum Job {
    Scenario(Scenario),
    Upload(upload::UploadPlan),
}

/// A usage error (exit 2), said before anything is sent.
fn usage(message: impl std::fmt::Display) -> ExitCode {
    eprintln!("thumbctl load: {message}");
    ExitCode::Usage
}

pub fn run(global: &GlobalArgs, args: LoadArgs) -> ExitCode {
    if let LoadCommand::Show(show) = args.command.as_ref() {
        return match scenario::built_in_source(&show.name) {
            Ok(text) => {
                print!("{text}");
                ExitCode::Success
            }
            Err(error) => usage(error),
        };
    }
    let metrics = match Metrics::from_args(&global.metrics) {
        Ok(metrics) => metrics,
        Err(error) => return usage(error),
    };
    let (target, job) = match resolve(&args) {
        Ok(resolved) => resolved,
        Err(message) => return usage(message),
    };
    let gates = gates_of(&args);
    let seed = args.seed.unwrap_or_else(rand::random);
    let scenario_name = match &job {
        Job::Scenario(scenario) => scenario.name.clone(),
        Job::Upload(_) => "upload".to_string(),
    };
    let settings = RunSettings {
        target: target.as_str().trim_end_matches('/').to_string(),
        timeout: args.timeout.0,
        seed,
        insecure: args.insecure,
        scenario_name: scenario_name.clone(),
        metrics: metrics.clone(),
    };
    let show_progress = !global.quiet && !global.no_progress && std::io::stderr().is_terminal();

    let runtime = match tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
    {
        Ok(runtime) => runtime,
        Err(error) => {
            eprintln!("thumbctl load: cannot start the async runtime: {error}");
            return ExitCode::SomeFailed;
        }
    };
    let outcome: Result<_, String> = runtime.block_on(async {
        client::preflight(&target, settings.timeout).await?;
        let stop = watch_for_interrupt();
        let started = Instant::now();
        let (phases, files) = match job {
            Job::Scenario(scenario) => {
                let phases = run_phases(&scenario, &settings, started, stop, show_progress).await?;
                (phases, None)
            }
            Job::Upload(plan) => {
                let (phase, files) = upload::run(&plan, &settings, stop).await;
                (vec![phase], Some(files))
            }
        };
        Ok((phases, files, started.elapsed()))
    });
    let (phases, files, elapsed): (Vec<PhaseResult>, Option<Vec<FileResult>>, Duration) =
        match outcome {
            Ok(done) => done,
            Err(message) => {
                eprintln!("thumbctl load: {message}");
                return ExitCode::SomeFailed;
            }
        };
    // Stragglers abandoned after Ctrl-C must not keep the process alive.
    runtime.shutdown_timeout(Duration::from_millis(100));

    let interrupted = phases.iter().any(|p| p.interrupted);
    metrics.load_finished(&scenario_name, elapsed);
    let metrics_summary = metrics.finish();
    let report = Report::build(
        RunInfo {
            scenario: scenario_name,
            target: settings.target.clone(),
            seed,
            interrupted,
            elapsed,
            gates: gates.clone(),
            files,
            metrics: metrics_summary,
        },
        &phases,
    );
    match args.output_format {
        OutputFormat::Text => print!("{}", report.to_text()),
        OutputFormat::Json => print!("{}", report.to_json()),
    }
    exit_code(&report, !gates.is_empty())
}

/// 130 after Ctrl-C; with gates, 3 when one failed; without gates, 1 on any unexpected outcome.
fn exit_code(report: &Report, has_gates: bool) -> ExitCode {
    if report.interrupted {
        ExitCode::Interrupted
    } else if has_gates {
        if report.gates_failed() {
            ExitCode::GateFailed
        } else {
            ExitCode::Success
        }
    } else if report.total.unexpected > 0 {
        ExitCode::SomeFailed
    } else {
        ExitCode::Success
    }
}

async fn run_phases(
    scenario: &Scenario,
    settings: &RunSettings,
    started: Instant,
    stop: watch::Receiver<bool>,
    show_progress: bool,
) -> Result<Vec<PhaseResult>, String> {
    let mut results = Vec::with_capacity(scenario.phases.len());
    for (index, phase) in scenario.phases.iter().enumerate() {
        if *stop.borrow() {
            break;
        }
        tracing::debug!(phase = %phase.name, stop = %phase.stop(), "phase starts");
        let (bar, feed) = if show_progress {
            let (bar, feed) = progress::PhaseProgress::start(&phase.name);
            (Some(bar), Some(feed))
        } else {
            (None, None)
        };
        let result =
            engine::run_phase(phase, index as u64, settings, started, stop.clone(), feed).await;
        if let Some(bar) = bar {
            bar.finish().await;
        }
        results.push(result?);
    }
    Ok(results)
}

/// Ctrl-C (or SIGTERM) flips the channel to true: drivers stop sending and wind down. A second
/// Ctrl-C exits at once.
fn watch_for_interrupt() -> watch::Receiver<bool> {
    let (sender, receiver) = watch::channel(false);
    tokio::spawn(async move {
        wait_for_signal().await;
        tracing::warn!(
            "interrupted: waiting briefly for requests in flight (Ctrl-C again to quit now)"
        );
        let _ = sender.send(true);
        wait_for_signal().await;
        std::process::exit(i32::from(ExitCode::Interrupted));
    });
    receiver
}

async fn wait_for_signal() {
    #[cfg(unix)]
    {
        use tokio::signal::unix::{signal, SignalKind};
        match signal(SignalKind::terminate()) {
            Ok(mut terminate) => {
                tokio::select! {
                    _ = tokio::signal::ctrl_c() => {}
                    _ = terminate.recv() => {}
                }
            }
            Err(_) => {
                let _ = tokio::signal::ctrl_c().await;
            }
        }
    }
    #[cfg(not(unix))]
    {
        let _ = tokio::signal::ctrl_c().await;
    }
}

fn gates_of(args: &LoadArgs) -> Vec<Gate> {
    let gates = &args.gates;
    let mut list = Vec::new();
    if let Some(rate) = gates.max_error_rate {
        list.push(Gate::MaxErrorRate(rate));
    }
    for (quantile, limit) in [
        (0.50, gates.max_p50),
        (0.90, gates.max_p90),
        (0.95, gates.max_p95),
        (0.99, gates.max_p99),
        (0.999, gates.max_p999),
    ] {
        if let Some(limit) = limit {
            list.push(Gate::MaxLatency {
                quantile,
                limit: limit.0,
            });
        }
    }
    if let Some(rps) = gates.min_rps {
        list.push(Gate::MinRequestsPerSecond(rps));
    }
    list
}

/// Checks that a URL is one `load` can send to.
fn parse_target(text: &str, what: &str) -> Result<reqwest::Url, String> {
    let url = reqwest::Url::parse(text)
        .map_err(|e| format!("{what} `{text}` is not a valid URL: {e}"))?;
    if !matches!(url.scheme(), "http" | "https") {
        return Err(format!(
            "{what} `{text}` must be an http:// or https:// URL"
        ));
    }
    if url.host_str().is_none_or(str::is_empty) {
        return Err(format!("{what} `{text}` has no host"));
    }
    Ok(url)
}

/// Turns the command line into a target and a job.
fn resolve(args: &LoadArgs) -> Result<(reqwest::Url, Job), String> {
    let target = || parse_target(&args.target, "--target");
    let built_in = |name: &str| scenario::built_in(name).map_err(|e| e.to_string());
    match args.command.as_ref() {
        LoadCommand::Quick(pacing) => Ok((
            target()?,
            Job::Scenario(overridden(built_in("quick")?, pacing)),
        )),
        LoadCommand::Sustained(pacing) => Ok((
            target()?,
            Job::Scenario(overridden(built_in("sustained")?, pacing)),
        )),
        LoadCommand::Errors(pacing) => Ok((
            target()?,
            Job::Scenario(overridden(built_in("errors")?, pacing)),
        )),
        LoadCommand::Purchase(purchase) => {
            let mut scenario = built_in("purchase")?;
            let overrides = purchase_overrides(purchase);
            scenario.phases.iter_mut().for_each(|p| p.apply(&overrides));
            Ok((target()?, Job::Scenario(scenario)))
        }
        LoadCommand::Full(full) => Ok((target()?, Job::Scenario(full_scenario(full)?))),
        LoadCommand::Run(run) => {
            let scenario =
                scenario::read_scenario_file(&run.scenario).map_err(|e| e.to_string())?;
            Ok((target()?, Job::Scenario(overridden(scenario, &run.pacing))))
        }
        LoadCommand::Url(url) => url_scenario(url),
        LoadCommand::Upload(upload) => {
            let plan = upload::UploadPlan::new(upload)?;
            Ok((target()?, Job::Upload(plan)))
        }
        LoadCommand::Show(_) => unreachable!("handled before resolving"),
    }
}

fn pacing_overrides(pacing: &PacingArgs) -> PhaseOverrides {
    PhaseOverrides {
        count: pacing.count,
        duration: pacing.duration,
        rate: pacing.rate,
        concurrency: pacing.concurrency,
    }
}

fn overridden(mut scenario: Scenario, pacing: &PacingArgs) -> Scenario {
    let overrides = pacing_overrides(pacing);
    scenario.phases.iter_mut().for_each(|p| p.apply(&overrides));
    scenario
}

fn interval_rate(interval: DurationText) -> Rate {
    Rate::PerSecond(1.0 / interval.0.as_secs_f64())
}

fn purchase_overrides(purchase: &PurchaseArgs) -> PhaseOverrides {
    PhaseOverrides {
        count: purchase.count,
        rate: purchase.interval.map(interval_rate),
        concurrency: purchase.concurrency,
        ..PhaseOverrides::default()
    }
}

/// `full`: the flags reach the phase they name (purchase count and interval, sustained length
/// and rate); quick and errors run as they are.
fn full_scenario(full: &FullArgs) -> Result<Scenario, String> {
    let mut scenario = scenario::built_in("full").map_err(|e| e.to_string())?;
    for phase in &mut scenario.phases {
        match phase.name.as_str() {
            "purchase" => phase.apply(&PhaseOverrides {
                count: full.count,
                rate: full.interval.map(interval_rate),
                ..PhaseOverrides::default()
            }),
            "sustained" => phase.apply(&PhaseOverrides {
                duration: full.duration,
                rate: full.rate,
                ..PhaseOverrides::default()
            }),
            _ => {}
        }
    }
    Ok(scenario)
}

/// `load url`: a one-step scenario against the URL's own origin.
fn url_scenario(args: &UrlArgs) -> Result<(reqwest::Url, Job), String> {
    let url = parse_target(&args.url, "URL")?;
    let mut origin = url.clone();
    origin.set_path("");
    origin.set_query(None);
    origin.set_fragment(None);
    let path_and_query = match url.query() {
        Some(query) => format!("{}?{query}", url.path()),
        None => url.path().to_string(),
    };
    let method = HttpMethod::try_from(args.method.clone())?;
    let (count, duration) = match (args.count, args.duration) {
        (None, None) => (NonZeroU64::new(URL_DEFAULT_COUNT), None),
        other => other,
    };
    let concurrency = match (args.rate, args.concurrency) {
        (Some(Rate::PerSecond(_)), given) => given,
        (_, Some(given)) => Some(given),
        (_, None) => std::num::NonZeroUsize::new(URL_DEFAULT_CONCURRENCY),
    };
    let step = Step {
        name: "url".into(),
        weight: std::num::NonZeroU32::MIN,
        method,
        path: PathTemplate::try_from(path_and_query)?,
        headers: args.headers.clone(),
        body: None,
        raw_body: args.body.clone().map(TextTemplate::try_from).transpose()?,
        expect: vec![scenario::Expectation::StatusClass(2)],
        timeout: None,
    };
    let phase = Phase {
        name: "url".into(),
        count,
        duration,
        rate: args.rate,
        concurrency,
        order: StepOrder::Random,
        steps: vec![step],
    };
    let scenario = Scenario {
        name: "url".into(),
        description: String::new(),
        phases: vec![phase],
    };
    Ok((origin, Job::Scenario(scenario)))
}
