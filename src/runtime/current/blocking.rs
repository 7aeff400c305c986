//! Blocking mode: the blocking call's poll, the wait set its leaf waits fill, and the
//! notifiers and spare wait sets of nested blocking calls.

use std::os::fd::RawFd;
use std::time::Instant;

use super::state::{hot, update, BlockingNotifier, Cancel, Hot, WaitSet, COLD};
use crate::sys::Interest;

/// Marks a blocking call's poll: blocking mode, no budget (the caller's thread is the call's
/// own, and a spent budget of an enclosing task would make it spin), and no cancellation
/// request but the call's own. Restores the outer poll's state on drop.
pub(crate) struct BlockingGuard(Hot);

impl BlockingGuard {
    #[inline]
    pub(crate) fn enter() -> BlockingGuard {
        BlockingGuard(update(|h| {
            h.blocking = true;
            h.budget = None;
            h.cancel = Cancel::NONE;
        }))
    }
}

impl Drop for BlockingGuard {
    #[inline]
    fn drop(&mut self) {
        let outer = self.0;
        update(|h| {
            h.blocking = outer.blocking;
            h.budget = outer.budget;
            h.cancel = outer.cancel;
        });
    }
}

/// Returns whether the current poll is in blocking mode.
#[inline]
pub(crate) fn is_blocking() -> bool {
    hot().blocking
}

/// Adds `fd` and `interest` to the current blocking poll's wait set.
#[inline]
pub(crate) fn wait_fd(fd: RawFd, interest: Interest) {
    COLD.with(|c| c.wait_set.borrow_mut().fds.push((fd, interest)));
}

/// Lowers the current blocking poll's deadline to `deadline`.
#[inline]
pub(crate) fn wait_until(deadline: Instant) {
    COLD.with(|c| {
        let mut w = c.wait_set.borrow_mut();
        w.deadline = Some(w.deadline.map_or(deadline, |d| d.min(deadline)));
    });
}

/// Replaces the wait set being collected with `set`; returns the old one.
#[inline]
pub(crate) fn replace_wait_set(set: WaitSet) -> WaitSet {
    COLD.with(|c| std::mem::replace(&mut *c.wait_set.borrow_mut(), set))
}

/// Returns an empty wait set, with capacity if one was recycled.
#[inline]
pub(crate) fn spare_wait_set() -> WaitSet {
    COLD.with(|c| c.spare_wait_sets.borrow_mut().pop().unwrap_or_default())
}

/// Keeps an emptied wait set for a later blocking call.
#[inline]
pub(crate) fn recycle_wait_set(mut set: WaitSet) {
    set.clear();
    COLD.with(|c| c.spare_wait_sets.borrow_mut().push(set));
}

/// Enters a blocking call; returns its nesting depth (0 for the outermost).
#[inline]
pub(crate) fn enter_blocking_call() -> usize {
    update(|h| h.depth += 1).depth
}

/// Leaves the blocking call of `depth`.
#[inline]
pub(crate) fn exit_blocking_call(depth: usize) {
    update(|h| h.depth = depth);
}

/// Returns the notifier of the blocking call at `depth`, made by `make` on first use.
pub(crate) fn blocking_notifier<E>(
    depth: usize,
    make: impl Fn() -> Result<BlockingNotifier, E>,
) -> Result<BlockingNotifier, E> {
    COLD.with(|c| {
        let mut n = c.notifiers.borrow_mut();
        while n.len() <= depth {
            n.push(make()?);
        }
        Ok(n[depth].clone())
    })
}
