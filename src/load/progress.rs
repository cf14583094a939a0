//! The live line on stderr while a phase runs: elapsed, requests sent, current rate, unexpected
//! outcomes, p99 so far. Drivers send a snapshot of their own figures at most every 250 ms; only
//! when the bar is drawn (stderr is a terminal and neither --quiet nor --no-progress).

use std::time::{Duration, Instant};

use hdrhistogram::Histogram;
use indicatif::{ProgressBar, ProgressStyle};
use tokio::sync::mpsc;

use super::stats::{new_latency_histogram, PhaseStats};

const FLUSH_EVERY: Duration = Duration::from_millis(250);

/// One driver's figures so far.
struct Snapshot {
    driver: usize,
    sent: u64,
    completed: u64,
    unexpected: u64,
    latency: Histogram<u64>,
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
        for step in &stats.steps {
            let _ = latency.add(&step.corrected);
            completed += step.requests;
            unexpected += step.unexpected;
        }
        let _ = self.sender.send(Snapshot {
            driver: self.driver,
            sent: stats.sent,
            completed,
            unexpected,
            latency,
        });
    }
}

/// The bar of one phase; `finish` clears it.
pub(crate) struct PhaseProgress {
    bar: ProgressBar,
    task: tokio::task::JoinHandle<()>,
}

impl PhaseProgress {
    pub(crate) fn start(phase: &str) -> (PhaseProgress, ProgressFeed) {
        let bar = ProgressBar::new_spinner();
        bar.set_style(
            ProgressStyle::with_template("{spinner} [{elapsed_precise}] {prefix}: {msg}")
                .expect("constant template"),
        );
        bar.set_prefix(phase.to_string());
        bar.enable_steady_tick(Duration::from_millis(120));
        let (sender, receiver) = mpsc::unbounded_channel();
        let task = tokio::spawn(follow(bar.clone(), receiver));
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

async fn follow(bar: ProgressBar, mut receiver: mpsc::UnboundedReceiver<Snapshot>) {
    let mut latest: Vec<Option<Snapshot>> = Vec::new();
    let mut previous: Option<(Instant, u64)> = None;
    while let Some(snapshot) = receiver.recv().await {
        let driver = snapshot.driver;
        if latest.len() <= driver {
            latest.resize_with(driver + 1, || None);
        }
        latest[driver] = Some(snapshot);
        let mut latency = new_latency_histogram();
        let (mut sent, mut completed, mut unexpected) = (0, 0, 0);
        for snapshot in latest.iter().flatten() {
            sent += snapshot.sent;
            completed += snapshot.completed;
            unexpected += snapshot.unexpected;
            let _ = latency.add(&snapshot.latency);
        }
        let now = Instant::now();
        let rate = match previous {
            Some((at, was)) if now.duration_since(at) >= Duration::from_millis(200) => {
                let rate =
                    (completed.saturating_sub(was)) as f64 / now.duration_since(at).as_secs_f64();
                previous = Some((now, completed));
                Some(rate)
            }
            Some(_) => None,
            None => {
                previous = Some((now, completed));
                None
            }
        };
        let p99 = if latency.is_empty() {
            "-".to_string()
        } else {
            format!("{:.1} ms", latency.value_at_quantile(0.99) as f64 / 1000.0)
        };
        let rate = rate.map_or(String::new(), |r| format!(", {r:.0}/s"));
        bar.set_message(format!(
            "{sent} sent, {completed} done{rate}, {unexpected} unexpected, p99 {p99}"
        ));
    }
}
