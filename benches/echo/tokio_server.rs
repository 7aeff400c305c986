//! `tokio` style: current_thread runtime, one task per connection.

use std::io;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};

pub fn serve(listener: std::net::TcpListener) -> ! {
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_io()
        .build()
        .unwrap_or_else(|e| crate::servers::fail("tokio runtime", e));
    let err = runtime.block_on(accept_loop(listener));
    crate::servers::fail("tokio accept loop", err)
}

/// Accepts forever; returns only the error that stopped it.
async fn accept_loop(listener: std::net::TcpListener) -> io::Error {
    let listener = match listener
        .set_nonblocking(true)
        .and_then(|()| TcpListener::from_std(listener))
    {
        Ok(l) => l,
        Err(e) => return e,
    };
    loop {
        match listener.accept().await {
            Ok((stream, _)) => {
                tokio::spawn(echo(stream));
            }
            Err(e) => eprintln!("tokio echo server: accept: {e}"),
        }
    }
}

async fn echo(mut stream: TcpStream) {
    let _ = stream.set_nodelay(true);
    let mut buf = vec![0u8; 16 * 1024];
    loop {
        match stream.read(&mut buf).await {
            Ok(0) | Err(_) => return,
            Ok(n) => {
                if stream.write_all(&buf[..n]).await.is_err() {
                    return;
                }
            }
        }
    }
}
