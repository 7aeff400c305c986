//! `jeton-blocking` style: Asio's `blocking_tcp_echo_server.cpp`. Blocking
//! `accept` on the main thread, one OS thread per connection doing blocking
//! `read_some`/`write_some` (the `Blocking` token). No thread runs the
//! context: blocking calls wait on their own thread (G14).

use jeton::net::{TcpAcceptor, TcpSocket};
use jeton::IoContext;
use std::io;

const BUF_SIZE: usize = 16 * 1024;

pub fn serve(listener: std::net::TcpListener) -> ! {
    let io = IoContext::new().unwrap_or_else(|e| crate::servers::fail("io context", e));
    let acceptor = TcpAcceptor::from_std(&io.executor(), listener)
        .unwrap_or_else(|e| crate::servers::fail("acceptor", e));
    loop {
        match acceptor.accept() {
            Ok((sock, _)) => {
                std::thread::spawn(move || session(sock));
            }
            Err(e) => eprintln!("jeton-blocking echo server: accept: {e}"),
        }
    }
}

fn session(sock: TcpSocket) {
    let _ = sock.set_nodelay(true);
    let _ = echo(&sock);
}

/// Echoes until end of stream or an error.
fn echo(sock: &TcpSocket) -> io::Result<()> {
    let mut buf = vec![0u8; BUF_SIZE];
    loop {
        let n = sock.read_some(&mut buf)?;
        if n == 0 {
            return Ok(());
        }
        let mut sent = 0;
        while sent < n {
            sent += sock.write_some(&buf[sent..n])?;
        }
    }
}
