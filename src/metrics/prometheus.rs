//! The Prometheus path, for a stack without a DogStatsD agent: the batch-job conventions. The
//! run's metrics are kept in a registry of the `prometheus` crate while it runs and, when it ends
//! (`Metrics::finish`), pushed to a Pushgateway (`--pushgateway URL`: `PUT
//! /metrics/job/thumbctl/instance/<host>/<tag>/<value>...`, so a re-run replaces its group) and/or
//! written for node_exporter's textfile collector (`--prom-textfile PATH`, atomically: a
//! temporary file in the same folder, renamed over PATH).
//!
//! Resize records into it from the same calls that send DogStatsD lines (once per thumbnail and
//! per source); load from its per-driver batches, about once a second, never per request.
//! A gateway that is down, or a textfile that cannot be written, costs one warning line.

use std::path::{Path, PathBuf};
use std::sync::{Arc, OnceLock};
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use prometheus::{
    exponential_buckets, Encoder, GaugeVec, HistogramOpts, HistogramVec, IntCounterVec, Opts,
    Registry, TextEncoder,
};

use crate::cli::PrometheusArgs;

/// How long the push may take before the run gives up on it.
const PUSH_TIMEOUT: Duration = Duration::from_secs(2);

/// The run's Prometheus metrics. Names follow Prometheus conventions: base units (seconds,
/// bytes), `_total` on counters.
pub(crate) struct Prometheus {
    registry: Registry,
    pushgateway: Option<String>,
    textfile: Option<PathBuf>,
    /// `--tag` labels, in the grouping key of the push.
    grouping: Vec<(String, String)>,
    instance: String,
    pub(super) sources: IntCounterVec,
    pub(super) thumbnails: IntCounterVec,
    pub(super) thumbnail_bytes: IntCounterVec,
    pub(super) thumbnail_seconds: HistogramVec,
    pub(super) bytes_read: IntCounterVec,
    pub(super) resize_seconds: GaugeVec,
    pub(super) requests: IntCounterVec,
    pub(super) request_seconds: HistogramVec,
    pub(super) load_seconds: GaugeVec,
    last_run: GaugeVec,
}

static GLOBAL: OnceLock<Option<Arc<Prometheus>>> = OnceLock::new();

/// A Prometheus label name from a tag key: `[a-zA-Z_][a-zA-Z0-9_]*`, other characters `_`.
fn label_name(key: &str) -> String {
    let mut name: String = key
        .chars()
        .map(|c| if c.is_ascii_alphanumeric() { c } else { '_' })
        .collect();
    if name.starts_with(|c: char| c.is_ascii_digit()) || name.is_empty() {
        name.insert(0, '_');
    }
    name
}

fn host_name() -> String {
    let mut buffer = [0u8; 256];
    // SAFETY: the buffer is valid for its length; gethostname writes at most that and NUL-ends it
    // when it fits.
    let done = unsafe { libc::gethostname(buffer.as_mut_ptr().cast(), buffer.len()) };
    let end = buffer.iter().position(|&b| b == 0).unwrap_or(buffer.len());
    if done == 0 && end > 0 {
        String::from_utf8_lossy(&buffer[..end]).into_owned()
    } else {
        "unknown".into()
    }
}

impl Prometheus {
    fn new(args: &PrometheusArgs, flag_tags: &[String]) -> prometheus::Result<Prometheus> {
        let service = crate::apm::unified_service();
        let mut grouping: Vec<(String, String)> = Vec::new();
        for tag in flag_tags {
            if let Some((key, value)) = tag.split_once(':') {
                let key = label_name(key.trim());
                if key != "job" && key != "instance" {
                    grouping.push((key, value.trim().to_string()));
                }
            }
        }
        // The unified service tags label every metric, as they tag every span and DogStatsD
        // line; a --tag of the same key is in the grouping key instead, with the same value.
        let mut constant = std::collections::HashMap::new();
        for (key, value) in [
            ("service", Some(&service.service)),
            ("env", service.env.as_ref()),
            ("version", service.version.as_ref()),
        ] {
            if let Some(value) = value {
                if !grouping.iter().any(|(k, _)| k == key) {
                    constant.insert(key.to_string(), value.clone());
                }
            }
        }
        let registry = Registry::new_custom(None, Some(constant))?;
        let counter =
            |name: &str, help: &str, labels: &[&str]| -> prometheus::Result<IntCounterVec> {
                let metric = IntCounterVec::new(Opts::new(name, help), labels)?;
                registry.register(Box::new(metric.clone()))?;
                Ok(metric)
            };
        let gauge = |name: &str, help: &str, labels: &[&str]| -> prometheus::Result<GaugeVec> {
            let metric = GaugeVec::new(Opts::new(name, help), labels)?;
            registry.register(Box::new(metric.clone()))?;
            Ok(metric)
        };
        let histogram = |name: &str, help: &str, labels: &[&str], buckets: Vec<f64>| {
            let metric =
                HistogramVec::new(HistogramOpts::new(name, help).buckets(buckets), labels)?;
            registry.register(Box::new(metric.clone()))?;
            Ok::<_, prometheus::Error>(metric)
        };
        Ok(Prometheus {
            sources: counter(
                "thumbctl_resize_sources_total",
                "Source images done, by status (success, skipped, error) and failure reason.",
                &["status", "reason"],
            )?,
            thumbnails: counter(
                "thumbctl_resize_thumbnails_total",
                "Thumbnails written, by size and format.",
                &["size", "format"],
            )?,
            thumbnail_bytes: counter(
                "thumbctl_resize_thumbnail_bytes_total",
                "Bytes of thumbnails written, by size and format.",
                &["size", "format"],
            )?,
            thumbnail_seconds: histogram(
                "thumbctl_resize_thumbnail_duration_seconds",
                "Time to make, encode and write one thumbnail, by size.",
                &["size"],
                exponential_buckets(0.001, 2.0, 14)?,
            )?,
            bytes_read: counter(
                "thumbctl_resize_source_bytes_total",
                "Bytes of source images read.",
                &[],
            )?,
            resize_seconds: gauge(
                "thumbctl_resize_duration_seconds",
                "How long the last resize run took.",
                &[],
            )?,
            requests: counter(
                "thumbctl_load_requests_total",
                "Requests sent, by scenario, step, method, status (or error kind) and outcome.",
                &["scenario", "step", "method", "status", "outcome"],
            )?,
            request_seconds: histogram(
                "thumbctl_load_request_duration_seconds",
                "Latency of answered requests (from when each was due), by scenario, step and method.",
                &["scenario", "step", "method"],
                exponential_buckets(0.0005, 2.0, 16)?,
            )?,
            load_seconds: gauge(
                "thumbctl_load_duration_seconds",
                "How long the last load run took, by scenario.",
                &["scenario"],
            )?,
            last_run: gauge(
                "thumbctl_last_run_timestamp_seconds",
                "When the last run of a subcommand ended (Unix time).",
                &["command"],
            )?,
            registry,
            pushgateway: args.pushgateway.clone(),
            textfile: args.prom_textfile.clone(),
            grouping,
            instance: host_name(),
        })
    }

    /// Marks the end of a run of `command` (`resize`, `load`).
    pub(super) fn run_ended(&self, command: &str) {
        let now = SystemTime::now()
            .duration_since(UNIX_EPOCH)
            .map_or(0.0, |d| d.as_secs_f64());
        self.last_run.with_label_values(&[command]).set(now.round());
    }

    /// The registry in the text exposition format (0.0.4).
    fn render(&self) -> Vec<u8> {
        let mut text = Vec::new();
        // Encoding our own registry into a Vec cannot fail.
        let _ = TextEncoder::new().encode(&self.registry.gather(), &mut text);
        text
    }

    /// Pushes and writes the metrics where the flags say; failures are warnings.
    pub(super) fn publish(&self) {
        if self.pushgateway.is_none() && self.textfile.is_none() {
            return;
        }
        let text = self.render();
        if let Some(path) = &self.textfile {
            if let Err(error) = write_atomically(path, &text) {
                tracing::warn!(
                    "prometheus: cannot write --prom-textfile {}: {error}",
                    path.display()
                );
            }
        }
        if let Some(url) = &self.pushgateway {
            let group = self.group_url(url);
            if let Err(error) = push(&group, text) {
                tracing::warn!(
                    "prometheus: cannot push to the Pushgateway at {url}: {error}; the run itself \
                     is not affected"
                );
            }
        }
    }

    /// `URL/metrics/job/thumbctl/instance/<host>/<label>/<value>...`, each part path-encoded.
    fn group_url(&self, base: &str) -> String {
        let mut url = format!("{}/metrics/job/thumbctl", base.trim_end_matches('/'));
        let mut add = |key: &str, value: &str| {
            url.push('/');
            url.push_str(key);
            url.push('/');
            url.extend(url::form_urlencoded::byte_serialize(value.as_bytes()));
        };
        add("instance", &self.instance);
        for (key, value) in &self.grouping {
            add(key, value);
        }
        // form encoding writes spaces as '+', which a path keeps literally.
        url.replace('+', "%20")
    }
}

/// `PUT` of the whole group, so what an earlier run pushed is replaced.
fn push(url: &str, body: Vec<u8>) -> Result<(), String> {
    crate::one_request::send(PUSH_TIMEOUT, |client| async move {
        let answer = client
            .put(url)
            .header("content-type", "text/plain; version=0.0.4")
            .body(body)
            .send()
            .await
            .map_err(|e| crate::one_request::reason(&e))?;
        if answer.status().is_success() {
            Ok(())
        } else {
            let status = answer.status().as_u16();
            let text = answer.text().await.unwrap_or_default();
            Err(format!("it answered HTTP {status} {}", text.trim()))
        }
    })
}

/// Writes `bytes` to a temporary file beside `path` and renames it over `path`, so the textfile
/// collector never reads half a file.
fn write_atomically(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    use std::io::Write;
    let dir = match path.parent() {
        Some(dir) if !dir.as_os_str().is_empty() => dir,
        _ => Path::new("."),
    };
    let mut file = tempfile::Builder::new()
        .prefix(".thumbctl-prom-")
        .tempfile_in(dir)?;
    file.write_all(bytes)?;
    file.as_file().sync_all()?;
    file.persist(path).map_err(|e| e.error)?;
    Ok(())
}

/// Sets up the Prometheus metrics of this process from the flags (once; later calls keep the
/// first). Nothing is kept when neither `--pushgateway` nor `--prom-textfile` is given.
pub(crate) fn init(args: &PrometheusArgs, flag_tags: &[String]) {
    GLOBAL.get_or_init(|| {
        if args.pushgateway.is_none() && args.prom_textfile.is_none() {
            return None;
        }
        match Prometheus::new(args, flag_tags) {
            Ok(prometheus) => Some(Arc::new(prometheus)),
            Err(error) => {
                tracing::warn!("prometheus: cannot set up the metrics: {error}");
                None
            }
        }
    });
}

/// The process's Prometheus metrics, when asked for.
pub(super) fn global() -> Option<Arc<Prometheus>> {
    GLOBAL.get().cloned().flatten()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn label_names_follow_prometheus_rules() {
        assert_eq!(label_name("team"), "team");
        assert_eq!(label_name("dd.team-name"), "dd_team_name");
        assert_eq!(label_name("1x"), "_1x");
    }

    #[test]
    fn the_group_url_holds_job_instance_and_tags() {
        let args = PrometheusArgs {
            pushgateway: Some("http://gw:9091/".into()),
            prom_textfile: None,
        };
        let prometheus =
            Prometheus::new(&args, &["team:images".into(), "site:a b".into()]).unwrap();
        let url = prometheus.group_url("http://gw:9091/");
        let host = host_name();
        assert_eq!(
            url,
            format!("http://gw:9091/metrics/job/thumbctl/instance/{host}/team/images/site/a%20b")
        );
    }
}
