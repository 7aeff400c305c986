//! Closures as completion handlers (callback style).

use std::future::Future;
use std::pin::Pin;
use std::task::{ready, Context, Poll};

use super::completion_token::CompletionToken;
use crate::executor::{make_task, Execute};
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
/// but later on a thread
/// running the executor.
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
    let completion = Completion {
        op,
        f: Some(f),
        track,
    };
    let (runnable, task) = make_task(ex, completion);
    task.detach();
    if shut_down {
        return; // The context is gone: `runnable` drops the operation and its handler uncalled.
    }
    // The launch step: the first poll, here, marked so that a handler ready now is posted
    // instead (G2), and never in blocking mode (an initiating call inside a `Blocking` call's
    // poll still starts a reactor-driven operation).
    let _launching = current::LaunchGuard::enter();
    runnable.run();
}

pin_project_lite::pin_project! {
    /// An operation followed by its completion handler.
    struct Completion<Op, F> {
        #[pin]
        op: Op,
        f: Option<F>,
        // Handler tracking and the `tracing` span; its drop reports a handler never called.
        track: OpTrack,
    }
}

impl<Op, F, R> Future for Completion<Op, F>
where
    Op: Operation,
    Op::Output: Send + 'static,
    F: FnOnce(Op::Output) -> R + Send + 'static,
{
    type Output = ();

    fn poll(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<()> {
        let this = self.project();
        // Inside the initiating call, where the handler must be queued if the operation is
        // ready (G2): the executor to queue it on, asked for now (an operation need not
        // answer once complete).
        let launch_ex = current::is_launching().then(|| this.op.executor());
        let out = {
            let op = this.op;
            ready!(this.track.in_span(|| op.poll(cx)))
        };
        let f = this.f.take().expect("handler called once");
        if let Some(ex) = launch_ex {
            // Completed inside the initiating call: the handler is queued on the operation's
            // executor with its result, as a continuation of the running handler (from
            // inside one it stays on this thread's private queue), and the task ends here: no
            // second poll. The queued job is outstanding work from now on, so the task's own
            // work can go.
            let mut track = this.track.take();
            ex.defer(move || {
                let _entered = track.enter();
                f(out);
            });
            return Poll::Ready(());
        }
        let _entered = this.track.enter();
        f(out);
        Poll::Ready(())
    }
}
