//! `UseFuture`: the operation as a future.

use super::completion_token::CompletionToken;
use crate::op::Operation;

/// Makes an initiating function return a `Future` of the operation's result.
///
/// The future holds a handle to its context, not thread-local runtime state, so it can be
/// awaited on any executor: a task on the context (coroutine style, see
/// [`co_spawn`](crate::co_spawn)), [`IoContext::block_on`](crate::IoContext::block_on), or a
/// foreign executor such as `futures::executor::block_on` while another thread runs the context.
/// Like every Rust future it is lazy: the operation waits for nothing until first polled
/// (Asio's `deferred`). Dropping it cancels the operation.
///
/// # Examples
///
/// A foreign executor awaits the future while another thread runs the context. As with Asio's
/// `use_future`, a work guard keeps that `run()` from returning before the future is first
/// polled (it starts only then):
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
