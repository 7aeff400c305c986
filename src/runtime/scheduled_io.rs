//! `ScheduledIo`: the readiness of one registered descriptor (per direction, with a change
//! counter) and the wakers of the operations waiting on it, plus its cancel epoch.

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Mutex;
use std::task::Waker;

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
    /// Wakers of operations waiting for read (index 0) and write (index 1) readiness.
    waiters: Mutex<[Waiters; 2]>,
}

/// The wakers waiting on one direction. The usual case, one operation per direction, needs no
/// allocation; more (Asio allows several outstanding reads) go to `extra`.
#[derive(Debug, Default)]
struct Waiters {
    first: Option<Waker>,
    extra: Vec<Waker>,
}

impl Waiters {
    /// Adds a waker unless its task already waits here.
    fn add(&mut self, waker: &Waker) {
        match &self.first {
            None => self.first = Some(waker.clone()),
            Some(w) if w.will_wake(waker) => {}
            Some(_) if self.extra.iter().any(|w| w.will_wake(waker)) => {}
            Some(_) => self.extra.push(waker.clone()),
        }
    }

    /// Moves every waker to `out`.
    #[inline]
    fn take_into(&mut self, out: &mut Vec<Waker>) {
        out.extend(self.first.take());
        if !self.extra.is_empty() {
            out.append(&mut self.extra);
        }
    }

    /// Takes every waker out.
    fn take(&mut self) -> Taken {
        let extra = if self.extra.is_empty() {
            Vec::new()
        } else {
            std::mem::take(&mut self.extra)
        };
        Taken(self.first.take(), extra)
    }
}

/// Wakers taken out of a [`Waiters`], to be woken outside its lock.
#[derive(Default)]
struct Taken(Option<Waker>, Vec<Waker>);

impl Taken {
    #[inline]
    fn wake(self) {
        if let Some(w) = self.0 {
            w.wake();
        }
        if !self.1.is_empty() {
            self.1.into_iter().for_each(Waker::wake);
        }
    }
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
        let mut waiters = self.lock_waiters();
        if dir & READABLE != 0 {
            waiters[0].take_into(woken);
        }
        if dir & WRITABLE != 0 {
            waiters[1].take_into(woken);
        }
    }

    /// Wakes every operation waiting on a direction in `dirs`.
    pub(crate) fn wake(&self, dirs: usize) {
        let (mut read, mut write) = (Taken::default(), Taken::default());
        {
            let mut waiters = self.lock_waiters();
            if dirs & READABLE != 0 {
                read = waiters[0].take();
            }
            if dirs & WRITABLE != 0 {
                write = waiters[1].take();
            }
        }
        // Woken outside the lock: a waker may poll its operation at once, which registers again.
        read.wake();
        write.wake();
    }

    fn lock_waiters(&self) -> std::sync::MutexGuard<'_, [Waiters; 2]> {
        self.waiters.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// Stores `waker` to be woken on `dir` readiness (or cancel), then returns the readiness
    /// word read after storing it, so a change in between is never missed.
    #[inline]
    pub(crate) fn register(&self, dir: usize, waker: &Waker) -> usize {
        let mut waiters = self.lock_waiters();
        waiters[if dir == READABLE { 0 } else { 1 }].add(waker);
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
