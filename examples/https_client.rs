//! HTTPS client: a GET over TLS, coroutine style (feature `tls`).
//!
//! Asio's `ssl/client.cpp` with an HTTP request: resolve the server, connect, perform the
//! client handshake (verifying the server's certificate and name), write the request, then
//! read the response until the server's `close_notify`.
//!
//! ```text
//! https_client HOST PORT PATH [--cafile FILE | --system-roots]
//! ```
//!
//! `--cafile FILE` trusts the CA certificates of a PEM file; `--system-roots` (the default)
//! trusts the operating system's roots. The response (status line, headers, body) goes to
//! stdout exactly as received; errors go to stderr with exit status 1. A server that closes
//! without `close_notify` after a response that says how long it is (`Content-Length`) is
//! accepted, as HTTP clients do; otherwise a truncated stream is an error.
//!
//! ```cpp
//! ssl::context ctx(ssl::context::sslv23);
//! ctx.load_verify_file("ca.pem");
//! client c(io_context, ctx, endpoints);   // connect, handshake, write, read
//! ```
//!
//! The mapping: `ssl::context` is [`ssl::Context`]; `ssl::stream<tcp::socket>` is
//! [`ssl::Stream<TcpSocket>`](ssl::Stream); `set_verify_mode(ssl::verify_peer)` is the default;
//! `set_verify_callback(host_name_verification(host))` and SNI are `set_host_name(host)`; each
//! `async_*` call with [`UseFuture`] is awaited in one future that `io.block_on` drives.

use std::io::Write as _;
use std::process::ExitCode;

use jeton::net::{self, Resolver, TcpSocket};
use jeton::ssl::{self, Role};
use jeton::{error, io, IoContext, UseFuture};

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let (host, port, path, roots) = match args.as_slice() {
        [h, p, path] => (h, p, path, None),
        [h, p, path, flag] if flag == "--system-roots" => (h, p, path, None),
        [h, p, path, flag, file] if flag == "--cafile" => (h, p, path, Some(file.clone())),
        _ => {
            eprintln!("usage: https_client HOST PORT PATH [--cafile FILE | --system-roots]");
            return ExitCode::from(2);
        }
    };
    match get(host, port, path, roots.as_deref()) {
        Ok(response) => {
            let mut out = std::io::stdout().lock();
            let _ = out.write_all(&response).and_then(|()| out.flush());
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("error: {e}");
            ExitCode::from(1)
        }
    }
}

/// Fetches `https://host:port/path` and returns the whole response.
fn get(host: &str, port: &str, path: &str, cafile: Option<&str>) -> std::io::Result<Vec<u8>> {
    let mut ctx = ssl::Context::new();
    match cafile {
        Some(file) => ctx.load_verify_file(file)?,
        None => drop(ctx.set_default_verify_paths()?),
    }
    let io = IoContext::new()?;
    let ex = io.executor();
    io.block_on(async {
        let endpoints = Resolver::new(&ex)
            .async_resolve(host, port, UseFuture)
            .await?;
        let sock = TcpSocket::new(&ex);
        net::async_connect(&sock, endpoints.endpoints(), UseFuture).await?;
        let tls = ssl::Stream::new(sock, &ctx);
        tls.set_host_name(host)?;
        tls.async_handshake(Role::Client, UseFuture).await?;

        let request = format!(
            "GET {path} HTTP/1.1\r\nHost: {host}\r\nAccept: */*\r\nConnection: close\r\n\r\n"
        );
        io::async_write(&tls, request.as_bytes(), UseFuture).await?;

        let mut response = Vec::new();
        let mut chunk = vec![0u8; 16 * 1024];
        loop {
            match tls.async_read_some(&mut chunk[..], UseFuture).await {
                Ok(0) => break, // close_notify
                Ok(n) => response.extend_from_slice(&chunk[..n]),
                Err(e) if error::is_stream_truncated(&e) && is_complete(&response) => break,
                Err(e) => return Err(e),
            }
        }
        Ok(response)
    })
}

/// Returns whether `response` holds its headers and as many body bytes as its
/// `Content-Length` says.
fn is_complete(response: &[u8]) -> bool {
    let Some(end) = response.windows(4).position(|w| w == b"\r\n\r\n") else {
        return false;
    };
    let headers = String::from_utf8_lossy(&response[..end]).to_ascii_lowercase();
    headers
        .lines()
        .find_map(|l| l.strip_prefix("content-length:"))
        .and_then(|v| v.trim().parse::<usize>().ok())
        .is_some_and(|len| response.len() - (end + 4) >= len)
}
