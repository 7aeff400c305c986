//! How a leaf wait's poll is being driven, answered once per poll: by a `Blocking` call, by a
//! task of the leaf's own context, or by anything else; and the outstanding work a leaf holds
//! in the last case.
//!
//! A leaf wait (readiness, deadline, helper) asks [`Drive::of`] at the start of each poll:
//! - [`Drive::Blocking`]: it adds its descriptor or deadline to the thread's wait set instead
//!   of touching the reactor, and counts no work (no thread needs to run the context,
//!   [G14](crate::guarantees#g14));
//! - [`Drive::Task`]: the task holds one unit of its context's work for its whole life, so the
//!   leaf holds none ([G4](crate::guarantees#g4));
//! - [`Drive::Foreign`] (a foreign executor, `IoContext::block_on`, a task of another
//!   context): the leaf holds one unit of work while it waits on the reactor, so `run()` does
//!   not return under it, and releases it when it completes or is dropped ([`HeldWork`]). A
//!   wait that would start on a stopped context completes with
//!   [`error::not_running`](crate::error::not_running) instead of waiting for a thread that
//!   may never come ([`Drive::unrunnable`]).
//!
//! # The cooperative budget
//!
//! Each poll of a task gives it `TASK_BUDGET` (128) leaf polls: each poll of a leaf spends one
//! ([`begin`]), and a leaf polled when the budget is spent wakes its task and returns `Pending`
//! without doing anything, so a task whose operations always complete at once
//! still goes to the back of the queue after at most 128 of them, and posted handlers,
//! due timers and ready sockets get their turn (Asio posts every immediate completion; tokio has
//! the same budget). Closure-token operations need none: their immediate completions are
//! posted (G2). `Blocking` calls, which own their thread, are unconstrained.

use std::io;
use std::task::Context;

use super::cancellation::CancellationType;
use crate::executor::{Executor, Work};
use crate::runtime::current::{self, CancelGuard};
use crate::runtime::tracking;
use crate::sys::errno;

/// What a leaf does at the start of its poll: [`begin`]'s answer.
#[derive(Debug)]
pub(crate) enum Begin {
    /// The budget is spent: the task was woken; return `Pending` without doing anything.
    Yield,
    /// Complete at once with this error: the context was dropped
    /// ([`error::shut_down`](crate::error::shut_down)), or a cancellation request the leaf
    /// honours is in effect.
    Abort(io::Error),
    /// Go on, driven so.
    Go(Drive),
}

/// Starts the poll of a leaf on the context of `ex` that honours the cancellation types
/// `supported`: one look at the thread's state for the budget, the cancellation request and
/// the driver, and one at the context for its shutdown.
#[inline]
pub(crate) fn begin(ex: &Executor, cx: &mut Context<'_>, supported: CancellationType) -> Begin {
    let view = current::poll_view_spending();
    if view.budget_spent {
        cx.waker().wake_by_ref();
        return Begin::Yield;
    }
    let engine = ex.engine();
    if engine.is_shut_down() {
        return Begin::Abort(tracking::aborted(crate::error::shut_down()));
    }
    let c = view.cancel;
    if c.requested & c.mask & supported.bits() != 0 {
        return Begin::Abort(tracking::aborted(io::Error::from_raw_os_error(c.code)));
    }
    Begin::Go(if view.blocking {
        Drive::Blocking
    } else if std::ptr::eq(view.task, engine) {
        Drive::Task
    } else {
        Drive::Foreign
    })
}

/// Who drives the poll of a leaf wait.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Drive {
    /// A `Blocking` call on this thread.
    Blocking,
    /// A task of the leaf's own context.
    Task,
    /// Anything else.
    Foreign,
}

impl Drive {
    /// Returns how the current poll of a leaf on the context of `ex` is driven.
    #[inline]
    pub(crate) fn of(ex: &Executor) -> Drive {
        if current::is_blocking() {
            Drive::Blocking
        } else if current::in_task_of(ex.engine()) {
            Drive::Task
        } else {
            Drive::Foreign
        }
    }

    /// Returns whether the poll is a `Blocking` call's.
    #[inline]
    pub(crate) fn is_blocking(self) -> bool {
        matches!(self, Drive::Blocking)
    }

    /// Returns whether a leaf waiting on the reactor must count work of its own.
    #[inline]
    pub(crate) fn needs_work(self) -> bool {
        matches!(self, Drive::Foreign)
    }

    /// Returns the error a leaf that is about to *start* waiting on the reactor or the timer
    /// queue of `ex`'s context completes with instead, when nothing would ever end the wait:
    /// the poll comes from outside the context ([`Drive::Foreign`]) and the context is
    /// stopped, so no thread runs it ([`error::not_running`](crate::error::not_running)). A
    /// wait already pending when the context stops is kept for after `restart()`
    /// ([G5](crate::guarantees#g5)); a `Blocking` call or a task of the context never gets here.
    #[inline]
    pub(crate) fn unrunnable(self, ex: &Executor) -> Option<io::Error> {
        (self == Drive::Foreign && ex.engine().stopped()).then(crate::error::not_running)
    }
}

/// The unit of work a leaf holds while it waits under a [`Drive::Foreign`] poll.
#[derive(Debug, Default)]
pub(crate) struct HeldWork(Option<Work>);

impl HeldWork {
    /// Holds one unit of work on the context of `ex` if `drive` needs it and none is held.
    #[inline]
    pub(crate) fn hold(&mut self, drive: Drive, ex: &Executor) {
        if self.0.is_none() && drive.needs_work() {
            self.0 = Some(Work::new(ex));
        }
    }

    /// Returns whether work is held: the leaf is already waiting.
    #[inline]
    pub(crate) fn is_held(&self) -> bool {
        self.0.is_some()
    }

    /// Releases the work (the leaf has completed).
    #[inline]
    pub(crate) fn release(&mut self) {
        self.0 = None;
    }
}

/// Returns the error to complete with if the current poll carries a cancellation request of a
/// type that `supported` and every operation around this one honour (see `op::cancellation`).
#[inline]
pub(crate) fn cancelled(supported: CancellationType) -> Option<io::Error> {
    let c = current::cancel();
    (c.requested & c.mask & supported.bits() != 0)
        .then(|| tracking::aborted(io::Error::from_raw_os_error(c.code)))
}

/// The start of a composed operation's poll that honours `supported`, in one look at the
/// thread's state: the error to complete with if a request it honours is in effect
/// ([`cancelled`]), else the guard that narrows what its inner polls honour ([`honour`]), or
/// none when no request is in effect at all (narrowing would change nothing).
#[inline]
pub(crate) fn honour_request(
    supported: CancellationType,
) -> Result<Option<current::CancelGuard>, io::Error> {
    let c = current::cancel();
    if c.requested & c.mask & supported.bits() != 0 {
        return Err(io::Error::from_raw_os_error(c.code));
    }
    Ok((c.requested != 0).then(|| honour(supported)))
}

/// Narrows the cancellation types honoured by the polls made while the guard lives to
/// `supported`: an operation polls its inner operations so.
#[inline]
pub(crate) fn honour(supported: CancellationType) -> current::CancelGuard {
    current::CancelGuard::narrow(supported.bits())
}

/// Puts an operation's own cancellation request of `types` in effect for the polls made while
/// the guard lives: a parallel group polls the members it cancels so.
///
/// The new request is not filtered by the types the operations around this one honour (their
/// filter is for requests that come from outside them); a request from outside that is in
/// effect still applies, filtered as before. Leaves that honour it complete with the aborted
/// error, or with the outer request's own code if one is in effect.
pub(crate) fn request(types: CancellationType) -> Requested {
    let outer = current::cancel();
    let inherited = outer.requested & outer.mask;
    let code = if inherited != 0 {
        outer.code
    } else {
        errno::ECANCELED
    };
    // Clear the outer request and its filter, then put the merged one in effect.
    let isolated = CancelGuard::isolate();
    let request = CancelGuard::request(inherited | types.bits(), code);
    Requested {
        _request: request,
        _isolated: isolated,
    }
}

/// The guard of [`request`]: restores the request in effect before it when dropped.
pub(crate) struct Requested {
    // Fields drop in declaration order: the merged request first, then the isolation.
    _request: CancelGuard,
    _isolated: CancelGuard,
}
