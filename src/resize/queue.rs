//! The sources not started yet, shared by the worker threads: largest decode first, within a
//! memory budget for the decodes that run at once.

use rayon::prelude::*;

use super::decode;
use super::discover::Source;
use super::error::SourceError;
use super::plan::Plan;

/// What the decodes running at once may hold, by `decode::memory_estimate`: enough
/// for the largest progressive photo of the corpus (89 MB) beside a mid-sized one, not for two
/// large ones, whose peak would pass libvips's on the same job.
pub(super) const DECODE_MEMORY_BUDGET: u64 = 150 << 20;

pub(super) type Job<'a> = (&'a Source, Option<SourceError>);

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
pub(super) struct JobQueue<T> {
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
pub(super) struct Reservation<'q, T> {
    queue: &'q JobQueue<T>,
    estimate: u64,
}

impl<T> Drop for Reservation<'_, T> {
    fn drop(&mut self) {
        self.queue.release(self.estimate);
    }
}

impl<'a> JobQueue<Job<'a>> {
    pub(super) fn for_sources(
        pool: &rayon::ThreadPool,
        plan: &Plan,
        jobs: Vec<Job<'a>>,
    ) -> JobQueue<Job<'a>> {
        let in_walk_order = plan.fail_fast || plan.dry_run;
        let estimates: Vec<u64> = if in_walk_order {
            vec![0; jobs.len()]
        } else {
            pool.install(|| {
                jobs.par_iter()
                    .map(|(source, _)| decode::memory_estimate(&source.path))
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
    pub(super) fn take(&self, stopping: impl Fn() -> bool) -> Option<(T, Reservation<'_, T>)> {
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

#[cfg(test)]
mod tests {
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
