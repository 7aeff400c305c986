//! Blocking mode: the calling thread drives an operation itself (the `Blocking` token).
//!
//! While a future is polled in blocking mode, leaf waits do not touch the reactor: they add
//! their descriptor or deadline to this thread's wait set and return `Pending`. The driver then
//! makes one `poll(2)` over the set plus the thread's notifier (so a waker fired from another
//! thread, e.g. by `cancel()`, interrupts it), with the nearest deadline as the timeout, and
//! polls again. No thread has to run the context (G14).

use std::cell::{Cell, RefCell};
use std::future::Future;
use std::os::fd::RawFd;
use std::pin::pin;
use std::sync::Arc;
use std::task::{Context, Poll, Waker};
use std::time::Instant;

use crate::sys::{self, Interest, Notifier};

/// What the leaf waits of one blocking poll asked to wait for.
#[derive(Default)]
struct WaitSet {
    fds: Vec<(RawFd, Interest)>,
    deadline: Option<Instant>,
}

thread_local! {
    /// Whether the future being polled on this thread is driven in blocking mode.
    static ACTIVE: Cell<bool> = const { Cell::new(false) };
    /// The wait set being collected by the current blocking poll.
    static WAIT_SET: RefCell<WaitSet> = RefCell::default();
    /// This thread's notifiers and their wakers, one per nesting depth of blocking calls, made
    /// on first use and reused by every later call.
    static NOTIFIERS: RefCell<Vec<(Arc<Notifier>, Waker)>> = const { RefCell::new(Vec::new()) };
    /// How many blocking calls are active on this thread.
    static DEPTH: Cell<usize> = const { Cell::new(0) };
}

/// Returns whether the current poll is in blocking mode.
pub(crate) fn is_active() -> bool {
    ACTIVE.with(Cell::get)
}

/// Asks the blocking driver to wait for `interest` on `fd`.
pub(crate) fn wait_fd(fd: RawFd, interest: Interest) {
    WAIT_SET.with(|w| w.borrow_mut().fds.push((fd, interest)));
}

/// Asks the blocking driver to wake up at `deadline` at the latest.
pub(crate) fn wait_until(deadline: Instant) {
    WAIT_SET.with(|w| {
        let mut w = w.borrow_mut();
        w.deadline = Some(w.deadline.map_or(deadline, |d| d.min(deadline)));
    });
}

/// Sets blocking mode to `on` until dropped, then restores the previous mode.
pub(crate) struct ModeGuard(bool);

impl ModeGuard {
    pub(crate) fn set(on: bool) -> ModeGuard {
        ModeGuard(ACTIVE.with(|a| a.replace(on)))
    }
}

impl Drop for ModeGuard {
    fn drop(&mut self) {
        ACTIVE.with(|a| a.set(self.0));
    }
}

/// Returns the notifier of the blocking call at `depth`, and a waker that notifies it: a
/// nested call gets its own, so it never consumes a wake-up meant for the call around it.
fn notifier(depth: usize) -> (Arc<Notifier>, Waker) {
    NOTIFIERS.with(|n| {
        let mut n = n.borrow_mut();
        while n.len() <= depth {
            let notifier = Arc::new(Notifier::new().expect("cannot create a wake-up pipe"));
            let wake = notifier.clone();
            n.push((notifier, waker_fn::waker_fn(move || wake.notify())));
        }
        n[depth].clone()
    })
}

/// Drives `future` to completion on the calling thread in blocking mode and returns its output.
///
/// This is what the [`Blocking`](crate::Blocking) token does with an operation. It needs no
/// thread running any context, and may be called from inside a handler (G14).
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
    let depth = DEPTH.with(|d| d.replace(d.get() + 1));
    let (notifier, waker) = notifier(depth);
    let mut cx = Context::from_waker(&waker);
    let outer = WAIT_SET.with(|w| std::mem::take(&mut *w.borrow_mut()));
    let _restore = Restore {
        wait_set: Some(outer),
        depth,
    };
    loop {
        let polled = {
            let _mode = ModeGuard::set(true);
            future.as_mut().poll(&mut cx)
        };
        let mut set = WAIT_SET.with(|w| std::mem::take(&mut *w.borrow_mut()));
        if let Poll::Ready(out) = polled {
            return out;
        }
        if !notifier.take() {
            sys::wait(&set.fds, &notifier, set.deadline).expect("poll(2) failed");
            notifier.take();
        }
        // Hand the (emptied) buffer back, so the next poll's waits allocate nothing.
        set.fds.clear();
        set.deadline = None;
        WAIT_SET.with(|w| *w.borrow_mut() = set);
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
            WAIT_SET.with(|w| *w.borrow_mut() = outer);
        }
        DEPTH.with(|d| d.set(self.depth));
    }
}
