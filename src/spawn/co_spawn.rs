//! `co_spawn`: start a future as a task, with its output delivered through a token (Asio's
//! `co_spawn`, the coroutine style).

use std::future::Future;
use std::sync::Arc;

use super::cancellable::Cancellable;
use super::join_op::JoinOp;
use super::task_output::TaskOutput;
use crate::executor::{start_task, Execute, Start};
use crate::op::cancellation::Request;
use crate::tokens::CompletionToken;

/// Starts `future` as a task on `ex`, and delivers its output through `token`.
///
/// This is Asio's `co_spawn`: the coroutine style. The task runs on threads running the
/// executor's context (inside the strand, for a [`Strand`](crate::Strand)). Its output goes to
/// the token:
/// - a closure: called with the output on the executor;
/// - [`UseFuture`](crate::UseFuture): returns a [`JoinOp`] future of the output; dropping it
///   detaches the task, which still runs to the end;
/// - [`Blocking`](crate::Blocking): waits for the output on the calling thread (another thread
///   must run the context);
/// - [`Detached`](crate::Detached): ignores it.
///
/// # Where the body starts
///
/// As in Asio, `co_spawn` *dispatches* the start: called from a thread already running `ex`
/// (a handler or task of its context, or inside the strand for a
/// [`Strand`](crate::Strand)), the body runs inline inside this call up to its first
/// suspension; called from anywhere else, its first step is queued on `ex`. (Nested inline
/// starts are bounded, so a chain of tasks each spawning the next from its first step queues
/// past 16 levels instead of overflowing the stack.) The completion is never delivered
/// inside this call ([G2](crate::guarantees#g2)), even when the body finished inline.
///
/// A panic in the task propagates out of the call that polled it (this `co_spawn`, for an
/// inline first step, or `run()`); awaiting its `JoinOp` then panics too.
///
/// # Examples
///
/// ```
/// use jeton::{co_spawn, IoContext, SteadyTimer, UseFuture};
/// use std::time::Duration;
///
/// let io = IoContext::new()?;
/// let ex = io.executor();
/// let (tx, rx) = std::sync::mpsc::channel();
/// co_spawn(&ex, {
///     let ex = ex.clone();
///     async move {
///         let timer = SteadyTimer::new(&ex);
///         timer.expires_after(Duration::from_millis(1));
///         timer.async_wait(UseFuture).await.map(|()| 42)
///     }
/// }, move |result: std::io::Result<i32>| tx.send(result.unwrap()).unwrap());
/// io.run();
/// assert_eq!(rx.recv().unwrap(), 42);
/// # Ok::<(), std::io::Error>(())
/// ```
pub fn co_spawn<E, F, T>(ex: &E, future: F, token: T) -> T::Output
where
    E: Execute,
    F: Future + Send + 'static,
    F::Output: TaskOutput,
    T: CompletionToken<JoinOp<F::Output, E>>,
{
    let request = Arc::new(Request::default());
    let task = start_task(
        ex,
        Cancellable::new(future, request.clone()),
        Start::Dispatch,
    )
    .fallible();
    token.launch(JoinOp::new(task, ex.clone(), request))
}
