//! Tags: Datadog's rules for what a tag may hold, and the constant tags every metric carries.
//!
//! Datadog's documented rules ("Getting Started with Tags", Define tags): a tag starts with a
//! letter; it may hold alphanumerics (Unicode letters included), underscores, minuses, colons,
//! periods and slashes, other characters become underscores; it is at most 200 characters long;
//! it is lowercased; it does not end with a colon. The first colon separates key and value.

use std::borrow::Cow;

use super::MetricsSetupError;

/// The longest tag Datadog keeps, in characters, key and colon included.
pub(crate) const MAX_TAG_CHARS: usize = 200;

/// The service name when `DD_SERVICE` is not set.
pub(crate) const DEFAULT_SERVICE: &str = "thumbctl";

fn is_allowed(c: char) -> bool {
    c.is_alphanumeric() || matches!(c, '_' | '-' | ':' | '.' | '/')
}

fn is_clean(c: char) -> bool {
    is_allowed(c) && !c.is_uppercase()
}

/// Makes `value` fit after `key:` in a valid tag: lowercased, other characters turned into `_`,
/// cut so the whole tag stays within 200 characters, no trailing colon. Values that are already
/// clean (the usual case, on every request) are returned as they are, without allocating.
pub(crate) fn sanitize_value<'a>(key: &str, value: &'a str) -> Cow<'a, str> {
    let budget = MAX_TAG_CHARS.saturating_sub(key.chars().count() + 1);
    if value.chars().all(is_clean) && !value.ends_with(':') && value.chars().count() <= budget {
        return Cow::Borrowed(value);
    }
    let mut out = String::with_capacity(value.len().min(budget * 4));
    for c in value.chars().take(budget) {
        if is_allowed(c) {
            out.extend(c.to_lowercase());
        } else {
            out.push('_');
        }
    }
    // Lowercasing can lengthen a few characters (İ); cut again on a character boundary.
    if out.chars().count() > budget {
        out = out.chars().take(budget).collect();
    }
    while out.ends_with(':') {
        out.pop();
    }
    Cow::Owned(out)
}

/// Cleans a whole constant tag (`key:value` or a bare `value`) given by the user or the
/// environment. `source` names where it came from for the error message.
pub(crate) fn sanitize_constant_tag(tag: &str, source: &str) -> Result<String, MetricsSetupError> {
    let tag = tag.trim();
    let bad = |reason: &'static str| MetricsSetupError::Tag {
        origin: source.to_string(),
        tag: tag.to_string(),
        reason,
    };
    if tag.is_empty() {
        return Err(bad("it is empty"));
    }
    if !tag.chars().next().is_some_and(char::is_alphabetic) {
        return Err(bad("a Datadog tag must start with a letter"));
    }
    match tag.split_once(':') {
        Some((_, "")) => Err(bad("the value after ':' is empty")),
        Some((key, value)) => {
            let key = sanitize_value("", key);
            let value = sanitize_value(&key, value);
            Ok(format!("{key}:{value}"))
        }
        None => Ok(sanitize_value("", tag).into_owned()),
    }
}

/// The key of a `key:value` tag (the whole tag when it has no colon).
fn key_of(tag: &str) -> &str {
    tag.split_once(':').map_or(tag, |(key, _)| key)
}

/// The constant tags, from unified service tagging and `--tag`, in the order they are sent.
///
/// `DD_TAGS` (comma or space separated) come first, then `env`, `service` (default `thumbctl`)
/// and `version` from `DD_ENV`, `DD_SERVICE`, `DD_VERSION`, then `dd.internal.entity_id` from
/// `DD_ENTITY_ID`, then every `--tag`. `env`, `service` and `version` have one value each: a
/// later source replaces an earlier one (`--tag service:x` beats `DD_SERVICE`, which beats
/// `DD_TAGS`). Other keys may repeat, as Datadog allows; exact duplicates are sent once.
pub(crate) fn constant_tags(
    flag_tags: &[String],
    env: &dyn Fn(&str) -> Option<String>,
) -> Result<Vec<String>, MetricsSetupError> {
    let var = |name: &str| {
        env(name)
            .map(|v| v.trim().to_string())
            .filter(|v| !v.is_empty())
    };
    let mut tags: Vec<String> = Vec::new();
    let mut add = |tag: String| {
        const SINGLE_VALUED: [&str; 3] = ["env", "service", "version"];
        let key = key_of(&tag);
        if SINGLE_VALUED.contains(&key) && tag.contains(':') {
            let key = key.to_string();
            tags.retain(|t| !(t.contains(':') && key_of(t) == key));
        }
        if !tags.contains(&tag) {
            tags.push(tag);
        }
    };

    if let Some(dd_tags) = var("DD_TAGS") {
        for tag in dd_tags
            .split([',', ' ', '\t', '\n'])
            .filter(|t| !t.is_empty())
        {
            add(sanitize_constant_tag(tag, "DD_TAGS")?);
        }
    }
    let unified = [
        ("DD_ENV", "env"),
        ("DD_SERVICE", "service"),
        ("DD_VERSION", "version"),
    ];
    for (variable, key) in unified {
        let value =
            var(variable).or_else(|| (key == "service").then(|| DEFAULT_SERVICE.to_string()));
        if let Some(value) = value {
            add(sanitize_constant_tag(&format!("{key}:{value}"), variable)?);
        }
    }
    if let Some(entity) = var("DD_ENTITY_ID") {
        add(sanitize_constant_tag(
            &format!("dd.internal.entity_id:{entity}"),
            "DD_ENTITY_ID",
        )?);
    }
    for tag in flag_tags {
        add(sanitize_constant_tag(tag, "--tag")?);
    }
    Ok(tags)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashMap;

    fn tags_with(flags: &[&str], vars: &[(&str, &str)]) -> Result<Vec<String>, MetricsSetupError> {
        let vars: HashMap<String, String> = vars
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect();
        let flags: Vec<String> = flags.iter().map(|s| s.to_string()).collect();
        constant_tags(&flags, &|name| vars.get(name).cloned())
    }

    #[test]
    fn clean_values_are_borrowed() {
        assert!(matches!(
            sanitize_value("size", "small"),
            Cow::Borrowed("small")
        ));
        assert!(matches!(
            sanitize_value("path", "a/b-c_d.e:f"),
            Cow::Borrowed(_)
        ));
        assert!(matches!(sanitize_value("name", "日本語"), Cow::Borrowed(_)));
    }

    #[test]
    fn values_are_lowercased_and_special_characters_become_underscores() {
        assert_eq!(sanitize_value("method", "GET"), "get");
        assert_eq!(
            sanitize_value("step", "list users, page 2|#x@y"),
            "list_users__page_2__x_y"
        );
        assert_eq!(sanitize_value("size", "Avatar=96x96"), "avatar_96x96");
        assert_eq!(sanitize_value("k", "Ünïcödé"), "ünïcödé");
        assert_eq!(sanitize_value("k", "ends:with:"), "ends:with");
    }

    #[test]
    fn tags_are_cut_to_200_characters_key_included() {
        let value = "v".repeat(500);
        let cut = sanitize_value("scenario", &value);
        assert_eq!("scenario:".len() + cut.chars().count(), MAX_TAG_CHARS);
        let wide = "é".repeat(300);
        let cut = sanitize_value("k", &wide);
        assert_eq!(cut.chars().count(), MAX_TAG_CHARS - 2);
    }

    #[test]
    fn constant_tags_follow_unified_service_tagging() {
        let tags = tags_with(
            &["team:Images", "canary"],
            &[
                ("DD_ENV", "Staging"),
                ("DD_VERSION", "1.2.3"),
                ("DD_TAGS", "region:eu-west-1, zone:a  rack:7"),
                ("DD_ENTITY_ID", "5e0b1b42-aa"),
            ],
        )
        .unwrap();
        assert_eq!(
            tags,
            [
                "region:eu-west-1",
                "zone:a",
                "rack:7",
                "env:staging",
                "service:thumbctl",
                "version:1.2.3",
                "dd.internal.entity_id:5e0b1b42-aa",
                "team:images",
                "canary",
            ]
        );
    }

    #[test]
    fn service_defaults_to_thumbctl_and_later_sources_win_for_single_valued_keys() {
        assert_eq!(tags_with(&[], &[]).unwrap(), ["service:thumbctl"]);
        let tags = tags_with(
            &["service:from-flag", "team:a", "team:b", "team:a"],
            &[
                ("DD_TAGS", "service:from-tags env:from-tags"),
                ("DD_SERVICE", "from-env"),
            ],
        )
        .unwrap();
        assert_eq!(
            tags,
            ["env:from-tags", "service:from-flag", "team:a", "team:b"]
        );
    }

    #[test]
    fn invalid_constant_tags_are_errors_naming_their_source() {
        let err = tags_with(&["1team:x"], &[]).unwrap_err().to_string();
        assert!(
            err.starts_with("--tag: invalid tag \"1team:x\"")
                && err.contains("start with a letter"),
            "{err}"
        );
        let err = tags_with(&["team:"], &[]).unwrap_err().to_string();
        assert!(err.contains("empty"), "{err}");
        let err = tags_with(&[], &[("DD_TAGS", "ok:1,:bad")])
            .unwrap_err()
            .to_string();
        assert!(err.starts_with("DD_TAGS: invalid tag \":bad\""), "{err}");
    }
}
