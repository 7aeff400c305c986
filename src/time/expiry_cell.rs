//! `ExpiryCell`: a timer's expiry as last set, exactly, read without a lock.
//!
//! A sequence lock over two atomic words. Writers are serialized by the caller (the timer
//! queue's lock, under which the queue's own copy of the expiry changes in the same step); a
//! reader never blocks a writer: it retries in the rare case that a write overlapped its read.
//! Every access is atomic, so a torn read is only ever seen as a changed sequence number and
//! retried, never returned.

use std::sync::atomic::{fence, AtomicU64, Ordering};

/// A time point as `(seconds, nanoseconds)` from its clock's origin ([`Clock::to_parts`]),
/// or nothing until first set.
///
/// [`Clock::to_parts`]: super::clock::Clock::to_parts
#[derive(Debug, Default)]
pub(super) struct ExpiryCell {
    /// 0: never set; odd: a write is in progress; even: `hi`/`lo` hold the last write.
    seq: AtomicU64,
    hi: AtomicU64,
    lo: AtomicU64,
}

impl ExpiryCell {
    /// Stores `parts`. Callers must not store concurrently (they hold the timer-queue lock).
    pub(super) fn store(&self, (secs, nanos): (i64, u32)) {
        let s = self.seq.load(Ordering::Relaxed);
        self.seq.store(s + 1, Ordering::Relaxed);
        fence(Ordering::Release);
        self.hi.store(secs as u64, Ordering::Relaxed);
        self.lo.store(nanos.into(), Ordering::Relaxed);
        self.seq.store(s + 2, Ordering::Release);
    }

    /// Returns the last value stored, or `None` if none was.
    pub(super) fn load(&self) -> Option<(i64, u32)> {
        loop {
            let s = self.seq.load(Ordering::Acquire);
            if s == 0 {
                return None;
            }
            let (hi, lo) = (
                self.hi.load(Ordering::Relaxed),
                self.lo.load(Ordering::Relaxed),
            );
            fence(Ordering::Acquire);
            if s % 2 == 0 && self.seq.load(Ordering::Relaxed) == s {
                return Some((hi as i64, lo as u32));
            }
            std::hint::spin_loop();
        }
    }
}

#[cfg(test)]
mod tests {
    use super::ExpiryCell;

    #[test]
    fn holds_any_pair_exactly() {
        let c = ExpiryCell::default();
        assert_eq!(c.load(), None);
        for n in [
            (0, 0),
            (1, 999_999_999),
            (-1, 5),
            (i64::MAX, 7),
            (i64::MIN, 0),
        ] {
            c.store(n);
            assert_eq!(c.load(), Some(n));
        }
    }
}
