//! APM: the unified service tags every log event, span and metric carries (`service`, `env`,
//! `version`, from `DD_SERVICE`, `DD_ENV`, `DD_VERSION`, `DD_TAGS` and `--tag`, resolved the way
//! the metrics resolve them).

use std::sync::OnceLock;

use crate::cli::GlobalArgs;
use crate::metrics::tags;

/// Datadog's unified service tags.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct UnifiedService {
    pub(crate) service: String,
    pub(crate) env: Option<String>,
    pub(crate) version: Option<String>,
}

static SERVICE: OnceLock<UnifiedService> = OnceLock::new();

impl UnifiedService {
    /// From the same constant tags the metrics send, so logs, traces and metrics agree. Tags the
    /// metrics would refuse (said when the metrics start) leave the defaults here.
    pub(crate) fn resolve(flag_tags: &[String], env: &dyn Fn(&str) -> Option<String>) -> Self {
        let tags = tags::constant_tags(flag_tags, env).unwrap_or_default();
        let value = |key: &str| {
            tags.iter()
                .filter_map(|t| t.split_once(':'))
                .find(|(k, _)| *k == key)
                .map(|(_, v)| v.to_string())
        };
        UnifiedService {
            service: value("service").unwrap_or_else(|| tags::DEFAULT_SERVICE.to_string()),
            env: value("env"),
            version: value("version"),
        }
    }
}

/// Resolves the unified service tags once for the process (later calls keep the first).
pub(crate) fn init(global: &GlobalArgs) {
    let _ = SERVICE.set(UnifiedService::resolve(&global.metrics.tags, &|name| {
        std::env::var(name).ok()
    }));
}

/// The unified service tags; the defaults when `init` was not called (a library caller).
pub(crate) fn unified_service() -> &'static UnifiedService {
    SERVICE.get_or_init(|| UnifiedService::resolve(&[], &|name| std::env::var(name).ok()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_flag_beats_the_environment_and_service_has_a_default() {
        let env = |name: &str| match name {
            "DD_ENV" => Some("staging".to_string()),
            "DD_VERSION" => Some("1.2".to_string()),
            _ => None,
        };
        let service = UnifiedService::resolve(&["env:prod".to_string()], &env);
        assert_eq!(
            service,
            UnifiedService {
                service: "thumbctl".into(),
                env: Some("prod".into()),
                version: Some("1.2".into()),
            }
        );
    }
}
