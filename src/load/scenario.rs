//! What a load run does, as data: a scenario is phases, a phase is weighted steps plus a stop
//! condition and a pacing. Built-in scenarios are JSON files under `scenarios/`, embedded in the
//! binary, in the same format a user's own `--scenario FILE` uses.
//!
//! Everything is checked while the JSON is read, so every mistake comes back with the line and
//! column where serde_json was when it saw it.

use std::fmt;
use std::num::{NonZeroU32, NonZeroU64, NonZeroUsize};
use std::path::Path;
use std::time::Duration;

use serde::{Deserialize, Serialize};

use super::error_kind::ErrorKind;
use super::schedule::{self, Schedule, Stage};
use super::template::{Template, TemplateError};

/// In-flight cap of an open-model phase that does not set `concurrency`.
pub(crate) const DEFAULT_MAX_IN_FLIGHT: usize = 1024;

/// A whole scenario.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct Scenario {
    pub(crate) name: String,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub(crate) description: String,
    pub(crate) phases: Vec<Phase>,
}

/// One phase: steps picked by weight until the count or the duration is reached.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(try_from = "PhaseSpec")]
pub(crate) struct Phase {
    pub(crate) name: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(crate) count: Option<NonZeroU64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(crate) duration: Option<DurationText>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(crate) rate: Option<Rate>,
    /// A ramp, in place of `rate` and `duration`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(crate) stages: Option<Vec<Stage>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(crate) concurrency: Option<NonZeroUsize>,
    #[serde(skip_serializing_if = "StepOrder::is_default")]
    pub(crate) order: StepOrder,
    pub(crate) steps: Vec<Step>,
}

/// The phase as written in the file, before the checks that involve several fields.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct PhaseSpec {
    name: String,
    count: Option<NonZeroU64>,
    duration: Option<DurationText>,
    rate: Option<Rate>,
    stages: Option<Vec<Stage>>,
    concurrency: Option<NonZeroUsize>,
    #[serde(default)]
    order: StepOrder,
    steps: Vec<Step>,
}

impl TryFrom<PhaseSpec> for Phase {
    type Error = ValueError;

    fn try_from(spec: PhaseSpec) -> Result<Phase, ValueError> {
        let name = &spec.name;
        match (&spec.stages, spec.count, spec.duration, spec.rate) {
            (Some(stages), ..) if stages.is_empty() => {
                return Err(ValueError::NoStages(name.clone()))
            }
            (Some(_), _, _, Some(rate)) => {
                return Err(ValueError::StagesAndRate {
                    phase: name.clone(),
                    rate: rate.to_string(),
                })
            }
            (Some(_), Some(_), _, _) | (Some(_), _, Some(_), _) => {
                return Err(ValueError::StagesAndLength(name.clone()))
            }
            (Some(_), ..) => {}
            (None, None, None, _) => return Err(ValueError::Unbounded(name.clone())),
            (None, Some(_), Some(_), _) => return Err(ValueError::CountAndDuration(name.clone())),
            _ => {}
        }
        if spec.steps.is_empty() {
            return Err(ValueError::NoSteps(name.clone()));
        }
        let total_weight: u64 = spec.steps.iter().map(|s| u64::from(s.weight.get())).sum();
        if spec.order == StepOrder::Cycle && total_weight > 100_000 {
            return Err(ValueError::CycleWeights {
                phase: name.clone(),
                total: total_weight,
            });
        }
        let mut names = std::collections::HashSet::new();
        for step in &spec.steps {
            if !names.insert(step.name.as_str()) {
                return Err(ValueError::SameStepName {
                    phase: name.clone(),
                    step: step.name.clone(),
                });
            }
        }
        Ok(Phase {
            name: spec.name,
            count: spec.count,
            duration: spec.duration,
            rate: spec.rate,
            stages: spec.stages,
            concurrency: spec.concurrency,
            order: spec.order,
            steps: spec.steps,
        })
    }
}

/// When a phase ends.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Stop {
    AfterCount(u64),
    AfterDuration(Duration),
}

/// How requests are started.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) enum Pacing {
    /// Open model: request i starts at `start + i / rate` whether or not earlier ones answered,
    /// with at most `max_in_flight` outstanding.
    Open { rate: f64, max_in_flight: usize },
    /// Closed model: `concurrency` loops, each sending its next request when the previous answered.
    Closed { concurrency: usize },
}

impl Phase {
    pub(crate) fn stop(&self) -> Stop {
        if let Some(stages) = &self.stages {
            return Stop::AfterDuration(schedule::total_duration(stages));
        }
        match (self.count, self.duration) {
            (Some(count), _) => Stop::AfterCount(count.get()),
            (None, Some(duration)) => Stop::AfterDuration(duration.0),
            // Construction guarantees one of the two; a phase built by hand without either
            // still ends.
            (None, None) => Stop::AfterCount(1),
        }
    }

    pub(crate) fn pacing(&self) -> Pacing {
        if let Some(stages) = &self.stages {
            return Pacing::Open {
                rate: average_rate(stages),
                max_in_flight: self
                    .concurrency
                    .map_or(DEFAULT_MAX_IN_FLIGHT, NonZeroUsize::get),
            };
        }
        match self.rate {
            Some(Rate::PerSecond(rate)) => Pacing::Open {
                rate,
                max_in_flight: self
                    .concurrency
                    .map_or(DEFAULT_MAX_IN_FLIGHT, NonZeroUsize::get),
            },
            Some(Rate::Max) | None => Pacing::Closed {
                concurrency: self.concurrency.map_or(1, NonZeroUsize::get),
            },
        }
    }

    /// When each request is due (open model only).
    pub(crate) fn schedule(&self) -> Option<Schedule> {
        match (&self.stages, self.pacing()) {
            (Some(stages), _) => Some(Schedule::stages(stages)),
            (None, Pacing::Open { rate, .. }) => Some(Schedule::Constant(rate)),
            (None, Pacing::Closed { .. }) => None,
        }
    }

    /// Applies command-line overrides: a count replaces a duration and the other way round;
    /// stages replace the rate and the length, and a rate or a length replaces stages (keeping
    /// the stages' length or average rate for what is not given).
    pub(crate) fn apply(&mut self, overrides: &PhaseOverrides) {
        if let Some(stages) = &overrides.stages {
            self.stages = Some(stages.clone());
            self.rate = None;
            self.count = None;
            self.duration = None;
            if let Some(concurrency) = overrides.concurrency {
                self.concurrency = Some(concurrency);
            }
            return;
        }
        let length_or_rate =
            overrides.count.is_some() || overrides.duration.is_some() || overrides.rate.is_some();
        if let (Some(stages), true) = (&self.stages, length_or_rate) {
            self.duration = Some(DurationText(schedule::total_duration(stages)));
            let average = average_rate(stages);
            self.rate = Some(if average > 0.0 {
                Rate::PerSecond(average)
            } else {
                Rate::Max
            });
            self.stages = None;
        }
        if let Some(count) = overrides.count {
            self.count = Some(count);
            self.duration = None;
        }
        if let Some(duration) = overrides.duration {
            self.duration = Some(duration);
            self.count = None;
        }
        if let Some(rate) = overrides.rate {
            self.rate = Some(rate);
        }
        if let Some(concurrency) = overrides.concurrency {
            self.concurrency = Some(concurrency);
        }
    }
}

/// Requests per second over the whole of the stages.
pub(crate) fn average_rate(stages: &[Stage]) -> f64 {
    let seconds = schedule::total_duration(stages).as_secs_f64();
    let requests = Schedule::stages(stages).total_requests().unwrap_or(0.0);
    if seconds > 0.0 {
        requests / seconds
    } else {
        0.0
    }
}

/// Command-line values that replace a phase's own.
#[derive(Debug, Clone, Default, PartialEq)]
pub(crate) struct PhaseOverrides {
    pub(crate) count: Option<NonZeroU64>,
    pub(crate) duration: Option<DurationText>,
    pub(crate) rate: Option<Rate>,
    pub(crate) stages: Option<Vec<Stage>>,
    pub(crate) concurrency: Option<NonZeroUsize>,
}

/// How steps are chosen for each request.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub(crate) enum StepOrder {
    /// At random, in proportion to the weights (the default).
    #[default]
    Random,
    /// In a fixed interleaved cycle that honours the weights exactly (every step is visited).
    Cycle,
}

impl StepOrder {
    fn is_default(&self) -> bool {
        *self == StepOrder::Random
    }
}

/// Requests per second, or as fast as the target answers.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) enum Rate {
    PerSecond(f64),
    Max,
}

impl std::str::FromStr for Rate {
    type Err = ValueError;

    fn from_str(text: &str) -> Result<Rate, ValueError> {
        crate::cli::parse_rate(text)
            .map(Rate::from)
            .map_err(ValueError::Text)
    }
}

impl Rate {
    pub(crate) fn per_second(rate: f64) -> Result<Rate, ValueError> {
        crate::cli::positive_rate(rate)
            .map(Rate::PerSecond)
            .map_err(ValueError::Text)
    }
}

impl From<crate::cli::RateArg> for Rate {
    fn from(rate: crate::cli::RateArg) -> Rate {
        match rate {
            crate::cli::RateArg::PerSecond(rate) => Rate::PerSecond(rate),
            crate::cli::RateArg::Max => Rate::Max,
        }
    }
}

impl Serialize for Rate {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match self {
            Rate::PerSecond(rate) => serializer.serialize_f64(*rate),
            Rate::Max => serializer.serialize_str("max"),
        }
    }
}

impl<'de> Deserialize<'de> for Rate {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Rate, D::Error> {
        #[derive(Deserialize)]
        #[serde(untagged)]
        enum Written {
            Number(f64),
            Text(String),
        }
        let written = Written::deserialize(deserializer).map_err(|_| {
            serde::de::Error::custom("`rate` must be a number of requests per second or \"max\"")
        })?;
        match written {
            Written::Number(rate) => Rate::per_second(rate),
            Written::Text(text) => text.parse(),
        }
        .map_err(serde::de::Error::custom)
    }
}

/// A duration written the humantime way: "250ms", "10s", "5m".
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub(crate) struct DurationText(pub Duration);

impl std::str::FromStr for DurationText {
    type Err = ValueError;

    fn from_str(text: &str) -> Result<DurationText, ValueError> {
        crate::cli::parse_duration(text)
            .map(DurationText)
            .map_err(ValueError::Text)
    }
}

impl TryFrom<String> for DurationText {
    type Error = ValueError;
    fn try_from(text: String) -> Result<DurationText, ValueError> {
        text.parse()
    }
}

impl From<DurationText> for String {
    fn from(duration: DurationText) -> String {
        humantime::format_duration(duration.0).to_string()
    }
}

/// One kind of request.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct Step {
    pub(crate) name: String,
    #[serde(default = "one", skip_serializing_if = "is_one")]
    pub(crate) weight: NonZeroU32,
    #[serde(default, skip_serializing_if = "HttpMethod::is_get")]
    pub(crate) method: HttpMethod,
    pub(crate) path: PathTemplate,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub(crate) headers: Vec<HeaderLine>,
    /// A JSON body template (sent with `content-type: application/json` unless a header says
    /// otherwise).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub(crate) body: Option<JsonTemplate>,
    /// A body sent as it is written (templated), for non-JSON or deliberately malformed bodies.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub(crate) raw_body: Option<TextTemplate>,
    #[serde(default = "default_expect")]
    pub(crate) expect: Vec<Expectation>,
    /// Overrides `--timeout` for this step.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub(crate) timeout: Option<DurationText>,
}

fn one() -> NonZeroU32 {
    NonZeroU32::MIN
}

fn is_one(weight: &NonZeroU32) -> bool {
    weight.get() == 1
}

fn default_expect() -> Vec<Expectation> {
    vec![Expectation::StatusClass(2)]
}

/// An HTTP method, checked when read.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub(crate) struct HttpMethod(pub reqwest::Method);

impl Default for HttpMethod {
    fn default() -> HttpMethod {
        HttpMethod(reqwest::Method::GET)
    }
}

impl HttpMethod {
    fn is_get(&self) -> bool {
        self.0 == reqwest::Method::GET
    }
}

impl TryFrom<String> for HttpMethod {
    type Error = ValueError;
    fn try_from(text: String) -> Result<HttpMethod, ValueError> {
        reqwest::Method::from_bytes(text.to_ascii_uppercase().as_bytes())
            .map(HttpMethod)
            .map_err(|_| ValueError::Method(text))
    }
}

impl From<HttpMethod> for String {
    fn from(method: HttpMethod) -> String {
        method.0.to_string()
    }
}

/// A `Name: value` header line, checked when read.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub(crate) struct HeaderLine {
    pub(crate) name: reqwest::header::HeaderName,
    pub(crate) value: reqwest::header::HeaderValue,
}

impl std::str::FromStr for HeaderLine {
    type Err = ValueError;
    fn from_str(text: &str) -> Result<HeaderLine, ValueError> {
        crate::cli::parse_header(text)
            .map(HeaderLine::from)
            .map_err(ValueError::Text)
    }
}

impl From<crate::cli::HeaderArg> for HeaderLine {
    fn from(header: crate::cli::HeaderArg) -> HeaderLine {
        HeaderLine {
            name: header.name,
            value: header.value,
        }
    }
}

impl TryFrom<String> for HeaderLine {
    type Error = ValueError;
    fn try_from(text: String) -> Result<HeaderLine, ValueError> {
        text.parse()
    }
}

impl From<HeaderLine> for String {
    fn from(header: HeaderLine) -> String {
        format!(
            "{}: {}",
            header.name,
            header.value.to_str().unwrap_or_default()
        )
    }
}

/// A request path (and query) template; it must start with `/` and is appended to `--target`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub(crate) struct PathTemplate {
    pub(crate) source: String,
    pub(crate) template: Template,
}

impl TryFrom<String> for PathTemplate {
    type Error = ValueError;
    fn try_from(source: String) -> Result<PathTemplate, ValueError> {
        if !source.starts_with('/') {
            return Err(ValueError::RelativePath(source));
        }
        let template = Template::parse(&source)?;
        Ok(PathTemplate { source, template })
    }
}

impl From<PathTemplate> for String {
    fn from(path: PathTemplate) -> String {
        path.source
    }
}

/// A templated text body.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub(crate) struct TextTemplate {
    pub(crate) source: String,
    pub(crate) template: Template,
}

impl TryFrom<String> for TextTemplate {
    type Error = ValueError;
    fn try_from(source: String) -> Result<TextTemplate, ValueError> {
        let template = Template::parse(&source)?;
        Ok(TextTemplate { source, template })
    }
}

impl From<TextTemplate> for String {
    fn from(body: TextTemplate) -> String {
        body.source
    }
}

/// A templated JSON body.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(try_from = "serde_json::Value", into = "serde_json::Value")]
pub(crate) struct JsonTemplate {
    pub(crate) source: serde_json::Value,
    pub(crate) template: Template,
}

impl TryFrom<serde_json::Value> for JsonTemplate {
    type Error = ValueError;
    fn try_from(source: serde_json::Value) -> Result<JsonTemplate, ValueError> {
        let template = Template::from_json(&source)?;
        Ok(JsonTemplate { source, template })
    }
}

impl From<JsonTemplate> for serde_json::Value {
    fn from(body: JsonTemplate) -> serde_json::Value {
        body.source
    }
}

/// An outcome that counts as expected: a status (`404`), a status class (`"2xx"`) or an error
/// kind (`"timeout"`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(try_from = "ExpectationSpec", into = "ExpectationSpec")]
pub(crate) enum Expectation {
    Status(u16),
    StatusClass(u16),
    Error(ErrorKind),
}

#[derive(Serialize, Deserialize)]
#[serde(untagged)]
enum ExpectationSpec {
    Status(u16),
    Text(String),
}

impl TryFrom<ExpectationSpec> for Expectation {
    type Error = ValueError;
    fn try_from(spec: ExpectationSpec) -> Result<Expectation, ValueError> {
        match spec {
            ExpectationSpec::Status(status) if (100..=599).contains(&status) => {
                Ok(Expectation::Status(status))
            }
            ExpectationSpec::Status(status) => Err(ValueError::Status(status)),
            ExpectationSpec::Text(text) => {
                let bytes = text.as_bytes();
                if bytes.len() == 3
                    && (b'1'..=b'5').contains(&bytes[0])
                    && text[1..].eq_ignore_ascii_case("xx")
                {
                    return Ok(Expectation::StatusClass(u16::from(bytes[0] - b'0')));
                }
                ErrorKind::from_name(&text)
                    .map(Expectation::Error)
                    .ok_or(ValueError::Outcome(text))
            }
        }
    }
}

impl From<Expectation> for ExpectationSpec {
    fn from(expectation: Expectation) -> ExpectationSpec {
        match expectation {
            Expectation::Status(status) => ExpectationSpec::Status(status),
            Expectation::StatusClass(class) => ExpectationSpec::Text(format!("{class}xx")),
            Expectation::Error(kind) => ExpectationSpec::Text(kind.name().to_string()),
        }
    }
}

impl Expectation {
    pub(crate) fn matches_status(&self, status: u16) -> bool {
        match *self {
            Expectation::Status(expected) => expected == status,
            Expectation::StatusClass(class) => status / 100 == class,
            Expectation::Error(_) => false,
        }
    }

    pub(crate) fn matches_error(&self, kind: ErrorKind) -> bool {
        *self == Expectation::Error(kind)
    }
}

/// A value of a scenario (from a file, or from `load url`'s flags) that cannot be used.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub(crate) enum ValueError {
    #[error(transparent)]
    Template(#[from] TemplateError),
    /// A duration, rate or header, refused by the text parser flags and files share
    /// (`cli::parse_duration` and friends, whose messages clap shows as they are).
    #[error("{0}")]
    Text(String),
    #[error("phase `{0}` needs a `count` or a `duration` (a run is never unbounded)")]
    Unbounded(String),
    #[error("phase `{0}` sets both `count` and `duration`: keep one")]
    CountAndDuration(String),
    #[error("phase `{phase}` sets both `stages` and `rate` ({rate}): stages give the rate")]
    StagesAndRate { phase: String, rate: String },
    #[error("phase `{0}` sets `stages` and a `count` or `duration`: stages give the length")]
    StagesAndLength(String),
    #[error("phase `{0}` has an empty `stages` list")]
    NoStages(String),
    #[error("phase `{0}` has no steps")]
    NoSteps(String),
    #[error(
        "phase `{phase}`: `cycle` order needs weights summing to at most 100000 (got {total})"
    )]
    CycleWeights { phase: String, total: u64 },
    #[error("phase `{phase}`: two steps are named `{step}`")]
    SameStepName { phase: String, step: String },
    #[error("`{0}` is not an HTTP method")]
    Method(String),
    #[error("path `{0}` must start with `/` (it is appended to --target)")]
    RelativePath(String),
    #[error("expected status {0} is not an HTTP status (100-599)")]
    Status(u16),
    #[error(
        "`{0}` is not an expected outcome: use a status (404), a class (\"2xx\") or an error kind \
         ({kinds})",
        kinds = ErrorKind::ALL.map(|k| k.name()).join(", ")
    )]
    Outcome(String),
}

// ---- reading scenarios ----

/// A scenario file or name that cannot be used: a usage error.
#[derive(Debug, thiserror::Error)]
pub(crate) enum ScenarioError {
    #[error("cannot read scenario file {path}: {source}")]
    Unreadable {
        path: String,
        source: std::io::Error,
    },
    #[error("scenario file {origin}, line {line}, column {column}: {message}")]
    Invalid {
        origin: String,
        line: usize,
        column: usize,
        message: String,
    },
    #[error("unknown scenario `{0}` (built-in scenarios: {names})", names = BUILT_IN_NAMES.join(", "))]
    Unknown(String),
}

/// Reads a scenario from JSON text; `origin` names it in messages (a path, or `built-in quick`).
pub(crate) fn parse_scenario(text: &str, origin: &str) -> Result<Scenario, ScenarioError> {
    serde_json::from_str(text).map_err(|error| ScenarioError::Invalid {
        origin: origin.to_string(),
        line: error.line(),
        column: error.column(),
        // serde_json appends " at line L column C"; the prefix says it already.
        message: strip_position(&error.to_string()),
    })
}

fn strip_position(message: &str) -> String {
    match message.rfind(" at line ") {
        Some(at) => message[..at].to_string(),
        None => message.to_string(),
    }
}

pub(crate) fn read_scenario_file(path: &Path) -> Result<Scenario, ScenarioError> {
    let text = std::fs::read_to_string(path).map_err(|source| ScenarioError::Unreadable {
        path: path.display().to_string(),
        source,
    })?;
    parse_scenario(&text, &path.display().to_string())
}

/// Names `load show` accepts.
pub(crate) const BUILT_IN_NAMES: [&str; 6] =
    ["quick", "sustained", "errors", "purchase", "spike", "full"];

/// The embedded JSON of the built-ins that are files (`full` is assembled from the others).
fn built_in_text(name: &str) -> Option<&'static str> {
    match name {
        "quick" => Some(include_str!("../../scenarios/quick.json")),
        "sustained" => Some(include_str!("../../scenarios/sustained.json")),
        "errors" => Some(include_str!("../../scenarios/errors.json")),
        "purchase" => Some(include_str!("../../scenarios/purchase.json")),
        "spike" => Some(include_str!("../../scenarios/spike.json")),
        _ => None,
    }
}

/// Duration of the sustained phase at the end of `full`.
pub(crate) const FULL_SUSTAINED_DURATION: Duration = Duration::from_secs(60);

/// A built-in scenario by name.
pub(crate) fn built_in(name: &str) -> Result<Scenario, ScenarioError> {
    if let Some(text) = built_in_text(name) {
        return parse_scenario(text, &format!("built-in {name}"));
    }
    if name != "full" {
        return Err(ScenarioError::Unknown(name.to_string()));
    }
    let mut phases = Vec::new();
    for part in ["quick", "errors", "purchase", "sustained"] {
        phases.extend(built_in(part)?.phases);
    }
    if let Some(sustained) = phases.iter_mut().find(|p| p.name == "sustained") {
        sustained.duration = Some(DurationText(FULL_SUSTAINED_DURATION));
        sustained.count = None;
    }
    Ok(Scenario {
        name: "full".into(),
        description: "quick, errors, purchase, then a short sustained phase; one report per phase \
                      and a total"
            .into(),
        phases,
    })
}

/// The text `load show NAME` prints: the embedded file as written, or the assembled `full`.
pub(crate) fn built_in_source(name: &str) -> Result<String, ScenarioError> {
    if let Some(text) = built_in_text(name) {
        return Ok(text.to_string());
    }
    let scenario = built_in(name)?;
    Ok(serde_json::to_string_pretty(&scenario).expect("a scenario always serializes") + "\n")
}

impl fmt::Display for Rate {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Rate::PerSecond(rate) => write!(f, "{rate}/s"),
            Rate::Max => f.write_str("max"),
        }
    }
}

impl fmt::Display for Stop {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Stop::AfterCount(count) => write!(f, "{count} requests"),
            Stop::AfterDuration(duration) => write!(f, "{}", humantime::format_duration(*duration)),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_built_in_parses_and_round_trips() {
        for name in BUILT_IN_NAMES {
            let scenario = built_in(name).unwrap_or_else(|e| panic!("{name}: {e}"));
            assert!(!scenario.phases.is_empty(), "{name}");
            let text = built_in_source(name).unwrap();
            let again = parse_scenario(&text, name).unwrap();
            assert_eq!(again.phases.len(), scenario.phases.len());
        }
    }

    #[test]
    fn full_is_the_other_phases_with_a_short_sustained_tail() {
        let full = built_in("full").unwrap();
        let names: Vec<&str> = full.phases.iter().map(|p| p.name.as_str()).collect();
        assert_eq!(names, ["quick", "errors", "purchase", "sustained"]);
        assert_eq!(
            full.phases[3].stop(),
            Stop::AfterDuration(FULL_SUSTAINED_DURATION)
        );
    }

    fn error_of(text: &str) -> (usize, usize, String) {
        match parse_scenario(text, "test.json").unwrap_err() {
            ScenarioError::Invalid {
                line,
                column,
                message,
                ..
            } => (line, column, message),
            other => panic!("{other}"),
        }
    }

    #[test]
    fn mistakes_come_with_line_and_column() {
        let (line, _, message) = error_of("{\n  \"name\": \"x\",\n  \"phases\": [\n    {\"name\": \"p\", \"count\": 0, \"steps\": []}\n  ]\n}");
        assert_eq!(line, 4);
        assert!(message.contains("nonzero"), "{message}");

        let (line, _, message) = error_of("{\"name\": \"x\", \"phases\": [{\"name\": \"p\", \"count\": 1, \"steps\": [\n{\"name\": \"s\", \"path\": \"/a/{{nope}}\"}]}]}");
        assert_eq!(line, 2);
        assert!(message.contains("unknown placeholder `nope`"), "{message}");

        let (_, _, message) = error_of("{\"name\": \"x\", \"phases\": [{\"name\": \"p\", \"steps\": [{\"name\": \"s\", \"path\": \"/\"}]}]}");
        assert!(
            message.contains("needs a `count` or a `duration`"),
            "{message}"
        );

        let (_, _, message) = error_of("{\"name\": \"x\", \"phases\": [{\"name\": \"p\", \"count\": 1, \"rate\": 0, \"steps\": [{\"name\": \"s\", \"path\": \"/\"}]}]}");
        assert!(message.contains("rate must be above 0"), "{message}");

        let (_, _, message) = error_of("{\"name\": \"x\", \"phases\": [], \"bogus\": 1}");
        assert!(message.contains("unknown field `bogus`"), "{message}");

        let (line, column, _) = error_of("{\"name\": \"x\",\n \"phases\": [,]}");
        assert_eq!((line, column), (2, 13));
    }

    #[test]
    fn expectations_read_statuses_classes_and_error_kinds() {
        let parse = |text: &str| serde_json::from_str::<Vec<Expectation>>(text);
        let read = parse("[404, \"2xx\", \"timeout\"]").unwrap();
        assert_eq!(
            read,
            [
                Expectation::Status(404),
                Expectation::StatusClass(2),
                Expectation::Error(ErrorKind::Timeout)
            ]
        );
        assert!(read[1].matches_status(204) && !read[1].matches_status(301));
        assert!(parse("[\"7xx\"]").is_err());
        assert!(parse("[42]").is_err());
    }

    #[test]
    fn overrides_swap_count_and_duration() {
        let mut phase = built_in("sustained").unwrap().phases.remove(0);
        phase.apply(&PhaseOverrides {
            count: NonZeroU64::new(7),
            ..Default::default()
        });
        assert_eq!(phase.stop(), Stop::AfterCount(7));
        phase.apply(&PhaseOverrides {
            duration: Some(DurationText(Duration::from_secs(2))),
            rate: Some(Rate::Max),
            concurrency: NonZeroUsize::new(3),
            ..Default::default()
        });
        assert_eq!(phase.stop(), Stop::AfterDuration(Duration::from_secs(2)));
        assert_eq!(phase.pacing(), Pacing::Closed { concurrency: 3 });
    }

    #[test]
    fn rates_and_durations_from_text() {
        assert_eq!("max".parse::<Rate>(), Ok(Rate::Max));
        assert_eq!("250".parse::<Rate>(), Ok(Rate::PerSecond(250.0)));
        assert!("0".parse::<Rate>().is_err());
        assert!("-3".parse::<Rate>().is_err());
        assert!("fast".parse::<Rate>().is_err());
        assert_eq!(
            "250ms".parse::<DurationText>(),
            Ok(DurationText(Duration::from_millis(250)))
        );
        assert!("0s".parse::<DurationText>().is_err());
        assert!("-5s".parse::<DurationText>().is_err());
        assert!("soon".parse::<DurationText>().is_err());
    }
}
