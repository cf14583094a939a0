//! The process exit codes, in one place so the README, the man pages and the code agree; and the
//! errors that end a run before its report, said the one way (`error: <message>` on stderr).

/// How a `thumbctl` run ended, as the shell sees it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
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
    /// Every code, in numeric order, for the documentation.
    pub const ALL: [ExitCode; 5] = [
        ExitCode::Success,
        ExitCode::SomeFailed,
        ExitCode::Usage,
        ExitCode::GateFailed,
        ExitCode::Interrupted,
    ];

    /// What the code means, in one sentence, for the man pages.
    pub fn meaning(self) -> &'static str {
        match self {
            ExitCode::Success => "Everything asked for was done.",
            ExitCode::SomeFailed => {
                "The run went through but some inputs failed (broken images, failed requests), \
                 or a load target could not be reached."
            }
            ExitCode::Usage => {
                "Usage or setup error: bad flag value, missing input, unwritable --out, malformed \
                 URL or scenario file. Said before any work starts."
            }
            ExitCode::GateFailed => {
                "load finished but a CI gate (--max-error-rate, --max-p99, ...) was not met."
            }
            ExitCode::Interrupted => "Interrupted by Ctrl-C; the report so far was printed.",
        }
    }

    pub fn is_success(self) -> bool {
        self == ExitCode::Success
    }
}

/// An error of any layer that stops a run before it reports, by what it means for the exit code.
/// Each layer keeps its own error enum and says which kind it is (`From<ItsError> for Error`
/// beside it), so this module depends on no layer.
#[derive(Debug, thiserror::Error)]
pub(crate) enum Error {
    /// Bad flags, input or setup, said before any work starts.
    #[error(transparent)]
    Usage(Box<dyn std::error::Error + Send + Sync>),
    /// The run could not go on (a load target that cannot be reached, a driver that cannot start).
    #[error(transparent)]
    Run(Box<dyn std::error::Error + Send + Sync>),
}

impl From<&Error> for ExitCode {
    fn from(error: &Error) -> ExitCode {
        match error {
            Error::Usage(_) => ExitCode::Usage,
            Error::Run(_) => ExitCode::SomeFailed,
        }
    }
}

impl Error {
    /// Says the error on stderr, as `error: <message>` (the one prefix of every subcommand), and
    /// gives the exit code it means.
    pub(crate) fn report(self) -> ExitCode {
        crate::logging::error(&self);
        ExitCode::from(&self)
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
}
