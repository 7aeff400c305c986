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
use std::sync::Arc;
use std::task::{Context, Poll};
use std::time::Instant;

use crate::runtime::current::{self, BlockingNotifier, WaitSet};
use crate::sys::{self, Interest, Notifier};

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
/// # Panics
///
/// Panics if the operating system refuses a wake-up pipe or `poll(2)` fails.
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
    let depth = current::enter_blocking_call();
    // A nested call gets its own notifier, so it never consumes a wake-up meant for the call
    // around it.
    let (notifier, waker) =
        current::blocking_notifier(depth, make_notifier).expect("cannot create a wake-up pipe");
    let mut cx = Context::from_waker(&waker);
    let outer = current::replace_wait_set(current::spare_wait_set());
    let _restore = Restore {
        wait_set: Some(outer),
        depth,
    };
    loop {
        let polled = {
            let _mode = current::BlockingGuard::set(true);
            future.as_mut().poll(&mut cx)
        };
        if let Poll::Ready(out) = polled {
            return out; // `Restore` puts the outer call's wait set back and keeps this one.
        }
        let mut set = current::replace_wait_set(WaitSet::default());
        if !notifier.take() {
            sys::wait(&set.fds, &notifier, set.deadline).expect("poll(2) failed");
            notifier.take();
        }
        // Hand the (emptied) buffer back, so the next poll's waits allocate nothing.
        set.clear();
        current::replace_wait_set(set);
    }
}

/// Puts back the wait set and depth of an enclosing blocking call (nested blocking calls).
struct Restore {
    wait_set: Option<WaitSet>,
    depth: usize,
}

impl Drop for Restore {
    fn drop(&mut self) {
        if let Some(outer) = self.wait_set.take() {
            current::recycle_wait_set(current::replace_wait_set(outer));
        }
        current::exit_blocking_call(self.depth);
    }
}
