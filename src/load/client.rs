//! reqwest, for what the plain-http client (`http1.rs`) does not do: `https://` targets and
//! `load upload`'s multipart posts. Also the check that the target answers at all, made once
//! before a run.

use std::time::Duration;

use super::error::RunError;
use super::error_kind::ErrorKind;

/// Idle connections older than this are not reused. hyper's pool already drops a connection
/// whose close it has seen, but not one whose close is still on its way; below the shortest idle
/// timeout of the common servers (gunicorn's 2 s; uvicorn and Node have 5 s), a POST is never sent
/// on a connection the server is about to close, as `http1.rs` ensures for plain http.
pub(super) const POOL_IDLE_TIMEOUT: Duration = Duration::from_millis(1500);

/// Builds a client: connections are kept and reused (see `POOL_IDLE_TIMEOUT`), redirects are not
/// followed (each request the report counts is one request the target served).
pub(super) fn build_client(timeout: Duration, insecure: bool, max_idle: usize) -> reqwest::Client {
    reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .pool_max_idle_per_host(max_idle)
        .pool_idle_timeout(POOL_IDLE_TIMEOUT)
        .tcp_nodelay(true)
        .connect_timeout(timeout.min(Duration::from_secs(5)))
        .danger_accept_invalid_certs(insecure)
        .user_agent(concat!("thumbctl/", env!("CARGO_PKG_VERSION")))
        .build()
        .expect("a client with these settings always builds")
}

/// Connects once before the run, so a target that is down or misspelt is said at once instead
/// of after the whole duration.
pub(super) async fn preflight(target: &reqwest::Url, timeout: Duration) -> Result<(), RunError> {
    let host = target.host_str().unwrap_or_default().to_string();
    let port = target.port_or_known_default().unwrap_or(80);
    let address = format!("{host}:{port}");
    let host = host.trim_start_matches('[').trim_end_matches(']');
    let connect = tokio::net::TcpStream::connect((host, port));
    let within = timeout.min(Duration::from_secs(5));
    let target = target.to_string();
    match tokio::time::timeout(within, connect).await {
        Ok(Ok(_)) => Ok(()),
        Ok(Err(error)) if error.kind() == std::io::ErrorKind::ConnectionRefused => {
            Err(RunError::Refused { target, address })
        }
        Ok(Err(source)) => Err(RunError::Connect {
            target,
            address,
            source,
        }),
        Err(_) => Err(RunError::ConnectTimeout {
            target,
            address,
            within,
        }),
    }
}

/// Sorts a reqwest error into the kinds the report and the metrics use.
pub(super) fn classify(error: &reqwest::Error) -> ErrorKind {
    if error.is_timeout() {
        return ErrorKind::Timeout;
    }
    if error.is_body() || error.is_decode() {
        return ErrorKind::Body;
    }
    let mut source: Option<&(dyn std::error::Error + 'static)> = std::error::Error::source(error);
    let mut chain = String::new();
    while let Some(cause) = source {
        if let Some(io) = cause.downcast_ref::<std::io::Error>() {
            match io.kind() {
                std::io::ErrorKind::ConnectionRefused => return ErrorKind::ConnectionRefused,
                std::io::ErrorKind::TimedOut => return ErrorKind::Timeout,
                _ => {}
            }
        }
        chain.push_str(&cause.to_string().to_ascii_lowercase());
        chain.push(' ');
        source = cause.source();
    }
    if chain.contains("dns error") || chain.contains("failed to lookup address") {
        ErrorKind::Dns
    } else if chain.contains("certificate") || chain.contains("tls") || chain.contains("handshake")
    {
        ErrorKind::Tls
    } else if error.is_connect()
        || chain.contains("connection")
        || chain.contains("reset")
        || chain.contains("broken pipe")
    {
        ErrorKind::Connection
    } else {
        ErrorKind::Other
    }
}

/// An error with its causes, on one line.
pub(super) fn error_chain(error: &reqwest::Error) -> String {
    let mut text = error.to_string();
    let mut source = std::error::Error::source(error);
    while let Some(cause) = source {
        let cause_text = cause.to_string();
        if !text.contains(&cause_text) {
            text.push_str(": ");
            text.push_str(&cause_text);
        }
        source = cause.source();
    }
    text
}
