//! Ctrl-C behaves the same in both subcommands: the first stops new work and lets the run finish
//! and report (exit 130, covered in tests/resize.rs and tests/load.rs); a second quits at once,
//! also with exit 130.

#![cfg(unix)]

mod common;
#[path = "common/workshop.rs"]
mod workshop;

use std::io::{BufRead, BufReader};
use std::process::Child;
use std::time::{Duration, Instant};

use common::TestDir;
use workshop::Workshop;

fn send_sigint(child: &Child) {
    let status = std::process::Command::new("kill")
        .args(["-INT", &child.id().to_string()])
        .status()
        .unwrap();
    assert!(status.success());
}

/// Reads stderr until a line contains `text` (the first Ctrl-C's warning), so the second signal
/// is sent only once the first has been taken.
fn wait_for_stderr(child: &mut Child, text: &str) -> Vec<String> {
    let stderr = BufReader::new(child.stderr.take().unwrap());
    let mut seen = Vec::new();
    for line in stderr.lines() {
        let line = line.unwrap();
        let found = line.contains(text);
        seen.push(line);
        if found {
            return seen;
        }
    }
    panic!("stderr ended without {text:?}: {seen:?}");
}

/// Waits for the child to end, at most `limit`, and returns its exit code.
fn exit_within(child: &mut Child, limit: Duration) -> Option<i32> {
    let deadline = Instant::now() + limit;
    loop {
        if let Some(status) = child.try_wait().unwrap() {
            return status.code();
        }
        if Instant::now() > deadline {
            let _ = child.kill();
            panic!("still running {limit:?} after the second Ctrl-C");
        }
        std::thread::sleep(Duration::from_millis(20));
    }
}

#[test]
fn a_second_ctrl_c_quits_resize_at_once_with_130() {
    let dir = TestDir::new();
    // Large noisy photos made at full size, one at a time: the first Ctrl-C comes just as a
    // source starts (after the previous one's line), and finishing it takes far longer than the
    // second Ctrl-C needs to arrive.
    dir.noisy_jpeg_copies(6000, 4000, (0..5).map(|index| format!("in/{index}.jpg")));
    let mut child = dir
        .thumbctl([
            "--no-metrics",
            "resize",
            "in",
            "--out",
            "out",
            "--json",
            "--jobs",
            "1",
            "--size",
            "full=6000x4000",
            "--sizes",
            "full",
        ])
        .spawn();
    let mut stdout = BufReader::new(child.stdout.take().unwrap());
    let mut first = String::new();
    stdout.read_line(&mut first).unwrap();
    send_sigint(&child);
    wait_for_stderr(&mut child, "Ctrl-C again to quit now");
    send_sigint(&child);
    assert_eq!(exit_within(&mut child, Duration::from_secs(5)), Some(130));
    // Quit at once: no closing summary was written.
    let rest: Vec<String> = stdout.lines().map(Result::unwrap).collect();
    assert!(
        rest.iter()
            .all(|line| !line.contains("\"type\":\"summary\"")),
        "{rest:?}"
    );
}

#[test]
fn a_second_ctrl_c_quits_load_at_once_with_130() {
    let workshop = Workshop::start();
    let dir = TestDir::new();
    // Requests that take 5 s each: after the first Ctrl-C the run would wait for them (up to
    // its grace period) before reporting.
    let mut child = dir
        .thumbctl([
            "--no-metrics",
            "load",
            "url",
            &format!("{}/delay?seconds=5", workshop.url),
            "-c",
            "4",
            "-n",
            "100",
            "--output-format",
            "json",
        ])
        .spawn();
    let deadline = Instant::now() + Duration::from_secs(60);
    while workshop.log.arrival_count() < 4 {
        assert!(Instant::now() < deadline, "the run never started");
        std::thread::sleep(Duration::from_millis(20));
    }
    send_sigint(&child);
    wait_for_stderr(&mut child, "Ctrl-C again to quit now");
    let second = Instant::now();
    send_sigint(&child);
    assert_eq!(exit_within(&mut child, Duration::from_secs(5)), Some(130));
    assert!(
        second.elapsed() < Duration::from_millis(1500),
        "{:?}",
        second.elapsed()
    );
    let mut stdout = String::new();
    std::io::Read::read_to_string(&mut child.stdout.take().unwrap(), &mut stdout).unwrap();
    assert!(
        stdout.is_empty(),
        "no report after the second Ctrl-C: {stdout}"
    );
}
