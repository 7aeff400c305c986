//! `Cancellable`: a spawned future polled with its task's own cancellation request, so that a
//! request made of the `JoinOp` that awaits it reaches the operation the task is waiting on.

use std::future::Future;
use std::pin::Pin;
use std::sync::Arc;
use std::task::{Context, Poll};

use crate::op::cancellation::Request;

pin_project_lite::pin_project! {
    /// A task's future and the request its `JoinOp` forwards to it.
    pub(super) struct Cancellable<F> {
        #[pin]
        future: F,
        request: Arc<Request>,
    }
}

impl<F> Cancellable<F> {
    /// Wraps `future`; `request` is shared with the task's `JoinOp`.
    pub(super) fn new(future: F, request: Arc<Request>) -> Cancellable<F> {
        Cancellable { future, request }
    }
}

impl<F: Future> Future for Cancellable<F> {
    type Output = F::Output;

    fn poll(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<F::Output> {
        let this = self.project();
        this.request.poll_under(cx, |cx| this.future.poll(cx))
    }
}
