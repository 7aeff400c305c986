//! `HyperTimer`: hyper's `Timer` on a context's timer queue.

use std::future::Future;
use std::pin::Pin;
use std::task::{ready, Context, Poll};
use std::time::{Duration, Instant};

use crate::executor::Executor;
use crate::op::deadline::DeadlineWait;

/// hyper's timer (header-read timeouts, keep-alive timers, ...) on the timer queue of a jeton
/// context (feature `hyper`).
///
/// Each sleep is a wait on a bare deadline in the context's timer queue, as a jeton timer's
/// wait is; it completes when a thread runs the context (or a task of the context awaits it).
///
/// # Examples
///
/// ```
/// use hyper::rt::Timer as _;
/// use jeton::hyper::HyperTimer;
/// use jeton::IoContext;
/// use std::time::Duration;
///
/// let io = IoContext::new()?;
/// let timer = HyperTimer::new(&io.executor());
/// io.block_on(timer.sleep(Duration::from_millis(1)));
/// # Ok::<(), std::io::Error>(())
/// ```
#[derive(Clone, Debug)]
pub struct HyperTimer {
    ex: Executor,
}

impl HyperTimer {
    /// A timer on the context of `ex`.
    pub fn new(ex: &Executor) -> HyperTimer {
        HyperTimer { ex: ex.clone() }
    }
}

impl hyper::rt::Timer for HyperTimer {
    fn sleep(&self, duration: Duration) -> Pin<Box<dyn hyper::rt::Sleep>> {
        self.sleep_until(Instant::now() + duration)
    }

    fn sleep_until(&self, deadline: Instant) -> Pin<Box<dyn hyper::rt::Sleep>> {
        Box::pin(HyperSleep {
            wait: Some(DeadlineWait::at(&self.ex, deadline)),
        })
    }
}

/// A sleep of [`HyperTimer`]: completes at its deadline (feature `hyper`).
///
/// It also completes, early, if the wait cannot go on: its context was dropped
/// ([`error::shut_down`](crate::error::shut_down)) or is stopped with nobody to run it
/// ([`error::not_running`](crate::error::not_running)). hyper then acts as on a timeout (it
/// closes the connection) instead of waiting forever.
#[derive(Debug)]
#[must_use = "futures do nothing unless you `.await` or poll them"]
pub struct HyperSleep {
    /// The wait; `None` once it has completed.
    wait: Option<DeadlineWait>,
}

impl Future for HyperSleep {
    type Output = ();

    fn poll(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<()> {
        if let Some(wait) = self.wait.as_mut() {
            let _ = ready!(Pin::new(wait).poll(cx)); // Early on an error: see the type's docs.
            self.wait = None;
        }
        Poll::Ready(())
    }
}

impl hyper::rt::Sleep for HyperSleep {}
