//! `thumbctl load`: replays scenario traffic against a running web service and reports what
//! happened.
//!
//! Read in this order: `plan.rs` (the flags, resolved), `scenario.rs` (what a run does, as data), `template.rs` (request bodies
//! and paths), `engine.rs` (pacing), `http1.rs` (plain-http requests as bytes), `client.rs`
//! (reqwest, for https and uploads), `trace.rs` (the ids and headers of each request),
//! `stats.rs` (what is counted), `report.rs` (what is printed), `upload.rs` (`load upload`).

mod client;
mod engine;
mod error;
mod error_kind;
mod http1;
mod plan;
mod progress;
mod report;
mod scenario;
mod schedule;
mod stats;
mod template;
pub(crate) mod trace;
mod upload;

use std::time::{Duration, Instant};

use tokio::sync::watch;

use crate::cli::{GlobalArgs, LoadArgs, LoadCommand};
use crate::exit::Error;
use crate::metrics::Metrics;
use crate::{interrupt, ExitCode};
use engine::RunSettings;
use error::{PlanError, RunError};
use plan::{Job, Plan};
use report::{FileResult, Report, RunInfo};
use scenario::Scenario;
pub(crate) use stats::FailureSample;
use stats::PhaseResult;

pub(crate) fn run(global: &GlobalArgs, args: LoadArgs) -> ExitCode {
    if let LoadCommand::Show(show) = args.command.as_ref() {
        return match scenario::built_in_source(&show.name) {
            Ok(text) => match crate::stdout::print(text) {
                Ok(()) => ExitCode::Success,
                Err(code) => code,
            },
            Err(error) => Error::from(PlanError::from(error)).report(),
        };
    }
    let metrics = match Metrics::from_args(&global.metrics) {
        Ok(metrics) => metrics,
        Err(error) => return Error::from(error).report(),
    };
    let plan = match Plan::from_args(&args) {
        Ok(plan) => plan,
        Err(error) => return Error::from(error).report(),
    };
    let settings = plan.run_settings(metrics.clone());
    let show_progress = progress::wanted(global.quiet, global.no_progress);

    let runtime = match tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
    {
        Ok(runtime) => runtime,
        Err(error) => return Error::from(RunError::Runtime(error)).report(),
    };
    let run_span = crate::apm::load::run_started(&settings.scenario_name);
    let outcome: Result<_, RunError> = runtime.block_on(async {
        client::preflight(&plan.target, settings.timeout).await?;
        // Drivers stop sending on the first Ctrl-C and wind down; a second one quits at once.
        interrupt::install("interrupted: waiting briefly for requests in flight");
        let stop = interrupt::watch();
        let started = Instant::now();
        let (phases, files) = match &plan.job {
            Job::Scenario(scenario) => {
                let phases = run_phases(scenario, &settings, started, stop, show_progress).await?;
                (phases, None)
            }
            Job::Upload(upload) => {
                let (phase, files) = upload::run(upload, &settings, stop).await;
                (vec![phase], Some(files))
            }
        };
        Ok((phases, files, started.elapsed()))
    });
    let (phases, files, elapsed): (Vec<PhaseResult>, Option<Vec<FileResult>>, Duration) =
        match outcome {
            Ok(done) => done,
            Err(error) => return Error::from(error).report(),
        };
    // Stragglers abandoned after Ctrl-C must not keep the process alive.
    runtime.shutdown_timeout(Duration::from_millis(100));
    drop(run_span);

    let interrupted = phases.iter().any(|p| p.interrupted);
    metrics.load_finished(&settings.scenario_name, elapsed);
    let metrics_summary = metrics.finish();
    let report = Report::build(
        RunInfo {
            scenario: settings.scenario_name.clone(),
            target: settings.target.clone(),
            seed: plan.seed,
            threads: match plan.job {
                Job::Scenario(_) => Some((plan.threads.count, plan.threads.describe())),
                Job::Upload(_) => None,
            },
            interrupted,
            elapsed,
            gates: plan.gates.clone(),
            files,
            metrics: metrics_summary,
        },
        &phases,
    );
    if let Err(code) = crate::stdout::print(crate::report::render(&report, plan.report_format)) {
        return code;
    }
    exit_code(&report, !plan.gates.is_empty())
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
) -> Result<Vec<PhaseResult>, RunError> {
    let mut results = Vec::with_capacity(scenario.phases.len());
    for (index, phase) in scenario.phases.iter().enumerate() {
        if *stop.borrow() {
            break;
        }
        tracing::debug!(phase = %phase.name, stop = %phase.stop(), "phase starts");
        let _phase_span = crate::apm::load::phase_started(&settings.scenario_name, &phase.name);
        let (bar, feed) = if show_progress {
            let target = match (&phase.stages, phase.pacing()) {
                (Some(stages), _) => progress::Target::Stages(stages.clone()),
                (None, scenario::Pacing::Open { rate, .. }) => progress::Target::Rate(rate),
                (None, scenario::Pacing::Closed { .. }) => progress::Target::None,
            };
            let (bar, feed) = progress::PhaseProgress::start(&phase.name, target);
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
