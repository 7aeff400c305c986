//! The timer queue of one context: timers, their waiters, and a min-heap of deadlines.
//!
//! Deadlines live in a [`TimerWheel`] with lazy cancellation: cancelling or dropping a waiter
//! only removes it from the slab; its wheel entry stays until it fires, where a generation
//! mismatch marks it stale and it is skipped (and stale entries are dropped in bulk once they
//! outnumber the live ones). So cancelling is O(1), and so are scheduling and firing.
//!
//! A waiter is created by the first poll of its wait, with the timer's expiry at that moment,
//! and in the same locked step enters the heap (or, in blocking mode, stays out of it: its own
//! thread watches the deadline). Closure tokens poll inside the initiating call, so a `cancel()`
//! right after `async_wait` counts and aborts the wait, as in Asio; a `UseFuture` starts when
//! first awaited, as Asio's `deferred`.
//!
//! A waiter in the heap is one unit of the context's outstanding work. The methods that end a
//! wait report how many such units they released; the caller settles them with
//! `Shared::work_finished_n` after unlocking.
//!
//! The clock is read as little as possible: a non-blocking poll compares a new deadline with
//! the time of the last firing (`now`), and anything later goes into the heap, which the
//! reactor fires with a fresh clock reading on its next turn.

use std::collections::VecDeque;
use std::task::Waker;
use std::time::{Duration, Instant};

use slab::Slab;

use super::timer_wheel::TimerWheel;

/// Key of a timer object in [`TimerQueue::timers`].
pub(crate) type TimerKey = usize;
/// Key of a waiter in [`TimerQueue::waiters`].
pub(crate) type WaiterKey = usize;

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
struct TimerData {
    /// The expiry that new waits use.
    expiry: Instant,
    /// Pending waiters, oldest first (for `cancel_one`).
    waiters: KeyList,
}

/// A FIFO of waiter keys that needs no allocation for the usual single waiter.
#[derive(Debug, Default)]
struct KeyList {
    first: Option<WaiterKey>,
    rest: VecDeque<WaiterKey>,
}

impl KeyList {
    fn push(&mut self, key: WaiterKey) {
        if self.first.is_none() {
            self.first = Some(key);
        } else {
            self.rest.push_back(key);
        }
    }

    fn pop(&mut self) -> Option<WaiterKey> {
        let first = self.first.take()?;
        self.first = self.rest.pop_front();
        Some(first)
    }

    fn remove(&mut self, key: WaiterKey) {
        if self.first == Some(key) {
            self.first = self.rest.pop_front();
        } else if let Some(pos) = self.rest.iter().position(|&k| k == key) {
            self.rest.remove(pos);
        }
    }
}

/// One outstanding wait.
#[derive(Debug)]
struct Waiter {
    timer: Option<TimerKey>,
    deadline: Instant,
    state: WaitState,
    waker: Option<Waker>,
    /// Distinguishes this waiter from earlier occupants of the same slab slot.
    generation: u32,
    /// In the wheel. Blocking-mode waiters never are.
    in_heap: bool,
    /// Holds one unit of outstanding work (G4) until it fires, is cancelled or is removed:
    /// queued in the wheel by a poll that was not already covered by a task's own work.
    counted: bool,
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
    fn state(state: WaitState) -> Polled {
        Polled {
            state,
            started: false,
            released: 0,
            wake_reactor: false,
        }
    }
}

/// All timers of one context. Locked by `Shared::timers`; every method runs under that lock.
#[derive(Debug)]
pub(crate) struct TimerQueue {
    /// Heap deadlines are nanoseconds since this instant; also the expiry of a new timer
    /// (always in the past, so a new timer has already expired, as in Asio).
    base: Instant,
    /// The clock reading of the last firing; never ahead of the real clock.
    now: Instant,
    timers: Slab<TimerData>,
    waiters: Slab<Waiter>,
    /// `(deadline in ns since base, key | generation << 32)`, earliest fired first.
    wheel: TimerWheel,
    /// Waiters in the wheel (`in_heap`); the rest of the wheel's entries are stale.
    queued: usize,
    next_generation: u32,
    /// Ids fired by the current `fire_expired`, reused across calls.
    due: Vec<u64>,
    /// The deadline the reactor thread sleeps until, while it sleeps; `None` when nobody does.
    pub(crate) poller_deadline: Option<Instant>,
}

impl TimerQueue {
    pub(crate) fn new() -> TimerQueue {
        let base = Instant::now();
        TimerQueue {
            base,
            now: base,
            timers: Slab::new(),
            waiters: Slab::new(),
            wheel: TimerWheel::new(),
            queued: 0,
            next_generation: 0,
            due: Vec::new(),
            poller_deadline: None,
        }
    }

    /// Adds a timer that has already expired.
    pub(crate) fn add_timer(&mut self) -> TimerKey {
        let expiry = self.base;
        self.timers.insert(TimerData {
            expiry,
            waiters: KeyList::default(),
        })
    }

    /// Removes a timer, aborting its pending waiters; collects their wakers and returns the
    /// work released.
    pub(crate) fn remove_timer(&mut self, timer: TimerKey, wakers: &mut Vec<Waker>) -> usize {
        let (_, released) = self.cancel(timer, usize::MAX, wakers);
        self.timers.remove(timer);
        released
    }

    pub(crate) fn expiry(&self, timer: TimerKey) -> Instant {
        self.timers[timer].expiry
    }

    pub(crate) fn set_expiry(&mut self, timer: TimerKey, expiry: Instant) {
        self.timers[timer].expiry = expiry;
    }

    /// Aborts up to `max` pending waiters of `timer`, oldest first. Returns how many, and how
    /// many units of work that released.
    pub(crate) fn cancel(
        &mut self,
        timer: TimerKey,
        max: usize,
        wakers: &mut Vec<Waker>,
    ) -> (usize, usize) {
        let (mut n, mut released) = (0, 0);
        while n < max {
            let Some(key) = self.timers[timer].waiters.pop() else {
                break;
            };
            released += self.finish(key, WaitState::Aborted, wakers);
            n += 1;
        }
        (n, released)
    }

    /// Ends a pending wait in `state`, taking its waker; returns the work it released (0 or 1).
    fn finish(&mut self, key: WaiterKey, state: WaitState, wakers: &mut Vec<Waker>) -> usize {
        let w = &mut self.waiters[key];
        w.state = state;
        wakers.extend(w.waker.take());
        self.queued -= usize::from(std::mem::take(&mut w.in_heap));
        usize::from(std::mem::take(&mut w.counted))
    }

    /// Starts a wait: creates its waiter and polls it (see [`TimerQueue::poll_waiter`]).
    pub(crate) fn start_waiter(
        &mut self,
        target: Target,
        poll: &PollArgs<'_>,
    ) -> (WaiterKey, Polled) {
        let (timer, deadline) = match target {
            Target::Timer(t) => (Some(t), self.timers[t].expiry),
            Target::At(d) => (None, d),
        };
        self.next_generation = self.next_generation.wrapping_add(1);
        let key = self.waiters.insert(Waiter {
            timer,
            deadline,
            state: WaitState::Pending,
            waker: None,
            generation: self.next_generation,
            in_heap: false,
            counted: false,
        });
        if let Some(t) = timer {
            self.timers[t].waiters.push(key);
        }
        (key, self.poll_waiter(key, poll))
    }

    pub(crate) fn deadline(&self, key: WaiterKey) -> Instant {
        self.waiters[key].deadline
    }

    /// Polls a waiter: returns its state, marking it fired if its deadline has passed. While
    /// pending, stores the waker and, unless in blocking mode, makes sure the waiter is in the
    /// wheel.
    pub(crate) fn poll_waiter(&mut self, key: WaiterKey, poll: &PollArgs<'_>) -> Polled {
        let PollArgs {
            now,
            waker,
            blocking,
            count,
        } = *poll;
        let now = now.unwrap_or(self.now);
        let w = &mut self.waiters[key];
        if w.state != WaitState::Pending {
            return Polled::state(w.state);
        }
        if w.deadline <= now {
            let timer = w.timer;
            let released = self.finish(key, WaitState::Fired, &mut Vec::new());
            self.detach_from_timer(timer, key);
            return Polled {
                released,
                ..Polled::state(WaitState::Fired)
            };
        }
        match &w.waker {
            Some(old) if old.will_wake(waker) => {}
            _ => w.waker = Some(waker.clone()),
        }
        if blocking || w.in_heap {
            return Polled::state(WaitState::Pending);
        }
        w.in_heap = true;
        w.counted = count;
        let (deadline, id) = (w.deadline, (key as u64) | ((w.generation as u64) << 32));
        self.queued += 1;
        self.wheel.push((self.nanos(deadline), id));
        let wake_reactor = self.poller_deadline.is_some_and(|d| deadline < d);
        Polled {
            started: count,
            wake_reactor,
            ..Polled::state(WaitState::Pending)
        }
    }

    /// Removes a waiter that completed or was dropped; returns the work it released. Its heap
    /// entry goes stale.
    pub(crate) fn remove_waiter(&mut self, key: WaiterKey) -> usize {
        let w = self.waiters.remove(key);
        if w.state == WaitState::Pending {
            self.detach_from_timer(w.timer, key);
        }
        self.queued -= usize::from(w.in_heap);
        if self.wheel.len() > 2 * self.queued + 4096 {
            self.compact();
        }
        usize::from(w.counted)
    }

    /// Drops the wheel's stale entries (waits cancelled or dropped before their deadline).
    fn compact(&mut self) {
        let waiters = &self.waiters;
        self.wheel.retain(|id| Self::live(waiters, id).is_some());
    }

    /// Returns the key of the pending waiter `id` names, if it is still that waiter's entry.
    fn live(waiters: &Slab<Waiter>, id: u64) -> Option<WaiterKey> {
        let (key, generation) = ((id & 0xffff_ffff) as usize, (id >> 32) as u32);
        let w = waiters.get(key)?;
        (w.generation == generation && w.state == WaitState::Pending).then_some(key)
    }

    fn detach_from_timer(&mut self, timer: Option<TimerKey>, key: WaiterKey) {
        if let Some(t) = timer.and_then(|t| self.timers.get_mut(t)) {
            t.waiters.remove(key);
        }
    }

    /// Returns the earliest deadline queued (possibly of a stale entry: a spurious wake-up).
    pub(crate) fn next_deadline(&self) -> Option<Instant> {
        self.wheel
            .next_deadline()
            .map(|ns| self.base + Duration::from_nanos(ns))
    }

    /// Returns whether any queued deadline is due at `now`.
    pub(crate) fn has_expired(&self, now: Instant) -> bool {
        self.wheel
            .next_deadline()
            .is_some_and(|ns| ns <= self.nanos(now))
    }

    /// Fires every waiter whose deadline is at or before `now`; collects their wakers and
    /// returns the work released.
    pub(crate) fn fire_expired(&mut self, now: Instant, wakers: &mut Vec<Waker>) -> usize {
        self.now = self.now.max(now);
        let now_ns = self.nanos(now);
        let mut due = std::mem::take(&mut self.due);
        self.wheel.expire(now_ns, |id| due.push(id));
        let mut released = 0;
        for id in due.drain(..) {
            let Some(key) = Self::live(&self.waiters, id) else {
                continue;
            };
            let timer = self.waiters[key].timer;
            released += self.finish(key, WaitState::Fired, wakers);
            self.detach_from_timer(timer, key);
        }
        self.due = due;
        released
    }

    /// Drops every waker and waiter (context shutdown).
    pub(crate) fn clear(&mut self, wakers: &mut Vec<Waker>) {
        for (_, w) in self.waiters.iter_mut() {
            wakers.extend(w.waker.take());
        }
        self.wheel.clear();
    }

    fn nanos(&self, t: Instant) -> u64 {
        t.saturating_duration_since(self.base)
            .as_nanos()
            .min(u64::MAX as u128) as u64
    }
}
