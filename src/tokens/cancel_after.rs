//! `cancel_after` and `cancel_at`: a deadline on one operation, under any token.

use std::future::Future;
use std::pin::Pin;
use std::task::{Context, Poll};
use std::time::{Duration, Instant};

use super::completion_token::CompletionToken;
use crate::executor::Executor;
use crate::op::cancellation::CancellationType;
use crate::op::deadline::DeadlineWait;
use crate::op::timer_entry::TimerEntry;
use crate::op::{Operation, Outcome};
use crate::runtime::current::CancelGuard;
use crate::runtime::tracking;
use crate::runtime::TimerKey;
use crate::sys::errno;

/// When the deadline of a [`CancelAfter`] is.
#[derive(Clone, Debug)]
enum When {
    /// This long after the initiation.
    After(Duration),
    /// At this instant.
    At(Instant),
    /// When a wait on the caller's timer completes with success (a cancelled wait is no
    /// deadline at all).
    Timer(Executor, TimerKey),
}

/// An adapter that cancels an operation that has not completed by a deadline. Made by
/// [`cancel_after`] and [`cancel_at`].
#[derive(Clone, Debug)]
pub struct CancelAfter<T> {
    when: When,
    types: CancellationType,
    token: T,
}

/// Wraps `token` so the operation is cancelled if it has not completed `after` its initiation
/// (Asio's `cancel_after`). The cancellation is terminal unless
/// [`cancellation_type`](CancelAfter::cancellation_type) says otherwise.
///
/// At the deadline the operation is asked to stop with that type, as if a
/// [`CancellationSignal`](crate::CancellationSignal) bound to it had emitted: it completes with
/// [`error::aborted`](crate::error::aborted), and a composed read or write reports the bytes it
/// moved ([`io::transferred`](crate::io::transferred)). An operation that does not honour a
/// terminal request is dropped and completes with the aborted error; one that does not honour
/// a partial or total request runs on (as does one holding an owned buffer, which only it can
/// hand back; jeton's own operations all honour terminal requests). An operation on an owned
/// buffer completes with `(Err(aborted), buffer)`. It works under every token, including
/// [`Blocking`](crate::Blocking), where the one deadline bounds the whole call, composed
/// operations included.
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
    CancelAfter {
        when: When::After(after),
        types: CancellationType::TERMINAL,
        token,
    }
}

/// Wraps `token` so the operation is cancelled if it has not completed at `deadline` (Asio's
/// `cancel_at`). Otherwise as [`cancel_after`].
///
/// # Examples
///
/// ```
/// use jeton::{cancel_at, error, Blocking, IoContext, SteadyTimer};
/// use std::time::{Duration, Instant};
///
/// let io = IoContext::new()?;
/// let timer = SteadyTimer::new(&io.executor());
/// timer.expires_after(Duration::from_secs(60));
/// let deadline = Instant::now() + Duration::from_millis(5);
/// let r = timer.async_wait(cancel_at(deadline, Blocking));
/// assert!(error::is_aborted(&r.unwrap_err()));
/// # Ok::<(), std::io::Error>(())
/// ```
pub fn cancel_at<T>(deadline: Instant, token: T) -> CancelAfter<T> {
    CancelAfter {
        when: When::At(deadline),
        types: CancellationType::TERMINAL,
        token,
    }
}

/// Makes the adapter of [`cancel_after_timer`](crate::cancel_after_timer): the deadline is a
/// wait on the caller's timer `entry`, whose expiry the caller has set.
pub(crate) fn cancel_on_timer<T>(entry: &TimerEntry, token: T) -> CancelAfter<T> {
    CancelAfter {
        when: When::Timer(entry.executor().clone(), entry.key()),
        types: CancellationType::TERMINAL,
        token,
    }
}

impl<T> CancelAfter<T> {
    /// Sets the type of cancellation requested at the deadline (Asio's `cancel_type`
    /// argument); terminal by default.
    ///
    /// # Examples
    ///
    /// A partial cancellation of a read that has moved some bytes: they are reported, and the
    /// stream stays usable.
    ///
    /// ```
    /// use jeton::{cancel_after, error, io, Blocking, CancellationType, IoContext};
    /// use std::time::Duration;
    ///
    /// let ctx = IoContext::new()?;
    /// let (a, b) = jeton::net::unix::connect_pair(&ctx.executor())?;
    /// a.write_some(b"abc")?;
    /// let mut buf = [0u8; 8];
    /// let token = cancel_after(Duration::from_millis(10), Blocking)
    ///     .cancellation_type(CancellationType::PARTIAL);
    /// let e = io::async_read(&b, &mut buf[..], token).unwrap_err();
    /// assert!(error::is_aborted(&e));
    /// assert_eq!((io::transferred(&e), &buf[..3]), (3, &b"abc"[..]));
    /// # Ok::<(), std::io::Error>(())
    /// ```
    pub fn cancellation_type(mut self, types: CancellationType) -> CancelAfter<T> {
        self.types = types;
        self
    }
}

/// Where a [`WithTimeout`]'s deadline stands.
#[derive(Debug)]
enum Timeout {
    /// Not yet waited for: the wait is made at the first poll, on the operation's context.
    At(Instant),
    /// Waiting for it.
    Waiting(DeadlineWait),
    /// It passed: the operation is polled with the request in effect.
    Fired,
    /// The caller's timer was cancelled: there is no deadline any more (Asio).
    Disarmed,
}

pin_project_lite::pin_project! {
    /// An operation raced against a deadline. Made by [`CancelAfter`].
    #[must_use = "futures do nothing unless you `.await` or poll them"]
    pub struct WithTimeout<Op> {
        #[pin]
        op: Option<Op>,
        types: CancellationType,
        timeout: Timeout,
    }
}

impl<Op> Future for WithTimeout<Op>
where
    Op: Operation,
    Op::Output: Outcome,
{
    type Output = Op::Output;

    fn poll(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Op::Output> {
        let mut this = self.project();
        loop {
            let op = this
                .op
                .as_mut()
                .as_pin_mut()
                .expect("WithTimeout polled after completion");
            let fired = matches!(this.timeout, Timeout::Fired);
            let polled = {
                let bits = this.types.bits();
                let _request = fired.then(|| CancelGuard::request(bits, errno::ECANCELED));
                op.poll(cx)
            };
            if let Poll::Ready(out) = polled {
                this.op.set(None);
                *this.timeout = Timeout::Disarmed;
                return Poll::Ready(out);
            }
            let wait = match this.timeout {
                Timeout::Fired if this.types.contains(CancellationType::TERMINAL) => {
                    // The operation did not honour the request: it is dropped, unless it
                    // holds what only it can hand back (an owned buffer).
                    if let Some(out) =
                        Op::Output::without_op(tracking::aborted(crate::error::aborted()))
                    {
                        this.op.set(None);
                        return Poll::Ready(out);
                    }
                    return Poll::Pending;
                }
                // It runs on, as in Asio (a request it does not honour, or no deadline).
                Timeout::Fired | Timeout::Disarmed => return Poll::Pending,
                Timeout::At(at) => {
                    let ex = this.op.as_ref().as_pin_ref().map(|op| op.io_executor());
                    let wait = DeadlineWait::at(&ex.expect("operation present"), *at);
                    *this.timeout = Timeout::Waiting(wait);
                    continue;
                }
                Timeout::Waiting(wait) => wait,
            };
            // The deadline is this adapter's own wait: no request around it reaches it.
            let waited = {
                let _isolated = CancelGuard::isolate();
                Pin::new(wait).poll(cx)
            };
            match waited {
                Poll::Ready(Ok(())) => *this.timeout = Timeout::Fired, // poll again, with it
                Poll::Ready(Err(_)) => {
                    *this.timeout = Timeout::Disarmed;
                    return Poll::Pending;
                }
                Poll::Pending => return Poll::Pending,
            }
        }
    }
}

impl<Op> Operation for WithTimeout<Op>
where
    Op: Operation,
    Op::Output: Outcome,
{
    type Executor = Op::Executor;
    const BINDS_EXECUTOR: bool = Op::BINDS_EXECUTOR;
    fn executor(&self) -> Op::Executor {
        self.op
            .as_ref()
            .expect("WithTimeout used after completion")
            .executor()
    }
    fn trace_name(&self) -> crate::op::OpName {
        match &self.op {
            Some(op) => op.trace_name(),
            None => crate::op::OpName::new("operation", "cancel_after"),
        }
    }
}

impl<Op, T> CompletionToken<Op> for CancelAfter<T>
where
    Op: Operation,
    Op::Output: Outcome,
    T: CompletionToken<WithTimeout<Op>>,
{
    type Output = T::Output;

    fn launch(self, op: Op) -> T::Output {
        let timeout = match self.when {
            When::After(d) => Timeout::At(Instant::now().checked_add(d).unwrap_or_else(far_future)),
            When::At(at) => Timeout::At(at),
            When::Timer(ex, key) => Timeout::Waiting(DeadlineWait::for_timer(&ex, key)),
        };
        self.token.launch(WithTimeout {
            op: Some(op),
            types: self.types,
            timeout,
        })
    }
}

/// An instant later than any deadline a program means (for a duration too long to add).
fn far_future() -> Instant {
    let now = Instant::now();
    now.checked_add(Duration::from_secs(100 * 365 * 86_400))
        .unwrap_or(now)
}
