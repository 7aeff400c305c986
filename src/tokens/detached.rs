//! `Detached`: run the operation, drop its result.

use super::completion_token::CompletionToken;
use crate::op::Operation;

/// Starts the operation as a task on its executor and ignores its result (Asio's `detached`).
///
/// # Examples
///
/// ```
/// use jeton::{co_spawn, Detached, IoContext};
///
/// let io = IoContext::new()?;
/// let (tx, rx) = std::sync::mpsc::channel();
/// co_spawn(&io.executor(), async move { tx.send(1).unwrap() }, Detached);
/// io.run();
/// assert_eq!(rx.recv().unwrap(), 1);
/// # Ok::<(), std::io::Error>(())
/// ```
#[derive(Clone, Copy, Debug, Default)]
pub struct Detached;

impl<Op> CompletionToken<Op> for Detached
where
    Op: Operation + 'static,
    Op::Output: Send + 'static,
{
    type Output = ();

    fn launch(self, op: Op) {
        super::closure::spawn_completion(op, drop);
    }
}
