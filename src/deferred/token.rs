//! `Deferred` and `deferred(f)`: the tokens that package an operation instead of starting it.

use std::future::Future;

use super::deferred_op::DeferredOp;
use super::then::Then;
use crate::op::Operation;
use crate::tokens::CompletionToken;

/// Makes an initiating function return the operation packaged, not started: a [`DeferredOp`]
/// that is started later with any token, awaited, or chained (Asio's `deferred`).
///
/// Every jeton operation is lazy until it is driven, so `Deferred` and
/// [`UseFuture`](crate::UseFuture) build the same operation; what `Deferred` adds is the
/// [`DeferredOp`] around it: [`start`](DeferredOp::start) with a token (the token-taking form
/// Asio users write as `op(token)`), [`then`](DeferredOp::then) chaining, and the parallel
/// operators [`and`](crate::parallel_group::OperationExt::and) /
/// [`or`](crate::parallel_group::OperationExt::or).
///
/// # Examples
///
/// Asio's `deferred_1`: a timer wait packaged, then started with a closure.
///
/// ```
/// use jeton::{Deferred, IoContext, SteadyTimer};
/// use std::time::Duration;
///
/// let io = IoContext::new()?;
/// let timer = SteadyTimer::with_duration(&io.executor(), Duration::from_millis(1));
/// let op = timer.async_wait(Deferred); // nothing starts yet
/// let (tx, rx) = std::sync::mpsc::channel();
/// op.start(move |r: std::io::Result<()>| tx.send(r.is_ok()).unwrap());
/// io.run();
/// assert!(rx.recv().unwrap());
/// # Ok::<(), std::io::Error>(())
/// ```
#[derive(Clone, Copy, Debug, Default)]
pub struct Deferred;

impl<Op: Operation> CompletionToken<Op> for Deferred {
    type Output = DeferredOp<Op>;

    fn launch(self, op: Op) -> DeferredOp<Op> {
        DeferredOp::new(op)
    }
}

/// A token that packages the operation followed by a continuation. Made by [`deferred()`].
#[derive(Clone, Copy, Debug)]
pub struct DeferredFn<F> {
    next: F,
}

/// Returns a token that packages the operation followed by `next`: the initiating function
/// returns `DeferredOp` of "the operation, then `next(result)`" (Asio's
/// `deferred(function)`).
///
/// `next` returns what comes after: another operation (packaged with [`Deferred`] or
/// [`UseFuture`](crate::UseFuture)), a value ([`values`](super::values)), a choice between
/// them ([`when`](super::when)), or any other future. `op.async_x(deferred(f))` is
/// `op.async_x(Deferred).then(f)`.
///
/// # Examples
///
/// Asio's `deferred_2`: the first wait's continuation starts a second wait.
///
/// ```
/// use jeton::{deferred, Deferred, IoContext, SteadyTimer};
/// use std::time::Duration;
///
/// let io = IoContext::new()?;
/// let timer = SteadyTimer::with_duration(&io.executor(), Duration::from_millis(1));
/// let op = timer.async_wait(deferred(|r: std::io::Result<()>| {
///     println!("first timer wait finished: {r:?}");
///     timer.expires_after(Duration::from_millis(1));
///     timer.async_wait(Deferred)
/// }));
/// op.start(jeton::Blocking)?;
/// # Ok::<(), std::io::Error>(())
/// ```
pub fn deferred<F>(next: F) -> DeferredFn<F> {
    DeferredFn { next }
}

impl<Op, F, N> CompletionToken<Op> for DeferredFn<F>
where
    Op: Operation,
    F: FnOnce(Op::Output) -> N + Send,
    N: Future + Send,
{
    type Output = DeferredOp<Then<Op, F, N>>;

    fn launch(self, op: Op) -> Self::Output {
        DeferredOp::new(op).then(self.next)
    }
}
