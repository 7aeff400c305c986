//! `TimerCell`: what a timer object and its context's timer queue share without the queue's
//! lock: the timer's expiry, and how many of its waits the queue lists.
//!
//! The cell sits beside the timer's queue entry, at an address that never changes while the
//! entry lives (`TimerSlots`). The timer object writes its expiry here, and the queue reads it
//! when a wait starts. So `expires_at` on a timer with no wait listed takes no lock, and neither
//! does `cancel` (Asio's one-thread contexts still take the reactor mutex for both).
//!
//! # The protocol
//!
//! Every pending wait must wait for the current expiry ([G10](crate::guarantees#g10)): setting
//! the expiry aborts the pending waits, and returns how many. Two steps race:
//!
//! - `expires_at` stores the new expiry, fences (`SeqCst`), then reads the wait count. At 0 it
//!   returns 0 without locking; otherwise it locks the queue and aborts the pending waits.
//! - A wait's start, under the queue's lock, counts itself, fences (`SeqCst`), then reads the
//!   expiry it waits for.
//!
//! By the two fences, either the setter sees the count (and aborts the wait, which it then
//! counts as started before it), or the wait sees the new expiry (and the setter, at 0, is
//! ordered before it). No wait is ever left pending on an expiry that was replaced without its
//! being aborted. `tests/loom_timer_cell.rs` checks this over every interleaving.
//!
//! The count is of listed waits (pending, or over and not yet collected by their own poll), so a
//! count of 0 also means "nothing to cancel". It changes only under the queue's lock.
//!
//! # The expiry
//!
//! A sequence lock over atomic words: the clock's own parts (so `expiry()` returns exactly what
//! was set, for `SystemTime` too) and the instant's offset from the timer origin (what the
//! queue waits for). A timer is `Sync`, so writers may race: the sequence number is also the
//! writers' lock (odd while a writer holds it), taken by a compare-exchange. A reader never
//! blocks a writer; it retries if a write overlapped its read, and every access is atomic, so a
//! torn read is only ever seen as a changed sequence number, never returned.

use super::atomic::{fence, spin_loop, AtomicU64, Ordering};

/// A timer's expiry: as `(seconds, nanoseconds)` from its clock's origin
/// (`Clock::to_parts`), and as the monotonic instant's offset from the timer origin.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct Expiry {
    pub(crate) parts: (i64, u32),
    pub(crate) instant: (i64, u32),
}

/// One timer's shared cell. See the module documentation.
#[derive(Debug)]
pub(crate) struct TimerCell {
    /// 0: never set; odd: a writer holds the cell; even: the words hold the last write.
    seq: AtomicU64,
    parts_secs: AtomicU64,
    instant_secs: AtomicU64,
    /// The parts' nanoseconds in the high half, the instant's in the low half.
    nanos: AtomicU64,
    /// Waits the queue lists for this timer. Changed only under the queue's lock.
    waits: AtomicU64,
}

impl TimerCell {
    /// A cell never set, with no wait.
    pub(crate) fn new() -> TimerCell {
        TimerCell {
            seq: AtomicU64::new(0),
            parts_secs: AtomicU64::new(0),
            instant_secs: AtomicU64::new(0),
            nanos: AtomicU64::new(0),
            waits: AtomicU64::new(0),
        }
    }

    /// Makes the cell new again for its slot's next entry. Called under the queue's lock, when
    /// no timer object holds the cell and no wait is listed.
    pub(crate) fn reset(&self) {
        debug_assert_eq!(self.waits.load(Ordering::Relaxed), 0);
        self.seq.store(0, Ordering::Relaxed);
    }

    /// Stores `e`, after any write in progress.
    pub(crate) fn store(&self, e: Expiry) {
        let mut s = self.seq.load(Ordering::Relaxed);
        loop {
            if s % 2 == 1 {
                spin_loop();
                s = self.seq.load(Ordering::Relaxed);
                continue;
            }
            // Acquire: this write follows the last one (its words, then its sequence number).
            match self
                .seq
                .compare_exchange_weak(s, s + 1, Ordering::Acquire, Ordering::Relaxed)
            {
                Ok(_) => break,
                Err(now) => s = now,
            }
        }
        // A reader that sees any word below also sees the odd sequence number, and retries.
        fence(Ordering::Release);
        self.parts_secs.store(e.parts.0 as u64, Ordering::Relaxed);
        self.instant_secs
            .store(e.instant.0 as u64, Ordering::Relaxed);
        let nanos = (u64::from(e.parts.1) << 32) | u64::from(e.instant.1);
        self.nanos.store(nanos, Ordering::Relaxed);
        self.seq.store(s + 2, Ordering::Release);
    }

    /// Returns the last expiry stored, or `None` if none was.
    pub(crate) fn load(&self) -> Option<Expiry> {
        loop {
            let s = self.seq.load(Ordering::Acquire);
            if s == 0 {
                return None;
            }
            let parts_secs = self.parts_secs.load(Ordering::Relaxed) as i64;
            let instant_secs = self.instant_secs.load(Ordering::Relaxed) as i64;
            let nanos = self.nanos.load(Ordering::Relaxed);
            fence(Ordering::Acquire);
            if s % 2 == 0 && self.seq.load(Ordering::Relaxed) == s {
                return Some(Expiry {
                    parts: (parts_secs, (nanos >> 32) as u32),
                    instant: (instant_secs, nanos as u32),
                });
            }
            spin_loop();
        }
    }

    /// The setter's side: stores `e`, then returns whether any wait is listed (the caller
    /// must then lock the queue and abort the pending ones).
    pub(crate) fn store_then_any_wait(&self, e: Expiry) -> bool {
        self.store(e);
        fence(Ordering::SeqCst);
        self.waits.load(Ordering::Relaxed) != 0
    }

    /// The wait's side, under the queue's lock: counts a new wait, then returns the expiry it
    /// waits for.
    pub(crate) fn add_wait_then_load(&self) -> Option<Expiry> {
        self.add_wait();
        fence(Ordering::SeqCst);
        self.load()
    }

    /// Counts a new wait (one whose expiry is not read here). Under the queue's lock.
    pub(crate) fn add_wait(&self) {
        let n = self.waits.load(Ordering::Relaxed);
        self.waits.store(n + 1, Ordering::Relaxed);
    }

    /// Uncounts a wait the queue no longer lists. Under the queue's lock.
    pub(crate) fn remove_wait(&self) {
        let n = self.waits.load(Ordering::Relaxed);
        debug_assert!(n > 0, "a listed wait was counted");
        self.waits.store(n - 1, Ordering::Release);
    }

    /// Returns whether any wait is listed. Without the lock, it is exact for every wait whose
    /// start or removal happened before this call.
    pub(crate) fn any_wait(&self) -> bool {
        self.waits.load(Ordering::Acquire) != 0
    }
}

#[cfg(all(test, not(jeton_loom)))]
mod tests {
    use super::{Expiry, TimerCell};

    #[test]
    fn holds_any_expiry_exactly() {
        let c = TimerCell::new();
        assert_eq!(c.load(), None);
        for (parts, instant) in [
            ((0, 0), (0, 0)),
            ((1, 999_999_999), (-1, 5)),
            ((i64::MAX, 7), (i64::MIN, 999_999_999)),
        ] {
            let e = Expiry { parts, instant };
            c.store(e);
            assert_eq!(c.load(), Some(e));
        }
        c.reset();
        assert_eq!(c.load(), None);
    }

    #[test]
    fn counts_listed_waits() {
        let c = TimerCell::new();
        assert!(!c.any_wait());
        assert_eq!(c.add_wait_then_load(), None);
        c.add_wait();
        let e = Expiry {
            parts: (3, 4),
            instant: (5, 6),
        };
        assert!(c.store_then_any_wait(e));
        c.remove_wait();
        c.remove_wait();
        assert!(!c.store_then_any_wait(e));
    }
}
