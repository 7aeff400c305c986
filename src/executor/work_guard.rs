//! Outstanding work: the public `WorkGuard` and the crate's internal `Work` counter.

use super::execute::Execute;
use super::handle::Executor;
use crate::runtime::Engine;

/// One unit of outstanding work on a context, released on drop (internal).
#[derive(Debug)]
pub(crate) struct Work(Executor);

impl Work {
    #[inline]
    pub(crate) fn new(ex: &Executor) -> Work {
        ex.engine().work_started();
        Work(ex.clone())
    }

    /// Returns the engine this work is counted on.
    #[inline]
    pub(crate) fn engine(&self) -> &Engine {
        self.0.engine()
    }
}

impl Drop for Work {
    fn drop(&mut self) {
        self.0.engine().work_finished();
    }
}

/// Keeps a context's `run()` from returning for lack of work while it lives (Asio's
/// `executor_work_guard`).
///
/// # Examples
///
/// ```
/// use jeton::{IoContext, WorkGuard};
/// use std::time::Duration;
///
/// let io = IoContext::new()?;
/// let guard = WorkGuard::new(&io.executor());
/// assert!(guard.owns_work());
/// // With the guard alive, run() waits; run_for bounds it here.
/// assert_eq!(io.run_for(Duration::from_millis(10)), 0);
/// assert!(!io.stopped());
/// drop(guard);
/// assert_eq!(io.run(), 0); // no work left: returns at once
/// # Ok::<(), std::io::Error>(())
/// ```
#[derive(Debug)]
pub struct WorkGuard {
    work: Option<Work>,
}

impl WorkGuard {
    /// Counts one unit of work on the context of `ex` until reset or dropped.
    pub fn new<E: Execute>(ex: &E) -> WorkGuard {
        WorkGuard {
            work: Some(Work::new(ex.inner_executor())),
        }
    }

    /// Returns the guarded executor, or `None` after `reset`.
    pub fn executor(&self) -> Option<&Executor> {
        self.work.as_ref().map(|w| &w.0)
    }

    /// Returns whether the guard still holds work.
    pub fn owns_work(&self) -> bool {
        self.work.is_some()
    }

    /// Releases the work now.
    pub fn reset(&mut self) {
        self.work = None;
    }
}
