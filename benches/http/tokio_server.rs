//! The peer: a static-file HTTP/1.0 server on tokio doing the http_server example's job the
//! same way (read the request up to its blank line within 16 KiB, check the path, read the
//! file, write status line, headers and content, shut down, close), for `wrk` to compare.

use std::io;
use std::net::SocketAddr;
use std::path::PathBuf;
use std::sync::Arc;

use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};

const MAX_REQUEST: usize = 16 * 1024;

/// Serves `root` on `listener` until `stop` resolves.
pub async fn serve(
    listener: TcpListener,
    root: PathBuf,
    stop: tokio::sync::oneshot::Receiver<()>,
) -> io::Result<()> {
    let root = Arc::new(root);
    tokio::pin!(stop);
    loop {
        tokio::select! {
            _ = &mut stop => return Ok(()),
            accepted = listener.accept() => {
                if let Ok((sock, _)) = accepted {
                    let root = root.clone();
                    tokio::spawn(async move { let _ = connection(sock, &root).await; });
                }
            }
        }
    }
}

async fn connection(mut sock: TcpStream, root: &std::path::Path) -> io::Result<()> {
    let mut buf = Vec::with_capacity(8192);
    let mut chunk = [0u8; 8192];
    let end = loop {
        let n = sock.read(&mut chunk).await?;
        if n == 0 {
            return Ok(());
        }
        buf.extend_from_slice(&chunk[..n]);
        if let Some(at) = buf.windows(4).position(|w| w == b"\r\n\r\n") {
            break Some(at);
        }
        if buf.len() > MAX_REQUEST {
            break None;
        }
    };
    let reply = match end.and_then(|at| request_path(&buf[..at])) {
        None => reply(
            "400 Bad Request",
            "text/html",
            b"<h1>400 Bad Request</h1>".to_vec(),
        ),
        Some(path) => match std::fs::read(root.join(&path[1..])) {
            Ok(content) => reply("200 OK", content_type(&path), content),
            Err(_) => reply(
                "404 Not Found",
                "text/html",
                b"<h1>404 Not Found</h1>".to_vec(),
            ),
        },
    };
    sock.write_all(&reply).await?;
    sock.shutdown().await
}

/// The path of a `GET` request line, if it is one jeton's example would serve.
fn request_path(head: &[u8]) -> Option<String> {
    let line = std::str::from_utf8(head).ok()?.lines().next()?;
    let mut parts = line.split(' ');
    let (_method, uri, version) = (parts.next()?, parts.next()?, parts.next()?);
    if !version.starts_with("HTTP/") || !uri.starts_with('/') || uri.contains("..") {
        return None;
    }
    let mut path = uri.to_owned();
    if path.ends_with('/') {
        path.push_str("index.html");
    }
    Some(path)
}

fn content_type(path: &str) -> &'static str {
    match path.rsplit('.').next() {
        Some("html" | "htm") => "text/html",
        Some("gif") => "image/gif",
        Some("jpg") => "image/jpeg",
        Some("png") => "image/png",
        _ => "text/plain",
    }
}

fn reply(status: &str, ctype: &str, content: Vec<u8>) -> Vec<u8> {
    let mut out = format!(
        "HTTP/1.0 {status}\r\nContent-Length: {}\r\nContent-Type: {ctype}\r\n\r\n",
        content.len()
    )
    .into_bytes();
    out.extend_from_slice(&content);
    out
}

/// Runs the peer on `threads` tokio workers (1: the current-thread runtime) in the
/// background; returns its address and what stops it.
pub fn start(
    root: PathBuf,
    threads: usize,
) -> io::Result<(
    SocketAddr,
    tokio::sync::oneshot::Sender<()>,
    std::thread::JoinHandle<()>,
)> {
    let rt = if threads == 1 {
        tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()?
    } else {
        tokio::runtime::Builder::new_multi_thread()
            .worker_threads(threads)
            .enable_all()
            .build()?
    };
    let std_listener = std::net::TcpListener::bind("127.0.0.1:0")?;
    std_listener.set_nonblocking(true)?;
    let addr = std_listener.local_addr()?;
    let (tx, rx) = tokio::sync::oneshot::channel();
    let thread = std::thread::spawn(move || {
        rt.block_on(async move {
            let listener = TcpListener::from_std(std_listener).expect("a tokio listener");
            let _ = serve(listener, root, rx).await;
        });
    });
    Ok((addr, tx, thread))
}
