//! `--contexts N`: a pool of `IoContext`s, one listener each, sharing one port through
//! `SO_REUSEPORT` (Asio's HTTP server 2, `io_context_pool`: one context per core).
//!
//! The kernel spreads incoming connections over the listeners, and each connection then lives
//! on one context for its whole life: its reads, writes, wake-ups and handlers touch only that
//! context's queue and reactor, so the contexts share nothing on the hot path. `--threads T`
//! still applies, per context (N × T run threads in all).

use std::io;
use std::net::SocketAddr;

use jeton::net::TcpAcceptor;
use jeton::IoContext;
use socket2::{Domain, Socket, Type};

/// Binds `n` listeners on `addr`, all on the port the first one gets, sharing it through
/// `SO_REUSEPORT`.
pub fn bind_shared(addr: SocketAddr, n: usize) -> io::Result<Vec<std::net::TcpListener>> {
    let mut list: Vec<std::net::TcpListener> = Vec::with_capacity(n);
    for _ in 0..n {
        let mut at = addr;
        if let Some(first) = list.first() {
            at.set_port(first.local_addr()?.port());
        }
        let socket = Socket::new(Domain::for_address(at), Type::STREAM, None)?;
        socket.set_reuse_address(true)?;
        socket.set_reuse_port(true)?;
        socket.bind(&at.into())?;
        socket.listen(1024)?;
        list.push(socket.into());
    }
    Ok(list)
}

/// Serves on `n` contexts: `start` is given each context's acceptor (on the shared port of
/// `addr`, printed to stderr), then each context is run by `threads` threads until all of them
/// return.
pub fn serve(
    addr: SocketAddr,
    n: usize,
    threads: usize,
    start: impl Fn(TcpAcceptor),
) -> io::Result<()> {
    let listeners = bind_shared(addr, n)?;
    eprintln!("listening on {}", listeners[0].local_addr()?);
    let mut contexts = Vec::with_capacity(n);
    for listener in listeners {
        // Hint: how many threads run each context (1 for one context per core).
        let io = IoContext::with_concurrency_hint(threads)?;
        start(TcpAcceptor::from_std(&io.executor(), listener)?);
        contexts.push(io);
    }
    std::thread::scope(|s| {
        for io in &contexts {
            for _ in 0..threads {
                s.spawn(|| io.run());
            }
        }
    });
    Ok(())
}
