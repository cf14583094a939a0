//! One HTTP request from code that is not async (the trace agent probe, the Pushgateway push):
//! a current-thread runtime and a client with a time limit, made for that one call.

use std::future::Future;
use std::time::Duration;

/// Runs `request` with a fresh client whose requests give up after `limit`.
pub(crate) fn send<T, F>(
    limit: Duration,
    request: impl FnOnce(reqwest::Client) -> F,
) -> Result<T, String>
where
    F: Future<Output = Result<T, String>>,
{
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .map_err(|e| e.to_string())?;
    runtime.block_on(async {
        let client = reqwest::Client::builder()
            .timeout(limit)
            .build()
            .map_err(|e| e.to_string())?;
        request(client).await
    })
}

/// reqwest's error with its causes: its own message is generic ("error sending request"), the
/// reason (connection refused) is in the chain below it.
pub(crate) fn reason(error: &reqwest::Error) -> String {
    let mut reason = error.to_string();
    let mut cause = std::error::Error::source(error);
    while let Some(inner) = cause {
        reason = format!("{reason}: {inner}");
        cause = inner.source();
    }
    reason
}
