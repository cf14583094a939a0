//! What a user may type: the clap definitions of every subcommand. The man pages and shell
//! completions are generated from these same types.
//!
//! Each subcommand's flags live in a file of their own (`resize.rs`, `load.rs`); the flags every
//! subcommand shares (logging, progress, metrics) live here and in `metrics.rs`.

mod load;
mod metrics;
mod resize;

pub use load::*;
pub use metrics::*;
pub use resize::*;

use clap::{Args, Parser, Subcommand, ValueEnum};

#[derive(Debug, Parser)]
#[command(
    name = "thumbctl",
    version,
    about = "Thumbnails for whole directory trees, and a traffic replayer, both reporting to DogStatsD",
    propagate_version = true,
    max_term_width = 100
)]
pub struct Cli {
    #[command(flatten)]
    pub global: GlobalArgs,

    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Turn files and directory trees of images into thumbnails, in parallel.
    Resize(ResizeArgs),
    /// Replay scenario traffic against a running web service.
    Load(LoadArgs),
    /// Print a shell completion script (bash, zsh, fish, powershell, elvish) to stdout.
    Completions {
        #[arg(value_enum)]
        shell: clap_complete::Shell,
    },
    /// Write the man pages and completion scripts under DIR/man and DIR/completions (for maintainers).
    #[command(hide = true)]
    GenerateDocs {
        #[arg(default_value = ".", value_name = "DIR")]
        dir: std::path::PathBuf,
    },
}

/// Flags every subcommand understands.
#[derive(Debug, Clone, Args)]
pub struct GlobalArgs {
    /// More log output on stderr: -v for debug, -vv for trace. RUST_LOG, when set, wins.
    #[arg(short, long, action = clap::ArgAction::Count, global = true)]
    pub verbose: u8,

    /// Print nothing on stderr but errors: no progress bar, no summary.
    #[arg(short, long, global = true)]
    pub quiet: bool,

    /// No progress bar, even on a terminal (it is never drawn when stderr is not a terminal).
    #[arg(long, global = true)]
    pub no_progress: bool,

    /// Format of the log lines on stderr.
    #[arg(long, value_enum, default_value_t = LogFormat::Text, global = true, value_name = "FORMAT")]
    pub log_format: LogFormat,

    /// Send APM traces to the Datadog agent (also on with DD_TRACE_ENABLED=true). The agent is
    /// DD_TRACE_AGENT_URL, else DD_AGENT_HOST and DD_TRACE_AGENT_PORT, else localhost:8126.
    #[arg(long, global = true)]
    pub traces: bool,

    #[command(flatten)]
    pub metrics: MetricsArgs,

    #[command(flatten)]
    pub prometheus: PrometheusArgs,
}

/// Where the run's metrics go for Prometheus, when the run ends (batch-job style).
#[derive(Debug, Clone, Default, Args)]
pub struct PrometheusArgs {
    /// Push the run's metrics to this Prometheus Pushgateway when it ends (PUT, group
    /// job=thumbctl, instance=<host> and every --tag), e.g. http://localhost:9091.
    #[arg(long, value_name = "URL", global = true)]
    pub pushgateway: Option<String>,

    /// Write the run's metrics to PATH in Prometheus text format when it ends, atomically, for
    /// node_exporter's textfile collector (name it *.prom).
    #[arg(long, value_name = "PATH", global = true)]
    pub prom_textfile: Option<std::path::PathBuf>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum LogFormat {
    /// Human-readable lines.
    Text,
    /// One JSON object per line, for log collectors.
    Json,
}
