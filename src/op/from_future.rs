//! Any future as an operation: how composed operations are written.

use std::future::Future;
use std::pin::Pin;
use std::task::{Context, Poll};

use super::cancellation::CancellationType;
use super::drive;
use super::operation::Operation;
use crate::executor::Execute;

pin_project_lite::pin_project! {
    /// A future paired with an executor, usable with every completion token.
    ///
    /// Made by [`operation`].
    #[must_use = "futures do nothing unless you `.await` or poll them"]
    pub struct FutureOp<F, E> {
        #[pin]
        future: F,
        ex: E,
        honours: CancellationType,
    }
}

/// Turns `future` into an operation whose completions run on `ex`.
///
/// This is how composed operations are written once, over leaf operations, and then work with
/// every token (closures, [`UseFuture`](crate::UseFuture), [`Blocking`](crate::Blocking), ...).
///
/// # Examples
///
/// A composed operation that waits on a timer twice:
///
/// ```
/// use jeton::op::{operation, FutureOp};
/// use jeton::{Blocking, CompletionToken, Executor, IoContext, SteadyTimer, UseFuture};
/// use std::{future::Future, io, pin::Pin, time::Duration};
///
/// type WaitTwice<'a> = FutureOp<Pin<Box<dyn Future<Output = io::Result<()>> + Send + 'a>>, Executor>;
///
/// fn async_wait_twice<'a, T: CompletionToken<WaitTwice<'a>>>(timer: &'a SteadyTimer, token: T) -> T::Output {
///     let fut = async move {
///         timer.expires_after(Duration::from_millis(1));
///         timer.async_wait(UseFuture).await?;
///         timer.expires_after(Duration::from_millis(1));
///         timer.async_wait(UseFuture).await
///     };
///     token.launch(operation(&timer.executor(), Box::pin(fut) as Pin<Box<_>>))
/// }
///
/// let io = IoContext::new()?;
/// let timer = SteadyTimer::new(&io.executor());
/// async_wait_twice(&timer, Blocking)?; // no thread runs the context: blocking mode
/// # Ok::<(), std::io::Error>(())
/// ```
pub fn operation<F: Future + Send, E: Execute>(ex: &E, future: F) -> FutureOp<F, E> {
    FutureOp {
        future,
        ex: ex.clone(),
        honours: CancellationType::TERMINAL,
    }
}

impl<F, E> FutureOp<F, E> {
    /// Sets the cancellation types the operation honours (terminal only by default, as Asio's
    /// `async_compose`): requests of other types do not reach the operations it awaits.
    ///
    /// Honour [`PARTIAL`](CancellationType::PARTIAL) only if the future reports its progress
    /// when an operation it awaits is aborted, and [`TOTAL`](CancellationType::TOTAL) only if
    /// it has no side effect until then.
    ///
    /// # Examples
    ///
    /// ```
    /// use jeton::op::operation;
    /// use jeton::{CancellationType, IoContext};
    ///
    /// let io = IoContext::new()?;
    /// let op = operation(&io.executor(), async { Ok::<_, std::io::Error>(()) })
    ///     .honouring(CancellationType::TERMINAL | CancellationType::PARTIAL);
    /// io.block_on(op)?;
    /// # Ok::<(), std::io::Error>(())
    /// ```
    pub fn honouring(mut self, types: CancellationType) -> FutureOp<F, E> {
        self.honours = types;
        self
    }
}

impl<F: Future, E> Future for FutureOp<F, E> {
    type Output = F::Output;
    fn poll(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<F::Output> {
        let this = self.project();
        let _honoured = drive::honour(*this.honours);
        this.future.poll(cx)
    }
}

impl<F: Future + Send, E: Execute> Operation for FutureOp<F, E> {
    type Executor = E;
    fn executor(&self) -> E {
        self.ex.clone()
    }
}

impl<F, E: std::fmt::Debug> std::fmt::Debug for FutureOp<F, E> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("FutureOp")
            .field("ex", &self.ex)
            .finish_non_exhaustive()
    }
}
