//! `load upload DIR`: posts every image of a directory as a multipart file field (`file` unless
//! `--file-field` says otherwise) with the `-F` form fields and `-H` headers, a few at a time and
//! optionally at a `--rate`, `--repeat` times over, and reports each upload, so a CI job can seed
//! the image pipeline with demo data. Header values (tokens) are marked sensitive and never
//! written anywhere: not in logs, the report or metrics.

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use futures_util::stream::{self, StreamExt};
use tokio::sync::watch;

use super::client::{build_client, classify, error_chain};
use super::engine::RunSettings;
use super::error::PlanError;
use super::error_kind::ErrorKind;
use super::report::FileResult;
use super::scenario::{Pacing, Stop};
use super::stats::{PhaseResult, PhaseStats, StepInfo};
use super::template::SplitMix64;
use crate::cli::{RateArg, UploadArgs};

/// The extensions posted: the images `resize` takes too.
fn image_extensions() -> impl Iterator<Item = &'static str> {
    crate::cli::IMAGE_EXTENSIONS.split(',')
}

pub(crate) struct UploadPlan {
    files: Vec<PathBuf>,
    path: String,
    concurrency: usize,
    /// `-H`, values marked sensitive.
    headers: reqwest::header::HeaderMap,
    /// `-F NAME=VALUE`, sent with every file.
    fields: Vec<(String, String)>,
    file_field: String,
    /// Uploads started per second; None: as fast as they answer.
    rate: Option<f64>,
    /// Uploads in all: the files, `--repeat` times over.
    uploads: usize,
}

impl UploadPlan {
    /// Lists the images (not recursively, sorted by name). An unreadable or image-less directory
    /// is a usage error.
    pub(crate) fn new(args: &UploadArgs) -> Result<UploadPlan, PlanError> {
        let dir = &args.dir;
        let entries = std::fs::read_dir(dir).map_err(|source| PlanError::UploadDir {
            dir: dir.clone(),
            source,
        })?;
        let mut files: Vec<PathBuf> = entries
            .filter_map(Result::ok)
            .map(|entry| entry.path())
            .filter(|path| path.is_file() && is_image(path))
            .collect();
        files.sort();
        if files.is_empty() {
            return Err(PlanError::NoImages {
                dir: dir.clone(),
                looked_for: image_extensions().collect::<Vec<_>>().join(", "),
            });
        }
        if !args.path.starts_with('/') {
            return Err(PlanError::UploadPath(args.path.clone()));
        }
        let mut headers = reqwest::header::HeaderMap::new();
        for text in &args.headers {
            let header = crate::cli::parse_header(text).map_err(|why| {
                // parse_header names a bad value's header, never the value; a line without a
                // colon is shown up to its first space at most.
                match text.split_once(':') {
                    Some(_) => PlanError::UploadHeader(why),
                    None => PlanError::UploadHeader(format!(
                        "`{}...` is not of the form `Name: value`",
                        text.split(' ').next().unwrap_or_default()
                    )),
                }
            })?;
            let mut value = header.value;
            value.set_sensitive(true);
            headers.append(header.name, value);
        }
        let uploads = files.len().saturating_mul(args.repeat.get() as usize);
        Ok(UploadPlan {
            files,
            path: args.path.clone(),
            concurrency: args.concurrency.get(),
            headers,
            fields: args
                .fields
                .iter()
                .map(|f| (f.name.clone(), f.value.clone()))
                .collect(),
            file_field: args.file_field.clone(),
            rate: match args.rate {
                Some(RateArg::PerSecond(rate)) => Some(rate),
                Some(RateArg::Max) | None => None,
            },
            uploads,
        })
    }
}

fn is_image(path: &Path) -> bool {
    path.extension()
        .and_then(|e| e.to_str())
        .is_some_and(|e| image_extensions().any(|known| e.eq_ignore_ascii_case(known)))
}

fn mime_of(path: &Path) -> &'static str {
    match path
        .extension()
        .and_then(|e| e.to_str())
        .map(str::to_ascii_lowercase)
        .as_deref()
    {
        Some("jpg" | "jpeg") => "image/jpeg",
        Some("png") => "image/png",
        Some("gif") => "image/gif",
        Some("webp") => "image/webp",
        Some("bmp") => "image/bmp",
        Some("tif" | "tiff") => "image/tiff",
        _ => "application/octet-stream",
    }
}

/// Uploads the files; stops starting new ones after Ctrl-C.
pub(crate) async fn run(
    plan: &UploadPlan,
    settings: &RunSettings,
    stop: watch::Receiver<bool>,
) -> (PhaseResult, Vec<FileResult>) {
    let client = build_client(settings.timeout, settings.insecure, plan.concurrency);
    let url = format!("{}{}", settings.target, plan.path);
    // One phase, `upload`, under the run span (with traces on); each upload a client span.
    let _phase_span = crate::apm::load::phase_started(&settings.scenario_name, "upload");
    let started = Instant::now();
    let files = plan.files.iter().cycle().take(plan.uploads).enumerate();
    let uploads = stream::iter(files)
        .take_while(|_| {
            let stopped = *stop.borrow();
            async move { !stopped }
        })
        .map(|(index, file)| {
            let due = plan
                .rate
                .map(|rate| started + Duration::from_secs_f64(index as f64 / rate));
            upload_one(&client, &url, plan, settings, index, file, due)
        })
        .buffer_unordered(plan.concurrency);
    let mut results: Vec<(usize, FileResult, Duration, Outcome)> = uploads.collect().await;
    results.sort_by_key(|(index, ..)| *index);

    let mut stats = PhaseStats::new(1, 0);
    let step = &mut stats.steps[0];
    // The same metrics as the engine's, through the same batch: tagged scenario and step
    // `upload`, method POST.
    let mut batch = settings
        .metrics
        .load_batch(&settings.scenario_name, &[("upload", "POST")]);
    let now = Instant::now();
    for (_, file, latency, outcome) in &results {
        match *outcome {
            Outcome::Answered(status) => {
                step.record_status(status, file.expected, 0);
                step.record_latency(*latency, *latency);
                batch.request_completed(0, status, file.expected, *latency, now);
            }
            Outcome::Failed(kind) => {
                step.record_error(kind, false);
                batch.request_failed(0, kind.name(), now);
            }
            // Never sent: no request metric.
            Outcome::Unreadable => step.record_error(ErrorKind::Other, false),
        }
    }
    batch.flush();
    stats.sent = results.len() as u64;
    let phase = PhaseResult {
        name: "upload".into(),
        pacing: match plan.rate {
            Some(rate) => Pacing::Open {
                rate,
                max_in_flight: plan.concurrency,
            },
            None => Pacing::Closed {
                concurrency: plan.concurrency,
            },
        },
        stop: Stop::AfterCount(plan.uploads as u64),
        steps: vec![StepInfo {
            name: "upload".into(),
            method: "POST".into(),
            path: plan.path.clone(),
        }],
        stages: Vec::new(),
        stats,
        elapsed: started.elapsed(),
        interrupted: *stop.borrow(),
    };
    let files = results.into_iter().map(|(_, file, ..)| file).collect();
    (phase, files)
}

/// How one upload ended.
#[derive(Debug, Clone, Copy)]
enum Outcome {
    Answered(u16),
    /// Sent, but no answer.
    Failed(ErrorKind),
    /// The file could not be read, so nothing was sent.
    Unreadable,
}

async fn upload_one(
    client: &reqwest::Client,
    url: &str,
    plan: &UploadPlan,
    settings: &RunSettings,
    index: usize,
    file: &Path,
    due: Option<Instant>,
) -> (usize, FileResult, Duration, Outcome) {
    if let Some(due) = due {
        tokio::time::sleep_until(due.into()).await;
    }
    let name = file
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let (trace, mut span) = crate::apm::load::request_started(&mut SplitMix64::new(rand::random()));
    let request_id = trace.request_id();
    let mut headers = plan.headers.clone();
    trace.add_headers(&mut headers);
    let started = Instant::now();
    let mut result = FileResult {
        file: file.display().to_string(),
        bytes: 0,
        status: None,
        error: None,
        expected: false,
        latency_ms: 0.0,
        request_id: request_id.clone(),
    };
    let data = match tokio::fs::read(file).await {
        Ok(data) => data,
        Err(error) => {
            result.error = Some(format!("cannot read: {error}"));
            return (index, result, started.elapsed(), Outcome::Unreadable);
        }
    };
    result.bytes = data.len() as u64;
    let part = reqwest::multipart::Part::bytes(data)
        .file_name(name)
        .mime_str(mime_of(file))
        .expect("constant MIME types are valid");
    let mut form = reqwest::multipart::Form::new();
    for (name, value) in &plan.fields {
        form = form.text(name.clone(), value.clone());
    }
    let form = form.part(plan.file_field.clone(), part);
    let response = client
        .post(url)
        .timeout(settings.timeout)
        .headers(headers)
        .multipart(form)
        .send()
        .await;
    let outcome = match response {
        Ok(response) => {
            let status = response.status().as_u16();
            match response.bytes().await {
                Ok(_) => Ok(status),
                Err(error) => Err(error),
            }
        }
        Err(error) => Err(error),
    };
    let latency = started.elapsed();
    result.latency_ms = (latency.as_secs_f64() * 1_000_000.0).round() / 1000.0;
    let outcome = match outcome {
        Ok(status) => {
            result.status = Some(status);
            result.expected = (200..300).contains(&status);
            Outcome::Answered(status)
        }
        Err(error) => {
            let kind = classify(&error);
            result.error = Some(format!("{}: {}", kind.name(), error_chain(&error)));
            Outcome::Failed(kind)
        }
    };
    if span.is_on() {
        span.finish(crate::apm::load::RequestEnd {
            scenario: &settings.scenario_name,
            phase: "upload",
            step: "upload",
            method: "POST",
            result: match outcome {
                Outcome::Answered(status) => Ok(status),
                Outcome::Failed(kind) => Err(kind.name()),
                Outcome::Unreadable => Err(ErrorKind::Other.name()),
            },
            expected: result.expected,
        });
    }
    (index, result, latency, outcome)
}
