//! `WakerSlot`: the waker of the one operation that usually waits on one direction of a
//! descriptor, stored and taken with atomics; further waiters go to an overflow list whose lock
//! is taken only when it is in use.
//!
//! The protocol is futures' `AtomicWaker` (a `REGISTERING` and a `WAKING` bit on one word, the
//! owner of either bit alone touches the cell), with two changes: a registration never replaces
//! a waker of another task (that operation still waits: Asio allows several outstanding reads
//! on one socket), it goes to the overflow list; and a registration that finds the slot busy
//! (another registration or a take in progress) goes there too, instead of being dropped or
//! woken at once. The model of this protocol is `tests/loom_scheduled_io.rs`.
//!
//! Ordering: every take makes a read-modify-write on `state` after its caller published what
//! it wakes for (readiness, a cancel epoch), and every registration makes one after storing its
//! waker and before its caller reads that state again. The two are ordered on `state`: either
//! the take comes first, and the registration's acquire then sees what the take published; or
//! the registration comes first, and the take finds its waker (in the cell, in the overflow list
//! through `OVERFLOW`, or by handing the wake to the registration that holds the cell).
#![allow(unsafe_code)]

use std::cell::UnsafeCell;
use std::fmt;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Mutex;
use std::task::Waker;

/// A registration owns `cell`.
const REGISTERING: usize = 0b001;
/// A take owns `cell` or, set while a registration owns it, has handed its wake to that
/// registration, which takes the slot on its way out.
const WAKING: usize = 0b010;
/// `overflow` may hold wakers. Set and cleared under its lock.
const OVERFLOW: usize = 0b100;

/// One waker slot with an overflow list (see the module docs).
pub(crate) struct WakerSlot {
    /// `REGISTERING`, `WAKING`, `OVERFLOW`.
    state: AtomicUsize,
    /// The waker of the first waiting operation.
    ///
    /// # Invariant
    ///
    /// Read or written only by the thread that set `REGISTERING` or `WAKING` in `state` from a
    /// state with neither (or that holds `WAKING` handed over at a registration's end, see
    /// [`WakerSlot::register`]), until it clears that bit (release).
    cell: UnsafeCell<Option<Waker>>,
    /// The wakers of further waiting operations (several outstanding reads, or a registration
    /// that found the cell busy).
    overflow: Mutex<Vec<Waker>>,
}

// SAFETY: `Waker` is `Send + Sync`; the only non-`Sync` part, `cell`, is accessed by one
// thread at a time (the invariant on `cell`), with acquire/release on `state` between owners.
unsafe impl Sync for WakerSlot {}
// SAFETY: as above; a `Waker` may move between threads.
unsafe impl Send for WakerSlot {}

impl Default for WakerSlot {
    fn default() -> WakerSlot {
        WakerSlot::new()
    }
}

impl fmt::Debug for WakerSlot {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("WakerSlot")
            .field("state", &self.state.load(Ordering::Relaxed))
            .finish_non_exhaustive()
    }
}

/// The wakers a [`WakerSlot::take`] took out: the cell's inline, the overflow list's in a
/// vector (allocated only when the list was in use).
#[derive(Debug, Default)]
pub(crate) struct TakenWakers {
    first: Option<Waker>,
    rest: Vec<Waker>,
}

impl TakenWakers {
    /// Wakes every taken waker.
    #[inline]
    pub(crate) fn wake(self) {
        if let Some(w) = self.first {
            w.wake();
        }
        if !self.rest.is_empty() {
            self.rest.into_iter().for_each(Waker::wake);
        }
    }
}

impl WakerSlot {
    /// An empty slot.
    pub(crate) const fn new() -> WakerSlot {
        WakerSlot {
            state: AtomicUsize::new(0),
            cell: UnsafeCell::new(None),
            overflow: Mutex::new(Vec::new()),
        }
    }

    /// Stores `waker` until the next [`WakerSlot::take`], unless its task already waits here.
    /// A take that runs meanwhile wakes it (directly, or through this call on its way out).
    #[inline]
    pub(crate) fn register(&self, waker: &Waker) {
        let mut s = self.state.load(Ordering::Relaxed);
        loop {
            if s & (REGISTERING | WAKING) != 0 {
                return self.push_overflow(waker); // The cell is busy.
            }
            match self.state.compare_exchange_weak(
                s,
                s | REGISTERING,
                Ordering::Acquire,
                Ordering::Relaxed,
            ) {
                Ok(_) => break,
                Err(actual) => s = actual,
            }
        }
        // SAFETY: this thread set REGISTERING from a state with neither bit (the invariant on
        // `cell`); it clears it below.
        let spill = unsafe {
            let cell = &mut *self.cell.get();
            match cell {
                None => {
                    *cell = Some(waker.clone());
                    false
                }
                Some(w) => !w.will_wake(waker),
            }
        };
        if spill {
            self.push_overflow(waker); // The cell holds another task's waker.
        }
        let prev = self.state.fetch_and(!REGISTERING, Ordering::AcqRel);
        if prev & WAKING != 0 {
            // A take came while the cell was ours and left its wake to us: WAKING stays set, so
            // the cell is still ours alone (as a take's).
            self.finish_take().wake();
        }
    }

    /// Takes every stored waker out (the cell's and the overflow list's), or, if a
    /// registration holds the cell, leaves the wake to it. Call it after publishing what the
    /// wakers are woken for.
    #[inline]
    pub(crate) fn take(&self) -> TakenWakers {
        let prev = self.state.fetch_or(WAKING, Ordering::AcqRel);
        if prev & (REGISTERING | WAKING) != 0 {
            // A registration holds the cell (it wakes on its way out), or another take does
            // (its release below reads the state after this call's write).
            return TakenWakers::default();
        }
        self.finish_take()
    }

    /// [`WakerSlot::take`], moving the wakers to `out` (the reactor's list of wakers to wake
    /// once its locks are released). Inlined into the reactor's loop: a call would spill
    /// registers around its cold paths on every event.
    #[inline(always)]
    pub(crate) fn take_into(&self, out: &mut Vec<Waker>) {
        let prev = self.state.fetch_or(WAKING, Ordering::AcqRel);
        if prev & (REGISTERING | WAKING) != 0 {
            return; // As in `take`.
        }
        let (first, overflow) = self.empty_cell();
        if let Some(w) = first {
            out.push(w);
        }
        if overflow {
            out.append(&mut self.drain_overflow());
        }
    }

    /// The end of a take, by the holder of `WAKING`: empties the cell, releases it, and
    /// empties the overflow list if it was in use when the cell was released.
    fn finish_take(&self) -> TakenWakers {
        let (first, overflow) = self.empty_cell();
        let rest = if overflow {
            self.drain_overflow()
        } else {
            Vec::new()
        };
        TakenWakers { first, rest }
    }

    /// Takes the cell's waker out and releases the cell (`WAKING`, held by this thread);
    /// returns the waker and whether the overflow list was in use at the release.
    #[inline]
    fn empty_cell(&self) -> (Option<Waker>, bool) {
        // SAFETY: this thread holds WAKING, set from a state with neither bit, or handed over
        // by `take` during its registration (the invariant on `cell`); it clears it below.
        let first = unsafe { (*self.cell.get()).take() };
        let prev = self.state.fetch_and(!WAKING, Ordering::AcqRel);
        (first, prev & OVERFLOW != 0)
    }

    /// Adds `waker` to the overflow list (unless its task is there already) and flags it.
    #[cold]
    fn push_overflow(&self, waker: &Waker) {
        let mut list = self.overflow.lock().unwrap_or_else(|e| e.into_inner());
        if !list.iter().any(|w| w.will_wake(waker)) {
            list.push(waker.clone());
        }
        self.state.fetch_or(OVERFLOW, Ordering::AcqRel);
    }

    /// Empties the overflow list and clears its flag.
    #[cold]
    fn drain_overflow(&self) -> Vec<Waker> {
        let mut list = self.overflow.lock().unwrap_or_else(|e| e.into_inner());
        self.state.fetch_and(!OVERFLOW, Ordering::AcqRel);
        std::mem::take(&mut *list)
    }
}
