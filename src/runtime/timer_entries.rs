//! The entries of the timer queue: timer objects, their waiters, and what a poll of a wait
//! passes in and gets back.

use std::collections::VecDeque;
use std::task::Waker;
use std::time::Instant;

use super::gen_slab::Key;

/// Key of a timer object in the timer queue; names only that timer, never a later one.
pub(crate) type TimerKey = Key;
/// Key of a waiter in the timer queue; names only that waiter, never a later one.
pub(crate) type WaiterKey = Key;

/// The state of one wait.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum WaitState {
    /// Not yet expired nor cancelled.
    Pending,
    /// The deadline passed.
    Fired,
    /// Cancelled by `cancel`, `cancel_one`, `expires_*` or the timer's drop.
    Aborted,
}

/// What a new wait waits for.
#[derive(Clone, Copy, Debug)]
pub(crate) enum Target {
    /// A timer object's expiry at the wait's first poll.
    Timer(TimerKey),
    /// A bare deadline, tied to no timer (`cancel_after`).
    At(Instant),
}

/// One timer object (a `SteadyTimer` or `SystemTimer`).
#[derive(Debug)]
pub(super) struct TimerData {
    /// The expiry that new waits use.
    pub(super) expiry: Instant,
    /// Pending waiters, oldest first (for `cancel_one`).
    pub(super) waiters: KeyList,
}

/// A FIFO of waiter keys that needs no allocation for the usual single waiter.
#[derive(Debug, Default)]
pub(super) struct KeyList {
    first: Option<WaiterKey>,
    rest: VecDeque<WaiterKey>,
}

impl KeyList {
    pub(super) fn push(&mut self, key: WaiterKey) {
        if self.first.is_none() {
            self.first = Some(key);
        } else {
            self.rest.push_back(key);
        }
    }

    pub(super) fn pop(&mut self) -> Option<WaiterKey> {
        let first = self.first.take()?;
        self.first = self.rest.pop_front();
        Some(first)
    }

    pub(super) fn remove(&mut self, key: WaiterKey) {
        if self.first == Some(key) {
            self.first = self.rest.pop_front();
        } else if let Some(pos) = self.rest.iter().position(|&k| k == key) {
            self.rest.remove(pos);
        }
    }
}

/// One outstanding wait.
#[derive(Debug)]
pub(super) struct Waiter {
    pub(super) timer: Option<TimerKey>,
    pub(super) deadline: Instant,
    pub(super) state: WaitState,
    pub(super) waker: Option<Waker>,
    /// In the wheel. Blocking-mode waiters never are.
    pub(super) in_wheel: bool,
    /// Holds one unit of outstanding work ([G4](crate::guarantees#g4)) until it fires, is cancelled
    /// or is removed:
    /// queued in the wheel by a poll that was not already covered by a task's own work.
    pub(super) counted: bool,
}

/// How a wait is polled.
#[derive(Clone, Copy, Debug)]
pub(crate) struct PollArgs<'a> {
    /// A fresh clock reading (blocking mode), or `None` to use the last firing's.
    pub(crate) now: Option<Instant>,
    pub(crate) waker: &'a Waker,
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
    /// The waiter entered the wheel holding work: the caller must count one unit for it.
    pub(crate) started: bool,
    /// The waiter ended here and released this much work.
    pub(crate) released: usize,
    /// The new deadline is earlier than the one the reactor sleeps until.
    pub(crate) wake_reactor: bool,
}

impl Polled {
    pub(super) fn state(state: WaitState) -> Polled {
        Polled {
            state,
            started: false,
            released: 0,
            wake_reactor: false,
        }
    }
}
