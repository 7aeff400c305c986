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

use std::time::{Duration, Instant};

use super::gen_slab::GenSlab;
use super::timer_entries::{
    KeyList, PollArgs, Polled, Target, TimerData, TimerKey, WaitState, Waiter, WaiterKey,
};
use super::timer_wheel::TimerWheel;
use super::wakers::Wakers;

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
    /// Timer objects, by generational key: a wait on a dropped timer finds nothing.
    timers: GenSlab<TimerData>,
    /// Waits, by generational key: a wheel entry names only the wait it was made for.
    waiters: GenSlab<Waiter>,
    /// `(deadline in ns since base, waiter key)`, earliest fired first.
    wheel: TimerWheel<WaiterKey>,
    /// Waiters in the wheel (`in_wheel`); the rest of the wheel's entries are stale.
    queued: usize,
    /// Keys fired by the current `fire_expired`, reused across calls.
    due: Vec<WaiterKey>,
    /// Set by [`TimerQueue::clear`] (context shutdown): every wait, old or new, is aborted.
    closed: bool,
    /// The deadline the reactor thread sleeps until, while it sleeps (`Engine::timer_poller`
    /// says whether one does); `None` before the first sleep.
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
            timers: GenSlab::new(),
            waiters: GenSlab::new(),
            wheel: TimerWheel::new(),
            queued: 0,
            due: Vec::new(),
            closed: false,
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
    pub(crate) fn remove_timer(&mut self, timer: TimerKey, wakers: &mut Wakers) -> usize {
        let (_, released) = self.cancel(timer, usize::MAX, wakers);
        self.timers.remove(timer);
        released
    }

    /// Returns the expiry of a live timer (its owner's key).
    pub(crate) fn expiry(&self, timer: TimerKey) -> Instant {
        self.timer(timer).expiry
    }

    /// Sets the expiry of a live timer (its owner's key).
    pub(crate) fn set_expiry(&mut self, timer: TimerKey, expiry: Instant) {
        self.timers
            .get_mut(timer)
            .expect("a timer's key is live while its owner is")
            .expiry = expiry;
    }

    fn timer(&self, timer: TimerKey) -> &TimerData {
        self.timers
            .get(timer)
            .expect("a timer's key is live while its owner is")
    }

    /// Aborts up to `max` pending waiters of `timer`, oldest first. Returns how many, and how
    /// many units of work that released.
    pub(crate) fn cancel(
        &mut self,
        timer: TimerKey,
        max: usize,
        wakers: &mut Wakers,
    ) -> (usize, usize) {
        let (mut n, mut released) = (0, 0);
        while n < max {
            let Some(key) = self.timers.get_mut(timer).and_then(|t| t.waiters.pop()) else {
                break;
            };
            released += self.finish(key, WaitState::Aborted, wakers);
            n += 1;
        }
        (n, released)
    }

    /// Ends a pending wait in `state`, taking its waker; returns the work it released (0 or 1).
    fn finish(&mut self, key: WaiterKey, state: WaitState, wakers: &mut Wakers) -> usize {
        let w = self.waiters.get_mut(key).expect("a listed waiter is live");
        w.state = state;
        wakers.push(w.waker.take());
        self.queued -= usize::from(std::mem::take(&mut w.in_wheel));
        usize::from(std::mem::take(&mut w.counted))
    }

    /// Starts a wait: creates its waiter and polls it (see [`TimerQueue::poll_waiter`]).
    /// A wait on a timer that has been dropped (or after shutdown) creates no waiter and is
    /// aborted at once.
    pub(crate) fn start_waiter(
        &mut self,
        target: Target,
        poll: &PollArgs<'_>,
    ) -> (Option<WaiterKey>, Polled) {
        let (timer, deadline) = match target {
            Target::Timer(t) => match self.timers.get(t) {
                Some(data) if !self.closed => (Some(t), data.expiry),
                _ => return (None, Polled::state(WaitState::Aborted)),
            },
            Target::At(_) if self.closed => return (None, Polled::state(WaitState::Aborted)),
            Target::At(d) => (None, d),
        };
        let key = self.waiters.insert(Waiter {
            timer,
            deadline,
            state: WaitState::Pending,
            waker: None,
            in_wheel: false,
            counted: false,
        });
        if let Some(t) = timer.and_then(|t| self.timers.get_mut(t)) {
            t.waiters.push(key);
        }
        (Some(key), self.poll_waiter(key, poll))
    }

    /// Returns the deadline of a live waiter (its wait's key).
    pub(crate) fn deadline(&self, key: WaiterKey) -> Instant {
        self.waiter(key).deadline
    }

    fn waiter(&self, key: WaiterKey) -> &Waiter {
        self.waiters
            .get(key)
            .expect("a wait's key is live until the wait removes it")
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
        let w = self
            .waiters
            .get_mut(key)
            .expect("a wait's key is live until the wait removes it");
        if w.state != WaitState::Pending {
            return Polled::state(w.state);
        }
        if w.deadline <= now {
            let timer = w.timer;
            let released = self.finish(key, WaitState::Fired, &mut Wakers::new());
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
        let deadline = w.deadline;
        self.queued += 1;
        self.wheel.push((self.nanos(deadline), key));
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
        let Some(w) = self.waiters.remove(key) else {
            return 0;
        };
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
        self.wheel.retain(|key| Self::live(waiters, key));
    }

    /// Returns whether `key` still names a pending waiter (its wheel entry is not stale).
    fn live(waiters: &GenSlab<Waiter>, key: WaiterKey) -> bool {
        waiters
            .get(key)
            .is_some_and(|w| w.state == WaitState::Pending)
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

    /// Returns how many deadlines (live or stale) are queued.
    #[inline]
    pub(crate) fn len(&self) -> usize {
        self.wheel.len()
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
    pub(crate) fn fire_expired(&mut self, now: Instant, wakers: &mut Wakers) -> usize {
        self.now = self.now.max(now);
        let now_ns = self.nanos(now);
        let mut due = std::mem::take(&mut self.due);
        self.wheel.expire(now_ns, |key| due.push(key));
        let mut released = 0;
        for key in due.drain(..) {
            if !Self::live(&self.waiters, key) {
                continue;
            }
            let timer = self.waiter(key).timer;
            released += self.finish(key, WaitState::Fired, wakers);
            self.detach_from_timer(timer, key);
        }
        self.due = due;
        released
    }

    /// Aborts every wait and collects the wakers (context shutdown): a woken wait completes
    /// aborted, whoever polls it, and every wait started later is aborted at once.
    pub(crate) fn clear(&mut self, wakers: &mut Wakers) {
        self.closed = true;
        for t in self.timers.values_mut() {
            t.waiters = KeyList::default();
        }
        for w in self.waiters.values_mut() {
            if w.state == WaitState::Pending {
                w.state = WaitState::Aborted;
            }
            w.in_wheel = false;
            wakers.push(w.waker.take());
        }
        self.queued = 0;
        self.wheel.clear();
    }

    fn nanos(&self, t: Instant) -> u64 {
        t.saturating_duration_since(self.base)
            .as_nanos()
            .min(u64::MAX as u128) as u64
    }
}
