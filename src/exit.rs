//! The process exit codes, in one place so the README, the man pages and the code agree.

/// How a `thumbctl` run ended, as the shell sees it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum ExitCode {
    /// 0: everything asked for was done.
    Success,
    /// 1: the run went through, but some inputs failed (broken images, requests that could not be sent).
    SomeFailed,
    /// 2: bad flag value, missing input, unusable output folder: said before any work starts.
    Usage,
    /// 3: `load` finished but a CI gate (`--max-error-rate`, `--max-p99`, ...) was not met.
    GateFailed,
    /// 130: interrupted by Ctrl-C (128 + SIGINT), after printing the report so far.
    Interrupted,
}

impl ExitCode {
    /// The more serious of two outcomes: an interruption outranks a usage error, which outranks
    /// a failed gate, which outranks partial failure.
    pub fn merge(self, other: ExitCode) -> ExitCode {
        fn rank(code: ExitCode) -> u8 {
            match code {
                ExitCode::Success => 0,
                ExitCode::SomeFailed => 1,
                ExitCode::GateFailed => 2,
                ExitCode::Usage => 3,
                ExitCode::Interrupted => 4,
            }
        }
        if rank(other) > rank(self) {
            other
        } else {
            self
        }
    }

    pub fn is_success(self) -> bool {
        self == ExitCode::Success
    }
}

impl From<ExitCode> for i32 {
    fn from(code: ExitCode) -> i32 {
        match code {
            ExitCode::Success => 0,
            ExitCode::SomeFailed => 1,
            ExitCode::Usage => 2,
            ExitCode::GateFailed => 3,
            ExitCode::Interrupted => 130,
        }
    }
}

impl From<ExitCode> for std::process::ExitCode {
    fn from(code: ExitCode) -> std::process::ExitCode {
        // Every value fits in a u8 by construction.
        std::process::ExitCode::from(i32::from(code) as u8)
    }
}

#[cfg(test)]
mod tests {
    use super::ExitCode::*;

    #[test]
    fn numbers_are_the_documented_ones() {
        assert_eq!(i32::from(Success), 0);
        assert_eq!(i32::from(SomeFailed), 1);
        assert_eq!(i32::from(Usage), 2);
        assert_eq!(i32::from(GateFailed), 3);
        assert_eq!(i32::from(Interrupted), 130);
    }

    #[test]
    fn merge_keeps_the_most_serious() {
        assert_eq!(Success.merge(Success), Success);
        assert_eq!(Success.merge(SomeFailed), SomeFailed);
        assert_eq!(SomeFailed.merge(Success), SomeFailed);
        assert_eq!(SomeFailed.merge(GateFailed), GateFailed);
        assert_eq!(GateFailed.merge(Usage), Usage);
        assert_eq!(Usage.merge(Interrupted), Interrupted);
        assert_eq!(Interrupted.merge(SomeFailed), Interrupted);
    }
}
