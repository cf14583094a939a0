//! `thumbctl load` (issue 4: being built).

use crate::cli::{GlobalArgs, LoadArgs};
use crate::ExitCode;

pub fn run(_global: &GlobalArgs, _args: LoadArgs) -> ExitCode {
    eprintln!("thumbctl load: not built yet");
    ExitCode::Usage
}
