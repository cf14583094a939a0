//! The load engine's metrics, aggregated per driver so a request costs no allocation, no lock and
//! no formatting.
//!
//! At 100 000 requests per second, formatting two DogStatsD lines per request (tags sanitised,
//! strings built, a queue push) cost about 6 µs each, more than the request itself. A
//! [`LoadBatch`] instead keeps, per (step, status, outcome), the number of requests and the
//! latencies seen since the last flush (and per (step, kind) the number of errors), and turns them
//! into lines about once a second and at the end:
//!
//! ```text
//! thumbctl.load.request.count:1234|c|#scenario:url,step:url,method:get,status:200,outcome:expected
//! thumbctl.load.request.latency:0.412:0.388:0.51:...|d|#scenario:url,step:url,method:get,status:200,outcome:expected
//! ```
//!
//! The names, tags and meaning are the same as one line per request: the count line carries the
//! sum, and the distribution line carries every value. Several values on one line (`name:v1:v2|d`)
//! is DogStatsD protocol 1.1, read by the Datadog Agent since 6.25 / 7.25. Lines are cut so each
//! fits in one datagram. With `--timing-type timer` every value gets its own `|ms` line, because
//! classic StatsD servers do not read packed values.

use std::sync::Arc;
use std::time::{Duration, Instant};

use super::prometheus::Prometheus;
use super::LOAD_REQUEST_LATENCY;
use super::{sanitize_value, Reporter, TimingType, LOAD_REQUEST_COUNT, LOAD_REQUEST_ERROR};

/// How often a driver turns what it gathered into lines.
pub(crate) const BATCH_INTERVAL: Duration = Duration::from_secs(1);

/// Requests answered with one status, in one step, since the last flush.
struct Answered {
    step: u32,
    status: u16,
    expected: bool,
    count: u64,
    /// Latencies in microseconds.
    latencies: Vec<u64>,
}

/// Requests of one step that got no answer, of one kind, since the last flush.
struct Failed {
    step: u32,
    kind: &'static str,
    count: u64,
}

/// One driver's load metrics since the last flush. Not shared: each driver owns one.
pub struct LoadBatch {
    reporter: Option<Arc<Reporter>>,
    /// `--pushgateway` / `--prom-textfile`, fed at each flush; with the raw scenario name and
    /// per step (name, method) for its labels.
    prom: Option<Arc<Prometheus>>,
    prom_scenario: String,
    prom_steps: Vec<(String, String)>,
    /// `name:` prefix of every line (namespace included).
    count_name: String,
    latency_name: String,
    error_name: String,
    /// `|#constant,scenario:..,` then per step `step:..,method:..`, sanitised once.
    scenario_tags: String,
    step_tags: Vec<String>,
    answered: Vec<Answered>,
    failed: Vec<Failed>,
    last_flush: Instant,
    line: String,
    values: String,
    tag_text: String,
}

impl super::Metrics {
    /// A per-driver batch for `load`'s request metrics; `steps` are (name, method) by step number.
    /// With metrics off it records nothing.
    pub fn load_batch(&self, scenario: &str, steps: &[(&str, &str)]) -> LoadBatch {
        let prom_steps = || {
            steps
                .iter()
                .map(|(name, method)| (name.to_string(), method.to_string()))
                .collect()
        };
        let Some(r) = &self.reporter else {
            return LoadBatch {
                reporter: None,
                prom: self.prom.clone(),
                prom_scenario: scenario.to_string(),
                prom_steps: if self.prom.is_some() {
                    prom_steps()
                } else {
                    Vec::new()
                },
                count_name: String::new(),
                latency_name: String::new(),
                error_name: String::new(),
                scenario_tags: String::new(),
                step_tags: Vec::new(),
                answered: Vec::new(),
                failed: Vec::new(),
                last_flush: Instant::now(),
                line: String::new(),
                values: String::new(),
                tag_text: String::new(),
            };
        };
        let prefix = if r.settings.prefix.is_empty() {
            String::new()
        } else {
            format!("{}.", r.settings.prefix)
        };
        let mut scenario_tags = String::from("|#");
        for tag in &r.settings.constant_tags {
            scenario_tags.push_str(tag);
            scenario_tags.push(',');
        }
        scenario_tags.push_str("scenario:");
        scenario_tags.push_str(&sanitize_value("scenario", scenario));
        scenario_tags.push_str(",step:");
        let step_tags = steps
            .iter()
            .map(|(name, method)| {
                format!(
                    "{},method:{}",
                    sanitize_value("step", name),
                    sanitize_value("method", method)
                )
            })
            .collect();
        LoadBatch {
            reporter: Some(Arc::clone(r)),
            prom: self.prom.clone(),
            prom_scenario: scenario.to_string(),
            prom_steps: prom_steps(),
            count_name: format!("{prefix}{LOAD_REQUEST_COUNT}:"),
            latency_name: format!("{prefix}{LOAD_REQUEST_LATENCY}:"),
            error_name: format!("{prefix}{LOAD_REQUEST_ERROR}:"),
            scenario_tags,
            step_tags,
            answered: Vec::new(),
            failed: Vec::new(),
            last_flush: Instant::now(),
            line: String::with_capacity(2048),
            values: String::with_capacity(2048),
            tag_text: String::with_capacity(256),
        }
    }
}

impl LoadBatch {
    /// One HTTP request answered: adds to `thumbctl.load.request.count` and
    /// `thumbctl.load.request.latency` of its (step, status, outcome). `now` is when it ended.
    #[inline]
    pub fn request_completed(
        &mut self,
        step: usize,
        status: u16,
        expected: bool,
        latency: Duration,
        now: Instant,
    ) {
        if self.reporter.is_none() && self.prom.is_none() {
            return;
        }
        let step = step as u32;
        let micros = latency.as_micros().min(u128::from(u64::MAX)) as u64;
        match self
            .answered
            .iter_mut()
            .find(|a| a.step == step && a.status == status && a.expected == expected)
        {
            Some(entry) => {
                entry.count += 1;
                entry.latencies.push(micros);
            }
            None => self.answered.push(Answered {
                step,
                status,
                expected,
                count: 1,
                latencies: vec![micros],
            }),
        }
        self.maybe_flush(now);
    }

    /// One HTTP request without an answer: adds to `thumbctl.load.request.error` of (step, kind).
    pub fn request_failed(&mut self, step: usize, kind: &'static str, now: Instant) {
        if self.reporter.is_none() && self.prom.is_none() {
            return;
        }
        let step = step as u32;
        match self
            .failed
            .iter_mut()
            .find(|f| f.step == step && f.kind == kind)
        {
            Some(entry) => entry.count += 1,
            None => self.failed.push(Failed {
                step,
                kind,
                count: 1,
            }),
        }
        self.maybe_flush(now);
    }

    #[inline]
    fn maybe_flush(&mut self, now: Instant) {
        if now.saturating_duration_since(self.last_flush) >= BATCH_INTERVAL {
            self.flush();
        }
    }

    /// Turns everything gathered into lines on the send queue. Also done on drop.
    pub fn flush(&mut self) {
        self.last_flush = Instant::now();
        self.feed_prometheus();
        let Some(r) = self.reporter.clone() else {
            for entry in &mut self.answered {
                entry.count = 0;
                entry.latencies.clear();
            }
            for entry in &mut self.failed {
                entry.count = 0;
            }
            return;
        };
        let max_line = r.settings.endpoint.max_payload();
        let timer = r.settings.timing == TimingType::Timer;
        let mut answered = std::mem::take(&mut self.answered);
        let mut tag_text = std::mem::take(&mut self.tag_text);
        let mut values = std::mem::take(&mut self.values);
        for entry in answered.iter_mut().filter(|a| a.count > 0) {
            tag_text.clear();
            tag_text.push_str(&self.scenario_tags);
            tag_text.push_str(&self.step_tags[entry.step as usize]);
            tag_text.push_str(",status:");
            tag_text.push_str(itoa::Buffer::new().format(entry.status));
            tag_text.push_str(",outcome:");
            tag_text.push_str(if entry.expected {
                "expected"
            } else {
                "unexpected"
            });
            self.line.clear();
            self.line.push_str(&self.count_name);
            self.line.push_str(itoa::Buffer::new().format(entry.count));
            self.line.push_str("|c");
            self.line.push_str(&tag_text);
            r.emit_line(&self.line);

            // Values packed up to what one datagram holds.
            let suffix = if timer { "|ms" } else { "|d" };
            let room = max_line
                .saturating_sub(self.latency_name.len() + suffix.len() + tag_text.len())
                .max(24);
            values.clear();
            for &micros in &entry.latencies {
                if timer {
                    values.clear();
                    values.push_str(itoa::Buffer::new().format((micros + 500) / 1000));
                    self.send_latencies(&r, &values, suffix, &tag_text);
                    continue;
                }
                // At most 20 digits, a point and three decimals.
                if !values.is_empty() && values.len() + 1 + millis_len(micros) > room {
                    self.send_latencies(&r, &values, suffix, &tag_text);
                    values.clear();
                }
                if !values.is_empty() {
                    values.push(':');
                }
                push_millis(&mut values, micros);
            }
            if !values.is_empty() && !timer {
                self.send_latencies(&r, &values, suffix, &tag_text);
            }
            entry.count = 0;
            entry.latencies.clear();
        }
        // The entries (and their buffers) stay for the next second.
        self.answered = answered;
        self.tag_text = tag_text;
        self.values = values;
        for entry in self.failed.iter_mut().filter(|f| f.count > 0) {
            let line = &mut self.line;
            line.clear();
            line.push_str(&self.error_name);
            line.push_str(itoa::Buffer::new().format(entry.count));
            line.push_str("|c");
            line.push_str(&self.scenario_tags);
            let step = &self.step_tags[entry.step as usize];
            // The error metric is tagged (scenario, step, kind): no method.
            line.push_str(step.split(",method:").next().unwrap_or(step));
            line.push_str(",kind:");
            line.push_str(entry.kind);
            r.emit_line(line);
            entry.count = 0;
        }
    }

    /// Adds what was gathered since the last flush to the Prometheus metrics: a label lookup
    /// per (step, status) a second, not per request.
    fn feed_prometheus(&self) {
        let Some(p) = &self.prom else { return };
        let scenario = self.prom_scenario.as_str();
        for entry in self.answered.iter().filter(|a| a.count > 0) {
            let (step, method) = &self.prom_steps[entry.step as usize];
            let outcome = if entry.expected {
                "expected"
            } else {
                "unexpected"
            };
            let status = itoa::Buffer::new().format(entry.status).to_string();
            p.requests
                .with_label_values(&[scenario, step, method, &status, outcome])
                .inc_by(entry.count);
            let latency = p
                .request_seconds
                .with_label_values(&[scenario, step, method]);
            for &micros in &entry.latencies {
                latency.observe(micros as f64 / 1e6);
            }
        }
        for entry in self.failed.iter().filter(|f| f.count > 0) {
            let (step, method) = &self.prom_steps[entry.step as usize];
            // No answer: the error kind (`timeout`, `connect`) stands where the status would be.
            // Whether the step expected it is not known here, as for the DogStatsD error count.
            p.requests
                .with_label_values(&[scenario, step, method, entry.kind, "no_answer"])
                .inc_by(entry.count);
        }
    }

    /// Sends one latency line: the name, `values`, the type and the tags.
    fn send_latencies(&mut self, r: &Reporter, values: &str, suffix: &str, tags: &str) {
        let line = &mut self.line;
        line.clear();
        line.push_str(&self.latency_name);
        line.push_str(values);
        line.push_str(suffix);
        line.push_str(tags);
        r.emit_line(line);
    }
}

/// How many characters `push_millis` writes.
fn millis_len(micros: u64) -> usize {
    let mut digits = 1;
    let mut whole = micros / 1000;
    while whole >= 10 {
        whole /= 10;
        digits += 1;
    }
    let fraction = micros % 1000;
    digits
        + match fraction {
            0 => 0,
            f if f % 100 == 0 => 2,
            f if f % 10 == 0 => 3,
            _ => 4,
        }
}

/// Microseconds as milliseconds with up to three decimals, as `{}` prints `micros / 1000.0`
/// (`412` -> `0.412`, `50000` -> `50`, `1230` -> `1.23`), without going through a float.
fn push_millis(out: &mut String, micros: u64) {
    out.push_str(itoa::Buffer::new().format(micros / 1000));
    let fraction = micros % 1000;
    if fraction > 0 {
        let digits = [
            b'0' + (fraction / 100) as u8,
            b'0' + (fraction / 10 % 10) as u8,
            b'0' + (fraction % 10) as u8,
        ];
        let keep = if digits[2] != b'0' {
            3
        } else if digits[1] != b'0' {
            2
        } else {
            1
        };
        out.push('.');
        out.push_str(std::str::from_utf8(&digits[..keep]).expect("ASCII digits"));
    }
}

impl Drop for LoadBatch {
    fn drop(&mut self) {
        self.flush();
    }
}

#[cfg(test)]
mod tests {
    use std::os::unix::net::UnixDatagram;
    use std::time::{Duration, Instant};

    use super::super::{Endpoint, Metrics, MetricsSettings, TimingType};

    /// Runs `send` against a handle whose datagrams a real Unix socket receives; returns the lines.
    fn lines_received(timing: TimingType, send: impl FnOnce(&Metrics)) -> Vec<String> {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("agent.socket");
        let agent = UnixDatagram::bind(&path).unwrap();
        agent
            .set_read_timeout(Some(Duration::from_millis(500)))
            .unwrap();
        let reader = std::thread::spawn(move || {
            let mut lines = Vec::new();
            let mut buf = vec![0u8; 65536];
            while let Ok(n) = agent.recv(&mut buf) {
                assert!(n <= 8192, "datagram of {n} bytes");
                let text = std::str::from_utf8(&buf[..n]).unwrap();
                lines.extend(text.lines().map(str::to_string));
            }
            lines
        });
        let metrics = Metrics::start(MetricsSettings {
            endpoint: Endpoint::Unix { path },
            prefix: "ci".into(),
            constant_tags: vec!["service:thumbctl".into()],
            timing,
            queue_capacity: 1 << 16,
            finish_timeout: Duration::from_secs(2),
        });
        send(&metrics);
        let summary = metrics.finish();
        assert_eq!(summary.dropped, 0, "{summary:?}");
        reader.join().unwrap()
    }

    fn values_of(line: &str) -> Vec<&str> {
        let (name_values, _) = line.split_once('|').unwrap();
        name_values.split(':').skip(1).collect()
    }

    #[test]
    fn packed_lines_add_up_to_every_request() {
        let lines = lines_received(TimingType::Distribution, |metrics| {
            let mut batch =
                metrics.load_batch("Quick Run", &[("List Users", "GET"), ("b", "POST")]);
            let now = Instant::now();
            for i in 0..5000u64 {
                batch.request_completed(0, 200, true, Duration::from_micros(1000 + i), now);
            }
            batch.request_completed(1, 500, false, Duration::from_micros(50_000), now);
            batch.request_failed(1, "timeout", now);
            batch.request_failed(1, "timeout", now);
            // Two flushes: the sums are per flush, and add up.
            batch.flush();
            batch.request_completed(0, 200, true, Duration::from_micros(412), now);
        });
        let tags = "|#service:thumbctl,scenario:quick_run,step:list_users,method:get,status:200,outcome:expected";
        let count_lines: Vec<&String> = lines
            .iter()
            .filter(|l| l.starts_with("ci.thumbctl.load.request.count:") && l.ends_with(tags))
            .collect();
        let counted: u64 = count_lines
            .iter()
            .map(|l| values_of(l)[0].parse::<u64>().unwrap())
            .sum();
        assert_eq!(counted, 5001, "{count_lines:?}");
        let latency_lines: Vec<&String> = lines
            .iter()
            .filter(|l| l.starts_with("ci.thumbctl.load.request.latency:"))
            .filter(|l| l.ends_with(&tags.replacen("|#", "|d|#", 1)))
            .collect();
        assert!(
            latency_lines.len() > 1,
            "5001 values do not fit one datagram"
        );
        let mut values: Vec<&str> = latency_lines.iter().flat_map(|l| values_of(l)).collect();
        assert_eq!(values.len(), 5001);
        assert!(values.contains(&"1") && values.contains(&"1.001") && values.contains(&"5.999"));
        assert!(values.contains(&"0.412") && values.contains(&"1.01") && values.contains(&"1.1"));
        values.sort();
        values.dedup();
        assert_eq!(values.len(), 5001);
        assert!(lines.contains(&"ci.thumbctl.load.request.count:1|c|#service:thumbctl,scenario:quick_run,step:b,method:post,status:500,outcome:unexpected".to_string()), "{lines:?}");
        assert!(lines.contains(&"ci.thumbctl.load.request.latency:50|d|#service:thumbctl,scenario:quick_run,step:b,method:post,status:500,outcome:unexpected".to_string()));
        assert!(lines.contains(&"ci.thumbctl.load.request.error:2|c|#service:thumbctl,scenario:quick_run,step:b,kind:timeout".to_string()));
    }

    #[test]
    fn timers_get_a_line_per_value() {
        let lines = lines_received(TimingType::Timer, |metrics| {
            let mut batch = metrics.load_batch("s", &[("a", "GET")]);
            for micros in [1_499, 1_500, 20_000] {
                batch.request_completed(
                    0,
                    204,
                    true,
                    Duration::from_micros(micros),
                    Instant::now(),
                );
            }
        });
        let tags = "#service:thumbctl,scenario:s,step:a,method:get,status:204,outcome:expected";
        for expected in [
            format!("ci.thumbctl.load.request.count:3|c|{tags}"),
            format!("ci.thumbctl.load.request.latency:1|ms|{tags}"),
            format!("ci.thumbctl.load.request.latency:2|ms|{tags}"),
            format!("ci.thumbctl.load.request.latency:20|ms|{tags}"),
        ] {
            assert!(lines.contains(&expected), "{expected} not in {lines:#?}");
        }
        assert_eq!(lines.len(), 4, "{lines:#?}");
    }

    #[test]
    fn nothing_is_gathered_with_metrics_off() {
        let mut batch = Metrics::disabled().load_batch("s", &[("a", "GET")]);
        batch.request_completed(0, 200, true, Duration::from_millis(1), Instant::now());
        assert!(batch.answered.is_empty() && batch.reporter.is_none());
    }
}
