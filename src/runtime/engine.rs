//! `Engine`: the state of one context, shared by its `IoContext`, executors and I/O objects,
//! with its outstanding-work count and its stop, restart and shutdown.

use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::{Condvar, Mutex, MutexGuard};

use crossbeam_deque::Stealer;

use super::job::Job;
use super::queue::Queue;
use super::reactor::Reactor;
use super::shutdown_wakes::ShutdownWakes;
use super::timer_queue::TimerQueue;
use super::wakers::Wakers;

/// The state of one context. Every field says who changes it and under which lock.
#[derive(Debug)]
pub(crate) struct Engine {
    /// The shared handler queue. Locked by every thread that posts from outside a run call,
    /// and by run calls between batches.
    pub(super) queue: Mutex<Queue>,
    /// Idle run threads wait here for handlers or for the reactor to be free.
    pub(super) cond: Condvar,
    /// Outstanding work ([G4](crate::guarantees#g4)): queued handlers, pending operations, live
    /// work guards. Handlers
    /// queued privately by a run call are added when that call publishes them.
    pub(super) work: AtomicUsize,
    /// Set by `stop()` or by running out of work; cleared by `restart()`.
    pub(super) stopped: AtomicBool,
    /// Set when the `IoContext` is dropped: new handlers are dropped, not queued.
    pub(super) shut_down: AtomicBool,
    /// Mirror of `Queue::idle`, read without the lock to decide whether to share work.
    pub(super) idle: AtomicUsize,
    /// Threads inside a run call, to size batches.
    pub(super) runners: AtomicUsize,
    pub(crate) reactor: Reactor,
    timers: Mutex<TimerQueue>,
    /// How many deadlines (live or stale) the timer queue holds, stored by every unlock of
    /// [`timers`](Engine::timers) ([`Timers`]' drop): a reactor turn that reads 0 fires
    /// nothing and takes no lock. A timer added meanwhile is seen by the next turn, which
    /// sleeps only until the deadline it reads under the lock.
    timers_queued: AtomicUsize,
    /// A thread sleeps in the reactor until `TimerQueue::poller_deadline`: set under the
    /// timer lock before the sleep, cleared without it after (a new timer that still reads
    /// it set wakes the reactor once more, which is harmless).
    pub(super) timer_poller: AtomicBool,
    /// The batches of the run calls in progress. A thread that finds the shared queue empty
    /// takes handlers from them (under the queue lock) before it sleeps, so a handler never
    /// waits behind a blocked one while another run thread is idle ([G9](crate::guarantees#g9)).
    pub(super) stealers: Mutex<slab::Slab<Stealer<Job>>>,
    /// Waiting places outside the reactor and the timers (channels), woken at shutdown.
    pub(crate) shutdown_wakes: ShutdownWakes,
    /// Created with concurrency hint 1: run calls keep their batches to themselves
    /// (`runtime::batch`) and every post from inside a run call goes to its private queue.
    /// Set once, at creation.
    pub(super) one_thread: bool,
}

impl Engine {
    /// A new engine; `one_thread` is concurrency hint 1 (see [`Engine::one_thread`]).
    pub(crate) fn new(one_thread: bool) -> std::io::Result<Engine> {
        Ok(Engine {
            queue: Mutex::new(Queue::default()),
            cond: Condvar::new(),
            work: AtomicUsize::new(0),
            stopped: AtomicBool::new(false),
            shut_down: AtomicBool::new(false),
            idle: AtomicUsize::new(0),
            runners: AtomicUsize::new(0),
            reactor: Reactor::new()?,
            timers: Mutex::new(TimerQueue::new()),
            timers_queued: AtomicUsize::new(0),
            timer_poller: AtomicBool::new(false),
            stealers: Mutex::new(slab::Slab::new()),
            shutdown_wakes: ShutdownWakes::default(),
            one_thread,
        })
    }

    /// Locks the timer queue.
    #[inline]
    pub(crate) fn lock_timers(&self) -> Timers<'_> {
        Timers {
            guard: lock(&self.timers),
            queued: &self.timers_queued,
        }
    }

    /// Returns whether the timer queue held no deadline at its last unlock.
    #[inline]
    pub(super) fn no_timers(&self) -> bool {
        self.timers_queued.load(Ordering::Acquire) == 0
    }

    /// Returns whether a thread may sleep in the reactor until a deadline that a new, earlier
    /// timer must wake it from (see `TimerQueue::poller_deadline`).
    #[inline]
    pub(crate) fn timer_poller_sleeps(&self) -> bool {
        self.timer_poller.load(Ordering::Acquire)
    }

    /// Locks the shared handler queue.
    pub(super) fn lock(&self) -> MutexGuard<'_, Queue> {
        lock(&self.queue)
    }

    // ----- work counting -----

    #[inline]
    pub(crate) fn work_started(&self) {
        self.work.fetch_add(1, Ordering::AcqRel);
    }

    #[inline]
    pub(crate) fn work_finished(&self) {
        self.work_finished_n(1);
    }

    /// Releases `n` units of work at once; stops the context if none is left.
    #[inline]
    pub(crate) fn work_finished_n(&self, n: usize) {
        if n > 0 && self.work.fetch_sub(n, Ordering::AcqRel) == n {
            self.stop();
        }
    }

    /// Applies the net work change of a run call: `added` newly published handlers and
    /// `executed` handlers run. Returns whether work is left.
    pub(super) fn settle_work(&self, added: usize, executed: usize) -> bool {
        let left = if added >= executed {
            self.work.fetch_add(added - executed, Ordering::AcqRel) + (added - executed)
        } else {
            self.work.fetch_sub(executed - added, Ordering::AcqRel) - (executed - added)
        };
        left > 0
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
    #[inline]
    pub(crate) fn is_shut_down(&self) -> bool {
        self.shut_down.load(Ordering::Acquire)
    }

    #[inline]
    pub(crate) fn stopped(&self) -> bool {
        self.stopped.load(Ordering::Acquire)
    }

    pub(crate) fn restart(&self) {
        self.stopped.store(false, Ordering::Release);
    }

    /// Drops every queued handler and every waiting operation's waker, uninvoked
    /// ([G3](crate::guarantees#g3)).
    pub(crate) fn shutdown(&self) {
        self.stop();
        let (jobs, mail) = {
            let mut q = self.lock();
            self.shut_down.store(true, Ordering::Release);
            (std::mem::take(&mut q.jobs), q.mail.drain())
        };
        drop(jobs);
        drop(mail);
        // Wake (not just drop) every parked operation's waker: a task woken now is dropped
        // with its future, and async-task then wakes whoever awaited it, so tasks waiting on
        // each other (a reference cycle) are dropped too (G3).
        let mut wakers = Wakers::new();
        self.lock_timers().clear(&mut wakers);
        wakers.wake();
        self.reactor.clear();
        self.shutdown_wakes.wake_all();
    }
}

/// The locked timer queue; its drop records how many deadlines the queue holds
/// (`Engine::timers_queued`) and unlocks.
pub(crate) struct Timers<'a> {
    guard: MutexGuard<'a, TimerQueue>,
    queued: &'a AtomicUsize,
}

impl std::ops::Deref for Timers<'_> {
    type Target = TimerQueue;
    #[inline]
    fn deref(&self) -> &TimerQueue {
        &self.guard
    }
}

impl std::ops::DerefMut for Timers<'_> {
    #[inline]
    fn deref_mut(&mut self) -> &mut TimerQueue {
        &mut self.guard
    }
}

impl Drop for Timers<'_> {
    #[inline]
    fn drop(&mut self) {
        self.queued.store(self.guard.len(), Ordering::Release);
    }
}

/// Locks a mutex, recovering from poisoning: no panic happens while the engine's locks are
/// held.
pub(super) fn lock<T>(m: &Mutex<T>) -> MutexGuard<'_, T> {
    m.lock().unwrap_or_else(|e| e.into_inner())
}
