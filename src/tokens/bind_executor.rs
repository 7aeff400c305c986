//! `bind_executor`: choose where a completion runs.

use std::future::Future;
use std::pin::Pin;
use std::task::{Context, Poll};

use super::completion_token::CompletionToken;
use crate::executor::execute::private;
use crate::executor::{Execute, Executor};
use crate::op::Operation;
use crate::runtime::Job;

/// An adapter that makes the completion run on a chosen executor. Made by [`bind_executor`].
#[derive(Clone, Debug)]
pub struct BindExecutor<E, T> {
    ex: E,
    token: T,
}

/// Wraps `token` so the completion runs on `ex` (for example a [`Strand`](crate::Strand))
/// instead of the I/O object's executor.
///
/// # Examples
///
/// ```
/// use jeton::{bind_executor, IoContext, SteadyTimer, Strand};
///
/// let io = IoContext::new()?;
/// let strand = Strand::new(&io.executor());
/// let timer = SteadyTimer::new(&io.executor());
/// let s = strand.clone();
/// let (tx, rx) = std::sync::mpsc::channel();
/// timer.async_wait(bind_executor(&strand, move |r: std::io::Result<()>| {
///     tx.send((r.is_ok(), s.running_in_this_thread())).unwrap();
/// }));
/// io.run();
/// assert_eq!(rx.recv().unwrap(), (true, true));
/// # Ok::<(), std::io::Error>(())
/// ```
pub fn bind_executor<E: Execute, T>(ex: &E, token: T) -> BindExecutor<E, T> {
    BindExecutor {
        ex: ex.clone(),
        token,
    }
}

pin_project_lite::pin_project! {
    /// An operation whose completion runs on a bound executor. Made by [`BindExecutor`].
    #[must_use = "futures do nothing unless you `.await` or poll them"]
    pub struct Bound<Op, E> {
        #[pin]
        op: Op,
        ex: E,
    }
}

impl<Op: Future, E> Future for Bound<Op, E> {
    type Output = Op::Output;
    fn poll(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Op::Output> {
        self.project().op.poll(cx)
    }
}

impl<Op: Operation, E: Execute> Operation for Bound<Op, E> {
    type Executor = BoundExecutor<Op::Executor, E>;
    const BINDS_EXECUTOR: bool = true;
    fn executor(&self) -> Self::Executor {
        if Op::BINDS_EXECUTOR {
            BoundExecutor::Outer(self.op.executor())
        } else {
            BoundExecutor::Bound(self.ex.clone())
        }
    }
    fn io_executor(&self) -> crate::executor::Executor {
        self.op.io_executor()
    }
    fn trace_name(&self) -> crate::op::OpName {
        self.op.trace_name()
    }
}

/// The executor a [`Bound`] operation completes on: the one its binding named, or, when the
/// operation was already bound by an outer [`bind_executor`], that outer binding's (Asio: the
/// outermost binding decides).
#[derive(Clone, Debug)]
pub enum BoundExecutor<O, E> {
    /// An outer binding's executor, which takes precedence.
    Outer(O),
    /// The executor this binding named.
    Bound(E),
}

impl<O: Execute, E: Execute> private::Sealed for BoundExecutor<O, E> {
    fn schedule(&self, job: Job, continuation: bool) {
        match self {
            BoundExecutor::Outer(ex) => ex.schedule(job, continuation),
            BoundExecutor::Bound(ex) => ex.schedule(job, continuation),
        }
    }
}

impl<O: Execute, E: Execute> Execute for BoundExecutor<O, E> {
    fn post<F: FnOnce() + Send + 'static>(&self, f: F) {
        match self {
            BoundExecutor::Outer(ex) => ex.post(f),
            BoundExecutor::Bound(ex) => ex.post(f),
        }
    }
    fn dispatch<F: FnOnce() + Send + 'static>(&self, f: F) {
        match self {
            BoundExecutor::Outer(ex) => ex.dispatch(f),
            BoundExecutor::Bound(ex) => ex.dispatch(f),
        }
    }
    fn defer<F: FnOnce() + Send + 'static>(&self, f: F) {
        match self {
            BoundExecutor::Outer(ex) => ex.defer(f),
            BoundExecutor::Bound(ex) => ex.defer(f),
        }
    }
    fn running_in_this_thread(&self) -> bool {
        match self {
            BoundExecutor::Outer(ex) => ex.running_in_this_thread(),
            BoundExecutor::Bound(ex) => ex.running_in_this_thread(),
        }
    }
    fn inner_executor(&self) -> &Executor {
        match self {
            BoundExecutor::Outer(ex) => ex.inner_executor(),
            BoundExecutor::Bound(ex) => ex.inner_executor(),
        }
    }
}

impl<Op: Operation, E: Execute, T: CompletionToken<Bound<Op, E>>> CompletionToken<Op>
    for BindExecutor<E, T>
{
    type Output = T::Output;

    fn launch(self, op: Op) -> T::Output {
        self.token.launch(Bound { op, ex: self.ex })
    }
}
