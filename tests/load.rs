//! `thumbctl load` against a real HTTP server in this process: the workshop stand-in of
//! `examples/workshop_server`, which logs every request it saw. Each test runs the real binary and
//! compares its JSON report with what the server served.

mod common;
#[path = "common/workshop.rs"]
mod workshop;

use std::collections::BTreeMap;
use std::time::{Duration, Instant};

use common::{RunOutcome, TestCommand};
use serde_json::Value;
use workshop::{server, Workshop};

impl Workshop {
    /// `thumbctl load ARGS --target URL --output-format json --no-metrics`.
    fn load(&self, args: &[&str]) -> RunOutcome {
        thumbctl()
            .arg("load")
            .args(args)
            .args(["--target", &self.url, "--output-format", "json"])
            .run()
    }

    /// Server arrivals per `METHOD path` (query kept only for /error, whose rate matters).
    fn arrivals_by_route(&self) -> BTreeMap<String, u64> {
        let mut counts = BTreeMap::new();
        for arrival in self.log.arrivals() {
            *counts
                .entry(route(&arrival.method, &arrival.uri))
                .or_default() += 1;
        }
        counts
    }

    /// Server answers per `METHOD path status`.
    fn answers_by_route(&self) -> BTreeMap<String, u64> {
        let mut counts = BTreeMap::new();
        for answer in self.log.answers() {
            let key = format!("{} {}", route(&answer.method, &answer.uri), answer.status);
            *counts.entry(key).or_default() += 1;
        }
        counts
    }
}

fn thumbctl() -> TestCommand {
    common::thumbctl(["--no-metrics"])
}

fn route(method: &str, uri: &str) -> String {
    let (path, query) = uri.split_once('?').unwrap_or((uri, ""));
    if path == "/error" {
        format!("{method} {path}?{query}")
    } else {
        format!("{method} {path}")
    }
}

fn report_of(output: &RunOutcome) -> Value {
    serde_json::from_str(&output.stdout).unwrap_or_else(|e| {
        panic!(
            "no JSON report ({e}); stdout: {}\nstderr: {}",
            output.stdout, output.stderr
        )
    })
}

fn code(output: &RunOutcome) -> i32 {
    output.code.unwrap_or(-1)
}

/// The report's requests and statuses per route, summed over phases and steps.
fn report_by_route(report: &Value) -> (BTreeMap<String, u64>, BTreeMap<String, u64>, bool) {
    let mut requests = BTreeMap::new();
    let mut statuses = BTreeMap::new();
    let mut had_errors = false;
    for phase in report["phases"].as_array().unwrap() {
        for step in phase["steps"].as_array().unwrap() {
            let key = route(
                step["method"].as_str().unwrap(),
                step["path"].as_str().unwrap(),
            );
            *requests.entry(key.clone()).or_default() += step["requests"].as_u64().unwrap();
            for (status, count) in step["status_codes"].as_object().unwrap() {
                *statuses.entry(format!("{key} {status}")).or_default() += count.as_u64().unwrap();
            }
            had_errors |= !step["errors"].as_object().unwrap().is_empty();
        }
    }
    requests.retain(|_, count| *count > 0);
    (requests, statuses, had_errors)
}

/// The heart of these tests: what the report says was sent and answered is what the server saw.
fn assert_report_matches_server(workshop: &Workshop, report: &Value) {
    let (requests, statuses, had_errors) = report_by_route(report);
    assert_eq!(requests, workshop.arrivals_by_route(), "requests per route");
    let answers = workshop.answers_by_route();
    if had_errors {
        // Requests the client gave up on may or may not have been answered by the server;
        // every status the report saw must still be one the server sent.
        for (key, count) in &statuses {
            assert_eq!(answers.get(key), Some(count), "{key}");
        }
    } else {
        assert_eq!(statuses, answers, "statuses per route");
    }
    let total: u64 = requests.values().sum();
    assert_eq!(report["total"]["requests"].as_u64().unwrap(), total);
    assert!(report["requests_per_second"].as_f64().unwrap() > 0.0);
}

#[test]
fn quick_covers_every_read_endpoint_and_user_creation() {
    let workshop = Workshop::start();
    let output = workshop.load(&["quick"]);
    assert_eq!(code(&output), 0, "{}", output.stderr);
    let report = report_of(&output);
    assert_eq!(report["total"]["requests"], 50);
    assert_eq!(report["total"]["unexpected"], 0);
    assert_report_matches_server(&workshop, &report);
    let routes = workshop.arrivals_by_route();
    for route in [
        "GET /",
        "GET /health",
        "GET /users",
        "POST /users",
        "GET /database-query",
        "GET /cpu-intensive",
        "GET /memory-usage",
        "GET /delay",
    ] {
        assert!(
            routes.get(route).copied().unwrap_or(0) >= 6,
            "{route}: {routes:?}"
        );
    }
}

#[test]
fn errors_are_expected_and_counted_apart_from_unexpected_ones() {
    let workshop = Workshop::start();
    let output = workshop.load(&["errors", "--timeout", "5s"]);
    assert_eq!(code(&output), 0, "{}", output.stderr);
    let report = report_of(&output);
    assert_eq!(report["total"]["requests"], 40);
    assert_eq!(report["total"]["expected"], 40);
    assert_eq!(report["total"]["unexpected"], 0);
    let steps = &report["phases"][0]["steps"];
    let step = |name: &str| {
        steps
            .as_array()
            .unwrap()
            .iter()
            .find(|s| s["name"] == name)
            .unwrap()
            .clone()
    };
    assert_eq!(
        step("not_found")["status_codes"]["404"],
        step("not_found")["requests"]
    );
    assert_eq!(
        step("malformed_user")["status_codes"]["400"],
        step("malformed_user")["requests"]
    );
    assert_eq!(
        step("error_always")["status_codes"]["500"],
        step("error_always")["requests"]
    );
    let slow = step("delay_beyond_timeout");
    assert!(slow["requests"].as_u64().unwrap() > 0);
    assert_eq!(slow["errors"]["timeout"], slow["requests"]);
    assert_report_matches_server(&workshop, &report);
}

#[test]
fn the_same_statuses_count_as_unexpected_in_a_normal_step() {
    let workshop = Workshop::start();
    let output = workshop.load(&[
        "url",
        &format!("{}/error?rate=100", workshop.url),
        "-n",
        "20",
        "-c",
        "4",
    ]);
    assert_eq!(code(&output), 1, "unexpected outcomes without gates exit 1");
    let report = report_of(&output);
    assert_eq!(report["total"]["unexpected"], 20);
    assert_eq!(report["total"]["status_codes"]["500"], 20);
    // The first failures carry ids the server saw.
    let failures = report["first_failures"].as_array().unwrap();
    assert_eq!(failures.len(), 10);
    let trace_ids: Vec<String> = workshop
        .log
        .arrivals()
        .iter()
        .map(|a| {
            a.headers["x-datadog-trace-id"]
                .to_str()
                .unwrap()
                .to_string()
        })
        .collect();
    let x_trace_ids: Vec<String> = workshop
        .log
        .arrivals()
        .iter()
        .map(|a| a.headers["x-trace-id"].to_str().unwrap().to_string())
        .collect();
    for failure in failures {
        assert!(trace_ids.contains(&failure["trace_id"].as_str().unwrap().to_string()));
        let x_trace_id = failure["x_trace_id"].as_str().unwrap();
        assert!(x_trace_ids.iter().any(|id| id == x_trace_id), "{failure}");
        assert_eq!(failure["request_id"].as_str(), Some(x_trace_id));
        assert!(failure["w3c_trace_id"]
            .as_str()
            .unwrap()
            .ends_with(&format!(
                "{:016x}",
                failure["trace_id"]
                    .as_str()
                    .unwrap()
                    .parse::<u64>()
                    .unwrap()
            )));
    }
    assert_report_matches_server(&workshop, &report);
}

#[test]
fn every_request_carries_consistent_trace_headers() {
    let workshop = Workshop::start();
    let output = workshop.load(&[
        "url",
        &format!("{}/health", workshop.url),
        "-n",
        "30",
        "-c",
        "3",
    ]);
    assert_eq!(code(&output), 0);
    let arrivals = workshop.log.arrivals();
    assert_eq!(arrivals.len(), 30);
    let mut request_ids = std::collections::HashSet::new();
    for arrival in arrivals {
        let header = |name: &str| arrival.headers[name].to_str().unwrap().to_string();
        let trace: u64 = header("x-datadog-trace-id").parse().unwrap();
        let parent: u64 = header("x-datadog-parent-id").parse().unwrap();
        assert_eq!(header("x-datadog-sampling-priority"), "1");
        let traceparent = header("traceparent");
        let parts: Vec<&str> = traceparent.split('-').collect();
        assert_eq!(parts[0], "00");
        assert_eq!(u64::from_str_radix(&parts[1][16..], 16).unwrap(), trace);
        assert_eq!(u64::from_str_radix(parts[2], 16).unwrap(), parent);
        assert_eq!(parts[3], "01");
        assert_eq!(header("x-trace-id"), header("x-request-id"));
        assert!(
            request_ids.insert(header("x-request-id")),
            "request ids are unique"
        );
    }
}

#[test]
fn purchases_stay_in_the_workshop_ranges() {
    let workshop = Workshop::start();
    let output = workshop.load(&["purchase", "-n", "40", "--interval", "5ms"]);
    assert_eq!(code(&output), 0, "{}", output.stderr);
    let report = report_of(&output);
    assert_eq!(report["total"]["status_codes"]["201"], 40);
    assert_report_matches_server(&workshop, &report);
    let bodies: Vec<String> = workshop
        .log
        .arrivals()
        .iter()
        .map(|a| String::from_utf8(a.body.to_vec()).unwrap())
        .collect();
    assert_eq!(bodies.len(), 40);
    for body in &bodies {
        let purchase: Value = serde_json::from_str(body).unwrap();
        let int = |field: &str| purchase[field].as_u64().unwrap();
        assert!((1..=50).contains(&int("user_id")), "{body}");
        assert!((1..=10).contains(&int("product_id")), "{body}");
        assert!((1..=5).contains(&int("quantity")), "{body}");
        let price = purchase["price"].as_f64().unwrap();
        assert!((5.0..=104.99).contains(&price), "{body}");
        // Two decimals, as written on the wire.
        let raw = body.split("\"price\":").nth(1).unwrap();
        let raw = raw.split([',', '}']).next().unwrap();
        assert_eq!(raw.split_once('.').unwrap().1.len(), 2, "{body}");
    }
    let distinct: std::collections::HashSet<&String> = bodies.iter().collect();
    assert!(distinct.len() > 30, "payloads vary");
}

#[test]
fn sustained_holds_its_rate_and_matches_the_server() {
    let workshop = Workshop::start();
    let output = workshop.load(&["sustained", "--duration", "2s", "--rate", "100"]);
    let report = report_of(&output);
    assert!(matches!(code(&output), 0 | 1));
    let phase = &report["phases"][0];
    assert_eq!(phase["model"], "open");
    assert_eq!(phase["target_rate"], 100.0);
    // The schedule sends exactly rate x duration requests.
    assert_eq!(phase["sent"], 200);
    assert!(phase["lag_ms"]["p50"].is_number());
    assert!(
        phase["latency_ms"]["corrected"]["p99"].as_f64().unwrap()
            >= phase["latency_ms"]["uncorrected"]["p50"].as_f64().unwrap()
    );
    assert_report_matches_server(&workshop, &report);
}

#[test]
fn full_reports_each_phase_and_a_total() {
    let workshop = Workshop::start();
    let output = workshop.load(&[
        "full",
        "--duration",
        "1s",
        "--rate",
        "50",
        "-n",
        "5",
        "--interval",
        "10ms",
    ]);
    let report = report_of(&output);
    let names: Vec<&str> = report["phases"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["name"].as_str().unwrap())
        .collect();
    assert_eq!(names, ["quick", "errors", "purchase", "sustained"]);
    let sum: u64 = report["phases"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["requests"].as_u64().unwrap())
        .sum();
    assert_eq!(report["total"]["requests"].as_u64().unwrap(), sum);
    assert_eq!(report["phases"][2]["requests"], 5);
    assert_eq!(report["phases"][3]["sent"], 50);
    assert_report_matches_server(&workshop, &report);
}

#[test]
fn a_seed_replays_the_same_requests() {
    let sequence = |seed: &str| {
        let workshop = Workshop::start();
        let output = workshop.load(&[
            "sustained",
            "--seed",
            seed,
            "-n",
            "40",
            "-c",
            "1",
            "--rate",
            "max",
        ]);
        assert!(matches!(code(&output), 0 | 1));
        assert_eq!(
            report_of(&output)["seed"].as_u64().unwrap().to_string(),
            seed
        );
        workshop
            .log
            .arrivals()
            .iter()
            .map(|a| {
                format!(
                    "{} {} {}",
                    a.method,
                    a.uri,
                    String::from_utf8_lossy(&a.body)
                )
            })
            .collect::<Vec<_>>()
    };
    let first = sequence("42");
    assert_eq!(first.len(), 40);
    assert_eq!(first, sequence("42"));
    assert_ne!(first, sequence("43"));
}

#[test]
fn a_scenario_file_runs_and_its_mistakes_are_located() {
    let workshop = Workshop::start();
    let dir = tempfile::tempdir().unwrap();
    let good = dir.path().join("mine.json");
    std::fs::write(
        &good,
        r#"{"name": "mine", "phases": [{"name": "only", "count": 12, "concurrency": 2, "order": "cycle",
            "steps": [{"name": "health", "path": "/health"},
                      {"name": "item", "path": "/nothing/{{seq}}", "expect": [404]}]}]}"#,
    )
    .unwrap();
    let output = workshop.load(&["run", "--scenario", good.to_str().unwrap()]);
    assert_eq!(code(&output), 0, "{}", output.stderr);
    let report = report_of(&output);
    assert_eq!(report["scenario"], "mine");
    assert_eq!(workshop.log.arrival_count(), 12);
    let uris: Vec<String> = workshop
        .log
        .arrivals()
        .iter()
        .map(|a| a.uri.clone())
        .collect();
    for n in [2, 4, 6, 8, 10, 12] {
        assert!(uris.contains(&format!("/nothing/{n}")), "{uris:?}");
    }

    let bad = dir.path().join("bad.json");
    std::fs::write(&bad, "{\"name\": \"bad\",\n \"phases\": [{\"name\": \"p\", \"count\": 1,\n  \"steps\": [{\"name\": \"s\", \"path\": \"/{{dice}}\"}]}]}").unwrap();
    let output = workshop.load(&["run", "--scenario", bad.to_str().unwrap()]);
    assert_eq!(code(&output), 2);
    let stderr = &output.stderr;
    assert!(stderr.contains("bad.json, line 3, column"), "{stderr}");
    assert!(stderr.contains("unknown placeholder `dice`"), "{stderr}");

    let output = workshop.load(&["run", "--scenario", "/no/such/file.json"]);
    assert_eq!(code(&output), 2);
    assert!(output.stderr.contains("/no/such/file.json"));
    assert_eq!(
        workshop.log.arrival_count(),
        12,
        "nothing sent for bad files"
    );
}

#[test]
fn show_prints_a_scenario_that_run_accepts() {
    let output = thumbctl().args(["load", "show", "purchase"]).run();
    assert_eq!(code(&output), 0);
    assert!(
        !output.stdout.contains(char::REPLACEMENT_CHARACTER),
        "UTF-8"
    );
    let text = output.stdout;
    assert!(text.contains("{{decimal 5.00 104.99}}"));
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("purchase.json");
    std::fs::write(&file, text).unwrap();
    let workshop = Workshop::start();
    let output = workshop.load(&[
        "run",
        "--scenario",
        file.to_str().unwrap(),
        "-n",
        "3",
        "--rate",
        "max",
    ]);
    assert_eq!(code(&output), 0);
    assert_eq!(workshop.arrivals_by_route().get("POST /purchase"), Some(&3));
}

#[test]
fn upload_posts_every_image_and_reports_each_file() {
    let workshop = Workshop::start();
    let dir = tempfile::tempdir().unwrap();
    let mut expected = BTreeMap::new();
    for (name, size) in [("a.jpg", 1000usize), ("b.png", 70_000), ("c.webp", 5)] {
        let data: Vec<u8> = (0..size).map(|i| (i * 7 % 251) as u8).collect();
        std::fs::write(dir.path().join(name), &data).unwrap();
        expected.insert(name.to_string(), (data.len(), server::content_hash(&data)));
    }
    std::fs::write(dir.path().join("empty.gif"), b"").unwrap();
    std::fs::write(dir.path().join("notes.txt"), b"not an image").unwrap();
    let output = workshop.load(&["upload", dir.path().to_str().unwrap()]);
    assert_eq!(code(&output), 1, "the empty file is refused");
    let report = report_of(&output);
    let files = report["files"].as_array().unwrap();
    assert_eq!(files.len(), 4, "the .txt is not an image");
    for file in files {
        let name = file["file"].as_str().unwrap();
        if name.ends_with("empty.gif") {
            assert_eq!(file["status"], 400);
            assert_eq!(file["expected"], false);
        } else {
            assert_eq!(file["status"], 201, "{name}");
        }
    }
    let received: BTreeMap<String, (usize, u64)> = workshop
        .log
        .uploads()
        .into_iter()
        .map(|u| (u.file_name, (u.bytes, u.hash)))
        .collect();
    assert_eq!(received, expected, "every image arrived intact");
}

#[test]
fn timeouts_are_reported_as_such() {
    let workshop = Workshop::start();
    let output = workshop.load(&[
        "url",
        &format!("{}/delay?seconds=3", workshop.url),
        "-n",
        "2",
        "-c",
        "2",
        "--timeout",
        "300ms",
    ]);
    assert_eq!(code(&output), 1);
    let report = report_of(&output);
    assert_eq!(report["total"]["errors"]["timeout"], 2);
    assert_eq!(workshop.log.arrival_count(), 2);
}

#[test]
fn gates_turn_a_run_into_pass_or_fail_with_exit_3() {
    let workshop = Workshop::start();
    let url = format!("{}/error?rate=100", workshop.url);
    let output = workshop.load(&["url", &url, "-n", "10", "--max-error-rate", "1%"]);
    assert_eq!(code(&output), 3);
    let report = report_of(&output);
    assert_eq!(report["gates"][0]["gate"], "max-error-rate");
    assert_eq!(report["gates"][0]["passed"], false);

    let slow = format!("{}/delay?seconds=0.3", workshop.url);
    let output = workshop.load(&["url", &slow, "-n", "4", "-c", "4", "--max-p99", "100ms"]);
    assert_eq!(code(&output), 3);
    let output = workshop.load(&["url", &slow, "-n", "4", "-c", "4", "--max-p99", "20s"]);
    assert_eq!(code(&output), 0, "a passing gate succeeds");

    // With a gate that tolerates them, unexpected outcomes do not fail the run.
    let output = workshop.load(&["url", &url, "-n", "5", "--max-error-rate", "100%"]);
    assert_eq!(code(&output), 0);
}

#[test]
fn a_refused_target_is_said_at_once_with_exit_1() {
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let started = Instant::now();
    let output = thumbctl()
        .args([
            "load",
            "sustained",
            "--duration",
            "5m",
            "--target",
            &format!("http://127.0.0.1:{port}"),
        ])
        .run();
    assert_eq!(code(&output), 1);
    assert!(
        started.elapsed() < Duration::from_secs(60),
        "not after the whole duration"
    );
    let stderr = &output.stderr;
    assert!(stderr.contains("connection refused"), "{stderr}");
}

#[test]
fn usage_errors_exit_2_before_sending() {
    let workshop = Workshop::start();
    for args in [
        vec!["sustained", "--rate", "0"],
        vec!["sustained", "--rate", "-5"],
        vec!["sustained", "--duration", "soon"],
        vec!["sustained", "--duration", "-5s"],
        vec!["quick", "--timeout", "0s"],
        vec!["url", "not a url"],
        vec!["url", "ftp://example.com/"],
        vec!["show", "nonsense"],
        vec!["nonsense"],
        vec!["quick", "--max-error-rate", "200%"],
    ] {
        let output = workshop.load(&args);
        assert_eq!(code(&output), 2, "{args:?}: {}", output.stderr);
        assert!(!output.stderr.is_empty(), "{args:?} says why");
    }
    let output = thumbctl()
        .args(["load", "quick", "--target", "localhost:3001"])
        .run();
    assert_eq!(code(&output), 2);
    assert!(output.stderr.contains("localhost:3001"));
    assert_eq!(workshop.log.arrival_count(), 0);
}

#[cfg(unix)]
#[test]
fn ctrl_c_prints_the_report_so_far_and_exits_130() {
    let workshop = Workshop::start();
    let child = thumbctl()
        .args([
            "load",
            "sustained",
            "--duration",
            "5m",
            "--rate",
            "50",
            "--output-format",
            "json",
        ])
        .args(["--target", &workshop.url])
        .spawn();
    let deadline = Instant::now() + Duration::from_secs(60);
    while workshop.log.arrival_count() < 20 {
        assert!(Instant::now() < deadline, "the run never started");
        std::thread::sleep(Duration::from_millis(50));
    }
    common::interrupt(&child);
    let output: RunOutcome = child.wait_with_output().unwrap().into();
    assert_eq!(code(&output), 130, "{}", output.stderr);
    let report = report_of(&output);
    assert_eq!(report["interrupted"], true);
    let answered = report["total"]["requests"].as_u64().unwrap();
    let abandoned = report["phases"][0]["abandoned"].as_u64().unwrap();
    assert!(answered >= 20);
    assert_eq!(
        answered + abandoned,
        report["phases"][0]["sent"].as_u64().unwrap()
    );
    // Abandoned requests may or may not have reached the server before the process ended.
    let arrived = workshop.log.arrival_count() as u64;
    assert!(
        answered <= arrived && arrived <= answered + abandoned,
        "{arrived}"
    );
}

#[test]
fn the_command_line_definition_is_consistent() {
    use clap::CommandFactory;
    thumbctl::cli::Cli::command().debug_assert();
}

#[test]
fn a_loopback_target_gets_half_the_cores_and_the_header_says_so() {
    let workshop = Workshop::start();
    let url = format!("{}/health", workshop.url);
    let output = workshop.load(&["url", &url, "-n", "20"]);
    assert_eq!(code(&output), 0, "{}", output.stderr);
    let report = report_of(&output);
    let cores = std::thread::available_parallelism().unwrap().get();
    assert_eq!(report["threads"].as_u64(), Some((cores / 2).max(1) as u64));
    assert_eq!(
        report["threads_note"].as_str().unwrap(),
        format!(
            "{} driver thread{}: loopback target, half of {cores} cores",
            (cores / 2).max(1),
            if cores / 2 > 1 { "s" } else { "" }
        )
    );
    let output = workshop.load(&["url", &url, "-n", "20", "-c", "4", "--threads", "3"]);
    let report = report_of(&output);
    assert_eq!(report["threads"], 3);
    assert_eq!(report["total"]["requests"], 20);
    let text = thumbctl()
        .args(["load", "url", &url, "-n", "5", "--threads", "2"])
        .run()
        .stdout;
    let header = text.lines().next().unwrap();
    assert!(
        header.ends_with("; 2 driver threads: --threads)"),
        "{header}"
    );
    let output = thumbctl()
        .args(["load", "url", &url, "--threads", "0"])
        .run();
    assert_eq!(code(&output), 2, "{}", output.stderr);
}
