//! The `hyper_server` example on tokio instead of jeton: the same service, the same
//! keep-alive HTTP/1.1 connections, for comparing the two under the same load (`wrk`).
//!
//! ```text
//! hyper_server_tokio [--port P] [--threads N]
//! ```
//!
//! It listens on `127.0.0.1` (`--port` defaults to 0, a free port), prints
//! `listening on 127.0.0.1:PORT` to stdout, and runs a multi-threaded tokio runtime with N
//! worker threads (default 2) until killed. It needs no jeton feature: tokio, hyper and
//! hyper-util's `TokioIo` and `TokioTimer`.

use std::convert::Infallible;
use std::io;

use bytes::Bytes;
use http_body_util::Full;
use hyper::server::conn::http1;
use hyper::service::service_fn;
use hyper::{Request, Response};
use hyper_util::rt::{TokioIo, TokioTimer};

/// The one response.
async fn hello(_req: Request<hyper::body::Incoming>) -> Result<Response<Full<Bytes>>, Infallible> {
    Ok(Response::new(Full::new(Bytes::from_static(
        b"Hello, world!\n",
    ))))
}

fn main() -> io::Result<()> {
    let (port, threads) = parse_args();
    let rt = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(threads)
        .enable_all()
        .build()?;
    rt.block_on(async {
        let listener = tokio::net::TcpListener::bind(("127.0.0.1", port)).await?;
        println!("listening on {}", listener.local_addr()?);
        loop {
            let (sock, _) = listener.accept().await?;
            sock.set_nodelay(true)?;
            tokio::spawn(async move {
                let conn = http1::Builder::new()
                    .timer(TokioTimer::new())
                    .keep_alive(true)
                    .serve_connection(TokioIo::new(sock), service_fn(hello));
                if let Err(e) = conn.await {
                    eprintln!("connection error: {e}");
                }
            });
        }
    })
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
            eprintln!("usage: hyper_server_tokio [--port P] [--threads N]");
            std::process::exit(2);
        }
    }
    (port, threads)
}
