//! The deadline leaf: a wait on a timer's expiry or on a bare deadline.

use std::future::Future;
use std::io;
use std::pin::Pin;
use std::task::{Context, Poll};
use std::time::Instant;

use super::blocking;
use crate::context::{TimerKey, WaitState, WaiterKey, NO_TIMER};
use crate::executor::Executor;

/// A pending wait in the context's timer queue. Registered when made (so a timer's `cancel()`
/// right after `async_wait` aborts it, as in Asio), queued for the reactor on its first
/// non-blocking poll, removed when it completes or is dropped. While queued, the waiter holds
/// one unit of the context's work (G4), released when it fires or is cancelled: the completion
/// then belongs to whoever was woken.
#[derive(Debug)]
pub(crate) struct DeadlineWait {
    ex: Executor,
    /// `None` once completed.
    key: Option<WaiterKey>,
}

impl DeadlineWait {
    /// Starts a wait for `timer`'s current expiry.
    pub(crate) fn for_timer(ex: &Executor, timer: TimerKey) -> DeadlineWait {
        let key = ex.shared().lock_timers().add_waiter(timer, None);
        DeadlineWait {
            ex: ex.clone(),
            key: Some(key),
        }
    }

    /// Starts a wait for `deadline`, tied to no timer object.
    pub(crate) fn at(ex: &Executor, deadline: Instant) -> DeadlineWait {
        let key = ex
            .shared()
            .lock_timers()
            .add_waiter(NO_TIMER, Some(deadline));
        DeadlineWait {
            ex: ex.clone(),
            key: Some(key),
        }
    }

    /// Returns the executor of the context whose timer queue holds this wait.
    pub(crate) fn executor(&self) -> &Executor {
        &self.ex
    }
}

impl Future for DeadlineWait {
    /// `Ok(())` at the deadline, or the aborted error if cancelled first.
    type Output = io::Result<()>;

    fn poll(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        let key = self.key.expect("DeadlineWait polled after completion");
        let blocking = blocking::is_active();
        let shared = self.ex.shared();
        let mut tq = shared.lock_timers();
        let polled = tq.poll_waiter(key, Instant::now(), cx.waker(), blocking);
        if polled.started {
            shared.work_started(); // Under the lock: counted before it can be released.
        }
        if polled.state != WaitState::Pending {
            let released = polled.released + tq.remove_waiter(key);
            drop(tq);
            shared.work_finished_n(released);
            self.key = None;
            return Poll::Ready(match polled.state {
                WaitState::Fired => Ok(()),
                _ => Err(crate::error::aborted()),
            });
        }
        let deadline = tq.deadline(key);
        drop(tq);
        if blocking {
            blocking::wait_until(deadline);
        } else if polled.wake_reactor {
            shared.reactor.wake();
        }
        Poll::Pending
    }
}

impl Drop for DeadlineWait {
    fn drop(&mut self) {
        if let Some(key) = self.key.take() {
            let released = self.ex.shared().lock_timers().remove_waiter(key);
            self.ex.shared().work_finished_n(released);
        }
    }
}
