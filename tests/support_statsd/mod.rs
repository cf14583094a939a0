//! Test helpers for DogStatsD: the metrics flags of a test run, a strict datagram parser, in-test
//! UDP and Unix datagram receivers, and a client for the reference StatsD daemon's management port.
//!
//! Use from a test file with `mod support_statsd;`. Not every test file uses every helper.
#![allow(dead_code)]

use std::collections::{BTreeMap, HashMap};
use std::io::{BufRead, BufReader, Write};
use std::net::{TcpStream, UdpSocket};
use std::os::unix::net::UnixDatagram;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::thread;
use std::time::{Duration, Instant};

use thumbctl::cli::MetricsArgs;

// ---- the metrics flags ----

/// The metrics flags of `--statsd URL` with every other one at its default, parsed by the real
/// flag definitions so the defaults are the ones a user gets. Change a field for a test:
/// `MetricsArgs { metrics_prefix: Some(prefix), ..metrics_args(url) }`.
pub fn metrics_args(url: &str) -> MetricsArgs {
    #[derive(clap::Parser)]
    struct Flags {
        #[command(flatten)]
        metrics: MetricsArgs,
    }
    <Flags as clap::Parser>::parse_from(["thumbctl", "--statsd", url]).metrics
}

// ---- the DogStatsD datagram grammar ----

/// One parsed line: `name:value[:value...]|type[|@rate][|#tag,tag][|c:container][|Ttimestamp]`.
#[derive(Debug, Clone, PartialEq)]
pub struct Line {
    pub name: String,
    pub values: Vec<f64>,
    /// `c`, `g`, `ms`, `h`, `d` or `s`.
    pub kind: String,
    pub sample_rate: Option<f64>,
    pub tags: Vec<String>,
}

impl Line {
    /// The value of tag `key` (`key:value`), if present.
    pub fn tag(&self, key: &str) -> Option<&str> {
        self.tags
            .iter()
            .find_map(|t| t.strip_prefix(key).and_then(|rest| rest.strip_prefix(':')))
    }

    pub fn value(&self) -> f64 {
        assert_eq!(self.values.len(), 1, "{self:?} packs several values");
        self.values[0]
    }
}

/// Parses one line strictly against the DogStatsD grammar; the error says what is wrong.
pub fn parse_line(line: &str) -> Result<Line, String> {
    let err = |reason: &str| Err(format!("{reason} in line {line:?}"));
    let (name, rest) = match line.split_once(':') {
        Some(parts) => parts,
        None => return err("no ':' after the name"),
    };
    if !name.starts_with(|c: char| c.is_ascii_alphabetic())
        || !name
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '.')
        || name.len() > 200
    {
        return err("invalid metric name");
    }
    let mut fields = rest.split('|');
    let values_text = fields.next().unwrap_or("");
    let kind = match fields.next() {
        Some(kind @ ("c" | "g" | "ms" | "h" | "d" | "s")) => kind.to_string(),
        Some(other) => return err(&format!("unknown type {other:?}")),
        None => return err("no type"),
    };
    let mut values = Vec::new();
    for text in values_text.split(':') {
        match text.parse::<f64>() {
            Ok(v) if v.is_finite() && !text.is_empty() && !text.starts_with('+') => values.push(v),
            _ => return err(&format!("invalid value {text:?}")),
        }
    }
    let (mut sample_rate, mut tags, mut container, mut timestamp) = (None, None, None, None);
    for field in fields {
        if let Some(rate) = field.strip_prefix('@') {
            match rate.parse::<f64>() {
                Ok(r) if sample_rate.is_none() && (0.0..=1.0).contains(&r) => sample_rate = Some(r),
                _ => return err(&format!("invalid or repeated sample rate {field:?}")),
            }
        } else if let Some(list) = field.strip_prefix('#') {
            if tags.is_some() {
                return err("tags given twice");
            }
            let mut parsed = Vec::new();
            for tag in list.split(',') {
                if tag.is_empty() || tag.len() > 4 * 200 || tag.chars().count() > 200 {
                    return err(&format!("empty or too long tag {tag:?}"));
                }
                if tag.ends_with(':') || tag.contains(char::is_whitespace) {
                    return err(&format!("invalid tag {tag:?}"));
                }
                parsed.push(tag.to_string());
            }
            tags = Some(parsed);
        } else if let Some(id) = field.strip_prefix("c:") {
            if container.replace(id.to_string()).is_some() {
                return err("container id given twice");
            }
        } else if let Some(ts) = field.strip_prefix('T') {
            if ts.parse::<u64>().is_err() || timestamp.replace(ts.to_string()).is_some() {
                return err("invalid or repeated timestamp");
            }
        } else {
            return err(&format!("unknown field {field:?}"));
        }
    }
    Ok(Line {
        name: name.to_string(),
        values,
        kind,
        sample_rate,
        tags: tags.unwrap_or_default(),
    })
}

/// Parses a whole datagram: lines separated by `\n`, no empty line, within `max_payload` bytes.
pub fn parse_datagram(payload: &[u8], max_payload: usize) -> Result<Vec<Line>, String> {
    if payload.len() > max_payload {
        return Err(format!(
            "datagram of {} bytes exceeds {max_payload}",
            payload.len()
        ));
    }
    let text = std::str::from_utf8(payload).map_err(|e| format!("datagram is not UTF-8: {e}"))?;
    text.split('\n').map(parse_line).collect()
}

// ---- in-test receivers ----

/// Datagrams received by a background thread, kept raw so tests can check their sizes.
///
/// `received()` does not guess when the sender is done from a quiet period (a reading thread
/// starved of CPU on a loaded machine looks quiet too): the test sends itself a numbered barrier
/// datagram, and since a socket's queue is first in, first out, everything the sender sent before
/// (it has finished or exited by then) has been read once the thread sees the barrier.
#[derive(Debug, Default, Clone)]
struct Inbox {
    datagrams: Arc<Mutex<Vec<Vec<u8>>>>,
    /// The highest barrier number the reading thread has seen.
    barrier_seen: Arc<AtomicU64>,
    barrier_sent: Arc<AtomicU64>,
}

const BARRIER_PREFIX: &[u8] = b"thumbctl-test-barrier:";

impl Inbox {
    fn push(&self, datagram: &[u8]) {
        if let Some(number) = datagram.strip_prefix(BARRIER_PREFIX) {
            let number: u64 = std::str::from_utf8(number).unwrap().parse().unwrap();
            self.barrier_seen.fetch_max(number, Ordering::SeqCst);
            return;
        }
        self.datagrams.lock().unwrap().push(datagram.to_vec());
    }

    /// Sends a barrier with `send` (again every 100 ms, in case a full receive buffer dropped it)
    /// until the reading thread has seen it, then returns everything read before it.
    fn drain(&self, send: impl Fn(&[u8])) -> Vec<Vec<u8>> {
        let number = self.barrier_sent.fetch_add(1, Ordering::SeqCst) + 1;
        let mut barrier = BARRIER_PREFIX.to_vec();
        barrier.extend_from_slice(number.to_string().as_bytes());
        let give_up = Instant::now() + Duration::from_secs(60);
        'sending: while Instant::now() < give_up {
            send(&barrier);
            let resend = Instant::now() + Duration::from_millis(100);
            while Instant::now() < resend {
                if self.barrier_seen.load(Ordering::SeqCst) >= number {
                    break 'sending;
                }
                thread::sleep(Duration::from_millis(2));
            }
        }
        assert!(
            self.barrier_seen.load(Ordering::SeqCst) >= number,
            "the receiving thread never read its barrier"
        );
        self.datagrams.lock().unwrap().clone()
    }

    /// For a receiver that does not read: waits until nothing new has arrived for `quiet`.
    fn settle(&self, quiet: Duration) -> Vec<Vec<u8>> {
        let give_up = Instant::now() + Duration::from_secs(30);
        let mut last_len = usize::MAX;
        let mut last_change = Instant::now();
        loop {
            let len = self.datagrams.lock().unwrap().len();
            if len != last_len {
                last_len = len;
                last_change = Instant::now();
            } else if last_change.elapsed() >= quiet || Instant::now() > give_up {
                return self.datagrams.lock().unwrap().clone();
            }
            thread::sleep(Duration::from_millis(10));
        }
    }
}

/// What a receiver got: raw datagrams and their parsed lines.
#[derive(Debug)]
pub struct Received {
    pub datagrams: Vec<Vec<u8>>,
    pub lines: Vec<Line>,
}

impl Received {
    fn parse(datagrams: Vec<Vec<u8>>, max_payload: usize) -> Received {
        let mut lines = Vec::new();
        for datagram in &datagrams {
            match parse_datagram(datagram, max_payload) {
                Ok(parsed) => lines.extend(parsed),
                Err(e) => panic!(
                    "malformed datagram: {e}\n{}",
                    String::from_utf8_lossy(datagram)
                ),
            }
        }
        Received { datagrams, lines }
    }

    pub fn named<'a>(&'a self, name: &'a str) -> impl Iterator<Item = &'a Line> + 'a {
        self.lines.iter().filter(move |l| l.name == name)
    }
}

/// A UDP socket on 127.0.0.1 that reads datagrams in a background thread.
pub struct UdpReceiver {
    port: u16,
    inbox: Inbox,
    stop: Arc<AtomicBool>,
}

impl UdpReceiver {
    pub fn start() -> UdpReceiver {
        let socket = UdpSocket::bind("127.0.0.1:0").expect("bind a UDP socket");
        socket
            .set_read_timeout(Some(Duration::from_millis(20)))
            .unwrap();
        let port = socket.local_addr().unwrap().port();
        let (inbox, stop) = (Inbox::default(), Arc::new(AtomicBool::new(false)));
        let (thread_inbox, thread_stop) = (inbox.clone(), stop.clone());
        thread::spawn(move || {
            let mut buf = vec![0u8; 65536];
            while !thread_stop.load(Ordering::Relaxed) {
                if let Ok(n) = socket.recv(&mut buf) {
                    thread_inbox.push(&buf[..n]);
                }
            }
        });
        UdpReceiver { port, inbox, stop }
    }

    pub fn url(&self) -> String {
        format!("udp://127.0.0.1:{}", self.port)
    }

    /// Everything received once the sender has finished, parsed (1432-byte limit checked).
    pub fn received(&self) -> Received {
        let poke = UdpSocket::bind("127.0.0.1:0").expect("bind a UDP socket");
        let to = ("127.0.0.1", self.port);
        Received::parse(
            self.inbox.drain(|barrier| {
                let _ = poke.send_to(barrier, to);
            }),
            1432,
        )
    }

    /// Datagrams the kernel dropped because this socket's receive buffer was full (Linux
    /// `/proc/net/udp`, last column), so a test can tell the sender's losses from the receiver's.
    pub fn kernel_drops(&self) -> u64 {
        let table = std::fs::read_to_string("/proc/net/udp").expect("read /proc/net/udp");
        let local = format!("0100007F:{:04X}", self.port);
        table
            .lines()
            .map(str::split_whitespace)
            .find_map(|mut columns| {
                let _slot = columns.next()?;
                (columns.next()? == local).then(|| columns.last()?.parse().ok())?
            })
            .expect("the receiver's socket is listed in /proc/net/udp")
    }
}

impl Drop for UdpReceiver {
    fn drop(&mut self) {
        self.stop.store(true, Ordering::Relaxed);
    }
}

/// A Unix datagram socket in a temp dir that reads in a background thread.
pub struct UnixReceiver {
    path: PathBuf,
    read: bool,
    inbox: Inbox,
    stop: Arc<AtomicBool>,
}

impl UnixReceiver {
    /// Binds `dir/dsd.socket`. `read` false makes a receiver that never reads (a stalled agent).
    pub fn start(dir: &Path, read: bool) -> UnixReceiver {
        let path = dir.join("dsd.socket");
        let socket = UnixDatagram::bind(&path).expect("bind a Unix datagram socket");
        socket
            .set_read_timeout(Some(Duration::from_millis(20)))
            .unwrap();
        let (inbox, stop) = (Inbox::default(), Arc::new(AtomicBool::new(false)));
        let (thread_inbox, thread_stop) = (inbox.clone(), stop.clone());
        thread::spawn(move || {
            let mut buf = vec![0u8; 65536];
            while !thread_stop.load(Ordering::Relaxed) {
                if !read {
                    thread::sleep(Duration::from_millis(20));
                    continue;
                }
                if let Ok(n) = socket.recv(&mut buf) {
                    thread_inbox.push(&buf[..n]);
                }
            }
        });
        UnixReceiver {
            path,
            read,
            inbox,
            stop,
        }
    }

    pub fn url(&self) -> String {
        format!("unix://{}", self.path.display())
    }

    /// Everything received once the sender has finished, parsed (8192-byte limit checked).
    pub fn received(&self) -> Received {
        let datagrams = if self.read {
            let poke = UnixDatagram::unbound().expect("a Unix datagram socket");
            self.inbox.drain(|barrier| {
                let _ = poke.send_to(barrier, &self.path);
            })
        } else {
            self.inbox.settle(Duration::from_millis(300))
        };
        Received::parse(datagrams, 8192)
    }
}

impl Drop for UnixReceiver {
    fn drop(&mut self) {
        self.stop.store(true, Ordering::Relaxed);
    }
}

// ---- the reference StatsD daemon (statsd 0.9.0, started by .ci/run) ----

/// The daemon's management port, when `.ci/run` (or the developer) started one.
///
/// statsd 0.9.0 folds DogStatsD tags into the key: `name;key=value;key=value` in the order sent
/// (first `:` of each tag becomes `=`), then drops characters outside `[A-Za-z0-9_.;=-]` and
/// turns `/` into `-`. Only `|ms` lines become timers; every type it does not know (`d`, `h`)
/// is added up as a counter.
pub struct StatsdDaemon {
    /// `udp://127.0.0.1:PORT`
    pub url: String,
    admin: String,
}

impl StatsdDaemon {
    /// The daemon from `THUMBCTL_TEST_STATSD` and `THUMBCTL_TEST_STATSD_ADMIN`. Without them the
    /// test says clearly that it did not run and returns `None`; under CI (`CI` set) it fails.
    pub fn from_env_or_skip(test: &str) -> Option<StatsdDaemon> {
        match (
            std::env::var("THUMBCTL_TEST_STATSD"),
            std::env::var("THUMBCTL_TEST_STATSD_ADMIN"),
        ) {
            (Ok(url), Ok(admin)) if !url.is_empty() && !admin.is_empty() => {
                Some(StatsdDaemon { url, admin })
            }
            _ if std::env::var_os("CI").is_some() => panic!(
                "{test}: CI is set but THUMBCTL_TEST_STATSD / THUMBCTL_TEST_STATSD_ADMIN are not: \
                 .ci/run must start the reference statsd daemon"
            ),
            _ => {
                // Written to the process's stderr directly, not with `eprintln!`, which the test
                // harness captures and hides for a passing test: the skip must be visible.
                let _ = writeln!(
                    std::io::stderr().lock(),
                    "SKIPPED {test}: no reference statsd daemon (set THUMBCTL_TEST_STATSD=udp://HOST:PORT \
                     and THUMBCTL_TEST_STATSD_ADMIN=HOST:MGMT_PORT, as .ci/run does); this test did NOT run"
                );
                None
            }
        }
    }

    /// Sends one management command and returns its answer (up to the `END` line).
    pub fn command(&self, command: &str) -> String {
        let mut stream =
            TcpStream::connect(&self.admin).expect("connect to the statsd management port");
        stream
            .set_read_timeout(Some(Duration::from_secs(5)))
            .unwrap();
        stream.write_all(format!("{command}\n").as_bytes()).unwrap();
        let mut answer = String::new();
        for line in BufReader::new(stream).lines() {
            let line = line.expect("read the management answer");
            if line == "END" {
                return answer;
            }
            answer.push_str(&line);
            answer.push('\n');
        }
        panic!("management answer to {command:?} ended without END: {answer}")
    }

    /// `counters`, keys normalised with [`normalise_key`].
    pub fn counters(&self) -> BTreeMap<String, f64> {
        parse_inspect(&self.command("counters"))
            .into_iter()
            .map(|(k, v)| match v {
                InspectValue::Number(n) => (normalise_key(&k), n),
                other => panic!("counter {k} is not a number: {other:?}"),
            })
            .collect()
    }

    /// `timers`: per key, the values shown and the total number of values (the daemon shows at
    /// most 100 and says how many more there are).
    pub fn timers(&self) -> BTreeMap<String, (Vec<f64>, usize)> {
        parse_inspect(&self.command("timers"))
            .into_iter()
            .map(|(k, v)| match v {
                InspectValue::Array { shown, total } => (normalise_key(&k), (shown, total)),
                other => panic!("timer {k} is not an array: {other:?}"),
            })
            .collect()
    }
}

/// `name;b=2;a=1` -> `name;a=1;b=2`, so keys compare whatever order the tags were sent in.
pub fn normalise_key(key: &str) -> String {
    let mut parts = key.split(';');
    let name = parts.next().unwrap_or("");
    let mut tags: Vec<&str> = parts.collect();
    tags.sort_unstable();
    std::iter::once(name)
        .chain(tags)
        .collect::<Vec<_>>()
        .join(";")
}

#[derive(Debug, Clone, PartialEq)]
pub enum InspectValue {
    Number(f64),
    Array { shown: Vec<f64>, total: usize },
}

/// Parses the `util.inspect` rendering of a flat object of numbers or number arrays, as the
/// daemon's `counters` and `timers` commands print it: `{ 'a;k=v': 3, plain: 1 }`,
/// `{ 't': [ 1, 2, ... 20 more items ] }`.
pub fn parse_inspect(text: &str) -> HashMap<String, InspectValue> {
    let body = text.trim();
    let body = body
        .strip_prefix('{')
        .and_then(|b| b.strip_suffix('}'))
        .unwrap_or_else(|| panic!("not an object: {text}"));
    let mut out = HashMap::new();
    let mut rest = body.trim_start();
    while !rest.is_empty() {
        let (key, after_key) = if let Some(quoted) = rest.strip_prefix('\'') {
            let end = quoted
                .find('\'')
                .unwrap_or_else(|| panic!("unclosed key in {text}"));
            (quoted[..end].to_string(), &quoted[end + 1..])
        } else {
            let end = rest.find(':').unwrap_or_else(|| panic!("no ':' in {text}"));
            (rest[..end].trim().to_string(), &rest[end..])
        };
        let after_colon = after_key
            .trim_start()
            .strip_prefix(':')
            .unwrap_or_else(|| panic!("no ':' after {key}"));
        let after_colon = after_colon.trim_start();
        let (value, after_value) = if let Some(array) = after_colon.strip_prefix('[') {
            let end = array
                .find(']')
                .unwrap_or_else(|| panic!("unclosed array in {text}"));
            let (mut shown, mut more) = (Vec::new(), 0);
            for item in array[..end]
                .split(',')
                .map(str::trim)
                .filter(|i| !i.is_empty())
            {
                if let Some(count) = item.strip_prefix("... ") {
                    more = count.split_whitespace().next().unwrap().parse().unwrap();
                } else {
                    shown.push(
                        item.parse()
                            .unwrap_or_else(|_| panic!("bad number {item:?}")),
                    );
                }
            }
            let total = shown.len() + more;
            (InspectValue::Array { shown, total }, &array[end + 1..])
        } else {
            let end = after_colon.find([',', '\n']).unwrap_or(after_colon.len());
            let number = after_colon[..end].trim();
            (
                InspectValue::Number(
                    number
                        .parse()
                        .unwrap_or_else(|_| panic!("bad number {number:?}")),
                ),
                &after_colon[end..],
            )
        };
        out.insert(key, value);
        rest = after_value
            .trim_start()
            .trim_start_matches(',')
            .trim_start();
    }
    out
}
