//! `redirect_error`: the error-code out-parameter form.

use std::future::Future;
use std::marker::PhantomData;
use std::pin::Pin;
use std::task::{ready, Context, Poll};

use super::completion_token::CompletionToken;
use super::error_slot::{ErrorSink, ErrorSlot};
use crate::executor::Executor;
use crate::op::{Operation, Outcome};

/// An adapter that stores an operation's error in a caller's variable and passes only the
/// value on. Made by [`redirect_error`].
#[derive(Debug)]
pub struct RedirectError<T, S, M = Value> {
    token: T,
    sink: S,
    mode: PhantomData<fn() -> M>,
}

/// Wraps `token` so that an operation completing with `io::Result<V>` stores its error in `ec`
/// (`None` on success) and delivers `V` to `token` — `V::default()` after an error, as Asio
/// delivers a default value (or `Option<V>` with [`optional`](RedirectError::optional), for
/// values with no default such as a `SocketAddr`). An operation on an owned buffer, completing
/// with `(io::Result<V>, B)`, delivers `(V, B)`: the buffer comes back whatever the result
/// ([`Outcome`](crate::op::Outcome)).
///
/// This is Asio's `redirect_error(token, ec)`. `ec` is a `&mut Option<io::Error>` for the
/// tokens that finish before the call returns or borrow ([`Blocking`](crate::Blocking),
/// [`UseFuture`](crate::UseFuture)), or an [`ErrorSlot`](crate::ErrorSlot), which a closure
/// token (whose handler runs later) can own.
///
/// # Examples
///
/// ```
/// use jeton::{redirect_error, Blocking, ErrorSlot, IoContext, SteadyTimer};
/// use std::time::Duration;
///
/// let io = IoContext::new()?;
/// let timer = SteadyTimer::new(&io.executor());
/// timer.expires_after(Duration::from_millis(1));
/// let mut ec = None;
/// timer.async_wait(redirect_error(Blocking, &mut ec));
/// assert!(ec.is_none());
///
/// // With a closure: the error goes to a slot the handler can read.
/// let slot = ErrorSlot::new();
/// let seen = slot.clone();
/// timer.expires_after(Duration::from_secs(60));
/// timer.async_wait(redirect_error(move |()| assert!(seen.is_set()), slot));
/// timer.cancel();
/// io.run();
/// # Ok::<(), std::io::Error>(())
/// ```
pub fn redirect_error<T, S: ErrorSink>(token: T, ec: S) -> RedirectError<T, S> {
    RedirectError {
        token,
        sink: ec,
        mode: PhantomData,
    }
}

impl<T, S> RedirectError<T, S> {
    /// Delivers `Option<V>` instead of `V`: `None` after an error. For values with no
    /// default (a `SocketAddr`, a socket).
    ///
    /// # Examples
    ///
    /// ```
    /// use jeton::net::{self, TcpAcceptor, TcpSocket};
    /// use jeton::{redirect_error, Blocking, IoContext};
    ///
    /// let io = IoContext::new()?;
    /// let acceptor = TcpAcceptor::bind(&io.executor(), "127.0.0.1:0")?;
    /// let sock = TcpSocket::new(&io.executor());
    /// let mut ec = None;
    /// let ep = net::async_connect(&sock, [acceptor.local_addr()?],
    ///     redirect_error(Blocking, &mut ec).optional());
    /// assert_eq!((ep, ec.is_none()), (Some(acceptor.local_addr()?), true));
    /// # Ok::<(), std::io::Error>(())
    /// ```
    pub fn optional(self) -> RedirectError<T, S, Optional> {
        RedirectError {
            token: self.token,
            sink: self.sink,
            mode: PhantomData,
        }
    }
}

/// How [`RedirectError`] delivers the value: `V`, or `V::default()` after an error.
#[derive(Debug)]
pub enum Value {}

/// How [`RedirectError`] delivers the value: `Some(V)`, or `None` after an error.
#[derive(Debug)]
pub enum Optional {}

/// What a [`RedirectError`] mode delivers for a value `V`.
#[diagnostic::on_unimplemented(
    message = "`redirect_error` has no value of type `{V}` to deliver after an error",
    label = "`{V}` has no `Default`",
    note = "use `redirect_error(token, ec).optional()`: it delivers `Option<{V}>`, `None` after an error"
)]
pub trait Deliver<V>: 'static {
    /// What the token receives.
    type Out: Send;
    /// The value of a success.
    fn ok(v: V) -> Self::Out;
    /// The value after an error.
    fn err() -> Self::Out;
}

impl<V: Default + Send> Deliver<V> for Value {
    type Out = V;
    fn ok(v: V) -> V {
        v
    }
    fn err() -> V {
        V::default()
    }
}

impl<V: Send> Deliver<V> for Optional {
    type Out = Option<V>;
    fn ok(v: V) -> Option<V> {
        Some(v)
    }
    fn err() -> Option<V> {
        None
    }
}

pin_project_lite::pin_project! {
    /// An operation whose error goes to an out-parameter. Made by [`RedirectError`].
    #[must_use = "futures do nothing unless you `.await` or poll them"]
    pub struct Redirected<Op, S = ErrorSlot, M = Value> {
        #[pin]
        op: Op,
        sink: S,
        mode: PhantomData<fn() -> M>,
    }
}

impl<Op, S, M> Future for Redirected<Op, S, M>
where
    Op: Future,
    Op::Output: Outcome,
    S: ErrorSink,
    M: Deliver<<Op::Output as Outcome>::Value>,
{
    type Output = <Op::Output as Outcome>::Map<M::Out>;

    fn poll(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Self::Output> {
        let this = self.project();
        let out = ready!(this.op.poll(cx));
        Poll::Ready(out.map(|r| match r {
            Ok(v) => {
                this.sink.store(None);
                M::ok(v)
            }
            Err(e) => {
                this.sink.store(Some(e));
                M::err()
            }
        }))
    }
}

impl<Op, S, M> Operation for Redirected<Op, S, M>
where
    Op: Operation,
    Op::Output: Outcome,
    S: ErrorSink,
    M: Deliver<<Op::Output as Outcome>::Value>,
{
    type Executor = Op::Executor;
    const BINDS_EXECUTOR: bool = Op::BINDS_EXECUTOR;
    fn executor(&self) -> Op::Executor {
        self.op.executor()
    }
    fn io_executor(&self) -> Executor {
        self.op.io_executor()
    }
    fn trace_name(&self) -> crate::op::OpName {
        self.op.trace_name()
    }
}

impl<Op, T, S, M> CompletionToken<Op> for RedirectError<T, S, M>
where
    Op: Operation,
    Op::Output: Outcome,
    S: ErrorSink,
    M: Deliver<<Op::Output as Outcome>::Value>,
    T: CompletionToken<Redirected<Op, S, M>>,
{
    type Output = T::Output;

    fn launch(self, op: Op) -> T::Output {
        self.token.launch(Redirected {
            op,
            sink: self.sink,
            mode: PhantomData,
        })
    }
}
