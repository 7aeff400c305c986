//! Mailboxes: jobs posted to one given thread and run only by it, the home of a task that must
//! never run anywhere else (a stackful coroutine, whose stack is pinned to the thread that
//! first ran it).
//!
//! A mailbox belongs to one thread and one context. A job posted to it counts as outstanding
//! work like any other ([G4](crate::guarantees#g4)), so no `run()` of the context returns while
//! it waits, but only its thread takes it: from the top of each refill of a run call (when the
//! thread's batch is done, or before it waits), into the run call's pinned queue, which nobody
//! steals from. The post is made under the queue lock, which the thread also holds from its
//! last look at its mailbox until it waits (on the condition variable or in the reactor), and
//! the post wakes that very thread: all idle threads if it waits on the condition variable
//! (one condition variable serves them all, and the others go back to sleep), the reactor if
//! it is the thread blocked in it. No wake-up is lost.
//!
//! With one thread in `run()`, a pinned task woken on its home thread is posted as any task is
//! (the private queue: no lock, no wake-up): it is just that thread. If another thread takes
//! it after all (one that joined the run later), the task sees it is not home and sends itself
//! there, through the mailbox.
//!
//! Pinning costs balance: a busy home thread is not helped by idle ones. A job posted to a
//! thread that has left `run()` waits there until the thread runs the context again, and the
//! other threads' `run()` does not return meanwhile.
//!
//! Only the stackful coroutines (feature `stackful`) post to mailboxes today; without them
//! every mailbox stays empty and a refill's look at them is one comparison.

#![cfg_attr(not(feature = "stackful"), allow(dead_code))]

use std::collections::VecDeque;

use super::job::Job;

/// One thread's mailbox on one context.
#[derive(Debug)]
pub(super) struct Mailbox {
    /// The thread's number (`current::thread_no`).
    pub(super) thread: u64,
    /// Jobs posted to the thread, oldest first.
    pub(super) jobs: VecDeque<Job>,
    /// The thread waits on the engine's condition variable now.
    pub(super) idle: bool,
    /// Tasks pinned to the thread: the mailbox goes when none is left and it is empty.
    pub(super) pinned: usize,
}

/// The mailboxes of one context's threads. Part of `Queue`, so locked by `Engine::queue`.
#[derive(Debug, Default)]
pub(crate) struct Mailboxes {
    pub(super) boxes: Vec<Mailbox>,
    /// Jobs in all mailboxes: a refill that finds 0 looks no further.
    pub(super) pending: usize,
}

impl Mailboxes {
    pub(super) fn find(&mut self, thread: u64) -> Option<&mut Mailbox> {
        self.boxes.iter_mut().find(|m| m.thread == thread)
    }

    /// Moves the jobs posted to `thread` to the back of `into`; returns whether there were any.
    #[inline]
    pub(super) fn take(&mut self, thread: u64, into: &mut VecDeque<Job>) -> bool {
        if self.pending == 0 {
            return false;
        }
        let Some(m) = self.find(thread) else {
            return false;
        };
        let n = m.jobs.len();
        into.append(&mut m.jobs);
        self.pending -= n;
        n > 0
    }

    /// Puts unrun jobs of `thread` back at the front of its mailbox (a run call that ends
    /// early: stopped, `run_one`, a panic).
    pub(super) fn put_back(&mut self, thread: u64, mut jobs: VecDeque<Job>) {
        let n = jobs.len();
        if let Some(m) = self.find(thread) {
            jobs.append(&mut m.jobs);
            m.jobs = jobs;
            self.pending += n;
        }
    }

    /// Records whether `thread` waits on the condition variable.
    #[inline]
    pub(super) fn set_idle(&mut self, thread: u64, idle: bool) {
        if self.boxes.is_empty() {
            return;
        }
        if let Some(m) = self.find(thread) {
            m.idle = idle;
        }
    }

    /// Takes every posted job (the context shuts down).
    pub(super) fn drain(&mut self) -> Vec<Job> {
        self.pending = 0;
        self.boxes
            .iter_mut()
            .flat_map(|m| m.jobs.drain(..))
            .collect()
    }
}
