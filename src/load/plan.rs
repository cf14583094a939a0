//! What a `load` run will do, resolved from its flags (the way `resize::plan` is): the target,
//! the scenario or the upload, the settings of every request and the CI gates. Checked before
//! anything is sent, so a mistake is a usage error (exit 2).

use std::num::{NonZeroU32, NonZeroU64, NonZeroUsize};
use std::time::Duration;

use super::engine::RunSettings;
use super::error::PlanError;
use super::report::Gate;
use super::scenario::{
    self, DurationText, Expectation, HeaderLine, HttpMethod, PathTemplate, Phase, PhaseOverrides,
    Rate, Scenario, Step, StepOrder, TextTemplate,
};
use super::schedule::Stage;
use super::upload::UploadPlan;
use crate::cli::{
    self, FullArgs, GateArgs, LoadArgs, LoadCommand, PacingArgs, PurchaseArgs, RateArg,
    ReportFormatArg, UrlArgs,
};
use crate::metrics::Metrics;
use crate::report::Format;

/// Everything a `load` run will do, resolved and checked.
pub(crate) struct Plan {
    /// Where requests go: `--target`, or the origin of `load url`'s URL.
    pub(crate) target: reqwest::Url,
    pub(crate) job: Job,
    pub(crate) timeout: Duration,
    /// `--seed`, or one drawn for this run (the report prints it).
    pub(crate) seed: u64,
    pub(crate) insecure: bool,
    /// How the report is printed on stdout.
    pub(crate) report_format: Format,
    pub(crate) gates: Vec<Gate>,
    /// Driver threads, and why that many.
    pub(crate) threads: Threads,
}

/// How many driver threads send requests, and why: the report's header says so.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Threads {
    pub(crate) count: usize,
    pub(crate) reason: ThreadsReason,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum ThreadsReason {
    /// `--threads N`.
    Given,
    /// A loopback target runs on this machine too: half the cores are left to it. Measured
    /// against nginx on 2 cores: one driver gets 98-121k requests/s, two (starving nginx) 76-82k.
    Loopback { cores: usize },
    /// A target elsewhere: one driver per core.
    Remote { cores: usize },
}

impl Threads {
    fn choose(given: Option<NonZeroUsize>, target: &reqwest::Url, cores: usize) -> Threads {
        if let Some(given) = given {
            return Threads {
                count: given.get(),
                reason: ThreadsReason::Given,
            };
        }
        if is_loopback(target) {
            Threads {
                count: (cores / 2).max(1),
                reason: ThreadsReason::Loopback { cores },
            }
        } else {
            Threads {
                count: cores.max(1),
                reason: ThreadsReason::Remote { cores },
            }
        }
    }

    /// "1 driver thread: loopback target, half of 2 cores".
    pub(crate) fn describe(&self) -> String {
        let plural = if self.count == 1 { "" } else { "s" };
        let why = match self.reason {
            ThreadsReason::Given => "--threads".to_string(),
            ThreadsReason::Loopback { cores } => {
                format!("loopback target, half of {cores} cores")
            }
            ThreadsReason::Remote { cores } => format!("one per core of {cores}"),
        };
        format!("{} driver thread{plural}: {why}", self.count)
    }
}

/// `localhost`, 127.0.0.0/8 or ::1: the target runs on this machine.
fn is_loopback(url: &reqwest::Url) -> bool {
    match url.host() {
        Some(url::Host::Domain(name)) => {
            name.eq_ignore_ascii_case("localhost")
                || name.to_ascii_lowercase().ends_with(".localhost")
        }
        Some(url::Host::Ipv4(ip)) => ip.is_loopback(),
        Some(url::Host::Ipv6(ip)) => ip.is_loopback(),
        None => false,
    }
}

/// A scenario's phases, or `load upload`'s files.
pub(crate) enum Job {
    Scenario(Scenario),
    Upload(UploadPlan),
}

impl Plan {
    /// Checks and resolves the flags. `load show` has no plan: it sends nothing.
    pub(crate) fn from_args(args: &LoadArgs) -> Result<Plan, PlanError> {
        let (target, job) = resolve(args)?;
        let cores = std::thread::available_parallelism().map_or(1, |n| n.get());
        Ok(Plan {
            threads: Threads::choose(args.threads, &target, cores),
            target,
            job,
            timeout: args.timeout,
            seed: args.seed.unwrap_or_else(rand::random),
            insecure: args.insecure,
            report_format: match args.output_format {
                ReportFormatArg::Text => Format::Text,
                ReportFormatArg::Json => Format::Json,
            },
            gates: gates_of(&args.gates),
        })
    }

    /// The `scenario` tag of the metrics and the report's name for the run.
    pub(crate) fn scenario_name(&self) -> &str {
        match &self.job {
            Job::Scenario(scenario) => &scenario.name,
            Job::Upload(_) => "upload",
        }
    }

    /// What every request of the run shares.
    pub(crate) fn run_settings(&self, metrics: Metrics) -> RunSettings {
        RunSettings {
            target: self.target.as_str().trim_end_matches('/').to_string(),
            timeout: self.timeout,
            seed: self.seed,
            insecure: self.insecure,
            scenario_name: self.scenario_name().to_string(),
            threads: self.threads.count,
            metrics,
        }
    }
}

fn gates_of(gates: &GateArgs) -> Vec<Gate> {
    let mut list = Vec::new();
    if let Some(rate) = gates.max_error_rate {
        list.push(Gate::MaxErrorRate(rate));
    }
    for (quantile, limit) in [
        (0.50, gates.max_p50),
        (0.90, gates.max_p90),
        (0.95, gates.max_p95),
        (0.99, gates.max_p99),
        (0.999, gates.max_p999),
    ] {
        if let Some(limit) = limit {
            list.push(Gate::MaxLatency { quantile, limit });
        }
    }
    if let Some(rps) = gates.min_rps {
        list.push(Gate::MinRequestsPerSecond(rps));
    }
    list
}

/// Checks that a URL is one `load` can send to.
fn parse_target(text: &str, what: &'static str) -> Result<reqwest::Url, PlanError> {
    let url = reqwest::Url::parse(text).map_err(|source| PlanError::Url {
        what,
        text: text.to_string(),
        source,
    })?;
    if !matches!(url.scheme(), "http" | "https") {
        return Err(PlanError::Scheme {
            what,
            text: text.to_string(),
        });
    }
    if url.host_str().is_none_or(str::is_empty) {
        return Err(PlanError::NoHost {
            what,
            text: text.to_string(),
        });
    }
    Ok(url)
}

/// Turns the command line into a target and a job.
fn resolve(args: &LoadArgs) -> Result<(reqwest::Url, Job), PlanError> {
    let target = || parse_target(&args.target, "--target");
    let built_in = scenario::built_in;
    match args.command.as_ref() {
        LoadCommand::Quick(pacing) => Ok((
            target()?,
            Job::Scenario(overridden(built_in("quick")?, pacing)),
        )),
        LoadCommand::Sustained(pacing) => Ok((
            target()?,
            Job::Scenario(overridden(built_in("sustained")?, pacing)),
        )),
        LoadCommand::Spike(pacing) => Ok((
            target()?,
            Job::Scenario(overridden(built_in("spike")?, pacing)),
        )),
        LoadCommand::Errors(pacing) => Ok((
            target()?,
            Job::Scenario(overridden(built_in("errors")?, pacing)),
        )),
        LoadCommand::Purchase(purchase) => {
            let mut scenario = built_in("purchase")?;
            let overrides = purchase_overrides(purchase);
            scenario.phases.iter_mut().for_each(|p| p.apply(&overrides));
            Ok((target()?, Job::Scenario(scenario)))
        }
        LoadCommand::Full(full) => Ok((target()?, Job::Scenario(full_scenario(full)?))),
        LoadCommand::Run(run) => {
            let scenario = scenario::read_scenario_file(&run.scenario)?;
            Ok((target()?, Job::Scenario(overridden(scenario, &run.pacing))))
        }
        LoadCommand::Url(url) => url_scenario(url),
        LoadCommand::Upload(upload) => {
            let plan = UploadPlan::new(upload)?;
            Ok((target()?, Job::Upload(plan)))
        }
        LoadCommand::Show(_) => unreachable!("`load show` has no plan"),
    }
}

fn pacing_overrides(pacing: &PacingArgs) -> PhaseOverrides {
    PhaseOverrides {
        count: pacing.count,
        duration: pacing.duration.map(DurationText),
        rate: pacing.rate.map(Rate::from),
        stages: stages_of(&pacing.stages),
        concurrency: pacing.concurrency,
    }
}

/// `--stage` flags, if any.
fn stages_of(stages: &[cli::StageArg]) -> Option<Vec<Stage>> {
    (!stages.is_empty()).then(|| stages.iter().copied().map(Stage::from).collect())
}

fn overridden(mut scenario: Scenario, pacing: &PacingArgs) -> Scenario {
    let overrides = pacing_overrides(pacing);
    scenario.phases.iter_mut().for_each(|p| p.apply(&overrides));
    scenario
}

/// `--interval`: one request every so often, or back to back (a closed loop bounded by `-c`).
fn interval_rate(interval: Duration) -> Rate {
    if interval.is_zero() {
        Rate::Max
    } else {
        Rate::PerSecond(1.0 / interval.as_secs_f64())
    }
}

fn purchase_overrides(purchase: &PurchaseArgs) -> PhaseOverrides {
    PhaseOverrides {
        count: purchase.count,
        rate: purchase.interval.map(interval_rate),
        concurrency: purchase.concurrency,
        ..PhaseOverrides::default()
    }
}

/// `full`: the flags reach the phase they name (purchase count and interval, sustained length
/// and rate); quick and errors run as they are.
fn full_scenario(full: &FullArgs) -> Result<Scenario, PlanError> {
    let mut scenario = scenario::built_in("full")?;
    for phase in &mut scenario.phases {
        match phase.name.as_str() {
            "purchase" => phase.apply(&PhaseOverrides {
                count: full.count,
                rate: full.interval.map(interval_rate),
                ..PhaseOverrides::default()
            }),
            "sustained" => phase.apply(&PhaseOverrides {
                duration: full.duration.map(DurationText),
                rate: full.rate.map(Rate::from),
                stages: stages_of(&full.stages),
                ..PhaseOverrides::default()
            }),
            _ => {}
        }
    }
    Ok(scenario)
}

/// `load url`: a one-step scenario against the URL's own origin.
fn url_scenario(args: &UrlArgs) -> Result<(reqwest::Url, Job), PlanError> {
    let url = parse_target(&args.url, "URL")?;
    let mut origin = url.clone();
    origin.set_path("");
    origin.set_query(None);
    origin.set_fragment(None);
    let path_and_query = match url.query() {
        Some(query) => format!("{}?{query}", url.path()),
        None => url.path().to_string(),
    };
    let method = HttpMethod::try_from(args.method.clone())?;
    let (count, duration) = match (args.count, args.duration.map(DurationText)) {
        (None, None) => (NonZeroU64::new(cli::URL_DEFAULT_COUNT), None),
        other => other,
    };
    let stages = stages_of(&args.stages);
    let (count, duration) = if stages.is_some() {
        (None, None)
    } else {
        (count, duration)
    };
    let concurrency = match (args.rate, args.concurrency) {
        _ if stages.is_some() => args.concurrency,
        (Some(RateArg::PerSecond(_)), given) => given,
        (_, Some(given)) => Some(given),
        (_, None) => NonZeroUsize::new(cli::URL_DEFAULT_CONCURRENCY),
    };
    let step = Step {
        name: "url".into(),
        weight: NonZeroU32::MIN,
        method,
        path: PathTemplate::try_from(path_and_query)?,
        headers: args.headers.iter().cloned().map(HeaderLine::from).collect(),
        body: None,
        raw_body: args.body.clone().map(TextTemplate::try_from).transpose()?,
        expect: vec![Expectation::StatusClass(2)],
        timeout: None,
    };
    let phase = Phase {
        name: "url".into(),
        count,
        duration,
        rate: args.rate.map(Rate::from),
        stages,
        concurrency,
        order: StepOrder::Random,
        steps: vec![step],
    };
    let scenario = Scenario {
        name: "url".into(),
        description: String::new(),
        phases: vec![phase],
    };
    Ok((origin, Job::Scenario(scenario)))
}

#[cfg(test)]
mod tests {
    use clap::{CommandFactory, Parser};

    use super::*;

    /// The help text of `arg` of the subcommand at `path` (`["load", "url"]`).
    fn help_of(path: &[&str], arg: &str) -> String {
        let mut command = cli::Cli::command();
        let mut sub = &mut command;
        for name in path {
            sub = sub.find_subcommand_mut(name).expect("a subcommand");
        }
        let arg = sub
            .get_arguments()
            .find(|a| a.get_id() == arg)
            .unwrap_or_else(|| panic!("no argument {arg}"));
        arg.get_help().expect("documented").to_string()
    }

    #[test]
    fn help_texts_state_the_defaults_the_plan_uses() {
        let concurrency = help_of(&["load", "url"], "concurrency");
        assert!(
            concurrency.contains(&format!("(default {})", cli::URL_DEFAULT_CONCURRENCY)),
            "{concurrency}"
        );
        let count = help_of(&["load", "url"], "count");
        assert!(
            count.contains(&format!("(default {} ", cli::URL_DEFAULT_COUNT)),
            "{count}"
        );
        let full = help_of(&["load", "full"], "duration");
        let seconds = scenario::FULL_SUSTAINED_DURATION.as_secs();
        assert!(full.contains(&format!("(default {seconds}s)")), "{full}");
        let upload = help_of(&["load", "upload"], "dir");
        assert!(
            upload.contains(&cli::IMAGE_EXTENSIONS.replace(',', ", ")),
            "{upload}"
        );
    }

    #[test]
    fn load_url_defaults() {
        let cli = cli::Cli::try_parse_from(["thumbctl", "load", "url", "http://127.0.0.1:9/x?a=1"])
            .unwrap();
        let cli::Command::Load(args) = cli.command else {
            panic!("load")
        };
        let plan = Plan::from_args(&args).unwrap();
        assert_eq!(plan.target.as_str(), "http://127.0.0.1:9/");
        assert_eq!(plan.timeout, Duration::from_secs(10));
        let Job::Scenario(scenario) = &plan.job else {
            panic!("a scenario")
        };
        let phase = &scenario.phases[0];
        assert_eq!(
            phase.stop(),
            scenario::Stop::AfterCount(cli::URL_DEFAULT_COUNT)
        );
        assert_eq!(
            phase.pacing(),
            scenario::Pacing::Closed {
                concurrency: cli::URL_DEFAULT_CONCURRENCY
            }
        );
        assert_eq!(phase.steps[0].path.source, "/x?a=1");
        assert!(matches!(
            plan.threads.reason,
            ThreadsReason::Loopback { .. }
        ));
    }

    #[test]
    fn a_loopback_target_gets_half_the_cores() {
        let url = |text: &str| reqwest::Url::parse(text).unwrap();
        let local = Threads::choose(None, &url("http://127.0.0.1:8080/"), 8);
        assert_eq!(local.count, 4);
        assert_eq!(
            local.describe(),
            "4 driver threads: loopback target, half of 8 cores"
        );
        assert_eq!(Threads::choose(None, &url("http://localhost/"), 1).count, 1);
        assert_eq!(
            Threads::choose(None, &url("http://[::1]:3001/"), 2).count,
            1
        );
        let remote = Threads::choose(None, &url("https://example.com/"), 8);
        assert_eq!(remote.count, 8);
        let given = Threads::choose(NonZeroUsize::new(3), &url("http://127.0.0.1/"), 8);
        assert_eq!((given.count, given.reason), (3, ThreadsReason::Given));
        assert_eq!(
            Threads::choose(NonZeroUsize::new(1), &url("http://127.0.0.1/"), 8).describe(),
            "1 driver thread: --threads"
        );
    }
}
