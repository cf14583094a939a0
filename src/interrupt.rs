//! Ctrl-C (and SIGTERM) for both subcommands, the same way: the first asks the work to stop
//! taking new items (resize starts no new source, load sends no new request); the work then
//! finishes what is in flight, flushes its metrics, reports and exits 130. A second one quits at
//! once, also with 130, for a user who will not wait.

use std::sync::atomic::{AtomicU32, Ordering};
use std::sync::OnceLock;

use tokio::sync::watch;

use crate::ExitCode;

/// Signals received so far.
static SIGNALS: AtomicU32 = AtomicU32::new(0);
/// Flips to true on the first signal; async code (`load`) waits on it with `changed()`.
static STOPPED: OnceLock<watch::Sender<bool>> = OnceLock::new();

fn stopped() -> &'static watch::Sender<bool> {
    STOPPED.get_or_init(|| watch::channel(false).0)
}

/// Installs the handler once per process (later calls do nothing). `on_first` is logged as a
/// warning on the first signal: what the subcommand is still finishing.
pub(crate) fn install(on_first: &'static str) {
    static INSTALL: std::sync::Once = std::sync::Once::new();
    INSTALL.call_once(|| {
        let stopped = stopped();
        // ctrlc runs the handler on a thread of its own, not in the signal handler, so it may
        // log and exit.
        let handler = move || {
            if SIGNALS.fetch_add(1, Ordering::SeqCst) == 0 {
                tracing::warn!("{on_first} (Ctrl-C again to quit now)");
                stopped.send_replace(true);
            } else {
                std::process::exit(i32::from(ExitCode::Interrupted));
            }
        };
        if let Err(err) = ctrlc::set_handler(handler) {
            tracing::warn!("cannot install the Ctrl-C handler: {err}");
        }
    });
}

/// True once Ctrl-C (or SIGTERM) has been received.
pub(crate) fn interrupted() -> bool {
    SIGNALS.load(Ordering::SeqCst) > 0
}

/// A receiver that turns true on the first Ctrl-C, for code that waits with `changed()`.
pub(crate) fn watch() -> watch::Receiver<bool> {
    stopped().subscribe()
}
