//! Posting to a home thread: pinning a task to the thread that runs it first, and queueing
//! its wake-ups there (through the thread's mailbox, `runtime::mailbox`, or its private queue
//! when that thread runs the context alone).

#![cfg_attr(not(feature = "stackful"), allow(dead_code))]

use std::collections::VecDeque;
use std::sync::atomic::Ordering;

use super::current;
use super::engine::Engine;
use super::job::Job;
use super::mailbox::Mailbox;

impl Engine {
    /// Pins one task to the calling thread: makes the thread's mailbox if it has none; returns
    /// the thread's number, to post to with [`post_home`](Engine::post_home).
    pub(crate) fn pin_here(&self) -> u64 {
        let thread = current::thread_no();
        let mut q = self.lock();
        match q.mail.find(thread) {
            Some(m) => m.pinned += 1,
            None => q.mail.boxes.push(Mailbox {
                thread,
                jobs: VecDeque::new(),
                idle: false,
                pinned: 1,
            }),
        }
        thread
    }

    /// Unpins one task from `thread` (it completed or was dropped).
    pub(crate) fn unpin(&self, thread: u64) {
        let mut q = self.lock();
        let mail = &mut q.mail;
        if let Some(i) = mail.boxes.iter().position(|m| m.thread == thread) {
            let m = &mut mail.boxes[i];
            m.pinned = m.pinned.saturating_sub(1);
            if m.pinned == 0 && m.jobs.is_empty() {
                mail.boxes.swap_remove(i);
            }
        }
    }

    /// Queues a job of a task pinned to thread `home` (0: not pinned yet, so any thread may
    /// run it). On the home thread itself, inside a run call of this context that no other
    /// thread shares, it is an ordinary post to the private queue; otherwise the job goes to
    /// the home thread's mailbox, waking that thread.
    #[inline]
    pub(crate) fn post_home(&self, home: u64, job: Job, continuation: bool) {
        if home == 0 {
            return self.post(job, continuation);
        }
        let job = if self.runners.load(Ordering::Relaxed) <= 1 {
            match current::try_push_private_on(home, self, job) {
                Ok(()) => return,
                Err(job) => job,
            }
        } else {
            job
        };
        self.post_mail(home, job);
    }

    /// Posts `job` to the mailbox of thread `home` and wakes that thread.
    fn post_mail(&self, home: u64, job: Job) {
        self.work_started();
        let mut q = self.lock();
        let shut_down = self.shut_down.load(Ordering::Acquire);
        let Some(m) = q.mail.find(home).filter(|_| !shut_down) else {
            // Shut down (or, which cannot happen while the task lives, no such home).
            drop(q);
            self.work.fetch_sub(1, Ordering::AcqRel);
            return; // `job` is dropped uninvoked here, outside the lock.
        };
        m.jobs.push_back(job);
        let idle = m.idle;
        q.mail.pending += 1;
        if idle {
            drop(q);
            self.cond.notify_all(); // Only the home thread finds anything; the others sleep on.
        } else if q.polling && q.poller == home && !q.reactor_woken {
            q.reactor_woken = true;
            drop(q);
            self.reactor.wake();
        }
        // Otherwise the home thread is running handlers (it looks at its mailbox before it
        // waits) or is outside `run()` (the job waits for it).
    }
}
