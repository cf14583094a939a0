//! The live panel: drawn on a terminal (run here under `script`, which gives the command a
//! pseudo-terminal), never when stderr is a pipe or a file (CI logs), never with --no-progress or
//! with `CI` set, and the report on stdout is the same plain text in every case.

mod common;
#[path = "common/workshop.rs"]
mod workshop;

use std::process::Command;

use workshop::Workshop;

/// Runs `thumbctl ARGS > report` under a pseudo-terminal; returns (what the terminal showed,
/// the report), or None when `script` (util-linux) is missing.
fn on_a_terminal(args: &str, ci: bool) -> Option<(String, String)> {
    let dir = tempfile::tempdir().unwrap();
    let report = dir.path().join("report.txt");
    let screen = dir.path().join("screen.txt");
    let line = format!(
        "{} --no-metrics {args} > {}",
        env!("CARGO_BIN_EXE_thumbctl"),
        report.display()
    );
    let mut command = Command::new("script");
    command.args(["-qec", &line]).arg(&screen);
    command.env_remove("CI").env_remove("RUST_LOG");
    if ci {
        command.env("CI", "true");
    }
    let Ok(status) = command.status() else {
        assert!(
            std::env::var_os("CI").is_none(),
            "`script` (util-linux) is needed"
        );
        eprintln!("SKIP: no `script` to give thumbctl a terminal");
        return None;
    };
    assert!(status.code().is_some_and(|c| c <= 1), "{status}");
    Some((
        std::fs::read_to_string(screen).unwrap(),
        std::fs::read_to_string(report).unwrap(),
    ))
}

fn assert_plain_report(report: &str) {
    assert!(
        report.starts_with("thumbctl load sustained -> "),
        "{report}"
    );
    assert!(report.contains("\nphase sustained: "), "{report}");
    assert!(
        !report.contains('\u{1b}'),
        "no terminal codes in the report"
    );
    assert!(!report.contains("over the last"), "no panel in the report");
}

#[test]
fn the_panel_is_drawn_on_a_terminal_only() {
    let workshop = Workshop::start();
    let args = format!(
        "load sustained --stage 1500ms:40,1500ms:40 --target {}",
        workshop.url
    );
    let Some((screen, report)) = on_a_terminal(&args, false) else {
        return;
    };
    assert!(screen.contains("over the last 5s"), "{screen}");
    assert!(screen.contains("target "), "{screen}");
    assert!(
        screen.contains("stage 2/2 (40/s -> 40/s over 1s 500ms)"),
        "{screen}"
    );
    assert!(screen.contains("latency  last 5s: p50 "), "{screen}");
    assert!(screen.contains("outcomes "), "{screen}");
    assert_plain_report(&report);

    for (extra, ci) in [(" --no-progress", false), ("", true)] {
        let (screen, report) = on_a_terminal(&format!("{args}{extra}"), ci).unwrap();
        assert!(
            !screen.contains("over the last"),
            "{extra} CI={ci}: {screen}"
        );
        assert_plain_report(&report);
    }
}

#[test]
fn a_pipe_gets_no_panel_and_the_same_report() {
    let workshop = Workshop::start();
    let output = common::thumbctl(["--no-metrics", "load", "sustained"])
        .args(["--stage", "1s:30,1s:30", "--target", &workshop.url])
        .run();
    assert!(matches!(output.code, Some(0 | 1)), "{}", output.stderr);
    assert!(
        !output.stderr.contains("over the last"),
        "{}",
        output.stderr
    );
    assert!(!output.stderr.contains('\u{1b}'), "{}", output.stderr);
    assert_plain_report(&output.stdout);
    assert!(workshop.log.arrival_count() >= 25);
}
