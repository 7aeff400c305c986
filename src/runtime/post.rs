//! Posting: how a posted handler reaches a run thread (Asio's `post` vs `defer`: the
//! thread-private queue, or the shared queue and a wake-up of an idle thread or the reactor).

use std::sync::atomic::Ordering;
use std::sync::MutexGuard;

use super::current;
use super::engine::Engine;
use super::job::Job;
use super::queue::Queue;

impl Engine {
    /// Queues a handler. From inside a run call of this context it goes to the thread-private
    /// queue when `continuation` is set, the context was promised one thread, or no other
    /// thread runs it; otherwise to the shared queue, waking an idle thread or the reactor
    /// (Asio's `post` vs `defer`).
    pub(crate) fn post(&self, job: Job, continuation: bool) {
        let job = if continuation || self.one_thread || self.runners.load(Ordering::Relaxed) <= 1 {
            match current::try_push_private(self, job) {
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
    pub(super) fn notify_idle(&self, mut q: MutexGuard<'_, Queue>) {
        if q.idle > q.notified {
            q.notified += 1;
            drop(q);
            self.cond.notify_one();
        }
    }

    /// Wakes one idle thread, or the blocked reactor, after the queue grew.
    pub(super) fn wake_one(&self, mut q: MutexGuard<'_, Queue>) {
        if q.idle > q.notified {
            self.notify_idle(q);
        } else if q.polling && !q.reactor_woken {
            q.reactor_woken = true;
            drop(q);
            self.reactor.wake();
        }
    }
}
