//! Ramps (`--stage DURATION:RATE`, a scenario phase's `stages`) and `purchase --interval 0`,
//! checked against the arrival times the workshop stand-in server recorded itself.

mod common;
#[path = "common/workshop.rs"]
mod workshop;

use std::time::Instant;

use common::RunOutcome;
use serde_json::Value;
use workshop::Workshop;

fn load(workshop: &Workshop, args: &[&str]) -> RunOutcome {
    common::thumbctl(["--no-metrics", "load"])
        .args(args)
        .args(["--target", &workshop.url, "--output-format", "json"])
        .run()
}

fn report_of(output: &RunOutcome) -> Value {
    serde_json::from_str(&output.stdout).unwrap_or_else(|e| {
        panic!(
            "no JSON report ({e}); stdout: {}\nstderr: {}",
            output.stdout, output.stderr
        )
    })
}

/// Server arrivals per whole second of the ramp. `due(k)` is when the ramp has the k-th request
/// due (seconds); the arrivals' common delay behind it (connecting, the server's own start) is
/// taken out as the median of arrival minus due time, so what is left is the ramp's shape.
fn arrivals_per_second(workshop: &Workshop, due: impl Fn(usize) -> f64) -> Vec<u64> {
    let mut times: Vec<Instant> = workshop.log.arrivals().iter().map(|a| a.at).collect();
    times.sort();
    let first = times[0];
    let since: Vec<f64> = times
        .iter()
        .map(|at| at.duration_since(first).as_secs_f64())
        .collect();
    let mut offsets: Vec<f64> = since.iter().enumerate().map(|(k, x)| x - due(k)).collect();
    offsets.sort_by(f64::total_cmp);
    let offset = offsets[offsets.len() / 2];
    let mut seconds = Vec::new();
    for x in since {
        let second = (x - offset).max(0.0) as usize;
        if seconds.len() <= second {
            seconds.resize(second + 1, 0);
        }
        seconds[second] += 1;
    }
    seconds
}

#[test]
fn the_server_sees_the_ramp_second_by_second() {
    let workshop = Workshop::start();
    let url = format!("{}/health", workshop.url);
    // 0 -> 400/s over 2 s, 400/s for 1 s, 400 -> 100/s over 2 s.
    let output = load(
        &workshop,
        &["url", &url, "--stage", "2s:400,1s:400", "--stage", "2s:100"],
    );
    assert_eq!(output.code, Some(0), "{}", output.stderr);
    let report = report_of(&output);
    // The integral of the rate over each second: 200 t^2, then 400, then 400 t - 75 t^2.
    let expected = [100.0, 300.0, 400.0, 325.0, 175.0];
    let due = |k: usize| {
        let k = k as f64;
        if k < 400.0 {
            (k / 100.0).sqrt()
        } else if k < 800.0 {
            2.0 + (k - 400.0) / 400.0
        } else {
            let n = (k - 800.0).min(499.9);
            3.0 + (400.0 - (160_000.0 - 300.0 * n).sqrt()) / 150.0
        }
    };
    let seen = arrivals_per_second(&workshop, due);
    assert!(
        seen.len() <= 5 || seen[5..].iter().sum::<u64>() <= 2,
        "{seen:?}"
    );
    for (second, want) in expected.iter().enumerate() {
        let got = seen[second] as f64;
        assert!(
            (got - want).abs() <= want * 0.03 + 2.0,
            "second {second}: {got} arrivals, the ramp says {want} ({seen:?})"
        );
    }
    let phase = &report["phases"][0];
    assert_eq!(phase["model"], "open");
    assert_eq!(phase["stop"], "5s");
    let total: u64 = workshop.log.arrival_count() as u64;
    assert_eq!(phase["sent"].as_u64(), Some(total));
    assert!((total as i64 - 1300).abs() <= 2, "{total}");
    assert_eq!(phase["behind_schedule"], false, "{phase}");
    let stages = phase["stages"].as_array().unwrap();
    assert_eq!(stages.len(), 3);
    for (stage, (from, to, scheduled)) in stages.iter().zip([
        (0.0, 400.0, 400.0),
        (400.0, 400.0, 400.0),
        (400.0, 100.0, 500.0),
    ]) {
        assert_eq!(stage["from_rate"].as_f64(), Some(from));
        assert_eq!(stage["to_rate"].as_f64(), Some(to));
        assert_eq!(stage["scheduled"].as_f64(), Some(scheduled));
        let sent = stage["sent"].as_f64().unwrap();
        assert!(
            (sent - scheduled).abs() <= scheduled * 0.03 + 2.0,
            "{stage}"
        );
        let rate = stage["send_rate"].as_f64().unwrap();
        let target = stage["target_rate"].as_f64().unwrap();
        assert!((rate - target).abs() <= target * 0.03 + 1.0, "{stage}");
        assert_eq!(stage["behind_schedule"], false);
    }
}

#[test]
fn a_ramp_the_target_cannot_hold_is_reported_behind() {
    let workshop = Workshop::start();
    // Two in flight at most, each answered after 100 ms: 20/s is all the target gives.
    let url = format!("{}/delay?seconds=0.1", workshop.url);
    let output = load(
        &workshop,
        &["url", &url, "-c", "2", "--stage", "1s:10,2s:200"],
    );
    let report = report_of(&output);
    let phase = &report["phases"][0];
    assert_eq!(phase["behind_schedule"], true, "{phase}");
    let stages = phase["stages"].as_array().unwrap();
    assert_eq!(
        stages[0]["behind_schedule"], false,
        "5 due in the first second: {}",
        stages[0]
    );
    assert_eq!(stages[1]["behind_schedule"], true, "{}", stages[1]);
    assert!(
        stages[1]["send_rate"].as_f64().unwrap() < 25.0,
        "{}",
        stages[1]
    );
    // What was sent is what the server saw; the shortfall was never sent.
    assert_eq!(
        phase["sent"].as_u64(),
        Some(workshop.log.arrival_count() as u64)
    );
    let text = common::thumbctl(["--no-metrics", "load", "url"])
        .arg(&url)
        .args(["-c", "2", "--stage", "1s:100"])
        .run()
        .stdout;
    assert!(text.contains("stage 1 0/s -> 100/s over 1 s"), "{text}");
    assert!(text.contains("BEHIND SCHEDULE"), "{text}");
}

#[test]
fn a_scenario_phase_ramps_with_stages_and_the_spike_is_built_in() {
    let workshop = Workshop::start();
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("ramp.json");
    std::fs::write(
        &file,
        r#"{"name": "ramp", "phases": [{"name": "up", "stages": [{"duration": "1s", "rate": 100}, {"duration": "500ms", "rate": 100}],
            "steps": [{"name": "health", "path": "/health"}]}]}"#,
    )
    .unwrap();
    let output = load(&workshop, &["run", "--scenario", file.to_str().unwrap()]);
    assert_eq!(output.code, Some(0), "{}", output.stderr);
    // 50 on the way up, 50 at 100/s.
    let arrived = workshop.log.arrival_count() as i64;
    assert!((arrived - 100).abs() <= 1, "{arrived}");

    let shown = common::thumbctl(["load", "show", "spike"]).run();
    assert_eq!(shown.code, Some(0));
    let spike: Value = serde_json::from_str(&shown.stdout).unwrap();
    let stages = spike["phases"][0]["stages"].as_array().unwrap();
    let peak = stages
        .iter()
        .map(|s| s["rate"].as_f64().unwrap())
        .fold(0.0, f64::max);
    let calm = stages[1]["rate"].as_f64().unwrap();
    assert!(peak >= 5.0 * calm, "a spike: {stages:?}");
    // `--stage` replaces the built-in stages (a short spike for the test).
    let workshop = Workshop::start();
    let output = load(
        &workshop,
        &["spike", "--stage", "500ms:20,500ms:100,500ms:20"],
    );
    assert!(matches!(output.code, Some(0 | 1)), "{}", output.stderr);
    let report = report_of(&output);
    assert_eq!(report["scenario"], "spike");
    assert_eq!(report["phases"][0]["stages"].as_array().unwrap().len(), 3);
    assert_eq!(
        report["phases"][0]["sent"].as_u64(),
        Some(workshop.log.arrival_count() as u64)
    );
}

#[test]
fn bad_stages_are_usage_errors_naming_the_value() {
    let workshop = Workshop::start();
    let dir = tempfile::tempdir().unwrap();
    let both = dir.path().join("both.json");
    std::fs::write(
        &both,
        r#"{"name": "x", "phases": [{"name": "p", "rate": 5, "stages": [{"duration": "1s", "rate": 10}],
            "steps": [{"name": "s", "path": "/"}]}]}"#,
    )
    .unwrap();
    let negative = dir.path().join("negative.json");
    std::fs::write(
        &negative,
        r#"{"name": "x", "phases": [{"name": "p", "stages": [{"duration": "1s", "rate": -3}],
            "steps": [{"name": "s", "path": "/"}]}]}"#,
    )
    .unwrap();
    let url = format!("{}/", workshop.url);
    for (args, names) in [
        (vec!["url", &url, "--stage", "10s"], "`10s`"),
        (vec!["url", &url, "--stage", "0s:10"], "`0s:10`"),
        (vec!["sustained", "--stage", "10s:-5"], "`10s:-5`"),
        (
            vec!["sustained", "--stage", "10s:5", "--rate", "3"],
            "--rate",
        ),
        (
            vec!["url", &url, "--stage", "10s:5", "--duration", "3s"],
            "--duration",
        ),
        (vec!["full", "--stage", "10s:5", "--rate", "3"], "--rate"),
        (
            vec!["run", "--scenario", both.to_str().unwrap()],
            "both `stages` and `rate` (5/s)",
        ),
        (
            vec!["run", "--scenario", negative.to_str().unwrap()],
            "(got -3)",
        ),
    ] {
        let output = load(&workshop, &args);
        assert_eq!(output.code, Some(2), "{args:?}: {}", output.stderr);
        assert!(output.stderr.contains(names), "{args:?}: {}", output.stderr);
    }
    assert_eq!(workshop.log.arrival_count(), 0, "nothing sent");
}

#[test]
fn purchases_back_to_back_with_interval_zero() {
    for interval in ["0", "0s"] {
        let workshop = Workshop::start();
        let started = Instant::now();
        let output = load(
            &workshop,
            &["purchase", "-n", "60", "--interval", interval, "-c", "3"],
        );
        assert_eq!(output.code, Some(0), "{}", output.stderr);
        let report = report_of(&output);
        let phase = &report["phases"][0];
        assert_eq!(phase["model"], "closed");
        assert_eq!(phase["concurrency"], 3);
        assert_eq!(report["total"]["status_codes"]["201"], 60);
        assert_eq!(workshop.log.arrival_count(), 60);
        // One a second would take a minute.
        assert!(started.elapsed().as_secs() < 20, "{:?}", started.elapsed());
    }
    let workshop = Workshop::start();
    let output = load(
        &workshop,
        &["full", "--interval", "0", "-n", "4", "--duration", "1s"],
    );
    let report = report_of(&output);
    assert_eq!(report["phases"][2]["name"], "purchase");
    assert_eq!(report["phases"][2]["model"], "closed");
}
