//! Flags of the DogStatsD reporting shared by every subcommand.

use clap::{Args, ValueEnum};

#[derive(Debug, Clone, Args)]
pub struct MetricsArgs {
    /// Where to send metrics: udp://HOST:PORT or unix:///path/to/dsd.socket.
    /// Without it: DD_DOGSTATSD_URL, else DD_AGENT_HOST and DD_DOGSTATSD_PORT, else localhost:8125.
    #[arg(long, value_name = "URL", global = true)]
    pub statsd: Option<String>,

    /// Send no metrics at all.
    #[arg(long, global = true)]
    pub no_metrics: bool,

    /// A constant tag added to every metric (repeatable), as key:value.
    #[arg(long = "tag", value_name = "KEY:VALUE", global = true)]
    pub tags: Vec<String>,

    /// A namespace put in front of every metric name (none by default, so the pipeline's names
    /// work as they are).
    #[arg(long, value_name = "PREFIX", global = true)]
    pub metrics_prefix: Option<String>,

    /// How timings are sent: distributions (|d, exact percentiles across hosts) or classic timers (|ms).
    #[arg(long, value_enum, default_value_t = TimingTypeArg::Distribution, global = true, value_name = "TYPE")]
    pub timing_type: TimingTypeArg,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum TimingTypeArg {
    /// DogStatsD distribution (`|d`).
    Distribution,
    /// StatsD timer (`|ms`).
    Timer,
}
