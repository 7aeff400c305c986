//! `Wakers`: the wakers a locked step collects, to wake once the lock is released, with no
//! allocation for the usual single one.

use std::task::Waker;

use crate::sys;

/// Wakers collected under a lock, woken after it: the first one inline, the rest in a vector
/// that allocates only for a second one (cancelling a timer with its one waiter allocates
/// nothing).
#[derive(Debug, Default)]
pub(crate) struct Wakers {
    first: Option<Waker>,
    rest: Vec<Waker>,
}

impl Wakers {
    /// No wakers.
    #[inline]
    pub(crate) const fn new() -> Wakers {
        Wakers {
            first: None,
            rest: Vec::new(),
        }
    }

    /// No wakers, collecting into `buf` (empty), whose capacity is kept: see
    /// [`Wakers::wake_into`].
    #[inline]
    pub(crate) fn with_buffer(buf: Vec<Waker>) -> Wakers {
        debug_assert!(buf.is_empty());
        Wakers {
            first: None,
            rest: buf,
        }
    }

    /// Adds a waker, if there is one.
    #[inline]
    pub(crate) fn push(&mut self, waker: Option<Waker>) {
        let Some(w) = waker else { return };
        if self.first.is_none() {
            self.first = Some(w);
        } else {
            self.rest.push(w);
        }
    }

    /// Wakes every collected waker, in the order collected, and leaves the set empty.
    ///
    /// Takes `&mut self`, not `self`: moving the set (five words) into the call copied it with
    /// 16-byte loads of what the collector had just stored in 8-byte pieces, a
    /// store-forwarding stall on every cancelled or dropped timer.
    #[inline]
    pub(crate) fn wake(&mut self) {
        if let Some(w) = self.first.take() {
            w.wake();
        }
        if !self.rest.is_empty() {
            std::mem::take(&mut self.rest)
                .into_iter()
                .for_each(Waker::wake);
        }
    }

    /// Wakes every collected waker, in the order collected, and leaves the emptied vector in
    /// `buf` for the next [`Wakers::with_buffer`]: a caller that collects many wakers per
    /// call (a batch of fired timers) allocates only the first time.
    #[inline]
    pub(crate) fn wake_into(self, buf: &mut Vec<Waker>) {
        let Wakers { first, mut rest } = self;
        // The tasks behind a batch are cold (fired timers' blocks, in deadline order): fetch
        // them all before the first wake, so that their misses overlap. With the prefetch of
        // the timer slots (`TimerQueue::fire_expired`), a backlog of 1 M due timers fires ~20 %
        // faster. A block task's data is its block, which is 16-byte aligned, so a two-line
        // block (120 bytes) may touch three lines: the wake reads the first, the poll that
        // follows the last (where the future's work guard is). Fetching all three took the
        // backlog another ~20 % faster; the first two alone, little.
        rest.iter().for_each(|w| {
            let block = w.data().cast::<u8>();
            sys::prefetch(block);
            sys::prefetch(block.wrapping_add(64));
            sys::prefetch(block.wrapping_add(119));
        });
        if let Some(w) = first {
            w.wake();
        }
        rest.drain(..).for_each(Waker::wake);
        *buf = rest;
    }
}
