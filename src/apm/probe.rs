//! Whether the trace agent can take spans: one `GET /info` on a thread of its own when the
//! tracer starts, so a missing agent is said once, at once, and the run never waits for it.

use std::sync::mpsc;
use std::sync::Mutex;
use std::time::Duration;

/// How long the agent has to answer `/info`. It answers in milliseconds when it is there.
const ANSWER_LIMIT: Duration = Duration::from_secs(1);

pub(super) struct Probe {
    result: Mutex<Option<mpsc::Receiver<Result<(), String>>>>,
    /// The answer once read (a summary may ask twice).
    known: Mutex<Option<bool>>,
}

impl Probe {
    pub(super) fn start(agent_url: &str) -> Probe {
        let (sender, receiver) = mpsc::channel();
        let url = agent_url.to_string();
        let spawned = std::thread::Builder::new()
            .name("thumbctl-apm-probe".into())
            .spawn(move || {
                let result = ask_info(&url);
                if let Err(reason) = &result {
                    warn_unreachable(&url, reason);
                }
                let _ = sender.send(result);
            });
        if spawned.is_err() {
            return Probe {
                result: Mutex::new(None),
                known: Mutex::new(Some(false)),
            };
        }
        Probe {
            result: Mutex::new(Some(receiver)),
            known: Mutex::new(None),
        }
    }

    /// Waits (at most the answer limit, which has mostly passed by the end of a run) for the
    /// probe's answer.
    pub(super) fn wait_reachable(&self) -> bool {
        let mut known = self.known.lock().unwrap_or_else(|e| e.into_inner());
        if let Some(known) = *known {
            return known;
        }
        let receiver = self.result.lock().unwrap_or_else(|e| e.into_inner()).take();
        let reachable = receiver
            .and_then(|r| {
                r.recv_timeout(ANSWER_LIMIT + Duration::from_millis(200))
                    .ok()
            })
            .is_some_and(|r| r.is_ok());
        *known = Some(reachable);
        reachable
    }
}

fn warn_unreachable(url: &str, reason: &str) {
    tracing::warn!(
        "traces: cannot send to the trace agent at {url}: {reason}; spans are dropped (the run \
         itself is not affected; the summary counts what was dropped)"
    );
}

/// `GET /info`: Ok when the agent answers 2xx within the limit.
fn ask_info(url: &str) -> Result<(), String> {
    crate::one_request::send(ANSWER_LIMIT, |client| async move {
        let info = format!("{}/info", url.trim_end_matches('/'));
        match client.get(&info).send().await {
            Ok(answer) if answer.status().is_success() => Ok(()),
            Ok(answer) => Err(format!("it answered HTTP {}", answer.status().as_u16())),
            Err(e) if e.is_timeout() => {
                Err(format!("no answer within {} s", ANSWER_LIMIT.as_secs()))
            }
            Err(e) => Err(crate::one_request::reason(&e)),
        }
    })
}
