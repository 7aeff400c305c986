//! `Member`: one operation of a parallel group, then its result.

use std::future::Future;
use std::pin::Pin;
use std::task::{ready, Context, Poll};

use super::condition::Fallible;
use crate::op::cancellation::CancellationType;
use crate::op::drive;

pin_project_lite::pin_project! {
    /// One member of a group: its operation while it runs, then its result. The operation is
    /// dropped as soon as it completes, so it releases what it holds before the group
    /// completes.
    pub(crate) struct Member<F: Future> {
        #[pin]
        op: Option<F>,
        out: Option<F::Output>,
    }
}

impl<F: Future> Member<F> {
    pub(crate) fn new(op: F) -> Member<F> {
        Member {
            op: Some(op),
            out: None,
        }
    }

    /// Returns whether the operation still runs.
    pub(crate) fn is_running(&self) -> bool {
        self.op.is_some()
    }

    /// Polls the operation, with `request` in effect if it is not empty (the group's request
    /// that it stop); returns whether its result is a failure once it completes.
    pub(crate) fn poll_member(
        self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        request: CancellationType,
    ) -> Poll<bool>
    where
        F::Output: Fallible,
    {
        let mut this = self.project();
        let op = this
            .op
            .as_mut()
            .as_pin_mut()
            .expect("a member polled after it completed");
        let out = {
            let _request = (!request.is_empty()).then(|| drive::request(request));
            ready!(op.poll(cx))
        };
        this.op.set(None);
        let failed = out.is_error();
        *this.out = Some(out);
        Poll::Ready(failed)
    }

    /// Takes the result.
    pub(crate) fn take(self: Pin<&mut Self>) -> F::Output {
        self.project()
            .out
            .take()
            .expect("a member's result is taken once, after it completed")
    }
}
