//! Tasks: futures run on an executor, each holding outstanding work for its whole life.
//!
//! A task is an async-task `Runnable` whose schedule function queues it on its executor, or,
//! for a closure-token operation, which needs no join handle, a [`BlockTask`] in a block
//! recycled per thread ([`BlockTaskSlot`]). Its future is wrapped so that it counts one unit
//! of the context's work until it completes or is dropped ([G4](crate::guarantees#g4)), and so
//! that each poll is marked as a task's of that context (leaf waits inside it then need no work
//! of their own; see `op::drive`), with a fresh cooperative budget.

use std::future::Future;
use std::pin::Pin;
use std::task::{Context, Poll};

use super::execute::Execute;
#[cfg(feature = "stackful")]
use super::handle::Executor;
use super::work_guard::Work;
use crate::runtime::{current, BlockTask, Job, Reserved, Schedule};

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
fn make_task<E, F>(target: E, future: F) -> (async_task::Runnable, async_task::Task<F::Output>)
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
        target.schedule(Job::task(runnable), info.woken_while_running);
    };
    async_task::spawn(future, async_task::WithInfo(schedule))
}

/// A recycled block ([`BlockTask`]) taken for a closure-token operation's task, of future
/// type `F` on executor type `E`, made into the task by [`BlockTaskSlot::make`]. Taking the block
/// (and counting the task's work) before the operation and its handler are gathered lets them
/// be written straight into it (see [`Reserved`]): between the future's parts and the block
/// there is then no call and no atomic operation, across which the optimiser would keep a copy.
pub(crate) struct BlockTaskSlot<E, F> {
    block: Reserved<Tracked<F>, OnTarget<E>>,
    target: E,
    work: Work,
}

impl<E, F> BlockTaskSlot<E, F>
where
    E: Execute,
    F: Future<Output = ()> + Send + 'static,
{
    /// Takes the block (from this thread's cache, in steady state) for a task queued on
    /// `target` whenever it is woken, and counts the task as outstanding work of its context
    /// ([G4](crate::guarantees#g4)) from now on.
    #[inline]
    pub(crate) fn take(target: E) -> Self {
        let block = Reserved::new();
        let work = Work::new(target.inner_executor());
        BlockTaskSlot {
            block,
            target,
            work,
        }
    }

    /// Makes the task of `future` in the block. No join handle: the future's output is `()`.
    /// Nothing is scheduled yet: the caller runs the task (or drops it, which drops the
    /// future).
    #[inline]
    pub(crate) fn make(self, future: F) -> BlockTask {
        let BlockTaskSlot {
            block,
            target,
            work,
        } = self;
        block.make(Tracked { future, work }, OnTarget(target))
    }
}

impl<E, F> std::fmt::Debug for BlockTaskSlot<E, F> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("BlockTaskSlot")
    }
}

/// A block task's schedule function: queues the task's job on its executor.
struct OnTarget<E>(E);

impl<E: Execute> Schedule for OnTarget<E> {
    #[inline]
    fn schedule(&self, job: Job, woken_while_running: bool) {
        self.0.schedule(job, woken_while_running);
    }
}

/// Makes a task of `future` on `ex`'s context that runs only on its home thread once it has
/// one: `home` holds the home thread's number (0 until the future sets it, on its first poll),
/// and every wake-up queues the task there (`Engine::post_home`). The future itself sends a
/// poll that happens elsewhere home (it wakes itself and returns `Pending`). Nothing is
/// scheduled yet.
#[cfg(feature = "stackful")]
pub(crate) fn make_pinned_task<F>(
    ex: &Executor,
    home: std::sync::Arc<std::sync::atomic::AtomicU64>,
    future: F,
) -> (async_task::Runnable, async_task::Task<F::Output>)
where
    F: Future + Send + 'static,
    F::Output: Send + 'static,
{
    let future = Tracked {
        future,
        work: Work::new(ex),
    };
    let ex = ex.clone();
    let schedule = move |runnable, info: async_task::ScheduleInfo| {
        let thread = home.load(std::sync::atomic::Ordering::Acquire);
        ex.engine()
            .post_home(thread, Job::task(runnable), info.woken_while_running);
    };
    async_task::spawn(future, async_task::WithInfo(schedule))
}

/// How a task's first step is started.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Start {
    /// Queued on the executor (Asio's `post`).
    Post,
    /// Queued as a continuation of the current handler (Asio's `defer`): from inside a handler
    /// it stays on this thread's private queue.
    Defer,
    /// Run inside the spawning call when the caller is already running on the executor,
    /// otherwise queued (Asio's `dispatch`, and `co_spawn`'s start).
    Dispatch,
}

/// Spawns `future` as a task on `ex`, its first step started as `how` says. An inline first
/// step is a launch: never in blocking mode, and a closure handler it makes ready is posted
/// ([G2](crate::guarantees#g2)). Nested inline starts are bounded; beyond the bound the step
/// is queued, so a chain of tasks each spawning the next cannot overflow the stack.
pub(crate) fn start_task<E, F>(ex: &E, future: F, how: Start) -> async_task::Task<F::Output>
where
    E: Execute,
    F: Future + Send + 'static,
    F::Output: Send + 'static,
{
    let (runnable, task) = make_task(ex.clone(), future);
    let inline = (how == Start::Dispatch && ex.running_in_this_thread())
        .then(current::InlineStartGuard::try_enter)
        .flatten();
    match (inline, how) {
        (Some(_inline), _) => {
            let _launching = current::LaunchGuard::enter();
            runnable.run();
        }
        (None, Start::Defer) => ex.schedule(Job::task(runnable), true),
        (None, _) => runnable.schedule(),
    }
    task
}
