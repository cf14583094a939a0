//! Reports and scripts on stdout.
//!
//! A closed stdout (`thumbctl completions bash | head -1`) is a normal end: the reader has what it
//! wanted. Rust ignores SIGPIPE, so instead of the process being stopped by the signal, as a C
//! tool would be, the write fails with `BrokenPipe`; that counts as success here, as in ripgrep
//! (which exits 0), and is never worth a message.

use std::io::{self, Write};

use crate::{logging, ExitCode};

/// Writes all of `bytes` and flushes. A closed pipe is `Ok`.
pub(crate) fn write(bytes: &[u8]) -> io::Result<()> {
    let mut stdout = io::stdout().lock();
    match stdout.write_all(bytes).and_then(|()| stdout.flush()) {
        Err(err) if err.kind() == io::ErrorKind::BrokenPipe => Ok(()),
        other => other,
    }
}

/// Writes `text` for a command whose output is its result (a report, a script). Any failure but
/// a closed pipe (a full disk behind `> file`) is said on stderr and is exit code 1.
pub(crate) fn print(text: impl AsRef<[u8]>) -> Result<(), ExitCode> {
    write(text.as_ref()).map_err(|err| {
        logging::error(format_args!("cannot write to stdout: {err}"));
        ExitCode::SomeFailed
    })
}
