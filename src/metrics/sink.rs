//! Getting metric lines to the agent without ever making a caller wait.
//!
//! ```text
//! pipeline thread --StatsdClient formats a line--> cadence QueuingMetricSink (bounded; full = drop)
//!     --one worker thread--> DatagramSink: packs lines into datagrams, sends over UDP or Unix socket
//! ```
//!
//! `DatagramSink` is our own `cadence::MetricSink` rather than cadence's buffered UDP and Unix
//! sinks because the summary must say honestly how many metrics were sent and dropped: it knows
//! how many lines each datagram held, so a failed send is counted line by line, and a failed
//! datagram is dropped rather than retried forever. A timer thread sends a partly filled datagram
//! after [`FLUSH_INTERVAL`] so dashboards stay live during slow runs.

use std::io;
use std::net::{SocketAddr, ToSocketAddrs, UdpSocket};
use std::os::unix::net::UnixDatagram;
use std::path::PathBuf;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::mpsc;
use std::sync::{Arc, Condvar, Mutex};
use std::thread;
use std::time::{Duration, Instant};

use cadence::{MetricSink, SinkStats};

use super::endpoint::Endpoint;

/// How long a partly filled datagram may wait before it is sent (the Go client's default).
pub(crate) const FLUSH_INTERVAL: Duration = Duration::from_millis(100);

/// A send that takes longer than this (a Unix socket whose reader has stalled) fails, so the
/// worker keeps draining the queue and `finish` stays bounded.
const SEND_TIMEOUT: Duration = Duration::from_millis(250);

/// Says the first delivery problem once, as one warning line; later ones only count.
#[derive(Debug, Default)]
pub struct WarnOnce {
    warned: AtomicBool,
}

impl WarnOnce {
    pub(crate) fn warn(&self, message: impl FnOnce() -> String) {
        if !self.warned.swap(true, Ordering::Relaxed) {
            tracing::warn!("{}", message());
        }
    }
}

/// How datagrams leave the process.
#[derive(Debug)]
enum Transport {
    /// A connected socket, so a closed port on the agent's host is reported (ECONNREFUSED) and
    /// counted, instead of vanishing silently.
    Udp(UdpSocket),
    /// Unconnected: each send names the path, so an agent that starts (or restarts) mid-run is
    /// reached without reconnecting, and a missing socket fails each send (counted).
    Unix { socket: UnixDatagram, path: PathBuf },
    /// The agent address could not be set up (host did not resolve...): every send fails.
    Unavailable(String),
}

impl Transport {
    fn open(endpoint: &Endpoint) -> Transport {
        let opened = match endpoint {
            Endpoint::Udp { host, port } => open_udp(host, *port).map(Transport::Udp),
            Endpoint::Unix { path } => UnixDatagram::unbound().and_then(|socket| {
                socket.set_write_timeout(Some(SEND_TIMEOUT))?;
                Ok(Transport::Unix {
                    socket,
                    path: path.clone(),
                })
            }),
        };
        opened.unwrap_or_else(|err| Transport::Unavailable(err.to_string()))
    }

    fn send(&self, payload: &[u8]) -> io::Result<usize> {
        match self {
            Transport::Udp(socket) => socket.send(payload),
            Transport::Unix { socket, path } => socket.send_to(payload, path),
            Transport::Unavailable(reason) => Err(io::Error::other(reason.clone())),
        }
    }
}

fn open_udp(host: &str, port: u16) -> io::Result<UdpSocket> {
    let addresses: Vec<SocketAddr> = (host, port).to_socket_addrs()?.collect();
    // The agent listens on 127.0.0.1 by default; `localhost` also resolves to ::1 here and there.
    let address = addresses
        .iter()
        .find(|a| a.is_ipv4())
        .or(addresses.first())
        .copied()
        .ok_or_else(|| io::Error::other(format!("{host} resolves to no address")))?;
    let local: SocketAddr = if address.is_ipv4() {
        "0.0.0.0:0"
    } else {
        "[::]:0"
    }
    .parse()
    .unwrap();
    let socket = UdpSocket::bind(local)?;
    socket.connect(address)?;
    socket.set_write_timeout(Some(SEND_TIMEOUT))?;
    Ok(socket)
}

/// The datagram being filled.
#[derive(Debug, Default)]
struct Pending {
    payload: String,
    lines: u64,
    /// Lines of the last datagram the OS accepted, in case the agent's host answers it with
    /// "port unreachable" (see `send_pending`).
    last_sent_lines: u64,
}

/// Packs metric lines into datagrams of at most `max_payload` bytes and sends them.
#[derive(Debug)]
pub struct DatagramSink {
    endpoint: String,
    transport: Transport,
    max_payload: usize,
    pending: Mutex<Pending>,
    /// Lines taken from the queue (buffered, sent or failed).
    handled: AtomicU64,
    /// `finish` waits on this for `handled` to reach what was queued, instead of polling.
    handled_changed: Condvar,
    handled_lock: Mutex<()>,
    /// Threads in `wait_until_handled`: the worker wakes them only when there are some, so a
    /// line costs no wake-up call while nobody waits.
    waiters: AtomicU64,
    /// Metric values in datagrams the operating system accepted (a packed line counts each value).
    sent: AtomicU64,
    /// Metric values in datagrams that failed to send.
    failed: AtomicU64,
    warn_once: Arc<WarnOnce>,
}

impl DatagramSink {
    pub(crate) fn new(endpoint: &Endpoint, warn_once: Arc<WarnOnce>) -> DatagramSink {
        DatagramSink {
            endpoint: endpoint.to_string(),
            transport: Transport::open(endpoint),
            max_payload: endpoint.max_payload(),
            pending: Mutex::new(Pending::default()),
            handled: AtomicU64::new(0),
            handled_changed: Condvar::new(),
            handled_lock: Mutex::new(()),
            waiters: AtomicU64::new(0),
            sent: AtomicU64::new(0),
            failed: AtomicU64::new(0),
            warn_once,
        }
    }

    pub(crate) fn handled(&self) -> u64 {
        self.handled.load(Ordering::SeqCst)
    }

    /// Waits until `count` lines have been taken from the queue or `deadline` has passed, woken by
    /// the worker as it takes them. True when they all were.
    pub(crate) fn wait_until_handled(&self, count: u64, deadline: Instant) -> bool {
        // Registered before the first look at `handled`: a line taken after that look sees the
        // waiter and wakes it (both sides use SeqCst, and the wake-up takes the lock).
        self.waiters.fetch_add(1, Ordering::SeqCst);
        let mut guard = self
            .handled_lock
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner());
        let done = loop {
            if self.handled() >= count {
                break true;
            }
            let now = Instant::now();
            if now >= deadline {
                break false;
            }
            guard = self
                .handled_changed
                .wait_timeout(guard, deadline - now)
                .unwrap_or_else(|poisoned| poisoned.into_inner())
                .0;
        };
        drop(guard);
        self.waiters.fetch_sub(1, Ordering::SeqCst);
        done
    }

    pub(crate) fn sent(&self) -> u64 {
        self.sent.load(Ordering::Relaxed)
    }

    pub(crate) fn failed(&self) -> u64 {
        self.failed.load(Ordering::Relaxed)
    }

    /// Adds one line; sends the pending datagram first when the line would not fit.
    fn push_line(&self, line: &str) {
        let mut pending = self.lock_pending();
        let needed = if pending.payload.is_empty() {
            line.len()
        } else {
            line.len() + 1
        };
        if pending.payload.len() + needed > self.max_payload {
            self.send_pending(&mut pending);
        }
        if !pending.payload.is_empty() {
            pending.payload.push('\n');
        }
        // A single line longer than a datagram (only with absurdly many tags) goes alone.
        pending.payload.push_str(line);
        pending.lines += values_in(line);
        if pending.payload.len() >= self.max_payload {
            self.send_pending(&mut pending);
        }
        drop(pending);
        self.handled.fetch_add(1, Ordering::SeqCst);
        if self.waiters.load(Ordering::SeqCst) > 0 {
            // Taking the lock orders this wake-up after the waiter's look at `handled`.
            drop(
                self.handled_lock
                    .lock()
                    .unwrap_or_else(|poisoned| poisoned.into_inner()),
            );
            self.handled_changed.notify_all();
        }
    }

    /// Sends whatever is pending now.
    pub(crate) fn flush_pending(&self) {
        let mut pending = self.lock_pending();
        self.send_pending(&mut pending);
    }

    fn send_pending(&self, pending: &mut Pending) {
        if pending.lines == 0 {
            return;
        }
        let mut result = self.transport.send(pending.payload.as_bytes());
        if result
            .as_ref()
            .is_err_and(|e| e.kind() == io::ErrorKind::ConnectionRefused)
        {
            // On a connected UDP socket this is the ICMP "port unreachable" answer to the
            // previous datagram, which was therefore lost; this one was not sent yet, so it
            // gets one more try (the agent may be back).
            self.sent
                .fetch_sub(pending.last_sent_lines, Ordering::Relaxed);
            self.failed
                .fetch_add(pending.last_sent_lines, Ordering::Relaxed);
            pending.last_sent_lines = 0;
            self.report_failure(result.as_ref().unwrap_err());
            result = self.transport.send(pending.payload.as_bytes());
        }
        match result {
            Ok(_) => {
                self.sent.fetch_add(pending.lines, Ordering::Relaxed);
                pending.last_sent_lines = pending.lines;
            }
            Err(err) => {
                self.failed.fetch_add(pending.lines, Ordering::Relaxed);
                pending.last_sent_lines = 0;
                self.report_failure(&err);
            }
        }
        pending.payload.clear();
        pending.lines = 0;
    }

    fn report_failure(&self, err: &io::Error) {
        self.warn_once.warn(|| {
            format!(
                "metrics: cannot send to the DogStatsD agent at {}: {err}; metrics are dropped while \
                 it is unreachable (the run itself is not affected; the summary counts what was dropped)",
                self.endpoint
            )
        });
    }

    fn lock_pending(&self) -> std::sync::MutexGuard<'_, Pending> {
        // A panic while holding the lock leaves at worst a half-built datagram: keep going.
        self.pending
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    }
}

impl Drop for DatagramSink {
    /// The queue's worker holds the last reference and drops it once it has drained the queue
    /// (a handle dropped without `finish`): send what it left behind.
    fn drop(&mut self) {
        self.flush_pending();
    }
}

/// Shares one `DatagramSink` between the queue's worker, the flush timer and `finish`.
#[derive(Debug, Clone)]
pub struct SharedSink(pub Arc<DatagramSink>);

impl MetricSink for SharedSink {
    fn emit(&self, metric: &str) -> io::Result<usize> {
        self.0.push_line(metric);
        Ok(metric.len())
    }

    fn flush(&self) -> io::Result<()> {
        self.0.flush_pending();
        Ok(())
    }

    fn stats(&self) -> SinkStats {
        SinkStats::default()
    }
}

/// Sends partly filled datagrams every [`FLUSH_INTERVAL`] until dropped.
#[derive(Debug)]
pub struct FlushTimer {
    stop: Option<mpsc::Sender<()>>,
    thread: Option<thread::JoinHandle<()>>,
}

impl FlushTimer {
    pub(crate) fn start(sink: Arc<DatagramSink>) -> FlushTimer {
        let (stop, stopped) = mpsc::channel::<()>();
        let thread = thread::Builder::new()
            .name("thumbctl-metrics-flush".into())
            .spawn(move || {
                while let Err(mpsc::RecvTimeoutError::Timeout) =
                    stopped.recv_timeout(FLUSH_INTERVAL)
                {
                    sink.flush_pending();
                }
            })
            .ok();
        FlushTimer {
            stop: Some(stop),
            thread,
        }
    }

    pub(crate) fn stop(&mut self) {
        // Dropping the sender wakes the thread at once.
        self.stop.take();
        if let Some(thread) = self.thread.take() {
            let _ = thread.join();
        }
    }
}

impl Drop for FlushTimer {
    fn drop(&mut self) {
        self.stop();
    }
}

/// How many metric values a line carries: DogStatsD 1.1 packs several into one line
/// (`name:1.5:2:7|d|#tags`); the summary counts values, so packing does not change its figures.
pub(crate) fn values_in(line: &str) -> u64 {
    let head = line.split('|').next().unwrap_or(line);
    (head.bytes().filter(|&b| b == b':').count() as u64).max(1)
}

#[cfg(test)]
mod values_tests {
    use super::values_in;

    #[test]
    fn packed_lines_count_each_value() {
        assert_eq!(values_in("a.b:1|c|#k:v"), 1);
        assert_eq!(values_in("a.b:1.5:2:7|d|#k:v,x:y"), 3);
    }
}

#[cfg(test)]
mod wait_tests {
    use super::*;

    #[test]
    fn waiting_for_lines_wakes_as_they_are_taken_and_gives_up_at_the_deadline() {
        // No agent at this path: every send fails, but each line is still taken (and counted).
        let dir = tempfile::tempdir().unwrap();
        let endpoint = Endpoint::Unix {
            path: dir.path().join("absent.socket"),
        };
        let sink = Arc::new(DatagramSink::new(&endpoint, Arc::new(WarnOnce::default())));
        let worker = {
            let sink = Arc::clone(&sink);
            thread::spawn(move || {
                for _ in 0..3 {
                    thread::sleep(Duration::from_millis(30));
                    sink.push_line("a.b:1|c");
                }
            })
        };
        let started = Instant::now();
        assert!(sink.wait_until_handled(3, started + Duration::from_secs(30)));
        let waited = started.elapsed();
        assert!(
            waited >= Duration::from_millis(90) && waited < Duration::from_secs(10),
            "woken when the third line was taken, not at the deadline: {waited:?}"
        );
        worker.join().unwrap();

        let started = Instant::now();
        assert!(!sink.wait_until_handled(4, started + Duration::from_millis(200)));
        assert!(started.elapsed() >= Duration::from_millis(200));
    }
}
