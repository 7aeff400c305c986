//! `Execute`: what handlers can be submitted to (Asio's executor concept).

use super::handle::Executor;
use crate::runtime::Job;

/// Something handlers can be submitted to: an IoContext's [`Executor`] or a
/// [`Strand`](crate::Strand).
///
/// This is Asio's executor concept. Completion tokens use it to decide where a completion
/// handler runs (see [`bind_executor`](crate::bind_executor)), and [`Strand`](crate::Strand)
/// works over any `Execute`. The trait is sealed: jeton provides every implementation.
pub trait Execute: private::Sealed + Clone + Send + Sync + 'static {
    /// Queues `f` to run later; never runs it inside this call ([G6](crate::guarantees#g6)).
    fn post<F: FnOnce() + Send + 'static>(&self, f: F);

    /// Runs `f` at once if the calling thread is already running this executor, else posts it.
    fn dispatch<F: FnOnce() + Send + 'static>(&self, f: F);

    /// Queues `f` as a continuation of the current handler: never inline, and from inside a
    /// handler it stays on this thread's private queue with no wake-up.
    fn defer<F: FnOnce() + Send + 'static>(&self, f: F);

    /// Returns whether the calling thread is running a handler of this executor.
    fn running_in_this_thread(&self) -> bool;

    /// Returns the IoContext executor underneath (itself, for an [`Executor`]).
    fn inner_executor(&self) -> &Executor;
}

pub(crate) mod private {
    /// Seals [`Execute`](super::Execute) and carries its internal hook.
    pub trait Sealed {
        /// Queues a job (a closure or a woken task) to run on this executor.
        fn schedule(&self, job: super::Job, continuation: bool);
    }
}

impl private::Sealed for Executor {
    fn schedule(&self, job: Job, continuation: bool) {
        self.engine().post(job, continuation);
    }
}

impl Execute for Executor {
    fn post<F: FnOnce() + Send + 'static>(&self, f: F) {
        Executor::post(self, f)
    }
    fn dispatch<F: FnOnce() + Send + 'static>(&self, f: F) {
        Executor::dispatch(self, f)
    }
    fn defer<F: FnOnce() + Send + 'static>(&self, f: F) {
        Executor::defer(self, f)
    }
    fn running_in_this_thread(&self) -> bool {
        Executor::running_in_this_thread(self)
    }
    fn inner_executor(&self) -> &Executor {
        self
    }
}
