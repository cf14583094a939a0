//! The workshop server of `examples/workshop_server`, started inside the test process for
//! `thumbctl load` to send to; its log says what it saw and answered.
//!
//! Include it only from the test files that run a server:
//!
//! ```ignore
//! #[path = "common/workshop.rs"]
//! mod workshop;
//!
//! let workshop = workshop::Workshop::start();
//! // ... thumbctl load --target <workshop.url> ...
//! assert_eq!(workshop.log.arrival_count(), 12);
//! ```
//!
//! It is not part of `common/mod.rs`, so the tests that need no server do not compile one.
//! A test file can add its own `impl Workshop` block with the ways it reads the log.

#[path = "../../examples/workshop_server/server.rs"]
pub mod server;

use std::sync::Arc;

use server::ServerLog;

/// A workshop server on 127.0.0.1:<free port>, on its own runtime thread.
pub struct Workshop {
    /// `http://127.0.0.1:<port>`, for `--target`.
    pub url: String,
    /// Every request that arrived and every answer sent.
    pub log: Arc<ServerLog>,
}

impl Workshop {
    /// Starts the server and returns once it is listening.
    pub fn start() -> Workshop {
        let log = Arc::new(ServerLog::default());
        let (sender, receiver) = std::sync::mpsc::channel();
        let server_log = Arc::clone(&log);
        std::thread::spawn(move || {
            let runtime = tokio::runtime::Builder::new_multi_thread()
                .worker_threads(2)
                .enable_all()
                .build()
                .unwrap();
            runtime.block_on(async move {
                let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
                sender.send(listener.local_addr().unwrap()).unwrap();
                server::serve(listener, server_log).await;
            });
        });
        let address = receiver.recv().unwrap();
        Workshop {
            url: format!("http://{address}"),
            log,
        }
    }
}
