//! `TimerEntry`: a timer object's place in its context's timer queue: its expiry, its pending
//! waits, and the waits it starts. What `BasicTimer` is built on.

use std::time::Instant;

use super::deadline::DeadlineWait;
use crate::executor::Executor;
use crate::runtime::{TimerKey, Wakers};

/// A timer in the timer queue of one context. Dropping it aborts its pending waits.
#[derive(Debug)]
pub(crate) struct TimerEntry {
    ex: Executor,
    key: TimerKey,
}

impl TimerEntry {
    /// Adds a timer to the context of `ex`, already expired (as Asio's new timer).
    pub(crate) fn new(ex: &Executor) -> TimerEntry {
        let key = ex.engine().lock_timers().add_timer();
        TimerEntry {
            ex: ex.clone(),
            key,
        }
    }

    /// Returns the executor of the timer's context.
    pub(crate) fn executor(&self) -> &Executor {
        &self.ex
    }

    /// Returns the expiry.
    pub(crate) fn expiry(&self) -> Instant {
        self.ex.engine().lock_timers().expiry(self.key)
    }

    /// Sets the expiry and aborts the pending waits; returns how many.
    pub(crate) fn set_expiry(&self, at: Instant) -> usize {
        let mut wakers = Wakers::new();
        let (n, released) = {
            let mut tq = self.ex.engine().lock_timers();
            tq.set_expiry(self.key, at);
            tq.cancel(self.key, usize::MAX, &mut wakers)
        };
        self.wake(wakers, released);
        n
    }

    /// Aborts up to `max` pending waits, oldest first; returns how many.
    pub(crate) fn cancel(&self, max: usize) -> usize {
        let mut wakers = Wakers::new();
        let (n, released) = self
            .ex
            .engine()
            .lock_timers()
            .cancel(self.key, max, &mut wakers);
        self.wake(wakers, released);
        n
    }

    /// Returns the timer's key in its context's timer queue.
    pub(crate) fn key(&self) -> TimerKey {
        self.key
    }

    /// Returns a wait for the expiry, started at its first poll.
    pub(crate) fn wait(&self) -> DeadlineWait {
        DeadlineWait::for_timer(&self.ex, self.key)
    }

    /// Wakes aborted waiters, then releases the work they held.
    fn wake(&self, wakers: Wakers, released: usize) {
        wakers.wake();
        self.ex.engine().work_finished_n(released);
    }
}

impl Drop for TimerEntry {
    fn drop(&mut self) {
        let mut wakers = Wakers::new();
        let released = self
            .ex
            .engine()
            .lock_timers()
            .remove_timer(self.key, &mut wakers);
        self.wake(wakers, released);
    }
}
