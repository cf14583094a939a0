//! `load upload` against the image pipeline's API shape (`POST /api/images/upload` with a bearer
//! token, a `file` field and a `bucket` field), on the workshop stand-in server, which records
//! every form it received. A token given with `-H` must reach the server and nowhere else.

mod common;
#[path = "common/workshop.rs"]
mod workshop;

use std::net::UdpSocket;
use std::time::Duration;

use common::RunOutcome;
use serde_json::Value;
use workshop::Workshop;

const TOKEN: &str = "tok-5ecr3t-4f2a9c";

fn images(dir: &std::path::Path) {
    for (name, size) in [("a.jpg", 3000usize), ("b.png", 500)] {
        let data: Vec<u8> = (0..size).map(|i| (i * 13 % 251) as u8).collect();
        std::fs::write(dir.join(name), data).unwrap();
    }
}

fn upload(workshop: &Workshop, dir: &std::path::Path, args: &[&str]) -> RunOutcome {
    common::thumbctl(["load", "upload"])
        .arg(dir)
        .args(args)
        .args(["--target", &workshop.url])
        .run()
}

#[test]
fn headers_fields_repeat_and_rate_reach_the_api() {
    let workshop = Workshop::start();
    let dir = tempfile::tempdir().unwrap();
    images(dir.path());
    let auth = format!("Authorization: Bearer {TOKEN}");
    let output = upload(
        &workshop,
        dir.path(),
        &[
            "--no-metrics",
            "--path",
            "/api/images/upload",
            "-H",
            &auth,
            "-F",
            "bucket=test",
            "-F",
            "owner=ci",
            "--repeat",
            "5",
            "--rate",
            "20",
            "-c",
            "2",
            "--output-format",
            "json",
        ],
    );
    assert_eq!(output.code, Some(0), "{}\n{}", output.stdout, output.stderr);
    let report: Value = serde_json::from_str(&output.stdout).unwrap();
    let files = report["files"].as_array().unwrap();
    assert_eq!(files.len(), 10, "2 images, 5 times over");
    assert!(files.iter().all(|f| f["status"] == 201), "{files:?}");
    let uploads = workshop.log.uploads();
    assert_eq!(uploads.len(), 10);
    for received in &uploads {
        assert_eq!(received.field, "file");
        assert_eq!(
            received.fields,
            [
                ("bucket".to_string(), "test".to_string()),
                ("owner".to_string(), "ci".to_string())
            ]
        );
    }
    let arrivals = workshop.log.arrivals();
    for arrival in &arrivals {
        assert_eq!(
            arrival.headers["authorization"].to_str().unwrap(),
            format!("Bearer {TOKEN}")
        );
        assert_eq!(
            arrival.headers["x-trace-id"],
            arrival.headers["x-request-id"]
        );
    }
    // 20 a second: the tenth starts 450 ms after the first (which also connects).
    let first = arrivals.iter().map(|a| a.at).min().unwrap();
    let last = arrivals.iter().map(|a| a.at).max().unwrap();
    assert!(
        last.duration_since(first) >= Duration::from_millis(380),
        "{:?}",
        last.duration_since(first)
    );
    assert_eq!(report["phases"][0]["model"], "open");

    // Without the token the API says 401, and the report counts it as unexpected.
    let output = upload(
        &workshop,
        dir.path(),
        &[
            "--no-metrics",
            "--path",
            "/api/images/upload",
            "--output-format",
            "json",
        ],
    );
    assert_eq!(output.code, Some(1));
    let report: Value = serde_json::from_str(&output.stdout).unwrap();
    assert_eq!(report["total"]["status_codes"]["401"], 2);
}

#[test]
fn the_file_field_can_be_renamed() {
    let workshop = Workshop::start();
    let dir = tempfile::tempdir().unwrap();
    images(dir.path());
    let output = upload(
        &workshop,
        dir.path(),
        &[
            "--no-metrics",
            "--file-field",
            "image",
            "--output-format",
            "json",
        ],
    );
    assert_eq!(output.code, Some(0), "{}", output.stderr);
    let fields: Vec<String> = workshop
        .log
        .uploads()
        .into_iter()
        .map(|u| u.field)
        .collect();
    assert_eq!(fields, ["image", "image"]);
}

#[test]
fn a_token_never_appears_in_logs_reports_or_metrics() {
    let workshop = Workshop::start();
    let dir = tempfile::tempdir().unwrap();
    images(dir.path());
    let agent = UdpSocket::bind("127.0.0.1:0").unwrap();
    agent
        .set_read_timeout(Some(Duration::from_millis(500)))
        .unwrap();
    let statsd = format!("udp://{}", agent.local_addr().unwrap());
    let auth = format!("Authorization: Bearer {TOKEN}");
    let mut seen = String::new();
    for (format, log_format, path) in [
        ("text", "text", "/api/images/upload"),
        ("json", "json", "/api/images/upload"),
        // A 401 and an unknown path: failures and their messages too.
        ("text", "text", "/api/nothing"),
    ] {
        let output = upload(
            &workshop,
            dir.path(),
            &[
                "-vv",
                "--statsd",
                &statsd,
                "--log-format",
                log_format,
                "--path",
                path,
                "-H",
                &auth,
                "-H",
                "X-Api-Key: tok-5ecr3t-4f2a9c",
                "--output-format",
                format,
            ],
        );
        assert!(matches!(output.code, Some(0 | 1)), "{}", output.stderr);
        assert!(!output.stdout.is_empty());
        seen.push_str(&output.stdout);
        seen.push_str(&output.stderr);
    }
    let mut datagrams = 0;
    let mut buf = [0u8; 65536];
    while let Ok(n) = agent.recv(&mut buf) {
        datagrams += 1;
        seen.push_str(&String::from_utf8_lossy(&buf[..n]));
    }
    assert!(datagrams > 0, "metrics were sent");
    assert!(seen.contains("thumbctl.load.request"), "{seen}");
    assert!(!seen.contains(TOKEN), "the token leaked:\n{seen}");
    assert!(
        !seen.contains("5ecr3t"),
        "part of the token leaked:\n{seen}"
    );
    // It did reach the server.
    assert!(workshop
        .log
        .arrivals()
        .iter()
        .all(|a| a.headers["x-api-key"] == TOKEN));
}

#[test]
fn bad_fields_and_headers_are_usage_errors() {
    let dir = tempfile::tempdir().unwrap();
    images(dir.path());
    let workshop = Workshop::start();
    let output = upload(&workshop, dir.path(), &["-F", "bucket"]);
    assert_eq!(output.code, Some(2));
    assert!(output.stderr.contains("`bucket`"), "{}", output.stderr);
    let output = upload(
        &workshop,
        dir.path(),
        &["-H", "Authorization: Bearer tok-5ecr3t\u{7f}"],
    );
    assert_eq!(output.code, Some(2));
    assert!(
        output.stderr.contains("`Authorization`"),
        "{}",
        output.stderr
    );
    assert!(!output.stderr.contains("5ecr3t"), "{}", output.stderr);
    assert_eq!(workshop.log.arrival_count(), 0);
}
