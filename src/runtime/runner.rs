//! `Runner`: the state of one run call on one thread: its batch of handlers (`batch.rs`:
//! stealable by idle threads, unless the context has concurrency hint 1), the jobs posted to
//! this thread alone, the work it has yet to settle, and the refill step that takes the next
//! batch, polls the reactor or waits.

use std::collections::VecDeque;
use std::sync::atomic::Ordering;
use std::sync::MutexGuard;
use std::time::Instant;

use super::batch::Batch;
use super::current;
use super::engine::Engine;
use super::job::Job;
use super::queue::Queue;

/// Most handlers one thread takes from the engine queue at once. At most crossbeam-deque's
/// minimum capacity (64): a worker that grows past it shrinks again while being drained,
/// reallocating several times per batch.
const MAX_BATCH: usize = 64;

/// How a run call waits when the queue is empty.
#[derive(Clone, Copy, Debug)]
pub(crate) enum Mode {
    /// Block, until the deadline if one is given (`run`, `run_one`, `run_until`).
    Block(Option<Instant>),
    /// Never block (`poll`, `poll_one`).
    Poll,
}

/// The state of one run call on one thread. Dropping it (normally or while a handler's panic
/// unwinds) returns unrun handlers to the engine queue and settles the work count
/// ([G8](crate::guarantees#g8)).
pub(super) struct Runner<'a> {
    engine: &'a Engine,
    /// Handlers taken from the engine queue (already counted as work), run in order by this
    /// thread; other threads may steal from it unless the context was promised one thread.
    pub(super) local: Batch,
    /// Jobs taken from this thread's mailbox (already counted as work): run by this thread
    /// only, once `local` is empty; put back into the mailbox if the call ends first.
    pub(super) pinned: VecDeque<Job>,
    /// This thread's number (`current::thread_no`): which mailbox is this thread's.
    thread: u64,
    /// Handlers run since the last settlement of the work count.
    pub(super) executed: usize,
    /// An empty queue swapped with the frame's private queue on publish.
    spare: VecDeque<Job>,
    /// One unit of work borrowed by [`pop_private`](Runner::pop_private) until the next
    /// publish: it stands for the unpublished handler running now, so the count cannot touch
    /// zero (and stop the context) while that handler still runs.
    credit: bool,
}

impl<'a> Runner<'a> {
    pub(super) fn enter(engine: &'a Engine) -> Runner<'a> {
        let thread = current::enter_run(engine);
        engine.runners.fetch_add(1, Ordering::AcqRel);
        Runner {
            engine,
            local: Batch::new(engine),
            pinned: VecDeque::new(),
            thread,
            executed: 0,
            spare: VecDeque::new(),
            credit: false,
        }
    }

    /// Moves the privately posted handlers to the engine queue and settles the work count;
    /// stops the context if no work is left. Returns whether work is left.
    pub(super) fn publish(&mut self, q: &mut Queue) -> bool {
        current::swap_private(&mut self.spare);
        let added = self.spare.len();
        if q.jobs.is_empty() {
            std::mem::swap(&mut q.jobs, &mut self.spare);
        } else {
            q.jobs.append(&mut self.spare);
        }
        let settled = std::mem::take(&mut self.executed) + usize::from(self.credit);
        self.credit = false;
        let left = self.engine.settle_work(added, settled);
        if !left {
            self.engine.stopped.store(true, Ordering::Release);
        }
        left
    }

    /// Takes the handler this thread posted, unpublished, if it is the only one and this
    /// thread runs the context alone (a single chain of handlers, each posting the next): it
    /// skips the shared queue, its lock and the batch. G9 is kept as before: a handler run so
    /// leaves nothing behind it that another thread could have stolen (the private queue
    /// held it alone), and what it posts waits only as long as any handler's own posts do
    /// (until it returns; while another thread runs, posts go to the shared queue). The
    /// handler is not counted as work (it never was); the first such pop since the last
    /// publish borrows one unit for the handlers run so, so the count cannot reach zero while
    /// one runs.
    #[inline]
    pub(super) fn pop_private(&mut self) -> Option<Job> {
        if self.engine.runners.load(Ordering::Relaxed) > 1 {
            return None;
        }
        let job = current::pop_sole_private()?;
        if !self.credit {
            self.engine.work_started();
            self.credit = true;
        }
        Some(job)
    }

    /// Publishes this thread's private handlers and wakes an idle thread, which can also
    /// steal from this thread's batch.
    pub(super) fn share(&mut self) {
        let mut q = self.engine.lock();
        self.publish(&mut q);
        if !q.jobs.is_empty() || self.local.has_stealable() {
            self.engine.notify_idle(q);
        }
    }

    /// Takes the next batch from the engine queue or another thread's batch, polling the
    /// reactor or waiting as `mode` allows. Returns false when the run call should return.
    pub(super) fn refill(&mut self, limit: usize, mode: Mode) -> bool {
        let engine = self.engine;
        let mut q = engine.lock();
        loop {
            if !self.publish(&mut q) {
                drop(q);
                engine.stop();
                return false;
            }
            if engine.stopped() {
                return false;
            }
            // Under the queue lock, which a post to this thread's mailbox takes too.
            if q.mail.take(self.thread, &mut self.pinned) {
                return true;
            }
            if !q.jobs.is_empty() {
                self.take_batch(q, limit);
                return true;
            }
            // Under the queue lock: a batch taken after this look wakes this thread.
            if self.steal() {
                return true;
            }
            let deadline = match mode {
                Mode::Block(d) => d,
                Mode::Poll => Some(Instant::now()),
            };
            if deadline.is_some_and(|d| d <= Instant::now()) && !matches!(mode, Mode::Poll) {
                return false;
            }
            if !q.polling {
                if let Some(mut guard) = engine.reactor.try_lock() {
                    let blocking = !matches!(mode, Mode::Poll);
                    q.polling = blocking;
                    q.poller = self.thread;
                    q.reactor_woken = false;
                    drop(q);
                    // Due timers left over (a turn fires a bounded batch): a poll turns again
                    // (a blocking turn does anyway: its next timeout is zero).
                    let more = if blocking {
                        engine.turn_blocking(&mut guard, deadline);
                        false
                    } else {
                        engine.turn_polling(&mut guard)
                    };
                    drop(guard);
                    q = engine.lock();
                    q.polling = false;
                    // Another thread may take the reactor while this one runs what it found.
                    if q.idle > q.notified {
                        q.notified += 1;
                        engine.cond.notify_one();
                    }
                    let woken = current::private_len();
                    if !blocking && q.jobs.is_empty() && woken == 0 && !more {
                        return false;
                    }
                    // Alone, with one handler woken by this turn (one task whose descriptor
                    // or timer became ready) and nothing else queued: the run loop takes it
                    // straight from the private queue (`pop_private`), with no publish and no
                    // batch. Several woken go through the stealable batch (G9).
                    if woken == 1
                        && q.jobs.is_empty()
                        && engine.runners.load(Ordering::Relaxed) == 1
                    {
                        return true;
                    }
                    continue;
                }
            }
            if matches!(mode, Mode::Poll) {
                return false;
            }
            q = self.wait_idle(q, deadline);
        }
    }

    /// Takes handlers from another run call's batch into this one; returns whether any came.
    fn steal(&mut self) -> bool {
        if self.engine.runners.load(Ordering::Relaxed) <= 1 {
            return false; // Nobody else runs: no batch to steal from.
        }
        self.local.steal(self.engine)
    }

    /// Waits on the condition variable until woken or `deadline`.
    fn wait_idle<'q>(
        &self,
        mut q: MutexGuard<'q, Queue>,
        deadline: Option<Instant>,
    ) -> MutexGuard<'q, Queue> {
        let engine = self.engine;
        q.idle += 1;
        q.mail.set_idle(self.thread, true);
        engine.idle.fetch_add(1, Ordering::Relaxed);
        q = match deadline {
            None => engine.cond.wait(q).unwrap_or_else(|e| e.into_inner()),
            Some(d) => {
                let left = d.saturating_duration_since(Instant::now());
                engine
                    .cond
                    .wait_timeout(q, left)
                    .unwrap_or_else(|e| e.into_inner())
                    .0
            }
        };
        q.idle -= 1;
        q.mail.set_idle(self.thread, false);
        q.notified = q.notified.saturating_sub(1);
        engine.idle.fetch_sub(1, Ordering::Relaxed);
        q
    }

    /// Takes up to `limit` handlers: all of them when this thread runs alone (up to
    /// [`MAX_BATCH`] into a stealable batch), a fair share when others run too. If others run
    /// and more than one handler is left here or there, wakes one of them to take (or steal)
    /// its part.
    fn take_batch(&mut self, mut q: MutexGuard<'_, Queue>, limit: usize) {
        let runners = self.engine.runners.load(Ordering::Relaxed).max(1);
        let len = q.jobs.len();
        let share = if runners > 1 {
            (len / runners).clamp(1, MAX_BATCH)
        } else if self.engine.one_thread {
            len
        } else {
            len.min(MAX_BATCH)
        };
        let n = share.min(limit);
        self.local.take(&mut q.jobs, n);
        if runners > 1 && (n > 1 || !q.jobs.is_empty()) {
            self.engine.wake_one(q);
        }
    }
}

impl Drop for Runner<'_> {
    fn drop(&mut self) {
        let engine = self.engine;
        let mut q = engine.lock();
        self.local.give_back(engine, &mut q.jobs);
        if !self.pinned.is_empty() {
            q.mail
                .put_back(self.thread, std::mem::take(&mut self.pinned));
        }
        let left = self.publish(&mut q);
        let _ = current::exit_run(); // Just published: the frame's private queue is empty.
        engine.runners.fetch_sub(1, Ordering::AcqRel);
        if !left {
            drop(q);
            engine.stop();
        } else {
            // An idle thread may wait for these handlers, or for the reactor this thread held.
            engine.notify_idle(q);
        }
        // Unwinds coroutines pinned here whose context was dropped on another thread (no lock
        // held: their destructors may post).
        #[cfg(feature = "stackful")]
        current::pinned::sweep();
    }
}
