//! The Boost book's coroutine time server ("The Boost C++ Libraries", ch. 32, Coroutines):
//! a stackful coroutine accepts two connections and, for each, spawns a coroutine that writes
//! the current time and closes the connection.
//!
//! ```cpp
//! io_service ioservice;
//! tcp::endpoint tcp_endpoint{tcp::v4(), 2014};
//! tcp::acceptor tcp_acceptor{ioservice, tcp_endpoint};
//! std::list<tcp::socket> tcp_sockets;
//!
//! void do_write(tcp::socket &tcp_socket, yield_context yield)
//! {
//!   std::time_t now = std::time(nullptr);
//!   std::string data = std::ctime(&now);
//!   async_write(tcp_socket, buffer(data), yield);
//!   tcp_socket.shutdown(tcp::socket::shutdown_send);
//! }
//!
//! void do_accept(yield_context yield)
//! {
//!   for (int i = 0; i < 2; ++i)
//!   {
//!     tcp_sockets.emplace_back(ioservice);
//!     tcp_acceptor.async_accept(tcp_sockets.back(), yield);
//!     spawn(ioservice, [](yield_context yield)
//!       { do_write(tcp_sockets.back(), yield); });
//!   }
//! }
//!
//! int main()
//! {
//!   tcp_acceptor.listen();
//!   spawn(ioservice, do_accept);
//!   ioservice.run();
//! }
//! ```
//!
//! The mapping:
//!
//! - `spawn(ioservice, do_accept)` is [`spawn`]`(&ex, |y| do_accept(..), token)`: jeton's
//!   `spawn` always takes a completion token; here a closure that reports the accept loop's
//!   error and resumes its panic, if any (the book's version has none, and an exception would
//!   end the program).
//! - `yield_context yield` is `y: &YieldContext`, passed as the token of `async_accept` and
//!   `async_write`: each call suspends the coroutine until the operation completes and returns
//!   its result (an `io::Result`, where the book's version throws).
//! - The global `std::list<tcp::socket>` keeps the sockets alive for the writers; here each
//!   accepted socket moves into its writer's closure.
//! - `shutdown(shutdown_send)` is [`shutdown`](jeton::net::TcpSocket::shutdown)`(Write)`; the
//!   socket is closed when its writer returns.
//!
//! Differences, so the example runs in tests: it listens on `127.0.0.1` (the book listens on
//! every IPv4 address), on the port given as first argument (default 2014, as in the book; 0
//! picks a free port), and prints `listening on 127.0.0.1:PORT` to stderr. `ctime` formats the
//! local time; this formats UTC, in the same layout (`"Sat Nov 21 23:40:00 2026\n"`). After
//! the two connections, `run()` runs out of work and the program exits, as the book's does.
//!
//! ```text
//! cargo run --example spawn_time_server -- 2014 &
//! cargo run --example daytime1 -- 127.0.0.1 2014
//! ```

use std::error::Error;
use std::io;
use std::net::{Shutdown, SocketAddr};

use jeton::net::{TcpAcceptor, TcpSocket};
use jeton::{spawn, Detached, IoContext, YieldContext};

#[path = "daytime/common.rs"]
#[allow(dead_code)] // The daytime servers' command line is not this one's.
mod common;

use common::make_daytime_string;

/// Writes the time of day to the client, then shuts the connection down for sending.
fn do_write(socket: &TcpSocket, y: &YieldContext) -> io::Result<()> {
    let data = make_daytime_string();
    jeton::io::async_write(socket, data.as_bytes(), y)?;
    socket.shutdown(Shutdown::Write)
}

/// Accepts two connections; spawns a writer coroutine for each.
fn do_accept(acceptor: &TcpAcceptor, y: &YieldContext) -> io::Result<()> {
    for _ in 0..2 {
        let (socket, _peer) = acceptor.async_accept(y)?;
        spawn(
            y.executor(),
            move |y: &YieldContext| do_write(&socket, y),
            Detached,
        );
    }
    Ok(())
}

fn main() -> Result<(), Box<dyn Error>> {
    let port = match std::env::args().nth(1).map(|p| p.parse::<u16>()) {
        None => 2014,
        Some(Ok(port)) => port,
        Some(Err(_)) => {
            eprintln!("Usage: spawn_time_server [port]");
            std::process::exit(1);
        }
    };
    let ioservice = IoContext::new()?;
    let acceptor = TcpAcceptor::bind(
        &ioservice.executor(),
        SocketAddr::from(([127, 0, 0, 1], port)),
    )?;
    eprintln!("listening on {}", acceptor.local_addr()?);
    spawn(
        &ioservice.executor(),
        move |y: &YieldContext| do_accept(&acceptor, y),
        |r: std::thread::Result<io::Result<()>>| match r {
            Ok(Ok(())) => {}
            Ok(Err(e)) => eprintln!("accept: {e}"),
            Err(panic) => std::panic::resume_unwind(panic),
        },
    );
    ioservice.run();
    Ok(())
}
