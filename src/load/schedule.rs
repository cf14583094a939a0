//! When each request of an open-model phase is due: at a constant rate, or along k6-style stages,
//! where the rate moves linearly from the previous stage's rate (0 before the first) to the
//! stage's own over its duration. Request `i` is due at the time the integral of the rate reaches
//! `i`, so a ramp keeps an exact schedule the way a constant rate does (`i / rate`).

use std::time::Duration;

use serde::{Deserialize, Serialize};

use super::scenario::{DurationText, ValueError};

/// One stage: over `duration`, the rate moves to `rate` requests per second.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, try_from = "StageSpec", into = "StageSpec")]
pub(crate) struct Stage {
    pub(crate) duration: Duration,
    pub(crate) rate: f64,
}

#[derive(Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct StageSpec {
    duration: DurationText,
    rate: f64,
}

impl TryFrom<StageSpec> for Stage {
    type Error = ValueError;
    fn try_from(spec: StageSpec) -> Result<Stage, ValueError> {
        crate::cli::stage_rate(spec.rate).map_err(ValueError::Text)?;
        Ok(Stage {
            duration: spec.duration.0,
            rate: spec.rate,
        })
    }
}

impl From<Stage> for StageSpec {
    fn from(stage: Stage) -> StageSpec {
        StageSpec {
            duration: DurationText(stage.duration),
            rate: stage.rate,
        }
    }
}

impl From<crate::cli::StageArg> for Stage {
    fn from(stage: crate::cli::StageArg) -> Stage {
        Stage {
            duration: stage.duration,
            rate: stage.rate,
        }
    }
}

/// Total length of stages.
pub(crate) fn total_duration(stages: &[Stage]) -> Duration {
    stages.iter().map(|s| s.duration).sum()
}

/// One stage with what the schedule needs: where it starts in time and in request numbers.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Segment {
    start: f64,
    length: f64,
    from_rate: f64,
    to_rate: f64,
    /// Requests due before the stage starts (the integral of the rate so far).
    before: f64,
}

impl Segment {
    fn requests(&self) -> f64 {
        (self.from_rate + self.to_rate) / 2.0 * self.length
    }

    /// Seconds into the segment at which `n` requests (counted from its start) are due.
    fn time_of(&self, n: f64) -> f64 {
        // The rate is r0 + (r1 - r0) t / D; its integral r0 t + a t^2 with a = (r1 - r0) / 2D.
        // t = 2n / (r0 + sqrt(r0^2 + 4 a n)): the root that is stable for a near 0 and a < 0.
        if n <= 0.0 {
            return 0.0;
        }
        let a = (self.to_rate - self.from_rate) / (2.0 * self.length);
        let discriminant = (self.from_rate * self.from_rate + 4.0 * a * n).max(0.0);
        let denominator = self.from_rate + discriminant.sqrt();
        if denominator <= 0.0 {
            return self.length;
        }
        (2.0 * n / denominator).min(self.length)
    }
}

/// The due times of an open-model phase.
#[derive(Debug, Clone)]
pub(crate) enum Schedule {
    Constant(f64),
    Stages(Vec<Segment>),
}

impl Schedule {
    pub(crate) fn stages(stages: &[Stage]) -> Schedule {
        let mut segments = Vec::with_capacity(stages.len());
        let (mut start, mut before, mut from_rate) = (0.0, 0.0, 0.0);
        for stage in stages {
            let segment = Segment {
                start,
                length: stage.duration.as_secs_f64(),
                from_rate,
                to_rate: stage.rate,
                before,
            };
            start += segment.length;
            before += segment.requests();
            from_rate = stage.rate;
            segments.push(segment);
        }
        Schedule::Stages(segments)
    }

    /// Seconds from the phase's start at which request `index` is due; None when the stages end
    /// before it.
    pub(crate) fn due(&self, index: u64) -> Option<f64> {
        let n = index as f64;
        match self {
            Schedule::Constant(rate) => Some(n / rate),
            Schedule::Stages(segments) => {
                // Few stages: a scan is cheaper than anything cleverer.
                let segment = segments
                    .iter()
                    .find(|s| n < s.before + s.requests() && s.requests() > 0.0)?;
                Some(segment.start + segment.time_of(n - segment.before))
            }
        }
    }

    /// Requests the schedule asks for in total (stages), or None (a constant rate runs on).
    pub(crate) fn total_requests(&self) -> Option<f64> {
        match self {
            Schedule::Constant(_) => None,
            Schedule::Stages(segments) => segments.last().map(|s| s.before + s.requests()),
        }
    }
}

/// Which stage a moment (seconds from the phase's start) falls in: the index of the first stage
/// that has not ended, or the last one.
pub(crate) fn stage_at(stages: &[Stage], seconds: f64) -> usize {
    let mut end = 0.0;
    for (index, stage) in stages.iter().enumerate() {
        end += stage.duration.as_secs_f64();
        if seconds < end {
            return index;
        }
    }
    stages.len().saturating_sub(1)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn stage(seconds: f64, rate: f64) -> Stage {
        Stage {
            duration: Duration::from_secs_f64(seconds),
            rate,
        }
    }

    /// How many requests are due before `t` seconds.
    fn due_before(schedule: &Schedule, t: f64) -> u64 {
        (0..)
            .take_while(|i| schedule.due(*i).is_some_and(|d| d < t))
            .count() as u64
    }

    #[test]
    fn a_ramp_follows_the_integral_of_the_rate() {
        // 0 -> 100/s over 2 s (100 requests), 100/s for 1 s, 100 -> 0 over 2 s (100 requests).
        let schedule = Schedule::stages(&[stage(2.0, 100.0), stage(1.0, 100.0), stage(2.0, 0.0)]);
        assert_eq!(schedule.total_requests(), Some(300.0));
        assert_eq!(schedule.due(0), Some(0.0));
        // The integral 25 t^2 reaches 25 at t = 1.
        assert!((schedule.due(25).unwrap() - 1.0).abs() < 1e-9);
        assert!((schedule.due(150).unwrap() - 2.5).abs() < 1e-9);
        // On the way down: 100 t - 25 t^2 reaches 75 at t = 1, so 275 is due at 4 s.
        assert!((schedule.due(275).unwrap() - 4.0).abs() < 1e-9);
        assert!(schedule.due(299).unwrap() < 5.0);
        assert_eq!(schedule.due(300), None);
        assert_eq!(due_before(&schedule, 1.0), 25);
        assert_eq!(due_before(&schedule, 3.0), 200);
        // Due times never go backwards.
        let times: Vec<f64> = (0..300).map(|i| schedule.due(i).unwrap()).collect();
        assert!(times.windows(2).all(|w| w[0] <= w[1]));
    }

    #[test]
    fn a_stage_at_rate_zero_sends_nothing_and_the_next_one_resumes() {
        let schedule = Schedule::stages(&[
            stage(1.0, 10.0),
            stage(1.0, 0.0),
            stage(1.0, 0.0),
            stage(1.0, 20.0),
        ]);
        // 5 up, 5 down, none, 10 up.
        assert_eq!(schedule.total_requests(), Some(20.0));
        assert_eq!(due_before(&schedule, 2.0), 10);
        assert_eq!(due_before(&schedule, 3.0), 10);
        assert!(schedule.due(10).unwrap() >= 3.0);
        assert_eq!(stage_at(&[stage(1.0, 1.0), stage(2.0, 1.0)], 2.5), 1);
        assert_eq!(stage_at(&[stage(1.0, 1.0), stage(2.0, 1.0)], 9.0), 1);
    }

    #[test]
    fn a_constant_rate_is_i_over_rate() {
        assert_eq!(Schedule::Constant(4.0).due(10), Some(2.5));
        assert_eq!(Schedule::Constant(4.0).total_requests(), None);
    }
}
