//! `TimerEntry`: a timer object's place in its context's timer queue: its expiry, its pending
//! waits, and the waits it starts. What `BasicTimer` is built on.
//!
//! The queue entry is made by the first call that needs it: setting the expiry (so creating a
//! timer and arming it is one locked step, and a timer never armed nor waited on never locks
//! the queue), or starting a wait on a timer never armed. With the entry comes its cell
//! (`TimerCell`), which holds the expiry and the count of waits: after the first arming,
//! `expires_at` with no wait listed, `cancel` with none, and `expiry` take no lock.
#![allow(unsafe_code)]

use std::ptr::NonNull;
use std::sync::atomic::{AtomicPtr, Ordering};
use std::time::Instant;

use super::deadline::DeadlineWait;
use crate::executor::Executor;
use crate::runtime::{origin, Expiry, KeyCell, Offset, TimerCell, TimerKey, Wakers};

/// A timer in the timer queue of one context. Dropping it aborts its pending waits.
#[derive(Debug)]
pub(crate) struct TimerEntry {
    ex: Executor,
    /// The entry in the timer queue, once made: set under the timer-queue lock, by the first
    /// call that needs it, and never changed after.
    key: KeyCell,
    /// The entry's cell, once made: set (after `key`) under the timer-queue lock with it.
    cell: AtomicPtr<TimerCell>,
}

impl TimerEntry {
    /// A timer on the context of `ex`, already expired (as Asio's new timer).
    pub(crate) fn new(ex: &Executor) -> TimerEntry {
        TimerEntry {
            ex: ex.clone(),
            key: KeyCell::default(),
            cell: AtomicPtr::new(std::ptr::null_mut()),
        }
    }

    /// Returns the executor of the timer's context.
    pub(crate) fn executor(&self) -> &Executor {
        &self.ex
    }

    /// Returns the entry's cell, once made.
    #[inline]
    fn cell(&self) -> Option<&TimerCell> {
        let p = self.cell.load(Ordering::Acquire);
        // SAFETY: a non-null pointer is the cell of this timer's entry (`TimerQueue::add_timer`),
        // which stays at its address until the timer queue is dropped, with its engine; `self.ex`
        // keeps the engine alive. The entry, and so its cell, is this timer's until it is
        // dropped, and cells are only ever shared.
        unsafe { p.as_ref() }
    }

    /// Publishes a new entry's key and cell. Under the timer-queue lock.
    fn publish(&self, (key, cell): (TimerKey, NonNull<TimerCell>)) -> TimerKey {
        self.key.set(key);
        self.cell.store(cell.as_ptr(), Ordering::Release); // After the key: see `cell()`.
        key
    }

    /// Returns the expiry as its clock's parts, as last set, or the instant of a timer never
    /// set (in the past). Takes no lock.
    pub(crate) fn expiry(&self) -> Result<(i64, u32), Instant> {
        match self.cell().and_then(TimerCell::load) {
            Some(e) => Ok(e.parts),
            None => Err(origin()),
        }
    }

    /// Sets the expiry to `at`, given as its clock's parts by `parts` (from `at`'s offset from
    /// the timer origin), and aborts the pending waits; returns how many. Takes no lock unless a
    /// wait is listed, or this is the timer's first arming (which makes its entry).
    pub(crate) fn set_expiry(
        &self,
        at: Instant,
        parts: impl FnOnce(Offset) -> (i64, u32),
    ) -> usize {
        let off = Offset::of(at);
        let e = Expiry {
            parts: parts(off),
            instant: (off.secs, off.nanos),
        };
        if let Some(cell) = self.cell() {
            return self.set_in(cell, e);
        }
        let mut tq = self.ex.engine().lock_timers();
        if self.key.get().is_none() {
            // The first arming makes the entry: no wait can be pending.
            self.publish(tq.add_timer(Some(e)));
            return 0;
        }
        drop(tq); // Made meanwhile, by another thread.
        self.set_in(self.cell().expect("published with the key"), e)
    }

    /// Stores `e` in the entry's cell, then aborts the pending waits if any is listed (the
    /// protocol in `timer_cell`).
    fn set_in(&self, cell: &TimerCell, e: Expiry) -> usize {
        if cell.store_then_any_wait(e) {
            self.abort(usize::MAX)
        } else {
            0
        }
    }

    /// Aborts up to `max` pending waits, oldest first; returns how many. Takes no lock when no
    /// wait is listed.
    pub(crate) fn cancel(&self, max: usize) -> usize {
        match self.cell() {
            Some(cell) if cell.any_wait() => self.abort(max),
            _ => 0, // No wait, or no entry: no wait was ever started.
        }
    }

    /// Aborts up to `max` pending waits of the entry, under the lock; returns how many.
    fn abort(&self, max: usize) -> usize {
        let key = self.key.get().expect("a timer with a cell has its key");
        let mut wakers = Wakers::new();
        let (n, released) = self.ex.engine().lock_timers().cancel(key, max, &mut wakers);
        self.wake(&mut wakers, released);
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
            None => self.publish(tq.add_timer(None)),
        }
    }

    /// Returns a wait for the expiry, started at its first poll.
    pub(crate) fn wait(&self) -> DeadlineWait {
        DeadlineWait::for_timer(&self.ex, self.key())
    }

    /// Wakes aborted waiters, then releases the work they held.
    #[inline]
    fn wake(&self, wakers: &mut Wakers, released: usize) {
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
        self.wake(&mut wakers, released);
    }
}
