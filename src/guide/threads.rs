//! # Run a server on several threads
//!
//! Two shapes scale a jeton server past one core, as in Asio: one context run by several
//! threads (Asio's HTTP server 3), or one context per thread (Asio's HTTP server 2, its
//! `io_context_pool`). Both use the same server code; only who calls `run()` changes.
//!
//! ## One context, N threads
//!
//! Call [`run`](crate::IoContext::run) from N threads (or use
//! [`run_in_background(n)`](crate::IoContext::run_in_background)). Every handler and task of
//! the context may run on any of them, and handlers of one connection may run at the same
//! time on two threads: keep per-connection state in one task (as below, where each
//! connection is one `co_spawn`ed future, which only ever runs on one thread at a time), or
//! post its handlers through a [`Strand`](crate::Strand). A handler that blocks holds back
//! only its own thread: the others keep serving ([G9](crate::guarantees#g9)). `run()`
//! returns on every thread when the work runs out, here after two connections.
//!
//! ```
//! use jeton::net::TcpAcceptor;
//! use jeton::{co_spawn, io, Detached, IoContext, UseFuture};
//! use std::io::{Read, Write};
//!
//! # fn main() -> std::io::Result<()> {
//! let io_context = IoContext::new()?;
//! let acceptor = TcpAcceptor::bind(&io_context.executor(), "127.0.0.1:0")?;
//! let addr = acceptor.local_addr()?;
//! let ex = io_context.executor();
//! co_spawn(
//!     &ex,
//!     async move {
//!         for _ in 0..2 {
//!             // A real server loops for ever.
//!             let (sock, _) = acceptor.async_accept(UseFuture).await?;
//!             let ex = sock.executor();
//!             let session = async move {
//!                 let mut buf = [0u8; 1024];
//!                 loop {
//!                     let n = sock.async_read_some(&mut buf[..], UseFuture).await?;
//!                     if n == 0 {
//!                         return Ok::<(), std::io::Error>(());
//!                     }
//!                     io::async_write(&sock, &buf[..n], UseFuture).await?;
//!                 }
//!             };
//!             co_spawn(&ex, session, Detached);
//!         }
//!         Ok::<(), std::io::Error>(())
//!     },
//!     Detached,
//! );
//! let clients = std::thread::spawn(move || -> std::io::Result<()> {
//!     for _ in 0..2 {
//!         let mut s = std::net::TcpStream::connect(addr)?;
//!         s.write_all(b"hello")?;
//!         let mut reply = [0u8; 5];
//!         s.read_exact(&mut reply)?;
//!         assert_eq!(&reply, b"hello");
//!     }
//!     Ok(())
//! });
//! std::thread::scope(|s| {
//!     for _ in 0..2 {
//!         s.spawn(|| io_context.run());
//!     }
//! });
//! clients.join().unwrap()?;
//! # Ok(()) }
//! ```
//!
//! The threads share the context's handler queue and its reactor: one thread at a time
//! waits in the reactor, the others take handlers from the queue, so contention on that
//! queue grows with the thread count. What they share on the hot path: the queue's lock (taken
//! by each post once several threads run, and once per batch of handlers a thread takes), the
//! outstanding-work count (settled once per batch), the reactor's poll lock, and each run
//! call's stealable batch (an idle thread takes from it, so a handler that blocks never holds
//! back the ones behind it).
//!
//! ## One context per core
//!
//! Give each thread a context of its own and each context a listener of its own on the same
//! port (`SO_REUSEPORT`: the kernel spreads new connections over the listeners). Nothing is
//! shared between the threads on the hot path, so the design holds on many cores; the price
//! is that a connection stays on the context that accepted it, busy or not. Such a context
//! is run by one thread, so make it with
//! [`IoContext::with_concurrency_hint(1)`](crate::IoContext::with_concurrency_hint): its run
//! call then keeps the handlers it takes to itself, with no atomic operation per handler.
//! Here each context runs on a background thread until its
//! [`BackgroundRun`](crate::BackgroundRun) is dropped:
//!
//! ```
//! use jeton::net::TcpAcceptor;
//! use jeton::{co_spawn, io, Detached, IoContext, UseFuture};
//! use std::io::{Read, Write};
//! use std::net::{SocketAddr, TcpListener};
//!
//! /// A listener that shares its port with the others (socket2 sets the option).
//! fn listener(addr: SocketAddr) -> std::io::Result<TcpListener> {
//!     let s = socket2::Socket::new(socket2::Domain::IPV4, socket2::Type::STREAM, None)?;
//!     s.set_reuse_port(true)?;
//!     s.bind(&addr.into())?;
//!     s.listen(1024)?;
//!     Ok(s.into())
//! }
//!
//! /// Accepts for ever, one echo task per connection.
//! async fn serve(acceptor: TcpAcceptor) -> std::io::Result<()> {
//!     loop {
//!         let (sock, _) = acceptor.async_accept(UseFuture).await?;
//!         let ex = sock.executor();
//!         let session = async move {
//!             let mut buf = [0u8; 1024];
//!             loop {
//!                 let n = sock.async_read_some(&mut buf[..], UseFuture).await?;
//!                 if n == 0 {
//!                     return Ok::<(), std::io::Error>(());
//!                 }
//!                 io::async_write(&sock, &buf[..n], UseFuture).await?;
//!             }
//!         };
//!         co_spawn(&ex, session, Detached);
//!     }
//! }
//!
//! # fn main() -> std::io::Result<()> {
//! let mut first = Some(listener("127.0.0.1:0".parse().unwrap())?);
//! let addr = first.as_ref().unwrap().local_addr()?;
//! let mut running = Vec::new();
//! for _ in 0..2 {
//!     let l = match first.take() {
//!         Some(l) => l,
//!         None => listener(addr)?,
//!     };
//!     let io_context = IoContext::with_concurrency_hint(1)?;
//!     let acceptor = TcpAcceptor::from_std(&io_context.executor(), l)?;
//!     co_spawn(&io_context.executor(), serve(acceptor), Detached);
//!     running.push((io_context.run_in_background(1)?, io_context));
//! }
//! for _ in 0..4 {
//!     let mut s = std::net::TcpStream::connect(addr)?;
//!     s.write_all(b"hello")?;
//!     let mut reply = [0u8; 5];
//!     s.read_exact(&mut reply)?;
//!     assert_eq!(&reply, b"hello");
//! }
//! drop(running); // Stops and joins each context's thread, then drops the context.
//! # Ok(()) }
//! ```
//!
//! `examples/echo_server.rs` has both shapes (`--threads N` on one context; `--contexts M`,
//! a pool of contexts on one port), and `cargo bench --bench echo -- --server-threads N
//! --contexts M` measures them.
