//! `bind_cancellation_slot`: bind an operation to a cancellation slot.

use std::future::Future;
use std::pin::Pin;
use std::sync::Arc;
use std::task::{Context, Poll};

use super::completion_token::CompletionToken;
use crate::executor::Executor;
use crate::op::cancellation::{CancellationSlot, Request};
use crate::op::Operation;

/// An adapter that binds the operation to a [`CancellationSlot`]. Made by
/// [`bind_cancellation_slot`].
#[derive(Clone, Debug)]
pub struct BindCancellationSlot<T> {
    slot: CancellationSlot,
    token: T,
}

/// Wraps `token` so the operation is bound to `slot`: a request emitted on the slot's
/// [`CancellationSignal`](crate::CancellationSignal) while the operation is pending reaches
/// it, and it stops if it honours one of the requested types (Asio's
/// `bind_cancellation_slot`).
///
/// The operation replaces any operation bound to the slot before; it is unbound when it
/// completes. Works under every token: a [`Blocking`](crate::Blocking) call is interrupted by a
/// request emitted from another thread. See [`CancellationType`](crate::CancellationType) for
/// what each type means, and each operation's `# Cancellation` section for what it honours.
///
/// # Examples
///
/// A composed read cancelled partially: it completes with the aborted error and the bytes it
/// read, and the socket stays usable.
///
/// ```
/// use jeton::{bind_cancellation_slot, error, io, CancellationSignal, CancellationType};
/// use jeton::{IoContext, UseFuture};
///
/// let ctx = IoContext::new()?;
/// let (a, b) = jeton::net::unix::connect_pair(&ctx.executor())?;
/// a.write_some(b"abc")?;
/// let signal = CancellationSignal::new();
/// let mut buf = [0u8; 8];
/// let read = io::async_read(&b, &mut buf[..], bind_cancellation_slot(signal.slot(), UseFuture));
/// let r = ctx.block_on(async {
///     let mut read = std::pin::pin!(read);
///     // Poll once (the 3 bytes are read), then cancel.
///     futures::poll!(read.as_mut());
///     signal.emit(CancellationType::PARTIAL);
///     read.await
/// });
/// let e = r.unwrap_err();
/// assert!(error::is_aborted(&e));
/// assert_eq!(io::transferred(&e), 3);
/// # Ok::<(), std::io::Error>(())
/// ```
pub fn bind_cancellation_slot<T>(slot: CancellationSlot, token: T) -> BindCancellationSlot<T> {
    BindCancellationSlot { slot, token }
}

pin_project_lite::pin_project! {
    /// An operation bound to a cancellation slot. Made by [`BindCancellationSlot`].
    #[must_use = "futures do nothing unless you `.await` or poll them"]
    pub struct WithSlot<Op> {
        #[pin]
        op: Op,
        slot: CancellationSlot,
        request: Arc<Request>,
    }

    impl<Op> PinnedDrop for WithSlot<Op> {
        fn drop(this: Pin<&mut Self>) {
            let this = this.project();
            this.slot.unbind(this.request);
        }
    }
}

impl<Op: Future> Future for WithSlot<Op> {
    type Output = Op::Output;

    fn poll(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Op::Output> {
        let this = self.project();
        let out = std::task::ready!(this.request.poll_under(cx, |cx| this.op.poll(cx)));
        this.slot.unbind(this.request);
        Poll::Ready(out)
    }
}

impl<Op: Operation> Operation for WithSlot<Op> {
    type Executor = Op::Executor;
    const BINDS_EXECUTOR: bool = Op::BINDS_EXECUTOR;
    fn executor(&self) -> Op::Executor {
        self.op.executor()
    }
    fn io_executor(&self) -> Executor {
        self.op.io_executor()
    }
    fn trace_name(&self) -> crate::op::OpName {
        self.op.trace_name()
    }
}

impl<Op: Operation, T: CompletionToken<WithSlot<Op>>> CompletionToken<Op>
    for BindCancellationSlot<T>
{
    type Output = T::Output;

    fn launch(self, op: Op) -> T::Output {
        let request = Arc::new(Request::default());
        self.slot.bind(&request);
        self.token.launch(WithSlot {
            op,
            slot: self.slot,
            request,
        })
    }
}

impl<Op> std::fmt::Debug for WithSlot<Op> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("WithSlot")
            .field("request", &self.request)
            .finish_non_exhaustive()
    }
}
