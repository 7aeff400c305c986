//! A TLS echo server, coroutine style (feature `tls`): every byte received is sent back.
//!
//! Asio's `ssl/server.cpp`: an acceptor, and for each connection a session that performs the
//! server handshake, then reads and writes back until the client leaves.
//!
//! ```text
//! tls_echo_server --cert CHAIN.pem --key KEY.pem [--port P] [--threads N]
//! ```
//!
//! It listens on `127.0.0.1` (`--port` defaults to 0, a free port), prints
//! `listening on 127.0.0.1:PORT` to stdout, and runs one context on N threads (default 1)
//! until killed. Each session ends when the client sends `close_notify` (the server answers
//! with its own) or the connection fails; a failed handshake or session is logged to stderr.
//!
//! ```text
//! cargo run --features tls --example tls_echo_server -- --cert cert.pem --key key.pem --port 4433 &
//! openssl s_client -connect 127.0.0.1:4433 -CAfile cert.pem -quiet
//! ```
//!
//! The mapping: `ssl::context` with `use_certificate_chain_file` and `use_private_key_file` is
//! [`ssl::Context`]; `ssl::stream<tcp::socket>(std::move(socket), ctx)` is
//! [`ssl::Stream::new`]; `async_handshake(ssl::stream_base::server, ..)` is
//! `async_handshake(Role::Server, UseFuture)`; the session's `do_read`/`do_write` chain is a
//! loop in one `co_spawn`ed future per connection.

use std::io;

use jeton::net::{TcpAcceptor, TcpSocket};
use jeton::ssl::{self, Role};
use jeton::{co_spawn, io as jio, Detached, Executor, IoContext, UseFuture};

/// One session: handshake, echo until `close_notify`, then answer with ours.
async fn session(sock: TcpSocket, ctx: ssl::Context) -> io::Result<()> {
    let tls = ssl::Stream::new(sock, &ctx);
    tls.async_handshake(Role::Server, UseFuture).await?;
    let mut buf = vec![0u8; 16 * 1024];
    loop {
        let n = tls.async_read_some(&mut buf[..], UseFuture).await?;
        if n == 0 {
            return tls.async_shutdown(UseFuture).await;
        }
        jio::async_write(&tls, &buf[..n], UseFuture).await?;
    }
}

/// Accepts connections forever, one task each.
async fn accept_loop(acceptor: TcpAcceptor, ctx: ssl::Context, ex: Executor) -> io::Result<()> {
    loop {
        let (sock, peer) = acceptor.async_accept(UseFuture).await?;
        let ctx = ctx.clone();
        co_spawn(
            &ex,
            async move {
                if let Err(e) = session(sock, ctx).await {
                    eprintln!("session with {peer}: {e}");
                }
            },
            Detached,
        );
    }
}

fn main() -> io::Result<()> {
    let args = Args::parse();
    let mut ctx = ssl::Context::new();
    ctx.use_certificate_chain_file(&args.cert)?;
    ctx.use_private_key_file(&args.key)?;

    let io = IoContext::new()?;
    let ex = io.executor();
    let acceptor = TcpAcceptor::bind(&ex, std::net::SocketAddr::from(([127, 0, 0, 1], args.port)))?;
    println!("listening on {}", acceptor.local_addr()?);
    co_spawn(
        &ex,
        accept_loop(acceptor, ctx, ex.clone()),
        |r: io::Result<()>| {
            if let Err(e) = r {
                eprintln!("accept failed: {e}");
            }
        },
    );
    let io = std::sync::Arc::new(io);
    let others: Vec<_> = (1..args.threads)
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

/// The command line.
struct Args {
    cert: String,
    key: String,
    port: u16,
    threads: usize,
}

impl Args {
    fn parse() -> Args {
        let mut args = Args {
            cert: String::new(),
            key: String::new(),
            port: 0,
            threads: 1,
        };
        let mut it = std::env::args().skip(1);
        while let Some(flag) = it.next() {
            let value = it.next();
            let ok = match (flag.as_str(), value) {
                ("--cert", Some(v)) => {
                    args.cert = v;
                    true
                }
                ("--key", Some(v)) => {
                    args.key = v;
                    true
                }
                ("--port", Some(v)) => v.parse().map(|p| args.port = p).is_ok(),
                ("--threads", Some(v)) => v.parse().map(|n: usize| args.threads = n.max(1)).is_ok(),
                _ => false,
            };
            if !ok {
                Args::usage();
            }
        }
        if args.cert.is_empty() || args.key.is_empty() {
            Args::usage();
        }
        args
    }

    fn usage() -> ! {
        eprintln!("usage: tls_echo_server --cert CHAIN.pem --key KEY.pem [--port P] [--threads N]");
        std::process::exit(2);
    }
}
