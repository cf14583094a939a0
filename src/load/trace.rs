//! The ids a request carries so that its trace can be found, and the headers that carry them:
//! `x-request-id` (a UUID v4) and `x-trace-id` (the same UUID, which the image pipeline's API logs
//! as `trace_id`), Datadog's `x-datadog-*` and W3C's `traceparent`, all naming the same trace. The plain-http client writes them as bytes (`write_plain`), reqwest gets them as a
//! `HeaderMap` (`add_headers`); a test keeps the two equal.

use bytes::Bytes;
use rand::RngCore;
use reqwest::header::{HeaderMap, HeaderName, HeaderValue};

/// Trace headers the engine sets itself; a step's header of the same name gives way, as it does
/// with reqwest (whose `insert` replaces it).
pub(super) const TRACE_HEADERS: [&str; 7] = [
    "x-request-id",
    "x-trace-id",
    "x-datadog-trace-id",
    "x-datadog-parent-id",
    "x-datadog-sampling-priority",
    "x-datadog-tags",
    "traceparent",
];

const HEX: &[u8; 16] = b"0123456789abcdef";

/// A version 4, variant 1 UUID in its 36-character text form, from 16 random bytes. The one
/// formatter for `x-request-id` and the templates' `{{uuid}}`; on the stack, so a request's id
/// costs no allocation.
pub(super) fn uuid_v4_text(mut bytes: [u8; 16]) -> [u8; 36] {
    bytes[6] = (bytes[6] & 0x0f) | 0x40;
    bytes[8] = (bytes[8] & 0x3f) | 0x80;
    let mut text = [0u8; 36];
    let mut at = 0;
    for (i, byte) in bytes.iter().enumerate() {
        if matches!(i, 4 | 6 | 8 | 10) {
            text[at] = b'-';
            at += 1;
        }
        text[at] = HEX[usize::from(byte >> 4)];
        text[at + 1] = HEX[usize::from(byte & 0xf)];
        at += 2;
    }
    text
}

/// `uuid_v4_text` appended to a string.
pub(super) fn push_uuid_v4(out: &mut String, bytes: [u8; 16]) {
    let text = uuid_v4_text(bytes);
    out.push_str(std::str::from_utf8(&text).expect("hex digits and dashes are ASCII"));
}

/// 16 lower-case hex digits, leading zeros kept.
fn push_hex_u64(out: &mut Vec<u8>, value: u64) {
    let mut digits = [0u8; 16];
    for (i, digit) in digits.iter_mut().enumerate() {
        *digit = HEX[((value >> (60 - 4 * i)) & 0xf) as usize];
    }
    out.extend_from_slice(&digits);
}

/// The ids of one request.
#[derive(Debug, Clone, Copy)]
pub(crate) struct TraceIds {
    /// Datadog trace id: the low 64 bits of the W3C trace id. Kept below 2^63 because some
    /// tracers parse it as a signed integer.
    trace_low: u64,
    trace_high: u64,
    span: u64,
    request_id: [u8; 16],
    /// With traces on, the tracer's decision for this request's trace (src/apm/load.rs): sent
    /// as sampling priority 2 (keep) or -1 (drop) and the traceparent flag. Without traces, 1.
    kept: Option<bool>,
}

impl TraceIds {
    pub(crate) fn random(rng: &mut impl RngCore) -> TraceIds {
        let mut request_id = [0u8; 16];
        rng.fill_bytes(&mut request_id);
        TraceIds {
            trace_low: (rng.next_u64() >> 1).max(1),
            trace_high: rng.next_u64(),
            span: rng.next_u64().max(1),
            request_id,
            kept: None,
        }
    }

    /// Random ids for a request whose trace thumbctl does not keep (traces on, sampled out).
    pub(crate) fn dropped(rng: &mut impl RngCore) -> TraceIds {
        TraceIds {
            kept: Some(false),
            ..TraceIds::random(rng)
        }
    }

    /// The ids of a client span the tracer started, and its sampling decision.
    pub(crate) fn of_span(
        trace_id: u128,
        span_id: u64,
        kept: bool,
        rng: &mut impl RngCore,
    ) -> Self {
        let mut request_id = [0u8; 16];
        rng.fill_bytes(&mut request_id);
        TraceIds {
            trace_low: trace_id as u64,
            trace_high: (trace_id >> 64) as u64,
            span: span_id,
            request_id,
            kept: Some(kept),
        }
    }

    fn priority(&self) -> &'static str {
        match self.kept {
            None => "1",
            Some(true) => "2",
            Some(false) => "-1",
        }
    }

    fn flags(&self) -> &'static str {
        if self.kept == Some(false) {
            "00"
        } else {
            "01"
        }
    }

    pub(super) fn request_id(&self) -> String {
        let mut text = String::with_capacity(36);
        push_uuid_v4(&mut text, self.request_id);
        text
    }

    /// The client span's id, as `x-datadog-parent-id` carries it.
    pub(super) fn span_id(&self) -> u64 {
        self.span
    }

    /// The Datadog trace id, as `x-datadog-trace-id` carries it.
    pub(super) fn trace_id(&self) -> String {
        self.trace_low.to_string()
    }

    pub(super) fn w3c_trace_id(&self) -> String {
        format!("{:016x}{:016x}", self.trace_high, self.trace_low)
    }

    /// The same headers as `add_headers`, written as HTTP/1.1 lines from stack buffers.
    pub(super) fn write_plain(&self, out: &mut Vec<u8>) {
        let uuid = uuid_v4_text(self.request_id);
        out.extend_from_slice(b"x-request-id: ");
        out.extend_from_slice(&uuid);
        out.extend_from_slice(b"\r\nx-trace-id: ");
        out.extend_from_slice(&uuid);
        out.extend_from_slice(b"\r\nx-datadog-trace-id: ");
        out.extend_from_slice(itoa::Buffer::new().format(self.trace_low).as_bytes());
        out.extend_from_slice(b"\r\nx-datadog-parent-id: ");
        out.extend_from_slice(itoa::Buffer::new().format(self.span).as_bytes());
        out.extend_from_slice(b"\r\nx-datadog-sampling-priority: ");
        out.extend_from_slice(self.priority().as_bytes());
        out.extend_from_slice(b"\r\nx-datadog-tags: _dd.p.tid=");
        push_hex_u64(out, self.trace_high);
        out.extend_from_slice(b"\r\ntraceparent: 00-");
        push_hex_u64(out, self.trace_high);
        push_hex_u64(out, self.trace_low);
        out.push(b'-');
        push_hex_u64(out, self.span);
        out.push(b'-');
        out.extend_from_slice(self.flags().as_bytes());
        out.extend_from_slice(b"\r\n");
    }

    pub(super) fn add_headers(&self, headers: &mut HeaderMap) {
        static REQUEST_ID: HeaderName = HeaderName::from_static("x-request-id");
        static TRACE_ID: HeaderName = HeaderName::from_static("x-trace-id");
        static DD_TRACE: HeaderName = HeaderName::from_static("x-datadog-trace-id");
        static DD_PARENT: HeaderName = HeaderName::from_static("x-datadog-parent-id");
        static DD_PRIORITY: HeaderName = HeaderName::from_static("x-datadog-sampling-priority");
        static DD_TAGS: HeaderName = HeaderName::from_static("x-datadog-tags");
        static TRACEPARENT: HeaderName = HeaderName::from_static("traceparent");
        let value = |text: String| {
            HeaderValue::from_maybe_shared(Bytes::from(text)).expect("hex and digits are valid")
        };
        let request_id = value(self.request_id());
        headers.insert(TRACE_ID.clone(), request_id.clone());
        headers.insert(REQUEST_ID.clone(), request_id);
        headers.insert(DD_TRACE.clone(), HeaderValue::from(self.trace_low));
        headers.insert(DD_PARENT.clone(), HeaderValue::from(self.span));
        headers.insert(
            DD_PRIORITY.clone(),
            HeaderValue::from_static(self.priority()),
        );
        // The high half of a 128-bit trace id travels as a Datadog propagation tag, so Datadog and
        // W3C readers see the same trace.
        headers.insert(
            DD_TAGS.clone(),
            value(format!("_dd.p.tid={:016x}", self.trace_high)),
        );
        headers.insert(
            TRACEPARENT.clone(),
            value(format!(
                "00-{:016x}{:016x}-{:016x}-{}",
                self.trace_high,
                self.trace_low,
                self.span,
                self.flags()
            )),
        );
    }
}

#[cfg(test)]
mod tests {
    use rand::SeedableRng;

    use super::*;

    fn seeded(seed: u64) -> rand::rngs::StdRng {
        rand::rngs::StdRng::seed_from_u64(seed)
    }

    #[test]
    fn uuid_text_is_a_version_4_variant_1_uuid() {
        let text = uuid_v4_text([0xff; 16]);
        assert_eq!(
            std::str::from_utf8(&text).unwrap(),
            "ffffffff-ffff-4fff-bfff-ffffffffffff"
        );
        let bytes: [u8; 16] = std::array::from_fn(|i| i as u8 * 0x11);
        let mut text = String::from("id=");
        push_uuid_v4(&mut text, bytes);
        assert_eq!(text, "id=00112233-4455-4677-8899-aabbccddeeff");
    }

    #[test]
    fn hex_keeps_leading_zeros() {
        let mut out = Vec::new();
        push_hex_u64(&mut out, 0x0123_4567_89ab_cdef);
        assert_eq!(out, b"0123456789abcdef");
    }

    #[test]
    fn trace_headers_agree_with_each_other() {
        let trace = TraceIds::random(&mut seeded(42));
        let mut headers = HeaderMap::new();
        trace.add_headers(&mut headers);
        let get = |name: &str| headers.get(name).unwrap().to_str().unwrap().to_string();
        let dd_trace: u64 = get("x-datadog-trace-id").parse().unwrap();
        let dd_parent: u64 = get("x-datadog-parent-id").parse().unwrap();
        assert!(dd_trace < 1 << 63);
        let traceparent = get("traceparent");
        let parts: Vec<&str> = traceparent.split('-').collect();
        assert_eq!(parts.len(), 4);
        assert_eq!((parts[0], parts[3]), ("00", "01"));
        assert_eq!(parts[1].len(), 32);
        assert_eq!(u64::from_str_radix(&parts[1][16..], 16).unwrap(), dd_trace);
        assert_eq!(u64::from_str_radix(parts[2], 16).unwrap(), dd_parent);
        assert_eq!(
            get("x-datadog-tags"),
            format!("_dd.p.tid={}", &parts[1][..16])
        );
        assert_eq!(get("x-datadog-sampling-priority"), "1");
        assert_eq!(get("x-request-id").len(), 36);
        assert_eq!(get("x-request-id"), trace.request_id());
        assert_eq!(get("x-trace-id"), trace.request_id());
        assert_eq!(get("x-datadog-trace-id"), trace.trace_id());
        assert_eq!(parts[1], trace.w3c_trace_id());
    }

    #[test]
    fn plain_trace_headers_are_the_same_as_reqwest_ones() {
        let trace = TraceIds::random(&mut seeded(7));
        let mut headers = HeaderMap::new();
        trace.add_headers(&mut headers);
        let mut plain = Vec::new();
        trace.write_plain(&mut plain);
        let text = String::from_utf8(plain).unwrap();
        let lines: Vec<&str> = text.split_terminator("\r\n").collect();
        assert_eq!(lines.len(), headers.len(), "{text}");
        assert_eq!(lines.len(), TRACE_HEADERS.len(), "{text}");
        for line in lines {
            let (name, value) = line.split_once(": ").unwrap();
            assert!(TRACE_HEADERS.contains(&name), "{name}");
            assert_eq!(headers[name].to_str().unwrap(), value, "{name}");
        }
    }
}
