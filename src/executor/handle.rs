//! `Executor`: the cloneable handle to one context, and how it submits handlers.

use std::sync::Arc;

use crate::runtime::{current, Engine, Job};

/// A handle to an [`IoContext`](crate::IoContext): posts handlers to it and creates I/O objects
/// on it. `Clone + Send + Sync`; cheap to clone.
///
/// # Examples
///
/// ```
/// use jeton::IoContext;
/// use std::sync::mpsc;
///
/// let io = IoContext::new()?;
/// let ex = io.executor();
/// let (tx, rx) = mpsc::channel();
/// let inner = ex.clone();
/// ex.post(move || {
///     // dispatch from inside a handler of the same context runs inline ...
///     inner.dispatch(move || tx.send("dispatched").unwrap());
/// });
/// io.run();
/// assert_eq!(rx.recv().unwrap(), "dispatched");
/// # Ok::<(), std::io::Error>(())
/// ```
#[derive(Clone)]
pub struct Executor {
    engine: Arc<Engine>,
}

impl Executor {
    pub(crate) fn from_engine(engine: Arc<Engine>) -> Executor {
        Executor { engine }
    }

    /// Returns the engine of the context.
    #[inline]
    pub(crate) fn engine(&self) -> &Engine {
        &self.engine
    }

    /// Queues `f` to run on a thread running the context; never runs it inside this call.
    pub fn post<F: FnOnce() + Send + 'static>(&self, f: F) {
        self.engine.post(Job::from_fn(f), false);
    }

    /// Runs `f` inline when called from a thread running this context, else posts it.
    pub fn dispatch<F: FnOnce() + Send + 'static>(&self, f: F) {
        if self.running_in_this_thread() {
            f();
        } else {
            self.post(f);
        }
    }

    /// Queues `f` as a continuation: never inline; from inside a handler it goes to this
    /// thread's private queue with no lock and no wake-up.
    pub fn defer<F: FnOnce() + Send + 'static>(&self, f: F) {
        self.engine.post(Job::from_fn(f), true);
    }

    /// Returns whether the calling thread is inside a run call of this context.
    pub fn running_in_this_thread(&self) -> bool {
        current::is_running(&self.engine)
    }

    /// Returns whether both handles refer to the same context.
    pub fn same_context(&self, other: &Executor) -> bool {
        Arc::ptr_eq(&self.engine, &other.engine)
    }
}

impl std::fmt::Debug for Executor {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Executor")
            .field("context", &Arc::as_ptr(&self.engine))
            .finish()
    }
}

impl PartialEq for Executor {
    fn eq(&self, other: &Executor) -> bool {
        self.same_context(other)
    }
}

impl Eq for Executor {}
