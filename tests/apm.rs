//! APM traces against Datadog's APM test agent (`ddapm-test-agent`, pip), which decodes what the
//! tracer sent and lists it at `GET /test/traces`; and a ddtrace-instrumented Flask app under
//! gunicorn sending to the same agent, whose `flask.request` spans must hang under thumbctl's
//! client spans. Also: an agent that is absent, never answers or answers 500 changes nothing
//! but one warning.
//!
//! `THUMBCTL_TEST_APM_VENV` names the bin folder holding `ddapm-test-agent`, `ddtrace-run` and
//! `gunicorn` (`.ci/peers-obs.sh` makes it). Without it these tests say they did not run; with
//! `CI` set they fail instead. Each test starts its own agent on free 127.0.0.1 ports.

mod common;
#[path = "common/workshop.rs"]
mod workshop;

use std::collections::{BTreeMap, BTreeSet};
use std::io::{Read, Write};
use std::net::TcpListener;
use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use common::{free_port, http_get, RunOutcome, TestDir};
use serde_json::Value;

/// The venv's bin folder, or None (after saying why) when these tests cannot run here.
fn venv_bin() -> Option<PathBuf> {
    match std::env::var_os("THUMBCTL_TEST_APM_VENV") {
        Some(dir) => Some(PathBuf::from(dir)),
        None if std::env::var_os("CI").is_some() => {
            panic!("CI is set but THUMBCTL_TEST_APM_VENV is not: .ci/peers-obs.sh should set it")
        }
        None => {
            eprintln!("skipped: THUMBCTL_TEST_APM_VENV is not set (see .ci/peers-obs.sh)");
            None
        }
    }
}

/// A process killed when the test ends.
struct Peer(Child);

impl Drop for Peer {
    fn drop(&mut self) {
        common::stop_peer(&mut self.0);
    }
}

/// A running `ddapm-test-agent`.
struct TestAgent {
    url: String,
    _process: Peer,
}

impl TestAgent {
    fn start(bin: &std::path::Path) -> TestAgent {
        let port = free_port();
        let child = Command::new(bin.join("ddapm-test-agent"))
            .arg(format!("--port={port}"))
            .arg(format!("--otlp-http-port={}", free_port()))
            .arg(format!("--otlp-grpc-port={}", free_port()))
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("start ddapm-test-agent");
        let agent = TestAgent {
            url: format!("http://127.0.0.1:{port}"),
            _process: Peer(child),
        };
        let give_up = Instant::now() + Duration::from_secs(30);
        while !matches!(http_get(&format!("{}/info", agent.url)), Ok((200, _))) {
            assert!(Instant::now() < give_up, "the test agent did not start");
            std::thread::sleep(Duration::from_millis(100));
        }
        agent
    }

    /// Every span the agent received, once `done` says they are all there (or 20 s passed).
    fn spans_once(&self, done: impl Fn(&[Value]) -> bool) -> Vec<Value> {
        let give_up = Instant::now() + Duration::from_secs(20);
        loop {
            let (status, body) = http_get(&format!("{}/test/traces", self.url)).unwrap();
            assert_eq!(status, 200, "{body}");
            let traces: Vec<Vec<Value>> = serde_json::from_str(&body).unwrap();
            let spans: Vec<Value> = traces.into_iter().flatten().collect();
            if done(&spans) || Instant::now() > give_up {
                return spans;
            }
            std::thread::sleep(Duration::from_millis(200));
        }
    }
}

fn named<'a>(spans: &'a [Value], name: &str) -> Vec<&'a Value> {
    spans.iter().filter(|s| s["name"] == name).collect()
}

/// A span's parent id; the agent leaves it out for a root.
fn parent(span: &Value) -> u64 {
    span["parent_id"].as_u64().unwrap_or(0)
}

fn id(value: &Value) -> u64 {
    value
        .as_u64()
        .unwrap_or_else(|| panic!("not an id: {value}"))
}

fn traced_resize(dir: &TestDir, agent_url: &str, out: &str) -> RunOutcome {
    dir.thumbctl([
        "--traces",
        "--no-metrics",
        "--tag",
        "team:images",
        "resize",
        "in",
    ])
    .args(["--out", out])
    .arg("--json")
    .env("DD_TRACE_AGENT_URL", agent_url)
    .env("DD_SERVICE", "thumbs")
    .env("DD_ENV", "test")
    .env("DD_VERSION", "1.0")
    .run()
}

#[test]
fn resize_sends_a_run_span_a_span_per_source_and_one_per_thumbnail() {
    let Some(bin) = venv_bin() else { return };
    let agent = TestAgent::start(&bin);
    let dir = TestDir::new();
    dir.copy_testdata("formats", "in/good");
    dir.copy_testdata("broken", "in/broken");
    let run = traced_resize(&dir, &agent.url, "out");
    run.assert_code(1);
    let records = run.json_lines();
    let sources: Vec<&Value> = records.iter().filter(|r| r["type"] == "source").collect();
    let written: Vec<&&Value> = sources
        .iter()
        .filter(|r| r["status"] == "written")
        .collect();
    let expected_spans = 1 + sources.len() + written.len() * 4;

    let spans = agent.spans_once(|spans| spans.len() >= expected_spans);
    let runs = named(&spans, "resize.run");
    assert_eq!(runs.len(), 1, "{spans:#?}");
    let root = runs[0];
    assert_eq!(parent(root), 0);
    assert_eq!(root["service"], "thumbs");
    assert_eq!(root["meta"]["env"], "test");
    assert_eq!(root["meta"]["version"], "1.0");
    assert_eq!(
        root["meta"]["team"], "images",
        "--tag on spans as on metrics"
    );
    let trace_id = id(&root["trace_id"]);

    let source_spans = named(&spans, "resize.source");
    assert_eq!(source_spans.len(), sources.len());
    let mut by_path: BTreeMap<String, &Value> = BTreeMap::new();
    for span in &source_spans {
        assert_eq!(id(&span["trace_id"]), trace_id);
        assert_eq!(parent(span), id(&root["span_id"]));
        let path = span["meta"]["source.path"].as_str().unwrap().to_string();
        // The resource is the format, never the path.
        let extension = path.rsplit('.').next().unwrap().to_lowercase();
        assert_eq!(span["resource"], extension.as_str(), "{span}");
        by_path.insert(path, span);
    }
    for record in &sources {
        let path = record["path"].as_str().unwrap();
        let relative = path.split_once("in/").unwrap().1;
        let relative = relative.split_once('/').unwrap().1; // below its input (in/good, in/broken)
        let span = by_path
            .get(relative)
            .or_else(|| {
                by_path
                    .iter()
                    .find(|(p, _)| p.ends_with(relative))
                    .map(|(_, s)| s)
            })
            .unwrap_or_else(|| panic!("no span for {relative}: {:?}", by_path.keys()));
        assert_eq!(span["meta"]["status"], record["status"], "{span}");
        assert_eq!(
            span["metrics"]["source.bytes"].as_f64(),
            record["source_bytes"].as_f64()
        );
        if record["status"] == "failed" {
            assert_eq!(span["meta"]["reason"], record["error"]["reason"]);
            assert_eq!(span["error"].as_f64(), Some(1.0));
        } else {
            assert_eq!(
                span["metrics"]["source.width"].as_f64(),
                record["width"].as_f64()
            );
            let children: Vec<&Value> = spans
                .iter()
                .filter(|s| parent(s) == id(&span["span_id"]))
                .collect();
            assert_eq!(named_in(&children, "resize.decode"), 1);
            let sizes: BTreeSet<&str> = children
                .iter()
                .filter(|s| s["name"] == "resize.thumbnail")
                .map(|s| s["meta"]["size"].as_str().unwrap())
                .collect();
            assert_eq!(sizes, BTreeSet::from(["small", "medium", "large"]));
        }
    }
    assert!(
        run.stderr
            .contains(&format!("Traces: {} spans sent, 0 dropped.", spans.len())),
        "{}",
        run.stderr
    );
}

fn named_in(spans: &[&Value], name: &str) -> usize {
    spans.iter().filter(|s| s["name"] == name).count()
}

#[test]
fn load_client_spans_carry_the_ids_of_the_trace_headers() {
    let Some(bin) = venv_bin() else { return };
    let agent = TestAgent::start(&bin);
    let workshop = workshop::Workshop::start();
    let run = common::thumbctl(["--traces", "--no-metrics", "load", "quick"])
        .args(["--target", &workshop.url, "--output-format", "json"])
        .env("DD_TRACE_AGENT_URL", &agent.url)
        .run();
    run.assert_code(0);
    let arrivals = workshop.log.arrivals();
    let quick: Vec<_> = arrivals
        .iter()
        .filter(|a| a.headers.contains_key("x-request-id"))
        .collect();
    assert!(quick.len() >= 50, "{}", quick.len());
    let spans = agent.spans_once(|spans| named(spans, "http.request").len() >= 50);
    let clients: BTreeMap<(u64, u64), &Value> = named(&spans, "http.request")
        .into_iter()
        .map(|s| ((id(&s["trace_id"]), id(&s["span_id"])), s))
        .collect();
    let phases = named(&spans, "load.phase");
    assert_eq!(phases.len(), 1);
    assert_eq!(
        parent(phases[0]),
        id(&named(&spans, "load.run")[0]["span_id"])
    );
    let mut resources = BTreeSet::new();
    for arrival in quick.iter().filter(|a| a.uri != "/") {
        let header = |name: &str| arrival.headers[name].to_str().unwrap().to_string();
        let key = (
            header("x-datadog-trace-id").parse().unwrap(),
            header("x-datadog-parent-id").parse().unwrap(),
        );
        let span = clients
            .get(&key)
            .unwrap_or_else(|| panic!("no client span for {} {}", arrival.method, arrival.uri));
        assert_eq!(parent(span), 0, "each request is a trace of its own");
        assert_eq!(
            header("x-datadog-sampling-priority"),
            "2",
            "kept by thumbctl's rule"
        );
        assert_eq!(span["metrics"]["_sampling_priority_v1"].as_f64(), Some(2.0));
        assert_eq!(span["meta"]["phase"], "quick");
        assert_eq!(span["meta"]["scenario"], "quick");
        assert_eq!(span["meta"]["outcome"], "expected");
        assert_eq!(span["meta"]["span.kind"], "client");
        let step = span["meta"]["step"].as_str().unwrap();
        assert_eq!(span["resource"], format!("{} {step}", arrival.method));
        assert!(span["metrics"]["http.status_code"].as_f64().unwrap() >= 200.0);
        resources.insert(span["resource"].as_str().unwrap().to_string());
    }
    assert!(resources.contains("POST create_user"), "{resources:?}");
}

#[test]
fn upload_client_spans_carry_the_ids_of_the_trace_headers() {
    let Some(bin) = venv_bin() else { return };
    let agent = TestAgent::start(&bin);
    let workshop = workshop::Workshop::start();
    let dir = TestDir::new();
    dir.write("photos/a.jpg", vec![7u8; 2000]);
    dir.write("photos/b.png", vec![9u8; 500]);
    let run = dir
        .thumbctl(["--traces", "--no-metrics", "load", "upload", "photos"])
        .args(["--target", &workshop.url, "--path", "/api/images/upload"])
        .args(["-H", "Authorization: Bearer t", "--repeat", "2"])
        .env("DD_TRACE_AGENT_URL", &agent.url)
        .run();
    run.assert_code(0);
    let uploads: Vec<_> = workshop
        .log
        .arrivals()
        .into_iter()
        .filter(|a| a.uri.starts_with("/api/images/upload"))
        .collect();
    assert_eq!(uploads.len(), 4, "2 files, twice over");
    let spans = agent.spans_once(|spans| named(spans, "http.request").len() >= 4);
    let clients: BTreeMap<(u64, u64), &Value> = named(&spans, "http.request")
        .into_iter()
        .map(|s| ((id(&s["trace_id"]), id(&s["span_id"])), s))
        .collect();
    assert_eq!(clients.len(), 4);
    let phases = named(&spans, "load.phase");
    assert_eq!(phases.len(), 1);
    assert_eq!(phases[0]["meta"]["phase"], "upload");
    for arrival in &uploads {
        let header = |name: &str| arrival.headers[name].to_str().unwrap().to_string();
        let key = (
            header("x-datadog-trace-id").parse().unwrap(),
            header("x-datadog-parent-id").parse().unwrap(),
        );
        let span = clients.get(&key).expect("a client span for each upload");
        assert_eq!(span["resource"], "POST upload");
        assert_eq!(span["meta"]["step"], "upload");
        assert_eq!(span["meta"]["outcome"], "expected");
        assert_eq!(span["metrics"]["http.status_code"].as_f64(), Some(201.0));
    }
}

#[test]
fn flask_request_spans_hang_under_thumbctl_client_spans() {
    let Some(bin) = venv_bin() else { return };
    let agent = TestAgent::start(&bin);
    let port = free_port();
    let app_dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/support_apm");
    let app = Peer(
        Command::new(bin.join("ddtrace-run"))
            .arg(bin.join("gunicorn"))
            .args([
                "--chdir",
                app_dir.to_str().unwrap(),
                "-w",
                "1",
                "--threads",
                "8",
            ])
            .args(["-b", &format!("127.0.0.1:{port}"), "workshop_app:app"])
            .env("DD_TRACE_AGENT_URL", &agent.url)
            .env("DD_SERVICE", "workshop")
            .env("DD_TRACE_STARTUP_LOGS", "false")
            .env_remove("DD_TRACE_SAMPLE_RATE")
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("start gunicorn under ddtrace-run"),
    );
    let target = format!("http://127.0.0.1:{port}");
    let give_up = Instant::now() + Duration::from_secs(30);
    while !matches!(http_get(&format!("{target}/health")), Ok((200, _))) {
        assert!(Instant::now() < give_up, "the Flask app did not start");
        std::thread::sleep(Duration::from_millis(200));
    }
    let run = common::thumbctl(["--traces", "--no-metrics", "load", "quick"])
        .args(["--target", &target, "--output-format", "json"])
        .env("DD_TRACE_AGENT_URL", &agent.url)
        .run();
    run.assert_code(0);
    let report: Value = serde_json::from_str(&run.stdout).unwrap();
    let requests = report["total"]["requests"].as_u64().unwrap();
    let spans = agent.spans_once(|spans| {
        named(spans, "flask.request").len() as u64 > requests
            && named(spans, "http.request").len() as u64 >= requests
    });
    drop(app);
    let clients: BTreeMap<(u64, u64), &Value> = named(&spans, "http.request")
        .into_iter()
        .map(|s| ((id(&s["trace_id"]), id(&s["span_id"])), s))
        .collect();
    // The /health polls above came before thumbctl; every later request is one of its.
    let flask: Vec<&Value> = named(&spans, "flask.request")
        .into_iter()
        .filter(|s| parent(s) != 0)
        .collect();
    assert_eq!(flask.len() as u64, requests, "{spans:#?}");
    for span in flask {
        let key = (id(&span["trace_id"]), parent(span));
        let client = clients
            .get(&key)
            .unwrap_or_else(|| panic!("flask.request without a thumbctl parent: {span}"));
        assert_eq!(client["service"], "thumbctl");
        assert_eq!(span["service"], "workshop");
    }
}

/// A fake agent on a free port: `Hang` accepts and never answers, `Fail` answers 500.
enum FakeAgent {
    Hang,
    Fail,
}

fn start_fake(kind: FakeAgent) -> String {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let url = format!("http://{}", listener.local_addr().unwrap());
    std::thread::spawn(move || {
        let mut held = Vec::new();
        for stream in listener.incoming().flatten() {
            match kind {
                FakeAgent::Hang => held.push(stream),
                FakeAgent::Fail => {
                    let mut stream = stream;
                    let _ = stream.set_read_timeout(Some(Duration::from_millis(200)));
                    let mut buffer = [0u8; 65536];
                    let _ = stream.read(&mut buffer);
                    let _ = stream.write_all(
                        b"HTTP/1.1 500 Internal Server Error\r\ncontent-length: 0\r\nconnection: close\r\n\r\n",
                    );
                }
            }
        }
    });
    url
}

#[test]
fn an_agent_that_is_absent_hangs_or_fails_changes_nothing_but_one_warning() {
    let dir = TestDir::new();
    dir.copy_testdata("formats", "in/good");
    dir.copy_testdata("broken", "in/broken");
    let started = Instant::now();
    let baseline = dir
        .thumbctl(["--no-metrics", "resize", "in", "--out", "base", "--json"])
        .run();
    let baseline_time = started.elapsed();
    baseline.assert_code(1);
    let lines_without_paths = |run: &RunOutcome, out: &str| -> Vec<String> {
        let mut lines: Vec<String> = run
            .stdout
            .lines()
            .filter(|l| !l.contains("\"type\":\"summary\""))
            .map(|l| l.replace(&format!("\"{out}/"), "\"OUT/"))
            .map(|l| {
                let v: Value = serde_json::from_str(&l).unwrap();
                let mut v = v;
                v.as_object_mut().unwrap().remove("elapsed_ms");
                v.to_string()
            })
            .collect();
        lines.sort();
        lines
    };
    let absent = format!("http://127.0.0.1:{}", free_port());
    for (name, url) in [
        ("absent", absent),
        ("hangs", start_fake(FakeAgent::Hang)),
        ("answers 500", start_fake(FakeAgent::Fail)),
    ] {
        let out = format!("out-{}", name.replace(' ', "-"));
        let started = Instant::now();
        let run = traced_resize(&dir, &url, &out);
        let elapsed = started.elapsed();
        assert_eq!(run.code, baseline.code, "{name}: {}", run.stderr);
        assert_eq!(
            lines_without_paths(&run, &out),
            lines_without_paths(&baseline, "base"),
            "{name}"
        );
        assert_eq!(
            dir.files_under(&out).len(),
            dir.files_under("base").len(),
            "{name}"
        );
        let warnings: Vec<&str> = run
            .stderr
            .lines()
            .filter(|l| l.contains("trace agent"))
            .collect();
        assert_eq!(warnings.len(), 1, "{name}: {}", run.stderr);
        assert!(warnings[0].contains("WARN"), "{name}: {}", warnings[0]);
        assert_eq!(
            run.error_lines().len(),
            baseline.error_lines().len(),
            "{name}: {}",
            run.stderr
        );
        assert!(
            run.stderr.contains("spans sent, ") && run.stderr.contains("Traces: 0 spans sent"),
            "{name}: {}",
            run.stderr
        );
        // No flush is waited for an agent that failed its probe; the probe's 1 s answer limit
        // is all a run shorter than that can wait for (an agent that hangs).
        assert!(
            elapsed < baseline_time + Duration::from_millis(1500),
            "{name}: {elapsed:?} against {baseline_time:?}"
        );
    }
}

#[test]
fn sampling_is_decided_by_thumbctl_and_sent_in_the_headers() {
    let Some(bin) = venv_bin() else { return };
    let agent = TestAgent::start(&bin);
    let workshop = workshop::Workshop::start();
    // As fast as it goes: far above 100 requests/s, so Datadog's limit of 100 traces/s applies.
    let started = Instant::now();
    let run = common::thumbctl(["--traces", "--no-metrics", "load", "url"])
        .arg(format!("{}/health", workshop.url))
        .args([
            "-n",
            "1500",
            "-c",
            "8",
            "--target",
            &workshop.url,
            "--output-format",
            "json",
        ])
        .env("DD_TRACE_AGENT_URL", &agent.url)
        .run();
    let seconds = started.elapsed().as_secs_f64();
    run.assert_code(0);
    let priorities: Vec<(String, String)> = workshop
        .log
        .arrivals()
        .iter()
        .filter(|a| a.uri == "/health" && a.headers.contains_key("x-request-id"))
        .map(|a| {
            let header = |name: &str| a.headers[name].to_str().unwrap().to_string();
            (
                header("x-datadog-sampling-priority"),
                header("traceparent")
                    .rsplit('-')
                    .next()
                    .unwrap()
                    .to_string(),
            )
        })
        .collect();
    let kept = priorities.iter().filter(|(p, _)| p == "2").count();
    let dropped = priorities.iter().filter(|(p, _)| p == "-1").count();
    assert_eq!(
        kept + dropped,
        priorities.len(),
        "only 2 and -1: {priorities:?}"
    );
    assert!(priorities
        .iter()
        .all(|(p, flag)| (p == "2") == (flag == "01")));
    assert!(kept >= 50, "the first traces are kept: {kept}");
    assert!(dropped > 0, "1500 requests in {seconds:.1} s, none dropped");
    assert!(
        (kept as f64) <= 100.0 * seconds + 100.0,
        "{kept} kept in {seconds:.1} s"
    );
    // The agent got the kept ones as kept: the same decision on both sides.
    let spans = agent.spans_once(|spans| named(spans, "http.request").len() >= kept);
    let kept_spans = named(&spans, "http.request")
        .into_iter()
        .filter(|s| s["metrics"]["_sampling_priority_v1"].as_f64() == Some(2.0))
        .count();
    assert_eq!(kept_spans, kept);

    // DD_TRACE_SAMPLE_RATE=0 keeps none, and says so to the server.
    let before = workshop.log.arrivals().len();
    let none = common::thumbctl(["--traces", "--no-metrics", "load", "url"])
        .arg(format!("{}/health", workshop.url))
        .args([
            "-n",
            "20",
            "-c",
            "2",
            "--target",
            &workshop.url,
            "--output-format",
            "json",
        ])
        .env("DD_TRACE_AGENT_URL", &agent.url)
        .env("DD_TRACE_SAMPLE_RATE", "0")
        .run();
    none.assert_code(0);
    let arrivals = workshop.log.arrivals();
    let later: Vec<_> = arrivals[before..]
        .iter()
        .filter(|a| a.headers.contains_key("x-request-id"))
        .collect();
    assert_eq!(later.len(), 20);
    assert!(later
        .iter()
        .all(|a| a.headers["x-datadog-sampling-priority"] == "-1"));
}

#[test]
fn ctrl_c_still_sends_what_was_traced() {
    let Some(bin) = venv_bin() else { return };
    let agent = TestAgent::start(&bin);
    let dir = TestDir::new();
    dir.noisy_jpeg_copies(3000, 2000, (0..6).map(|index| format!("in/{index}.jpg")));
    let run = dir
        .thumbctl([
            "--traces",
            "--no-metrics",
            "resize",
            "in",
            "--out",
            "out",
            "--json",
        ])
        .args(["--jobs", "1"])
        .env("DD_TRACE_AGENT_URL", &agent.url)
        .run_until_first_line_then_interrupt();
    assert_eq!(run.code, Some(130), "{}", run.stderr);
    let written = run
        .json_lines()
        .iter()
        .filter(|r| r["status"] == "written")
        .count();
    assert!((1..6).contains(&written), "{written}");
    let spans = agent.spans_once(|spans| !named(spans, "resize.run").is_empty());
    assert_eq!(named(&spans, "resize.run").len(), 1, "{}", run.stderr);
    assert_eq!(named(&spans, "resize.source").len(), written);
    assert_eq!(named(&spans, "resize.thumbnail").len(), 3 * written);
    assert!(run.stderr.contains("Traces: "), "{}", run.stderr);
}
