//! The workshop app's endpoints on your machine, to try `thumbctl load` without the workshop stack:
//!
//! ```sh
//! cargo run --example workshop_server -- --port 3001
//! thumbctl load quick
//! ```

mod server;

use std::sync::Arc;

#[tokio::main]
async fn main() {
    let mut port: u16 = 3001;
    let mut args = std::env::args().skip(1);
    while let Some(arg) = args.next() {
        match (arg.as_str(), args.next()) {
            ("--port", Some(value)) => match value.parse() {
                Ok(value) => port = value,
                Err(_) => {
                    eprintln!("workshop_server: --port `{value}` is not a port number");
                    std::process::exit(2);
                }
            },
            _ => {
                eprintln!("usage: workshop_server [--port PORT]");
                std::process::exit(2);
            }
        }
    }
    let listener = match tokio::net::TcpListener::bind(("127.0.0.1", port)).await {
        Ok(listener) => listener,
        Err(error) => {
            eprintln!("workshop_server: cannot listen on 127.0.0.1:{port}: {error}");
            std::process::exit(1);
        }
    };
    eprintln!("workshop_server: listening on http://127.0.0.1:{port}");
    server::serve(listener, Arc::new(server::ServerLog::default())).await;
}
