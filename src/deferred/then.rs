//! `Then`: an operation followed by a continuation and whatever the continuation returns.

use std::future::Future;
use std::pin::Pin;
use std::task::{ready, Context, Poll};

use crate::executor::Executor;
use crate::op::Operation;

pin_project_lite::pin_project! {
    /// Where a chain stands: the first operation, with the continuation still to call, or what
    /// the continuation returned.
    #[project = StepProj]
    enum Step<A, F, B> {
        First { #[pin] op: A, next: Option<F> },
        Second { #[pin] op: B },
    }
}

pin_project_lite::pin_project! {
    /// An operation `A`, then `next(result)`, then the future `B` that `next` returned. Made
    /// by [`DeferredOp::then`](super::DeferredOp::then); completes with `B`'s output, on `A`'s
    /// executor.
    #[must_use = "futures do nothing unless you `.await` or poll them"]
    pub struct Then<A: Operation, F, B> {
        #[pin]
        step: Step<A, F, B>,
        // Kept from `A`, which is gone once the chain moves on.
        ex: A::Executor,
        io_ex: Executor,
    }
}

impl<A: Operation, F, B> Then<A, F, B> {
    pub(super) fn new(op: A, next: F) -> Then<A, F, B> {
        Then {
            ex: op.executor(),
            io_ex: op.io_executor(),
            step: Step::First {
                op,
                next: Some(next),
            },
        }
    }
}

impl<A, F, B> Future for Then<A, F, B>
where
    A: Operation,
    F: FnOnce(A::Output) -> B,
    B: Future,
{
    type Output = B::Output;

    fn poll(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<B::Output> {
        let mut this = self.project();
        loop {
            match this.step.as_mut().project() {
                StepProj::First { op, next } => {
                    let out = ready!(op.poll(cx));
                    let next = next.take().expect("Then polled after completion");
                    let second = next(out);
                    this.step.set(Step::Second { op: second });
                }
                StepProj::Second { op } => return op.poll(cx),
            }
        }
    }
}

impl<A, F, B> Operation for Then<A, F, B>
where
    A: Operation,
    F: FnOnce(A::Output) -> B + Send,
    B: Future + Send,
{
    type Executor = A::Executor;
    fn executor(&self) -> A::Executor {
        self.ex.clone()
    }
    fn io_executor(&self) -> Executor {
        self.io_ex.clone()
    }
}

impl<A: Operation, F, B> std::fmt::Debug for Then<A, F, B> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let step = match self.step {
            Step::First { .. } => "first",
            Step::Second { .. } => "second",
        };
        f.debug_struct("Then")
            .field("step", &step)
            .finish_non_exhaustive()
    }
}
