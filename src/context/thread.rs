//! What the current thread is running: a stack of frames, one per active run call.
//!
//! Each frame holds the thread-private queue of its run call (Asio's `thread_info` private
//! queue): handlers posted or deferred from inside a handler go there with no lock and no
//! wake-up, and are published to the shared queue when the running batch ends.

use std::cell::RefCell;
use std::collections::VecDeque;

use super::job::Job;
use super::scheduler::Shared;

/// One active run call on this thread.
struct Frame {
    /// Identity of the context being run (compared, never dereferenced).
    ctx: *const Shared,
    /// Handlers posted from this thread while it runs `ctx`, not yet published.
    private: VecDeque<Job>,
}

thread_local! {
    /// Innermost run call last. Only this thread touches it.
    static FRAMES: RefCell<Vec<Frame>> = const { RefCell::new(Vec::new()) };
}

/// Marks the current thread as running `ctx` until [`exit`].
pub(crate) fn enter(ctx: &Shared) {
    FRAMES.with(|f| {
        f.borrow_mut().push(Frame {
            ctx,
            private: VecDeque::new(),
        })
    });
}

/// Ends the innermost run call; returns its unpublished handlers.
pub(crate) fn exit() -> VecDeque<Job> {
    FRAMES.with(|f| {
        f.borrow_mut()
            .pop()
            .map(|fr| fr.private)
            .unwrap_or_default()
    })
}

/// Returns whether the current thread is inside a run call of `ctx`.
pub(crate) fn is_running(ctx: &Shared) -> bool {
    let ptr: *const Shared = ctx;
    FRAMES.with(|f| f.borrow().iter().any(|fr| fr.ctx == ptr))
}

/// Queues `job` privately if the innermost run call on this thread is `ctx`; otherwise hands
/// the job back.
pub(crate) fn try_push_private(ctx: &Shared, job: Job) -> Result<(), Job> {
    let ptr: *const Shared = ctx;
    FRAMES.with(|f| match f.borrow_mut().last_mut() {
        Some(top) if top.ctx == ptr => {
            top.private.push_back(job);
            Ok(())
        }
        _ => Err(job),
    })
}

/// Swaps the innermost frame's private queue with `spare` (which should be empty), so the
/// caller can publish the handlers while the frame keeps a queue with capacity.
pub(crate) fn swap_private(spare: &mut VecDeque<Job>) {
    FRAMES.with(|f| {
        if let Some(top) = f.borrow_mut().last_mut() {
            std::mem::swap(&mut top.private, spare);
        }
    })
}
