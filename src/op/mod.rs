//! The operation core: the `Operation` trait, blocking mode, and the leaf waits every I/O object
//! is built from.
//!
//! An operation is a future plus the executor it belongs to. Tokens decide how it is driven
//! (a task for closures, the caller's executor for [`UseFuture`](crate::UseFuture), the calling
//! thread for [`Blocking`](crate::Blocking)). Leaf waits are few: readiness of a registered
//! descriptor, a deadline, a helper thread's result. Each checks whether the thread is in
//! blocking mode and, if so, adds its descriptor or deadline to the thread's wait set instead of
//! registering with the reactor, so composed operations built from them work under every token
//! unchanged.
//!
//! # Extending the core
//!
//! Everything that decorates an operation is an adapter that wraps its future, so it needs no
//! change in any I/O object: [`cancel_after`](crate::cancel_after) races the operation against a
//! deadline leaf and drops it (terminal cancellation); a cancellation-slot adapter would race it
//! against a signal the same way; a `deferred` token is [`UseFuture`](crate::UseFuture) itself
//! (Rust futures are lazy); a stackful coroutine would be one more driver of the same futures, as
//! [`block_on`] is. Partial cancellation that must keep an operation's progress (bytes already
//! moved) is the I/O object's `cancel()`, which completes pending operations instead of
//! dropping them.

pub(crate) mod blocking;
pub(crate) mod deadline;
mod from_future;
pub(crate) mod helper;
pub(crate) mod io_source;
pub(crate) mod readiness;

use std::future::Future;

use crate::executor::{Execute, Executor};

pub use blocking::block_on;
pub use from_future::{operation, FutureOp};

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

    /// Returns the executor of the context the operation waits on (Asio's I/O executor). A
    /// token that runs the completion elsewhere keeps work counted on this context too, so its
    /// `run()` does not return while the operation is pending (Asio A5). Adapters forward it.
    fn io_executor(&self) -> Executor {
        self.executor().inner_executor().clone()
    }
}
