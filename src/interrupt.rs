//! Ctrl-C handling shared by the subcommands: the first Ctrl-C (or SIGTERM) asks the work to stop
//! taking new items; the work then finishes cleanly, reports and exits 130.

use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Once;

static INTERRUPTED: AtomicBool = AtomicBool::new(false);
static INSTALL: Once = Once::new();

/// Installs the handler once per process. Safe to call more than once.
pub fn install() {
    INSTALL.call_once(|| {
        if let Err(err) = ctrlc::set_handler(|| INTERRUPTED.store(true, Ordering::SeqCst)) {
            tracing::warn!("cannot install the Ctrl-C handler: {err}");
        }
    });
}

/// True once Ctrl-C (or SIGTERM) has been received.
pub fn interrupted() -> bool {
    INTERRUPTED.load(Ordering::SeqCst)
}
