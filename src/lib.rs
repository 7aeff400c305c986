//! jeton brings Asio's design to Rust: one [`IoContext`] reactor drives every I/O object, and
//! every asynchronous operation takes a *completion token* that decides how its result reaches
//! the caller.
//!
//! ```text
//!  initiating function          operation (a Future + its executor)          token
//!  timer.async_wait(token) ──► TimerWait ─────────────────────────────────► closure   → handler runs in io.run()
//!  sock.async_read_some(..)    (leaf waits: readiness, deadline, helper)    UseFuture → .await anywhere
//!  io::async_read(..)          (composed ops: written once, over leaves)    Blocking  → plain synchronous call
//! ```
//!
//! | token | the initiating call returns | the result goes to |
//! |---|---|---|
//! | a closure `FnOnce(R) + Send + 'static` | `()` | the closure, called from a thread running `io.run()` |
//! | [`UseFuture`] | a `Future<Output = R>` | whoever awaits it: a task on the context, `io.block_on`, or any other executor while a thread runs the context ([`system_executor`] always does) |
//! | [`Blocking`] | `R` | the calling thread, which waits; no thread needs to run the context |
//! | [`Detached`], [`redirect_error`], [`bind_executor`], [`cancel_after`] | the inner token's | transformed, then the inner token |
//!
//! Callback, async/await and blocking styles all run the same operation code. The
//! [guarantees] (G1–G14) are Asio's: handlers run only inside `run`/`poll`
//! ([G1](guarantees#g1)), never inside the initiating call ([G2](guarantees#g2)), exactly once
//! ([G3](guarantees#g3)); `run()` returns when work runs out ([G4](guarantees#g4)); and so on.
//!
//! # Modules
//!
//! | Asio | jeton |
//! |---|---|
//! | `io_context`, executors, `strand`, `thread_pool`, `co_spawn` | [`IoContext`], [`Executor`], [`Strand`], [`ThreadPool`], [`co_spawn`] |
//! | `system_context`, `system_executor` | [`system_executor`]; [`IoContext::run_in_background`] ([`BackgroundRun`]) |
//! | `steady_timer`, `system_timer` | [`SteadyTimer`], [`SystemTimer`] |
//! | `ip::tcp`, `ip::udp`, `local`, `ip::tcp::resolver` | [`net`] |
//! | `read`, `write`, `read_until`, buffers; the I/O object behind every stream | [`io`], [`IoObject`] |
//! | `error::operation_aborted`, `error::eof`, ... | [`error`] |
//! | completion tokens, `async_result` | [`CompletionToken`] and the tokens above; [`op`] for writing operations |
//! | `ssl::context`, `ssl::stream` (feature `tls`) | `jeton::ssl` |
//! | (hyper's runtime traits, feature `hyper`) | `jeton::hyper` |
//! | the behaviour the docs promise | [`guarantees`] |
//! | how do I ... (tokio and smol, TLS, hyper) | [`guide`] |
//!
//! # How the styles share one core
//!
//! An operation is a `Future` plus its executor ([`op::Operation`]); leaf waits (readiness,
//! deadlines, a helper thread) are the only code that touches the reactor. A closure token makes
//! the operation and the closure one task; the operation *starts inside the initiating call*,
//! as in Asio (a socket read is tried, a timer wait is queued), and only the closure is deferred
//! to a thread running the executor. [`UseFuture`] returns the operation itself, which starts
//! when first polled (Asio's `deferred`). [`Blocking`] drives it on the calling thread with
//! `poll(2)`, needing no thread in `run()`. Outstanding work ([G4](guarantees#g4)) is counted
//! by tasks for their whole life, and by leaf waits polled outside a task of their context,
//! until they complete, fire or are dropped.
//!
//! The layers, lowest first, each importing only from those below it (`tests/layers.rs` checks
//! it): `sys` (platform calls), the engine (scheduler, reactor, timer queue, per-thread state),
//! the faces of the engine ([`IoContext`], [`Executor`], [`Strand`], [`ThreadPool`],
//! [`WorkGuard`]), [`op`] (the operation core and its leaf waits), the tokens, then the I/O
//! objects and composed operations ([`io`], [`net`], timers, [`co_spawn`]).
//!
//! # Example
//!
//! ```
//! use jeton::{Blocking, IoContext, SteadyTimer, UseFuture};
//! use std::time::Duration;
//!
//! let io = IoContext::new()?;
//! let timer = SteadyTimer::new(&io.executor());
//!
//! // Callback style.
//! timer.expires_after(Duration::from_millis(1));
//! timer.async_wait(|r: std::io::Result<()>| assert!(r.is_ok()));
//! io.run();
//!
//! // Future style.
//! io.restart();
//! timer.expires_after(Duration::from_millis(1));
//! io.block_on(timer.async_wait(UseFuture))?;
//!
//! // Blocking style: no thread runs the context.
//! timer.expires_after(Duration::from_millis(1));
//! timer.async_wait(Blocking)?;
//! # Ok::<(), std::io::Error>(())
//! ```
//!
//! # Features
//!
//! None is on by default. jeton supports Unix (Linux first).
//!
//! | feature | gives | brings in |
//! |---|---|---|
//! | `tokio` | `tokio::io::{AsyncRead, AsyncWrite}` on every stream object (sockets, TLS streams, ...) and on a reference to one, with no tokio runtime: tokio-util codecs take jeton streams directly | `tokio` (no default feature) |
//! | `hyper` | `hyper::rt::{Read, Write}` on every stream object, and `jeton::hyper`: `HyperExecutor` (hyper's executor, on [`co_spawn`]) and `HyperTimer` (hyper's timer, on the context's timer queue) | `hyper` (no default feature) |
//! | `tls` | `jeton::ssl`: TLS streams over any stream object (`ssl::Stream`, `ssl::Context`), on rustls with the *ring* provider; [`error::stream_truncated`] | `rustls`, `ring`, `rustls-native-certs` |
//!
//! `cargo test --all-features` runs the tests of all three (the TLS interoperability tests use
//! `openssl`, the hyper example's test uses `curl`; each skips with a message where its
//! program is missing).

#![warn(missing_docs, missing_debug_implementations)]
#![deny(unsafe_code)]

pub mod error;
mod executor;
pub mod guarantees;
pub mod guide;
#[cfg(feature = "hyper")]
pub mod hyper;
pub mod io;
pub mod net;
pub mod op;
mod runtime;
mod spawn;
#[cfg(feature = "tls")]
pub mod ssl;
mod sys;
mod time;
mod tokens;

pub use executor::{
    system_executor, BackgroundRun, Execute, Executor, IoContext, Strand, ThreadPool, WorkGuard,
};
pub use io::IoObject;
pub use op::{CancellationSignal, CancellationSlot, CancellationType};
pub use spawn::{co_spawn, JoinOp, TaskOutput};
pub use time::{BasicTimer, Clock, Steady, SteadyTimer, System, SystemTimer, TimerWait};
pub use tokens::{
    bind_cancellation_slot, bind_executor, cancel_after, cancel_at, redirect_error,
    BindCancellationSlot, BindExecutor, Blocking, Bound, CancelAfter, CompletionToken, Detached,
    RedirectError, Redirected, UseFuture, WithSlot, WithTimeout,
};
