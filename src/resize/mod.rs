//! `thumbctl resize` (issue 2: being built).

use crate::cli::{GlobalArgs, ResizeArgs};
use crate::ExitCode;

pub fn run(_global: &GlobalArgs, _args: ResizeArgs) -> ExitCode {
    eprintln!("thumbctl resize: not built yet");
    ExitCode::Usage
}
