//! `thumbctl resize`: thumbnails for whole directory trees.
//!
//! The run, top to bottom:
//! 1. `plan`: the flags become a checked `Plan` (a bad value is a usage error, exit 2);
//! 2. `prepare_output`: inputs exist and `--out` is writable, before any work;
//! 3. `discover`: walk the inputs, find output collisions, keep this run's `--shard`;
//! 4. a rayon pool processes the sources, each with its own `Worker` (decode once, every size
//!    from that decode, atomic writes), reporting each source as soon as it is done;
//! 5. the summary (`report`), and an exit code.

mod allocator;
mod avif;
#[cfg(target_arch = "x86_64")]
mod avx2;
pub mod decode;
pub mod discover;
pub mod encode;
pub mod error;
pub mod exif;
mod fdct;
mod libjpeg;
pub mod plan;
mod queue;
pub mod report;
pub mod thumbnail;
mod webp;
mod worker;

use std::fs;
use std::io::{IsTerminal, Write};
use std::path::PathBuf;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Instant;

use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};

use crate::cli::{GlobalArgs, ResizeArgs};
use crate::exit::Error;
use crate::metrics::{Metrics, SourceStatus};
use crate::{interrupt, logging, ExitCode};

use discover::{discover_sources, find_collisions, in_shard, Source};
use error::SourceError;
use plan::Plan;
use queue::{JobQueue, DECODE_MEMORY_BUDGET};
use report::{Outcome, RunSummary, SourceReport};
use worker::Worker;

/// Entry point of the subcommand: flags in, exit code out.
pub fn run(global: &GlobalArgs, args: ResizeArgs) -> ExitCode {
    let plan = match Plan::from_args(&args) {
        Ok(plan) => plan,
        Err(err) => return Error::from(err).report(),
    };
    let metrics = match Metrics::from_args(&global.metrics) {
        Ok(metrics) => metrics,
        Err(err) => return Error::from(err).report(),
    };
    let show_progress = !global.quiet && !global.no_progress && std::io::stderr().is_terminal();
    let ui = Ui {
        quiet: global.quiet,
        progress: if show_progress {
            ProgressBar::with_draw_target(None, ProgressDrawTarget::stderr())
        } else {
            ProgressBar::hidden()
        },
    };
    interrupt::install("interrupted: finishing the sources under way");
    // Before any worker thread exists, and only here, in the command: the settings apply to the
    // whole process, which a program that embeds `run_plan` may not want.
    allocator::tune_for_decodes((DECODE_MEMORY_BUDGET as usize).next_multiple_of(32 << 20));
    match run_plan(&plan, &metrics, &ui) {
        Ok(summary) => exit_code(&summary),
        Err(err) => Error::from(err).report(),
    }
}

/// How the run's totals map to an exit code.
pub fn exit_code(summary: &RunSummary) -> ExitCode {
    if summary.interrupted {
        ExitCode::Interrupted
    } else if summary.failed > 0 {
        ExitCode::SomeFailed
    } else {
        ExitCode::Success
    }
}

/// Where the run talks to the user: the progress bar, and whether to print the summary.
pub struct Ui {
    pub quiet: bool,
    pub progress: ProgressBar,
}

/// A problem that stops the run before any work: a usage error.
#[derive(Debug, thiserror::Error)]
pub enum SetupError {
    #[error("input '{}': {source}", path.display())]
    Input {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("--out '{}' is not a directory", .0.display())]
    OutNotADirectory(PathBuf),
    #[error("cannot write to --out '{}': {source}", path.display())]
    OutUnwritable {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error(
        "--out '{}' is the input folder '{}' itself: thumbnails would be mixed with the sources; \
         use a separate folder (a subfolder is fine: it is skipped when walking)",
        out.display(),
        input.display()
    )]
    OutIsInput { out: PathBuf, input: PathBuf },
    #[error("cannot start worker threads: {0}")]
    Threads(#[from] rayon::ThreadPoolBuildError),
    #[error(transparent)]
    CmykProfile(#[from] decode::colour::CmykProfileError),
}

impl From<SetupError> for Error {
    fn from(error: SetupError) -> Self {
        Error::Usage(Box::new(error))
    }
}

/// Runs a checked plan. Returns the totals, or a setup error if nothing could start.
pub fn run_plan(plan: &Plan, metrics: &Metrics, ui: &Ui) -> Result<RunSummary, SetupError> {
    let started = Instant::now();
    let run_span = crate::apm::resize::run_started(plan.inputs.len());
    // Read and checked once, before `--out` is made: a bad file is a usage error before any work.
    let cmyk_profile = plan
        .cmyk_profile
        .as_deref()
        .map(decode::colour::CmykProfile::from_file)
        .transpose()?;
    let excluded_dir = prepare_output(plan)?;

    let discovery = discover_sources(plan, excluded_dir.as_deref());
    let collisions = find_collisions(plan, &discovery.sources);
    // Collisions are found over every source before sharding, so each shard of a split job
    // reports the same ones.
    let mut jobs: Vec<(&Source, Option<SourceError>)> = Vec::new();
    let mut collisions = collisions;
    for (index, source) in discovery.sources.iter().enumerate() {
        if in_shard(plan.shard, source) {
            jobs.push((source, collisions.remove(&index)));
        }
    }
    let mut reports: Vec<SourceReport> = Vec::new();
    for (entry, problem) in discovery.problems {
        if in_shard(plan.shard, &entry) {
            let report = SourceReport::failed(entry.path, problem);
            // A file the walk could not read (a loop, a permission problem) is a source that
            // failed, so dashboards count it like any other failure.
            if !plan.dry_run {
                record_metrics(metrics, &report);
            }
            emit(plan, ui, &report);
            reports.push(report);
        }
    }
    tracing::debug!(sources = jobs.len(), "discovered");
    ui.progress.set_length(jobs.len() as u64);
    ui.progress.set_style(
        ProgressStyle::with_template(
            "{bar:30} {pos}/{len} images, {per_sec}, {eta} left {wide_msg}",
        )
        .expect("static template"),
    );

    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(plan.jobs)
        .thread_name(|index| format!("thumbctl-resize-{index}"))
        .build()?;
    let stop = AtomicBool::new(false);
    let queue = JobQueue::for_sources(&pool, plan, jobs);
    let processed = std::sync::Mutex::new(Vec::new());
    let stopping = || interrupt::interrupted() || stop.load(Ordering::Relaxed);
    pool.scope(|scope| {
        for _ in 0..pool.current_num_threads() {
            scope.spawn(|_| {
                let mut worker = Worker::new(metrics.clone(), cmyk_profile.as_ref());
                while let Some(((source, collision), reservation)) = queue.take(stopping) {
                    let report = if stopping() {
                        SourceReport::new(source.path.clone(), Outcome::NotStarted)
                    } else {
                        let report = match collision {
                            Some(error) => SourceReport::failed(source.path.clone(), error),
                            None => worker.process(plan, source),
                        };
                        if !plan.dry_run {
                            record_metrics(metrics, &report);
                        }
                        emit(plan, ui, &report);
                        ui.progress.inc(1);
                        if report.outcome == Outcome::Failed && plan.fail_fast {
                            stop.store(true, Ordering::Relaxed);
                        }
                        report
                    };
                    drop(reservation);
                    processed
                        .lock()
                        .unwrap_or_else(std::sync::PoisonError::into_inner)
                        .push(report);
                }
            });
        }
    });
    let processed = processed.into_inner().expect("no panics while held");
    reports.extend(processed);
    ui.progress.finish_and_clear();

    let mut summary = RunSummary::from_reports(&reports);
    summary.elapsed = started.elapsed();
    summary.interrupted = interrupt::interrupted();
    summary.dry_run = plan.dry_run;
    if !plan.dry_run {
        metrics.resize_finished(
            summary.elapsed,
            summary.written,
            summary.skipped,
            summary.failed,
        );
    }
    run_span.finish(
        summary.sources,
        summary.written,
        summary.failed,
        summary.thumbnails,
    );
    summary.metrics = metrics.finish();
    if plan.json {
        print_stdout_line(&report::summary_json(&summary));
    }
    if !ui.quiet {
        logging::summary(&report::summary_text(&summary), &summary);
    }
    Ok(summary)
}

/// Checks the inputs and `--out` before any work, creating `--out` (unless dry run). Returns the
/// canonical `--out` to keep out of the walk.
fn prepare_output(plan: &Plan) -> Result<Option<PathBuf>, SetupError> {
    for input in &plan.inputs {
        if let Err(err) = fs::metadata(input) {
            return Err(SetupError::Input {
                path: input.clone(),
                source: err,
            });
        }
    }
    let out = &plan.out_dir;
    if out.exists() && !out.is_dir() {
        return Err(SetupError::OutNotADirectory(out.clone()));
    }
    if plan.dry_run {
        return Ok(out.canonicalize().ok());
    }
    let cannot_write = |source: std::io::Error| SetupError::OutUnwritable {
        path: out.clone(),
        source,
    };
    fs::create_dir_all(out).map_err(cannot_write)?;
    // Creating (and dropping, which deletes) a temporary file is the honest writability test:
    // permission bits say nothing about read-only mounts or ACLs.
    tempfile::Builder::new()
        .prefix(encode::TEMP_PREFIX)
        .tempfile_in(out)
        .map_err(cannot_write)?;
    let canonical_out = out.canonicalize().map_err(cannot_write)?;
    for input in &plan.inputs {
        if input.is_dir() && input.canonicalize().ok().as_ref() == Some(&canonical_out) {
            return Err(SetupError::OutIsInput {
                out: out.clone(),
                input: input.clone(),
            });
        }
    }
    Ok(Some(canonical_out))
}

/// Prints what is known about a finished source right away: its error line on stderr, its JSON
/// object or dry-run lines on stdout.
fn emit(plan: &Plan, ui: &Ui, report: &SourceReport) {
    if let Some(error) = &report.error {
        ui.progress
            .suspend(|| logging::file_error(&report.path, error.reason(), error));
    }
    if plan.json {
        print_stdout_line(&report::source_json(report));
    } else if plan.dry_run {
        for line in report::dry_run_lines(report) {
            print_stdout_line(&line);
        }
    }
}

/// One whole line to stdout. A closed pipe (`| head`) is not an error worth reporting.
fn print_stdout_line(line: &str) {
    let mut stdout = std::io::stdout().lock();
    let _ = writeln!(stdout, "{line}");
}

fn record_metrics(metrics: &Metrics, report: &SourceReport) {
    let status = match (&report.outcome, &report.error) {
        (Outcome::Skipped, _) => SourceStatus::Skipped,
        (_, Some(error)) => SourceStatus::Error(error.reason()),
        (Outcome::Written, None) => SourceStatus::Success,
        _ => return,
    };
    metrics.source_processed(status, report.elapsed, report.source_bytes);
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::path::Path;

    /// The pipeline runs from a plan built in code, without argv: how embedders and tests use it.
    #[test]
    fn a_plan_built_in_code_runs() {
        let dir = tempfile::tempdir().unwrap();
        let input = dir.path().join("in");
        fs::create_dir_all(&input).unwrap();
        let testdata = Path::new(env!("CARGO_MANIFEST_DIR")).join("testdata");
        fs::copy(testdata.join("formats/scene.jpg"), input.join("scene.jpg")).unwrap();
        fs::copy(testdata.join("broken/empty.jpg"), input.join("empty.jpg")).unwrap();

        let mut plan = Plan::new(vec![input], dir.path().join("out"));
        plan.sizes.truncate(1);
        plan.jobs = 1;
        let ui = Ui {
            quiet: true,
            progress: ProgressBar::hidden(),
        };
        let summary = run_plan(&plan, &Metrics::disabled(), &ui).unwrap();
        assert_eq!(
            (summary.written, summary.failed, summary.thumbnails),
            (1, 1, 1)
        );
        assert_eq!(summary.failures_by_reason.get("empty"), Some(&1));
        assert_eq!(exit_code(&summary), ExitCode::SomeFailed);
        let thumbnail = image::open(dir.path().join("out/scene_small.jpg")).unwrap();
        assert_eq!((thumbnail.width(), thumbnail.height()), (150, 100));
    }
}
