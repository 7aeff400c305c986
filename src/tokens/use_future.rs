//! `UseFuture`: the operation as a future.

use super::completion_token::CompletionToken;
use crate::op::Operation;

/// Makes an initiating function return a `Future` of the operation's result.
///
/// The future holds a handle to its context, not thread-local runtime state, so it can be
/// awaited on any executor: a task on the context (coroutine style, see
/// [`co_spawn`](crate::co_spawn)), [`IoContext::block_on`](crate::IoContext::block_on), or a
/// foreign executor (tokio, smol, `futures::executor::block_on`). Like every Rust future it is
/// lazy: the operation waits for nothing until first polled (Asio's `deferred`). Dropping it
/// cancels the operation.
///
/// # Who runs the context
///
/// A wait completes when a thread turns its context's reactor and timers. Under
/// `IoContext::block_on` that is the calling thread, and in a task the context's own run
/// threads; on a foreign executor it must be someone else:
/// - the I/O object is made on the [`system_executor`](crate::system_executor), a
///   process-wide context that always runs: no setup at all;
/// - or the context runs on [`IoContext::run_in_background`](crate::IoContext::run_in_background)
///   threads while the future is awaited (the handle holds a work guard, so they do not
///   return before the operation starts).
///
/// A thread that calls `run()` itself needs a [`WorkGuard`](crate::WorkGuard) too, as with
/// Asio's `use_future`: without one its `run()` returns as soon as no work is left, possibly
/// before the future's first poll. The rule when nobody runs the context:
/// - a wait that would start on a **stopped** context from outside it completes at once with
///   [`error::not_running`](crate::error::not_running) (an aborted error), instead of waiting
///   forever; a wait already pending when the context stops is kept, and continues after
///   `restart()` ([G5](crate::guarantees#g5));
/// - a wait on a **dropped** context completes with
///   [`error::shut_down`](crate::error::shut_down);
/// - a context that was never run and is not stopped cannot be told from one about to be run:
///   its waits wait.
///
/// # Examples
///
/// On the system context, awaited by a foreign executor, with no setup:
///
/// ```
/// use jeton::{SteadyTimer, UseFuture};
/// use std::time::Duration;
///
/// let timer = SteadyTimer::with_duration(&jeton::system_executor(), Duration::from_millis(5));
/// futures::executor::block_on(timer.async_wait(UseFuture))?;
/// # Ok::<(), std::io::Error>(())
/// ```
///
/// On a context of one's own, run by a thread that a work guard keeps in `run()`:
///
/// ```
/// use jeton::{IoContext, SteadyTimer, UseFuture, WorkGuard};
/// use std::time::Duration;
///
/// let io = std::sync::Arc::new(IoContext::new()?);
/// let guard = WorkGuard::new(&io.executor());
/// let runner = { let io = io.clone(); std::thread::spawn(move || io.run()) };
/// let timer = SteadyTimer::new(&io.executor());
/// timer.expires_after(Duration::from_millis(5));
/// futures::executor::block_on(timer.async_wait(UseFuture))?; // a foreign executor
/// drop(guard);
/// runner.join().unwrap();
/// # Ok::<(), std::io::Error>(())
/// ```
#[derive(Clone, Copy, Debug, Default)]
pub struct UseFuture;

impl<Op: Operation> CompletionToken<Op> for UseFuture {
    type Output = Op;

    fn launch(self, op: Op) -> Op {
        op
    }
}
