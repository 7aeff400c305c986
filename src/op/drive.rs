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
//!   not return under it, and releases it when it completes or is dropped ([`HeldWork`]).

use crate::executor::{Executor, Work};
use crate::runtime::current;

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
        self == Drive::Blocking
    }

    /// Returns whether a leaf waiting on the reactor must count work of its own.
    #[inline]
    pub(crate) fn needs_work(self) -> bool {
        self == Drive::Foreign
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

    /// Releases the work (the leaf has completed).
    #[inline]
    pub(crate) fn release(&mut self) {
        self.0 = None;
    }
}
