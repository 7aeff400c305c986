//! Closures as completion handlers (callback style).

use std::future::Future;
use std::pin::Pin;
use std::task::{ready, Context, Poll};

use super::completion_token::CompletionToken;
use crate::executor::{BlockTaskSlot, Execute};
use crate::op::Operation;
use crate::runtime::current;
use crate::runtime::tracking::OpTrack;

/// A closure is a completion handler: the operation and the closure become one task on the
/// operation's executor; the closure is called once with the result, on a thread running that
/// executor ([G1](crate::guarantees#g1)), never inside the initiating call
/// ([G2](crate::guarantees#g2)). If the context is dropped first, the
/// closure is dropped uncalled ([G3](crate::guarantees#g3)).
///
/// As in Asio, the operation *starts* inside the initiating call: its first poll happens there
/// (a socket read is tried at once, a timer wait is queued), so `cancel()` right after the call
/// aborts it, and its context counts it as work from then on, whichever executor the closure is
/// bound to. Only the closure waits for a thread running the executor. (Asio's asynchronous
/// operation requirements: an operation is outstanding work from its initiation, and only the
/// completion is never delivered inside the initiating function.)
///
/// The `'static` bound is Asio's buffer-lifetime rule enforced by the compiler: a borrowed
/// buffer cannot be passed with a closure token. What the closure returns is dropped (Asio's
/// handlers return `void`), so `move |_| handle.close()` is a handler too.
impl<Op, F, R> CompletionToken<Op> for F
where
    Op: Operation + 'static,
    Op::Output: Send + 'static,
    F: FnOnce(Op::Output) -> R + Send + 'static,
{
    type Output = ();

    fn launch(self, op: Op) {
        spawn_completion(op, self);
    }
}

/// Runs `op` and then `f` with its output as one task on the operation's executor. The
/// operation starts inside the initiating call, as in Asio (its first poll happens there, so a
/// `cancel()` right after sees it registered); `f` never runs there ([G2](crate::guarantees#g2)),
/// but later on a thread running the executor.
///
/// The task lives in one block from this thread's cache (`BlockTaskSlot`), so in steady state
/// an operation allocates nothing; an operation ready at once keeps its handler and output in
/// the same block, which is queued as the job that calls the handler. The block is taken first,
/// while `op` has not moved, so `op` is copied once, into the block.
pub(super) fn spawn_completion<Op, F, R>(op: Op, f: F)
where
    Op: Operation + 'static,
    Op::Output: Send + 'static,
    F: FnOnce(Op::Output) -> R + Send + 'static,
{
    let track = OpTrack::launch(|| {
        let n = op.trace_name();
        (n.object, n.addr, n.op)
    });
    let ex = op.executor();
    let shut_down = ex.inner_executor().engine().is_shut_down();
    let slot = BlockTaskSlot::take(ex);
    let task = slot.make(Completion {
        stage: Stage::Running { op },
        f: Some(f),
        track,
    });
    if shut_down {
        return; // The context is gone: `task` drops the operation and its handler uncalled.
    }
    // The launch step: the first poll, here, marked so that a handler ready now is queued
    // instead (G2), and never in blocking mode (an initiating call inside a `Blocking` call's
    // poll still starts a reactor-driven operation).
    let _launching = current::LaunchGuard::enter();
    task.run();
}

pin_project_lite::pin_project! {
    /// An operation followed by its completion handler.
    struct Completion<Op, F, O> {
        #[pin]
        stage: Stage<Op, O>,
        f: Option<F>,
        // Handler tracking and the `tracing` span; its drop reports a handler never called.
        track: OpTrack,
    }
}

pin_project_lite::pin_project! {
    /// Where a [`Completion`] is: its operation runs, or it completed inside the initiating
    /// call and its output waits for the handler's turn.
    #[project = StageProj]
    enum Stage<Op, O> {
        Running { #[pin] op: Op },
        Ready { out: Option<O> },
    }
}

impl<Op, F, R> Future for Completion<Op, F, Op::Output>
where
    Op: Operation,
    Op::Output: Send + 'static,
    F: FnOnce(Op::Output) -> R + Send + 'static,
{
    type Output = ();

    fn poll(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<()> {
        let mut this = self.project();
        let out = match this.stage.as_mut().project() {
            StageProj::Ready { out } => out.take().expect("polled once after it was queued"),
            StageProj::Running { op } => {
                let launching = current::is_launching();
                let out = ready!(this.track.in_span(|| op.poll(cx)));
                if launching {
                    // Completed inside the initiating call, where the handler must not run
                    // (G2): the operation is dropped now and the output kept here, and the
                    // task wakes itself, so it is queued once this poll ends, as a
                    // continuation of the running handler (from inside one it stays on this
                    // thread's private queue). Its next run calls the handler: no second
                    // poll of the operation, no second allocation.
                    this.stage.set(Stage::Ready { out: Some(out) });
                    cx.waker().wake_by_ref();
                    return Poll::Pending;
                }
                out
            }
        };
        let f = this.f.take().expect("handler called once");
        let _entered = this.track.enter();
        f(out);
        Poll::Ready(())
    }
}
