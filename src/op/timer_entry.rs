//! `TimerEntry`: a timer object's place in its context's timer queue: its expiry, its pending
//! waits, and the waits it starts. What `BasicTimer` is built on.
//!
//! The queue entry is made by the first call that needs it: setting the expiry (so creating a
//! timer and arming it is one locked step, and a timer never armed nor waited on never locks
//! the queue), or starting a wait on a timer never armed.

use std::time::Instant;

use super::deadline::DeadlineWait;
use crate::executor::Executor;
use crate::runtime::{KeyCell, Offset, TimerKey, Wakers};

/// A timer in the timer queue of one context. Dropping it aborts its pending waits.
#[derive(Debug)]
pub(crate) struct TimerEntry {
    ex: Executor,
    /// The entry in the timer queue, once made: set under the timer-queue lock, by the first
    /// call that needs it, and never changed after.
    key: KeyCell,
}

impl TimerEntry {
    /// A timer on the context of `ex`, already expired (as Asio's new timer).
    pub(crate) fn new(ex: &Executor) -> TimerEntry {
        TimerEntry {
            ex: ex.clone(),
            key: KeyCell::default(),
        }
    }

    /// Returns the executor of the timer's context.
    pub(crate) fn executor(&self) -> &Executor {
        &self.ex
    }

    /// Returns the expiry.
    pub(crate) fn expiry(&self) -> Instant {
        let tq = self.ex.engine().lock_timers();
        match self.key.get() {
            Some(key) => tq.expiry(key),
            None => tq.base(),
        }
    }

    /// Sets the expiry and aborts the pending waits; returns how many. `also` runs under the
    /// timer-queue lock, after the expiry is set, with its offset from the timer origin: the
    /// caller's own record of the expiry then changes in the same step as the queue's.
    pub(crate) fn set_expiry(&self, at: Instant, also: impl FnOnce(Offset)) -> usize {
        let off = Offset::of(at); // Once, outside the lock, for the queue and for `also`.
        let mut tq = self.ex.engine().lock_timers();
        let Some(key) = self.key.get() else {
            // The first arming makes the entry: no wait can be pending.
            self.key.set(tq.add_timer(Some((at, off)))); // Set only under the lock.
            also(off);
            return 0;
        };
        let mut wakers = Wakers::new();
        let (n, released) = tq.rearm(key, (at, off), &mut wakers);
        also(off);
        drop(tq);
        self.wake(wakers, released);
        n
    }

    /// Aborts up to `max` pending waits, oldest first; returns how many.
    pub(crate) fn cancel(&self, max: usize) -> usize {
        let Some(key) = self.key.get() else {
            return 0; // No entry: no wait was ever started.
        };
        let mut wakers = Wakers::new();
        let (n, released) = self.ex.engine().lock_timers().cancel(key, max, &mut wakers);
        self.wake(wakers, released);
        n
    }

    /// Returns the timer's key in its context's timer queue, making its entry if need be.
    pub(crate) fn key(&self) -> TimerKey {
        if let Some(key) = self.key.get() {
            return key;
        }
        let mut tq = self.ex.engine().lock_timers();
        match self.key.get() {
            Some(key) => key, // Made meanwhile, by another thread.
            None => {
                let key = tq.add_timer(None);
                self.key.set(key);
                key
            }
        }
    }

    /// Returns a wait for the expiry, started at its first poll.
    pub(crate) fn wait(&self) -> DeadlineWait {
        DeadlineWait::for_timer(&self.ex, self.key())
    }

    /// Wakes aborted waiters, then releases the work they held.
    #[inline]
    fn wake(&self, wakers: Wakers, released: usize) {
        wakers.wake();
        self.ex.engine().work_finished_n(released);
    }
}

impl Drop for TimerEntry {
    fn drop(&mut self) {
        let Some(key) = self.key.get() else {
            return;
        };
        let mut wakers = Wakers::new();
        let released = self
            .ex
            .engine()
            .lock_timers()
            .remove_timer(key, &mut wakers);
        self.wake(wakers, released);
    }
}
