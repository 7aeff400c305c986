//! The timer queue of one context: one entry per timer with its waits inline, and a wheel of
//! deadlines ([`TimerWheel`]).
//!
//! A timer object is one [`TimerData`] entry, its waits, the first inline and the others in an
//! overflow (Asio keeps its `wait_op`s in the timer's `per_timer_data`), beside its
//! [`TimerCell`], which holds its expiry and its count of waits and which the timer object uses
//! without this lock (`timer_cell` has the protocol). A bare deadline (`cancel_after`) is an
//! entry of its own with one wait, owned by no timer. A wait is added by its first poll, with
//! the timer's expiry at that moment (kept in the wait), and in the same locked step enters
//! the wheel (or, in blocking mode, stays out of it: its own thread watches
//! the deadline). It keeps its outcome (fired, aborted) in the entry until its own poll
//! collects it and removes it, in one locked step. An entry whose timer was dropped lives
//! until its last wait is removed, and starts no new wait.
//!
//! Deadlines live in a [`TimerWheel`] with lazy cancellation: a wheel entry names a wait by
//! slot and ticket (unique in the queue); cancelling or dropping a wait leaves the entry, which
//! is skipped when it fires (and stale entries are dropped in bulk once they outnumber the
//! live ones). So cancelling is O(1), and so are scheduling and firing. A firing is bounded:
//! [`TimerQueue::fire_expired`] fires at most the number of waits its caller asks for (the run
//! loop's batch), earliest first, and leaves the other due ones first in the wheel.
//!
//! Closure tokens poll inside the initiating call, so a `cancel()` right after `async_wait`
//! counts and aborts the wait, as in Asio; a `UseFuture` starts when first awaited, as Asio's
//! `deferred`.
//!
//! A wait in the wheel may hold one unit of the context's outstanding work. The methods that
//! end a wait report how many such units they released; the caller settles them with
//! `Engine::work_finished_n` after unlocking.
//!
//! The clock is read as little as possible: a non-blocking poll compares a new deadline with
//! the time of the last firing (`now`), and anything later goes into the wheel, which the
//! reactor fires with a fresh clock reading on its next turn.

use std::ptr::NonNull;
use std::time::{Duration, Instant};

use super::timer_cell::{Expiry, TimerCell};
use super::timer_entries::{PollArgs, Polled, Target, TimerData, TimerKey, WaitKey, WheelId};
use super::timer_origin::{origin, Offset};
use super::timer_slots::TimerSlots;
use super::timer_waits::{Wait, WaitState};
use super::timer_wheel::TimerWheel;
use super::wakers::Wakers;

const LIVE: &str = "a wait's entry is live until the wait removes it";

/// All timers of one context. Locked by `Engine::timers`; every method runs under that lock.
#[derive(Debug)]
pub(crate) struct TimerQueue {
    /// The timer origin ([`origin`]): wheel deadlines are nanoseconds since this instant; also
    /// the expiry of a timer never set (always in the past, so a new timer has already expired,
    /// as in Asio).
    base: Instant,
    /// The clock reading of the last firing; never ahead of the real clock.
    now: Instant,
    /// `now` as the wheel's nanoseconds (deadlines are compared so).
    now_ns: u64,
    /// Timer entries with their waits and cells, by generational key: a wait that names a
    /// dropped timer's key finds nothing (or an entry that starts no wait).
    timers: TimerSlots<TimerData>,
    /// The ticket of the last wait started.
    tickets: u64,
    /// `(deadline in ns since base, wait)`, earliest fired first.
    wheel: TimerWheel<WheelId>,
    /// Waits in the wheel (`in_wheel`); the rest of the wheel's entries are stale.
    queued: usize,
    /// Set by [`TimerQueue::clear`] (context shutdown): every wait, old or new, is aborted.
    closed: bool,
    /// The deadline the reactor thread sleeps until, as the wheel's nanoseconds, while it
    /// sleeps (`Engine::timer_poller` says whether one does); `None` before the first sleep.
    poller_deadline: Option<u64>,
}

impl TimerQueue {
    pub(crate) fn new() -> TimerQueue {
        let (base, now) = (origin(), Instant::now());
        TimerQueue {
            base,
            now,
            now_ns: Offset::of(now).wheel_nanos(),
            timers: TimerSlots::new(),
            tickets: 0,
            wheel: TimerWheel::new(Offset::of(now).wheel_nanos()),
            queued: 0,
            closed: false,
            poller_deadline: None,
        }
    }

    /// Records that the reactor thread is about to sleep until the next deadline or `limit`,
    /// whichever is earlier (see `Engine::timer_poller`), so that a new wait due earlier wakes
    /// it; returns that instant (`None`: no deadline, and any new wait wakes it). Reads no
    /// clock.
    pub(crate) fn sleep_until(&mut self, limit: Option<Instant>) -> Option<Instant> {
        let at = |ns| self.base + Duration::from_nanos(ns);
        let (until, ns) = match (self.wheel.next_deadline(), limit) {
            (None, None) => (None, u64::MAX),
            (Some(ns), None) => (Some(at(ns)), ns),
            (next, Some(limit)) => match (next, Offset::of(limit).wheel_nanos()) {
                (Some(ns), l) if ns < l => (Some(at(ns)), ns),
                (_, l) => (Some(limit), l),
            },
        };
        self.poller_deadline = Some(ns);
        until
    }

    /// Returns the time of `poll`, or of the last firing, as the wheel's nanoseconds.
    #[inline]
    fn now_ns(&self, poll: &PollArgs<'_>) -> u64 {
        poll.now
            .map_or(self.now_ns, |now| Offset::of(now).wheel_nanos())
    }

    /// Adds a timer expiring at `expiry`, or already expired (as Asio's new timer) for `None`.
    /// Returns its key and its cell, which stays at its address while the timer's owner lives.
    pub(crate) fn add_timer(&mut self, expiry: Option<Expiry>) -> (TimerKey, NonNull<TimerCell>) {
        let (key, cell) = self.timers.insert(|t| t.owned = true);
        if let Some(e) = expiry {
            self.timers.cell(key.index()).store(e);
        }
        (key, cell)
    }

    /// Removes a timer (its owner's drop), aborting its pending waits; collects their wakers
    /// and returns the work released. Its entry stays while waits hold their outcome in it.
    pub(crate) fn remove_timer(&mut self, timer: TimerKey, wakers: &mut Wakers) -> usize {
        let Some((t, _)) = self.timers.get_mut(timer) else {
            return 0;
        };
        if t.waits.is_empty() {
            self.timers.remove(timer); // The usual case: no wait, nothing to abort.
            return 0;
        }
        t.owned = false;
        let (_, released) = t.waits.abort(usize::MAX, &mut self.queued, wakers);
        if t.waits.is_empty() {
            self.timers.remove(timer);
        }
        released
    }

    /// Aborts up to `max` pending waits of `timer`, oldest first. Returns how many, and how
    /// many units of work that released.
    pub(crate) fn cancel(
        &mut self,
        timer: TimerKey,
        max: usize,
        wakers: &mut Wakers,
    ) -> (usize, usize) {
        match self.timers.get_mut(timer) {
            Some((t, _)) => t.waits.abort(max, &mut self.queued, wakers),
            None => (0, 0),
        }
    }

    /// Starts a wait: adds it and parks it (see [`TimerQueue::poll_wait`]). A wait on a timer
    /// that has been dropped (or after shutdown) is aborted at once, and one whose deadline has
    /// passed fires at once; neither is added (no key).
    pub(crate) fn start_wait(
        &mut self,
        target: Target,
        poll: &PollArgs<'_>,
    ) -> (Option<WaitKey>, Polled) {
        let now = self.now_ns(poll);
        if self.closed {
            return (None, Polled::state(WaitState::Aborted));
        }
        let (timer, ns) = match target {
            Target::Timer(k) => match self.timers.get_mut(k) {
                Some((t, cell)) if t.owned => {
                    // Counted before the expiry is read: see `timer_cell`. Never set: the
                    // origin, in the past.
                    let e = cell.add_wait_then_load();
                    let ns = e.map_or(0, |e| offset(e.instant).wheel_nanos());
                    if ns <= now {
                        cell.remove_wait();
                        return (None, Polled::state(WaitState::Fired));
                    }
                    (k, ns)
                }
                _ => return (None, Polled::state(WaitState::Aborted)),
            },
            Target::At(d) => match Offset::of(d).wheel_nanos() {
                ns if ns <= now => return (None, Polled::state(WaitState::Fired)),
                ns => {
                    let (k, _) = self.timers.insert(|t| t.owned = false);
                    self.timers.cell(k.index()).add_wait();
                    (k, ns)
                }
            },
        };
        self.tickets += 1;
        let key = WaitKey {
            timer,
            ticket: self.tickets,
        };
        let mut wait = Wait::new(key.ticket, ns);
        let (t, wheel) = self.split(timer);
        let polled = park(&mut wait, key.wheel_id(), poll, wheel);
        t.waits.push(wait);
        (Some(key), polled)
    }

    /// Polls a started wait. A wait that is over (fired, aborted, or pending with its deadline
    /// passed: it fires) is removed and its state returned. While pending, stores the waker
    /// and, unless in blocking mode, makes sure the wait is in the wheel.
    pub(crate) fn poll_wait(&mut self, key: WaitKey, poll: &PollArgs<'_>) -> Polled {
        let now = self.now_ns(poll);
        let (t, wheel) = self.split(key.timer);
        let w = t.waits.find_mut(key.ticket).expect(LIVE);
        let state = match w.state {
            WaitState::Pending if w.ns > now => return park(w, key.wheel_id(), poll, wheel),
            WaitState::Pending => WaitState::Fired,
            state => state,
        };
        Polled {
            released: self.remove_wait(key),
            ..Polled::state(state)
        }
    }

    /// Returns the live entry `timer` and the wheel, borrowed together.
    #[inline]
    fn split(&mut self, timer: TimerKey) -> (&mut TimerData, Wheel<'_>) {
        let (t, _) = self.timers.get_mut(timer).expect(LIVE);
        let wheel = Wheel {
            wheel: &mut self.wheel,
            queued: &mut self.queued,
            poller: self.poller_deadline,
            base: self.base,
        };
        (t, wheel)
    }

    /// Removes a wait that completed or was dropped; returns the work it released. Its wheel
    /// entry, if any, goes stale; an entry no timer owns goes with its last wait.
    #[inline]
    pub(crate) fn remove_wait(&mut self, key: WaitKey) -> usize {
        let Some((t, cell)) = self.timers.get_mut(key.timer) else {
            return 0;
        };
        let Some(w) = t.waits.remove(key.ticket) else {
            return 0;
        };
        cell.remove_wait();
        if !t.owned && t.waits.is_empty() {
            self.timers.remove(key.timer);
        }
        if w.in_wheel {
            self.queued -= 1;
            if self.wheel.len() > 2 * self.queued + 4096 {
                self.compact();
            }
        }
        usize::from(w.counted)
    }

    /// Drops the wheel's stale entries (waits cancelled or dropped before their deadline).
    fn compact(&mut self) {
        let timers = &self.timers;
        self.wheel.retain(|id| {
            timers
                .get_index(id.index as usize)
                .is_some_and(|t| t.waits.is_pending(id.ticket))
        });
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

    /// Returns whether any queued deadline is due at `now`.
    pub(crate) fn has_expired(&self, now: Instant) -> bool {
        self.wheel
            .next_deadline()
            .is_some_and(|ns| ns <= Offset::of(now).wheel_nanos())
    }

    /// Fires up to `max` (at least 1) of the waits whose deadline is at or before `now`,
    /// earliest first; collects their wakers and returns the work released. Stale wheel
    /// entries met on the way are dropped and not counted. Waits left due stay first in the
    /// wheel, so [`TimerQueue::has_expired`] holds and [`TimerQueue::sleep_until`] gives a
    /// past deadline: the next reactor turn does not sleep.
    pub(crate) fn fire_expired(&mut self, now: Instant, max: usize, wakers: &mut Wakers) -> usize {
        if now > self.now {
            self.now = now;
            self.now_ns = Offset::of(now).wheel_nanos();
        }
        let (timers, queued) = (&mut self.timers, &mut self.queued);
        let mut released = 0;
        self.wheel
            .expire(Offset::of(now).wheel_nanos(), max, |id, ahead| {
                // A batch's slots are cold: fetch one a few firings early.
                if let Some(a) = ahead {
                    timers.prefetch(a.index as usize);
                }
                let wait = timers
                    .get_index_mut(id.index as usize)
                    .and_then(|(t, _)| t.waits.find_mut(id.ticket));
                match wait {
                    Some(w) if w.state == WaitState::Pending => {
                        released += w.finish(WaitState::Fired, queued, wakers);
                        true
                    }
                    _ => false, // Stale: cancelled or removed before its deadline.
                }
            });
        released
    }

    /// Aborts every wait and collects the wakers (context shutdown): a woken wait completes
    /// aborted, whoever polls it, and every wait started later is aborted at once.
    pub(crate) fn clear(&mut self, wakers: &mut Wakers) {
        self.closed = true;
        self.timers.for_each_mut(|t| {
            for w in t.waits.iter_mut() {
                if w.state == WaitState::Pending {
                    w.state = WaitState::Aborted;
                }
                w.in_wheel = false;
                wakers.push(w.waker.take());
            }
        });
        self.queued = 0;
        self.wheel.clear();
    }
}

/// The wheel, borrowed beside one timer entry.
struct Wheel<'a> {
    wheel: &'a mut TimerWheel<WheelId>,
    queued: &'a mut usize,
    /// `TimerQueue::poller_deadline`.
    poller: Option<u64>,
    /// `TimerQueue::base`.
    base: Instant,
}

/// Stores the waker of a pending wait whose deadline is ahead, and queues it in the wheel
/// unless it is there or in blocking mode.
#[inline]
fn park(w: &mut Wait, id: WheelId, poll: &PollArgs<'_>, to: Wheel<'_>) -> Polled {
    let ns = w.ns;
    match &w.waker {
        Some(old) if old.will_wake(poll.waker) => {}
        _ => w.waker = Some(poll.waker.clone()),
    }
    let pending = Polled {
        // Blocking mode watches the deadline on its thread; the reactor needs no instant.
        deadline: poll.blocking.then(|| to.base + Duration::from_nanos(ns)),
        ..Polled::state(WaitState::Pending)
    };
    if poll.blocking || w.in_wheel {
        return pending;
    }
    w.in_wheel = true;
    w.counted = poll.count;
    *to.queued += 1;
    to.wheel.push((ns, id));
    Polled {
        started: poll.count,
        wake_reactor: to.poller.is_some_and(|d| ns < d),
        ..pending
    }
}

/// An offset from the timer origin, from a cell's words.
fn offset((secs, nanos): (i64, u32)) -> Offset {
    Offset { secs, nanos }
}
