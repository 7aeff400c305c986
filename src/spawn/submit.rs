//! `post`, `dispatch` and `defer` with a completion token: run a function on an executor and
//! deliver its result through any token (Asio's `post(ex, token)`, `dispatch(ex, token)`,
//! `defer(ex, token)`).

use std::io;
use std::sync::Arc;

use super::join_op::JoinOp;
use crate::executor::{start_task, Execute, Start};
use crate::op::cancellation::Request;
use crate::tokens::CompletionToken;

/// Runs `f` on `ex` later, and delivers its result through `token`: Asio's `post(ex, token)`,
/// with the function that runs there.
///
/// `f` runs on a thread running `ex` (inside the strand, for a [`Strand`](crate::Strand)),
/// never inside this call ([G6](crate::guarantees#g6)). The result is `Ok(f())`, or the
/// [`error::shut_down`](crate::error::shut_down) error if the context is dropped before `f`
/// runs (then `f` is dropped unrun). With [`UseFuture`](crate::UseFuture),
/// `post(&ex, || (), UseFuture).await` moves an async function onto `ex`.
///
/// # Examples
///
/// ```
/// use jeton::{post, Blocking, IoContext, ThreadPool, UseFuture};
///
/// let pool = ThreadPool::new(1)?;
/// // A blocking caller hands work to the pool and waits for its result.
/// let sum = post(&pool.executor(), || (1..=10).sum::<u32>(), Blocking)?;
/// assert_eq!(sum, 55);
///
/// // An async caller awaits it; a closure handler receives it.
/// let io = IoContext::new()?;
/// let v = io.block_on(post(&pool.executor(), || 6 * 7, UseFuture))?;
/// assert_eq!(v, 42);
/// post(&io.executor(), || "done", |r: std::io::Result<&str>| println!("{r:?}"));
/// io.run();
/// # pool.join();
/// # Ok::<(), std::io::Error>(())
/// ```
pub fn post<E, F, R, T>(ex: &E, f: F, token: T) -> T::Output
where
    E: Execute,
    F: FnOnce() -> R + Send + 'static,
    R: Send + 'static,
    T: CompletionToken<JoinOp<io::Result<R>, E>>,
{
    submit(ex, f, token, Start::Post)
}

/// Runs `f` on `ex`, inside this call if the caller is already running `ex`, and delivers its
/// result through `token`: Asio's `dispatch(ex, token)`, with the function that runs there.
///
/// Only `f` may run inline; the completion is delivered through `token` as always, never
/// inside this call ([G2](crate::guarantees#g2)). Otherwise as [`post`].
///
/// # Examples
///
/// ```
/// use jeton::{dispatch, IoContext};
///
/// let io = IoContext::new()?;
/// let ex = io.executor();
/// let (tx, rx) = std::sync::mpsc::channel();
/// io.executor().post(move || {
///     // Already on `ex`: the function runs here, the handler later.
///     let t = tx.clone();
///     dispatch(&ex, move || t.send("f").unwrap(), move |_: std::io::Result<()>| {
///         tx.send("handler").unwrap()
///     });
/// });
/// io.run();
/// assert_eq!(rx.try_iter().collect::<Vec<_>>(), ["f", "handler"]);
/// # Ok::<(), std::io::Error>(())
/// ```
pub fn dispatch<E, F, R, T>(ex: &E, f: F, token: T) -> T::Output
where
    E: Execute,
    F: FnOnce() -> R + Send + 'static,
    R: Send + 'static,
    T: CompletionToken<JoinOp<io::Result<R>, E>>,
{
    submit(ex, f, token, Start::Dispatch)
}

/// Runs `f` on `ex` as a continuation of the current handler, and delivers its result through
/// `token`: Asio's `defer(ex, token)`, with the function that runs there.
///
/// From inside a handler of `ex`'s context, `f` goes to this thread's private queue (no lock,
/// no wake-up), to run after the current handler. Otherwise as [`post`].
///
/// # Examples
///
/// ```
/// use jeton::{defer, IoContext, UseFuture};
///
/// let io = IoContext::new()?;
/// let n = io.block_on(defer(&io.executor(), || 7, UseFuture))?;
/// assert_eq!(n, 7);
/// # Ok::<(), std::io::Error>(())
/// ```
pub fn defer<E, F, R, T>(ex: &E, f: F, token: T) -> T::Output
where
    E: Execute,
    F: FnOnce() -> R + Send + 'static,
    R: Send + 'static,
    T: CompletionToken<JoinOp<io::Result<R>, E>>,
{
    submit(ex, f, token, Start::Defer)
}

/// Starts `f` as a one-step task on `ex` and launches its output through `token`.
fn submit<E, F, R, T>(ex: &E, f: F, token: T, how: Start) -> T::Output
where
    E: Execute,
    F: FnOnce() -> R + Send + 'static,
    R: Send + 'static,
    T: CompletionToken<JoinOp<io::Result<R>, E>>,
{
    let task = start_task(ex, async move { Ok(f()) }, how).fallible();
    // A plain function has no step to cancel: requests made of the operation are dropped.
    token.launch(JoinOp::new(task, ex.clone(), Arc::new(Request::default())))
}
