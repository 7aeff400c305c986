//! The operation core: the [`Operation`] trait, blocking mode, and the leaf waits every I/O
//! object is built from.
//!
//! An operation is a future plus the executor it belongs to. Tokens decide how it is driven
//! (a task for closures, the caller's executor for [`UseFuture`](crate::UseFuture), the calling
//! thread for [`Blocking`](crate::Blocking)). Leaf waits are few: readiness of a registered
//! descriptor, a deadline, a helper thread's result. Each asks once per poll how it is being
//! driven (`drive`): in blocking mode it adds its descriptor or deadline to the thread's wait
//! set instead of registering with the reactor, so composed operations built from them work
//! under every token unchanged.
//!
//! # Extending the core
//!
//! Everything that decorates an operation is an adapter that wraps its future, so it needs no
//! change in any I/O object: [`cancel_after`](crate::cancel_after) races the operation against a
//! deadline leaf and drops it (terminal cancellation); a cancellation-slot adapter would race it
//! against a signal the same way; the [`Deferred`](crate::Deferred) token packages the same
//! lazy operation for a later start with any token; a stackful coroutine would be one more
//! driver of the same futures, as [`block_on`] is. Partial cancellation that must keep an
//! operation's progress (bytes already moved) is the I/O object's `cancel()`, which completes
//! pending operations instead of dropping them.
//!
//! # Per-thread state
//!
//! All of it lives in one folder of the engine (`runtime/current/`); the op core reads it
//! through `drive` and the blocking driver:
//!
//! | state | set by | read by |
//! |---|---|---|
//! | run frames (contexts this thread runs, private queues) | the run loop | `post`, `running_in_this_thread` |
//! | the task being polled (its context) | tasks, around each poll | `drive`: a leaf in a task of its own context holds no work |
//! | launching (first poll inside an initiating call) | the closure token | the closure token: a ready handler is posted ([G2](crate::guarantees#g2)) |
//! | blocking mode | [`block_on`] (on), the closure token's launch (off) | `drive` |
//! | wait set (descriptors, deadline) | leaf waits in blocking mode | [`block_on`] |
//! | blocking depth, notifiers, spare wait sets | [`block_on`] | [`block_on`] |
//! | strands running | the strand invoker | `Strand::running_in_this_thread` |
//!
//! # Files
//!
//! | file | concept |
//! |---|---|
//! | `operation` | [`Operation`] |
//! | `outcome` | [`Outcome`]: an operation's completion as a result and what comes back with it |
//! | `from_future` | [`operation`], [`FutureOp`]: any future as an operation (composed ops) |
//! | `drive` | how a leaf's poll is driven, and the work it holds |
//! | `blocking` | blocking mode and its driver, [`block_on`] |
//! | `readiness`, `io_source` | the readiness leaf: the one readiness loop; a registered descriptor |
//! | `deadline`, `timer_entry` | the deadline leaf; a timer object's entry in the timer queue |
//! | `helper_wait`, `helper_pool`, `cancel_scope` | the helper leaf, its thread pool, its cancel epoch |
//! | `cancellation` | per-operation cancellation: signals, slots, types, requests |

pub(crate) mod blocking;
pub(crate) mod cancel_scope;
pub(crate) mod cancellation;
pub(crate) mod deadline;
pub(crate) mod drive;
mod from_future;
mod helper_pool;
pub(crate) mod helper_wait;
pub(crate) mod io_source;
mod operation;
mod outcome;
pub(crate) mod readiness;
pub(crate) mod timer_entry;

pub use blocking::block_on;
pub use cancellation::{CancellationSignal, CancellationSlot, CancellationType};
pub use from_future::{operation, FutureOp};
pub use operation::{OpName, Operation};
pub use outcome::Outcome;
