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
//! | `&`[`YieldContext`] (in a coroutine started by [`spawn`]) | `R` | the stackful coroutine, suspended until then (feature `stackful`) |
//! | [`Detached`], [`redirect_error`], [`bind_executor`], [`cancel_after`] | the inner token's | transformed, then the inner token |
//! | [`Deferred`], [`deferred()`] | a [`DeferredOp`](deferred::DeferredOp), not started | whoever starts it later, with any token |
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
//! | `io_context`, executors, `strand`, `thread_pool`, `co_spawn`, `post`/`dispatch`/`defer` | [`IoContext`], [`Executor`], [`Strand`], [`ThreadPool`], [`co_spawn`], [`post`], [`dispatch`], [`defer`] |
//! | `spawn`, `yield_context` (stackful coroutines) | [`spawn`], [`spawn_with`], [`YieldContext`] (feature `stackful`) |
//! | `system_context`, `system_executor` | [`system_executor`]; [`IoContext::run_in_background`] ([`BackgroundRun`]) |
//! | `steady_timer`, `system_timer` | [`SteadyTimer`], [`SystemTimer`] |
//! | `ip::tcp`, `ip::udp`, `local`, `ip::tcp::resolver` | [`net`] |
//! | `read`, `write` (fixed buffers, buffer sequences, dynamic buffers), `read_until`, `read_at`, `write_at`, buffers; the I/O object behind every stream | [`io`], [`IoObject`] |
//! | `stream_file`, `random_access_file` | [`file`](mod@file) |
//! | `signal_set` | [`signal::SignalSet`] |
//! | `posix::stream_descriptor`, `readable_pipe`, `writable_pipe`, `connect_pipe` | [`posix`] |
//! | `serial_port` and its options | [`serial`] |
//! | Boost.Process v2's `process` (beyond Asio) | [`process::Child`] |
//! | `wait(wait_read / wait_write / wait_error)` on sockets and descriptors | [`io::WaitType`], `async_wait` on [`IoObject`] |
//! | `error::operation_aborted`, `error::eof`, ... | [`error`] |
//! | completion tokens, `async_result` | [`CompletionToken`] and the tokens above; [`op`] for writing operations |
//! | `deferred`, `deferred.values`, `deferred.when` | [`Deferred`], [`mod@deferred`] |
//! | `experimental::make_parallel_group`, `wait_for_*`, awaitable operators `&&` / `\|\|` | [`parallel_group`] |
//! | `experimental::channel`, `experimental::concurrent_channel` | [`channel`] |
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
//! objects and composed operations ([`io`], [`net`], timers, [`mod@file`], [`signal`],
//! [`posix`], [`serial`], [`process`], [`co_spawn`], [`spawn`]) and the tools that compose operations
//! ([`mod@deferred`], [`parallel_group`], [`channel`]), each written over the same operation
//! futures.
//!
//! # Scaling over threads and cores
//!
//! Two models, as in Asio ([G9](guarantees#g9)): several threads in `run()` of one context
//! (any of them runs any handler), or one context per core, each run by its own thread, with
//! one listener each on a shared port (`SO_REUSEPORT`; `examples/echo_server.rs --contexts N`,
//! Asio's HTTP server 2 `io_context_pool`). What the threads share on the hot path:
//!
//! | scope | shared state | taken |
//! |---|---|---|
//! | per thread | the thread-locals of `runtime::current` (run frames, private queue, budget, blocking-call slots) | never shared |
//! | per context | the scheduler's queue mutex and its `work`/`idle`/`runners` counters; with more than one runner, the stealers list | cross-thread posts, the publish of a handler's private queue, idle/wake-up |
//! | per context | the reactor: its poll lock (one thread polls at a time) and the registrations' slab lock | once per reactor turn; at open and close |
//! | per context | the timer queue's mutex | per `expires_at`/`cancel`, and after a reactor turn while a timer is queued |
//! | per I/O object | its readiness word, cancel epoch and one waker slot per direction (atomics; an overflow list's mutex only while several operations wait in one direction), and the descriptor's user count (one atomic add per system call; `close` waits for it to drop to 0) | per operation that waits; per reactor event on it |
//! | per process | nothing but the handler-tracking flag (one relaxed load) | per initiating call |
//!
//! With one context per core every per-context row is private to one core: a connection stays
//! on the context that accepted it, and only the kernel's spreading of connections and what the
//! application itself shares cross cores. That is the model that holds at 64 cores. With N
//! threads on one context, the per-context rows are shared by all N threads, and its queue
//! and reactor bound how far it scales; a pool of contexts with a few threads each is the
//! middle ground.
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
//! | feature | default | what it adds |
//! |---|---|---|
//! | `stackful` | on | stackful coroutines: [`spawn`], [`spawn_with`], [`YieldContext`] (Asio's `spawn` and `yield_context`), over the `corosensei` crate |
//! | `tracing` | off | a `jeton.op` span per operation (below) |
//! | `tokio` | off | `tokio::io::{AsyncRead, AsyncWrite}` on every stream object (sockets, TLS streams, ...) and on a reference to one, with no tokio runtime: tokio-util codecs take jeton streams directly |
//! | `hyper` | off | `hyper::rt::{Read, Write}` on every stream object, and `jeton::hyper`: `HyperExecutor` (hyper's executor, on [`co_spawn`]) and `HyperTimer` (hyper's timer, on the context's timer queue) |
//! | `tls` | off | `jeton::ssl`: TLS streams over any stream object (`ssl::Stream`, `ssl::Context`), on rustls with the *ring* provider; [`error::stream_truncated`] |
//!
//! `cargo test --all-features` runs the tests of all of them (the TLS interoperability tests use
//! `openssl`, the hyper example's test uses `curl`; each skips with a message where its
//! program is missing).
//!
//! - `tracing` (off by default): a `jeton.op` span (level TRACE) for every operation launched
//!   with a closure, [`Detached`] or [`Blocking`], with fields `object` and `op` (from
//!   [`op::Operation::trace_name`], e.g. `TcpSocket`, `async_read_some`) and `id` (when handler
//!   tracking is on), and events `initiated`, `completed` (its handler is called) or
//!   `dropped uninvoked`, and before `completed`, `aborted` (with the error) when a wait
//!   inside it ended cancelled, closed or shut down; each poll of the operation runs inside
//!   the span. A [`UseFuture`] operation is the caller's future: instrument it with
//!   `tracing`'s `Instrument` (its `aborted` events go to the span current at the poll).
//!
//! # Handler tracking
//!
//! With the environment variable `JETON_HANDLER_TRACKING=1` (read once, at the first
//! operation), jeton writes Asio's handler-tracking lines on stderr, in Asio's format, so that
//! Asio's `handlerviz.pl` draws a jeton program unchanged:
//!
//! ```text
//! @asio|1796157279.130311|0*1|SteadyTimer@0x7f5d67f25318.async_wait
//! @asio|1796157279.132000|>1|
//! @asio|1796157279.132015|1*2|UnixStream@0x7f5d6000c110.async_read_some
//! @asio|1796157279.132072|<1|
//! @asio|1796157279.132105|0|UnixStream@0x7f5d6000c110.cancel
//! @asio|1796157279.132196|~4|
//! ```
//!
//! `n*m`: handler `n` (0: none) initiated operation `m`; `>m`, `<m`: its handler was entered,
//! left (`!m`: by a panic); `~m`: destroyed uninvoked (its context was dropped); `n|...`:
//! handler `n` cancelled or closed an object. Operations launched with closures,
//! [`Detached`] and [`Blocking`] are tracked (a blocking call is entered and left as it
//! returns); [`UseFuture`] operations are not (they have no handler). Off, it costs one
//! relaxed load per initiating call. It needs no feature.
//!
//! jeton supports Unix (Linux first): signals, descriptors, pipes, serial ports and child
//! processes are POSIX objects; child exits are watched with pidfds on Linux 5.3 and later,
//! with `SIGCHLD` elsewhere.

#![warn(missing_docs, missing_debug_implementations)]
#![deny(unsafe_code)]

pub mod channel;
pub mod deferred;
pub mod error;
mod executor;
pub mod file;
pub mod guarantees;
pub mod guide;
#[cfg(feature = "hyper")]
pub mod hyper;
pub mod io;
pub mod net;
pub mod op;
pub mod parallel_group;
pub mod posix;
pub mod process;
mod runtime;
pub mod serial;
pub mod signal;
mod spawn;
#[cfg(feature = "tls")]
pub mod ssl;
#[cfg(feature = "stackful")]
mod stackful;
mod sys;
mod time;
mod tokens;

pub use deferred::{deferred, Deferred};
pub use executor::{
    system_executor, BackgroundRun, Execute, Executor, IoContext, Strand, ThreadPool, WorkGuard,
};
pub use io::IoObject;
pub use op::{CancellationSignal, CancellationSlot, CancellationType};
pub use spawn::{co_spawn, defer, dispatch, post, JoinOp, TaskOutput};
#[cfg(feature = "stackful")]
pub use stackful::{spawn, spawn_with, SpawnOp, SpawnOptions, YieldContext};
pub use time::{
    cancel_after_timer, BasicTimer, Clock, Steady, SteadyTimer, System, SystemTimer, TimerWait,
};
pub use tokens::{
    bind_cancellation_slot, bind_executor, cancel_after, cancel_at, redirect_error,
    BindCancellationSlot, BindExecutor, Blocking, Bound, BoundExecutor, CancelAfter,
    CompletionToken, Deliver, Detached, ErrorSink, ErrorSlot, Optional, RedirectError, Redirected,
    UseFuture, Value, WithSlot, WithTimeout,
};
