//! Request templates: paths and bodies with `{{...}}` placeholders, compiled once when the scenario
//! is loaded and rendered per request into a reused buffer.
//!
//! Placeholders:
//! - `{{seq}}`: the request's sequence number within its phase, from 1.
//! - `{{int A B}}`: a random integer in A..=B.
//! - `{{decimal A B}}`: a random decimal in A..=B, with as many decimals as the bounds have
//!   (`{{decimal 5.00 104.99}}` gives `37.25`).
//! - `{{pick x y z}}`: one of the words, at random.
//! - `{{uuid}}`: a random version 4 UUID.
//!
//! In a JSON body, a string that is exactly one `seq`, `int` or `decimal` placeholder renders as a
//! JSON number (`"quantity": "{{int 1 5}}"` sends `"quantity": 3`); any other string stays a string.
//! A template without placeholders is rendered once, so fixed requests cost nothing to build.

use std::fmt::Write as _;

use rand::{Rng, RngCore};

/// What went wrong in a template, said in the user's terms.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("template `{template}`: {reason}")]
pub(crate) struct TemplateError {
    pub(crate) template: String,
    pub(crate) reason: TemplateProblem,
}

/// Why a template cannot be compiled.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub(crate) enum TemplateProblem {
    #[error("a `{{{{` is never closed by `}}}}`")]
    Unclosed,
    #[error("a `}}}}` has no opening `{{{{`")]
    Unopened,
    #[error("empty placeholder `{{{{}}}}`")]
    Empty,
    #[error("`{name}` takes {expected} argument(s), got {got}")]
    Arguments {
        name: String,
        expected: usize,
        got: usize,
    },
    #[error("`int` bound `{0}` is not an integer")]
    IntBound(String),
    #[error("`decimal` bound `{0}` is not a decimal number")]
    DecimalBound(String),
    #[error("`{name} {low} {high}`: the low bound is above the high one")]
    Order {
        name: &'static str,
        low: String,
        high: String,
    },
    #[error("`pick` needs at least one word to pick from")]
    EmptyPick,
    #[error("unknown placeholder `{0}` (known: seq, int, decimal, pick, uuid)")]
    Unknown(String),
}

/// One compiled placeholder.
#[derive(Debug, Clone, PartialEq)]
enum Placeholder {
    Seq,
    Int {
        low: i64,
        high: i64,
    },
    /// Bounds are kept in hundredths (or whatever `decimals` says) so the output never shows
    /// binary floating point noise.
    Decimal {
        low: i64,
        high: i64,
        decimals: u32,
    },
    Pick(Vec<String>),
    Uuid,
}

impl Placeholder {
    fn parse(expression: &str) -> Result<Placeholder, TemplateProblem> {
        let mut words = expression.split_whitespace();
        let name = words.next().ok_or(TemplateProblem::Empty)?;
        let args: Vec<&str> = words.collect();
        let expect_args = |n: usize| {
            if args.len() == n {
                Ok(())
            } else {
                Err(TemplateProblem::Arguments {
                    name: name.to_string(),
                    expected: n,
                    got: args.len(),
                })
            }
        };
        match name {
            "seq" => expect_args(0).map(|_| Placeholder::Seq),
            "uuid" => expect_args(0).map(|_| Placeholder::Uuid),
            "int" => {
                expect_args(2)?;
                let parse = |s: &str| {
                    s.parse::<i64>()
                        .map_err(|_| TemplateProblem::IntBound(s.to_string()))
                };
                let (low, high) = (parse(args[0])?, parse(args[1])?);
                if low > high {
                    return Err(TemplateProblem::Order {
                        name: "int",
                        low: low.to_string(),
                        high: high.to_string(),
                    });
                }
                Ok(Placeholder::Int { low, high })
            }
            "decimal" => {
                expect_args(2)?;
                let decimals = args.iter().map(|a| decimals_of(a)).max().unwrap_or(0);
                let (low, high) = (scaled(args[0], decimals)?, scaled(args[1], decimals)?);
                if low > high {
                    return Err(TemplateProblem::Order {
                        name: "decimal",
                        low: args[0].to_string(),
                        high: args[1].to_string(),
                    });
                }
                Ok(Placeholder::Decimal {
                    low,
                    high,
                    decimals,
                })
            }
            "pick" => {
                if args.is_empty() {
                    return Err(TemplateProblem::EmptyPick);
                }
                Ok(Placeholder::Pick(
                    args.iter().map(|s| s.to_string()).collect(),
                ))
            }
            other => Err(TemplateProblem::Unknown(other.to_string())),
        }
    }

    /// True when the placeholder renders as a bare JSON number.
    fn is_numeric(&self) -> bool {
        matches!(
            self,
            Placeholder::Seq | Placeholder::Int { .. } | Placeholder::Decimal { .. }
        )
    }

    fn render(&self, context: &mut RenderContext<'_>, out: &mut String) {
        match self {
            Placeholder::Seq => {
                let _ = write!(out, "{}", context.sequence);
            }
            Placeholder::Int { low, high } => {
                let _ = write!(out, "{}", context.rng.gen_range(*low..=*high));
            }
            Placeholder::Decimal {
                low,
                high,
                decimals,
            } => {
                let value = context.rng.gen_range(*low..=*high);
                if *decimals == 0 {
                    let _ = write!(out, "{value}");
                } else {
                    let scale = 10i64.pow(*decimals);
                    let sign = if value < 0 { "-" } else { "" };
                    let value = value.abs();
                    let _ = write!(
                        out,
                        "{sign}{}.{:0width$}",
                        value / scale,
                        value % scale,
                        width = *decimals as usize
                    );
                }
            }
            Placeholder::Pick(words) => {
                out.push_str(&words[context.rng.gen_range(0..words.len())]);
            }
            Placeholder::Uuid => {
                let mut bytes = [0u8; 16];
                context.rng.fill_bytes(&mut bytes);
                super::trace::push_uuid_v4(out, bytes);
            }
        }
    }
}

/// Number of digits after the decimal point in a literal such as `104.99`.
fn decimals_of(literal: &str) -> u32 {
    literal
        .split_once('.')
        .map_or(0, |(_, fraction)| fraction.len() as u32)
}

/// `5.5` with 2 decimals -> 550, exactly (no float parsing).
fn scaled(literal: &str, decimals: u32) -> Result<i64, TemplateProblem> {
    let invalid = || TemplateProblem::DecimalBound(literal.to_string());
    let (negative, digits) = match literal.strip_prefix('-') {
        Some(rest) => (true, rest),
        None => (false, literal),
    };
    let (whole, fraction) = digits.split_once('.').unwrap_or((digits, ""));
    if whole.is_empty() && fraction.is_empty()
        || !whole.chars().all(|c| c.is_ascii_digit())
        || !fraction.chars().all(|c| c.is_ascii_digit())
        || decimals > 9
    {
        return Err(invalid());
    }
    let padded = format!("{whole}{fraction:0<width$}", width = decimals as usize);
    let value: i64 = padded.parse().map_err(|_| invalid())?;
    Ok(if negative { -value } else { value })
}

/// What a placeholder may draw from while one request is rendered.
pub(crate) struct RenderContext<'a> {
    pub(crate) sequence: u64,
    pub(crate) rng: &'a mut dyn RngCore,
}

#[derive(Debug, Clone, PartialEq)]
enum Segment {
    Literal(String),
    /// `escape_json`: the placeholder sits inside a JSON string, so its text is escaped.
    Value {
        placeholder: Placeholder,
        escape_json: bool,
    },
}

/// A compiled template: literal text and placeholders, in order.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Template {
    segments: Vec<Segment>,
}

impl Template {
    /// Compiles a plain text template (a path, a raw body).
    pub(crate) fn parse(source: &str) -> Result<Template, TemplateError> {
        let mut segments = Vec::new();
        push_text_template(source, false, &mut segments).map_err(|reason| TemplateError {
            template: source.to_string(),
            reason,
        })?;
        Ok(Template::from_segments(segments))
    }

    /// Compiles a JSON body template: the value is serialized once, and placeholders found in its
    /// strings become holes in that text.
    pub(crate) fn from_json(value: &serde_json::Value) -> Result<Template, TemplateError> {
        let mut segments = Vec::new();
        push_json(value, &mut segments).map_err(|reason| TemplateError {
            template: value.to_string(),
            reason,
        })?;
        Ok(Template::from_segments(segments))
    }

    /// Merges neighbouring literals so rendering is a short walk.
    fn from_segments(segments: Vec<Segment>) -> Template {
        let mut merged: Vec<Segment> = Vec::with_capacity(segments.len());
        for segment in segments {
            match (merged.last_mut(), segment) {
                (Some(Segment::Literal(previous)), Segment::Literal(text)) => {
                    previous.push_str(&text)
                }
                (_, Segment::Literal(text)) if text.is_empty() => {}
                (_, segment) => merged.push(segment),
            }
        }
        Template { segments: merged }
    }

    /// The text, when the template has no placeholder at all (render it once and reuse it).
    pub(crate) fn as_fixed(&self) -> Option<&str> {
        match self.segments.as_slice() {
            [] => Some(""),
            [Segment::Literal(text)] => Some(text),
            _ => None,
        }
    }

    /// Appends the rendered text to `out`.
    pub(crate) fn render_into(&self, context: &mut RenderContext<'_>, out: &mut String) {
        for segment in &self.segments {
            match segment {
                Segment::Literal(text) => out.push_str(text),
                Segment::Value {
                    placeholder,
                    escape_json: false,
                } => placeholder.render(context, out),
                Segment::Value {
                    placeholder,
                    escape_json: true,
                } => {
                    // Placeholder output is words and digits, but `pick` words come from the user.
                    let start = out.len();
                    placeholder.render(context, out);
                    let rendered = out.split_off(start);
                    let quoted = serde_json::to_string(&rendered).unwrap_or_default();
                    out.push_str(&quoted[1..quoted.len() - 1]);
                }
            }
        }
    }

    pub(crate) fn render(&self, context: &mut RenderContext<'_>) -> String {
        let mut out = String::new();
        self.render_into(context, &mut out);
        out
    }
}

/// Splits `source` into literals and placeholders. `inside_json_string`: escape the literals and
/// placeholder output as JSON string content.
fn push_text_template(
    source: &str,
    inside_json_string: bool,
    segments: &mut Vec<Segment>,
) -> Result<(), TemplateProblem> {
    let literal = |text: &str| {
        if inside_json_string {
            let quoted = serde_json::to_string(text).unwrap_or_default();
            Segment::Literal(quoted[1..quoted.len() - 1].to_string())
        } else {
            Segment::Literal(text.to_string())
        }
    };
    let mut rest = source;
    while let Some(open) = rest.find("{{") {
        segments.push(literal(&rest[..open]));
        let after_open = &rest[open + 2..];
        let close = after_open.find("}}").ok_or(TemplateProblem::Unclosed)?;
        segments.push(Segment::Value {
            placeholder: Placeholder::parse(after_open[..close].trim())?,
            escape_json: inside_json_string,
        });
        rest = &after_open[close + 2..];
    }
    if rest.contains("}}") {
        return Err(TemplateProblem::Unopened);
    }
    segments.push(literal(rest));
    Ok(())
}

fn push_json(
    value: &serde_json::Value,
    segments: &mut Vec<Segment>,
) -> Result<(), TemplateProblem> {
    use serde_json::Value;
    match value {
        Value::String(text) => {
            // A string that is one numeric placeholder becomes a bare number.
            if let Some(inner) = text
                .trim()
                .strip_prefix("{{")
                .and_then(|t| t.strip_suffix("}}"))
            {
                if !inner.contains("{{") && !inner.contains("}}") {
                    let placeholder = Placeholder::parse(inner.trim())?;
                    if placeholder.is_numeric() {
                        segments.push(Segment::Value {
                            placeholder,
                            escape_json: false,
                        });
                        return Ok(());
                    }
                }
            }
            segments.push(Segment::Literal("\"".into()));
            push_text_template(text, true, segments)?;
            segments.push(Segment::Literal("\"".into()));
        }
        Value::Array(items) => {
            segments.push(Segment::Literal("[".into()));
            for (i, item) in items.iter().enumerate() {
                if i > 0 {
                    segments.push(Segment::Literal(",".into()));
                }
                push_json(item, segments)?;
            }
            segments.push(Segment::Literal("]".into()));
        }
        Value::Object(fields) => {
            segments.push(Segment::Literal("{".into()));
            for (i, (key, item)) in fields.iter().enumerate() {
                if i > 0 {
                    segments.push(Segment::Literal(",".into()));
                }
                let key = serde_json::to_string(key).expect("a string always serializes");
                segments.push(Segment::Literal(format!("{key}:")));
                push_json(item, segments)?;
            }
            segments.push(Segment::Literal("}".into()));
        }
        scalar => segments.push(Segment::Literal(scalar.to_string())),
    }
    Ok(())
}

/// SplitMix64: a tiny generator whose output is fixed by its definition, so `--seed N` gives the
/// same requests on every machine and every version of the `rand` crate.
#[derive(Debug, Clone)]
pub(crate) struct SplitMix64(u64);

impl SplitMix64 {
    pub(crate) fn new(seed: u64) -> SplitMix64 {
        SplitMix64(seed)
    }

    /// The generator for request `index` of phase `phase` under `seed`: each request draws from
    /// its own stream, so the sequence does not depend on which worker sends what.
    pub(crate) fn for_request(seed: u64, phase: u64, index: u64) -> SplitMix64 {
        let mut mixer = SplitMix64(seed ^ phase.wrapping_mul(0xA24B_AED4_963E_E407));
        let base = mixer.next_u64();
        SplitMix64(base ^ index.wrapping_mul(0x9FB2_1C65_1E98_DF25))
    }
}

impl RngCore for SplitMix64 {
    fn next_u32(&mut self) -> u32 {
        (self.next_u64() >> 32) as u32
    }

    fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    fn fill_bytes(&mut self, dest: &mut [u8]) {
        for chunk in dest.chunks_mut(8) {
            let bytes = self.next_u64().to_le_bytes();
            chunk.copy_from_slice(&bytes[..chunk.len()]);
        }
    }

    fn try_fill_bytes(&mut self, dest: &mut [u8]) -> Result<(), rand::Error> {
        self.fill_bytes(dest);
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn render(template: &Template, sequence: u64, seed: u64) -> String {
        let mut rng = SplitMix64::new(seed);
        template.render(&mut RenderContext {
            sequence,
            rng: &mut rng,
        })
    }

    #[test]
    fn fixed_text_is_recognised_and_kept() {
        let template = Template::parse("/users?page=2").unwrap();
        assert_eq!(template.as_fixed(), Some("/users?page=2"));
        assert_eq!(render(&template, 1, 1), "/users?page=2");
    }

    #[test]
    fn seq_and_int_render_in_paths() {
        let template = Template::parse("/item/{{seq}}?n={{ int 3 3 }}").unwrap();
        assert_eq!(template.as_fixed(), None);
        assert_eq!(render(&template, 42, 7), "/item/42?n=3");
    }

    #[test]
    fn ints_stay_in_range_and_cover_it() {
        let template = Template::parse("{{int 1 5}}").unwrap();
        let mut rng = SplitMix64::new(3);
        let mut seen = [false; 6];
        for _ in 0..500 {
            let text = template.render(&mut RenderContext {
                sequence: 0,
                rng: &mut rng,
            });
            let value: usize = text.parse().unwrap();
            assert!((1..=5).contains(&value), "{value}");
            seen[value] = true;
        }
        assert_eq!(seen, [false, true, true, true, true, true]);
    }

    #[test]
    fn decimals_keep_the_bounds_precision() {
        let template = Template::parse("{{decimal 5.00 104.99}}").unwrap();
        let mut rng = SplitMix64::new(11);
        for _ in 0..500 {
            let text = template.render(&mut RenderContext {
                sequence: 0,
                rng: &mut rng,
            });
            let (_, fraction) = text.split_once('.').expect("two decimals");
            assert_eq!(fraction.len(), 2, "{text}");
            let value: f64 = text.parse().unwrap();
            assert!((5.0..=104.99).contains(&value), "{text}");
        }
        assert_eq!(
            render(&Template::parse("{{decimal 0.5 0.5}}").unwrap(), 0, 0),
            "0.5"
        );
        assert_eq!(
            render(&Template::parse("{{decimal -1.25 -1.25}}").unwrap(), 0, 0),
            "-1.25"
        );
    }

    #[test]
    fn pick_and_uuid() {
        let pick = Template::parse("{{pick red green}}").unwrap();
        let text = render(&pick, 0, 5);
        assert!(text == "red" || text == "green");
        let uuid = render(&Template::parse("{{uuid}}").unwrap(), 0, 9);
        assert_eq!(uuid.len(), 36);
        assert_eq!(&uuid[14..15], "4", "version nibble in {uuid}");
        assert!("89ab".contains(&uuid[19..20]), "variant nibble in {uuid}");
    }

    #[test]
    fn json_bodies_turn_numeric_placeholders_into_numbers() {
        let body = serde_json::json!({
            "user_id": "{{int 7 7}}",
            "price": "{{decimal 1.50 1.50}}",
            "name": "user-{{seq}}",
            "tag": "{{pick a\"b}}",
            "fixed": [1, true, null]
        });
        let template = Template::from_json(&body).unwrap();
        let text = render(&template, 12, 0);
        let parsed: serde_json::Value = serde_json::from_str(&text).expect(&text);
        assert_eq!(parsed["user_id"], 7);
        assert_eq!(parsed["name"], "user-12");
        assert_eq!(parsed["tag"], "a\"b");
        assert_eq!(parsed["fixed"], serde_json::json!([1, true, null]));
        assert!(text.contains("\"price\":1.50"), "{text}");
    }

    #[test]
    fn same_seed_same_output_and_different_streams_per_request() {
        let template = Template::parse("{{int 0 1000000}}-{{uuid}}").unwrap();
        let draw = |seed, index| {
            let mut rng = SplitMix64::for_request(seed, 0, index);
            template.render(&mut RenderContext {
                sequence: index,
                rng: &mut rng,
            })
        };
        assert_eq!(draw(1, 5), draw(1, 5));
        assert_ne!(draw(1, 5), draw(1, 6));
        assert_ne!(draw(1, 5), draw(2, 5));
    }

    #[test]
    fn errors_name_the_problem() {
        let error = |s: &str| Template::parse(s).unwrap_err().reason.to_string();
        assert!(error("{{nope}}").contains("unknown placeholder `nope`"));
        assert!(error("{{int 1}}").contains("takes 2 argument"));
        assert!(error("{{int 5 1}}").contains("low bound is above"));
        assert!(error("{{int a 1}}").contains("not an integer"));
        assert!(error("{{decimal 1.x 2}}").contains("not a decimal"));
        assert!(error("/a/{{seq").contains("never closed"));
        assert!(error("/a/}}").contains("no opening"));
        assert!(error("{{pick}}").contains("at least one"));
    }
}
