//! HTTP server - Asio's `cpp11/http/server`: an HTTP/1.0 server of static files, with a
//! request parser, a connection manager, and a clean shutdown on SIGINT, SIGTERM or SIGQUIT
//! through a signal set that stops the acceptor and closes every connection.
//!
//! ```cpp
//! server::server(const std::string& address, const std::string& port,
//!     const std::string& doc_root)
//!   : io_context_(1),
//!     signals_(io_context_),
//!     acceptor_(io_context_),
//!     connection_manager_(),
//!     request_handler_(doc_root)
//! {
//!   signals_.add(SIGINT);
//!   signals_.add(SIGTERM);
//!   signals_.add(SIGQUIT);
//!   do_await_stop();
//!   ...
//!   do_accept();
//! }
//!
//! void server::do_await_stop()
//! {
//!   signals_.async_wait(
//!       [this](std::error_code /*ec*/, int /*signo*/)
//!       {
//!         acceptor_.close();
//!         connection_manager_.stop_all();
//!       });
//! }
//! ```
//!
//! Usage: `http_server <address> <port> <doc_root> [--threads N]`. Port 0 picks a free port;
//! the server prints `http_server: listening on ADDRESS:PORT` on stderr once it listens (not
//! in Asio's). With `--threads N`, N threads run the context, as Asio's `http/server3`; each
//! connection is one chain of operations, so its handlers never run at once.
//!
//! The files, as Asio's: `server.rs`, `connection.rs`, `connection_manager.rs`,
//! `request.rs`, `request_parser.rs`, `request_handler.rs`, `reply.rs`, `mime_types.rs`. The
//! differences:
//!
//! - The request parser limits a request to 16 KiB and 64 headers (Asio's has no limit): a
//!   longer one is answered `400 Bad Request`.
//! - `this` captured by the C++ handlers is an `Arc` to the connection or the manager, as
//!   `shared_from_this()` in `connection.cpp`.
//! - With several threads, a connection accepted while the server stops is closed by the
//!   manager at once (Asio's single-threaded server cannot see that order).

mod connection;
mod connection_manager;
mod mime_types;
mod reply;
mod request;
mod request_handler;
mod request_parser;
mod server;

use std::path::Path;
use std::process::ExitCode;

use server::Server;

const USAGE: &str = "Usage: http_server <address> <port> <doc_root> [--threads N]
  For IPv4, try:
    http_server 0.0.0.0 80 .
  For IPv6, try:
    http_server 0::0 80 .";

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let (addr, port, doc_root, threads) = match &args[..] {
        [a, p, d] => (a, p, d, 1),
        [a, p, d, flag, n] if flag == "--threads" => match n.parse::<usize>() {
            Ok(n) if n > 0 => (a, p, d, n),
            _ => {
                eprintln!("{USAGE}");
                return ExitCode::FAILURE;
            }
        },
        _ => {
            eprintln!("{USAGE}");
            return ExitCode::FAILURE;
        }
    };
    // Initialise the server.
    let server = match Server::new(addr, port, Path::new(doc_root), threads) {
        Ok(server) => server,
        Err(e) => {
            eprintln!("exception: {e}");
            return ExitCode::FAILURE;
        }
    };
    match server.local_addr() {
        Ok(local) => eprintln!("http_server: listening on {local}"),
        Err(e) => {
            eprintln!("exception: {e}");
            return ExitCode::FAILURE;
        }
    }
    // Run the server until stopped.
    server.run();
    ExitCode::SUCCESS
}
