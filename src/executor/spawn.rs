//! Tasks: futures run on an executor. `co_spawn` and the internal `spawn_task`.

use std::cell::Cell;
use std::future::Future;
use std::pin::Pin;
use std::task::{Context, Poll};

use super::{Execute, Work};
use crate::context::{Job, JobKind, Shared};
use crate::op::Operation;
use crate::tokens::CompletionToken;

pin_project_lite::pin_project! {
    /// A task's future together with the outstanding work it holds until it completes or is
    /// dropped (G4).
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
        let _in_task = InTask::enter(this.work.shared());
        this.future.poll(cx)
    }
}

thread_local! {
    /// The context of the task being polled on this thread (compared, never dereferenced).
    static TASK_CONTEXT: Cell<*const Shared> = const { Cell::new(std::ptr::null()) };
}

/// Returns whether the current poll is a task's of `shared`'s context. Such a task holds work
/// on that context for its whole life, so a leaf wait inside it need not count its own (G4).
pub(crate) fn in_task_of(shared: &Shared) -> bool {
    TASK_CONTEXT.with(|t| std::ptr::eq(t.get(), shared))
}

/// Marks a task's poll on this thread; restores the outer mark on drop (tasks polled inside
/// tasks: an inline first poll).
struct InTask(*const Shared);

impl InTask {
    fn enter(shared: &Shared) -> InTask {
        InTask(TASK_CONTEXT.with(|t| t.replace(shared)))
    }
}

impl Drop for InTask {
    fn drop(&mut self) {
        TASK_CONTEXT.with(|t| t.set(self.0));
    }
}

thread_local! {
    /// Set while [`spawn_started`] polls a task inside an initiating call.
    static LAUNCHING: Cell<bool> = const { Cell::new(false) };
}

/// Returns whether the current poll happens inside an initiating call ([`spawn_started`]), where
/// a completion handler must not run (G2).
pub(crate) fn is_launching() -> bool {
    LAUNCHING.with(Cell::get)
}

/// Spawns `future` as a task on `ex`. The first poll is posted, so it never happens inside this
/// call (G2). The returned task cancels the future if dropped; `detach` it to let it run.
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

/// Spawns `future` as a task on `ex` and polls it once now, on the calling thread, as Asio
/// starts an operation inside its initiating function. The future sees [`is_launching`] during
/// that poll and must not call user handlers then. Later polls run on `ex`.
pub(crate) fn spawn_started<E, F>(ex: E, future: F) -> async_task::Task<F::Output>
where
    E: Execute,
    F: Future + Send + 'static,
    F::Output: Send + 'static,
{
    let shut_down = ex.inner_executor().shared().is_shut_down();
    let (runnable, task) = make_task(ex, future);
    if shut_down {
        drop(runnable); // The context is gone: drop the future (and its handler) uncalled.
        return task;
    }
    let _launching = Launching(LAUNCHING.with(|l| l.replace(true)));
    let _mode = crate::op::blocking::ModeGuard::set(false);
    runnable.run();
    task
}

/// Restores [`LAUNCHING`] on drop.
struct Launching(bool);

impl Drop for Launching {
    fn drop(&mut self) {
        LAUNCHING.with(|l| l.set(self.0));
    }
}

/// Makes a task whose runnable is queued on `ex` whenever it is woken.
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
        target.schedule(Job(JobKind::Task(runnable)), info.woken_while_running);
    };
    async_task::spawn(future, async_task::WithInfo(schedule))
}

/// Starts `future` as a task on `ex` now, and delivers its output through `token`.
///
/// This is Asio's `co_spawn`: the coroutine style. The task runs on threads running the
/// executor's context (inside the strand, for a [`Strand`](crate::Strand)). Its output goes to
/// the token:
/// - a closure: called with the output on the executor;
/// - [`UseFuture`](crate::UseFuture): returns a [`JoinOp`] future of the output; dropping it
///   detaches the task, which still runs to the end;
/// - [`Blocking`](crate::Blocking): waits for the output on the calling thread (another thread
///   must run the context);
/// - [`Detached`](crate::Detached): ignores it.
///
/// The completion is never delivered inside this call (G2). A panic in the task propagates out
/// of the `run()` call that polled it; awaiting its `JoinOp` then panics too.
///
/// # Examples
///
/// ```
/// use jeton::{co_spawn, IoContext, SteadyTimer, UseFuture};
/// use std::time::Duration;
///
/// let io = IoContext::new()?;
/// let ex = io.executor();
/// let (tx, rx) = std::sync::mpsc::channel();
/// co_spawn(&ex, {
///     let ex = ex.clone();
///     async move {
///         let timer = SteadyTimer::new(&ex);
///         timer.expires_after(Duration::from_millis(1));
///         timer.async_wait(UseFuture).await.map(|()| 42)
///     }
/// }, move |result: std::io::Result<i32>| tx.send(result.unwrap()).unwrap());
/// io.run();
/// assert_eq!(rx.recv().unwrap(), 42);
/// # Ok::<(), std::io::Error>(())
/// ```
pub fn co_spawn<E, F, T>(ex: &E, future: F, token: T) -> T::Output
where
    E: Execute,
    F: Future + Send + 'static,
    F::Output: Send + 'static,
    T: CompletionToken<JoinOp<F::Output, E>>,
{
    let task = spawn_task(ex, future).fallible();
    token.launch(JoinOp {
        task: Some(task),
        ex: ex.clone(),
    })
}

/// The output of a task started by [`co_spawn`], as an operation.
///
/// Dropping it detaches the task: the task runs to the end, its output is dropped.
///
/// # Panics
///
/// Polling it panics if the task panicked, or was dropped unfinished because its context was
/// dropped.
#[must_use = "futures do nothing unless you `.await` or poll them"]
pub struct JoinOp<T, E> {
    task: Option<async_task::FallibleTask<T>>,
    ex: E,
}

impl<T, E> Future for JoinOp<T, E> {
    type Output = T;
    fn poll(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<T> {
        let task = self.task.as_mut().expect("JoinOp polled after completion");
        let out = std::task::ready!(Pin::new(task).poll(cx));
        self.task = None;
        Poll::Ready(out.expect("the co_spawn task panicked, or its IoContext was dropped"))
    }
}

impl<T, E> Unpin for JoinOp<T, E> {}

impl<T: Send, E: Execute> Operation for JoinOp<T, E> {
    type Executor = E;
    fn executor(&self) -> E {
        self.ex.clone()
    }
}

impl<T, E> Drop for JoinOp<T, E> {
    fn drop(&mut self) {
        if let Some(task) = self.task.take() {
            task.detach();
        }
    }
}

impl<T, E: std::fmt::Debug> std::fmt::Debug for JoinOp<T, E> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("JoinOp")
            .field("done", &self.task.is_none())
            .field("ex", &self.ex)
            .finish()
    }
}
