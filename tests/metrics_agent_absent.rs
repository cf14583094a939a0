//! No agent listening: nothing panics or waits, every metric is counted as sent or dropped, and
//! the user sees at most one warning line.

mod support_statsd;

use std::io::Write;
use std::net::UdpSocket;
use std::sync::{Arc, Mutex, OnceLock};
use std::time::{Duration, Instant};

use support_statsd::metrics_args;
use thumbctl::metrics::{Metrics, MetricsSummary, SourceStatus};

/// Everything logged through `tracing` in this test binary. Each test picks out its own lines
/// by the endpoint they name, so tests may run in parallel.
fn captured_log() -> Arc<Mutex<Vec<u8>>> {
    static LOG: OnceLock<Arc<Mutex<Vec<u8>>>> = OnceLock::new();
    LOG.get_or_init(|| {
        let log = Arc::new(Mutex::new(Vec::new()));
        let writer_log = log.clone();
        tracing_subscriber::fmt()
            .with_writer(move || LogWriter(writer_log.clone()))
            .with_ansi(false)
            .init();
        log
    })
    .clone()
}

struct LogWriter(Arc<Mutex<Vec<u8>>>);

impl Write for LogWriter {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.0.lock().unwrap().extend_from_slice(buf);
        Ok(buf.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

fn warnings_naming(endpoint: &str) -> Vec<String> {
    let log = captured_log();
    let text = String::from_utf8_lossy(&log.lock().unwrap()).into_owned();
    text.lines()
        .filter(|l| l.contains(endpoint))
        .map(str::to_string)
        .collect()
}

fn metrics_to(url: &str) -> Metrics {
    Metrics::from_args_with_env(&metrics_args(url), &|_| None)
        .expect("an absent agent is not a setup error")
}

/// A run's worth of metrics in a few bursts (so UDP errors have time to come back between
/// them), checking that neither the calls nor `finish` wait for the agent; returns how many
/// lines were produced and the summary.
fn run_against(metrics: &Metrics) -> (u64, MetricsSummary) {
    let started = Instant::now();
    let mut lines = 0;
    for _ in 0..5 {
        for _ in 0..200 {
            metrics.thumbnail_generated("small", "jpeg", Duration::from_millis(3), 1000); // 2 lines
            metrics.source_processed(SourceStatus::Success, Duration::from_millis(4), 5000); // 3 lines
            lines += 5;
        }
        std::thread::sleep(Duration::from_millis(150));
    }
    let calls = started.elapsed() - Duration::from_millis(5 * 150);
    let finishing = Instant::now();
    let summary = metrics.finish();
    let finishing = finishing.elapsed();
    assert!(calls < Duration::from_secs(3), "calls took {calls:?}");
    assert!(
        finishing < Duration::from_secs(3),
        "finish took {finishing:?}"
    );
    (lines, summary)
}

#[test]
fn closed_udp_port_counts_failures_and_warns_once() {
    captured_log();
    let port = {
        let probe = UdpSocket::bind("127.0.0.1:0").unwrap();
        probe.local_addr().unwrap().port()
    }; // dropped: nothing listens on the port any more
    let url = format!("udp://127.0.0.1:{port}");
    let metrics = metrics_to(&url);
    let (lines, summary) = run_against(&metrics);
    assert_eq!(summary.sent + summary.dropped, lines, "{summary:?}");
    // Linux reports the ICMP "port unreachable" on the next send of a connected socket: every
    // datagram but at most the last one (about 25 lines) is known lost and counted so.
    assert!(
        summary.sent <= 30,
        "a closed local port is noticed: {summary:?}"
    );
    let warnings = warnings_naming(&url);
    assert_eq!(warnings.len(), 1, "exactly one warning line: {warnings:#?}");
    assert!(
        warnings[0].contains("WARN") && warnings[0].contains("cannot send"),
        "{}",
        warnings[0]
    );
}

#[test]
fn missing_unix_socket_drops_everything_and_warns_once() {
    captured_log();
    let dir = tempfile::tempdir().unwrap();
    let url = format!("unix://{}/no-agent-here.socket", dir.path().display());
    let metrics = metrics_to(&url);
    let (lines, summary) = run_against(&metrics);
    assert_eq!((summary.sent, summary.dropped), (0, lines), "{summary:?}");
    let warnings = warnings_naming(&url);
    assert_eq!(warnings.len(), 1, "exactly one warning line: {warnings:#?}");
    assert!(
        warnings[0].contains("No such file or directory"),
        "{}",
        warnings[0]
    );
}

#[test]
fn agent_appearing_mid_run_is_reached_without_restarting() {
    captured_log();
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("late.socket");
    let url = format!("unix://{}", path.display());
    let metrics = metrics_to(&url);
    let mut batch = metrics.load_batch("s", &[("before", "GET"), ("after", "GET")]);
    batch.request_failed(0, "timeout", std::time::Instant::now());
    batch.flush();
    std::thread::sleep(Duration::from_millis(300)); // flushed (and failed) by the timer

    let agent = std::os::unix::net::UnixDatagram::bind(&path).unwrap();
    agent
        .set_read_timeout(Some(Duration::from_secs(5)))
        .unwrap();
    batch.request_failed(1, "timeout", std::time::Instant::now());
    batch.flush();
    let summary = metrics.finish();
    let mut buf = [0u8; 8192];
    let n = agent
        .recv(&mut buf)
        .expect("the late agent gets the later metric");
    let text = std::str::from_utf8(&buf[..n]).unwrap();
    assert!(
        text.starts_with("thumbctl.load.request.error:1|c|#") && text.contains("step:after"),
        "{text}"
    );
    assert_eq!((summary.sent, summary.dropped), (1, 1));
    assert_eq!(warnings_naming(&url).len(), 1);
}
