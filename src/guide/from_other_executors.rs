//! # Use jeton from tokio, smol or `futures::executor`
//!
//! Every jeton operation with the [`UseFuture`](crate::UseFuture) token is a plain `Future`:
//! it can be awaited inside `#[tokio::main]`, `smol::block_on`, `futures::executor::block_on`,
//! in `tokio::select!`, under `tokio::time::timeout`, and so on. What it needs is a thread that
//! runs its [`IoContext`](crate::IoContext), since jeton's reactor, not tokio's, watches its
//! sockets and timers. There are three ways to have one.
//!
//! ## The system executor: no setup
//!
//! [`system_executor()`](crate::system_executor) is a process-wide context that background
//! threads (two, named `jeton-system-N`) run from its first use until the process exits. Make
//! the I/O objects on it, and await them anywhere:
//!
//! ```
//! use jeton::net::{TcpAcceptor, TcpSocket};
//! use jeton::{io, system_executor, SteadyTimer, UseFuture};
//! use std::time::Duration;
//!
//! # fn main() -> std::io::Result<()> {
//! let rt = tokio::runtime::Builder::new_current_thread().build()?;
//! rt.block_on(async {
//!     let ex = system_executor();
//!     let timer = SteadyTimer::with_duration(&ex, Duration::from_millis(1));
//!     timer.async_wait(UseFuture).await?;
//!
//!     let acceptor = TcpAcceptor::bind(&ex, "127.0.0.1:0")?;
//!     let client = TcpSocket::new(&ex);
//!     client.async_connect(acceptor.local_addr()?, UseFuture).await?;
//!     let (server, _) = acceptor.async_accept(UseFuture).await?;
//!     io::async_write(&client, &b"hi"[..], UseFuture).await?;
//!     let mut buf = [0u8; 2];
//!     io::async_read(&server, &mut buf[..], UseFuture).await?;
//!     assert_eq!(&buf, b"hi");
//!     Ok::<(), std::io::Error>(())
//! })
//! # }
//! ```
//!
//! The same code runs under `smol::block_on(async { .. })` or
//! `futures::executor::block_on(async { .. })`.
//!
//! ## A context of your own, run in the background
//!
//! For threads of your own (a server, handlers that must not share two threads with the
//! rest of the process), run a context with
//! [`io.run_in_background(n)`](crate::IoContext::run_in_background): `n` threads run it for as
//! long as the returned [`BackgroundRun`](crate::BackgroundRun) lives, and dropping it stops
//! and joins them.
//!
//! ```
//! use jeton::{IoContext, SteadyTimer, UseFuture};
//! use std::time::Duration;
//!
//! # fn main() -> std::io::Result<()> {
//! let io = IoContext::new()?;
//! let running = io.run_in_background(2)?;
//! smol::block_on(async {
//!     let timer = SteadyTimer::with_duration(&io.executor(), Duration::from_millis(1));
//!     timer.async_wait(UseFuture).await
//! })?;
//! drop(running);
//! # Ok(()) }
//! ```
//!
//! ## A thread that calls `run()`
//!
//! As with Asio's `use_future`, keep a [`WorkGuard`](crate::WorkGuard) while you await:
//! `run()` returns as soon as it finds no work, and a future starts its operation only when
//! first polled. If the thread's `run()` has already returned, the context is stopped, and a
//! wait that would start on it fails at once with
//! [`error::not_running`](crate::error::not_running) instead of waiting forever (see
//! [`UseFuture`](crate::UseFuture) for the whole rule).
//!
//! ## tokio's I/O traits and tokio-util
//!
//! With the `tokio` feature every jeton stream (sockets, TLS streams, ...) implements
//! `tokio::io::{AsyncRead, AsyncWrite}`, so `tokio::io::copy`, `AsyncReadExt`, tokio-util's
//! codecs and tower-style middleware take it directly, with no `compat` layer and no tokio
//! runtime (jeton's own `block_on` or `co_spawn` can drive them):
//!
//! ```
//! # #[cfg(feature = "tokio")]
//! # fn main() -> std::io::Result<()> {
//! use futures::{SinkExt, StreamExt};
//! use jeton::net::unix;
//! use jeton::IoContext;
//! use tokio_util::codec::{Framed, LinesCodec};
//!
//! let io = IoContext::new()?;
//! let (a, b) = unix::connect_pair(&io.executor())?;
//! io.block_on(async {
//!     let (mut a, mut b) = (Framed::new(a, LinesCodec::new()), Framed::new(b, LinesCodec::new()));
//!     a.send("hello").await.map_err(std::io::Error::other)?;
//!     let line = b.next().await.unwrap().map_err(std::io::Error::other)?;
//!     assert_eq!(line, "hello");
//!     Ok::<(), std::io::Error>(())
//! })
//! # }
//! # #[cfg(not(feature = "tokio"))]
//! # fn main() {}
//! ```
//!
//! `futures::io::{AsyncRead, AsyncWrite}` are always implemented, for the `futures` and smol
//! ecosystems.
//!
//! One trap: a stream's own blocking methods (`write_vectored`, a socket's `shutdown(how)`)
//! win over extension methods of the same name, so `sock.write_vectored(..).await` does not
//! compile. Name the trait: `AsyncWriteExt::write_vectored(&mut sock, ..)`,
//! `AsyncWriteExt::shutdown(&mut sock)`.
