//! Where metrics go: the `--statsd` URL or the environment, resolved the way the official Datadog
//! clients do it.
//!
//! Order: `--statsd URL`, else `DD_DOGSTATSD_URL`, else `DD_AGENT_HOST` + `DD_DOGSTATSD_PORT`
//! (either may be missing: host `localhost`, port 8125).

use std::fmt;
use std::path::PathBuf;

use super::{AddressProblem, MetricsSetupError};

/// The port DogStatsD listens on unless told otherwise.
pub(crate) const DEFAULT_PORT: u16 = 8125;
const DEFAULT_HOST: &str = "localhost";

/// `sun_path` holds 108 bytes on Linux, one of them the terminating NUL.
pub(super) const MAX_UNIX_SOCKET_PATH: usize = 107;

/// A DogStatsD agent address.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Endpoint {
    /// `udp://host:port`. The host is resolved when the sink starts.
    Udp { host: String, port: u16 },
    /// `unix:///path/to/dsd.socket`, a Unix datagram socket.
    Unix { path: PathBuf },
}

impl fmt::Display for Endpoint {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Endpoint::Udp { host, port } if host.contains(':') => {
                write!(f, "udp://[{host}]:{port}")
            }
            Endpoint::Udp { host, port } => write!(f, "udp://{host}:{port}"),
            Endpoint::Unix { path } => write!(f, "unix://{}", path.display()),
        }
    }
}

impl Endpoint {
    /// Parses `udp://host[:port]` or `unix:///absolute/path`. `source` names where the text came
    /// from (`--statsd`, `DD_DOGSTATSD_URL`) so the error tells the user what to fix.
    pub(crate) fn parse(text: &str, source: &str) -> Result<Endpoint, MetricsSetupError> {
        let bad = |reason: AddressProblem| MetricsSetupError::Address {
            origin: source.to_string(),
            text: text.to_string(),
            reason,
        };
        let text = text.trim();
        if let Some(path) = text.strip_prefix("unix://") {
            if path.is_empty() {
                return Err(bad(AddressProblem::EmptySocketPath));
            }
            if !path.starts_with('/') {
                return Err(bad(AddressProblem::RelativeSocketPath));
            }
            if path.len() > MAX_UNIX_SOCKET_PATH {
                return Err(bad(AddressProblem::LongSocketPath(path.len())));
            }
            return Ok(Endpoint::Unix {
                path: PathBuf::from(path),
            });
        }
        if let Some(authority) = text.strip_prefix("udp://") {
            let authority = authority.strip_suffix('/').unwrap_or(authority);
            if authority.contains('/') {
                return Err(bad(AddressProblem::UdpPath));
            }
            let (host, port) = split_host_port(authority).map_err(bad)?;
            return Ok(Endpoint::Udp {
                host,
                port: port.unwrap_or(DEFAULT_PORT),
            });
        }
        match text.split_once("://") {
            Some((scheme, _)) => Err(bad(AddressProblem::Scheme(scheme.to_string()))),
            None => Err(bad(AddressProblem::NoScheme(text.to_string()))),
        }
    }

    /// Resolves the agent address from the flag or the environment. `env` looks a variable up;
    /// empty values count as unset, as in the official clients.
    pub(crate) fn resolve(
        flag: Option<&str>,
        env: &dyn Fn(&str) -> Option<String>,
    ) -> Result<Endpoint, MetricsSetupError> {
        if let Some(url) = flag {
            return Endpoint::parse(url, "--statsd");
        }
        let var = |name: &str| {
            env(name)
                .map(|v| v.trim().to_string())
                .filter(|v| !v.is_empty())
        };
        if let Some(url) = var("DD_DOGSTATSD_URL") {
            return Endpoint::parse(&url, "DD_DOGSTATSD_URL");
        }
        let host = var("DD_AGENT_HOST");
        // Some platforms put the socket URL in DD_AGENT_HOST; the Go client accepts it, so do we.
        if let Some(url) = host.as_deref().filter(|h| h.starts_with("unix://")) {
            return Endpoint::parse(url, "DD_AGENT_HOST");
        }
        let port = match var("DD_DOGSTATSD_PORT") {
            None => DEFAULT_PORT,
            Some(text) => {
                parse_port(&text).map_err(|reason| MetricsSetupError::Port { text, reason })?
            }
        };
        let host = match host {
            None => DEFAULT_HOST.to_string(),
            Some(host) => {
                let bracketed = host.strip_prefix('[').and_then(|h| h.strip_suffix(']'));
                let host = bracketed.unwrap_or(&host).to_string();
                let is_ipv6 = host.parse::<std::net::Ipv6Addr>().is_ok();
                let is_name = !host.is_empty()
                    && host
                        .chars()
                        .all(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '-' | '_'));
                if !is_ipv6 && !is_name {
                    return Err(MetricsSetupError::AgentHost { host });
                }
                host
            }
        };
        Ok(Endpoint::Udp { host, port })
    }

    /// The largest datagram the sink sends to this endpoint: Datadog's client defaults, 1432
    /// bytes over UDP (fits an Ethernet frame unfragmented) and 8192 over a Unix socket.
    pub(crate) fn max_payload(&self) -> usize {
        match self {
            Endpoint::Udp { .. } => 1432,
            Endpoint::Unix { .. } => 8192,
        }
    }
}

/// Splits `host`, `host:port`, `[v6]` or `[v6]:port`.
fn split_host_port(authority: &str) -> Result<(String, Option<u16>), AddressProblem> {
    if authority.is_empty() {
        return Err(AddressProblem::EmptyHost);
    }
    if let Some(rest) = authority.strip_prefix('[') {
        let (host, after) = rest
            .split_once(']')
            .ok_or(AddressProblem::UnclosedBracket)?;
        if host.parse::<std::net::Ipv6Addr>().is_err() {
            return Err(AddressProblem::NotIpv6(host.to_string()));
        }
        let port = match after {
            "" => None,
            _ => Some(parse_port(
                after
                    .strip_prefix(':')
                    .ok_or(AddressProblem::TextAfterBracket)?,
            )?),
        };
        return Ok((host.to_string(), port));
    }
    let (host, port) = match authority.rsplit_once(':') {
        Some((host, _)) if host.contains(':') => return Err(AddressProblem::UnbracketedIpv6),
        Some((host, port)) => (host, Some(parse_port(port)?)),
        None => (authority, None),
    };
    if host.is_empty() {
        return Err(AddressProblem::EmptyHost);
    }
    if !host
        .chars()
        .all(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '-' | '_'))
    {
        return Err(AddressProblem::BadHost(host.to_string()));
    }
    Ok((host.to_string(), port))
}

fn parse_port(text: &str) -> Result<u16, AddressProblem> {
    match text.parse::<u16>() {
        Ok(0) => Err(AddressProblem::PortZero),
        Ok(port) => Ok(port),
        Err(_) => Err(AddressProblem::BadPort(text.to_string())),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashMap;

    fn udp(host: &str, port: u16) -> Endpoint {
        Endpoint::Udp {
            host: host.into(),
            port,
        }
    }

    fn resolve_with(
        flag: Option<&str>,
        vars: &[(&str, &str)],
    ) -> Result<Endpoint, MetricsSetupError> {
        let vars: HashMap<String, String> = vars
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect();
        Endpoint::resolve(flag, &|name| vars.get(name).cloned())
    }

    #[test]
    fn parses_the_two_url_forms() {
        assert_eq!(
            Endpoint::parse("udp://127.0.0.1:9125", "t").unwrap(),
            udp("127.0.0.1", 9125)
        );
        assert_eq!(
            Endpoint::parse("udp://agent.local", "t").unwrap(),
            udp("agent.local", 8125)
        );
        assert_eq!(
            Endpoint::parse("udp://[::1]:8126", "t").unwrap(),
            udp("::1", 8126)
        );
        assert_eq!(
            Endpoint::parse("udp://[::1]", "t").unwrap(),
            udp("::1", 8125)
        );
        assert_eq!(
            Endpoint::parse("unix:///var/run/datadog/dsd.socket", "t").unwrap(),
            Endpoint::Unix {
                path: "/var/run/datadog/dsd.socket".into()
            }
        );
    }

    #[test]
    fn malformed_urls_name_the_source_and_the_reason() {
        let cases = [
            ("localhost:8125", "did you mean udp://localhost:8125"),
            ("http://localhost:8125", "unsupported scheme \"http\""),
            ("udp://", "the host is empty"),
            ("udp://:8125", "the host is empty"),
            ("udp://host:0", "between 1 and 65535"),
            ("udp://host:99999", "not a port number"),
            ("udp://host:port", "not a port number"),
            ("udp://::1:8125", "must be in brackets"),
            ("udp://[::1", "unclosed"),
            ("udp://host/path", "no path"),
            ("udp://bad host:1", "not a valid host name"),
            ("unix://", "path is empty"),
            ("unix://relative/dsd.socket", "must be absolute"),
        ];
        for (url, reason) in cases {
            let err = Endpoint::parse(url, "--statsd").unwrap_err().to_string();
            assert!(
                err.starts_with("--statsd: invalid DogStatsD address"),
                "{url}: {err}"
            );
            assert!(
                err.contains(reason),
                "{url}: expected {reason:?} in {err:?}"
            );
        }
        let long = format!("unix:///{}", "x".repeat(200));
        let err = Endpoint::parse(&long, "DD_DOGSTATSD_URL")
            .unwrap_err()
            .to_string();
        assert!(
            err.starts_with("DD_DOGSTATSD_URL:") && err.contains("longer than"),
            "{err}"
        );
    }

    #[test]
    fn resolution_order_is_flag_then_url_then_host_and_port() {
        let all = [
            ("DD_DOGSTATSD_URL", "udp://from-url:1111"),
            ("DD_AGENT_HOST", "from-host"),
            ("DD_DOGSTATSD_PORT", "2222"),
        ];
        assert_eq!(
            resolve_with(Some("udp://flag:3333"), &all).unwrap(),
            udp("flag", 3333)
        );
        assert_eq!(resolve_with(None, &all).unwrap(), udp("from-url", 1111));
        assert_eq!(
            resolve_with(None, &all[1..]).unwrap(),
            udp("from-host", 2222)
        );
        assert_eq!(
            resolve_with(None, &all[1..2]).unwrap(),
            udp("from-host", 8125)
        );
        assert_eq!(
            resolve_with(None, &all[2..]).unwrap(),
            udp("localhost", 2222)
        );
        assert_eq!(resolve_with(None, &[]).unwrap(), udp("localhost", 8125));
    }

    #[test]
    fn empty_variables_count_as_unset() {
        let vars = [
            ("DD_DOGSTATSD_URL", ""),
            ("DD_AGENT_HOST", " "),
            ("DD_DOGSTATSD_PORT", ""),
        ];
        assert_eq!(resolve_with(None, &vars).unwrap(), udp("localhost", 8125));
    }

    #[test]
    fn agent_host_may_be_a_socket_url_or_an_ipv6_address() {
        assert_eq!(
            resolve_with(None, &[("DD_AGENT_HOST", "unix:///run/dsd.socket")]).unwrap(),
            Endpoint::Unix {
                path: "/run/dsd.socket".into()
            }
        );
        assert_eq!(
            resolve_with(None, &[("DD_AGENT_HOST", "[::1]")]).unwrap(),
            udp("::1", 8125)
        );
        assert_eq!(udp("::1", 8125).to_string(), "udp://[::1]:8125");
    }

    #[test]
    fn bad_environment_values_are_errors_naming_the_variable() {
        let err = resolve_with(None, &[("DD_DOGSTATSD_PORT", "eighty")])
            .unwrap_err()
            .to_string();
        assert!(
            err.starts_with("DD_DOGSTATSD_PORT: invalid port \"eighty\""),
            "{err}"
        );
        let err = resolve_with(None, &[("DD_DOGSTATSD_URL", "tcp://x:1")])
            .unwrap_err()
            .to_string();
        assert!(
            err.starts_with("DD_DOGSTATSD_URL: invalid DogStatsD address"),
            "{err}"
        );
        for host in ["a b", "agent:8125", "http://agent"] {
            let err = resolve_with(None, &[("DD_AGENT_HOST", host)])
                .unwrap_err()
                .to_string();
            assert!(
                err.starts_with("DD_AGENT_HOST: invalid host") && err.contains("DD_DOGSTATSD_PORT"),
                "{err}"
            );
        }
    }

    #[test]
    fn payload_limits_follow_the_transport() {
        assert_eq!(udp("h", 1).max_payload(), 1432);
        assert_eq!(Endpoint::Unix { path: "/x".into() }.max_payload(), 8192);
    }
}
