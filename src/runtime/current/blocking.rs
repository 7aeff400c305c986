//! Blocking mode: the blocking call in progress (its depth and mode), the wait set its leaf
//! waits fill, and the notifier of each nesting depth.
//!
//! A blocking call costs two accesses to this thread's state on entry (the mode, then its
//! slot), one per leaf wait, and one on exit: wait sets and notifiers are kept per nesting
//! depth for the thread's life, so nothing is swapped, recycled or allocated per call.

use std::os::fd::RawFd;
use std::rc::Rc;
use std::time::Instant;

use super::state::{hot, update, CallSlot, Cancel, Hot, WaitSet, COLD};
use crate::sys::Interest;

/// One blocking call on this thread, from entry to return: blocking mode, no budget (the
/// caller's thread is the call's own, and a spent budget of an enclosing task would make it
/// spin), no cancellation request but the call's own, and one more nesting depth. Restores the
/// outer state on drop.
pub(crate) struct BlockingCall(Hot);

impl BlockingCall {
    /// Enters a blocking call; returns it and its depth (1 for the outermost).
    #[inline]
    pub(crate) fn enter() -> (BlockingCall, usize) {
        let outer = update(|h| {
            h.blocking = true;
            h.budget = None;
            h.cancel = Cancel::NONE;
            h.depth += 1;
        });
        (BlockingCall(outer), outer.depth + 1)
    }
}

impl Drop for BlockingCall {
    #[inline]
    fn drop(&mut self) {
        let outer = self.0;
        update(|h| {
            h.blocking = outer.blocking;
            h.budget = outer.budget;
            h.cancel = outer.cancel;
            h.depth = outer.depth;
        });
    }
}

/// Returns whether the current poll is in blocking mode.
#[inline]
pub(crate) fn is_blocking() -> bool {
    hot().blocking
}

/// Runs `f` on the wait set of the innermost blocking call (none outside one).
#[inline]
fn with_current_set(f: impl FnOnce(&mut WaitSet)) {
    let depth = hot().depth;
    COLD.with(|c| {
        if let Some(slot) = c.calls.borrow().get(depth.wrapping_sub(1)) {
            f(&mut slot.set.borrow_mut());
        }
    });
}

/// Adds `fd` and `interest` to the current blocking poll's wait set.
#[inline]
pub(crate) fn wait_fd(fd: RawFd, interest: Interest) {
    with_current_set(|w| w.fds.push((fd, interest)));
}

/// Lowers the current blocking poll's deadline to `deadline`.
#[inline]
pub(crate) fn wait_until(deadline: Instant) {
    with_current_set(|w| w.deadline = Some(w.deadline.map_or(deadline, |d| d.min(deadline))));
}

/// Returns what the blocking call at `depth` uses (made on first use), its wait set emptied.
#[inline]
pub(crate) fn call_slot(depth: usize) -> Rc<CallSlot> {
    COLD.with(|c| {
        let mut calls = c.calls.borrow_mut();
        while calls.len() < depth {
            calls.push(Rc::default());
        }
        let slot = calls[depth - 1].clone();
        slot.set.borrow_mut().clear();
        slot
    })
}
