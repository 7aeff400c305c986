//! `jeton-stackful` style: the echo loop of Asio's `spawn/echo_server.cpp` (stackful
//! coroutines), without its idle timer, so that it does the same work as `jeton-coroutine`.
//! One thread runs `io.run()`; an accept-loop coroutine `spawn`s one coroutine per
//! connection, which calls `async_read_some` and `async_write` with its `YieldContext` (a
//! buffer on the coroutine's stack) in a loop.

use jeton::io::async_write;
use jeton::net::{TcpAcceptor, TcpSocket};
use jeton::{spawn, Detached, IoContext, YieldContext};
use std::io;

const BUF_SIZE: usize = 16 * 1024;

pub fn serve(listener: std::net::TcpListener) -> ! {
    // One thread runs it: concurrency hint 1, as Asio's peers' io_context(threads).
    let io = IoContext::with_concurrency_hint(1)
        .unwrap_or_else(|e| crate::servers::fail("io context", e));
    let ex = io.executor();
    let acceptor = TcpAcceptor::from_std(&ex, listener)
        .unwrap_or_else(|e| crate::servers::fail("acceptor", e));
    spawn(&ex, move |y: &YieldContext| listen(&acceptor, y), Detached);
    io.run();
    crate::servers::fail("jeton-stackful", "io.run() returned")
}

fn listen(acceptor: &TcpAcceptor, y: &YieldContext) {
    loop {
        match acceptor.async_accept(y) {
            Ok((sock, _)) => {
                let _ = sock.set_nodelay(true);
                spawn(
                    y.executor(),
                    move |y: &YieldContext| echo(&sock, y),
                    Detached,
                );
            }
            Err(e) => eprintln!("jeton-stackful echo server: accept: {e}"),
        }
    }
}

/// Echoes until end of stream or an error.
fn echo(sock: &TcpSocket, y: &YieldContext) -> io::Result<()> {
    let mut buf = [0u8; BUF_SIZE];
    loop {
        let n = sock.async_read_some(&mut buf[..], y)?;
        if n == 0 {
            return Ok(());
        }
        async_write(sock, &buf[..n], y)?;
    }
}
