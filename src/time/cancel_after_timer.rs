//! `cancel_after_timer`: `cancel_after` with a timer the caller provides.

use std::time::Duration;

use super::clock::Clock;
use super::timer::BasicTimer;
use crate::tokens::cancel_after::cancel_on_timer;
use crate::tokens::CancelAfter;

/// Wraps `token` so the operation is cancelled if it has not completed `after` now, waiting on
/// the caller's `timer` instead of a deadline of its own: Asio's `cancel_after(timer,
/// duration, token)`.
///
/// This sets the timer's expiry to `after` from now (aborting its pending waits, as any
/// `expires_after` does). When the timer expires, the operation is cancelled as
/// [`cancel_after`](crate::cancel_after) describes, with the type set by
/// [`cancellation_type`](CancelAfter::cancellation_type). If the timer is cancelled, re-armed
/// or dropped first, the wait is aborted and the operation has no deadline any more (Asio):
/// that is how a program extends or lifts a deadline it shares.
///
/// # Examples
///
/// ```
/// use jeton::{cancel_after_timer, error, Blocking, IoContext, SteadyTimer};
/// use std::time::Duration;
///
/// let io = IoContext::new()?;
/// let deadline = SteadyTimer::new(&io.executor());
/// let (a, _b) = jeton::net::unix::connect_pair(&io.executor())?;
/// let mut buf = [0u8; 4];
/// // Nothing arrives: the read is cancelled when the caller's timer expires.
/// let token = cancel_after_timer(&deadline, Duration::from_millis(5), Blocking);
/// let e = a.async_read_some(&mut buf[..], token).unwrap_err();
/// assert!(error::is_aborted(&e));
/// # Ok::<(), std::io::Error>(())
/// ```
pub fn cancel_after_timer<C: Clock, T>(
    timer: &BasicTimer<C>,
    after: Duration,
    token: T,
) -> CancelAfter<T> {
    timer.expires_after(after);
    cancel_on_timer(timer.entry(), token)
}
