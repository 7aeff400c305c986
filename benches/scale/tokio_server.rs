//! The tokio peer of the scale run: the example echo server's protocol and buffer size (a
//! 1024-byte read, then write it all back), one task per connection on a current-thread
//! runtime, as the jeton callback and coroutine styles run on one thread.

use tokio::io::{AsyncReadExt, AsyncWriteExt};

/// The example echo server's read size (`examples/echo_server.rs`, `MAX_LENGTH`).
pub const BUF: usize = 1024;

/// Listens on 127.0.0.1, prints `listening on ADDR` on stderr as the examples do, and serves
/// until killed.
pub fn main() -> ! {
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .expect("a tokio runtime");
    runtime.block_on(async {
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
            .await
            .expect("bind");
        eprintln!("listening on {}", listener.local_addr().expect("address"));
        loop {
            match listener.accept().await {
                Ok((mut stream, _)) => {
                    tokio::spawn(async move {
                        let mut buf = vec![0u8; BUF];
                        while let Ok(n @ 1..) = stream.read(&mut buf).await {
                            if stream.write_all(&buf[..n]).await.is_err() {
                                break;
                            }
                        }
                    });
                }
                Err(e) => {
                    eprintln!("accept: {e}");
                    tokio::time::sleep(std::time::Duration::from_millis(100)).await;
                }
            }
        }
    })
}
