//! An HTTP/1.1 server on hyper, with jeton as its runtime (feature `hyper`).
//!
//! ```text
//! hyper_server [--port P] [--threads N]
//! ```
//!
//! Every request gets the same small response (`Hello, world!`), over keep-alive connections.
//! The server listens on `127.0.0.1` (`--port` defaults to 0, a free port) and prints
//! `listening on 127.0.0.1:PORT` to stdout; `--threads N` (default 2) runs the one context on N
//! threads. It runs until killed.
//!
//! What jeton provides: the socket is a jeton `TcpSocket`, which implements
//! `hyper::rt::{Read, Write}` itself; hyper's timer is [`HyperTimer`]; each connection is a
//! task started with `co_spawn`. There is no tokio runtime: `examples/hyper_server_tokio.rs` is
//! the same server on tokio, for comparison.
//!
//! ```text
//! cargo run --release --features hyper --example hyper_server -- --port 8080 &
//! curl http://127.0.0.1:8080/
//! Hello, world!
//! ```

use std::convert::Infallible;
use std::io;

use bytes::Bytes;
use http_body_util::Full;
use hyper::server::conn::http1;
use hyper::service::service_fn;
use hyper::{Request, Response};
use jeton::hyper::HyperTimer;
use jeton::net::{TcpAcceptor, TcpSocket};
use jeton::{co_spawn, Detached, Executor, IoContext, UseFuture};

/// The one response.
async fn hello(_req: Request<hyper::body::Incoming>) -> Result<Response<Full<Bytes>>, Infallible> {
    Ok(Response::new(Full::new(Bytes::from_static(
        b"Hello, world!\n",
    ))))
}

/// Serves one connection until the client closes it.
async fn serve(sock: TcpSocket, ex: Executor) {
    let conn = http1::Builder::new()
        .timer(HyperTimer::new(&ex))
        .keep_alive(true)
        .serve_connection(sock, service_fn(hello));
    if let Err(e) = conn.await {
        eprintln!("connection error: {e}");
    }
}

/// Accepts connections forever, one task each.
async fn accept_loop(acceptor: TcpAcceptor, ex: Executor) -> io::Result<()> {
    loop {
        let (sock, _) = acceptor.async_accept(UseFuture).await?;
        sock.set_nodelay(true)?;
        co_spawn(&ex, serve(sock, ex.clone()), Detached);
    }
}

fn main() -> io::Result<()> {
    let (port, threads) = parse_args();
    let io = IoContext::new()?;
    let ex = io.executor();
    let acceptor = TcpAcceptor::bind(&ex, std::net::SocketAddr::from(([127, 0, 0, 1], port)))?;
    println!("listening on {}", acceptor.local_addr()?);
    co_spawn(
        &ex,
        accept_loop(acceptor, ex.clone()),
        |r: io::Result<()>| {
            if let Err(e) = r {
                eprintln!("accept failed: {e}");
            }
        },
    );
    // The accept loop never ends, so run() never runs out of work.
    let io = std::sync::Arc::new(io);
    let others: Vec<_> = (1..threads)
        .map(|_| {
            let io = io.clone();
            std::thread::spawn(move || io.run())
        })
        .collect();
    io.run();
    for t in others {
        let _ = t.join();
    }
    Ok(())
}

/// `--port P` and `--threads N`.
fn parse_args() -> (u16, usize) {
    let (mut port, mut threads) = (0u16, 2usize);
    let mut it = std::env::args().skip(1);
    while let Some(flag) = it.next() {
        let value = it.next();
        let ok = match (flag.as_str(), value.as_deref()) {
            ("--port", Some(v)) => v.parse().map(|p| port = p).is_ok(),
            ("--threads", Some(v)) => v.parse().map(|n: usize| threads = n.max(1)).is_ok(),
            _ => false,
        };
        if !ok {
            eprintln!("usage: hyper_server [--port P] [--threads N]");
            std::process::exit(2);
        }
    }
    (port, threads)
}
