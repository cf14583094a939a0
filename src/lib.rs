//! `thumbctl`: thumbnails for whole directory trees (`resize`) and a traffic replayer (`load`),
//! both reporting to DogStatsD.

pub mod cli;
pub mod docs;
pub mod exit;
mod interrupt;
mod load;
mod logging;
pub mod metrics;
mod report;
// Public only until issue 13 part 4 (the decode split, on main): private, it shows
// `Thumbnailer::make` as used by tests alone.
pub mod resize;

pub use exit::ExitCode;

/// `generate-docs` could not write its files.
#[derive(Debug, thiserror::Error)]
#[error("cannot write docs under {}: {source}", dir.display())]
struct DocsError {
    dir: std::path::PathBuf,
    source: std::io::Error,
}

/// Runs one parsed command line and says how it ended.
pub fn run(cli: cli::Cli) -> ExitCode {
    logging::init(&cli.global);
    match cli.command {
        cli::Command::Resize(args) => resize::run(&cli.global, args),
        cli::Command::Load(args) => load::run(&cli.global, args),
        cli::Command::Completions { shell } => {
            use std::io::Write;
            let script = docs::completion_script(shell);
            match std::io::stdout().write_all(&script) {
                Ok(()) => ExitCode::Success,
                // A closed pipe (`thumbctl completions bash | head`) is not worth a message.
                Err(_) => ExitCode::SomeFailed,
            }
        }
        cli::Command::GenerateDocs { dir } => match docs::write_all(&dir) {
            Ok(()) => ExitCode::Success,
            Err(source) => exit::Error::Usage(Box::new(DocsError { dir, source })).report(),
        },
    }
}
