//! The entries of the timer queue: one per timer object (or bare deadline) with its waits
//! inline, the keys that name them, and what a poll of a wait passes in and gets back.

use std::time::Instant;

use super::gen_slab::Key;
use super::timer_waits::{WaitState, Waits};

/// Key of a timer entry in the timer queue; names only that entry, never a later one.
pub(crate) type TimerKey = Key;

/// Names one wait: its timer entry and its ticket.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct WaitKey {
    pub(super) timer: TimerKey,
    pub(super) ticket: u64,
}

/// A wait as the wheel names it: the entry's slot and the wait's ticket (unique in the queue,
/// so the slot's generation is not needed). Ordered only to make sorting a wheel slot total.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub(super) struct WheelId {
    pub(super) ticket: u64,
    pub(super) index: u32,
}

impl WaitKey {
    pub(super) fn wheel_id(self) -> WheelId {
        WheelId {
            ticket: self.ticket,
            index: self.timer.index() as u32,
        }
    }
}

/// What a new wait waits for.
#[derive(Clone, Copy, Debug)]
pub(crate) enum Target {
    /// A timer object's expiry at the wait's first poll.
    Timer(TimerKey),
    /// A bare deadline, tied to no timer (`cancel_after`).
    At(Instant),
}

/// One timer object (a `SteadyTimer` or `SystemTimer`), or one bare deadline's wait. Its
/// expiry is in its cell (`TimerCell`), beside it.
///
/// # Invariant
///
/// Every pending wait waits for the expiry: changing the expiry aborts the pending waits.
///
/// A removed entry lists no wait, and its slot keeps it so for the next (`TimerSlots`).
#[derive(Debug, Default)]
pub(super) struct TimerData {
    /// The timer object holds this entry. Cleared when it is dropped; a bare deadline's entry
    /// never has it. An entry without it is removed with its last wait, and starts no wait.
    pub(super) owned: bool,
    /// The waits, oldest first, in every state until their `DeadlineWait` removes them.
    pub(super) waits: Waits,
}

/// How a wait is polled.
#[derive(Clone, Copy, Debug)]
pub(crate) struct PollArgs<'a> {
    /// A fresh clock reading (blocking mode), or `None` to use the last firing's.
    pub(crate) now: Option<Instant>,
    pub(crate) waker: &'a std::task::Waker,
    /// Blocking mode: the caller's thread watches the deadline; the wheel is not used.
    pub(crate) blocking: bool,
    /// The wait counts as outstanding work while queued (it is not inside a task of this
    /// context, which already counts).
    pub(crate) count: bool,
}

/// What a poll of a wait found.
#[derive(Debug)]
pub(crate) struct Polled {
    pub(crate) state: WaitState,
    /// The deadline a pending wait waits for (blocking mode watches it).
    pub(crate) deadline: Option<Instant>,
    /// The wait entered the wheel holding work: the caller must count one unit for it.
    pub(crate) started: bool,
    /// The wait ended (and was removed) here and released this much work.
    pub(crate) released: usize,
    /// The new deadline is earlier than the one the reactor sleeps until.
    pub(crate) wake_reactor: bool,
}

impl Polled {
    pub(super) fn state(state: WaitState) -> Polled {
        Polled {
            state,
            deadline: None,
            started: false,
            released: 0,
            wake_reactor: false,
        }
    }
}
