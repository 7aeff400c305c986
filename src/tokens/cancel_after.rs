//! `cancel_after`: a deadline on one operation, under any token.

use std::future::Future;
use std::io;
use std::pin::Pin;
use std::task::{Context, Poll};
use std::time::{Duration, Instant};

use super::completion_token::CompletionToken;
use crate::op::deadline::DeadlineWait;
use crate::op::Operation;

/// An adapter that cancels an operation that has not completed within a duration. Made by
/// [`cancel_after`].
#[derive(Clone, Debug)]
pub struct CancelAfter<T> {
    after: Duration,
    token: T,
}

/// Wraps `token` so the operation is cancelled if it has not completed `after` its initiation;
/// it then completes with [`error::aborted`](crate::error::aborted), as Asio's `cancel_after`.
///
/// Cancellation is terminal: the operation's future is dropped, which withdraws it. It works
/// under every token, including [`Blocking`](crate::Blocking), where the one deadline bounds
/// the whole call, composed operations included.
///
/// # Examples
///
/// ```
/// use jeton::{cancel_after, error, Blocking, IoContext, SteadyTimer};
/// use std::time::Duration;
///
/// let io = IoContext::new()?;
/// let timer = SteadyTimer::new(&io.executor());
/// timer.expires_after(Duration::from_secs(60));
/// let r = timer.async_wait(cancel_after(Duration::from_millis(5), Blocking));
/// assert!(error::is_aborted(&r.unwrap_err()));
/// # Ok::<(), std::io::Error>(())
/// ```
pub fn cancel_after<T>(after: Duration, token: T) -> CancelAfter<T> {
    CancelAfter { after, token }
}

pin_project_lite::pin_project! {
    /// An operation raced against a deadline. Made by [`CancelAfter`].
    #[must_use = "futures do nothing unless you `.await` or poll them"]
    pub struct WithTimeout<Op> {
        #[pin]
        op: Option<Op>,
        deadline: Instant,
        wait: Option<DeadlineWait>,
    }
}

impl<Op, V> Future for WithTimeout<Op>
where
    Op: Operation<Output = io::Result<V>>,
{
    type Output = io::Result<V>;

    fn poll(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<V>> {
        let mut this = self.project();
        let op = this
            .op
            .as_mut()
            .as_pin_mut()
            .expect("WithTimeout polled after completion");
        if let Poll::Ready(out) = op.poll(cx) {
            this.op.set(None);
            *this.wait = None;
            return Poll::Ready(out);
        }
        if this.wait.is_none() {
            let ex = this.op.as_ref().as_pin_ref().map(|op| op.io_executor());
            let ex = ex.expect("operation present");
            *this.wait = Some(DeadlineWait::at(&ex, *this.deadline));
        }
        let wait = this.wait.as_mut().expect("wait just set");
        match Pin::new(wait).poll(cx) {
            Poll::Ready(_) => {
                this.op.set(None);
                *this.wait = None;
                Poll::Ready(Err(crate::error::aborted()))
            }
            Poll::Pending => Poll::Pending,
        }
    }
}

impl<Op, V> Operation for WithTimeout<Op>
where
    Op: Operation<Output = io::Result<V>>,
{
    type Executor = Op::Executor;
    fn executor(&self) -> Op::Executor {
        self.op
            .as_ref()
            .expect("WithTimeout used after completion")
            .executor()
    }
}

impl<Op, V, T> CompletionToken<Op> for CancelAfter<T>
where
    Op: Operation<Output = io::Result<V>>,
    T: CompletionToken<WithTimeout<Op>>,
{
    type Output = T::Output;

    fn launch(self, op: Op) -> T::Output {
        let deadline = Instant::now() + self.after;
        self.token.launch(WithTimeout {
            op: Some(op),
            deadline,
            wait: None,
        })
    }
}
