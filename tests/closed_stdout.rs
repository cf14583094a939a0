//! A closed stdout is a normal end: `thumbctl completions bash | head -1`, `thumbctl resize --json
//! | head`, `thumbctl load ... | head`. The reader has what it wanted, so nothing is said on stderr,
//! nothing panics, and the exit code is the one the work earned (0 for a command whose only work
//! is its output), as with ripgrep. Each test runs the real binary with a stdout pipe whose reader
//! is already gone.
#![cfg(target_os = "linux")]

mod common;
#[path = "common/workshop.rs"]
mod workshop;

use common::TestDir;
use workshop::Workshop;

#[test]
fn completions_and_scenarios_end_with_exit_0() {
    for args in [
        vec!["completions", "bash"],
        vec!["completions", "zsh"],
        vec!["load", "show", "quick"],
    ] {
        let run = common::thumbctl(&args).run_with_closed_stdout();
        assert_eq!(run.code, Some(0), "{args:?}: {}", run.stderr);
        assert_eq!(run.stderr, "", "{args:?}");
    }
}

#[test]
fn resize_does_all_its_work_and_says_only_its_errors() {
    let dir = TestDir::new();
    dir.copy_testdata("formats/scene.jpg", "in/scene.jpg");
    dir.copy_testdata("broken/empty.jpg", "in/empty.jpg");
    let json = dir
        .thumbctl(["--no-metrics", "resize", "in", "--out", "out", "--json"])
        .run_with_closed_stdout();
    assert_eq!(json.code, Some(1), "the empty file failed: {}", json.stderr);
    assert_eq!(
        json.error_lines(),
        ["error: in/empty.jpg: file is empty"],
        "{}",
        json.stderr
    );
    assert!(!json.stderr.contains("panicked"), "{}", json.stderr);
    assert_eq!(dir.files_under("out").len(), 3, "scene.jpg in three sizes");

    let dry_run = dir
        .thumbctl(["--no-metrics", "resize", "in", "--out", "more", "--dry-run"])
        .run_with_closed_stdout();
    assert_eq!(dry_run.code, Some(1), "the empty file: {}", dry_run.stderr);
    assert!(!dry_run.stderr.contains("panicked"), "{}", dry_run.stderr);
}

#[test]
fn a_load_report_on_a_closed_stdout_keeps_the_run_and_its_exit_code() {
    let workshop = Workshop::start();
    let url = format!("{}/health", workshop.url);
    for format in ["text", "json"] {
        let run = common::thumbctl(["--no-metrics", "load", "url", &url, "-n", "5"])
            .args(["--output-format", format])
            .run_with_closed_stdout();
        assert_eq!(run.code, Some(0), "{format}: {}", run.stderr);
        assert_eq!(run.stderr, "", "{format}");
    }
    assert_eq!(workshop.log.arrival_count(), 10, "every request was sent");

    // A gate that fails still says so in the exit code.
    let slow = format!("{}/delay?seconds=0.3", workshop.url);
    let run = common::thumbctl(["--no-metrics", "load", "url", &slow, "-n", "2"])
        .args(["--max-p99", "100ms"])
        .run_with_closed_stdout();
    assert_eq!(run.code, Some(3), "{}", run.stderr);
}
