//! The run loop: what a thread inside `run`/`poll` does. It takes batches of handlers, runs
//! them, and turns the reactor (with the timer queue) when the queue runs dry and every
//! [`CHECK_INTERVAL`] handlers, so I/O and timers are never starved by a busy queue.
//!
//! One thread at a time polls the reactor (it holds the reactor's poll lock and sets
//! `Queue::polling` while it blocks); other idle threads wait on the engine's condition
//! variable. Polling only when the queue runs dry (and every 61 handlers, as tokio does) avoids
//! the `epoll_wait(0)` per handler that holds C++ Asio's single post chain back.
//!
//! A turn fires a bounded number of due timer waits ([`FIRE_BATCH`] when the queue ran dry,
//! [`CHECK_INTERVAL`] on a busy queue), not all of them: with a backlog of a million due
//! timers, firing all at once woke every task before the first ran, so each task's memory
//! (block, timer entry) was evicted between its wake and its poll and missed the cache twice.
//! A bounded batch runs while it is still in the L2 cache. The rest stay due in the wheel, so
//! the next turn does not sleep (`sleep_until` gives a past deadline) and `poll()` turns again
//! until none is left: every due timer still fires, in deadline order, within the same run or
//! poll call.

use std::sync::atomic::Ordering;
use std::time::{Duration, Instant};

use super::engine::Engine;
use super::reactor::PollState;
use super::runner::{Mode, Runner};
use super::wakers::Wakers;

/// Handlers run between two non-blocking reactor turns when the queue never runs dry.
const CHECK_INTERVAL: u32 = 61;

/// Most due timer waits one turn fires when the queue ran dry: few enough that their tasks'
/// memory (~440 B each: block, timer entry, wheel entry) is still in cache when they run,
/// enough that the turns between batches cost little. Chosen on the scheduler bench's 1 M-timer
/// fire scenario: 64 to 512 measured alike (64 a little ahead), 1024 started to miss again
/// (callgrind with a simulated 1 MiB L2), 4096 was no better than firing everything. Also the
/// run loop's handler batch (`runner::MAX_BATCH`).
const FIRE_BATCH: usize = 64;

/// Most due timer waits a turn fires from inside a busy run loop: as many as the handlers run
/// since the last turn, so a backlog of due timers enters the queue no faster than it drains
/// (at [`FIRE_BATCH`] per check, the whole backlog would pile up in the queue again).
const FIRE_BUSY: usize = CHECK_INTERVAL as usize;

impl Engine {
    /// Runs handlers until `limit` have run, the context stops or runs out of work, or (in
    /// [`Mode::Poll`]) nothing is ready, or the mode's deadline passes. Returns how many ran.
    pub(crate) fn run(&self, limit: usize, mode: Mode) -> usize {
        // Unwinds coroutines pinned here whose context was dropped on another thread (the
        // runner does it again when the call ends).
        #[cfg(feature = "stackful")]
        super::current::pinned::sweep();
        if self.stopped() {
            return 0;
        }
        if self.work.load(Ordering::Acquire) == 0 {
            self.stop();
            return 0;
        }
        let mut run = Runner::enter(self);
        let mut count = 0;
        let mut since_check = 0;
        while !self.stopped() {
            // This thread's batch, then the jobs only it may run (its mailbox's: the pinned
            // queue costs nothing while the batch lasts), then the one handler it posted
            // itself, unpublished and uncounted, when it runs the context alone (no
            // publish, no lock), then the next refill.
            let job = match run.local.pop().or_else(|| run.pinned.pop_front()) {
                Some(job) => {
                    // Counted before running, so a panicking handler is accounted for too.
                    run.executed += 1;
                    job
                }
                None => match run.pop_private() {
                    Some(job) => job,
                    None if run.refill(limit - count, mode) => continue,
                    None => break,
                },
            };
            job.run();
            count += 1;
            if count >= limit {
                break;
            }
            since_check += 1;
            if since_check >= CHECK_INTERVAL {
                since_check = 0;
                run.publish(&mut self.lock());
                self.turn_if_free();
            } else if self.idle.load(Ordering::Relaxed) > 0 {
                run.share(); // Publish what this thread posted; idle threads steal its batch.
            }
        }
        count
    }

    /// Turns the reactor without blocking if no other thread holds it and there is anything to
    /// look at (registered descriptors or due timers).
    pub(super) fn turn_if_free(&self) {
        let due = !self.no_timers() && {
            let tq = self.lock_timers();
            !tq.is_empty() && tq.has_expired(Instant::now())
        };
        if !due && !self.reactor.has_registrations() {
            return;
        }
        if let Some(mut guard) = self.reactor.try_lock() {
            self.reactor.turn(&mut guard, Some(Duration::ZERO));
            self.fire_timers(&mut guard, false, FIRE_BUSY);
            drop(guard);
            // A thread that found the reactor busy may be waiting for it. Checked under the
            // queue lock, which that thread held from its failed try_lock until its wait.
            self.notify_idle(self.lock());
        }
    }

    /// Fires up to `max` due timer waits and wakes their waiters; returns whether due waits
    /// remain (the caller turns again before sleeping). Called with the reactor lock held
    /// (`state`), so that `ending_sleep` (clearing the blocking poller's deadline) cannot race
    /// with a new poller; the wakers are collected in the poll state's reused vector.
    pub(super) fn fire_timers(
        &self,
        state: &mut PollState,
        ending_sleep: bool,
        max: usize,
    ) -> bool {
        if ending_sleep {
            self.timer_poller.store(false, Ordering::Release);
        }
        if self.no_timers() {
            return false; // No lock and no clock read when no timer waits.
        }
        let (wakers, released, more) = {
            let mut tq = self.lock_timers();
            if tq.is_empty() {
                return false;
            }
            let mut wakers = Wakers::with_buffer(std::mem::take(state.wakers()));
            let now = Instant::now();
            let released = tq.fire_expired(now, max, &mut wakers);
            (wakers, released, tq.has_expired(now))
        };
        // Wake first: a woken task on this context is queued (and counted) before the timers'
        // work is released, so the count cannot touch zero in between.
        wakers.wake_into(state.wakers());
        self.work_finished_n(released);
        more
    }

    /// Polls the reactor once without blocking, as a `poll()` call's turn, and fires a batch of
    /// due timers; returns whether due timers remain (see [`Engine::fire_timers`]).
    pub(super) fn turn_polling(&self, guard: &mut PollState) -> bool {
        self.reactor.turn(guard, Some(Duration::ZERO));
        self.fire_timers(guard, false, FIRE_BATCH)
    }

    /// Polls the reactor as the blocking poller until its next timer, the run deadline, or a
    /// wake-up. Called with the queue lock released and `polling` set.
    pub(super) fn turn_blocking(&self, guard: &mut PollState, deadline: Option<Instant>) {
        let until = {
            let until = self.lock_timers().sleep_until(deadline);
            self.timer_poller.store(true, Ordering::Release);
            until
        };
        let timeout = until.map(|d| d.saturating_duration_since(Instant::now()));
        self.reactor.turn(guard, timeout);
        self.fire_timers(guard, true, FIRE_BATCH);
    }
}
