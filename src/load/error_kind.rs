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
    /// The answer started but its body could not be read to the end.
    Body,
    /// Anything else.
    Other,
}

impl ErrorKind {
    pub(crate) const ALL: [ErrorKind; 7] = [
        ErrorKind::ConnectionRefused,
        ErrorKind::Timeout,
        ErrorKind::Dns,
        ErrorKind::Tls,
        ErrorKind::Connection,
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
