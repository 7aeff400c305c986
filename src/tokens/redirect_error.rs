//! `redirect_error`: the error-code out-parameter form.

use std::future::Future;
use std::io;
use std::pin::Pin;
use std::task::{ready, Context, Poll};

use super::completion_token::CompletionToken;
use crate::op::Operation;

/// An adapter that stores an operation's error in a caller's variable and passes only the
/// value on. Made by [`redirect_error`].
#[derive(Debug)]
pub struct RedirectError<'a, T> {
    token: T,
    ec: &'a mut Option<io::Error>,
}

/// Wraps `token` so that an operation completing with `io::Result<V>` stores its error in `ec`
/// (`None` on success) and delivers `V` (`V::default()` on error) to `token`.
///
/// This is Asio's `redirect_error(token, ec)`, mostly used with [`Blocking`](crate::Blocking)
/// for synchronous calls that report errors through an out-parameter instead of a `Result`.
///
/// # Examples
///
/// ```
/// use jeton::{redirect_error, Blocking, IoContext, SteadyTimer};
/// use std::time::Duration;
///
/// let io = IoContext::new()?;
/// let timer = SteadyTimer::new(&io.executor());
/// timer.expires_after(Duration::from_millis(1));
/// let mut ec = None;
/// timer.async_wait(redirect_error(Blocking, &mut ec));
/// assert!(ec.is_none());
/// # Ok::<(), std::io::Error>(())
/// ```
pub fn redirect_error<T>(token: T, ec: &mut Option<io::Error>) -> RedirectError<'_, T> {
    RedirectError { token, ec }
}

pin_project_lite::pin_project! {
    /// An operation whose error goes to an out-parameter. Made by [`RedirectError`].
    #[must_use = "futures do nothing unless you `.await` or poll them"]
    pub struct Redirected<'a, Op> {
        #[pin]
        op: Op,
        ec: &'a mut Option<io::Error>,
    }
}

impl<Op, V> Future for Redirected<'_, Op>
where
    Op: Future<Output = io::Result<V>>,
    V: Default,
{
    type Output = V;

    fn poll(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<V> {
        let this = self.project();
        Poll::Ready(match ready!(this.op.poll(cx)) {
            Ok(v) => {
                **this.ec = None;
                v
            }
            Err(e) => {
                **this.ec = Some(e);
                V::default()
            }
        })
    }
}

impl<Op, V> Operation for Redirected<'_, Op>
where
    Op: Operation<Output = io::Result<V>>,
    V: Default,
{
    type Executor = Op::Executor;
    fn executor(&self) -> Op::Executor {
        self.op.executor()
    }
    fn io_executor(&self) -> crate::executor::Executor {
        self.op.io_executor()
    }
    fn trace_name(&self) -> crate::op::OpName {
        self.op.trace_name()
    }
}

impl<'a, Op, V, T> CompletionToken<Op> for RedirectError<'a, T>
where
    Op: Operation<Output = io::Result<V>>,
    V: Default,
    T: CompletionToken<Redirected<'a, Op>>,
{
    type Output = T::Output;

    fn launch(self, op: Op) -> T::Output {
        self.token.launch(Redirected { op, ec: self.ec })
    }
}
