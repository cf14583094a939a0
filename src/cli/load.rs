//! Flags of `thumbctl load`. Values are checked here (durations, rates, URLs' shape), so a bad
//! one is a usage error (exit 2) before anything is sent.

use std::num::{NonZeroU64, NonZeroUsize};
use std::path::PathBuf;
use std::time::Duration;

use clap::{Args, Subcommand, ValueEnum};
use reqwest::header::{HeaderName, HeaderValue};

/// `--target` without the flag: the workshop app's port.
pub const DEFAULT_TARGET: &str = "http://localhost:3001";
/// `--timeout` without the flag.
pub const DEFAULT_TIMEOUT: &str = "10s";
// The help texts below repeat these numbers; a test in `load::plan` keeps them equal.
/// `load url` without --rate or -c: this many loops, as oha and hey do.
pub const URL_DEFAULT_CONCURRENCY: usize = 50;
/// `load url` without --duration or -n: this many requests.
pub const URL_DEFAULT_COUNT: u64 = 200;

#[derive(Debug, Clone, Args)]
pub struct LoadArgs {
    // Boxed: the scenario commands' flags are large next to `resize`'s.
    #[command(subcommand)]
    pub command: Box<LoadCommand>,

    /// Base URL of the service under test; scenario paths are appended to it.
    #[arg(long, default_value = DEFAULT_TARGET, value_name = "URL", global = true)]
    pub target: String,

    /// Time allowed for each request, from connecting to the end of the body ("10s", "500ms").
    #[arg(long, default_value = DEFAULT_TIMEOUT, value_name = "DURATION", value_parser = parse_duration, global = true)]
    pub timeout: Duration,

    /// Makes every random choice (steps, bodies, paths) reproducible: the same seed sends the same
    /// requests. Without it a seed is drawn and printed in the report.
    #[arg(long, value_name = "N", global = true)]
    pub seed: Option<u64>,

    /// Report format on stdout.
    #[arg(long, value_enum, default_value_t = ReportFormatArg::Text, value_name = "FORMAT", global = true)]
    pub output_format: ReportFormatArg,

    /// Accept invalid TLS certificates (self-signed test targets).
    #[arg(long, global = true)]
    pub insecure: bool,

    /// Driver threads sending requests (like wrk's -t). Default: half the cores (at least one)
    /// for a loopback target, which shares the machine; all cores for any other.
    #[arg(long, value_name = "N", global = true)]
    pub threads: Option<NonZeroUsize>,

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
    #[arg(long, value_name = "DURATION", value_parser = parse_duration, global = true)]
    pub max_p50: Option<Duration>,

    /// Fail when the corrected p90 latency exceeds this.
    #[arg(long, value_name = "DURATION", value_parser = parse_duration, global = true)]
    pub max_p90: Option<Duration>,

    /// Fail when the corrected p95 latency exceeds this.
    #[arg(long, value_name = "DURATION", value_parser = parse_duration, global = true)]
    pub max_p95: Option<Duration>,

    /// Fail when the corrected p99 latency exceeds this ("500ms").
    #[arg(long, value_name = "DURATION", value_parser = parse_duration, global = true)]
    pub max_p99: Option<Duration>,

    /// Fail when the corrected p99.9 latency exceeds this.
    #[arg(long, value_name = "DURATION", value_parser = parse_duration, global = true)]
    pub max_p999: Option<Duration>,

    /// Fail when the run answers fewer requests per second than this.
    #[arg(long, value_name = "RPS", value_parser = parse_positive, global = true)]
    pub min_rps: Option<f64>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ReportFormatArg {
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
    /// Calm at 10/s, a spike to 100/s for half a minute, calm again (2m40s, stages): for watching a
    /// dashboard react.
    Spike(PacingArgs),
    /// quick, errors, purchase, then a short sustained phase; one report per phase and a total.
    Full(FullArgs),
    /// Post every image of a directory as a multipart file field (with headers and form fields
    /// if asked), and report each upload.
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
    #[arg(long, value_name = "DURATION", value_parser = parse_duration, conflicts_with = "count")]
    pub duration: Option<Duration>,

    /// Send this many requests per phase instead of its own length.
    #[arg(short = 'n', long, value_name = "N")]
    pub count: Option<NonZeroU64>,

    /// Requests per second (open model), or `max` for a closed loop as fast as answers come.
    #[arg(long, value_name = "RATE", value_parser = parse_rate)]
    pub rate: Option<RateArg>,

    /// Requests in flight at most (open model), or number of loops (closed model).
    #[arg(short = 'c', long, value_name = "N")]
    pub concurrency: Option<NonZeroUsize>,

    /// A stage of a ramp, DURATION:RATE (k6-style): over DURATION the rate moves linearly from
    /// the previous stage's rate (0 before the first) to RATE. Repeatable or comma separated
    /// (`--stage 30s:50,2m:50,30s:0`); replaces --rate and --duration.
    #[arg(
        long = "stage",
        value_name = "DURATION:RATE",
        value_parser = parse_stage,
        value_delimiter = ',',
        conflicts_with_all = ["rate", "duration", "count"]
    )]
    pub stages: Vec<StageArg>,
}

#[derive(Debug, Clone, Args)]
pub struct PurchaseArgs {
    /// Number of purchases.
    #[arg(short = 'n', long, value_name = "N")]
    pub count: Option<NonZeroU64>,

    /// Time between purchases ("1s", "100ms"); `0` sends them back to back, at most -c at a time.
    #[arg(long, value_name = "DURATION", value_parser = parse_interval)]
    pub interval: Option<Duration>,

    /// Purchases in flight at most.
    #[arg(short = 'c', long, value_name = "N")]
    pub concurrency: Option<NonZeroUsize>,
}

#[derive(Debug, Clone, Args)]
pub struct FullArgs {
    /// Length of the final sustained phase (default 60s).
    #[arg(long, value_name = "DURATION", value_parser = parse_duration)]
    pub duration: Option<Duration>,

    /// Rate of the final sustained phase.
    #[arg(long, value_name = "RATE", value_parser = parse_rate)]
    pub rate: Option<RateArg>,

    /// Stages of the final sustained phase, DURATION:RATE (see `load sustained --stage`);
    /// replace its --rate and --duration.
    #[arg(
        long = "stage",
        value_name = "DURATION:RATE",
        value_parser = parse_stage,
        value_delimiter = ',',
        conflicts_with_all = ["rate", "duration"]
    )]
    pub stages: Vec<StageArg>,

    /// Number of purchases in the purchase phase.
    #[arg(short = 'n', long, value_name = "N")]
    pub count: Option<NonZeroU64>,

    /// Time between purchases in the purchase phase; `0` sends them back to back.
    #[arg(long, value_name = "DURATION", value_parser = parse_interval)]
    pub interval: Option<Duration>,
}

#[derive(Debug, Clone, Args)]
pub struct UploadArgs {
    /// Directory whose images (jpg, jpeg, png, gif, webp, tif, tiff, bmp: those resize takes) are
    /// posted.
    #[arg(value_name = "DIR")]
    pub dir: PathBuf,

    /// Endpoint path the files are posted to.
    #[arg(long, default_value = "/api/images", value_name = "PATH")]
    pub path: String,

    /// Uploads in flight at most.
    #[arg(short = 'c', long, default_value = "4", value_name = "N")]
    pub concurrency: NonZeroUsize,

    /// A request header (repeatable), such as "Authorization: Bearer <token>". Header values
    /// never appear in logs, reports, metrics or error messages.
    // Checked by the plan, not by clap, whose message would repeat the value.
    #[arg(short = 'H', long = "header", value_name = "NAME: VALUE")]
    pub headers: Vec<String>,

    /// A form field sent with each file (repeatable), such as bucket=test.
    #[arg(short = 'F', long = "field", value_name = "NAME=VALUE", value_parser = parse_field)]
    pub fields: Vec<FieldArg>,

    /// Name of the multipart field that carries the file.
    #[arg(long, default_value = "file", value_name = "NAME")]
    pub file_field: String,

    /// Uploads started per second (at most -c in flight); without it, as fast as they answer.
    #[arg(long, value_name = "RATE", value_parser = parse_rate)]
    pub rate: Option<RateArg>,

    /// Upload the directory's images this many times over (to seed more uploads than files).
    #[arg(long, default_value = "1", value_name = "N")]
    pub repeat: NonZeroU64,
}

/// `-F NAME=VALUE`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FieldArg {
    pub name: String,
    pub value: String,
}

/// "bucket=test".
pub fn parse_field(text: &str) -> Result<FieldArg, String> {
    match text.split_once('=') {
        Some((name, value)) if !name.trim().is_empty() => Ok(FieldArg {
            name: name.trim().to_string(),
            value: value.to_string(),
        }),
        _ => Err(format!(
            "field `{text}` is not of the form NAME=VALUE (such as bucket=test)"
        )),
    }
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
    #[arg(
        short = 'z',
        long,
        value_name = "DURATION",
        value_parser = parse_duration,
        conflicts_with = "count"
    )]
    pub duration: Option<Duration>,

    /// Send this many requests (default 200 without --duration).
    #[arg(short = 'n', long, value_name = "N")]
    pub count: Option<NonZeroU64>,

    /// Requests per second (open model); `max` or none runs closed-loop as fast as possible.
    #[arg(long, value_name = "RATE", value_parser = parse_rate)]
    pub rate: Option<RateArg>,

    /// HTTP method.
    #[arg(short = 'm', long, default_value = "GET", value_name = "METHOD")]
    pub method: String,

    /// A request header (repeatable).
    #[arg(short = 'H', long = "header", value_name = "NAME: VALUE", value_parser = parse_header)]
    pub headers: Vec<HeaderArg>,

    /// Request body, sent as written.
    #[arg(short = 'd', long = "body", value_name = "BODY")]
    pub body: Option<String>,

    /// A stage of a ramp, DURATION:RATE (k6-style): over DURATION the rate moves linearly from
    /// the previous stage's rate (0 before the first) to RATE. Repeatable or comma separated
    /// (`--stage 30s:50,2m:50,30s:0`); replaces --rate and --duration.
    #[arg(
        long = "stage",
        value_name = "DURATION:RATE",
        value_parser = parse_stage,
        value_delimiter = ',',
        conflicts_with_all = ["rate", "duration", "count"]
    )]
    pub stages: Vec<StageArg>,
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
    /// quick, sustained, errors, purchase, spike or full.
    #[arg(value_name = "NAME")]
    pub name: String,
}

/// Requests per second, or as fast as the target answers: the text form of `--rate`.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum RateArg {
    PerSecond(f64),
    Max,
}

/// `--stage DURATION:RATE`.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct StageArg {
    pub duration: Duration,
    pub rate: f64,
}

/// A `Name: value` header line, checked when read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HeaderArg {
    pub name: HeaderName,
    pub value: HeaderValue,
}

// The text forms below are also those of scenario files (`load::scenario` parses with them), so a
// value reads the same in a flag and in a file.

/// "250ms", "10s", "5m": a humantime duration above zero.
pub fn parse_duration(text: &str) -> Result<Duration, String> {
    let duration = humantime::parse_duration(text.trim())
        .map_err(|e| format!("`{text}` is not a duration such as 250ms, 10s or 5m ({e})"))?;
    if duration.is_zero() {
        return Err(format!("duration `{text}` must be above zero"));
    }
    Ok(duration)
}

/// A time between requests: a duration, or `0` / `0s` for none at all (back to back).
pub fn parse_interval(text: &str) -> Result<Duration, String> {
    match humantime::parse_duration(text.trim()) {
        Ok(duration) if duration.is_zero() => Ok(Duration::ZERO),
        _ if text.trim() == "0" => Ok(Duration::ZERO),
        _ => parse_duration(text),
    }
}

/// "50", "50/s" or "max".
pub fn parse_rate(text: &str) -> Result<RateArg, String> {
    if text.eq_ignore_ascii_case("max") {
        return Ok(RateArg::Max);
    }
    let rate: f64 = text
        .trim_end_matches("/s")
        .parse()
        .map_err(|_| format!("rate `{text}` is not a number of requests per second or `max`"))?;
    positive_rate(rate).map(RateArg::PerSecond)
}

/// A rate of requests per second must be a number above zero.
pub fn positive_rate(rate: f64) -> Result<f64, String> {
    if rate.is_finite() && rate > 0.0 {
        Ok(rate)
    } else {
        Err(format!(
            "rate must be above 0 requests per second (got {rate})"
        ))
    }
}

/// "30s:50": a duration above zero and a rate of 0 or more.
pub fn parse_stage(text: &str) -> Result<StageArg, String> {
    let (duration, rate) = text.split_once(':').ok_or_else(|| {
        format!("stage `{text}` is not DURATION:RATE (such as 30s:50: 30 s to reach 50/s)")
    })?;
    let duration = parse_duration(duration).map_err(|e| format!("stage `{text}`: {e}"))?;
    let rate = rate
        .trim()
        .trim_end_matches("/s")
        .parse::<f64>()
        .map_err(|_| {
            format!("stage `{text}`: rate `{rate}` is not a number of requests per second")
        })
        .and_then(|rate| stage_rate(rate).map_err(|e| format!("stage `{text}`: {e}")))?;
    Ok(StageArg { duration, rate })
}

/// A stage's rate may be 0 (a ramp down to nothing, a pause), never negative.
pub fn stage_rate(rate: f64) -> Result<f64, String> {
    if rate.is_finite() && rate >= 0.0 {
        Ok(rate)
    } else {
        Err(format!(
            "a stage's rate must be 0 or more requests per second (got {rate})"
        ))
    }
}

/// "Name: value".
pub fn parse_header(text: &str) -> Result<HeaderArg, String> {
    let (name, value) = text
        .split_once(':')
        .ok_or_else(|| format!("header `{text}` is not of the form `Name: value`"))?;
    Ok(HeaderArg {
        name: name
            .trim()
            .parse()
            .map_err(|_| format!("header name `{}` is not valid", name.trim()))?,
        // The value is not repeated: it may be a token.
        value: value.trim().parse().map_err(|_| {
            format!(
                "the value of header `{}` is not valid in HTTP (control characters or non-ASCII?)",
                name.trim()
            )
        })?,
    })
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

    #[test]
    fn stages_name_the_bad_value() {
        assert_eq!(
            parse_stage("30s:50"),
            Ok(StageArg {
                duration: Duration::from_secs(30),
                rate: 50.0
            })
        );
        assert_eq!(parse_stage("1m:0").unwrap().rate, 0.0);
        assert!(parse_stage("10s").unwrap_err().contains("`10s`"));
        assert!(parse_stage("0s:10").unwrap_err().contains("`0s:10`"));
        assert!(parse_stage("10s:-5").unwrap_err().contains("0 or more"));
        assert!(parse_stage("10s:lots").unwrap_err().contains("`lots`"));
    }

    #[test]
    fn intervals_may_be_zero() {
        assert_eq!(parse_interval("0"), Ok(Duration::ZERO));
        assert_eq!(parse_interval("0s"), Ok(Duration::ZERO));
        assert_eq!(parse_interval("250ms"), Ok(Duration::from_millis(250)));
        assert!(parse_interval("-1s").is_err());
        assert!(parse_interval("soon").unwrap_err().contains("`soon`"));
    }
}
