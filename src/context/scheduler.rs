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

use super::job::Job;
use super::reactor::{PollState, Reactor};
use super::thread;
use super::timer_queue::TimerQueue;

/// Handlers run between two non-blocking reactor turns when the queue never runs dry.
const CHECK_INTERVAL: u32 = 61;
/// Most handlers one thread takes from the shared queue at once when it runs alone.
const MAX_BATCH: usize = 1024;

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
    /// Wakers of spawned tasks that are parked (pending). At shutdown they are woken so that
    /// their futures are dropped: tasks awaiting each other form reference cycles otherwise.
    tasks: Mutex<slab::Slab<std::task::Waker>>,
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
            tasks: Mutex::new(slab::Slab::new()),
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

    // ----- live tasks -----

    /// Records a parked task's waker; returns its key for [`Shared::forget_task`].
    pub(crate) fn park_task(&self, waker: &std::task::Waker) -> usize {
        self.tasks
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .insert(waker.clone())
    }

    /// Forgets a task recorded by [`Shared::park_task`] (it completed or was dropped).
    pub(crate) fn forget_task(&self, key: usize) {
        let waker = self
            .tasks
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .try_remove(key);
        drop(waker);
    }

    // ----- posting -----

    /// Queues a handler. From inside a run call of this context it goes to the thread-private
    /// queue when `continuation` is set or no other thread is idle; otherwise to the shared
    /// queue, waking an idle thread or the reactor.
    pub(crate) fn post(&self, job: Job, continuation: bool) {
        let job = if continuation || self.idle.load(Ordering::Relaxed) == 0 {
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

    /// Wakes one idle thread, or the blocked reactor, after the queue grew.
    fn wake_one(&self, mut q: MutexGuard<'_, Queue>) {
        if q.idle > 0 {
            drop(q);
            self.cond.notify_one();
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
        let mut wakers = Vec::new();
        self.lock_timers().clear(&mut wakers);
        drop(wakers);
        self.reactor.clear();
        // Wake every parked task: scheduling it now drops its runnable, and so its future.
        let parked: Vec<_> = self
            .tasks
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .drain()
            .collect();
        parked.into_iter().for_each(std::task::Waker::wake);
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
            let Some(job) = run.batch.pop_front() else {
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
                run.share();
            }
        }
        count
    }

    /// Turns the reactor without blocking if no other thread holds it and there is anything to
    /// look at (registered descriptors or due timers).
    fn turn_if_free(&self) {
        let due = self.lock_timers().has_expired(Instant::now());
        if !due && !self.reactor.has_registrations() {
            return;
        }
        if let Some(mut guard) = self.reactor.try_lock() {
            self.reactor.turn(&mut guard, Some(Duration::ZERO));
            self.fire_timers(false);
            drop(guard);
            // A thread that found the reactor busy may be waiting for it. Checked under the
            // queue lock, which that thread held from its failed try_lock until its wait.
            let q = self.lock();
            if q.idle > 0 {
                drop(q);
                self.cond.notify_one();
            }
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
            tq.poller_deadline =
                Some(until.unwrap_or_else(|| Instant::now() + Duration::from_secs(86400 * 365)));
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
    /// Handlers taken from the shared queue, run in order by this thread.
    batch: VecDeque<Job>,
    /// Handlers run since the last settlement of the work count.
    executed: usize,
    /// An empty queue swapped with the frame's private queue on publish.
    spare: VecDeque<Job>,
}

impl<'a> Runner<'a> {
    fn enter(shared: &'a Shared) -> Runner<'a> {
        thread::enter(shared);
        shared.runners.fetch_add(1, Ordering::AcqRel);
        Runner {
            shared,
            batch: VecDeque::new(),
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

    /// Hands this thread's batch and private handlers to idle threads.
    fn share(&mut self) {
        let mut q = self.shared.lock();
        while let Some(job) = self.batch.pop_back() {
            q.jobs.push_front(job);
        }
        self.publish(&mut q);
        if !q.jobs.is_empty() {
            drop(q);
            self.shared.cond.notify_one();
        }
    }

    /// Takes the next batch from the shared queue, polling the reactor or waiting as `mode`
    /// allows. Returns false when the run call should return.
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
                self.take_batch(&mut q, limit);
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
                    if q.idle > 0 {
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
        shared.idle.fetch_sub(1, Ordering::Relaxed);
        q
    }

    /// Takes up to `limit` handlers: all of them (up to [`MAX_BATCH`]) when this thread runs
    /// alone, a fair share when others run too.
    fn take_batch(&mut self, q: &mut Queue, limit: usize) {
        let runners = self.shared.runners.load(Ordering::Relaxed).max(1);
        let len = q.jobs.len();
        let share = if runners == 1 {
            len.min(MAX_BATCH)
        } else {
            (len / runners).clamp(1, 64)
        };
        let n = share.min(limit);
        if n == len {
            std::mem::swap(&mut self.batch, &mut q.jobs);
        } else {
            self.batch.extend(q.jobs.drain(..n));
        }
    }
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
        let mut q = shared.lock();
        while let Some(job) = self.batch.pop_back() {
            q.jobs.push_front(job);
        }
        let left = self.publish(&mut q);
        let _ = thread::exit(); // Just published: the frame's private queue is empty.
        shared.runners.fetch_sub(1, Ordering::AcqRel);
        // An idle thread may be waiting for jobs, or for the reactor this thread may have held.
        let idle = q.idle > 0;
        drop(q);
        if !left {
            shared.stop();
        } else if idle {
            shared.cond.notify_one();
        }
    }
}
