//! A queued unit of work: a boxed closure or a scheduled task.

/// One handler in a queue. Dropping it without running it drops the closure (or the task's
/// future) without calling it, which is what context shutdown does ([G3](crate::guarantees#g3)).
pub struct Job(pub(crate) JobKind);

pub(crate) enum JobKind {
    /// A posted closure.
    Fn(Box<dyn FnOnce() + Send>),
    /// A task woken and ready to be polled.
    Task(async_task::Runnable),
}

impl Job {
    /// Wraps a closure.
    pub(crate) fn from_fn<F: FnOnce() + Send + 'static>(f: F) -> Job {
        Job(JobKind::Fn(Box::new(f)))
    }

    /// Runs the handler.
    pub(crate) fn run(self) {
        match self.0 {
            JobKind::Fn(f) => f(),
            JobKind::Task(r) => {
                r.run();
            }
        }
    }
}

impl std::fmt::Debug for Job {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self.0 {
            JobKind::Fn(_) => "Job::Fn",
            JobKind::Task(_) => "Job::Task",
        })
    }
}
