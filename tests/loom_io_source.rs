//! A loom model of the descriptor cell of an I/O object (`src/sys/use_cell.rs`, used by
//! `IoSource` in `src/op/io_source.rs`): a system call borrows the descriptor with one atomic
//! add while another thread closes (takes it out) and reopens it.
//!
//! Every step is the same as in the crate, bit for bit and ordering for ordering (`CLOSED`,
//! `BUSY`, the user count), with loom's checked `UnsafeCell`: a borrow that overlaps the take or
//! the fill shows as loom's concurrent-access error.
//!
//! Run: `RUSTFLAGS="--cfg jeton_loom" cargo test --release --test loom_io_source` (or
//! `scripts/loom.sh`). Without the cfg this file is empty.
#![cfg(jeton_loom)]

use loom::cell::UnsafeCell;
use loom::sync::atomic::{AtomicUsize, Ordering};
use loom::sync::Arc;
use loom::thread;

const CLOSED: usize = 0b01;
const BUSY: usize = 0b10;
const USER: usize = 0b100;

/// `UseCell` holding a descriptor number.
struct UseCell {
    state: AtomicUsize,
    value: UnsafeCell<Option<usize>>,
}

impl UseCell {
    /// `UseCell::new(Some(value))`.
    fn holding(value: usize) -> UseCell {
        UseCell {
            state: AtomicUsize::new(0),
            value: UnsafeCell::new(Some(value)),
        }
    }

    /// `UseCell::enter`, the value read, and the `InUse` drop.
    fn use_once(&self) -> Option<usize> {
        let prev = self.state.fetch_add(USER, Ordering::Acquire);
        if prev & CLOSED != 0 {
            self.state.fetch_sub(USER, Ordering::Release);
            return None;
        }
        // SAFETY: counted with CLOSED clear, as in the crate (loom checks it).
        let v = self
            .value
            .with(|v| unsafe { (*v).expect("an open cell holds a value") });
        self.state.fetch_sub(USER, Ordering::Release);
        Some(v)
    }

    /// `UseCell::own`.
    fn own(&self, wanted: impl Fn(usize) -> bool, bits: usize) -> Option<()> {
        let mut s = self.state.load(Ordering::Acquire);
        loop {
            if s & BUSY != 0 {
                thread::yield_now();
                s = self.state.load(Ordering::Acquire);
                continue;
            }
            if !wanted(s) {
                return None;
            }
            match self
                .state
                .compare_exchange_weak(s, s | bits, Ordering::AcqRel, Ordering::Acquire)
            {
                Ok(_) => break,
                Err(actual) => s = actual,
            }
        }
        while self.state.load(Ordering::Acquire) >= USER {
            thread::yield_now();
        }
        Some(())
    }

    /// `UseCell::take`.
    fn take(&self) -> Option<usize> {
        self.own(|s| s & CLOSED == 0, CLOSED | BUSY)?;
        // SAFETY: BUSY with no user, as in the crate (loom checks it).
        let v = self.value.with_mut(|v| unsafe { (*v).take() });
        self.state.fetch_and(!BUSY, Ordering::Release);
        v
    }

    /// `UseCell::fill`.
    fn fill(&self, value: usize) -> bool {
        if self.own(|s| s & CLOSED != 0, BUSY).is_none() {
            return false;
        }
        // SAFETY: BUSY with no user, as in the crate (loom checks it).
        self.value.with_mut(|v| unsafe { *v = Some(value) });
        self.state.fetch_and(!(BUSY | CLOSED), Ordering::Release);
        true
    }
}

/// A syscall borrows the descriptor while another thread closes and reopens it: the borrow
/// never overlaps the take or the fill (loom's cell checks), sees the old or the new value,
/// and the close gets the old one exactly once.
#[test]
fn use_against_close_and_reopen() {
    loom::model(|| {
        let cell = Arc::new(UseCell::holding(1));
        let closer = {
            let cell = cell.clone();
            thread::spawn(move || {
                let old = cell.take();
                let reopened = cell.fill(2);
                (old, reopened)
            })
        };
        let seen = cell.use_once();
        let (old, reopened) = closer.join().unwrap();
        assert_eq!(old, Some(1));
        assert!(reopened);
        assert!(matches!(seen, None | Some(1) | Some(2)), "{seen:?}");
        assert_eq!(cell.use_once(), Some(2));
    });
}

/// Two closes race: one gets the descriptor, the other `None`.
#[test]
fn close_against_close() {
    loom::model(|| {
        let cell = Arc::new(UseCell::holding(1));
        let other = {
            let cell = cell.clone();
            thread::spawn(move || cell.take())
        };
        let mine = cell.take();
        let theirs = other.join().unwrap();
        assert_eq!(mine.or(theirs), Some(1));
        assert!(mine.is_none() || theirs.is_none());
        assert_eq!(cell.use_once(), None);
    });
}
