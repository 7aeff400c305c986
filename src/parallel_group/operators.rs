//! `a.and(b)` and `a.or(b)`: two operations in parallel, the second cancelled when the first
//! decides the outcome (Asio's awaitable operators `&&` and `||`).

use std::future::Future;
use std::pin::Pin;
use std::task::{ready, Context, Poll};

use futures::future::Either;

use super::condition::{
    wait_for_one_error, wait_for_one_success, WaitForOneError, WaitForOneSuccess,
};
use super::tuple::Members2;
use super::wait::{make_parallel_group, GroupWait};
use crate::deferred::DeferredOp;
use crate::op::Operation;

/// `and` and `or` on every operation.
///
/// Both start the two operations together (a group of two, see
/// [`make_parallel_group`](super::make_parallel_group)), return a [`DeferredOp`] (start it
/// with any token, or await it), and complete on the first operation's executor.
///
/// The operation that did not decide the outcome is cancelled with every cancellation type and
/// its result is dropped: if that result matters (bytes a cancelled read moved, a value a
/// channel receive got just before it was cancelled), use a parallel group, which reports
/// every result.
pub trait OperationExt: Operation + Sized {
    /// Runs both operations; completes with both values, or with the first error, cancelling
    /// the other at once (Asio's `operator&&`, which waits with `wait_for_one_error`).
    ///
    /// Equivalent to: `async fn and(self, other) -> Result<(T, U), E>`.
    ///
    /// # Examples
    ///
    /// ```
    /// use jeton::parallel_group::OperationExt;
    /// use jeton::{error, Blocking, IoContext, SteadyTimer, UseFuture};
    /// use std::time::Duration;
    ///
    /// let io = IoContext::new()?;
    /// let ex = io.executor();
    /// let (a, b) = (SteadyTimer::new(&ex), SteadyTimer::new(&ex));
    /// a.expires_after(Duration::from_millis(1));
    /// b.expires_after(Duration::from_millis(2));
    /// a.async_wait(UseFuture).and(b.async_wait(UseFuture)).start(Blocking)?;
    ///
    /// // An error ends it at once: the 60 s wait is cancelled.
    /// b.expires_after(Duration::from_secs(60));
    /// let e = jeton::op::block_on(async {
    ///     let failing = async { Err::<(), _>(std::io::Error::other("boom")) };
    ///     jeton::op::operation(&ex, failing).and(b.async_wait(UseFuture)).await
    /// }).unwrap_err();
    /// assert_eq!(e.to_string(), "boom");
    /// # Ok::<(), std::io::Error>(())
    /// ```
    fn and<B, T, U, E>(self, other: B) -> DeferredOp<And<Self, B>>
    where
        Self: Operation<Output = Result<T, E>>,
        B: Operation<Output = Result<U, E>>,
        T: Send,
        U: Send,
        E: Send,
    {
        DeferredOp::new(And {
            wait: make_parallel_group((self, other)).wait(wait_for_one_error()),
        })
    }

    /// Runs both operations; completes with the first success, as [`Either::Left`] (this
    /// one) or [`Either::Right`] (`other`), cancelling the other at once; if both fail, with
    /// the first error (Asio's `operator||`, which waits with `wait_for_one_success`).
    ///
    /// Equivalent to: `async fn or(self, other) -> Result<Either<T, U>, E>`.
    ///
    /// # Examples
    ///
    /// A wait raced against a timeout:
    ///
    /// ```
    /// use jeton::deferred::Either;
    /// use jeton::parallel_group::OperationExt;
    /// use jeton::{Blocking, IoContext, SteadyTimer, UseFuture};
    /// use std::time::Duration;
    ///
    /// let io = IoContext::new()?;
    /// let ex = io.executor();
    /// let (work, timeout) = (SteadyTimer::new(&ex), SteadyTimer::new(&ex));
    /// work.expires_after(Duration::from_secs(60));
    /// timeout.expires_after(Duration::from_millis(2));
    /// let first = work.async_wait(UseFuture).or(timeout.async_wait(UseFuture)).start(Blocking)?;
    /// assert!(matches!(first, Either::Right(())));
    /// # Ok::<(), std::io::Error>(())
    /// ```
    fn or<B, T, U, E>(self, other: B) -> DeferredOp<Or<Self, B>>
    where
        Self: Operation<Output = Result<T, E>>,
        B: Operation<Output = Result<U, E>>,
        T: Send,
        U: Send,
        E: Send,
    {
        DeferredOp::new(Or {
            wait: make_parallel_group((self, other)).wait(wait_for_one_success()),
        })
    }
}

impl<Op: Operation> OperationExt for Op {}

pin_project_lite::pin_project! {
    /// Two operations, both needed. Made by [`OperationExt::and`].
    #[must_use = "futures do nothing unless you `.await` or poll them"]
    pub struct And<A, B>
    where
        A: Operation,
        B: Operation,
        A::Output: super::condition::Fallible,
        B::Output: super::condition::Fallible,
    {
        #[pin]
        wait: GroupWait<Members2<A, B>, WaitForOneError, A::Executor>,
    }
}

pin_project_lite::pin_project! {
    /// Two operations, the first success wins. Made by [`OperationExt::or`].
    #[must_use = "futures do nothing unless you `.await` or poll them"]
    pub struct Or<A, B>
    where
        A: Operation,
        B: Operation,
        A::Output: super::condition::Fallible,
        B::Output: super::condition::Fallible,
    {
        #[pin]
        wait: GroupWait<Members2<A, B>, WaitForOneSuccess, A::Executor>,
    }
}

impl<A, B, T, U, E> Future for And<A, B>
where
    A: Operation<Output = Result<T, E>>,
    B: Operation<Output = Result<U, E>>,
{
    type Output = Result<(T, U), E>;

    fn poll(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Self::Output> {
        let (order, results) = ready!(self.project().wait.poll(cx));
        Poll::Ready(match results {
            (Ok(a), Ok(b)) => Ok((a, b)),
            (Err(ea), Err(eb)) => Err(if order[0] == 0 { ea } else { eb }),
            (Err(e), _) | (_, Err(e)) => Err(e),
        })
    }
}

impl<A, B, T, U, E> Future for Or<A, B>
where
    A: Operation<Output = Result<T, E>>,
    B: Operation<Output = Result<U, E>>,
{
    type Output = Result<Either<T, U>, E>;

    fn poll(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Self::Output> {
        let (order, results) = ready!(self.project().wait.poll(cx));
        let first = order[0] == 0;
        Poll::Ready(match results {
            (Ok(a), Ok(_)) if first => Ok(Either::Left(a)),
            (Ok(_), Ok(b)) => Ok(Either::Right(b)),
            (Ok(a), Err(_)) => Ok(Either::Left(a)),
            (Err(_), Ok(b)) => Ok(Either::Right(b)),
            (Err(ea), Err(eb)) => Err(if first { ea } else { eb }),
        })
    }
}

/// Implements `Operation` and `Debug` for an operator, forwarding to its group.
macro_rules! operator_operation {
    ($name:ident) => {
        impl<A, B, T, U, E> Operation for $name<A, B>
        where
            A: Operation<Output = Result<T, E>>,
            B: Operation<Output = Result<U, E>>,
            T: Send,
            U: Send,
            E: Send,
        {
            type Executor = A::Executor;
            fn executor(&self) -> A::Executor {
                self.wait.executor()
            }
        }

        impl<A, B> std::fmt::Debug for $name<A, B>
        where
            A: Operation,
            B: Operation,
            A::Output: super::condition::Fallible,
            B::Output: super::condition::Fallible,
        {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.debug_struct(stringify!($name)).finish_non_exhaustive()
            }
        }
    };
}

operator_operation!(And);
operator_operation!(Or);
