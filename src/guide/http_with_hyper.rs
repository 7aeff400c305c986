//! # Serve or fetch HTTP with hyper
//!
//! With the `hyper` feature every jeton stream implements `hyper::rt::{Read, Write}`, and
//! `jeton::hyper` has hyper's executor (`HyperExecutor`,
//! on `co_spawn`) and timer (`HyperTimer`, on the context's timer
//! queue). No tokio runtime is needed, and no adapter type: pass the socket (or a TLS stream)
//! to hyper as it is.
//!
//! A server is an accept loop that starts one task per connection:
//!
//! ```
//! # #[cfg(feature = "hyper")]
//! # fn main() -> std::io::Result<()> {
//! use bytes::Bytes;
//! use http_body_util::Full;
//! use jeton::hyper::HyperTimer;
//! use jeton::net::{TcpAcceptor, TcpSocket};
//! use jeton::{co_spawn, Detached, IoContext, UseFuture};
//!
//! async fn hello(
//!     _: hyper::Request<hyper::body::Incoming>,
//! ) -> Result<hyper::Response<Full<Bytes>>, std::convert::Infallible> {
//!     Ok(hyper::Response::new(Full::new(Bytes::from("Hello, world!\n"))))
//! }
//!
//! let io = IoContext::new()?;
//! let ex = io.executor();
//! let acceptor = TcpAcceptor::bind(&ex, "127.0.0.1:0")?;
//! let addr = acceptor.local_addr()?;
//! let server_ex = ex.clone();
//! co_spawn(&ex, async move {
//!     loop {
//!         let (sock, _) = acceptor.async_accept(UseFuture).await?;
//!         let conn = hyper::server::conn::http1::Builder::new()
//!             .timer(HyperTimer::new(&server_ex))
//!             .serve_connection(sock, hyper::service::service_fn(hello));
//!         co_spawn(&server_ex, async move { let _ = conn.await; }, Detached);
//!     }
//!     #[allow(unreachable_code)]
//!     Ok::<(), std::io::Error>(())
//! }, Detached);
//! # let _running = io.run_in_background(1)?;
//! # use std::io::{Read, Write};
//! # let sock = TcpSocket::new(&ex);
//! # sock.connect(addr)?;
//! # (&sock).write_all(b"GET / HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")?;
//! # let mut response = String::new();
//! # (&sock).read_to_string(&mut response)?;
//! # assert!(response.ends_with("Hello, world!\n"));
//! # Ok(()) }
//! # #[cfg(not(feature = "hyper"))]
//! # fn main() {}
//! ```
//!
//! Run the context as any other: `io.run()` on one or more threads, or
//! `io.run_in_background(n)`. `examples/hyper_server.rs` is this server as a program (HTTP/1.1
//! keep-alive); `examples/hyper_server_tokio.rs` is the same on tokio, to compare them with
//! `wrk`.
//!
//! A client is `hyper::client::conn::http1::handshake(sock)`, with the connection future
//! spawned as a task; see the `jeton::hyper` module's example. For HTTPS, do
//! the TLS handshake first ([`tls`](super::tls)) and give hyper the
//! `ssl::Stream`: it implements the same traits. Give hyper a
//! `HyperExecutor` where it asks for one (HTTP/2, or
//! hyper-util's pooled client).
