//! The live panel on stderr while a phase runs, for long runs watched on a terminal (`sustained
//! 300s` in a workshop): requests per second over the last seconds against the target rate, p50
//! and p99 over the last seconds and over the whole phase, outcome counts, and the current stage
//! of a ramp. Drawn only when stderr is a terminal, `CI` is not set, and neither --quiet nor
//! --no-progress is given; the final report on stdout is the same either way.
//!
//! Drivers send a snapshot of their own cumulative figures at most every 250 ms (off the request
//! path: a few histogram additions); the panel keeps one merged snapshot a second and shows the
//! difference between the newest and the one from `WINDOW` ago.

use std::collections::{BTreeMap, VecDeque};
use std::time::{Duration, Instant};

use hdrhistogram::Histogram;
use indicatif::{ProgressBar, ProgressStyle};
use tokio::sync::mpsc;

use super::schedule::{self, Stage};
use super::stats::{new_latency_histogram, PhaseStats};

const FLUSH_EVERY: Duration = Duration::from_millis(250);
/// "The last seconds" of the panel.
const WINDOW: Duration = Duration::from_secs(5);

/// Whether the panel may be drawn: a terminal, not CI, not silenced.
pub(crate) fn wanted(quiet: bool, no_progress: bool) -> bool {
    use std::io::IsTerminal;
    !quiet && !no_progress && std::env::var_os("CI").is_none() && std::io::stderr().is_terminal()
}

/// One driver's figures so far.
struct Snapshot {
    driver: usize,
    sent: u64,
    completed: u64,
    unexpected: u64,
    latency: Histogram<u64>,
    /// Status code or error kind -> count.
    outcomes: BTreeMap<String, u64>,
}

/// The driver's end of the progress channel.
#[derive(Clone)]
pub(crate) struct ProgressFeed {
    driver: usize,
    sender: mpsc::UnboundedSender<Snapshot>,
    last_flush: Instant,
}

impl ProgressFeed {
    /// Gives each driver its own identity.
    pub(crate) fn for_driver(&self, driver: usize) -> ProgressFeed {
        ProgressFeed {
            driver,
            ..self.clone()
        }
    }

    pub(crate) fn maybe_flush(&mut self, stats: &PhaseStats) {
        if self.last_flush.elapsed() >= FLUSH_EVERY {
            self.flush(stats);
        }
    }

    pub(crate) fn flush(&mut self, stats: &PhaseStats) {
        self.last_flush = Instant::now();
        let mut latency = new_latency_histogram();
        let (mut completed, mut unexpected) = (0, 0);
        let mut outcomes = BTreeMap::new();
        for step in &stats.steps {
            let _ = latency.add(&step.corrected);
            completed += step.requests;
            unexpected += step.unexpected;
            for (status, count) in step.statuses() {
                *outcomes.entry(status.to_string()).or_default() += count;
            }
            for (kind, count) in step.errors() {
                *outcomes.entry(kind.name().to_string()).or_default() += count;
            }
        }
        let _ = self.sender.send(Snapshot {
            driver: self.driver,
            sent: stats.sent,
            completed,
            unexpected,
            latency,
            outcomes,
        });
    }
}

/// What the panel says about pacing.
#[derive(Debug, Clone)]
pub(crate) enum Target {
    /// Closed loop: no target rate.
    None,
    Rate(f64),
    Stages(Vec<Stage>),
}

impl Target {
    /// The rate asked for `elapsed` into the phase, and "stage 2/3" for a ramp.
    fn at(&self, elapsed: Duration) -> (Option<f64>, Option<String>) {
        match self {
            Target::None => (None, None),
            Target::Rate(rate) => (Some(*rate), None),
            Target::Stages(stages) => {
                let seconds = elapsed.as_secs_f64();
                let index = schedule::stage_at(stages, seconds);
                let start: f64 = stages[..index]
                    .iter()
                    .map(|s| s.duration.as_secs_f64())
                    .sum();
                let from = if index == 0 {
                    0.0
                } else {
                    stages[index - 1].rate
                };
                let stage = stages[index];
                let into = ((seconds - start) / stage.duration.as_secs_f64()).clamp(0.0, 1.0);
                let rate = from + (stage.rate - from) * into;
                let label = format!(
                    "stage {}/{} ({}/s -> {}/s over {})",
                    index + 1,
                    stages.len(),
                    from,
                    stage.rate,
                    humantime::format_duration(stage.duration)
                );
                (Some(rate), Some(label))
            }
        }
    }
}

/// The panel of one phase; `finish` clears it.
pub(crate) struct PhaseProgress {
    bar: ProgressBar,
    task: tokio::task::JoinHandle<()>,
}

impl PhaseProgress {
    pub(crate) fn start(phase: &str, target: Target) -> (PhaseProgress, ProgressFeed) {
        let bar = ProgressBar::new_spinner();
        bar.set_style(
            ProgressStyle::with_template("{spinner} [{elapsed_precise}] {prefix}: {msg}")
                .expect("constant template"),
        );
        bar.set_prefix(phase.to_string());
        bar.enable_steady_tick(Duration::from_millis(120));
        let (sender, receiver) = mpsc::unbounded_channel();
        let task = tokio::spawn(follow(bar.clone(), receiver, target));
        let feed = ProgressFeed {
            driver: 0,
            sender,
            last_flush: Instant::now(),
        };
        (PhaseProgress { bar, task }, feed)
    }

    pub(crate) async fn finish(self) {
        // The drivers' feeds are dropped by now, so the task ends once the channel is drained.
        let _ = self.task.await;
        self.bar.finish_and_clear();
    }
}

/// All drivers merged, at one moment.
struct Merged {
    at: Instant,
    completed: u64,
    latency: Histogram<u64>,
}

fn ms(micros: u64) -> String {
    format!("{:.1} ms", micros as f64 / 1000.0)
}

fn percentiles(histogram: &Histogram<u64>) -> String {
    if histogram.is_empty() {
        "-".to_string()
    } else {
        format!(
            "p50 {}, p99 {}",
            ms(histogram.value_at_quantile(0.5)),
            ms(histogram.value_at_quantile(0.99))
        )
    }
}

async fn follow(bar: ProgressBar, mut receiver: mpsc::UnboundedReceiver<Snapshot>, target: Target) {
    let started = Instant::now();
    let mut latest: Vec<Option<Snapshot>> = Vec::new();
    let mut history: VecDeque<Merged> = VecDeque::new();
    while let Some(snapshot) = receiver.recv().await {
        let driver = snapshot.driver;
        if latest.len() <= driver {
            latest.resize_with(driver + 1, || None);
        }
        latest[driver] = Some(snapshot);
        let now = Instant::now();
        let mut latency = new_latency_histogram();
        let (mut sent, mut completed, mut unexpected) = (0, 0, 0);
        let mut outcomes: BTreeMap<&str, u64> = BTreeMap::new();
        for snapshot in latest.iter().flatten() {
            sent += snapshot.sent;
            completed += snapshot.completed;
            unexpected += snapshot.unexpected;
            let _ = latency.add(&snapshot.latency);
            for (what, count) in &snapshot.outcomes {
                *outcomes.entry(what).or_default() += count;
            }
        }
        // One merged snapshot a second, back to WINDOW ago.
        if history
            .back()
            .is_none_or(|last| now.duration_since(last.at) >= Duration::from_secs(1))
        {
            history.push_back(Merged {
                at: now,
                completed,
                latency: latency.clone(),
            });
        }
        while history.len() > 2 && now.duration_since(history[1].at) >= WINDOW {
            history.pop_front();
        }
        let oldest = history.front().expect("pushed above");
        let span = now.duration_since(oldest.at);
        let (rate, recent) = if span >= Duration::from_millis(500) {
            let mut recent = latency.clone();
            // Both are cumulative, so the newer one holds every value of the older one.
            let _ = recent.subtract(&oldest.latency);
            (
                Some((completed - oldest.completed) as f64 / span.as_secs_f64()),
                Some(recent),
            )
        } else {
            (None, None)
        };
        let (target_rate, stage) = target.at(now.duration_since(started));
        let mut panel = format!("{sent} sent, {completed} done, {unexpected} unexpected");
        if let Some(stage) = stage {
            panel.push_str(&format!(", {stage}"));
        }
        let window = humantime::format_duration(WINDOW);
        panel.push_str(&format!(
            "\n  rate     {} over the last {window}{}",
            rate.map_or("-".to_string(), |r| format!("{r:.1}/s")),
            target_rate.map_or(String::new(), |t| format!(", target {t:.1}/s"))
        ));
        panel.push_str(&format!(
            "\n  latency  last {window}: {}; whole phase: {}",
            recent.as_ref().map_or("-".to_string(), percentiles),
            percentiles(&latency)
        ));
        let outcomes: Vec<String> = outcomes
            .iter()
            .map(|(what, count)| format!("{what} x{count}"))
            .collect();
        panel.push_str(&format!("\n  outcomes {}", outcomes.join(", ")));
        bar.set_message(panel);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_target_follows_the_ramp() {
        let stages = vec![
            Stage {
                duration: Duration::from_secs(10),
                rate: 100.0,
            },
            Stage {
                duration: Duration::from_secs(10),
                rate: 0.0,
            },
        ];
        let target = Target::Stages(stages);
        let (rate, label) = target.at(Duration::from_secs(5));
        assert_eq!(rate, Some(50.0));
        assert_eq!(label.unwrap(), "stage 1/2 (0/s -> 100/s over 10s)");
        let (rate, label) = target.at(Duration::from_secs(15));
        assert_eq!(rate, Some(50.0));
        assert!(label.unwrap().starts_with("stage 2/2 (100/s -> 0/s"));
        assert_eq!(Target::Rate(7.0).at(Duration::ZERO).0, Some(7.0));
        assert_eq!(Target::None.at(Duration::ZERO), (None, None));
    }
}
