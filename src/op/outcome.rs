//! `Outcome`: what an operation completes with, seen as a result and what comes back with it.

use std::io;

/// What an operation completes with, seen as an `io::Result` plus what is handed back with it
/// whatever the result: `io::Result<V>` (nothing), or an owned buffer's `(io::Result<V>, B)`
/// (the buffer). Adapters that look at the result work on both:
/// [`redirect_error`](crate::redirect_error) takes the error out and leaves the buffer,
/// [`cancel_after`](crate::cancel_after) cancels either.
pub trait Outcome: Send + Sized {
    /// The value of a success.
    type Value;

    /// This completion with its result replaced by a `T`: `T` for `io::Result<V>`, `(T, B)`
    /// for `(io::Result<V>, B)`.
    type Map<T: Send>: Send;

    /// Replaces the result with what `f` makes of it, keeping what is handed back.
    fn map<T: Send>(self, f: impl FnOnce(io::Result<Self::Value>) -> T) -> Self::Map<T>;

    /// The completion of an operation that was dropped with error `e`, if one can be made
    /// without the operation: `Err(e)` for `io::Result<V>`; `None` for an owned buffer, which
    /// only the operation can hand back.
    fn without_op(e: io::Error) -> Option<Self>;
}

impl<V: Send> Outcome for io::Result<V> {
    type Value = V;
    type Map<T: Send> = T;
    fn map<T: Send>(self, f: impl FnOnce(io::Result<V>) -> T) -> T {
        f(self)
    }
    fn without_op(e: io::Error) -> Option<io::Result<V>> {
        Some(Err(e))
    }
}

impl<V: Send, B: Send> Outcome for (io::Result<V>, B) {
    type Value = V;
    type Map<T: Send> = (T, B);
    fn map<T: Send>(self, f: impl FnOnce(io::Result<V>) -> T) -> (T, B) {
        (f(self.0), self.1)
    }
    fn without_op(_: io::Error) -> Option<(io::Result<V>, B)> {
        None
    }
}
