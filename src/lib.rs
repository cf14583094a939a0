//! `thumbctl`: thumbnails for whole directory trees (`resize`) and a traffic replayer (`load`),
//! both reporting to DogStatsD.

mod apm;
pub mod cli;
pub mod docs;
pub mod exit;
mod interrupt;
mod load;
mod logging;
pub mod metrics;
mod one_request;
mod report;
mod resize;
mod stdout;

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
    apm::init(&cli.global);
    metrics::prometheus::init(&cli.global.prometheus, &cli.global.metrics.tags);
    let quiet = cli.global.quiet;
    let code = match cli.command {
        cli::Command::Resize(args) => resize::run(&cli.global, args),
        cli::Command::Load(args) => load::run(&cli.global, args),
        cli::Command::Completions { shell } => {
            match stdout::print(docs::completion_script(shell)) {
                Ok(()) => ExitCode::Success,
                Err(code) => code,
            }
        }
        cli::Command::GenerateDocs { dir } => match docs::write_all(&dir) {
            Ok(()) => ExitCode::Success,
            Err(source) => exit::Error::Usage(Box::new(DocsError { dir, source })).report(),
        },
    };
    // Spans still buffered (load, or a run that ended before its summary) go out here, 2 s at most.
    logging::traces_at_exit(quiet);
    code
}
