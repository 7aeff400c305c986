//! The scheduler: the shared handler queue, outstanding-work counting, and the run loop that
//! threads inside `run`/`poll` execute.
//!
//! One thread at a time polls the reactor (it holds the reactor's poll lock and sets
//! `Queue::polling` while it blocks); other idle threads wait on `cond`. A running thread takes
//! a batch of handlers from the shared queue, runs them, and publishes what they posted in one
//! locked step. Every [`CHECK_INTERVAL`] handlers it also turns the reactor without blocking,
//! so I/O and timers are never starved by a busy queue (DESIGN.md §5).

use std::collections::VecDeque;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::{Condvar, Mutex, MutexGuard};
use std::time::{Duration, Instant};

use crossbeam_deque::{Steal, Stealer, Worker};

use super::job::Job;
use super::reactor::{PollState, Reactor};
use super::thread;
use super::timer_queue::TimerQueue;

/// Handlers run between two non-blocking reactor turns when the queue never runs dry.
const CHECK_INTERVAL: u32 = 61;
/// Most handlers one thread takes from the shared queue at once. At most crossbeam-deque's
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

/// The shared queue. Locked by every thread that posts from outside a run call, and by run
/// calls between batches.
#[derive(Debug, Default)]
struct Queue {
    jobs: VecDeque<Job>,
    /// A thread is blocked in the reactor (and must be woken through it).
    polling: bool,
    /// The blocked reactor has already been woken since it started polling.
    reactor_woken: bool,
    /// Threads waiting on `cond`.
    idle: usize,
    /// Idle threads already signalled but not yet awake: a wake-up is only sent to an idle
    /// thread nobody has signalled yet, so none is lost.
    notified: usize,
}

/// The state of one context, shared by the `IoContext`, its executors and its I/O objects.
#[derive(Debug)]
pub(crate) struct Shared {
    queue: Mutex<Queue>,
    /// Idle run threads wait here for handlers or for the reactor to be free.
    cond: Condvar,
    /// Outstanding work (G4): queued handlers, pending operations, live work guards. Handlers
    /// queued privately by a run call are added when that call publishes them.
    work: AtomicUsize,
    /// Set by `stop()` or by running out of work; cleared by `restart()`.
    stopped: AtomicBool,
    /// Set when the `IoContext` is dropped: new handlers are dropped, not queued.
    shut_down: AtomicBool,
    /// Mirror of `Queue::idle`, read without the lock to decide whether to share work.
    idle: AtomicUsize,
    /// Threads inside a run call, to size batches.
    runners: AtomicUsize,
    pub(crate) reactor: Reactor,
    timers: Mutex<TimerQueue>,
    /// The batches of the run calls in progress. A thread that finds the shared queue empty
    /// takes handlers from them (under the queue lock) before it sleeps, so a handler never
    /// waits behind a blocked one while another run thread is idle (G9).
    stealers: Mutex<slab::Slab<Stealer<Job>>>,
}

impl Shared {
    pub(crate) fn new() -> std::io::Result<Shared> {
        Ok(Shared {
            queue: Mutex::new(Queue::default()),
            cond: Condvar::new(),
            work: AtomicUsize::new(0),
            stopped: AtomicBool::new(false),
            shut_down: AtomicBool::new(false),
            idle: AtomicUsize::new(0),
            runners: AtomicUsize::new(0),
            reactor: Reactor::new()?,
            timers: Mutex::new(TimerQueue::new()),
            stealers: Mutex::new(slab::Slab::new()),
        })
    }

    /// Locks the timer queue.
    pub(crate) fn lock_timers(&self) -> MutexGuard<'_, TimerQueue> {
        self.timers.lock().unwrap_or_else(|e| e.into_inner())
    }

    fn lock(&self) -> MutexGuard<'_, Queue> {
        // A panic never happens while the queue lock is held; recover from poisoning anyway.
        self.queue.lock().unwrap_or_else(|e| e.into_inner())
    }

    // ----- work counting -----

    pub(crate) fn work_started(&self) {
        self.work.fetch_add(1, Ordering::AcqRel);
    }

    pub(crate) fn work_finished(&self) {
        self.work_finished_n(1);
    }

    /// Releases `n` units of work at once; stops the context if none is left.
    pub(crate) fn work_finished_n(&self, n: usize) {
        if n > 0 && self.work.fetch_sub(n, Ordering::AcqRel) == n {
            self.stop();
        }
    }

    /// Applies the net work change of a run call: `added` newly published handlers and
    /// `executed` handlers run. Returns whether work is left.
    fn settle_work(&self, added: usize, executed: usize) -> bool {
        let left = if added >= executed {
            self.work.fetch_add(added - executed, Ordering::AcqRel) + (added - executed)
        } else {
            self.work.fetch_sub(executed - added, Ordering::AcqRel) - (executed - added)
        };
        left > 0
    }

    // ----- posting -----

    /// Queues a handler. From inside a run call of this context it goes to the thread-private
    /// queue when `continuation` is set or no other thread runs the context; otherwise to the
    /// shared queue, waking an idle thread or the reactor (Asio's `post` vs `defer`).
    pub(crate) fn post(&self, job: Job, continuation: bool) {
        let job = if continuation || self.runners.load(Ordering::Relaxed) <= 1 {
            match thread::try_push_private(self, job) {
                Ok(()) => return,
                Err(job) => job,
            }
        } else {
            job
        };
        self.work_started();
        let mut q = self.lock();
        if self.shut_down.load(Ordering::Acquire) {
            drop(q);
            self.work.fetch_sub(1, Ordering::AcqRel);
            return; // `job` is dropped uninvoked here, outside the lock.
        }
        q.jobs.push_back(job);
        self.wake_one(q);
    }

    /// Wakes one idle thread that nobody has signalled yet, if there is one.
    fn notify_idle(&self, mut q: MutexGuard<'_, Queue>) {
        if q.idle > q.notified {
            q.notified += 1;
            drop(q);
            self.cond.notify_one();
        }
    }

    /// Wakes one idle thread, or the blocked reactor, after the queue grew.
    fn wake_one(&self, mut q: MutexGuard<'_, Queue>) {
        if q.idle > q.notified {
            self.notify_idle(q);
        } else if q.polling && !q.reactor_woken {
            q.reactor_woken = true;
            drop(q);
            self.reactor.wake();
        }
    }

    // ----- stop / restart / shutdown -----

    pub(crate) fn stop(&self) {
        self.stopped.store(true, Ordering::Release);
        let mut q = self.lock();
        let poll = q.polling && !q.reactor_woken;
        q.reactor_woken |= poll;
        drop(q);
        self.cond.notify_all();
        if poll {
            self.reactor.wake();
        }
    }

    /// Returns whether the `IoContext` has been dropped.
    pub(crate) fn is_shut_down(&self) -> bool {
        self.shut_down.load(Ordering::Acquire)
    }

    pub(crate) fn stopped(&self) -> bool {
        self.stopped.load(Ordering::Acquire)
    }

    pub(crate) fn restart(&self) {
        self.stopped.store(false, Ordering::Release);
    }

    /// Drops every queued handler and every waiting operation's waker, uninvoked (G3).
    pub(crate) fn shutdown(&self) {
        self.stop();
        let jobs = {
            let mut q = self.lock();
            self.shut_down.store(true, Ordering::Release);
            std::mem::take(&mut q.jobs)
        };
        drop(jobs);
        // Wake (not just drop) every parked operation's waker: a task woken now is dropped
        // with its future, and async-task then wakes whoever awaited it, so tasks waiting on
        // each other (a reference cycle) are dropped too (G3).
        let mut wakers = Vec::new();
        self.lock_timers().clear(&mut wakers);
        wakers.into_iter().for_each(std::task::Waker::wake);
        self.reactor.clear();
    }

    // ----- running -----

    /// Runs handlers until `limit` have run, the context stops or runs out of work, or (in
    /// [`Mode::Poll`]) nothing is ready, or the mode's deadline passes. Returns how many ran.
    pub(crate) fn run(&self, limit: usize, mode: Mode) -> usize {
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
            let Some(job) = run.local.pop() else {
                if run.refill(limit - count, mode) {
                    continue;
                }
                break;
            };
            // Counted before running, so a panicking handler is accounted for too.
            run.executed += 1;
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
    fn turn_if_free(&self) {
        let due = {
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
    fn fire_timers(&self, ending_sleep: bool) {
        let mut wakers = Vec::new();
        let released = {
            let mut tq = self.lock_timers();
            if ending_sleep {
                tq.poller_deadline = None;
            }
            if tq.is_empty() {
                return; // No clock read when no timer waits.
            }
            tq.fire_expired(Instant::now(), &mut wakers)
        };
        // Wake first: a woken task on this context is queued (and counted) before the timers'
        // work is released, so the count cannot touch zero in between.
        wakers.into_iter().for_each(|w| w.wake());
        self.work_finished_n(released);
    }

    /// Polls the reactor as the blocking poller until its next timer, the run deadline, or a
    /// wake-up. Called with the queue lock released and `polling` set.
    fn turn_blocking(&self, guard: &mut PollState, deadline: Option<Instant>) {
        let until = {
            let mut tq = self.lock_timers();
            let until = match (tq.next_deadline(), deadline) {
                (Some(a), Some(b)) => Some(a.min(b)),
                (a, b) => a.or(b),
            };
            // Far future stands for "no deadline": any new timer is earlier and wakes us.
            tq.poller_deadline = Some(until.unwrap_or(tq.far_future()));
            until
        };
        let timeout = until.map(|d| d.saturating_duration_since(Instant::now()));
        self.reactor.turn(guard, timeout);
        self.fire_timers(true);
    }
}

/// The state of one run call on one thread. Dropping it (normally or while a handler's panic
/// unwinds) returns unrun handlers to the shared queue and settles the work count (G8).
struct Runner<'a> {
    shared: &'a Shared,
    /// Handlers taken from the shared queue (already counted as work), run in order by this
    /// thread; other threads may steal from it.
    local: Worker<Job>,
    /// This batch's key in `Shared::stealers`.
    stealer: usize,
    /// Handlers run since the last settlement of the work count.
    executed: usize,
    /// An empty queue swapped with the frame's private queue on publish.
    spare: VecDeque<Job>,
}

impl<'a> Runner<'a> {
    fn enter(shared: &'a Shared) -> Runner<'a> {
        thread::enter(shared);
        shared.runners.fetch_add(1, Ordering::AcqRel);
        let local = Worker::new_fifo();
        let stealer = lock(&shared.stealers).insert(local.stealer());
        Runner {
            shared,
            local,
            stealer,
            executed: 0,
            spare: VecDeque::new(),
        }
    }

    /// Moves the privately posted handlers to the shared queue and settles the work count;
    /// stops the context if no work is left. Returns whether work is left.
    fn publish(&mut self, q: &mut Queue) -> bool {
        thread::swap_private(&mut self.spare);
        let added = self.spare.len();
        if q.jobs.is_empty() {
            std::mem::swap(&mut q.jobs, &mut self.spare);
        } else {
            q.jobs.append(&mut self.spare);
        }
        let left = self
            .shared
            .settle_work(added, std::mem::take(&mut self.executed));
        if !left {
            self.shared.stopped.store(true, Ordering::Release);
        }
        left
    }

    /// Publishes this thread's private handlers and wakes an idle thread, which can also
    /// steal from this thread's batch.
    fn share(&mut self) {
        let mut q = self.shared.lock();
        self.publish(&mut q);
        if !q.jobs.is_empty() || !self.local.is_empty() {
            self.shared.notify_idle(q);
        }
    }

    /// Takes the next batch from the shared queue or another thread's batch, polling the
    /// reactor or waiting as `mode` allows. Returns false when the run call should return.
    fn refill(&mut self, limit: usize, mode: Mode) -> bool {
        let shared = self.shared;
        let mut q = shared.lock();
        loop {
            if !self.publish(&mut q) {
                drop(q);
                shared.stop();
                return false;
            }
            if shared.stopped() {
                return false;
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
                if let Some(mut guard) = shared.reactor.try_lock() {
                    let blocking = !matches!(mode, Mode::Poll);
                    q.polling = blocking;
                    q.reactor_woken = false;
                    drop(q);
                    if blocking {
                        shared.turn_blocking(&mut guard, deadline);
                    } else {
                        shared.reactor.turn(&mut guard, Some(Duration::ZERO));
                        shared.fire_timers(false);
                    }
                    drop(guard);
                    q = shared.lock();
                    q.polling = false;
                    // Another thread may take the reactor while this one runs what it found.
                    if q.idle > q.notified {
                        q.notified += 1;
                        shared.cond.notify_one();
                    }
                    if !blocking && q.jobs.is_empty() && thread_private_is_empty() {
                        return false;
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
        if self.shared.runners.load(Ordering::Relaxed) <= 1 {
            return false; // Nobody else runs: no batch to steal from.
        }
        let stealers = lock(&self.shared.stealers);
        for (key, stealer) in stealers.iter() {
            if key == self.stealer {
                continue;
            }
            loop {
                match stealer.steal_batch(&self.local) {
                    Steal::Success(()) => return true,
                    Steal::Empty => break,
                    Steal::Retry => continue,
                }
            }
        }
        false
    }

    /// Waits on the condition variable until woken or `deadline`.
    fn wait_idle<'q>(
        &self,
        mut q: MutexGuard<'q, Queue>,
        deadline: Option<Instant>,
    ) -> MutexGuard<'q, Queue> {
        let shared = self.shared;
        q.idle += 1;
        shared.idle.fetch_add(1, Ordering::Relaxed);
        q = match deadline {
            None => shared.cond.wait(q).unwrap_or_else(|e| e.into_inner()),
            Some(d) => {
                let left = d.saturating_duration_since(Instant::now());
                shared
                    .cond
                    .wait_timeout(q, left)
                    .unwrap_or_else(|e| e.into_inner())
                    .0
            }
        };
        q.idle -= 1;
        q.notified = q.notified.saturating_sub(1);
        shared.idle.fetch_sub(1, Ordering::Relaxed);
        q
    }

    /// Takes up to `limit` handlers: all of them (up to [`MAX_BATCH`]) when this thread runs
    /// alone, a fair share when others run too. If others run and more than one handler is
    /// left here or there, wakes one of them to take (or steal) its part.
    fn take_batch(&mut self, mut q: MutexGuard<'_, Queue>, limit: usize) {
        let runners = self.shared.runners.load(Ordering::Relaxed).max(1);
        let len = q.jobs.len();
        let share = if runners == 1 {
            len.min(MAX_BATCH)
        } else {
            (len / runners).clamp(1, 64)
        };
        let n = share.min(limit);
        for job in q.jobs.drain(..n) {
            self.local.push(job);
        }
        if runners > 1 && (n > 1 || !q.jobs.is_empty()) {
            self.shared.wake_one(q);
        }
    }
}

/// Locks a mutex, recovering from poisoning (no panic happens while these locks are held).
fn lock<T>(m: &Mutex<T>) -> MutexGuard<'_, T> {
    m.lock().unwrap_or_else(|e| e.into_inner())
}

/// Returns whether the innermost frame has no unpublished handlers.
fn thread_private_is_empty() -> bool {
    let mut probe = VecDeque::new();
    thread::swap_private(&mut probe);
    let empty = probe.is_empty();
    thread::swap_private(&mut probe);
    empty
}

impl Drop for Runner<'_> {
    fn drop(&mut self) {
        let shared = self.shared;
        lock(&shared.stealers).remove(self.stealer);
        let mut q = shared.lock();
        let mut unrun = Vec::new();
        while let Some(job) = self.local.pop() {
            unrun.push(job);
        }
        for job in unrun.into_iter().rev() {
            q.jobs.push_front(job);
        }
        let left = self.publish(&mut q);
        let _ = thread::exit(); // Just published: the frame's private queue is empty.
        shared.runners.fetch_sub(1, Ordering::AcqRel);
        if !left {
            drop(q);
            shared.stop();
        } else {
            // An idle thread may wait for these handlers, or for the reactor this thread held.
            shared.notify_idle(q);
        }
    }
}
