//! Why a request got no HTTP answer: the kinds the statistics count, the metrics tag and a
//! scenario's `expect` names. A module of its own so scenarios and statistics both use it
//! without depending on each other.

use serde::Serialize;

/// Why a request got no HTTP answer. The names are also metric tags and `expect` values.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub(crate) enum ErrorKind {
    /// The target refused the TCP connection (nothing listening).
    ConnectionRefused,
    /// No answer within the timeout.
    Timeout,
    /// The host name did not resolve.
    Dns,
    /// The TLS handshake failed (certificate, protocol).
    Tls,
    /// The connection failed otherwise, or closed or reset before an answer.
    Connection,
    /// A request that is not sent twice (POST, PATCH) met a kept-alive connection that the server
    /// closed before any byte of the answer: most likely the server closed it as idle just as the
    /// request went out, and never saw it. Idempotent requests are sent again instead.
    StaleConnection,
    /// The answer started but its body could not be read to the end.
    Body,
    /// Anything else.
    Other,
}

impl ErrorKind {
    pub(crate) const ALL: [ErrorKind; 8] = [
        ErrorKind::ConnectionRefused,
        ErrorKind::Timeout,
        ErrorKind::Dns,
        ErrorKind::Tls,
        ErrorKind::Connection,
        ErrorKind::StaleConnection,
        ErrorKind::Body,
        ErrorKind::Other,
    ];

    pub(crate) fn name(self) -> &'static str {
        match self {
            ErrorKind::ConnectionRefused => "connection_refused",
            ErrorKind::Timeout => "timeout",
            ErrorKind::Dns => "dns",
            ErrorKind::Tls => "tls",
            ErrorKind::Connection => "connection",
            ErrorKind::StaleConnection => "stale_connection",
            ErrorKind::Body => "body",
            ErrorKind::Other => "other",
        }
    }

    pub(crate) fn from_name(name: &str) -> Option<ErrorKind> {
        ErrorKind::ALL.into_iter().find(|k| k.name() == name)
    }

    pub(super) fn index(self) -> usize {
        ErrorKind::ALL.iter().position(|k| *k == self).unwrap_or(0)
    }
}
