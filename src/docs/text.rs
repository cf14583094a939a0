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
        sections.push(resize_notes());
    }
    if is_load {
        sections.push(scenario_format());
    }
    let mut examples = Vec::new();
    if is_resize {
        examples.extend(RESIZE_EXAMPLES.iter().map(|line| line.to_string()));
    }
    if is_load {
        examples.extend(LOAD_EXAMPLES.iter().map(|line| line.to_string()));
    }
    sections.push(Section {
        heading: "EXAMPLES",
        paragraphs: examples,
    });
    sections
}

/// Example paragraphs: a line starting with `$ ` is a command, shown verbatim (and parsed by a test).
const RESIZE_EXAMPLES: &[&str] = &[
    "Thumbnails of a whole tree at the default sizes (small 150, medium 400, large 800):",
    "$ thumbctl resize photos/ --out thumbs/",
    "Two sizes of a few files and folders, as WebP:",
    "$ thumbctl resize a.jpg b.png dir1/ dir2/ --out thumbs/ --sizes small,large --format webp",
    "A square avatar, cropped to fill the box, with one JSON line per source for a script:",
    "$ thumbctl resize photos/ --out thumbs/ --size avatar=96x96 --sizes avatar --fit cover --json",
    "In a shell script, stop at the first broken file and keep stderr for the log:",
    "$ thumbctl resize incoming/ --out public/thumbs --fail-fast --quiet || exit 1",
    "In CI, four jobs share one tree with no coordination (job K of 4 runs):",
    "$ thumbctl resize photos/ --out thumbs/ --shard 2/4 --tag ci_job:thumbs",
    "Re-running over an unchanged tree skips every source whose thumbnails are up to date; \
     --force redoes them.",
];

const LOAD_EXAMPLES: &[&str] = &[
    "A quick burst against the workshop app on port 3001, then the failure scenario:",
    "$ thumbctl load quick",
    "$ thumbctl load errors --target http://localhost:3001",
    "A steady mix for five minutes at 10 requests per second:",
    "$ thumbctl load sustained --duration 300s --rate 10",
    "Seed demo data in a CI job, failing the job if anything unexpected happened:",
    "$ thumbctl load purchase --count 20 --interval 1s --max-error-rate 0%",
    "$ thumbctl load upload ./photos --path /api/images",
    "A throughput test of one URL, closed loop, like oha or hey:",
    "$ thumbctl load url http://localhost:8080/ -c 16 --duration 10s",
    "A CI gate on latency and errors (exit 3 when a gate fails):",
    "$ thumbctl load run --scenario smoke.json --max-p99 500ms --max-error-rate 1% --output-format json",
    "Two load generators sharing a 2000 requests/s target, told apart by a tag:",
    "$ thumbctl load url http://shop.internal/ --rate 1000 --duration 5m --tag generator:a",
    "$ thumbctl load url http://shop.internal/ --rate 1000 --duration 5m --tag generator:b",
    "Print a built-in scenario to start your own from:",
    "$ thumbctl load show sustained",
];

fn resize_notes() -> Section {
    Section {
        heading: "ORIENTATION, COLOUR AND SAFETY",
        paragraphs: vec![
            "The EXIF orientation (all 8 values) is applied to the pixels and no EXIF is written, so \
             thumbnails are upright everywhere. The source's ICC profile is carried into the thumbnail \
             when it describes the thumbnail's pixels (RGB or gray); CMYK and YCCK JPEGs are converted to \
             sRGB through their own profile, or without one through the built-in SWOP profile (CGATS TR \
             001, CC0) or --cmyk-profile, and their CMYK profile is dropped. Other metadata is not copied."
                .into(),
            "Every thumbnail is written to a temporary file in its folder and renamed into place, so a \
             crash, a full disk or Ctrl-C never leaves a partial file. Sources are only read. Two sources \
             that would write the same output are both reported as collisions and neither is written."
                .into(),
            "--shard K/N keeps the sources whose path relative to their input hashes (FNV-1a 64) to \
             shard K of N: N jobs with K = 1..N process every file exactly once."
                .into(),
        ],
    }
}

fn scenario_format() -> Section {
    Section {
        heading: "SCENARIO FILE FORMAT",
        paragraphs: vec![
            "A scenario is a JSON object with a name, an optional description and phases, run one \
             after the other. thumbctl load show NAME prints a built-in one."
                .into(),
            "phase :: name; exactly one of count (requests) or duration (\"30s\"); rate (requests per \
             second, open model, or \"max\"; absent: closed model); concurrency (in-flight cap, or \
             number of loops in the closed model); order (random by weight, or cycle); steps."
                .into(),
            "step :: name; weight (default 1); method (default GET); path (appended to --target); \
             headers (\"Name: value\" strings); body (a JSON template) or raw_body (text sent as \
             written); expect (statuses such as 404, classes such as \"2xx\" (the default), or error \
             kinds such as \"timeout\"); timeout."
                .into(),
            "templates :: {{seq}} (request number in the phase), {{int A B}}, {{decimal A B}}, \
             {{pick a b c}}, {{uuid}}. In a JSON body, a string that is exactly one seq, int or \
             decimal placeholder becomes a JSON number. --seed N makes the request sequence \
             reproducible."
                .into(),
            "Mistakes in a scenario file are usage errors (exit 2) that name the file, line and column."
                .into(),
        ],
    }
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
