//! Blocking mode: the calling thread drives an operation itself (the `Blocking` token).
//!
//! While a future is polled in blocking mode, leaf waits do not touch the reactor: they add
//! their descriptor or deadline to this thread's wait set ([`wait_fd`], [`wait_until`]) and
//! return `Pending`. The driver then makes one `poll(2)` over the set plus the thread's
//! notifier (so a waker fired from another thread, e.g. by `cancel()`, interrupts it), with the
//! nearest deadline as the timeout, and polls again. No thread has to run the context
//! ([G14](crate::guarantees#g14)).

use std::future::Future;
use std::os::fd::RawFd;
use std::pin::pin;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use std::task::{Context, Poll, Waker};
use std::time::{Duration, Instant};

use super::cancellation::CancellationType;
use crate::runtime::current::{self, BlockingNotifier, CallSlot, CancelGuard, WaitSet};
use crate::sys::{self, errno, Interest, Notifier};

/// Without a notifier, how often a blocking call looks for wake-ups from other threads.
const DEGRADED_SLICE: Duration = Duration::from_millis(10);

/// Asks the blocking driver to wait for `interest` on `fd`.
pub(crate) fn wait_fd(fd: RawFd, interest: Interest) {
    current::wait_fd(fd, interest);
}

/// Asks the blocking driver to wake up at `deadline` at the latest.
pub(crate) fn wait_until(deadline: Instant) {
    current::wait_until(deadline);
}

/// Makes a notifier and a waker that signals it.
fn make_notifier() -> std::io::Result<BlockingNotifier> {
    let notifier = Arc::new(Notifier::new()?);
    let wake = notifier.clone();
    Ok((notifier, waker_fn::waker_fn(move || wake.notify())))
}

/// Drives `future` to completion on the calling thread in blocking mode and returns its output.
///
/// This is what the [`Blocking`](crate::Blocking) token does with an operation. It needs no
/// thread running any context, and may be called from inside a handler
/// ([G14](crate::guarantees#g14)).
///
/// Each thread makes one wake-up descriptor (an eventfd) on its first blocking call, and
/// reuses it. If the system refuses it (no descriptor left: `EMFILE`), the call does not
/// panic: an operation that completes at once (its descriptor is ready, its deadline passed)
/// completes as usual, and one that would have to wait completes with that error instead (a
/// jeton operation, composed ones included, is cancelled with it and hands back its buffer).
/// Any other future is polled every 10 ms instead of being woken.
///
/// # Examples
///
/// ```
/// use jeton::{IoContext, SteadyTimer, UseFuture};
/// use std::time::Duration;
///
/// let io = IoContext::new()?;
/// let timer = SteadyTimer::new(&io.executor());
/// timer.expires_after(Duration::from_millis(2));
/// jeton::op::block_on(timer.async_wait(UseFuture))?;
/// # Ok::<(), std::io::Error>(())
/// ```
pub fn block_on<F: Future>(future: F) -> F::Output {
    let mut future = pin!(future);
    // Blocking mode for the whole call, restored (with the depth) when it returns or unwinds.
    let (_call, depth) = current::BlockingCall::enter();
    // A nested call has its own slot (one per depth), so it never consumes a wake-up meant for
    // the call around it.
    let slot = current::call_slot(depth);
    let wake = match notifier(&slot) {
        Ok((notifier, waker)) => Wake::Notifier(notifier, waker),
        Err(e) => Wake::degraded(e.raw_os_error().unwrap_or(errno::EMFILE)),
    };
    let mut cx = Context::from_waker(wake.waker());
    // Without a notifier: whether the next poll cancels the operation with the error that left
    // this thread without one (it would have to wait, and nothing could wake it).
    let mut fail = false;
    loop {
        let polled = match &wake {
            Wake::Degraded { code, .. } if fail => {
                let _failed = CancelGuard::request(CancellationType::TERMINAL.bits(), *code);
                future.as_mut().poll(&mut cx)
            }
            _ => future.as_mut().poll(&mut cx),
        };
        if let Poll::Ready(out) = polled {
            return out;
        }
        let mut set = slot.set.borrow_mut();
        fail = !wake.wait(&set, fail);
        set.clear(); // Keeps its capacity: the next poll's waits allocate nothing.
    }
}

/// Returns the notifier of `slot`, made on first use.
fn notifier(slot: &CallSlot) -> std::io::Result<&BlockingNotifier> {
    if let Some(n) = slot.notifier.get() {
        return Ok(n);
    }
    let _ = slot.notifier.set(make_notifier()?);
    Ok(slot.notifier.get().expect("set just above"))
}

/// How a blocking call is woken from other threads.
enum Wake<'a> {
    /// The thread's notifier for this depth, and a waker that signals it.
    Notifier(&'a Notifier, &'a Waker),
    /// No notifier could be made (`code`): a waker that sets a flag, looked at every
    /// [`DEGRADED_SLICE`].
    Degraded {
        code: i32,
        woken: Arc<AtomicBool>,
        waker: Waker,
    },
}

impl Wake<'_> {
    fn degraded(code: i32) -> Wake<'static> {
        let woken = Arc::new(AtomicBool::new(false));
        let flag = woken.clone();
        let waker = waker_fn::waker_fn(move || flag.store(true, Ordering::Release));
        Wake::Degraded { code, woken, waker }
    }

    fn waker(&self) -> &Waker {
        match self {
            Wake::Notifier(_, waker) => waker,
            Wake::Degraded { waker, .. } => waker,
        }
    }

    /// Waits for what the last poll asked for, or a wake-up. Returns whether the operation can
    /// go on without a notifier: always with one; without, if a descriptor it waits for is
    /// ready or its deadline has passed now (then it completes at once), or if it was already
    /// cancelled (`failed`) and only a future that ignored that is left to poll.
    ///
    /// # Panics
    ///
    /// Panics if `poll(2)` fails (only for invalid arguments, a bug).
    fn wait(&self, set: &WaitSet, failed: bool) -> bool {
        match self {
            Wake::Notifier(notifier, _) => {
                if !notifier.take() {
                    sys::wait(&set.fds, Some(notifier), set.deadline).expect("poll(2) failed");
                    notifier.take();
                }
                true
            }
            Wake::Degraded { woken, .. } if failed => {
                if !woken.swap(false, Ordering::AcqRel) {
                    let slice = Instant::now() + DEGRADED_SLICE;
                    let until = set.deadline.map_or(slice, |d| d.min(slice));
                    sys::wait(&set.fds, None, Some(until)).expect("poll(2) failed");
                    woken.store(false, Ordering::Release);
                }
                true
            }
            Wake::Degraded { woken, .. } => {
                let now = Instant::now();
                let ready = sys::wait(&set.fds, None, Some(now)).expect("poll(2) failed") > 0;
                woken.swap(false, Ordering::AcqRel)
                    || ready
                    || set.deadline.is_some_and(|d| d <= now)
            }
        }
    }
}
