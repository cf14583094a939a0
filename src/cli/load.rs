//! Flags of `thumbctl load`. Values are checked here (durations, rates, URLs' shape), so a bad
//! one is a usage error (exit 2) before anything is sent.

use std::num::{NonZeroU64, NonZeroUsize};
use std::path::PathBuf;

use clap::{Args, Subcommand, ValueEnum};

use crate::load::scenario::{DurationText, HeaderLine, Rate};

#[derive(Debug, Clone, Args)]
pub struct LoadArgs {
    // Boxed: the scenario commands' flags are large next to `resize`'s.
    #[command(subcommand)]
    pub command: Box<LoadCommand>,

    /// Base URL of the service under test; scenario paths are appended to it.
    #[arg(
        long,
        default_value = "http://localhost:3001",
        value_name = "URL",
        global = true
    )]
    pub target: String,

    /// Time allowed for each request, from connecting to the end of the body ("10s", "500ms").
    #[arg(long, default_value = "10s", value_name = "DURATION", global = true)]
    pub timeout: DurationText,

    /// Makes every random choice (steps, bodies, paths) reproducible: the same seed sends the same
    /// requests. Without it a seed is drawn and printed in the report.
    #[arg(long, value_name = "N", global = true)]
    pub seed: Option<u64>,

    /// Report format on stdout.
    #[arg(long, value_enum, default_value_t = OutputFormat::Text, value_name = "FORMAT", global = true)]
    pub output_format: OutputFormat,

    /// Accept invalid TLS certificates (self-signed test targets).
    #[arg(long, global = true)]
    pub insecure: bool,

    #[command(flatten)]
    pub gates: GateArgs,
}

/// CI gates: when one is not met the run exits 3. With any gate set, the gates alone decide
/// success; without gates, any unexpected outcome exits 1.
#[derive(Debug, Clone, Default, Args)]
pub struct GateArgs {
    /// Fail when unexpected outcomes exceed this share of requests ("1%", "0.5%", or "0.01").
    #[arg(long, value_name = "PERCENT", value_parser = parse_percent, global = true)]
    pub max_error_rate: Option<f64>,

    /// Fail when the corrected median latency exceeds this ("200ms").
    #[arg(long, value_name = "DURATION", global = true)]
    pub max_p50: Option<DurationText>,

    /// Fail when the corrected p90 latency exceeds this.
    #[arg(long, value_name = "DURATION", global = true)]
    pub max_p90: Option<DurationText>,

    /// Fail when the corrected p95 latency exceeds this.
    #[arg(long, value_name = "DURATION", global = true)]
    pub max_p95: Option<DurationText>,

    /// Fail when the corrected p99 latency exceeds this ("500ms").
    #[arg(long, value_name = "DURATION", global = true)]
    pub max_p99: Option<DurationText>,

    /// Fail when the corrected p99.9 latency exceeds this.
    #[arg(long, value_name = "DURATION", global = true)]
    pub max_p999: Option<DurationText>,

    /// Fail when the run answers fewer requests per second than this.
    #[arg(long, value_name = "RPS", value_parser = parse_positive, global = true)]
    pub min_rps: Option<f64>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum OutputFormat {
    Text,
    Json,
}

#[derive(Debug, Clone, Subcommand)]
pub enum LoadCommand {
    /// 50 requests over every read endpoint and user creation, a few at a time; done in seconds.
    Quick(PacingArgs),
    /// A weighted mix of all endpoints at a steady rate (default: 10/s for 5m).
    Sustained(PacingArgs),
    /// Traffic meant to fail (500s, 404s, malformed bodies, timeouts), all counted as expected.
    Errors(PacingArgs),
    /// Purchases with random, realistic payloads (default: 20, one a second).
    Purchase(PurchaseArgs),
    /// quick, errors, purchase, then a short sustained phase; one report per phase and a total.
    Full(FullArgs),
    /// Post every image of a directory as multipart field `file`, and report each file.
    Upload(UploadArgs),
    /// Load one URL, for throughput tests (like oha or hey).
    Url(UrlArgs),
    /// Run a scenario file (the format of `load show quick`).
    Run(RunArgs),
    /// Print a built-in scenario, to copy and edit.
    Show(ShowArgs),
}

/// Flags that replace a scenario's own pacing and length (for every phase).
#[derive(Debug, Clone, Default, Args)]
pub struct PacingArgs {
    /// Run each phase for this long ("30s", "5m") instead of its own length.
    #[arg(long, value_name = "DURATION", conflicts_with = "count")]
    pub duration: Option<DurationText>,

    /// Send this many requests per phase instead of its own length.
    #[arg(short = 'n', long, value_name = "N")]
    pub count: Option<NonZeroU64>,

    /// Requests per second (open model), or `max` for a closed loop as fast as answers come.
    #[arg(long, value_name = "RATE", value_parser = parse_rate)]
    pub rate: Option<Rate>,

    /// Requests in flight at most (open model), or number of loops (closed model).
    #[arg(short = 'c', long, value_name = "N")]
    pub concurrency: Option<NonZeroUsize>,
}

#[derive(Debug, Clone, Args)]
pub struct PurchaseArgs {
    /// Number of purchases.
    #[arg(short = 'n', long, value_name = "N")]
    pub count: Option<NonZeroU64>,

    /// Time between purchases ("1s", "100ms").
    #[arg(long, value_name = "DURATION")]
    pub interval: Option<DurationText>,

    /// Purchases in flight at most.
    #[arg(short = 'c', long, value_name = "N")]
    pub concurrency: Option<NonZeroUsize>,
}

#[derive(Debug, Clone, Args)]
pub struct FullArgs {
    /// Length of the final sustained phase (default 60s).
    #[arg(long, value_name = "DURATION")]
    pub duration: Option<DurationText>,

    /// Rate of the final sustained phase.
    #[arg(long, value_name = "RATE", value_parser = parse_rate)]
    pub rate: Option<Rate>,

    /// Number of purchases in the purchase phase.
    #[arg(short = 'n', long, value_name = "N")]
    pub count: Option<NonZeroU64>,

    /// Time between purchases in the purchase phase.
    #[arg(long, value_name = "DURATION")]
    pub interval: Option<DurationText>,
}

#[derive(Debug, Clone, Args)]
pub struct UploadArgs {
    /// Directory whose images (jpg, jpeg, png, gif, webp, bmp, tif, tiff, avif) are posted.
    #[arg(value_name = "DIR")]
    pub dir: PathBuf,

    /// Endpoint path the files are posted to.
    #[arg(long, default_value = "/api/images", value_name = "PATH")]
    pub path: String,

    /// Uploads in flight at most.
    #[arg(short = 'c', long, default_value = "4", value_name = "N")]
    pub concurrency: NonZeroUsize,
}

#[derive(Debug, Clone, Args)]
pub struct UrlArgs {
    /// The URL to load (its own host, not --target).
    #[arg(value_name = "URL")]
    pub url: String,

    /// Connections/loops without --rate (default 50); in-flight cap with --rate.
    #[arg(short = 'c', long, value_name = "N")]
    pub concurrency: Option<NonZeroUsize>,

    /// Run this long ("10s").
    #[arg(short = 'z', long, value_name = "DURATION", conflicts_with = "count")]
    pub duration: Option<DurationText>,

    /// Send this many requests (default 200 without --duration).
    #[arg(short = 'n', long, value_name = "N")]
    pub count: Option<NonZeroU64>,

    /// Requests per second (open model); `max` or none runs closed-loop as fast as possible.
    #[arg(long, value_name = "RATE", value_parser = parse_rate)]
    pub rate: Option<Rate>,

    /// HTTP method.
    #[arg(short = 'm', long, default_value = "GET", value_name = "METHOD")]
    pub method: String,

    /// A request header (repeatable).
    #[arg(short = 'H', long = "header", value_name = "NAME: VALUE")]
    pub headers: Vec<HeaderLine>,

    /// Request body, sent as written.
    #[arg(short = 'd', long = "body", value_name = "BODY")]
    pub body: Option<String>,
}

#[derive(Debug, Clone, Args)]
pub struct RunArgs {
    /// The scenario file (JSON).
    #[arg(long, value_name = "FILE")]
    pub scenario: PathBuf,

    #[command(flatten)]
    pub pacing: PacingArgs,
}

#[derive(Debug, Clone, Args)]
pub struct ShowArgs {
    /// quick, sustained, errors, purchase or full.
    #[arg(value_name = "NAME")]
    pub name: String,
}

fn parse_rate(text: &str) -> Result<Rate, String> {
    text.parse()
}

fn parse_positive(text: &str) -> Result<f64, String> {
    match text.parse::<f64>() {
        Ok(value) if value.is_finite() && value > 0.0 => Ok(value),
        _ => Err(format!("`{text}` is not a number above 0")),
    }
}

/// "1%" -> 0.01; "0.01" -> 0.01.
fn parse_percent(text: &str) -> Result<f64, String> {
    let invalid = || format!("`{text}` is not a share such as 1% or 0.01");
    let value = match text.trim().strip_suffix('%') {
        Some(number) => number.trim().parse::<f64>().map_err(|_| invalid())? / 100.0,
        None => text.trim().parse::<f64>().map_err(|_| invalid())?,
    };
    if (0.0..=1.0).contains(&value) {
        Ok(value)
    } else {
        Err(format!("`{text}` must be between 0% and 100%"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn percents() {
        assert_eq!(parse_percent("1%"), Ok(0.01));
        assert_eq!(parse_percent("0.5"), Ok(0.5));
        assert!(parse_percent("150%").is_err());
        assert!(parse_percent("lots").is_err());
    }
}
