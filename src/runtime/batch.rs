//! `Batch`: the handlers one run call has taken from the engine queue and runs in order.
//!
//! On a default context the batch is stealable: a crossbeam FIFO worker whose stealer is
//! registered in `Engine::stealers`, so a thread that finds the shared queue empty takes
//! handlers from it before it sleeps, and a blocked handler never holds back the ones queued
//! behind it while another run thread is idle ([G9](crate::guarantees#g9)). That costs an
//! atomic read-modify-write per handler (the worker's `pop`), and two locks per run call.
//!
//! A context created with concurrency hint 1 ([`IoContext::with_concurrency_hint`]) was
//! promised one run thread, so its batch is a plain queue that only its run call touches: a
//! pop is a load and a store, and a run call alone on the context takes the whole shared
//! queue at once, by swapping it (no handler is moved). Several threads may still run such a
//! context, and every handler still runs exactly once, but a handler a thread has taken runs
//! on that thread, after the ones before it (as in Asio, whose `one_thread_` scheduler keeps a
//! thread's posts in its private queue).
//!
//! [`IoContext::with_concurrency_hint`]: crate::IoContext::with_concurrency_hint

use std::collections::VecDeque;

use crossbeam_deque::{Steal, Worker};

use super::engine::{lock, Engine};
use super::job::Job;

/// One run call's batch: stealable (default) or its own (concurrency hint 1).
pub(super) enum Batch {
    /// Other run threads may steal from it: the worker and its key in `Engine::stealers`.
    Stealable { worker: Worker<Job>, key: usize },
    /// Only this run call touches it.
    Own(VecDeque<Job>),
}

impl Batch {
    /// A new, empty batch for a run call of `engine`, registered for stealing unless the
    /// engine was promised one thread.
    pub(super) fn new(engine: &Engine) -> Batch {
        if engine.one_thread {
            return Batch::Own(VecDeque::new());
        }
        let worker = Worker::new_fifo();
        let key = lock(&engine.stealers).insert(worker.stealer());
        Batch::Stealable { worker, key }
    }

    /// Takes the next handler, oldest first.
    #[inline]
    pub(super) fn pop(&mut self) -> Option<Job> {
        match self {
            Batch::Own(jobs) => jobs.pop_front(),
            Batch::Stealable { worker, .. } => worker.pop(),
        }
    }

    /// Returns whether another run thread could take handlers from this batch.
    pub(super) fn has_stealable(&self) -> bool {
        match self {
            Batch::Own(_) => false,
            Batch::Stealable { worker, .. } => !worker.is_empty(),
        }
    }

    /// Moves the first `n` handlers of `queue` to the back of the batch; the whole queue by a
    /// swap when it all goes into an empty batch of this run call's own.
    pub(super) fn take(&mut self, queue: &mut VecDeque<Job>, n: usize) {
        match self {
            Batch::Own(jobs) if jobs.is_empty() && n == queue.len() => std::mem::swap(jobs, queue),
            Batch::Own(jobs) => jobs.extend(queue.drain(..n)),
            Batch::Stealable { worker, .. } => {
                for job in queue.drain(..n) {
                    worker.push(job);
                }
            }
        }
    }

    /// Takes handlers from the other run calls' batches; returns whether any came. A batch of
    /// its own neither steals nor is stolen from.
    pub(super) fn steal(&mut self, engine: &Engine) -> bool {
        let Batch::Stealable { worker, key } = self else {
            return false;
        };
        let stealers = lock(&engine.stealers);
        for (k, stealer) in stealers.iter() {
            if k == *key {
                continue;
            }
            loop {
                match stealer.steal_batch(worker) {
                    Steal::Success(()) => return true,
                    Steal::Empty => break,
                    Steal::Retry => continue,
                }
            }
        }
        false
    }

    /// Unregisters the batch and puts its unrun handlers back at the front of `queue`, in
    /// order (the run call ends: stopped, `run_one`, a panic).
    pub(super) fn give_back(&mut self, engine: &Engine, queue: &mut VecDeque<Job>) {
        match self {
            Batch::Own(jobs) => {
                if !jobs.is_empty() {
                    jobs.append(queue);
                    std::mem::swap(jobs, queue);
                }
            }
            Batch::Stealable { worker, key } => {
                lock(&engine.stealers).remove(*key);
                let mut unrun = Vec::new();
                while let Some(job) = worker.pop() {
                    unrun.push(job);
                }
                for job in unrun.into_iter().rev() {
                    queue.push_front(job);
                }
            }
        }
    }
}
