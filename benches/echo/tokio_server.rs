//! `tokio` style: one task per connection. One context: a current_thread runtime, or with
//! `--server-threads N > 1` a multi_thread runtime with N workers; `--contexts N`: N such
//! runtimes, one per listener, each on its own thread.

use crate::servers::{fail, run_threads, Listeners};
use std::io;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};
use tokio::runtime::{Builder, Runtime};

pub fn serve(listeners: Listeners) -> ! {
    let threads = listeners.threads;
    let runtimes: Vec<(Runtime, std::sync::Mutex<Option<std::net::TcpListener>>)> = listeners
        .list
        .into_iter()
        .map(|l| (runtime(threads), std::sync::Mutex::new(Some(l))))
        .collect();
    // One thread per runtime blocks on its accept loop; a multi_thread runtime's workers
    // run the connections.
    run_threads(&runtimes, 1, |(rt, listener)| {
        let listener = listener.lock().expect("listener lock").take();
        let err = rt.block_on(accept_loop(listener.expect("one accept loop per runtime")));
        fail("tokio accept loop", err)
    })
}

fn runtime(threads: usize) -> Runtime {
    let mut builder = if threads == 1 {
        Builder::new_current_thread()
    } else {
        let mut b = Builder::new_multi_thread();
        b.worker_threads(threads);
        b
    };
    builder
        .enable_io()
        .build()
        .unwrap_or_else(|e| fail("tokio runtime", e))
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
