//! `Operation`: an asynchronous operation, a future that knows its executor.

use std::future::Future;

use crate::executor::{Execute, Executor};

/// An asynchronous operation: a future that knows its executor.
///
/// `executor()` is the executor a completion handler runs on by default: the I/O object's
/// (Asio's I/O executor), or the one bound with [`bind_executor`](crate::bind_executor).
/// Cancellation is by drop (Asio's terminal cancellation): dropping an operation's future
/// withdraws it from the reactor and timer queue; I/O objects' `cancel()` completes pending
/// operations with [`error::aborted`](crate::error::aborted).
pub trait Operation: Future + Send {
    /// The executor type completions run on.
    type Executor: Execute;

    /// Returns the executor completions run on by default.
    fn executor(&self) -> Self::Executor;

    /// Whether [`executor`](Operation::executor) was chosen by
    /// [`bind_executor`](crate::bind_executor). A binding around an operation already bound
    /// keeps the earlier choice, which is the outer binding's: in
    /// `bind_executor(outer, bind_executor(inner, h))` the outer one decides, as in Asio.
    /// Adapters forward it.
    const BINDS_EXECUTOR: bool = false;

    /// Returns the executor of the context the operation waits on (Asio's I/O executor). A
    /// token that runs the completion elsewhere keeps work counted on this context too, so its
    /// `run()` does not return while the operation is pending. Adapters forward it.
    fn io_executor(&self) -> Executor {
        self.executor().inner_executor().clone()
    }
}
