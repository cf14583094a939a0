//! Thin entry point: parse, dispatch, turn the outcome into an exit code.

use clap::Parser;
use thumbctl::cli::Cli;

fn main() -> std::process::ExitCode {
    let cli = Cli::parse();
    thumbctl::run(cli).into()
}
