//! # Shut down cleanly
//!
//! A jeton program ends the way an Asio program does: stop starting new work, let what is
//! in flight finish or abort it, and [`run`](crate::IoContext::run) returns by itself when
//! the context has no work left ([G4](crate::guarantees#g4)). The tools, gentlest first:
//!
//! | to | do | what happens |
//! |---|---|---|
//! | wait for a shutdown request | a [`SignalSet`](crate::signal::SignalSet) on `SIGINT`/`SIGTERM` | its `async_wait` completes with the signal number |
//! | stop accepting | `acceptor.close()` | the pending accept completes aborted |
//! | end the connections | `socket.close()` on each (keep them in a list, as Asio's connection manager) | their pending reads and writes complete aborted |
//! | let `run()` end | release every [`WorkGuard`](crate::WorkGuard) (`reset()` or drop) | `run()` returns once the queue and the pending operations are gone |
//! | leave at once | [`IoContext::stop`](crate::IoContext::stop) | every `run()` returns as soon as it can; queued handlers stay queued for a later `restart()` and `run()` ([G5](crate::guarantees#g5)) |
//! | throw it all away | drop the [`IoContext`](crate::IoContext) | queued handlers are dropped uncalled, with what they captured ([G3](crate::guarantees#g3)); a wait awaited elsewhere completes with [`error::shut_down`](crate::error::shut_down) |
//!
//! A context run with [`run_in_background`](crate::IoContext::run_in_background) ends with
//! its [`BackgroundRun`](crate::BackgroundRun): [`join`](crate::BackgroundRun::join) waits
//! for the work to run out, dropping it stops the threads and joins them.
//!
//! ## A server that stops on SIGTERM
//!
//! The shape of Asio's HTTP server: the signal handler closes the acceptor and every open
//! connection, after which nothing is left to do and `run()` returns.
//!
//! ```
//! use jeton::net::{TcpAcceptor, TcpSocket};
//! use jeton::signal::{SignalSet, SIGINT, SIGTERM};
//! use jeton::IoContext;
//! use std::net::SocketAddr;
//! use std::sync::{Arc, Mutex};
//!
//! type Connections = Arc<Mutex<Vec<Arc<TcpSocket>>>>;
//!
//! /// Accepts until the acceptor is closed, keeping each connection in `open`.
//! fn accept(acceptor: Arc<TcpAcceptor>, open: Connections) {
//!     let again = acceptor.clone();
//!     acceptor.async_accept(move |r: std::io::Result<(TcpSocket, SocketAddr)>| {
//!         let Ok((sock, _)) = r else { return }; // Closed: stop accepting.
//!         let sock = Arc::new(sock);
//!         open.lock().unwrap().push(sock.clone());
//!         // The session: a read that ends when the peer goes or the socket is closed.
//!         sock.async_read_some(vec![0u8; 1024], |_: (std::io::Result<usize>, Vec<u8>)| {});
//!         accept(again, open);
//!     });
//! }
//!
//! # fn main() -> std::io::Result<()> {
//! let io_context = IoContext::new()?;
//! let ex = io_context.executor();
//! let acceptor = Arc::new(TcpAcceptor::bind(&ex, "127.0.0.1:0")?);
//! let addr = acceptor.local_addr()?;
//! let open: Connections = Arc::default();
//! accept(acceptor.clone(), open.clone());
//!
//! let signals = SignalSet::new(&ex, &[SIGINT, SIGTERM])?;
//! signals.async_wait(move |r: std::io::Result<i32>| {
//!     if r.is_ok() {
//!         acceptor.close();
//!         for sock in open.lock().unwrap().drain(..) {
//!             sock.close();
//!         }
//!     }
//! });
//!
//! let _client = std::net::TcpStream::connect(addr)?; // A connection that stays open.
//! std::thread::spawn(|| {
//!     std::thread::sleep(std::time::Duration::from_millis(50));
//!     signal_hook::low_level::raise(SIGTERM).unwrap(); // As `kill -TERM` would.
//! });
//! io_context.run(); // Returns after the signal: no work is left.
//! # Ok(()) }
//! ```
//!
//! `examples/http_server.rs` is the whole server (Asio's `cpp11/http/server`), and its test
//! checks that it exits 0 within a second of SIGTERM with connections open.
