//! Which traces are kept, decided by thumbctl before a trace starts, the way Datadog's tracers
//! decide it for a sampling rule: `DD_TRACE_SAMPLE_RATE` (default 1: all) of the traces, under a
//! rate limit of `DD_TRACE_RATE_LIMIT` traces per second (default 100).
//!
//! Deciding first means a request whose trace is dropped starts no span at all (its headers say
//! priority -1, so the server drops it too): at 60 000 requests/s, a span per request, kept or
//! not, cost the load engine a third of its rate. The limiter is lock-free (one compare-exchange
//! per kept trace), as the engine's drivers call it for every request.

use std::sync::atomic::{AtomicU64, Ordering};
use std::time::Instant;

/// Datadog's default rate limit for rule-sampled traces.
const DEFAULT_RATE_LIMIT: f64 = 100.0;

pub(super) struct Sampler {
    /// Keep when `random < threshold` (`u64::MAX` keeps all).
    threshold: u64,
    limiter: Option<Limiter>,
}

impl Sampler {
    pub(super) fn from_env(env: &dyn Fn(&str) -> Option<String>) -> Sampler {
        let number = |name: &str| env(name).and_then(|v| v.trim().parse::<f64>().ok());
        let rate = number("DD_TRACE_SAMPLE_RATE")
            .filter(|r| (0.0..=1.0).contains(r))
            .unwrap_or(1.0);
        let limit = number("DD_TRACE_RATE_LIMIT")
            .filter(|l| *l >= 0.0)
            .unwrap_or(DEFAULT_RATE_LIMIT);
        Sampler::new(rate, limit)
    }

    fn new(rate: f64, per_second: f64) -> Sampler {
        let threshold = if rate >= 1.0 {
            u64::MAX
        } else {
            (rate * u64::MAX as f64) as u64
        };
        Sampler {
            threshold,
            limiter: (per_second > 0.0).then(|| Limiter::new(per_second)),
        }
    }

    pub(super) fn keep(&self, random: u64) -> bool {
        if self.threshold != u64::MAX && random >= self.threshold {
            return false;
        }
        self.limiter.as_ref().is_none_or(Limiter::allow)
    }
}

/// A generic cell rate limiter: `per_second` on average, with bursts of up to one second's worth.
struct Limiter {
    started: Instant,
    /// Nanoseconds between two traces.
    interval: u64,
    /// How far ahead of now the theoretical arrival time may run: one second.
    burst: u64,
    /// The theoretical arrival time of the next trace, in nanoseconds since `started`.
    next: AtomicU64,
}

impl Limiter {
    fn new(per_second: f64) -> Limiter {
        Limiter {
            started: Instant::now(),
            interval: (1e9 / per_second).max(1.0) as u64,
            burst: 1_000_000_000,
            next: AtomicU64::new(0),
        }
    }

    fn allow(&self) -> bool {
        let now = self.started.elapsed().as_nanos() as u64;
        let mut next = self.next.load(Ordering::Relaxed);
        loop {
            let after = next.max(now) + self.interval;
            if after > now + self.burst {
                return false;
            }
            match self
                .next
                .compare_exchange_weak(next, after, Ordering::Relaxed, Ordering::Relaxed)
            {
                Ok(_) => return true,
                Err(actual) => next = actual,
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_limiter_allows_a_second_of_traces_at_once_then_its_rate() {
        let sampler = Sampler::new(1.0, 100.0);
        let kept = (0..1000).filter(|i| sampler.keep(*i)).count();
        assert_eq!(kept, 100);
        std::thread::sleep(std::time::Duration::from_millis(105));
        let more = (0..1000).filter(|i| sampler.keep(*i)).count();
        assert!((9..=12).contains(&more), "{more}");
    }

    #[test]
    fn the_rate_keeps_its_share_and_zero_keeps_none() {
        let half = Sampler::new(0.5, 0.0);
        let kept = (0..10_000u64)
            .filter(|i| half.keep(i.wrapping_mul(0x9e37_79b9_7f4a_7c15)))
            .count();
        assert!((4_700..5_300).contains(&kept), "{kept}");
        let none = Sampler::new(0.0, 100.0);
        assert!(!(0..100u64).any(|i| none.keep(i)));
    }
}
