//! `jeton-coroutine` style: Asio's `echo_server.cpp` (C++20 coroutines). Each context's
//! threads run `io.run()` (one context, one thread by default); a listener task per context
//! awaits `async_accept` and `co_spawn`s one task per connection, which awaits
//! `async_read_some` and `async_write` (both `UseFuture`) in a loop.

use crate::servers::{fail, run_threads, Listeners};
use jeton::io::async_write;
use jeton::net::{TcpAcceptor, TcpSocket};
use jeton::{co_spawn, Detached, Executor, IoContext, UseFuture};
use std::io;

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
            let ex = io.executor();
            let acceptor =
                TcpAcceptor::from_std(&ex, listener).unwrap_or_else(|e| fail("acceptor", e));
            co_spawn(&ex, listen(ex.clone(), acceptor), Detached);
            io
        })
        .collect();
    run_threads(&contexts, listeners.threads, |io| {
        io.run();
    })
}

async fn listen(ex: Executor, acceptor: TcpAcceptor) {
    loop {
        match acceptor.async_accept(UseFuture).await {
            Ok((sock, _)) => {
                let _ = sock.set_nodelay(true);
                co_spawn(&ex, echo(sock), Detached);
            }
            Err(e) => eprintln!("jeton-coroutine echo server: accept: {e}"),
        }
    }
}

/// Echoes until end of stream or an error.
async fn echo(sock: TcpSocket) -> io::Result<()> {
    let mut buf = vec![0u8; BUF_SIZE];
    loop {
        let n = sock.async_read_some(&mut buf[..], UseFuture).await?;
        if n == 0 {
            return Ok(());
        }
        async_write(&sock, &buf[..n], UseFuture).await?;
    }
}
