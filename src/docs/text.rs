//! The prose of the man pages that `--help` cannot carry. Metric names come from `crate::metrics`
//! and exit codes from `crate::exit`, so this file holds only words.

use super::Section;

/// Environment variables thumbctl reads, with what each does.
pub(crate) const ENVIRONMENT: &[(&str, &str)] = &[
    ("RUST_LOG", "Log filter for the stderr log lines, e.g. thumbctl=debug; wins over -v and -vv."),
    ("DD_DOGSTATSD_URL", "Where metrics go when --statsd is not given: udp://HOST:PORT or unix:///path/to/dsd.socket."),
    ("DD_AGENT_HOST", "Agent host used when neither --statsd nor DD_DOGSTATSD_URL is set (default localhost)."),
    ("DD_DOGSTATSD_PORT", "Agent DogStatsD port used with DD_AGENT_HOST (default 8125)."),
    ("DD_ENV", "Adds the constant tag env:VALUE to every metric (unified service tagging)."),
    ("DD_SERVICE", "Adds the constant tag service:VALUE to every metric (default thumbctl)."),
    ("DD_VERSION", "Adds the constant tag version:VALUE to every metric."),
    ("DD_TAGS", "More constant tags, comma or space separated, as key:value."),
    ("DD_ENTITY_ID", "Adds the constant tag dd.internal.entity_id:VALUE (origin detection in Kubernetes)."),
];

pub(crate) fn sections_for(is_resize: bool, is_load: bool) -> Vec<Section> {
    let mut sections = vec![metrics_section(is_resize, is_load)];
    if is_resize {
        sections.push(Section {
            heading: "EXAMPLES",
            paragraphs: vec![
                "Thumbnails of a whole tree at the default sizes (small 150, medium 400, large 800):".into(),
                "$ thumbctl resize photos/ --out thumbs/".into(),
            ],
        });
    }
    if is_load {
        sections.push(Section {
            heading: "EXAMPLES",
            paragraphs: vec![
                "A quick burst against the workshop app on port 3001:".into(),
                "$ thumbctl load quick".into(),
            ],
        });
    }
    sections
}

/// The metrics a page's subcommands send, straight from the catalogue in `crate::metrics`.
fn metrics_section(is_resize: bool, is_load: bool) -> Section {
    use crate::metrics::{Kind, CATALOGUE};
    let mut paragraphs = vec![
        "Sent to DogStatsD while the work runs (see --statsd and the DD_* variables). Timings are \
         distributions (|d) unless --timing-type timer. Every metric also carries the constant tags \
         (service, env, version, DD_TAGS, --tag)."
            .to_string(),
    ];
    for metric in CATALOGUE {
        let is_load_metric = metric.name.starts_with("thumbctl.load.");
        if (is_load_metric && !is_load) || (!is_load_metric && !is_resize) {
            continue;
        }
        let kind = match metric.kind {
            Kind::Counter => "counter",
            Kind::Gauge => "gauge",
            Kind::Histogram => "histogram",
            Kind::Timing => "timing",
        };
        let tags = if metric.tags.is_empty() {
            "no tags".to_string()
        } else {
            format!("tags {}", metric.tags.join(", "))
        };
        paragraphs.push(format!(
            "{} :: {kind}, {}; {tags}.",
            metric.name, metric.unit
        ));
    }
    Section {
        heading: "METRICS",
        paragraphs,
    }
}
