//! A small HTTP/1.1 client for plain `http://` targets: one keep-alive connection per request
//! slot, requests written as bytes prepared ahead, answers read with `httparse`.
//!
//! Why not reqwest here: measured against nginx on one machine, reqwest's per-request work
//! (building a `Request`, its `HeaderMap`, the pool checkout, hyper's dispatch task and channels)
//! was the ceiling of the whole engine, at about two thirds of oha's requests per second. This
//! client does what a load generator needs and no more: it writes a request prepared in the
//! connection's own buffer, reads the status line and headers, and reads the body to its end
//! (Content-Length, chunked, or up to the close) counting its bytes without keeping them.
//!
//! Keep-alive without false errors: servers close idle connections (gunicorn after 2 s, uvicorn
//! after 5 s, nginx after 75 s), and a request written on a connection the server has just closed
//! is lost. So before a kept-alive connection is reused (`Conn::usable`) it must pass three checks,
//! or a fresh one is opened: its idle time is below the `Keep-Alive: timeout=N` the server
//! announced, below what this driver has already seen the server close connections after
//! (`IdleLimit`, for servers that announce nothing), and a non-blocking peek at the socket finds
//! neither the end of the stream nor stray bytes. A request still met by a close before any byte
//! of its answer is sent once more on a fresh connection when its method is idempotent, as
//! browsers and hyper do; otherwise it is reported as `stale_connection`, apart from a server that
//! closes a fresh connection (`connection`). `https://` targets and `load upload` still go through
//! reqwest (TLS, multipart).

use std::cell::Cell;
use std::fmt;
use std::io;
use std::net::{SocketAddr, ToSocketAddrs};
use std::time::{Duration, Instant};

use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;

use reqwest::header::{HeaderName, HeaderValue};

use super::error::RunError;
use super::error_kind::ErrorKind;
use super::trace::{TraceIds, TRACE_HEADERS};

/// Most headers an answer may have.
const MAX_HEADERS: usize = 64;
/// An answer's head larger than this is refused (nginx's largest default is 8 KiB per line).
const MAX_HEAD: usize = 64 * 1024;
const READ_CHUNK: usize = 16 * 1024;
/// A connection idle for less than this is reused without the peek (one `recv` syscall): no
/// server closes an idle connection that fast without saying `Connection: close`, and a closed
/// loop against a fast server reuses its connections within microseconds, where the syscall would
/// cost about 3% of the throughput.
const PEEK_AFTER_IDLE: Duration = Duration::from_millis(1);

/// Where plain-http requests go.
#[derive(Debug, Clone)]
pub(crate) struct Origin {
    addresses: Vec<SocketAddr>,
    /// The `Host` header's value: the URL's host, and its port when it is not 80.
    pub(crate) host: String,
}

impl Origin {
    /// Resolves the URL's host once, for the whole phase.
    pub(crate) fn resolve(url: &reqwest::Url) -> Result<Origin, RunError> {
        let host = url.host_str().unwrap_or_default();
        let port = url.port_or_known_default().unwrap_or(80);
        let bare = host.trim_start_matches('[').trim_end_matches(']');
        let addresses: Vec<SocketAddr> = (bare, port)
            .to_socket_addrs()
            .map_err(|source| RunError::Resolve {
                host: host.to_string(),
                source,
            })?
            .collect();
        if addresses.is_empty() {
            return Err(RunError::NoAddress(host.to_string()));
        }
        let host = match url.port() {
            Some(port) => format!("{host}:{port}"),
            None => host.to_string(),
        };
        Ok(Origin { addresses, host })
    }
}

/// Why a request got no answer.
#[derive(Debug)]
pub(crate) enum Failure {
    Connect(io::Error),
    Io(io::Error),
    /// The connection closed before the answer's head was complete.
    ClosedEarly,
    /// A kept-alive connection, alive by every check, closed before any byte of the answer to a
    /// request that cannot be sent twice.
    Stale(Box<Failure>),
    /// The connection closed in the middle of the body.
    BodyCut,
    Invalid(String),
}

impl Failure {
    pub(crate) fn kind(&self) -> ErrorKind {
        match self {
            Failure::Connect(e) if e.kind() == io::ErrorKind::ConnectionRefused => {
                ErrorKind::ConnectionRefused
            }
            Failure::Connect(e) | Failure::Io(e) if e.kind() == io::ErrorKind::TimedOut => {
                ErrorKind::Timeout
            }
            Failure::Connect(_) | Failure::Io(_) | Failure::ClosedEarly => ErrorKind::Connection,
            Failure::Stale(_) => ErrorKind::StaleConnection,
            Failure::BodyCut => ErrorKind::Body,
            Failure::Invalid(_) => ErrorKind::Other,
        }
    }
}

impl fmt::Display for Failure {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Failure::Connect(e) => write!(f, "cannot connect: {e}"),
            Failure::Io(e) => write!(f, "connection error: {e}"),
            Failure::ClosedEarly => f.write_str("connection closed before the answer arrived"),
            Failure::Stale(cause) => write!(
                f,
                "the kept-alive connection was closed by the server before any byte of the \
                 answer ({cause}); not sent again, since the method is not idempotent"
            ),
            Failure::BodyCut => f.write_str("connection closed in the middle of the body"),
            Failure::Invalid(why) => write!(f, "invalid HTTP answer: {why}"),
        }
    }
}

/// What came back.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Answer {
    pub(crate) status: u16,
    pub(crate) body_bytes: u64,
}

/// One request slot's connection and buffers, reused request after request.
pub(crate) struct Conn {
    stream: Option<TcpStream>,
    /// The next request, written by the engine before `exchange`.
    pub(crate) request: Vec<u8>,
    buf: Vec<u8>,
    /// When the last answer was read to its end.
    idle_since: Instant,
    /// `Keep-Alive: timeout=N` of the last answer.
    announced_timeout: Option<Duration>,
}

/// What one driver has learnt of the server's idle timeout: the shortest idle time after which it
/// found one of its connections closed. A server that announces nothing still closes at a fixed
/// time, so once one close has been seen, connections close to that age are not reused (the peek
/// cannot see a close that is still on its way). One per driver, in a `Cell`: no lock.
#[derive(Debug, Default)]
pub(crate) struct IdleLimit {
    closed_after: Cell<Option<Duration>>,
}

/// Closes seen sooner than this teach nothing: a server with a timeout that short is rare, and a
/// close for another reason (a restart) must not stop all reuse.
const LEARN_FROM_IDLE: Duration = Duration::from_millis(50);

impl IdleLimit {
    fn learn(&self, idle: Duration) {
        if idle < LEARN_FROM_IDLE {
            return;
        }
        let known = self.closed_after.get();
        if known.is_none_or(|known| idle < known) {
            self.closed_after.set(Some(idle));
        }
    }

    /// Connections idle this long are no longer reused.
    fn reuse_below(&self) -> Option<Duration> {
        // 80%: the server's clock starts when it has written the answer, before ours, and the
        // idle time seen at a close is an upper bound of the server's timeout.
        self.closed_after.get().map(|closed| closed.mul_f64(0.8))
    }
}

impl Default for Conn {
    fn default() -> Self {
        Conn::new()
    }
}

/// How the answer's body ends.
enum BodyEnd {
    None,
    Length(u64),
    Chunked,
    Close,
}

impl Conn {
    pub(crate) fn new() -> Conn {
        Conn {
            stream: None,
            request: Vec::with_capacity(1024),
            buf: Vec::with_capacity(READ_CHUNK),
            idle_since: Instant::now(),
            announced_timeout: None,
        }
    }

    /// Whether the kept-alive connection may carry the next request; see the module's comment.
    fn usable(&self, limits: &IdleLimit) -> bool {
        let Some(stream) = &self.stream else {
            return false;
        };
        let idle = self.idle_since.elapsed();
        if let Some(timeout) = self.announced_timeout {
            let margin = (timeout / 10).clamp(Duration::from_millis(50), Duration::from_secs(1));
            if idle + margin >= timeout {
                return false;
            }
        }
        if limits.reuse_below().is_some_and(|limit| idle >= limit) {
            return false;
        }
        if idle < PEEK_AFTER_IDLE {
            return true;
        }
        match peek(stream) {
            Peek::Open => true,
            Peek::Closed => {
                limits.learn(idle);
                false
            }
            Peek::Unexpected => false,
        }
    }

    /// Drops the connection (after a timeout, its state is unknown).
    pub(crate) fn close(&mut self) {
        self.stream = None;
    }

    /// Sends `self.request` and reads the answer. `no_body` for HEAD requests; `retry` when the
    /// request may be sent again on a fresh connection (idempotent methods). `limits` is the
    /// driver's knowledge of the server's idle timeout.
    pub(crate) async fn exchange(
        &mut self,
        origin: &Origin,
        limits: &IdleLimit,
        no_body: bool,
        retry: bool,
    ) -> Result<Answer, Failure> {
        let mut may_retry = retry;
        if self.stream.is_some() && !self.usable(limits) {
            self.stream = None;
        }
        loop {
            let reused = self.stream.is_some();
            if !reused {
                self.stream = Some(connect(origin).await.map_err(Failure::Connect)?);
                self.announced_timeout = None;
            }
            let result = self.send_and_read(no_body).await;
            match result {
                Ok((answer, keep)) => {
                    if !keep {
                        self.stream = None;
                    }
                    self.idle_since = Instant::now();
                    return Ok(answer);
                }
                Err((failure, got_bytes)) => {
                    self.stream = None;
                    if reused && !got_bytes {
                        // The close crossed the request: next time, give up on connections
                        // this old before sending on them (the idle time plus this exchange's
                        // few moments, read only on this rare path).
                        limits.learn(self.idle_since.elapsed());
                        if may_retry {
                            may_retry = false;
                            continue;
                        }
                        return Err(Failure::Stale(Box::new(failure)));
                    }
                    return Err(failure);
                }
            }
        }
    }

    /// The bool with a failure says whether any byte of the answer had arrived.
    async fn send_and_read(&mut self, no_body: bool) -> Result<(Answer, bool), (Failure, bool)> {
        let stream = self.stream.as_mut().expect("connected above");
        stream
            .write_all(&self.request)
            .await
            .map_err(|e| (Failure::Io(e), false))?;
        let buf = &mut self.buf;
        buf.clear();
        // The head.
        let (status, head_len, end, keep_alive) = loop {
            if !buf.is_empty() {
                let mut headers = [httparse::EMPTY_HEADER; MAX_HEADERS];
                let mut response = httparse::Response::new(&mut headers);
                match response.parse(buf) {
                    Ok(httparse::Status::Complete(head_len)) => {
                        let status = response.code.unwrap_or(0);
                        if (100..200).contains(&status) && status != 101 {
                            // 100 Continue and friends: the real answer follows.
                            buf.drain(..head_len);
                            continue;
                        }
                        let (end, keep_alive) = body_end(&response, status, no_body)
                            .map_err(|failure| (failure, true))?;
                        self.announced_timeout = announced_timeout(response.headers);
                        break (status, head_len, end, keep_alive);
                    }
                    Ok(httparse::Status::Partial) if buf.len() > MAX_HEAD => {
                        return Err((
                            Failure::Invalid(format!("head longer than {MAX_HEAD} bytes")),
                            true,
                        ));
                    }
                    Ok(httparse::Status::Partial) => {}
                    Err(e) => return Err((Failure::Invalid(e.to_string()), true)),
                }
            }
            let got = !buf.is_empty();
            if read_more(stream, buf)
                .await
                .map_err(|e| (Failure::Io(e), got))?
                == 0
            {
                return Err((Failure::ClosedEarly, got));
            }
        };
        // The body, counted and dropped.
        let cut = |e: Option<io::Error>| (e.map_or(Failure::BodyCut, Failure::Io), true);
        let body_bytes = match end {
            BodyEnd::None => 0,
            BodyEnd::Length(length) => {
                let mut have = (buf.len() - head_len) as u64;
                while have < length {
                    buf.clear();
                    match read_more(stream, buf).await {
                        Ok(0) => return Err(cut(None)),
                        Ok(n) => have += n as u64,
                        Err(e) => return Err(cut(Some(e))),
                    }
                }
                if have > length {
                    // Bytes after the answer: nothing was asked for them; do not reuse.
                    return Ok((
                        Answer {
                            status,
                            body_bytes: length,
                        },
                        false,
                    ));
                }
                length
            }
            BodyEnd::Close => {
                let mut have = (buf.len() - head_len) as u64;
                loop {
                    buf.clear();
                    match read_more(stream, buf).await {
                        Ok(0) => break,
                        Ok(n) => have += n as u64,
                        Err(e) => return Err(cut(Some(e))),
                    }
                }
                have
            }
            BodyEnd::Chunked => {
                buf.drain(..head_len);
                read_chunked(stream, buf).await.map_err(cut)?
            }
        };
        let keep = keep_alive && !matches!(end, BodyEnd::Close);
        Ok((Answer { status, body_bytes }, keep))
    }
}

async fn connect(origin: &Origin) -> io::Result<TcpStream> {
    let mut last = None;
    for address in &origin.addresses {
        match TcpStream::connect(address).await {
            Ok(stream) => {
                stream.set_nodelay(true)?;
                return Ok(stream);
            }
            Err(e) => last = Some(e),
        }
    }
    Err(last.unwrap_or_else(|| io::Error::other("no address to connect to")))
}

/// What a non-blocking look at an idle connection found.
enum Peek {
    /// Nothing to read: the connection is open.
    Open,
    /// The end of the stream (the server closed) or an error (it reset).
    Closed,
    /// Bytes nobody asked for (a `408 Request Timeout` before a close, say): not reused.
    Unexpected,
}

/// `recv(MSG_PEEK | MSG_DONTWAIT)`: asks the kernel directly rather than tokio's readiness, which
/// only learns of a close on the reactor's next turn.
#[cfg(unix)]
fn peek(stream: &TcpStream) -> Peek {
    use std::os::fd::AsRawFd;
    let mut byte = 0u8;
    // SAFETY: a valid open socket and a one-byte buffer that outlives the call.
    let n = unsafe {
        libc::recv(
            stream.as_raw_fd(),
            (&mut byte as *mut u8).cast(),
            1,
            libc::MSG_PEEK | libc::MSG_DONTWAIT,
        )
    };
    match n {
        0 => Peek::Closed,
        n if n > 0 => Peek::Unexpected,
        _ => match io::Error::last_os_error().kind() {
            io::ErrorKind::WouldBlock | io::ErrorKind::Interrupted => Peek::Open,
            _ => Peek::Closed,
        },
    }
}

#[cfg(not(unix))]
fn peek(_stream: &TcpStream) -> Peek {
    Peek::Open
}

/// `Keep-Alive: timeout=5, max=100` -> 5 s.
fn announced_timeout(headers: &[httparse::Header<'_>]) -> Option<Duration> {
    let header = headers
        .iter()
        .find(|h| h.name.eq_ignore_ascii_case("keep-alive"))?;
    std::str::from_utf8(header.value)
        .ok()?
        .split(',')
        .filter_map(|part| part.split_once('='))
        .find(|(key, _)| key.trim().eq_ignore_ascii_case("timeout"))
        .and_then(|(_, value)| value.trim().parse::<u64>().ok())
        .map(Duration::from_secs)
}

/// Reads what is there into the spare room of `buf`; 0 at the end of the stream.
async fn read_more(stream: &mut TcpStream, buf: &mut Vec<u8>) -> io::Result<usize> {
    if buf.capacity() - buf.len() < READ_CHUNK / 2 {
        buf.reserve(READ_CHUNK);
    }
    stream.read_buf(buf).await
}

/// How the body ends and whether the connection stays open afterwards.
fn body_end(
    response: &httparse::Response<'_, '_>,
    status: u16,
    no_body: bool,
) -> Result<(BodyEnd, bool), Failure> {
    let mut keep_alive = response.version == Some(1);
    let mut length = None;
    let mut chunked = false;
    for header in response.headers.iter() {
        let name = header.name;
        if name.eq_ignore_ascii_case("content-length") {
            let text = std::str::from_utf8(header.value)
                .map_err(|_| Failure::Invalid("bad Content-Length".into()))?;
            length = Some(
                text.trim()
                    .parse::<u64>()
                    .map_err(|_| Failure::Invalid(format!("bad Content-Length {text:?}")))?,
            );
        } else if name.eq_ignore_ascii_case("transfer-encoding") {
            chunked = header
                .value
                .split(|b| *b == b',')
                .next_back()
                .is_some_and(|last| last.trim_ascii().eq_ignore_ascii_case(b"chunked"));
        } else if name.eq_ignore_ascii_case("connection") {
            for token in header.value.split(|b| *b == b',') {
                let token = token.trim_ascii();
                if token.eq_ignore_ascii_case(b"close") {
                    keep_alive = false;
                } else if token.eq_ignore_ascii_case(b"keep-alive") {
                    keep_alive = true;
                }
            }
        }
    }
    let end = if no_body || status == 204 || status == 304 {
        BodyEnd::None
    } else if chunked {
        BodyEnd::Chunked
    } else if let Some(length) = length {
        if length == 0 {
            BodyEnd::None
        } else {
            BodyEnd::Length(length)
        }
    } else {
        BodyEnd::Close
    };
    Ok((end, keep_alive))
}

/// Reads a chunked body from `buf` (which starts at the first chunk) and the stream; returns the
/// body's length. `Err(None)` when the connection closed early.
async fn read_chunked(stream: &mut TcpStream, buf: &mut Vec<u8>) -> Result<u64, Option<io::Error>> {
    let mut total = 0u64;
    let mut pos = 0usize;
    // Bytes of chunk data still to skip, then the CRLF after it.
    loop {
        // A chunk size line.
        let size = loop {
            match httparse::parse_chunk_size(&buf[pos..]) {
                Ok(httparse::Status::Complete((used, size))) => {
                    pos += used;
                    break size;
                }
                Ok(httparse::Status::Partial) => {}
                Err(_) => {
                    return Err(Some(io::Error::new(
                        io::ErrorKind::InvalidData,
                        "bad chunk size",
                    )))
                }
            }
            buf.drain(..pos);
            pos = 0;
            if read_more(stream, buf).await? == 0 {
                return Err(None);
            }
        };
        if size == 0 {
            break;
        }
        total += size;
        // The data and its CRLF.
        let mut skip = size + 2;
        loop {
            let here = (buf.len() - pos) as u64;
            if here >= skip {
                pos += skip as usize;
                break;
            }
            skip -= here;
            buf.clear();
            pos = 0;
            if read_more(stream, buf).await? == 0 {
                return Err(None);
            }
        }
    }
    // Trailers, if any, then the empty line.
    loop {
        if let Some(at) = buf[pos..].windows(2).position(|w| w == b"\r\n") {
            let empty = at == 0;
            pos += at + 2;
            if empty {
                return Ok(total);
            }
            continue;
        }
        buf.drain(..pos);
        pos = 0;
        if read_more(stream, buf).await? == 0 {
            return Err(None);
        }
    }
}

// ---- writing requests ----

/// The fixed parts of a plain-http request: `method` `target` `head`, then the
/// per-request trace headers, then Content-Length and the body.
pub(super) struct PlainParts {
    /// `GET ` (method and space).
    method: Vec<u8>,
    /// Path and query when the path has no placeholder.
    fixed_target: Option<Vec<u8>>,
    /// ` HTTP/1.1` and every constant header line, each ending in CRLF.
    head: Vec<u8>,
    /// POST, PUT and PATCH say `Content-Length: 0` when they have no body.
    length_when_empty: bool,
}

impl PlainParts {
    pub(super) fn new(
        method: &reqwest::Method,
        fixed_url: Option<&reqwest::Url>,
        headers: &[(HeaderName, HeaderValue)],
        host: &str,
    ) -> PlainParts {
        let mut head = Vec::with_capacity(256);
        head.extend_from_slice(b" HTTP/1.1\r\n");
        let has = |name: &str| headers.iter().any(|(n, _)| n.as_str() == name);
        if !has("host") {
            head.extend_from_slice(b"host: ");
            head.extend_from_slice(host.as_bytes());
            head.extend_from_slice(b"\r\n");
        }
        for (name, value) in headers {
            if TRACE_HEADERS.contains(&name.as_str()) || name.as_str() == "content-length" {
                continue;
            }
            head.extend_from_slice(name.as_str().as_bytes());
            head.extend_from_slice(b": ");
            head.extend_from_slice(value.as_bytes());
            head.extend_from_slice(b"\r\n");
        }
        if !has("user-agent") {
            head.extend_from_slice(
                concat!("user-agent: thumbctl/", env!("CARGO_PKG_VERSION"), "\r\n").as_bytes(),
            );
        }
        if !has("accept") {
            head.extend_from_slice(b"accept: */*\r\n");
        }
        PlainParts {
            method: format!("{} ", method.as_str()).into_bytes(),
            fixed_target: fixed_url.map(|url| path_and_query(url).as_bytes().to_vec()),
            head,
            length_when_empty: matches!(method.as_str(), "POST" | "PUT" | "PATCH"),
        }
    }

    /// Writes one whole request into `out`: the fixed parts, the path (`rendered` when the
    /// step's path has placeholders), the request's trace headers, then the body.
    pub(super) fn write(
        &self,
        out: &mut Vec<u8>,
        rendered: Option<&reqwest::Url>,
        trace: &TraceIds,
        body: Option<&[u8]>,
    ) {
        out.clear();
        out.extend_from_slice(&self.method);
        match (&self.fixed_target, rendered) {
            (Some(fixed), _) => out.extend_from_slice(fixed),
            (None, Some(url)) => out.extend_from_slice(path_and_query(url).as_bytes()),
            (None, None) => unreachable!("a path is fixed or rendered"),
        }
        out.extend_from_slice(&self.head);
        trace.write_plain(out);
        match body {
            Some(body) => {
                out.extend_from_slice(b"content-length: ");
                out.extend_from_slice(itoa::Buffer::new().format(body.len()).as_bytes());
                out.extend_from_slice(b"\r\n\r\n");
                out.extend_from_slice(body);
            }
            None if self.length_when_empty => out.extend_from_slice(b"content-length: 0\r\n\r\n"),
            None => out.extend_from_slice(b"\r\n"),
        }
    }
}

/// The request target of a URL: its path and query.
fn path_and_query(url: &reqwest::Url) -> &str {
    &url[url::Position::BeforePath..url::Position::AfterQuery]
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::load::template::SplitMix64;

    #[test]
    fn request_bytes_carry_the_head_the_trace_headers_and_the_body() {
        let trace = TraceIds::random(&mut SplitMix64::new(3));
        let mut trace_lines = Vec::new();
        trace.write_plain(&mut trace_lines);
        let trace_lines = String::from_utf8(trace_lines).unwrap();
        let headers = vec![
            (
                HeaderName::from_static("x-request-id"),
                HeaderValue::from_static("given by the step, replaced"),
            ),
            (
                HeaderName::from_static("accept"),
                HeaderValue::from_static("application/json"),
            ),
        ];
        let url = reqwest::Url::parse("http://127.0.0.1:8080/users?page=2").unwrap();

        let get = PlainParts::new(
            &reqwest::Method::GET,
            Some(&url),
            &headers,
            "127.0.0.1:8080",
        );
        let mut out = Vec::new();
        get.write(&mut out, None, &trace, None);
        let agent = concat!("user-agent: thumbctl/", env!("CARGO_PKG_VERSION"));
        assert_eq!(
            String::from_utf8(out.clone()).unwrap(),
            format!(
                "GET /users?page=2 HTTP/1.1\r\nhost: 127.0.0.1:8080\r\naccept: application/json\r\n\
                 {agent}\r\n{trace_lines}\r\n"
            )
        );

        let post = PlainParts::new(&reqwest::Method::POST, None, &[], "example.test");
        let rendered = reqwest::Url::parse("http://example.test/users/7").unwrap();
        post.write(&mut out, Some(&rendered), &trace, Some(b"{}"));
        assert_eq!(
            String::from_utf8(out.clone()).unwrap(),
            format!(
                "POST /users/7 HTTP/1.1\r\nhost: example.test\r\n{agent}\r\naccept: */*\r\n\
                 {trace_lines}content-length: 2\r\n\r\n{{}}"
            )
        );
        post.write(&mut out, Some(&rendered), &trace, None);
        assert!(out.ends_with(b"content-length: 0\r\n\r\n"));
    }

    fn head(text: &str) -> (BodyEnd, bool) {
        let mut headers = [httparse::EMPTY_HEADER; MAX_HEADERS];
        let mut response = httparse::Response::new(&mut headers);
        response.parse(text.as_bytes()).unwrap();
        let status = response.code.unwrap();
        body_end(&response, status, false).unwrap()
    }

    #[test]
    fn how_bodies_end() {
        assert!(matches!(
            head("HTTP/1.1 200 OK\r\nContent-Length: 12\r\n\r\n"),
            (BodyEnd::Length(12), true)
        ));
        assert!(matches!(
            head(
                "HTTP/1.1 200 OK\r\nTransfer-Encoding: gzip, chunked\r\nConnection: close\r\n\r\n"
            ),
            (BodyEnd::Chunked, false)
        ));
        assert!(matches!(
            head("HTTP/1.0 200 OK\r\n\r\n"),
            (BodyEnd::Close, false)
        ));
        assert!(matches!(
            head("HTTP/1.1 204 No Content\r\n\r\n"),
            (BodyEnd::None, true)
        ));
    }

    /// A real socket: chunked bodies split across reads, then a keep-alive answer on the same
    /// connection, then a server that closes.
    #[test]
    fn reads_answers_from_a_real_socket() {
        let runtime = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .unwrap();
        runtime.block_on(async {
            let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
            let address = listener.local_addr().unwrap();
            let server = tokio::spawn(async move {
                let (mut socket, _) = listener.accept().await.unwrap();
                let mut buf = vec![0u8; 4096];
                let mut answers: Vec<Vec<&[u8]>> = vec![
                    vec![
                        &b"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhel"[..],
                        &b"lo\r\n6\r\n world\r\n0\r\n"[..],
                        &b"\r\n"[..],
                    ],
                    vec![
                        &b"HTTP/1.1 404 Not Found\r\nContent-Length: 3\r\n\r\nno"[..],
                        &b"!"[..],
                    ],
                    vec![&b"HTTP/1.1 200 OK\r\nConnection: close\r\n\r\nuntil the end"[..]],
                ];
                for parts in answers.drain(..) {
                    let n = socket.read(&mut buf).await.unwrap();
                    assert!(buf[..n].starts_with(b"GET /x HTTP/1.1\r\n"));
                    for part in parts {
                        socket.write_all(part).await.unwrap();
                        socket.flush().await.unwrap();
                        tokio::time::sleep(std::time::Duration::from_millis(5)).await;
                    }
                }
            });
            let origin = Origin {
                addresses: vec![address],
                host: address.to_string(),
            };
            let mut conn = Conn::new();
            let limits = IdleLimit::default();
            conn.request
                .extend_from_slice(b"GET /x HTTP/1.1\r\nHost: h\r\n\r\n");
            let answer = conn.exchange(&origin, &limits, false, false).await.unwrap();
            assert_eq!((answer.status, answer.body_bytes), (200, 11));
            let answer = conn.exchange(&origin, &limits, false, false).await.unwrap();
            assert_eq!((answer.status, answer.body_bytes), (404, 3));
            let answer = conn.exchange(&origin, &limits, false, false).await.unwrap();
            assert_eq!((answer.status, answer.body_bytes), (200, 13));
            assert!(conn.stream.is_none(), "closed after Connection: close");
            server.await.unwrap();
            let failure = conn
                .exchange(&origin, &limits, false, false)
                .await
                .unwrap_err();
            assert_eq!(failure.kind(), ErrorKind::ConnectionRefused, "{failure}");
        });
    }
}
