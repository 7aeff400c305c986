//! `CompletionToken`: how an initiating function hands its operation to the caller's choice
//! of delivery.

use crate::op::Operation;

/// Decides how an operation is driven and how its result is delivered.
///
/// | token | `launch` returns | the result goes to |
/// |---|---|---|
/// | closure `FnOnce(Op::Output)` | `()` | the closure, on a thread running the executor, never inside `launch` ([G2](crate::guarantees#g2)) |
/// | [`UseFuture`](crate::UseFuture) | the operation, a `Future` | whoever awaits it, on any executor |
/// | [`Blocking`](crate::Blocking) | `Op::Output` | the calling thread, which drives the operation itself |
/// | [`Detached`](crate::Detached) | `()` | nowhere: the operation runs and its result is dropped |
/// | adapters ([`redirect_error`](crate::redirect_error), [`bind_executor`](crate::bind_executor), [`cancel_after`](crate::cancel_after)) | the inner token's | transformed, then the inner token |
#[diagnostic::on_unimplemented(
    message = "`{Self}` cannot deliver the completion of this operation",
    note = "a closure handler takes the operation's value as its one argument and is `Send + 'static`: annotate the argument (`|r: std::io::Result<usize>| ...`, see the operation's docs for its value) and pass owned buffers (`Vec<u8>`, `buf.slice(..n)`), not borrowed ones; an owned buffer comes back: `|(r, buf): (std::io::Result<usize>, Vec<u8>)|`",
    note = "`redirect_error` delivers `V::default()` after an error: for a value with no `Default` (a `SocketAddr`, a socket) use `redirect_error(token, ec).optional()`"
)]
pub trait CompletionToken<Op: Operation> {
    /// What the initiating function returns.
    type Output;

    /// Starts (or returns) the operation.
    fn launch(self, op: Op) -> Self::Output;
}
