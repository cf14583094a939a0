//! What can stop `load` before it reports: a plan that cannot be used (a usage error, said before
//! anything is sent) or a run that cannot go on (the target cannot be reached, a driver cannot
//! start). A request that fails is not an error here: it is counted in the report.

use std::path::PathBuf;
use std::time::Duration;

use super::scenario::{ScenarioError, ValueError};

/// The flags or the scenario cannot make a run: exit 2.
#[derive(Debug, thiserror::Error)]
pub(crate) enum PlanError {
    #[error(transparent)]
    Scenario(#[from] ScenarioError),
    #[error("{what} `{text}` is not a valid URL: {source}")]
    Url {
        what: &'static str,
        text: String,
        source: url::ParseError,
    },
    #[error("{what} `{text}` must be an http:// or https:// URL")]
    Scheme { what: &'static str, text: String },
    #[error("{what} `{text}` has no host")]
    NoHost { what: &'static str, text: String },
    /// `load url`'s method, path or body, checked as a scenario's would be.
    #[error(transparent)]
    Step(#[from] ValueError),
    #[error("cannot read directory {}: {source}", dir.display())]
    UploadDir {
        dir: PathBuf,
        source: std::io::Error,
    },
    #[error("no images in {} (looked for {looked_for})", dir.display())]
    NoImages { dir: PathBuf, looked_for: String },
    #[error("--path `{0}` must start with `/`")]
    UploadPath(String),
    /// The message names the header, never its value (a token).
    #[error("--header: {0}")]
    UploadHeader(String),
}

/// The run cannot go on: exit 1.
#[derive(Debug, thiserror::Error)]
pub(crate) enum RunError {
    #[error("cannot start the async runtime: {0}")]
    Runtime(std::io::Error),
    #[error("cannot reach {target}: connection refused by {address} (is the service running?)")]
    Refused { target: String, address: String },
    #[error("cannot reach {target} ({address}): {source}")]
    Connect {
        target: String,
        address: String,
        source: std::io::Error,
    },
    #[error(
        "cannot reach {target}: no TCP connection to {address} within {}",
        humantime::format_duration(*.within)
    )]
    ConnectTimeout {
        target: String,
        address: String,
        within: Duration,
    },
    #[error("cannot resolve {host}: {source}")]
    Resolve {
        host: String,
        source: std::io::Error,
    },
    #[error("{0} resolves to no address")]
    NoAddress(String),
    #[error("`{url}` is not a valid URL: {source}")]
    StepUrl {
        url: String,
        source: url::ParseError,
    },
    #[error("step `{step}`: `{url}` is not a valid URL: {source}")]
    RenderedUrl {
        step: String,
        url: String,
        source: url::ParseError,
    },
    #[error("cannot start a load driver: {0}")]
    Driver(std::io::Error),
    #[error("cannot start a load driver thread: {0}")]
    DriverThread(std::io::Error),
    #[error("a load driver failed")]
    DriverLost,
}

impl From<PlanError> for crate::exit::Error {
    fn from(error: PlanError) -> Self {
        crate::exit::Error::Usage(Box::new(error))
    }
}

impl From<RunError> for crate::exit::Error {
    fn from(error: RunError) -> Self {
        crate::exit::Error::Run(Box::new(error))
    }
}
