//! `JoinOp`: the output of a spawned task, as an operation.

use std::future::Future;
use std::pin::Pin;
use std::sync::Arc;
use std::task::{Context, Poll};

use super::task_output::TaskOutput;
use crate::error;
use crate::executor::Execute;
use crate::op::cancellation::{CancellationType, Request};
use crate::op::drive;
use crate::op::Operation;

/// The output of a task started by [`co_spawn`](crate::co_spawn) (or a function run by
/// [`post`](crate::post), [`dispatch`](crate::dispatch) or [`defer`](crate::defer), or a
/// stackful coroutine started by `spawn`), as an operation.
///
/// Dropping it detaches the task: the task runs to the end, its output is dropped.
///
/// If the task's context is dropped before it finishes, it completes with
/// [`TaskOutput::context_dropped`] (an `Err` of [`error::shut_down`]) for `co_spawn`, and with
/// `Err` of a panic payload that is that [`io::Error`](std::io::Error) for `spawn`, whoever
/// awaits it.
///
/// # Cancellation
///
/// Honours terminal cancellation, as Asio's `co_spawn`: a request made of it (through
/// [`bind_cancellation_slot`](crate::bind_cancellation_slot) or
/// [`cancel_after`](crate::cancel_after)) is forwarded to the task, where the operation it is
/// waiting on (and every later one) completes with the aborted error; the task then returns
/// what it makes of that, usually the error.
///
/// # Panics
///
/// Polling it panics if the task panicked (the panic itself propagated out of the `run()` call
/// that polled the task).
#[must_use = "futures do nothing unless you `.await` or poll them"]
pub struct JoinOp<T, E> {
    task: Option<async_task::FallibleTask<T>>,
    ex: E,
    /// The task's own cancellation request, which this operation forwards to.
    request: Arc<Request>,
    /// The output of a task its context dropped unfinished.
    dropped: fn(std::io::Error) -> T,
}

impl<T: TaskOutput, E> JoinOp<T, E> {
    /// Wraps the task of a spawned future, completing on `ex`; `request` is the task's own
    /// cancellation request.
    pub(crate) fn new(
        task: async_task::FallibleTask<T>,
        ex: E,
        request: Arc<Request>,
    ) -> JoinOp<T, E> {
        JoinOp::with_dropped(task, ex, request, T::context_dropped)
    }
}

impl<T, E> JoinOp<T, E> {
    /// Wraps the task of a spawned future, completing on `ex`, with `dropped(error)` if its
    /// context drops it unfinished.
    pub(crate) fn with_dropped(
        task: async_task::FallibleTask<T>,
        ex: E,
        request: Arc<Request>,
        dropped: fn(std::io::Error) -> T,
    ) -> JoinOp<T, E> {
        JoinOp {
            task: Some(task),
            ex,
            request,
            dropped,
        }
    }
}

impl<T, E: Execute> Future for JoinOp<T, E> {
    type Output = T;
    fn poll(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<T> {
        // A terminal request (Asio's co_spawn honours terminal only) goes on to the task,
        // whose awaited operation then completes aborted; the task decides what it returns.
        if drive::cancelled(CancellationType::TERMINAL).is_some() {
            self.request.emit(CancellationType::TERMINAL);
        }
        let task = self.task.as_mut().expect("JoinOp polled after completion");
        let out = std::task::ready!(Pin::new(task).poll(cx));
        self.task = None;
        Poll::Ready(match out {
            Some(out) => out,
            None if self.ex.inner_executor().engine().is_shut_down() => {
                (self.dropped)(error::shut_down())
            }
            None => panic!("the spawned task panicked"),
        })
    }
}

impl<T, E> Unpin for JoinOp<T, E> {}

impl<T: Send, E: Execute> Operation for JoinOp<T, E> {
    type Executor = E;
    fn executor(&self) -> E {
        self.ex.clone()
    }
    fn trace_name(&self) -> crate::op::OpName {
        crate::op::OpName::new("executor", "co_spawn")
    }
}

impl<T, E> Drop for JoinOp<T, E> {
    fn drop(&mut self) {
        if let Some(task) = self.task.take() {
            task.detach();
        }
    }
}

impl<T, E: std::fmt::Debug> std::fmt::Debug for JoinOp<T, E> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("JoinOp")
            .field("done", &self.task.is_none())
            .field("ex", &self.ex)
            .finish()
    }
}
