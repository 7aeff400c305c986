//! Completion tokens: how an operation's result reaches the caller.
//!
//! An initiating function builds an [`Operation`] and calls [`CompletionToken::launch`]; the
//! token decides how the operation is driven and what the initiating function returns. Tokens
//! know nothing about sockets or timers, and I/O objects know nothing about tokens.

mod bind_executor;
mod blocking;
mod cancel_after;
mod closure;
mod detached;
mod redirect_error;
mod use_future;

pub use bind_executor::{bind_executor, BindExecutor, Bound};
pub use blocking::Blocking;
pub use cancel_after::{cancel_after, CancelAfter, WithTimeout};
pub use detached::Detached;
pub use redirect_error::{redirect_error, RedirectError, Redirected};
pub use use_future::UseFuture;

use crate::op::Operation;

/// Decides how an operation is driven and how its result is delivered.
///
/// | token | `launch` returns | the result goes to |
/// |---|---|---|
/// | closure `FnOnce(Op::Output)` | `()` | the closure, on a thread running the executor, never inside `launch` (G2) |
/// | [`UseFuture`] | the operation, a `Future` | whoever awaits it, on any executor |
/// | [`Blocking`] | `Op::Output` | the calling thread, which drives the operation itself |
/// | [`Detached`] | `()` | nowhere: the operation runs and its result is dropped |
/// | adapters ([`redirect_error`], [`bind_executor`], [`cancel_after`]) | the inner token's | transformed, then the inner token |
pub trait CompletionToken<Op: Operation> {
    /// What the initiating function returns.
    type Output;

    /// Starts (or returns) the operation.
    fn launch(self, op: Op) -> Self::Output;
}
