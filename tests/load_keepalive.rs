//! No false connection errors: `thumbctl load` against servers that close idle kept-alive
//! connections, driven with POSTs (which are never sent twice) at rates whose gaps fall on both
//! sides of the server's idle timeout. Every request must be answered, and the server must count
//! exactly what the report counts.
//!
//! Two kinds of servers: small ones written here (an idle timeout that closes without a word, one
//! that announces `Keep-Alive: timeout=`, an HTTP/1.0 server that closes after every answer, and
//! one that drops a request it has read, to see `stale_connection` itself), and the real ones of
//! the image pipeline and the workshop: gunicorn (sync and gthread workers), Werkzeug's dev server,
//! uvicorn with FastAPI, and nginx with a short `keepalive_timeout`. The real ones come from
//! `THUMBCTL_TEST_PYTHON` (a python with gunicorn, uvicorn, fastapi and flask; `.ci/peers-load.sh`
//! makes one) and `THUMBCTL_TEST_NGINX` or `nginx` on the PATH; a missing one skips its test with a
//! note, and with `CI` set fails it.

mod common;

use std::io::{ErrorKind, Read, Write};
use std::net::{TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

use common::{free_port, RunOutcome};
use serde_json::Value;

/// How the test server treats a connection after answering.
#[derive(Clone, Copy, Debug)]
enum Behaviour {
    /// Keeps it open and closes it after this much idle time, saying nothing beforehand.
    IdleTimeout(Duration),
    /// Says `Keep-Alive: timeout=1` in every answer (and closes idle connections after 2 s, so
    /// that a client which ignores what it was told still gets its answers).
    AnnouncedTimeout,
    /// Answers `HTTP/1.0` with `Connection: close` and closes.
    Http10Close,
    /// Answers the first request of a connection, then reads the second and closes without an
    /// answer.
    DropsSecondRequest,
}

/// What the test server saw.
#[derive(Default)]
struct Counts {
    /// Requests read in full.
    requests: AtomicU64,
    /// Requests answered.
    answered: AtomicU64,
    connections: AtomicU64,
    /// Connections the server closed because they were idle.
    idle_closes: AtomicU64,
}

struct TestServer {
    url: String,
    counts: Arc<Counts>,
}

impl TestServer {
    fn start(behaviour: Behaviour) -> TestServer {
        let listener = TcpListener::bind("127.0.0.1:0").unwrap();
        let url = format!("http://{}", listener.local_addr().unwrap());
        let counts = Arc::new(Counts::default());
        let server_counts = Arc::clone(&counts);
        std::thread::spawn(move || {
            for stream in listener.incoming() {
                let Ok(stream) = stream else { continue };
                let counts = Arc::clone(&server_counts);
                std::thread::spawn(move || serve_connection(stream, behaviour, &counts));
            }
        });
        TestServer { url, counts }
    }

    fn count(&self, which: fn(&Counts) -> &AtomicU64) -> u64 {
        which(&self.counts).load(Ordering::SeqCst)
    }
}

/// Reads one request (head and Content-Length body). None when the client closed or the idle
/// timeout passed before a byte of it came.
fn read_request(stream: &mut TcpStream, idle: Option<Duration>) -> Result<Vec<u8>, bool> {
    stream.set_read_timeout(idle).unwrap();
    let mut data = Vec::new();
    let mut chunk = [0u8; 4096];
    loop {
        if let Some(end) = data.windows(4).position(|w| w == b"\r\n\r\n") {
            let head = String::from_utf8_lossy(&data[..end]).to_ascii_lowercase();
            let length: usize = head
                .lines()
                .find_map(|l| l.strip_prefix("content-length:"))
                .map_or(0, |v| v.trim().parse().unwrap());
            if data.len() >= end + 4 + length {
                return Ok(data);
            }
        }
        match stream.read(&mut chunk) {
            Ok(0) => return Err(false),
            Ok(n) => {
                data.extend_from_slice(&chunk[..n]);
                // Once a request has started, the rest comes without the idle limit.
                stream.set_read_timeout(None).unwrap();
            }
            Err(e) if matches!(e.kind(), ErrorKind::WouldBlock | ErrorKind::TimedOut) => {
                return Err(true)
            }
            Err(_) => return Err(false),
        }
    }
}

fn serve_connection(mut stream: TcpStream, behaviour: Behaviour, counts: &Counts) {
    counts.connections.fetch_add(1, Ordering::SeqCst);
    let idle = match behaviour {
        Behaviour::IdleTimeout(idle) => Some(idle),
        Behaviour::AnnouncedTimeout => Some(Duration::from_secs(2)),
        Behaviour::Http10Close | Behaviour::DropsSecondRequest => None,
    };
    for served in 0.. {
        match read_request(&mut stream, idle) {
            Ok(_) => {}
            Err(timed_out) => {
                if timed_out {
                    counts.idle_closes.fetch_add(1, Ordering::SeqCst);
                }
                return;
            }
        }
        counts.requests.fetch_add(1, Ordering::SeqCst);
        if matches!(behaviour, Behaviour::DropsSecondRequest) && served == 1 {
            return;
        }
        let answer: &[u8] = match behaviour {
            Behaviour::Http10Close => {
                b"HTTP/1.0 201 Created\r\nConnection: close\r\nContent-Length: 2\r\n\r\n{}"
            }
            Behaviour::AnnouncedTimeout => {
                b"HTTP/1.1 201 Created\r\nKeep-Alive: timeout=1\r\nContent-Length: 2\r\n\r\n{}"
            }
            _ => b"HTTP/1.1 201 Created\r\nContent-Length: 2\r\n\r\n{}",
        };
        if stream.write_all(answer).is_err() {
            return;
        }
        counts.answered.fetch_add(1, Ordering::SeqCst);
        if matches!(behaviour, Behaviour::Http10Close) {
            return;
        }
    }
}

/// A scenario of POSTs to `/purchase`: one phase per `(rate, duration)`, each an open model
/// with at most `concurrency` in flight.
fn post_scenario(dir: &Path, phases: &[(f64, &str)], concurrency: usize) -> PathBuf {
    let phases: Vec<Value> = phases
        .iter()
        .enumerate()
        .map(|(i, (rate, duration))| {
            serde_json::json!({
                "name": format!("p{i}"),
                "rate": rate,
                "duration": duration,
                "concurrency": concurrency,
                "steps": [{"name": "purchase", "method": "POST", "path": "/purchase",
                           "body": {"user_id": 1, "product_id": 2, "quantity": 1, "price": 9.5}}]
            })
        })
        .collect();
    let path = dir.join("posts.json");
    let scenario = serde_json::json!({"name": "posts", "phases": phases});
    std::fs::write(&path, scenario.to_string()).unwrap();
    path
}

fn run_posts(target: &str, phases: &[(f64, &str)], concurrency: usize) -> (RunOutcome, Value) {
    let dir = tempfile::tempdir().unwrap();
    let scenario = post_scenario(dir.path(), phases, concurrency);
    let output = common::thumbctl(["--no-metrics", "load", "run", "--scenario"])
        .arg(&scenario)
        .args(["--target", target, "--output-format", "json"])
        .run();
    let report: Value = serde_json::from_str(&output.stdout).unwrap_or_else(|e| {
        panic!(
            "no JSON report ({e}); stdout {}\nstderr {}",
            output.stdout, output.stderr
        )
    });
    (output, report)
}

/// Zero errors of any kind, every request answered as asked, and `server_count` of them.
fn assert_all_answered(output: &RunOutcome, report: &Value, server_count: u64, status: &str) {
    let total = &report["total"];
    assert_eq!(
        total["errors"],
        serde_json::json!({}),
        "no connection errors; first failures: {}\nstderr: {}",
        report["first_failures"],
        output.stderr
    );
    assert_eq!(total["unexpected"], 0, "{}", report["first_failures"]);
    assert_eq!(output.code, Some(0), "{}", output.stderr);
    let requests = total["requests"].as_u64().unwrap();
    assert!(requests > 0);
    assert_eq!(total["status_codes"][status].as_u64(), Some(requests));
    assert_eq!(
        server_count, requests,
        "the server counts what the report counts"
    );
}

/// Gaps of 50 ms, 400 ms and 250 ms against a 300 ms idle timeout: connections are reused below
/// it and found closed above it, never written to after the server has closed them.
#[test]
fn posts_across_a_silent_idle_timeout_are_all_answered() {
    let server = TestServer::start(Behaviour::IdleTimeout(Duration::from_millis(300)));
    let (output, report) = run_posts(
        &server.url,
        &[(20.0, "1s"), (2.5, "2s"), (4.0, "2s"), (2.5, "1200ms")],
        2,
    );
    assert_all_answered(&output, &report, server.count(|c| &c.answered), "201");
    assert_eq!(server.count(|c| &c.requests), server.count(|c| &c.answered));
    assert!(
        server.count(|c| &c.idle_closes) >= 3,
        "the server did close idle connections under the run"
    );
    // Reuse still happens where it is safe: far fewer connections than requests.
    let requests = report["total"]["requests"].as_u64().unwrap();
    assert!(
        server.count(|c| &c.connections) < requests,
        "{} connections for {requests} requests",
        server.count(|c| &c.connections)
    );
}

/// A ramp down from 10/s to 1/s: the gaps between POSTs sweep from 100 ms to a second, across
/// the server's 300 ms, one connection at a time.
#[test]
fn posts_on_a_ramp_whose_gaps_sweep_across_the_idle_timeout() {
    let server = TestServer::start(Behaviour::IdleTimeout(Duration::from_millis(300)));
    let output = common::thumbctl(["--no-metrics", "load", "url"])
        .arg(format!("{}/purchase", server.url))
        .args(["-m", "POST", "-d", "{}", "-c", "1"])
        .args(["--stage", "100ms:10,6s:1", "--output-format", "json"])
        .run();
    let report: Value = serde_json::from_str(&output.stdout).unwrap();
    assert_all_answered(&output, &report, server.count(|c| &c.answered), "201");
    assert!(report["total"]["requests"].as_u64().unwrap() >= 30);
    assert!(server.count(|c| &c.idle_closes) >= 1);
}

/// `Keep-Alive: timeout=1` is honoured: a connection idle for 950 ms (within a tenth of the
/// announced second) is not reused; one idle for 100 ms is.
#[test]
fn an_announced_keep_alive_timeout_is_honoured() {
    let server = TestServer::start(Behaviour::AnnouncedTimeout);
    let (output, report) = run_posts(&server.url, &[(10.0, "1s"), (1.05, "4s")], 1);
    assert_all_answered(&output, &report, server.count(|c| &c.answered), "201");
    let slow = report["phases"][1]["requests"].as_u64().unwrap();
    assert_eq!(slow, 5);
    assert_eq!(
        server.count(|c| &c.connections),
        1 + 1 + slow,
        "the preflight check, one connection for the fast phase, one per slow request"
    );
}

#[test]
fn an_http_1_0_server_that_closes_after_each_answer() {
    let server = TestServer::start(Behaviour::Http10Close);
    let (output, report) = run_posts(&server.url, &[(40.0, "1s"), (3.0, "1s")], 4);
    assert_all_answered(&output, &report, server.count(|c| &c.answered), "201");
    let requests = report["total"]["requests"].as_u64().unwrap();
    assert_eq!(
        server.count(|c| &c.connections),
        requests + 1,
        "one each, and the one that checked the target was up"
    );
}

/// A POST that meets a kept-alive connection closed before any byte of the answer is its own
/// kind, `stale_connection`, apart from `connection`; a GET in the same place is sent again.
#[test]
fn a_post_on_a_connection_closed_under_it_is_a_stale_connection() {
    let server = TestServer::start(Behaviour::DropsSecondRequest);
    let (output, report) = run_posts(&server.url, &[(5.0, "1s")], 1);
    assert_eq!(output.code, Some(1), "{}", output.stderr);
    let errors = &report["total"]["errors"];
    let stale = errors["stale_connection"].as_u64().unwrap();
    let answered = report["total"]["status_codes"]["201"].as_u64().unwrap();
    assert_eq!(stale + answered, 5, "{errors}");
    assert!(stale >= 1, "{errors}");
    assert!(errors.get("connection").is_none(), "{errors}");
    assert_eq!(server.count(|c| &c.answered), answered);
    let failure = &report["first_failures"][0];
    assert_eq!(failure["outcome"], "stale_connection");
    assert!(
        failure["message"]
            .as_str()
            .unwrap()
            .contains("kept-alive connection was closed by the server"),
        "{failure}"
    );

    let server = TestServer::start(Behaviour::DropsSecondRequest);
    let output = common::thumbctl(["--no-metrics", "load", "url"])
        .arg(format!("{}/purchase", server.url))
        .args(["-n", "6", "-c", "1", "--output-format", "json"])
        .run();
    assert_eq!(
        output.code,
        Some(0),
        "GETs are sent again: {}",
        output.stdout
    );
}

// ---- real servers ----

/// Where a peer program comes from: the variable, or the PATH; None (after a note) to skip.
fn peer(variable: &str, fallback: &str, test: &str) -> Option<PathBuf> {
    let found = std::env::var_os(variable).map(PathBuf::from).or_else(|| {
        Command::new("sh")
            .args(["-c", &format!("command -v {fallback}")])
            .output()
            .ok()
            .filter(|o| o.status.success())
            .map(|o| PathBuf::from(String::from_utf8_lossy(&o.stdout).trim()))
    });
    if found.is_none() {
        assert!(
            std::env::var_os("CI").is_none(),
            "{test}: {variable} is not set and {fallback} is not on the PATH (.ci/peers-load.sh)"
        );
        eprintln!("SKIP {test}: set {variable} (see .ci/peers-load.sh)");
    }
    found
}

/// A python with the modules asked for, or None (after a note) to skip.
fn python_with(modules: &str, test: &str) -> Option<PathBuf> {
    let python = peer("THUMBCTL_TEST_PYTHON", "python3", test)?;
    let ok = Command::new(&python)
        .args(["-c", &format!("import {modules}")])
        .stderr(Stdio::null())
        .status()
        .is_ok_and(|s| s.success());
    if !ok {
        assert!(
            std::env::var_os("CI").is_none(),
            "{test}: {} cannot import {modules} (.ci/peers-load.sh)",
            python.display()
        );
        eprintln!(
            "SKIP {test}: {} has no {modules} (set THUMBCTL_TEST_PYTHON, see .ci/peers-load.sh)",
            python.display()
        );
        return None;
    }
    Some(python)
}

/// A server process, stopped when dropped; `served` is the file it appends a line to per POST.
struct Peer {
    child: Child,
    url: String,
    served: PathBuf,
    _dir: tempfile::TempDir,
}

impl Drop for Peer {
    fn drop(&mut self) {
        common::stop_peer(&mut self.child);
    }
}

impl Peer {
    fn spawn(mut command: Command, port: u16, dir: tempfile::TempDir, served: PathBuf) -> Peer {
        let log = std::fs::File::create(dir.path().join("server.log")).unwrap();
        let child = command
            .current_dir(dir.path())
            .stdin(Stdio::null())
            .stdout(log.try_clone().unwrap())
            .stderr(log)
            .spawn()
            .unwrap_or_else(|e| panic!("start {command:?}: {e}"));
        let peer = Peer {
            child,
            url: format!("http://127.0.0.1:{port}"),
            served,
            _dir: dir,
        };
        let deadline = Instant::now() + Duration::from_secs(30);
        while TcpStream::connect(("127.0.0.1", port)).is_err() {
            assert!(
                Instant::now() < deadline,
                "{command:?} never listened; its log:\n{}",
                peer.log()
            );
            std::thread::sleep(Duration::from_millis(100));
        }
        peer
    }

    fn log(&self) -> String {
        std::fs::read_to_string(self._dir.path().join("server.log")).unwrap_or_default()
    }

    /// POSTs the server handled.
    fn served(&self) -> u64 {
        std::fs::read_to_string(&self.served)
            .unwrap_or_default()
            .lines()
            .count() as u64
    }
}

/// The workshop-like Flask app: POST /purchase appends a line to served.log (O_APPEND: whole
/// lines from every worker process and thread) and answers 201.
const FLASK_APP: &str = r#"
import os, sys
from flask import Flask, jsonify
app = Flask(__name__)
SERVED = os.path.join(os.path.dirname(os.path.abspath(__file__)), "served.log")

@app.post("/purchase")
def purchase():
    with open(SERVED, "a") as f:
        f.write("purchase\n")
    return jsonify(ok=True), 201

if __name__ == "__main__":
    app.run(host="127.0.0.1", port=int(sys.argv[1]))
"#;

const FASTAPI_APP: &str = r#"
import os
from fastapi import FastAPI
app = FastAPI()
SERVED = os.path.join(os.path.dirname(os.path.abspath(__file__)), "served.log")

@app.post("/purchase", status_code=201)
async def purchase(body: dict):
    with open(SERVED, "a") as f:
        f.write("purchase\n")
    return {"ok": True}
"#;

fn python_peer(python: &Path, app: &str, args: &[&str], port: u16) -> Peer {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("app.py"), app).unwrap();
    let served = dir.path().join("served.log");
    let mut command = Command::new(python);
    command.args(args.iter().map(|a| a.replace("{port}", &port.to_string())));
    Peer::spawn(command, port, dir, served)
}

/// Gaps of 100 ms then 2.5 s (several seconds of idle) then 100 ms again, against servers whose
/// idle timeout is 1 s (or who close at once).
const REAL_PHASES: &[(f64, &str)] = &[(10.0, "1500ms"), (0.4, "5s"), (10.0, "1s")];

fn check_real_peer(peer: &Peer) {
    let (output, report) = run_posts(&peer.url, REAL_PHASES, 4);
    // Give the server a moment to finish its own bookkeeping of the last answer.
    std::thread::sleep(Duration::from_millis(200));
    let requests = report["total"]["requests"].as_u64().unwrap();
    assert!(requests >= 25, "{requests}");
    let served = peer.served();
    if served != requests || report["total"]["unexpected"] != 0 {
        eprintln!("server log:\n{}", peer.log());
    }
    assert_all_answered(&output, &report, served, "201");
}

#[test]
fn gunicorn_sync_workers() {
    let test = "gunicorn_sync_workers";
    let Some(python) = python_with("gunicorn, flask", test) else {
        return;
    };
    let args = [
        "-m",
        "gunicorn",
        "-w",
        "2",
        "-b",
        "127.0.0.1:{port}",
        "app:app",
    ];
    check_real_peer(&python_peer(&python, FLASK_APP, &args, free_port()));
}

#[test]
fn gunicorn_gthread_workers_with_a_one_second_keep_alive() {
    let test = "gunicorn_gthread_workers_with_a_one_second_keep_alive";
    let Some(python) = python_with("gunicorn, flask", test) else {
        return;
    };
    let args = [
        "-m",
        "gunicorn",
        "-w",
        "2",
        "--threads",
        "4",
        "--keep-alive",
        "1",
        "-b",
        "127.0.0.1:{port}",
        "app:app",
    ];
    check_real_peer(&python_peer(&python, FLASK_APP, &args, free_port()));
}

#[test]
fn werkzeug_dev_server_as_the_workshop_runs_it() {
    let test = "werkzeug_dev_server_as_the_workshop_runs_it";
    let Some(python) = python_with("flask", test) else {
        return;
    };
    check_real_peer(&python_peer(
        &python,
        FLASK_APP,
        &["app.py", "{port}"],
        free_port(),
    ));
}

#[test]
fn uvicorn_with_fastapi_and_a_one_second_keep_alive() {
    let test = "uvicorn_with_fastapi_and_a_one_second_keep_alive";
    let Some(python) = python_with("uvicorn, fastapi", test) else {
        return;
    };
    let args = [
        "-m",
        "uvicorn",
        "app:app",
        "--host",
        "127.0.0.1",
        "--port",
        "{port}",
        "--timeout-keep-alive",
        "1",
    ];
    check_real_peer(&python_peer(&python, FASTAPI_APP, &args, free_port()));
}

#[test]
fn nginx_with_a_one_second_keepalive_timeout() {
    let test = "nginx_with_a_one_second_keepalive_timeout";
    let Some(nginx) = peer("THUMBCTL_TEST_NGINX", "nginx", test) else {
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    let port = free_port();
    let root = dir.path().display().to_string();
    let served = dir.path().join("served.log");
    std::fs::write(
        dir.path().join("nginx.conf"),
        format!(
            "daemon off;
worker_processes 2;
pid {root}/nginx.pid;
error_log {root}/error.log;
events {{ worker_connections 256; }}
http {{
  log_format posts '$request_method';
  keepalive_timeout 1s;
  client_body_temp_path {root}/body;
  proxy_temp_path {root}/proxy;
  fastcgi_temp_path {root}/fastcgi;
  uwsgi_temp_path {root}/uwsgi;
  scgi_temp_path {root}/scgi;
  server {{
    listen 127.0.0.1:{port};
    access_log {root}/served.log posts;
    location /purchase {{ default_type application/json; return 201 '{{\"ok\":true}}'; }}
  }}
}}
"
        ),
    )
    .unwrap();
    let mut command = Command::new(nginx);
    command.args(["-p", &root, "-c", &format!("{root}/nginx.conf")]);
    let peer = Peer::spawn(command, port, dir, served);
    check_real_peer(&peer);
}
