//! A queued unit of work: a posted closure or a woken task, two words whatever it is.

use super::inline_fn::InlineFn;

/// One handler in a queue: a closure of at most one word stored in the job itself (no
/// allocation: a post chain's step, a woken task's `Runnable`), or a larger closure behind a
/// thin box. Dropping it without running it drops the closure (or the task's future) without
/// calling it, which is what context shutdown does ([G3](crate::guarantees#g3)).
pub struct Job(InlineFn);

impl Job {
    /// Wraps a closure: inline if it fits, boxed otherwise.
    #[inline]
    pub(crate) fn from_fn<F: FnOnce() + Send + 'static>(f: F) -> Job {
        match InlineFn::new(f) {
            Ok(f) => Job(f),
            Err(f) => Job::boxed(Box::new(f)),
        }
    }

    #[inline(never)]
    fn boxed<F: FnOnce() + Send + 'static>(f: Box<F>) -> Job {
        let call = move || f();
        Job(InlineFn::new(call)
            .ok()
            .expect("a closure holding one box fits inline"))
    }

    /// Wraps a woken task: running the job polls it.
    #[inline]
    pub(crate) fn task(runnable: async_task::Runnable) -> Job {
        let run = move || {
            runnable.run();
        };
        Job(InlineFn::new(run)
            .ok()
            .expect("a closure holding one Runnable fits inline"))
    }

    /// Runs the handler.
    #[inline]
    pub(crate) fn run(self) {
        self.0.call();
    }
}

impl std::fmt::Debug for Job {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Job")
    }
}
