//! The timer queue of one context: timers, their waiters, and a wheel of deadlines
//! ([`TimerWheel`]).
//!
//! Deadlines live in a [`TimerWheel`] with lazy cancellation: cancelling or dropping a waiter
//! only removes it from the slab; its wheel entry stays until it fires, where a generation
//! mismatch marks it stale and it is skipped (and stale entries are dropped in bulk once they
//! outnumber the live ones). So cancelling is O(1), and so are scheduling and firing.
//!
//! A waiter is created by the first poll of its wait, with the timer's expiry at that moment,
//! and in the same locked step enters the wheel (or, in blocking mode, stays out of it: its own
//! thread watches the deadline). Closure tokens poll inside the initiating call, so a `cancel()`
//! right after `async_wait` counts and aborts the wait, as in Asio; a `UseFuture` starts when
//! first awaited, as Asio's `deferred`.
//!
//! A waiter in the wheel is one unit of the context's outstanding work. The methods that end a
//! wait report how many such units they released; the caller settles them with
//! `Shared::work_finished_n` after unlocking.
//!
//! The clock is read as little as possible: a non-blocking poll compares a new deadline with
//! the time of the last firing (`now`), and anything later goes into the wheel, which the
//! reactor fires with a fresh clock reading on its next turn.

use std::task::Waker;
use std::time::{Duration, Instant};

use slab::Slab;

use super::timer_entries::{
    KeyList, PollArgs, Polled, Target, TimerData, TimerKey, WaitState, Waiter, WaiterKey,
};
use super::timer_wheel::TimerWheel;

/// All timers of one context. Locked by `Engine::timers`; every method runs under that lock.
#[derive(Debug)]
pub(crate) struct TimerQueue {
    /// Wheel deadlines are nanoseconds since this instant; also the expiry of a new timer
    /// (always in the past, so a new timer has already expired, as in Asio).
    base: Instant,
    /// The clock reading of the last firing; never ahead of the real clock.
    now: Instant,
    /// See [`TimerQueue::far_future`].
    far: Instant,
    timers: Slab<TimerData>,
    waiters: Slab<Waiter>,
    /// `(deadline in ns since base, key | generation << 32)`, earliest fired first.
    wheel: TimerWheel,
    /// Waiters in the wheel (`in_wheel`); the rest of the wheel's entries are stale.
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
        let far = base
            .checked_add(Duration::from_secs(100 * 365 * 86400))
            .unwrap_or(base);
        TimerQueue {
            base,
            now: base,
            far,
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
        self.queued -= usize::from(std::mem::take(&mut w.in_wheel));
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
            in_wheel: false,
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
        if blocking || w.in_wheel {
            return Polled::state(WaitState::Pending);
        }
        w.in_wheel = true;
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

    /// Removes a waiter that completed or was dropped; returns the work it released. Its wheel
    /// entry goes stale.
    pub(crate) fn remove_waiter(&mut self, key: WaiterKey) -> usize {
        let w = self.waiters.remove(key);
        if w.state == WaitState::Pending {
            self.detach_from_timer(w.timer, key);
        }
        self.queued -= usize::from(w.in_wheel);
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

    /// Returns whether no deadline is queued.
    pub(crate) fn is_empty(&self) -> bool {
        self.wheel.len() == 0
    }

    /// Returns an instant later than any deadline a program sets (100 years after the base).
    pub(crate) fn far_future(&self) -> Instant {
        self.far
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
