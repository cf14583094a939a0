//! `--log-format json`: every line on stderr is one JSON object, for resize (per-file errors and
//! the closing summary) and for load (its unexpected outcomes, with the ids the report lists and
//! Datadog's correlation fields). stdout is what it is without the flag.

mod common;
#[path = "common/workshop.rs"]
mod workshop;

use std::collections::BTreeMap;

use common::{RunOutcome, TestDir};
use serde_json::Value;
use workshop::Workshop;

/// Every stderr line as JSON; panics naming the first line that is not a JSON object.
fn stderr_events(run: &RunOutcome) -> Vec<Value> {
    run.stderr
        .lines()
        .map(|line| match serde_json::from_str::<Value>(line) {
            Ok(value) if value.is_object() => value,
            _ => panic!(
                "a stderr line is not a JSON object: {line:?}\n{}",
                run.stderr
            ),
        })
        .collect()
}

#[test]
fn resize_over_broken_files_writes_only_json_on_stderr() {
    let dir = TestDir::new();
    dir.copy_testdata("formats", "in/good");
    dir.copy_testdata("broken", "in/broken");
    let broken = dir.files_under("in/broken").len();
    let run = dir
        .thumbctl(["--log-format", "json", "--no-metrics", "resize", "in"])
        .args(["--out", "out", "--json"])
        .run();
    run.assert_code(1);
    let events = stderr_events(&run);

    let errors: Vec<&Value> = events.iter().filter(|e| e["level"] == "ERROR").collect();
    assert_eq!(errors.len(), broken, "{}", run.stderr);
    let stdout_failures: BTreeMap<String, String> = run
        .json_lines()
        .iter()
        .filter(|r| r["status"] == "failed")
        .map(|r| {
            (
                r["path"].as_str().unwrap().to_string(),
                r["error"]["reason"].as_str().unwrap().to_string(),
            )
        })
        .collect();
    let logged_failures: BTreeMap<String, String> = errors
        .iter()
        .map(|e| {
            let fields = &e["fields"];
            assert!(!fields["message"].as_str().unwrap().is_empty(), "{e}");
            (
                fields["path"].as_str().unwrap().to_string(),
                fields["reason"].as_str().unwrap().to_string(),
            )
        })
        .collect();
    assert_eq!(logged_failures, stdout_failures);

    let summaries: Vec<&Value> = events
        .iter()
        .filter(|e| e["fields"]["event"] == "summary")
        .collect();
    assert_eq!(summaries.len(), 1, "one summary event: {}", run.stderr);
    let summary = &summaries[0]["fields"];
    let stdout_summary = run
        .json_lines()
        .into_iter()
        .find(|r| r["type"] == "summary")
        .expect("the --json summary line");
    for counter in [
        "sources",
        "written",
        "failed",
        "thumbnails",
        "bytes_written",
    ] {
        assert_eq!(summary[counter], stdout_summary[counter], "{counter}");
    }
    assert_eq!(summary["failed"], broken as u64);
    assert!(summary["message"]
        .as_str()
        .unwrap()
        .contains(&format!("{broken} failed")));
    assert_eq!(
        summary["failures_by_reason"]["truncated"], 2,
        "{}",
        run.stderr
    );
}

#[test]
fn text_mode_is_unchanged_and_stdout_is_the_same_in_both_modes() {
    let dir = TestDir::new();
    dir.copy_testdata("broken", "in");
    let text = dir
        .thumbctl(["--no-metrics", "resize", "in", "--out", "out-text"])
        .run();
    let json = dir
        .thumbctl(["--log-format", "json", "--no-metrics", "resize", "in"])
        .args(["--out", "out-json"])
        .run();
    text.assert_code(1);
    json.assert_code(1);
    assert_eq!(text.error_lines().len(), 5, "{}", text.stderr);
    assert!(text.stderr.contains("5 source(s): 0 processed"));
    assert!(!text.stderr.contains('{'), "{}", text.stderr);
    assert_eq!(text.stdout, json.stdout);
}

#[test]
fn load_failures_are_json_events_with_the_ids_the_report_lists() {
    let workshop = Workshop::start();
    let run = common::thumbctl(["--log-format", "json", "--no-metrics", "load", "url"])
        .arg(format!("{}/error?rate=100", workshop.url))
        .args(["-n", "12", "-c", "3", "--target", &workshop.url])
        .args(["--output-format", "json"])
        .env("DD_SERVICE", "checkout")
        .env("DD_ENV", "ci")
        .env("DD_VERSION", "9.9")
        .run();
    run.assert_code(1);
    let report: Value = serde_json::from_str(&run.stdout).unwrap();
    let events = stderr_events(&run);
    let outcomes: Vec<&Value> = events
        .iter()
        .filter(|e| e["fields"]["event"] == "unexpected_outcome")
        .collect();
    assert!(!outcomes.is_empty(), "{}", run.stderr);

    // The span id of each event is the parent id the server saw with the same trace id.
    let parent_of: BTreeMap<String, String> = workshop
        .log
        .arrivals()
        .iter()
        .map(|a| {
            let header = |name: &str| a.headers[name].to_str().unwrap().to_string();
            (header("x-datadog-trace-id"), header("x-datadog-parent-id"))
        })
        .collect();
    for event in &outcomes {
        let fields = &event["fields"];
        assert_eq!(event["level"], "WARN");
        assert_eq!(fields["step"], "url");
        assert_eq!(fields["method"], "GET");
        assert_eq!(fields["outcome"], "500");
        assert_eq!(fields["status"], 500);
        assert!(fields["url"].as_str().unwrap().ends_with("/error?rate=100"));
        assert_eq!(fields["request_id"].as_str().unwrap().len(), 36);
        let trace_id = fields["trace_id"].as_str().unwrap();
        assert_eq!(event["dd.trace_id"], trace_id);
        assert_eq!(
            event["dd.span_id"].as_str().unwrap(),
            parent_of[trace_id],
            "{event}"
        );
        assert_eq!(event["dd.service"], "checkout");
        assert_eq!(event["dd.env"], "ci");
        assert_eq!(event["dd.version"], "9.9");
    }
    let logged: Vec<&str> = outcomes
        .iter()
        .map(|e| e["fields"]["trace_id"].as_str().unwrap())
        .collect();
    let listed = report["first_failures"].as_array().unwrap();
    assert!(!listed.is_empty());
    for failure in listed {
        let trace_id = failure["trace_id"].as_str().unwrap();
        assert!(logged.contains(&trace_id), "{trace_id} not logged");
        let event = outcomes
            .iter()
            .find(|e| e["fields"]["trace_id"] == trace_id)
            .unwrap();
        assert_eq!(event["fields"]["request_id"], failure["request_id"]);
    }
}
