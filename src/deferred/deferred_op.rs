//! `DeferredOp`: an operation packaged and not yet started.

use std::future::Future;
use std::ops::BitOr;
use std::pin::Pin;
use std::task::{Context, Poll};

use super::then::Then;
use crate::executor::Executor;
use crate::op::Operation;
use crate::tokens::CompletionToken;

pin_project_lite::pin_project! {
    /// An operation packaged without being started (Asio's deferred asynchronous operation).
    /// Made by the [`Deferred`](super::Deferred) token, by [`deferred()`](super::deferred()),
    /// by [`then`](DeferredOp::then), and by the parallel operators.
    ///
    /// Start it with any token ([`start`](DeferredOp::start), or `op | token` as Asio's
    /// pipe), chain a continuation ([`then`](DeferredOp::then)), make it a member of a
    /// [parallel group](crate::parallel_group), or await it: it is itself an operation.
    ///
    /// # Cancellation
    ///
    /// A request reaches the step in flight, which honours what its own `# Cancellation`
    /// says. A step that completes aborted still has its continuation called, with the aborted
    /// result: the continuation decides whether to go on (`when(r.is_ok())` stops the chain),
    /// and an operation it starts while the request is in effect is aborted at once.
    ///
    /// # Examples
    ///
    /// ```
    /// use jeton::{Blocking, Deferred, IoContext, SteadyTimer};
    /// use std::time::Duration;
    ///
    /// let io = IoContext::new()?;
    /// let timer = SteadyTimer::with_duration(&io.executor(), Duration::from_millis(1));
    /// let op = timer.async_wait(Deferred).then(|r| jeton::deferred::values(r.map(|()| 42)));
    /// assert_eq!(op.start(Blocking)?, 42);
    /// # Ok::<(), std::io::Error>(())
    /// ```
    #[must_use = "a deferred operation does nothing until it is started or awaited"]
    pub struct DeferredOp<Op> {
        #[pin]
        op: Op,
    }
}

impl<Op: Operation> DeferredOp<Op> {
    /// Packages `op` (what the [`Deferred`](super::Deferred) token does).
    pub fn new(op: Op) -> DeferredOp<Op> {
        DeferredOp { op }
    }

    /// Starts the operation with `token`, and returns what the token returns: `()` for a
    /// closure (called later on the operation's executor, never inside this call,
    /// [G2](crate::guarantees#g2)), a future for [`UseFuture`](crate::UseFuture), the result
    /// for [`Blocking`](crate::Blocking), ...
    ///
    /// # Examples
    ///
    /// ```
    /// use jeton::{Deferred, IoContext, SteadyTimer, UseFuture};
    ///
    /// let io = IoContext::new()?;
    /// let timer = SteadyTimer::new(&io.executor()); // already expired
    /// let op = timer.async_wait(Deferred);
    /// io.block_on(op.start(UseFuture))?;
    /// # Ok::<(), std::io::Error>(())
    /// ```
    pub fn start<T: CompletionToken<Op>>(self, token: T) -> T::Output {
        token.launch(self.op)
    }

    /// Chains `next` after the operation: the result is a deferred operation that runs this
    /// one, calls `next` with its result, and then runs what `next` returns (an operation, a
    /// [`values`](super::values) future, a [`when`](super::when) choice, or any future),
    /// completing with that.
    ///
    /// The chain's completions run on this operation's executor.
    ///
    /// # Examples
    ///
    /// ```
    /// use jeton::{Blocking, Deferred, IoContext, SteadyTimer};
    /// use std::time::Duration;
    ///
    /// let io = IoContext::new()?;
    /// let timer = SteadyTimer::with_duration(&io.executor(), Duration::from_millis(1));
    /// let twice = timer.async_wait(Deferred).then(|r| {
    ///     r.expect("first wait");
    ///     timer.expires_after(Duration::from_millis(1));
    ///     timer.async_wait(Deferred)
    /// });
    /// twice.start(Blocking)?;
    /// # Ok::<(), std::io::Error>(())
    /// ```
    pub fn then<F, N>(self, next: F) -> DeferredOp<Then<Op, F, N>>
    where
        F: FnOnce(Op::Output) -> N + Send,
        N: Future + Send,
    {
        DeferredOp::new(Then::new(self.op, next))
    }

    /// Returns the operation itself.
    pub fn into_inner(self) -> Op {
        self.op
    }
}

impl<Op: Future> Future for DeferredOp<Op> {
    type Output = Op::Output;
    fn poll(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Op::Output> {
        self.project().op.poll(cx)
    }
}

impl<Op: Operation> Operation for DeferredOp<Op> {
    type Executor = Op::Executor;
    fn executor(&self) -> Op::Executor {
        self.op.executor()
    }
    fn io_executor(&self) -> Executor {
        self.op.io_executor()
    }
}

/// `op | token` starts the operation with the token (Asio's pipe form); with a
/// [`deferred()`](super::deferred()) token it chains a continuation, since starting an
/// operation with that token is chaining:
/// `timer.async_wait(Deferred) | deferred(f) | Blocking`.
impl<Op: Operation, T: CompletionToken<Op>> BitOr<T> for DeferredOp<Op> {
    type Output = T::Output;
    fn bitor(self, token: T) -> T::Output {
        self.start(token)
    }
}

impl<Op> std::fmt::Debug for DeferredOp<Op> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("DeferredOp").finish_non_exhaustive()
    }
}
