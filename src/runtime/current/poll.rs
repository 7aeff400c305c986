//! The state of the poll in progress: the task being polled, launching, inline starts, the
//! cooperative budget and the cancellation request, each set by a guard that restores the
//! outer poll's value on drop.

use super::state::{hot, update, Cancel, Hot};
use crate::runtime::engine::Engine;

/// What a leaf's poll needs to know of the thread's state, read in one access.
#[derive(Clone, Copy, Debug)]
pub(crate) struct PollView {
    /// The context of the task being polled, or null.
    pub(crate) task: *const Engine,
    /// The poll is a blocking call's.
    pub(crate) blocking: bool,
    /// The poll's cooperative budget is spent.
    pub(crate) budget_spent: bool,
    /// The cancellation request in effect.
    pub(crate) cancel: Cancel,
}

/// Returns what a leaf's poll needs to know, and spends one unit of the poll's budget unless it
/// is spent: one thread-local access.
#[inline]
pub(crate) fn poll_view_spending() -> PollView {
    let h = hot();
    if let Some(n) = h.budget {
        if n > 0 {
            update(|h| h.budget = Some(n - 1));
        }
    }
    PollView {
        task: h.task,
        blocking: h.blocking,
        budget_spent: h.budget == Some(0),
        cancel: h.cancel,
    }
}

/// Marks a task's poll on this thread: the task's context, a fresh cooperative budget, and no
/// cancellation request (a task is an operation of its own, which the request of the operation
/// around it does not reach). Restores the outer poll's state on drop (a task may be polled
/// inside another, e.g. a closure token's first poll inside a handler).
///
/// The guard keeps only the fields it restores: it lives across the poll, so whatever it holds
/// is saved to the stack for the unwinding path.
pub(crate) struct TaskGuard {
    task: *const Engine,
    budget: Option<u32>,
    cancel: Cancel,
}

impl TaskGuard {
    /// Marks the current poll as a task's of `engine`'s context.
    #[inline]
    pub(crate) fn enter(engine: &Engine) -> TaskGuard {
        let outer = update(|h| {
            h.task = engine;
            h.budget = Some(TASK_BUDGET);
            h.cancel = Cancel::NONE;
        });
        TaskGuard {
            task: outer.task,
            budget: outer.budget,
            cancel: outer.cancel,
        }
    }
}

impl Drop for TaskGuard {
    #[inline]
    fn drop(&mut self) {
        let (task, budget, cancel) = (self.task, self.budget, self.cancel);
        update(|h| {
            h.task = task;
            h.budget = budget;
            h.cancel = cancel;
        });
    }
}

/// Marks the poll of a future that is driven like a task without being one
/// (`IoContext::block_on`'s): a fresh budget and no cancellation request; restores on drop.
pub(crate) struct TopGuard(Hot);

impl TopGuard {
    #[inline]
    pub(crate) fn enter() -> TopGuard {
        TopGuard(update(|h| {
            h.budget = Some(TASK_BUDGET);
            h.cancel = Cancel::NONE;
        }))
    }
}

impl Drop for TopGuard {
    #[inline]
    fn drop(&mut self) {
        let outer = self.0;
        update(|h| {
            h.budget = outer.budget;
            h.cancel = outer.cancel;
        });
    }
}

/// Returns whether the current poll is a task's of `engine`'s context.
#[inline]
pub(crate) fn in_task_of(engine: &Engine) -> bool {
    std::ptr::eq(hot().task, engine)
}

// ----- launching -----

/// Marks the first poll of an operation inside its initiating call, never in blocking mode (an
/// initiating call made inside a `Blocking` call's poll still starts a reactor-driven
/// operation); restores on drop.
/// Like [`TaskGuard`], it keeps only the fields it restores.
pub(crate) struct LaunchGuard {
    launching: bool,
    blocking: bool,
}

impl LaunchGuard {
    #[inline]
    pub(crate) fn enter() -> LaunchGuard {
        let outer = update(|h| {
            h.launching = true;
            h.blocking = false;
        });
        LaunchGuard {
            launching: outer.launching,
            blocking: outer.blocking,
        }
    }
}

impl Drop for LaunchGuard {
    #[inline]
    fn drop(&mut self) {
        let (launching, blocking) = (self.launching, self.blocking);
        update(|h| {
            h.launching = launching;
            h.blocking = blocking;
        });
    }
}

/// Marks a task's first step run inline by the call that spawned it (`co_spawn` on the
/// executor it runs on) until dropped. Nesting is bounded: beyond [`INLINE_STARTS`] nested
/// starts, `try_enter` refuses and the step is queued instead, so a chain of tasks each
/// spawning the next cannot overflow the stack.
pub(crate) struct InlineStartGuard(u8);

/// The deepest nesting of inline task starts.
pub(crate) const INLINE_STARTS: u8 = 16;

impl InlineStartGuard {
    #[inline]
    pub(crate) fn try_enter() -> Option<InlineStartGuard> {
        let old = hot().inline_starts;
        if old >= INLINE_STARTS {
            return None;
        }
        update(|h| h.inline_starts = old + 1);
        Some(InlineStartGuard(old))
    }
}

impl Drop for InlineStartGuard {
    #[inline]
    fn drop(&mut self) {
        let outer = self.0;
        update(|h| h.inline_starts = outer);
    }
}

/// Returns whether the current poll happens inside an initiating call.
#[inline]
pub(crate) fn is_launching() -> bool {
    hot().launching
}

// ----- the cooperative budget -----

/// Leaf polls one poll of a task may make before its leaves yield (tokio's budget).
pub(crate) const TASK_BUDGET: u32 = 128;

// ----- the cancellation request -----

/// Puts a cancellation request in effect until dropped, then restores the outer one.
pub(crate) struct CancelGuard(Cancel);

impl CancelGuard {
    /// Adds `requested` to the request in effect for the operation polled under the guard;
    /// a leaf that honours it completes with `code` (unless an outer request set one first).
    pub(crate) fn request(requested: u8, code: i32) -> CancelGuard {
        CancelGuard(
            update(|h| {
                let outer = h.cancel;
                h.cancel = Cancel {
                    requested: outer.requested | requested,
                    mask: outer.mask,
                    code: if outer.requested != 0 {
                        outer.code
                    } else {
                        code
                    },
                };
            })
            .cancel,
        )
    }

    /// Clears any request for the polls under the guard: a task, or a blocking call, is an
    /// operation of its own, which the request of the operation around it does not reach.
    pub(crate) fn isolate() -> CancelGuard {
        CancelGuard(update(|h| h.cancel = Cancel::NONE).cancel)
    }

    /// Narrows the honoured types to `mask` for the polls under the guard: an operation that
    /// honours only these polls its inner operations so.
    #[inline]
    pub(crate) fn narrow(mask: u8) -> CancelGuard {
        CancelGuard(update(|h| h.cancel.mask &= mask).cancel)
    }
}

impl Drop for CancelGuard {
    #[inline]
    fn drop(&mut self) {
        let outer = self.0;
        update(|h| h.cancel = outer);
    }
}

/// Returns the cancellation request in effect for the current poll.
#[inline]
pub(crate) fn cancel() -> Cancel {
    hot().cancel
}
