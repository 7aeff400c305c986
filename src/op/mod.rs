//! The operation core: the `Operation` trait, blocking mode, and the leaf waits every I/O object
//! is built from.
//!
//! An operation is a future plus the executor it belongs to. Tokens decide how it is driven
//! (a task for closures, the caller's executor for [`UseFuture`](crate::UseFuture), the calling
//! thread for [`Blocking`](crate::Blocking)). Leaf waits are few: readiness of a registered
//! descriptor ([`readiness`]), a deadline ([`deadline`]), a helper thread's result. Each checks
//! [`blocking::is_active`] and, in blocking mode, adds its descriptor or deadline to the
//! thread's wait set instead of registering with the reactor, so composed operations built
//! from them work under every token unchanged.

pub(crate) mod blocking;
pub(crate) mod deadline;
mod from_future;
pub(crate) mod helper;
pub(crate) mod io_source;
pub(crate) mod readiness;

use std::future::Future;

use crate::executor::Execute;

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
}
