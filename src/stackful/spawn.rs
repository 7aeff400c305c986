//! `spawn`: start a stackful coroutine, with its result delivered through a token (Asio's
//! `spawn(ex, fn(yield_context), token)`).

use std::sync::atomic::AtomicU64;
use std::sync::Arc;
use std::thread;

use super::driver::Driver;
use super::options::SpawnOptions;
use super::yield_context::YieldContext;
use crate::executor::{make_pinned_task, Executor};
use crate::op::cancellation::Request;
use crate::spawn::JoinOp;
use crate::tokens::CompletionToken;

/// The operation [`spawn`] hands its token: the coroutine's result, or its panic payload.
pub type SpawnOp<R> = JoinOp<thread::Result<R>, Executor>;

/// Starts a stackful coroutine that runs `f` on `ex`'s context, and delivers what `f` returns
/// through `token` (Asio's `spawn(ex, fn(yield_context), token)`).
///
/// `f` gets a [`YieldContext`]; passing it as the token of any initiating function suspends
/// the coroutine until the operation completes and returns the operation's result, so
/// asynchronous code reads as synchronous code, in a plain function with no `async`. The
/// coroutine has a stack of its own ([`SpawnOptions::DEFAULT_STACK_SIZE`]; choose another with
/// [`spawn_with`]).
///
/// The completion value is a `std::thread::Result<R>`: `Ok` with what `f` returned, or `Err`
/// with the payload of its panic (Asio's `exception_ptr`). A panic in the coroutine therefore
/// does **not** propagate out of `run()`, unlike a closure handler's
/// ([G8](crate::guarantees#g8)): it goes to the completion, as Asio's `spawn` hands its
/// exception to the handler. Resume it there to propagate it
/// (`|r| if let Err(p) = r { std::panic::resume_unwind(p) }`); with
/// [`Detached`](crate::Detached) it is dropped (the panic hook has printed its message). The
/// token may be:
/// - a closure, called with the result on a thread running the context;
/// - [`UseFuture`](crate::UseFuture): returns a [`SpawnOp`] future of it; dropping that
///   detaches the coroutine, which still runs to the end;
/// - [`Blocking`](crate::Blocking): waits for it (another thread must run the context);
/// - [`Detached`](crate::Detached): ignores it;
/// - another coroutine's `YieldContext`: that coroutine waits for this one.
///
/// The coroutine first runs from the queue, never inside this call, and its completion is
/// never delivered inside it ([G2](crate::guarantees#g2)). It counts as outstanding work until
/// it returns ([G4](crate::guarantees#g4)).
///
/// # Home thread
///
/// A coroutine runs only on its *home thread*, the thread that first runs it: every wake-up,
/// from the reactor, a timer or another thread, queues it to that thread's mailbox. Moving a
/// stack to another OS thread is undefined behaviour in Rust (compiled code may keep the
/// address of a thread-local across a suspension; rust-lang/unsafe-code-guidelines#602), so
/// jeton never does it. With several threads in `run()` this means:
/// - no load balancing once started: a busy home thread is not helped by idle ones, and the
///   coroutines spread over the threads only by which one happened to start each;
/// - a home thread that leaves `run()` takes its coroutines with it: they wait until it runs
///   the context again, and `run()` on the other threads does not return while they are
///   pending (their work is outstanding). A home thread that exits unwinds its suspended
///   coroutines then (see below), and those never complete: don't let a thread exit while it
///   is the home of pending coroutines.
///
/// # Dropping the context
///
/// Dropping the `IoContext` drops a suspended coroutine: its stack is unwound, running its
/// destructors, on its home thread only. If the context is dropped on the home thread, at
/// once; otherwise the home thread unwinds it the next time it starts or ends a run call of
/// any context, starts a coroutine, or exits. The completion is dropped uncalled
/// ([G3](crate::guarantees#g3)); a [`SpawnOp`] awaited elsewhere completes with `Err` of a
/// payload that is the [`error::shut_down`](crate::error::shut_down) `io::Error`. A coroutine
/// that catches the unwinding (`catch_unwind`) must let it go on (`resume_unwind`).
///
/// # Cooperative budget
///
/// Like a task, each resumption gets a budget of 128 leaf polls: a coroutine whose operations
/// all complete at once (a socket always ready, an expired timer) still goes back to the queue
/// after at most 128 of them, so posted handlers, timers and sockets get their turn.
///
/// # Stacks
///
/// Stacks are `mmap`ed with a guard page below them, so an overflow kills the process with
/// `SIGSEGV` instead of overwriting memory. Each home thread keeps up to 64 stacks of finished
/// coroutines for its next ones: mapping, first touching and unmapping a fresh 1 MiB stack
/// costs tens of microseconds (system calls and a page fault), while a coroutine started,
/// run and finished on a recycled one costs about 20 ns. Each live coroutine takes two of the
/// process's memory
/// mappings, so Linux's default `vm.max_map_count` (65530) allows about 32 000 live coroutines
/// (fewer, as the process maps other things); raise it for more.
///
/// # Errors
///
/// If no stack can be had (out of memory, or the mapping limit above), the coroutine never
/// runs and its completion is `Err` of a payload that is the `io::Error`.
///
/// # Examples
///
/// ```
/// use jeton::net::{TcpAcceptor, TcpSocket};
/// use jeton::{io, spawn, Detached, IoContext, YieldContext};
///
/// let io_context = IoContext::new()?;
/// let ex = io_context.executor();
/// let acceptor = TcpAcceptor::bind(&ex, "127.0.0.1:0")?;
/// let addr = acceptor.local_addr()?;
/// // The server: accept one connection, read 5 bytes into a buffer on the coroutine's stack.
/// spawn(&ex, move |y: &YieldContext| -> std::io::Result<Vec<u8>> {
///     let (sock, _peer) = acceptor.async_accept(y)?;
///     let mut buf = [0u8; 5];
///     io::async_read_exact(&sock, &mut buf[..], y)?;
///     Ok(buf.to_vec())
/// }, |r: std::thread::Result<std::io::Result<Vec<u8>>>| {
///     assert_eq!(r.unwrap().unwrap(), b"hello");
/// });
/// // The client.
/// spawn(&ex, move |y: &YieldContext| {
///     let sock = TcpSocket::new(y.executor());
///     sock.async_connect(addr, y)?;
///     io::async_write(&sock, &b"hello"[..], y)
/// }, Detached);
/// io_context.run();
/// # Ok::<(), std::io::Error>(())
/// ```
///
/// A panic comes back in the completion:
///
/// ```
/// use jeton::{spawn, IoContext, YieldContext};
///
/// let io = IoContext::new()?;
/// spawn(&io.executor(), |_y: &YieldContext| -> u32 { panic!("oops") },
///     |r: std::thread::Result<u32>| {
///         assert_eq!(*r.unwrap_err().downcast::<&str>().unwrap(), "oops");
///     });
/// io.run(); // does not panic
/// # Ok::<(), std::io::Error>(())
/// ```
pub fn spawn<F, R, T>(ex: &Executor, f: F, token: T) -> T::Output
where
    F: FnOnce(&YieldContext<'_>) -> R + Send + 'static,
    R: Send + 'static,
    T: CompletionToken<SpawnOp<R>>,
{
    spawn_with(ex, SpawnOptions::new(), f, token)
}

/// Starts a stackful coroutine made with `options` (its stack size); otherwise the same as
/// [`spawn`].
///
/// # Errors
///
/// As for [`spawn`]: no stack, and the completion carries the `io::Error`.
///
/// # Examples
///
/// ```
/// use jeton::{spawn_with, IoContext, SpawnOptions, UseFuture, YieldContext};
///
/// let io = IoContext::new()?;
/// let small = SpawnOptions::new().stack_size(128 * 1024);
/// let op = spawn_with(&io.executor(), small, |_y: &YieldContext| 6 * 7, UseFuture);
/// assert_eq!(io.block_on(op).unwrap(), 42);
/// # Ok::<(), std::io::Error>(())
/// ```
pub fn spawn_with<F, R, T>(ex: &Executor, options: SpawnOptions, f: F, token: T) -> T::Output
where
    F: FnOnce(&YieldContext<'_>) -> R + Send + 'static,
    R: Send + 'static,
    T: CompletionToken<SpawnOp<R>>,
{
    let home = Arc::new(AtomicU64::new(0));
    let driver = Driver::new(ex.clone(), home.clone(), f, options.get_stack_size());
    let (runnable, task) = make_pinned_task(ex, home, driver);
    runnable.schedule(); // The first run is posted (G2).
                         // No request reaches the coroutine itself: its operations take their own adapters.
    let request = Arc::new(Request::default());
    token.launch(JoinOp::with_dropped(
        task.fallible(),
        ex.clone(),
        request,
        |e| Err(Box::new(e)),
    ))
}
