//! Tasks: futures run on an executor, each holding outstanding work for its whole life.
//!
//! A task is an async-task `Runnable` whose schedule function queues it on its executor. Its
//! future is wrapped so that it counts one unit of the context's work until it completes or
//! is dropped ([G4](crate::guarantees#g4)), and so that each poll is marked as a task's of that
//! context (leaf waits inside it then need no work of their own; see `op::drive`), with a fresh
//! cooperative budget.

use std::future::Future;
use std::pin::Pin;
use std::task::{Context, Poll};

use super::execute::Execute;
use super::work_guard::Work;
use crate::runtime::{current, Job, JobKind};

pin_project_lite::pin_project! {
    /// A task's future together with the outstanding work it holds until it completes or is
    /// dropped ([G4](crate::guarantees#g4)).
    struct Tracked<F> {
        #[pin]
        future: F,
        work: Work,
    }
}

impl<F: Future> Future for Tracked<F> {
    type Output = F::Output;
    fn poll(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<F::Output> {
        let this = self.project();
        let _in_task = current::TaskGuard::enter(this.work.engine());
        this.future.poll(cx)
    }
}

/// Makes a task of `future` whose runnable is queued on `target` whenever it is woken. Nothing
/// is scheduled yet: the caller runs or schedules the runnable (or drops it, which drops the
/// future).
pub(crate) fn make_task<E, F>(
    target: E,
    future: F,
) -> (async_task::Runnable, async_task::Task<F::Output>)
where
    E: Execute,
    F: Future + Send + 'static,
    F::Output: Send + 'static,
{
    let future = Tracked {
        future,
        work: Work::new(target.inner_executor()),
    };
    let schedule = move |runnable, info: async_task::ScheduleInfo| {
        target.schedule(Job(JobKind::Task(runnable)), info.woken_while_running);
    };
    async_task::spawn(future, async_task::WithInfo(schedule))
}

/// Spawns `future` as a task on `ex`. The first poll is posted, so it never happens inside this
/// call ([G2](crate::guarantees#g2)). The returned task cancels the future if dropped; `detach` it
/// to let it run.
pub(crate) fn spawn_task<E, F>(ex: &E, future: F) -> async_task::Task<F::Output>
where
    E: Execute,
    F: Future + Send + 'static,
    F::Output: Send + 'static,
{
    let (runnable, task) = make_task(ex.clone(), future);
    runnable.schedule();
    task
}
