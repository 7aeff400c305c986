//! Completion tokens: how an operation's result reaches the caller.
//!
//! An initiating function builds an [`Operation`](crate::op::Operation) and calls [`CompletionToken::launch`]; the
//! token decides how the operation is driven and what the initiating function returns. Tokens
//! know nothing about sockets or timers, and I/O objects know nothing about tokens.

mod bind_cancellation_slot;
mod bind_executor;
mod blocking;
pub(crate) mod cancel_after;
mod closure;
mod completion_token;
mod detached;
mod error_slot;
mod redirect_error;
mod use_future;

pub use bind_cancellation_slot::{bind_cancellation_slot, BindCancellationSlot, WithSlot};
pub use bind_executor::{bind_executor, BindExecutor, Bound, BoundExecutor};
pub use blocking::Blocking;
pub use cancel_after::{cancel_after, cancel_at, CancelAfter, WithTimeout};
pub use completion_token::CompletionToken;
pub use detached::Detached;
pub use error_slot::{ErrorSink, ErrorSlot};
pub use redirect_error::{redirect_error, Deliver, Optional, RedirectError, Redirected, Value};
pub use use_future::UseFuture;
