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
pub mod decode;
pub mod discover;
pub mod encode;
pub mod error;
mod jpeg_turbo;
pub mod plan;
mod png_stream;
pub mod report;
pub mod thumbnail;

use std::fs;
use std::io::{IsTerminal, Write};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Instant, SystemTime};

use image::metadata::Orientation;
use image::DynamicImage;
use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use rayon::prelude::*;

use crate::cli::{GlobalArgs, ResizeArgs};
use crate::exit::Error;
use crate::metrics::{Metrics, SourceStatus};
use crate::{interrupt, ExitCode};

use decode::{decode_source, probe_source, DecodeRequest};
use discover::{discover_sources, find_collisions, in_shard, shard_key, Source};
use error::SourceError;
use plan::Plan;
use report::{Outcome, OutputReport, RunSummary, SourceReport};
use thumbnail::{target_dimensions, Thumbnailer};

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
    match run_plan(&plan, &metrics, &ui) {
        Ok(summary) => exit_code(&summary),
        Err(err) => Error::from(err).report(),
    }
}

/// What the decodes running at once may hold, by `jpeg_turbo::decode_memory_estimate`: enough
/// for the largest progressive photo of the corpus (89 MB) beside a mid-sized one, not for two
/// large ones, whose peak would pass libvips's on the same job.
const DECODE_MEMORY_BUDGET: u64 = 150 << 20;

type Job<'a> = (&'a Source, Option<SourceError>);

/// How often a worker waiting for memory looks again at Ctrl-C and `--fail-fast`: the Ctrl-C
/// handler cannot wake the waiters itself.
const STOP_POLL: std::time::Duration = std::time::Duration::from_millis(50);

/// The sources not started yet, shared by the worker threads (one lock per source).
///
/// Largest decode first, so a big photo is not left for the end while the other cores idle; and
/// a source whose decode would take the memory in flight past `DECODE_MEMORY_BUDGET` waits while
/// smaller ones go ahead, so peak memory stays flat however many sources there are. A source
/// larger than the whole budget still runs, alone. `--fail-fast` and `--dry-run` keep the walk
/// order, so where a run stops does not depend on file sizes.
struct JobQueue<T> {
    state: std::sync::Mutex<QueueState<T>>,
    finished: std::sync::Condvar,
    budget: u64,
}

struct QueueState<T> {
    /// (estimated decode memory, job), largest first.
    pending: std::collections::VecDeque<(u64, T)>,
    in_flight: u64,
}

/// The memory a job holds while it runs. Dropping it gives the memory back and wakes the waiting
/// workers, also when the worker returns early or panics, so a waiter is never left blocked.
#[must_use = "the budget is released when this is dropped"]
struct Reservation<'q, T> {
    queue: &'q JobQueue<T>,
    estimate: u64,
}

impl<T> Drop for Reservation<'_, T> {
    fn drop(&mut self) {
        self.queue.release(self.estimate);
    }
}

impl<'a> JobQueue<Job<'a>> {
    fn for_sources(pool: &rayon::ThreadPool, plan: &Plan, jobs: Vec<Job<'a>>) -> JobQueue<Job<'a>> {
        let in_walk_order = plan.fail_fast || plan.dry_run;
        let estimates: Vec<u64> = if in_walk_order {
            vec![0; jobs.len()]
        } else {
            pool.install(|| {
                jobs.par_iter()
                    .map(|(source, _)| jpeg_turbo::decode_memory_estimate(&source.path))
                    .collect()
            })
        };
        JobQueue::new(
            estimates.into_iter().zip(jobs).collect(),
            DECODE_MEMORY_BUDGET,
        )
    }
}

impl<T> JobQueue<T> {
    fn new(mut pending: Vec<(u64, T)>, budget: u64) -> JobQueue<T> {
        // Stable: equal estimates (all of them in walk order) keep their order.
        pending.sort_by_key(|job| std::cmp::Reverse(job.0));
        JobQueue {
            state: std::sync::Mutex::new(QueueState {
                pending: pending.into(),
                in_flight: 0,
            }),
            finished: std::sync::Condvar::new(),
            budget,
        }
    }

    /// The state, also after a panic elsewhere: the lock is never held across a job, so the
    /// counts are always consistent.
    fn lock(&self) -> std::sync::MutexGuard<'_, QueueState<T>> {
        self.state
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
    }

    /// The largest pending job that fits the memory budget now, waiting for one to finish when
    /// none does; with nothing in flight, the largest job whatever its size. Once `stopping`
    /// returns true, jobs are handed out at once and hold no memory (they will not be decoded).
    /// `None` when every job has been handed out.
    fn take(&self, stopping: impl Fn() -> bool) -> Option<(T, Reservation<'_, T>)> {
        let mut state = self.lock();
        loop {
            if state.pending.is_empty() {
                return None;
            }
            let fits = if stopping() {
                Some((0, false))
            } else if state.in_flight == 0 {
                Some((0, true))
            } else {
                let room = self.budget.saturating_sub(state.in_flight);
                state
                    .pending
                    .iter()
                    .position(|job| job.0 <= room)
                    .map(|index| (index, true))
            };
            if let Some((index, reserve)) = fits {
                let (estimate, job) = state.pending.remove(index).expect("index in range");
                let estimate = if reserve { estimate } else { 0 };
                state.in_flight += estimate;
                let reservation = Reservation {
                    queue: self,
                    estimate,
                };
                return Some((job, reservation));
            }
            state = self
                .finished
                .wait_timeout(state, STOP_POLL)
                .unwrap_or_else(std::sync::PoisonError::into_inner)
                .0;
        }
    }

    fn release(&self, estimate: u64) {
        if estimate == 0 {
            return;
        }
        let mut state = self.lock();
        state.in_flight = state.in_flight.saturating_sub(estimate);
        drop(state);
        self.finished.notify_all();
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
}

impl From<SetupError> for Error {
    fn from(error: SetupError) -> Self {
        Error::Usage(Box::new(error))
    }
}

/// Runs a checked plan. Returns the totals, or a setup error if nothing could start.
pub fn run_plan(plan: &Plan, metrics: &Metrics, ui: &Ui) -> Result<RunSummary, SetupError> {
    let started = Instant::now();
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
    for (path, problem) in discovery.problems {
        if plan
            .shard
            .is_none_or(|shard| shard.contains(&shard_key(&path)))
        {
            let report = SourceReport::failed(path, problem);
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

    // Before any worker thread exists: the settings apply to the whole process.
    allocator::tune_for_decodes((DECODE_MEMORY_BUDGET as usize).next_multiple_of(32 << 20));
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
                let mut worker = Worker::new(metrics.clone());
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
    summary.metrics = metrics.finish();
    if plan.json {
        print_stdout_line(&report::summary_json(&summary).to_string());
    }
    if !ui.quiet {
        eprintln!("{}", report::summary_text(&summary));
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
    if let Some(line) = report::error_line(report) {
        ui.progress.suspend(|| eprintln!("{line}"));
    }
    if plan.json {
        print_stdout_line(&report::source_json(report).to_string());
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

/// The per-thread state of the pipeline: the resizer's scratch buffers and an encode buffer,
/// reused from one source to the next.
struct Worker {
    thumbnailer: Thumbnailer,
    encoded: Vec<u8>,
    metrics: Metrics,
}

impl Worker {
    fn new(metrics: Metrics) -> Worker {
        Worker {
            thumbnailer: Thumbnailer::new(),
            encoded: Vec::new(),
            metrics,
        }
    }

    fn process(&mut self, plan: &Plan, source: &Source) -> SourceReport {
        let started = Instant::now();
        let mut report = SourceReport::new(source.path.clone(), Outcome::Written);
        let result = self.make_thumbnails(plan, source, &mut report);
        report.elapsed = started.elapsed();
        if let Err(error) = result {
            report.outcome = Outcome::Failed;
            report.error = Some(error);
        }
        tracing::debug!(
            path = %source.path.display(),
            outcome = report.outcome.name(),
            elapsed_ms = report.elapsed.as_secs_f64() * 1e3,
            "source done"
        );
        report
    }

    fn make_thumbnails(
        &mut self,
        plan: &Plan,
        source: &Source,
        report: &mut SourceReport,
    ) -> Result<(), SourceError> {
        let metadata = fs::metadata(&source.path).map_err(SourceError::Read)?;
        if !metadata.is_file() {
            // A FIFO or device named on the command line would block or never end.
            return Err(SourceError::Unsupported("not a regular file".into()));
        }
        report.source_bytes = metadata.len();
        if !plan.force {
            if let Ok(source_modified) = metadata.modified() {
                if outputs_up_to_date(plan, source, source_modified) {
                    report.outcome = Outcome::Skipped;
                    return Ok(());
                }
            }
        }
        if plan.dry_run {
            return plan_outputs(plan, source, report);
        }

        let request = DecodeRequest {
            needed_box: plan.largest_box(),
            fit: plan.fit,
            max_pixels: plan.max_pixels,
        };
        let decoded = decode_source(&source.path, &request)?;
        report.source_bytes = decoded.source_bytes;
        report.dimensions = Some(decoded.info.display_dimensions());
        let format = plan.format.resolve(decoded.info.has_alpha);
        let info = decoded.info;
        // Largest size first: each smaller size is resized from the smallest thumbnail already
        // made that is still at least CASCADE_MARGIN times its size (a proper Lanczos3 filter
        // at every step), instead of from the whole decode again.
        let mut order: Vec<usize> = (0..plan.sizes.len()).collect();
        order.sort_by_key(|&index| {
            let spec = &plan.sizes[index];
            std::cmp::Reverse(u64::from(spec.width) * u64::from(spec.height))
        });
        let mut made: Vec<(usize, DynamicImage)> = Vec::with_capacity(order.len());
        let mut outputs: Vec<(usize, OutputReport)> = Vec::with_capacity(order.len());
        for &index in &order {
            let spec = &plan.sizes[index];
            let thumbnail_started = Instant::now();
            let target = thumbnail::stored_target(&info, spec, plan.fit, plan.enlarge);
            let from = made
                .iter()
                .rev()
                .find(|(made_index, image)| {
                    cascades_to(plan, &plan.sizes[*made_index], spec, image, target)
                })
                .map_or(&decoded.pixels, |(_, image)| image);
            let stored = self
                .thumbnailer
                .make_stored(from, &info, spec, plan.fit, plan.enlarge)
                .map_err(|message| SourceError::EncodeFailed {
                    size: spec.name.clone(),
                    message,
                })?;
            let upright = if info.orientation == Orientation::NoTransforms {
                None
            } else {
                let mut upright = stored.clone();
                upright.apply_orientation(info.orientation);
                Some(upright)
            };
            let thumbnail = upright.as_ref().unwrap_or(&stored);
            encode::encode_thumbnail(
                thumbnail,
                format,
                plan.jpeg_quality,
                decoded.icc_profile.as_deref(),
                &mut self.encoded,
            )
            .map_err(|message| SourceError::EncodeFailed {
                size: spec.name.clone(),
                message,
            })?;
            let path = plan.output_path(&source.relative, spec, format);
            encode::write_atomically(&path, &self.encoded).map_err(|error| SourceError::Write {
                path: path.clone(),
                error,
            })?;
            let bytes = self.encoded.len() as u64;
            self.metrics.thumbnail_generated(
                &spec.name,
                format.name(),
                thumbnail_started.elapsed(),
                bytes,
            );
            outputs.push((
                index,
                OutputReport {
                    size: spec.name.clone(),
                    path,
                    width: thumbnail.width(),
                    height: thumbnail.height(),
                    bytes,
                    format: format.name(),
                },
            ));
            made.push((index, stored));
        }
        outputs.sort_by_key(|(index, _)| *index);
        report
            .outputs
            .extend(outputs.into_iter().map(|(_, output)| output));
        Ok(())
    }
}

/// A smaller thumbnail is made from a larger one when it is at least `CASCADE_MARGIN` times
/// the size in both directions (a little under 2, so 800x451 still feeds 400x226) and shows the same part of the image (always for `contain`; for
/// `cover` only when both boxes have the same shape, so the crop is the same).
const CASCADE_MARGIN: f64 = 1.9;

fn cascades_to(
    plan: &Plan,
    larger_spec: &plan::ThumbnailSpec,
    spec: &plan::ThumbnailSpec,
    larger: &DynamicImage,
    target: (u32, u32),
) -> bool {
    let same_view = match plan.fit {
        plan::Fit::Contain => true,
        plan::Fit::Cover => {
            u64::from(larger_spec.width) * u64::from(spec.height)
                == u64::from(larger_spec.height) * u64::from(spec.width)
        }
    };
    same_view
        && f64::from(larger.width()) >= CASCADE_MARGIN * f64::from(target.0)
        && f64::from(larger.height()) >= CASCADE_MARGIN * f64::from(target.1)
}

/// `--dry-run`: read the header only, and list the outputs with their dimensions.
fn plan_outputs(
    plan: &Plan,
    source: &Source,
    report: &mut SourceReport,
) -> Result<(), SourceError> {
    let info = probe_source(&source.path, plan.max_pixels)?;
    let display = info.display_dimensions();
    report.outcome = Outcome::Planned;
    report.dimensions = Some(display);
    let format = plan.format.resolve(info.has_alpha);
    for spec in &plan.sizes {
        let (width, height) =
            target_dimensions(display, (spec.width, spec.height), plan.fit, plan.enlarge);
        report.outputs.push(OutputReport {
            size: spec.name.clone(),
            path: plan.output_path(&source.relative, spec, format),
            width,
            height,
            bytes: 0,
            format: format.name(),
        });
    }
    Ok(())
}

/// True when every size has an output (in any format the source may be written in) that is not
/// older than the source: re-running over an unchanged tree costs a few `stat` calls per file.
fn outputs_up_to_date(plan: &Plan, source: &Source, source_modified: SystemTime) -> bool {
    plan.sizes.iter().all(|spec| {
        plan.format.candidates().iter().any(|&format| {
            is_not_older(
                &plan.output_path(&source.relative, spec, format),
                source_modified,
            )
        })
    })
}

fn is_not_older(path: &Path, than: SystemTime) -> bool {
    fs::metadata(path)
        .and_then(|metadata| metadata.modified())
        .is_ok_and(|modified| modified >= than)
}

#[cfg(test)]
mod tests {
    use super::*;

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

#[cfg(test)]
mod queue_tests {
    use super::*;
    use std::sync::mpsc;
    use std::time::Duration;

    /// Runs `take` on another thread; `None` if it is still blocked after a generous while (a
    /// hang detector, not a timing measurement).
    fn take_elsewhere(
        queue: &std::sync::Arc<JobQueue<&'static str>>,
        stopping: bool,
    ) -> Option<Option<&'static str>> {
        let (sender, receiver) = mpsc::channel();
        let queue = std::sync::Arc::clone(queue);
        std::thread::spawn(move || {
            let taken = queue.take(|| stopping).map(|(job, reservation)| {
                drop(reservation);
                job
            });
            let _ = sender.send(taken);
        });
        receiver.recv_timeout(Duration::from_secs(20)).ok()
    }

    #[test]
    fn largest_first_and_a_job_larger_than_the_budget_runs_alone() {
        let queue = JobQueue::new(vec![(10, "small"), (500, "huge"), (60, "mid")], 100);
        let (job, huge) = queue.take(|| false).unwrap();
        assert_eq!(job, "huge");
        // With the huge one in flight nothing else fits: only a release lets the next one go.
        assert_eq!(queue.lock().in_flight, 500);
        drop(huge);
        let (job, mid) = queue.take(|| false).unwrap();
        assert_eq!(job, "mid");
        let (job, small) = queue.take(|| false).unwrap();
        assert_eq!(job, "small");
        assert_eq!(queue.lock().in_flight, 70);
        drop((mid, small));
        assert_eq!(queue.lock().in_flight, 0);
        assert!(queue.take(|| false).is_none());
    }

    #[test]
    fn a_panicking_worker_gives_its_budget_back() {
        let queue = std::sync::Arc::new(JobQueue::new(vec![(80, "first"), (70, "second")], 100));
        let holder = std::sync::Arc::clone(&queue);
        let panicked = std::thread::spawn(move || {
            let (_job, _reservation) = holder.take(|| false).unwrap();
            panic!("worker dies while holding the budget");
        })
        .join();
        assert!(panicked.is_err());
        assert_eq!(take_elsewhere(&queue, false), Some(Some("second")));
        assert_eq!(queue.lock().in_flight, 0);
    }

    #[test]
    fn a_waiter_is_woken_by_a_release_and_by_a_stop() {
        let queue = std::sync::Arc::new(JobQueue::new(
            vec![(80, "first"), (70, "second"), (60, "third")],
            100,
        ));
        let (_, first) = queue.take(|| false).unwrap();
        // Stopping (Ctrl-C, --fail-fast) hands the job out at once, holding no memory.
        assert_eq!(take_elsewhere(&queue, true), Some(Some("second")));
        assert_eq!(queue.lock().in_flight, 80);
        let waiter = {
            let queue = std::sync::Arc::clone(&queue);
            std::thread::spawn(move || queue.take(|| false).map(|(job, _)| job))
        };
        drop(first);
        assert_eq!(waiter.join().unwrap(), Some("third"));
        assert_eq!(take_elsewhere(&queue, false), Some(None));
    }
}
