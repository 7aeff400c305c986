//! Helpers for the networking tests: the watchdog (`watchdog.rs`), loopback pairs, test data, and loops of
//! `read_some`/`write_some` (the composed operations are tested elsewhere).
#![allow(dead_code)]

use std::io;
use std::net::SocketAddr;

use jeton::net::{TcpAcceptor, TcpSocket};
use jeton::{Executor, UseFuture};

#[path = "watchdog.rs"]
mod watchdog;
#[allow(unused_imports)] // not every test binary names the guard's type
pub use watchdog::{watchdog, Watchdog};

/// 127.0.0.1 with port 0 (any free port).
pub fn loopback() -> SocketAddr {
    "127.0.0.1:0".parse().expect("valid address")
}

/// `n` bytes of a pattern that does not repeat every 256 bytes.
pub fn pattern(n: usize) -> Vec<u8> {
    (0..n).map(|i| (i * 7 + i / 251) as u8).collect()
}

/// The payload sizes of the echo tests: 1 B, 1 KiB, 64 KiB, 1 MiB.
pub const SIZES: [usize; 4] = [1, 1024, 64 * 1024, 1024 * 1024];

/// A connected pair on loopback: `(client, server)`, both on `ex`.
pub fn pair(ex: &Executor) -> (TcpSocket, TcpSocket) {
    let acceptor = TcpAcceptor::bind(ex, loopback()).expect("bind");
    let client = TcpSocket::new(ex);
    client
        .connect(acceptor.local_addr().expect("addr"))
        .expect("connect");
    let (server, _) = acceptor.accept().expect("accept");
    (client, server)
}

/// An address where nothing listens: a listener's port, after the listener is closed.
pub fn refused_addr() -> SocketAddr {
    let l = std::net::TcpListener::bind(loopback()).expect("bind");
    let addr = l.local_addr().expect("addr");
    drop(l);
    addr
}

/// Writes all of `data` with blocking `write_some` calls.
pub fn write_all(sock: &TcpSocket, mut data: &[u8]) -> io::Result<()> {
    while !data.is_empty() {
        let n = sock.write_some(data)?;
        data = &data[n..];
    }
    Ok(())
}

/// Reads until end of stream with blocking `read_some` calls.
pub fn read_to_end(sock: &TcpSocket) -> io::Result<Vec<u8>> {
    let mut out = Vec::new();
    let mut buf = vec![0u8; 64 * 1024];
    loop {
        let n = sock.read_some(&mut buf)?;
        if n == 0 {
            return Ok(out);
        }
        out.extend_from_slice(&buf[..n]);
    }
}

/// Echoes until end of stream with blocking calls; returns the bytes echoed.
pub fn echo_blocking(sock: &TcpSocket) -> io::Result<usize> {
    let mut buf = vec![0u8; 64 * 1024];
    let mut total = 0;
    loop {
        let n = sock.read_some(&mut buf)?;
        if n == 0 {
            return Ok(total);
        }
        write_all(sock, &buf[..n])?;
        total += n;
    }
}

/// Writes all of `data` with `async_write_some(UseFuture)`.
pub async fn write_all_async(sock: &TcpSocket, mut data: &[u8]) -> io::Result<()> {
    while !data.is_empty() {
        let n = sock.async_write_some(data, UseFuture).await?;
        data = &data[n..];
    }
    Ok(())
}

/// Reads until end of stream with `async_read_some(UseFuture)`.
pub async fn read_to_end_async(sock: &TcpSocket) -> io::Result<Vec<u8>> {
    let mut out = Vec::new();
    let mut buf = vec![0u8; 64 * 1024];
    loop {
        let n = sock.async_read_some(&mut buf[..], UseFuture).await?;
        if n == 0 {
            return Ok(out);
        }
        out.extend_from_slice(&buf[..n]);
    }
}

/// Echoes until end of stream with `UseFuture` operations; returns the bytes echoed.
pub async fn echo_async(sock: &TcpSocket) -> io::Result<usize> {
    let mut buf = vec![0u8; 64 * 1024];
    let mut total = 0;
    loop {
        let n = sock.async_read_some(&mut buf[..], UseFuture).await?;
        if n == 0 {
            return Ok(total);
        }
        write_all_async(sock, &buf[..n]).await?;
        total += n;
    }
}

/// A client round trip with futures: writes `data` then shuts down the writing side, while
/// reading everything back (full duplex); returns what was read.
pub async fn round_trip_async(sock: &TcpSocket, data: &[u8]) -> io::Result<Vec<u8>> {
    let write = async {
        write_all_async(sock, data).await?;
        sock.shutdown(std::net::Shutdown::Write)
    };
    let (w, r) = futures::join!(write, read_to_end_async(sock));
    w?;
    r
}
