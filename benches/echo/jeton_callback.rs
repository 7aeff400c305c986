//! `jeton-callback` style: Asio's `async_tcp_echo_server.cpp`. Each context's threads run
//! `io.run()` (one context, one thread by default); the acceptor re-arms `async_accept` from
//! its own handler, and each session is an `Arc` kept alive by its pending operation,
//! chaining `async_read_some` (owned buffer) -> `async_write` of the bytes read ->
//! `async_read_some`, all with closure handlers.

use crate::servers::{fail, run_threads, Listeners};
use jeton::io::{async_write, OwnedBuf, Slice};
use jeton::net::{TcpAcceptor, TcpSocket};
use jeton::IoContext;
use std::io;
use std::net::SocketAddr;
use std::sync::Arc;

const BUF_SIZE: usize = 16 * 1024;

pub fn serve(listeners: Listeners) -> ! {
    // Asio's peers make io_context(threads): the same concurrency hint.
    let hint = listeners.threads;
    let contexts: Vec<IoContext> = listeners
        .list
        .into_iter()
        .map(|listener| {
            let io =
                IoContext::with_concurrency_hint(hint).unwrap_or_else(|e| fail("io context", e));
            let acceptor = TcpAcceptor::from_std(&io.executor(), listener)
                .unwrap_or_else(|e| fail("acceptor", e));
            do_accept(Arc::new(acceptor));
            io
        })
        .collect();
    run_threads(&contexts, listeners.threads, |io| {
        io.run();
    })
}

/// Accepts one connection, starts its session, and accepts again.
fn do_accept(acceptor: Arc<TcpAcceptor>) {
    let again = acceptor.clone();
    acceptor.async_accept(move |r: io::Result<(TcpSocket, SocketAddr)>| {
        match r {
            Ok((sock, _)) => {
                let _ = sock.set_nodelay(true);
                Arc::new(Session { sock }).do_read(vec![0; BUF_SIZE]);
            }
            Err(e) => eprintln!("jeton-callback echo server: accept: {e}"),
        }
        do_accept(again);
    });
}

/// One connection. Each handler owns the `Arc`, so the session (and its
/// socket) lives exactly as long as an operation is pending on it.
struct Session {
    sock: TcpSocket,
}

impl Session {
    fn do_read(self: Arc<Self>, buf: Vec<u8>) {
        let this = self.clone();
        self.sock
            .async_read_some(buf, move |(r, buf): (io::Result<usize>, Vec<u8>)| {
                if let Ok(n @ 1..) = r {
                    this.do_write(buf, n);
                }
            });
    }

    /// Writes back the first `n` bytes of `buf` (Asio's
    /// `async_write(socket, buffer(data, n), ...)`).
    fn do_write(self: Arc<Self>, buf: Vec<u8>, n: usize) {
        let this = self.clone();
        async_write(
            self.sock.handle(),
            buf.slice(..n),
            move |(r, buf): (io::Result<usize>, Slice<Vec<u8>>)| {
                if r.is_ok() {
                    this.do_read(buf.into_inner());
                }
            },
        );
    }
}
