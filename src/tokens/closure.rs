//! Closures as completion handlers (callback style).

use super::CompletionToken;
use crate::executor::spawn_task;
use crate::op::Operation;

/// A closure is a completion handler: the operation and the closure become one task on the
/// operation's executor; the closure is called once with the result, on a thread running that
/// executor (G1), never inside the initiating call (G2). If the context is dropped first, the
/// closure is dropped uncalled (G3).
///
/// The `'static` bound is Asio's buffer-lifetime rule enforced by the compiler: a borrowed
/// buffer cannot be passed with a closure token.
impl<Op, F> CompletionToken<Op> for F
where
    Op: Operation + 'static,
    Op::Output: 'static,
    F: FnOnce(Op::Output) + Send + 'static,
{
    type Output = ();

    fn launch(self, op: Op) {
        let ex = op.executor();
        spawn_task(&ex, async move { self(op.await) }).detach();
    }
}
