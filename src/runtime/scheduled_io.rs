//! `ScheduledIo`: the readiness of one registered descriptor (per direction, with a change
//! counter) and the wakers of the operations waiting on it, plus its cancel epoch.

use std::sync::atomic::{AtomicUsize, Ordering};
use std::task::Waker;

use crate::sys::{TakenWakers, WakerSlot};

/// Readiness bit: readable (or read-closed, or error).
pub(crate) const READABLE: usize = 0b01;
/// Readiness bit: writable (or write-closed, or error).
pub(crate) const WRITABLE: usize = 0b10;
const READY_MASK: usize = 0b11;
/// Set by a stream read that returned fewer bytes than asked (it emptied the receive buffer):
/// the read readiness is known to be used up until the reactor reports a new read edge, which
/// clears it. Only reads that follow the short-read rule look at it (`op::readiness`).
const READ_DRAINED: usize = 0b100;
/// Readiness bit, sticky: the reactor reported the read side closed (end of stream) or an
/// error. A read that stops short at the end of stream gets no further edge, so a short read
/// then never marks the read readiness used up.
pub(crate) const READ_CLOSED: usize = 0b1000;
const FLAGS: usize = READY_MASK | READ_DRAINED | READ_CLOSED;
/// Each readiness change adds this to the word, so a stale clear can be detected.
const TICK: usize = 0b1_0000;

/// The readiness and the waiting operations of one registered descriptor.
#[derive(Debug, Default)]
pub(crate) struct ScheduledIo {
    /// `READABLE | WRITABLE` bits plus a change counter in the bits above them. Set by the
    /// reactor thread, cleared by operations that saw `WouldBlock`.
    readiness: AtomicUsize,
    /// Bumped by `cancel()`: an operation started under an older epoch completes aborted.
    epoch: AtomicUsize,
    /// Wakers of operations waiting for read (index 0) and write (index 1) readiness: one
    /// waker each without a lock (the usual case, one operation per direction), more in the
    /// slot's overflow list. Registered by operations, taken by the reactor and by cancel.
    waiters: [WakerSlot; 2],
}

impl ScheduledIo {
    /// Returns the readiness word (bits and change counter).
    #[inline]
    pub(crate) fn readiness(&self) -> usize {
        self.readiness.load(Ordering::Acquire)
    }

    /// Returns whether `word` shows the `dir` readiness bit.
    #[inline]
    pub(crate) fn is_ready(word: usize, dir: usize) -> bool {
        word & dir != 0
    }

    /// Clears `dir` readiness, unless it changed since `seen` was read.
    #[inline]
    pub(crate) fn clear_readiness(&self, seen: usize, dir: usize) {
        let _ =
            self.readiness
                .compare_exchange(seen, seen & !dir, Ordering::AcqRel, Ordering::Acquire);
    }

    /// Returns whether `word` says a short read used up the read readiness (see
    /// `READ_DRAINED`).
    #[inline]
    pub(crate) fn is_read_drained(word: usize) -> bool {
        word & (READ_DRAINED | READ_CLOSED) == READ_DRAINED
    }

    /// Marks the read readiness used up by a short read, unless it changed since `seen` was
    /// read (before the read): an edge the reactor reported in between keeps it; and never
    /// once the read side is closed (the read may have stopped at the end of stream).
    #[inline]
    pub(crate) fn mark_read_drained(&self, seen: usize) {
        if seen & READ_CLOSED != 0 {
            return;
        }
        let _ = self.readiness.compare_exchange(
            seen,
            (seen & !READABLE) | READ_DRAINED,
            Ordering::AcqRel,
            Ordering::Acquire,
        );
    }

    /// Marks `dir` ready (`READABLE`, `WRITABLE`, `READ_CLOSED`) and moves the wakers of the
    /// operations waiting for it to `woken`, to be woken by the caller (the reactor, outside
    /// its locks). A read edge clears `READ_DRAINED`.
    pub(crate) fn set_readiness(&self, dir: usize, woken: &mut Vec<Waker>) {
        let mut cur = self.readiness.load(Ordering::Acquire);
        let keep = if dir & READABLE != 0 {
            READY_MASK | READ_CLOSED
        } else {
            FLAGS
        };
        loop {
            let next = ((cur & !FLAGS) + TICK) | (cur & keep) | dir;
            match self.readiness.compare_exchange_weak(
                cur,
                next,
                Ordering::AcqRel,
                Ordering::Acquire,
            ) {
                Ok(_) => break,
                Err(actual) => cur = actual,
            }
        }
        // After the readiness is published (see `WakerSlot`'s ordering).
        if dir & READABLE != 0 {
            self.waiters[0].take_into(woken);
        }
        if dir & WRITABLE != 0 {
            self.waiters[1].take_into(woken);
        }
    }

    /// Wakes every operation waiting on a direction in `dirs`.
    pub(crate) fn wake(&self, dirs: usize) {
        let take = |i: usize, bit: usize| {
            if dirs & bit != 0 {
                self.waiters[i].take()
            } else {
                TakenWakers::default()
            }
        };
        let (read, write) = (take(0, READABLE), take(1, WRITABLE));
        read.wake();
        write.wake();
    }

    /// Stores `waker` to be woken on `dir` readiness (or cancel), then returns the readiness
    /// word read after storing it, so a change in between is never missed.
    #[inline]
    pub(crate) fn register(&self, dir: usize, waker: &Waker) -> usize {
        self.waiters[usize::from(dir != READABLE)].register(waker);
        self.readiness()
    }

    /// Returns the current cancel epoch.
    #[inline]
    pub(crate) fn epoch(&self) -> usize {
        self.epoch.load(Ordering::Acquire)
    }

    /// Aborts every operation started before now and wakes them.
    pub(crate) fn cancel(&self) {
        self.epoch.fetch_add(1, Ordering::AcqRel);
        self.wake(READABLE | WRITABLE);
    }
}
