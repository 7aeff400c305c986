//! Run frames (the contexts this thread runs, each with its private queue), the thread's
//! number, and the strands running on it.

use std::collections::VecDeque;
use std::sync::atomic::{AtomicU64, Ordering};

use super::state::{Cold, Frame, COLD};
use crate::runtime::engine::Engine;
use crate::runtime::job::Job;

/// Marks the current thread as running `engine` until [`exit_run`]; returns the thread's
/// number ([`thread_no`]).
pub(crate) fn enter_run(engine: &Engine) -> u64 {
    COLD.with(|c| {
        c.frames.borrow_mut().push(Frame {
            engine,
            private: VecDeque::new(),
        })
    });
    thread_no()
}

/// Returns this thread's number: unique in the process, never 0, the same for the thread's
/// whole life. A mailbox (`runtime::mailbox`) is addressed by it.
#[inline]
pub(crate) fn thread_no() -> u64 {
    static NEXT: AtomicU64 = AtomicU64::new(1);
    COLD.with(|c| match c.number.get() {
        0 => {
            let n = NEXT.fetch_add(1, Ordering::Relaxed);
            c.number.set(n);
            n
        }
        n => n,
    })
}

/// Returns whether this is thread number `thread`; false once the thread's state is gone (in
/// a destructor at thread exit).
#[inline]
#[cfg(feature = "stackful")]
pub(crate) fn is_thread(thread: u64) -> bool {
    COLD.try_with(|c| c.number.get() == thread).unwrap_or(false)
}

/// Queues `job` privately if this thread is number `thread` and its innermost run call is
/// `engine`'s; otherwise hands the job back. One look at the thread's state.
#[inline]
#[cfg_attr(not(feature = "stackful"), allow(dead_code))]
pub(crate) fn try_push_private_on(thread: u64, engine: &Engine, job: Job) -> Result<(), Job> {
    let ptr: *const Engine = engine;
    // A small closure, so `with` inlines (see `try_push_private`).
    COLD.with(move |c| {
        if c.number.get() != thread {
            return Err(job);
        }
        c.push_private(ptr, job)
    })
}

/// Ends the innermost run call; returns its unpublished handlers.
pub(crate) fn exit_run() -> VecDeque<Job> {
    COLD.with(|c| {
        c.frames
            .borrow_mut()
            .pop()
            .map(|f| f.private)
            .unwrap_or_default()
    })
}

/// Returns whether the current thread is inside a run call of `engine`.
#[inline]
pub(crate) fn is_running(engine: &Engine) -> bool {
    let ptr: *const Engine = engine;
    COLD.with(|c| c.frames.borrow().iter().any(|f| f.engine == ptr))
}

/// Queues `job` privately if the innermost run call on this thread is `engine`'s; otherwise
/// hands the job back.
#[inline]
pub(crate) fn try_push_private(engine: &Engine, job: Job) -> Result<(), Job> {
    let ptr: *const Engine = engine;
    // The closure only calls: so `with` inlines into the caller and the job stays in
    // registers. A closure holding the body was left out of line, and its environment (the
    // job) went through memory in pieces too small to forward to the copy that read it: a
    // store-forwarding stall on every post (hint 1, 1000 chains: 57 -> 89 M handlers/s).
    COLD.with(move |c| c.push_private(ptr, job))
}

/// Takes the innermost frame's unpublished handler if it is the only one (a run call that
/// runs its context alone pops it directly; several go through its stealable batch).
#[inline]
pub(crate) fn pop_sole_private() -> Option<Job> {
    COLD.with(|c| {
        let mut frames = c.frames.borrow_mut();
        let private = &mut frames.last_mut()?.private;
        if private.len() == 1 {
            private.pop_front()
        } else {
            None
        }
    })
}

/// Swaps the innermost frame's private queue with `spare` (which should be empty), so the
/// caller can publish the handlers while the frame keeps a queue with capacity.
pub(crate) fn swap_private(spare: &mut VecDeque<Job>) {
    COLD.with(|c| {
        if let Some(top) = c.frames.borrow_mut().last_mut() {
            std::mem::swap(&mut top.private, spare);
        }
    })
}

/// Returns how many unpublished handlers the innermost frame has.
#[inline]
pub(crate) fn private_len() -> usize {
    COLD.with(|c| c.frames.borrow().last().map_or(0, |f| f.private.len()))
}

/// Marks the strand `id` as running its handlers on this thread.
#[inline]
pub(crate) fn push_strand(id: usize) {
    COLD.with(|c| c.strands.borrow_mut().push(id));
}

/// Ends the innermost strand's batch on this thread.
#[inline]
pub(crate) fn pop_strand() {
    COLD.with(|c| {
        c.strands.borrow_mut().pop();
    });
}

/// Returns whether strand `id` is running a handler on this thread.
#[inline]
pub(crate) fn in_strand(id: usize) -> bool {
    COLD.with(|c| c.strands.borrow().contains(&id))
}

impl Cold {
    /// Queues `job` privately if the innermost run call is `engine`'s; otherwise hands it
    /// back. Out of line on purpose (see [`try_push_private`]).
    #[inline(never)]
    fn push_private(&self, engine: *const Engine, job: Job) -> Result<(), Job> {
        match self.frames.borrow_mut().last_mut() {
            Some(top) if top.engine == engine => {
                top.private.push_back(job);
                Ok(())
            }
            _ => Err(job),
        }
    }
}
