//! Daytime.2 - A synchronous TCP daytime server.
//!
//! Asio's tutorial, second networking step: accept connections one at a time, write the time
//! of day to each, and close it.
//!
//! ```cpp
//! std::string make_daytime_string()
//! {
//!   using namespace std; // For time_t, time and ctime;
//!   time_t now = time(0);
//!   return ctime(&now);
//! }
//!
//! int main()
//! {
//!   asio::io_context io_context;
//!   tcp::acceptor acceptor(io_context, tcp::endpoint(tcp::v4(), 13));
//!
//!   for (;;)
//!   {
//!     tcp::socket socket(io_context);
//!     acceptor.accept(socket);
//!
//!     std::string message = make_daytime_string();
//!
//!     std::error_code ignored_error;
//!     asio::write(socket, asio::buffer(message), ignored_error);
//!   }
//! }
//! ```
//!
//! The mapping:
//!
//! - `tcp::acceptor(io_context, endpoint)` opens, binds and listens: [`TcpAcceptor::bind`].
//! - `acceptor.accept(socket)` fills a socket made beforehand; jeton's
//!   [`accept`](TcpAcceptor::accept) returns the new socket (and the peer's address), like
//!   Asio's move-accept overload `socket = acceptor.accept()`.
//! - `asio::write(socket, buffer(message), ignored_error)` is [`io::write`]`(&socket,
//!   message.as_bytes())`, which returns an `io::Result` that we ignore with `let _ =`.
//! - The socket is closed when it goes out of scope at the end of each iteration, in both
//!   languages: the client reads the message, then end of stream.
//! - No thread runs the context: every call blocks the calling thread.
//!
//! Differences, so the example runs without root and in tests: it listens on `127.0.0.1` (the
//! C++ listens on every IPv4 address, `tcp::v4()`), on the port given as first argument
//! (default 13; 0 picks a free port), and prints `listening on 127.0.0.1:PORT` to stderr.
//! `--count N` makes it exit after N connections; without it, it loops forever as the C++.
//! `ctime` formats the local time; `make_daytime_string` here formats UTC, in the same
//! layout (`"Sat Nov 21 23:40:00 2026\n"`), without `unsafe` calls into the C library.
//!
//! ```text
//! cargo run --example daytime2 -- 1313 --count 1 &
//! cargo run --example daytime1 -- 127.0.0.1 1313
//! ```

use std::error::Error;
use std::net::SocketAddr;

use jeton::io;
use jeton::net::TcpAcceptor;
use jeton::IoContext;

#[path = "daytime/common.rs"]
mod common;
use common::{make_daytime_string, Args};

fn main() -> Result<(), Box<dyn Error>> {
    let args = Args::parse("daytime2");

    let io_context = IoContext::new()?;
    let acceptor = TcpAcceptor::bind(
        &io_context.executor(),
        SocketAddr::from(([127, 0, 0, 1], args.port)),
    )?;
    eprintln!("listening on {}", acceptor.local_addr()?);

    // `for (;;)`, or N times with `--count N`.
    for _ in 0..args.count.unwrap_or(usize::MAX) {
        let (socket, _peer) = acceptor.accept()?;

        let message = make_daytime_string();

        let _ignored_error = io::write(&socket, message.as_bytes());
    }

    Ok(())
}
