//! The run loop: what a thread inside `run`/`poll` does. It takes batches of handlers, runs
//! them, and turns the reactor (with the timer queue) when the queue runs dry and every
//! [`CHECK_INTERVAL`] handlers, so I/O and timers are never starved by a busy queue.
//!
//! One thread at a time polls the reactor (it holds the reactor's poll lock and sets
//! `Queue::polling` while it blocks); other idle threads wait on the engine's condition
//! variable. Polling only when the queue runs dry (and every 61 handlers, as tokio does) avoids
//! the `epoll_wait(0)` per handler that holds C++ Asio's single post chain back.

use std::sync::atomic::Ordering;
use std::time::{Duration, Instant};

use super::engine::Engine;
use super::reactor::PollState;
use super::runner::{Mode, Runner};
use super::wakers::Wakers;

/// Handlers run between two non-blocking reactor turns when the queue never runs dry.
const CHECK_INTERVAL: u32 = 61;

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
            self.fire_timers(false);
            drop(guard);
            // A thread that found the reactor busy may be waiting for it. Checked under the
            // queue lock, which that thread held from its failed try_lock until its wait.
            self.notify_idle(self.lock());
        }
    }

    /// Fires due timers and wakes their waiters. Called with the reactor lock held, so that
    /// `ending_sleep` (clearing the blocking poller's deadline) cannot race with a new poller.
    pub(super) fn fire_timers(&self, ending_sleep: bool) {
        if ending_sleep {
            self.timer_poller.store(false, Ordering::Release);
        }
        if self.no_timers() {
            return; // No lock and no clock read when no timer waits.
        }
        let mut wakers = Wakers::new();
        let released = {
            let mut tq = self.lock_timers();
            if tq.is_empty() {
                return;
            }
            tq.fire_expired(Instant::now(), &mut wakers)
        };
        // Wake first: a woken task on this context is queued (and counted) before the timers'
        // work is released, so the count cannot touch zero in between.
        wakers.wake();
        self.work_finished_n(released);
    }

    /// Polls the reactor as the blocking poller until its next timer, the run deadline, or a
    /// wake-up. Called with the queue lock released and `polling` set.
    pub(super) fn turn_blocking(&self, guard: &mut PollState, deadline: Option<Instant>) {
        let until = {
            let mut tq = self.lock_timers();
            let until = match (tq.next_deadline(), deadline) {
                (Some(a), Some(b)) => Some(a.min(b)),
                (a, b) => a.or(b),
            };
            // Far future stands for "no deadline": any new timer is earlier and wakes us.
            let sleep = until.unwrap_or(tq.far_future());
            tq.sleep_until(sleep);
            self.timer_poller.store(true, Ordering::Release);
            until
        };
        let timeout = until.map(|d| d.saturating_duration_since(Instant::now()));
        self.reactor.turn(guard, timeout);
        self.fire_timers(true);
    }
}
