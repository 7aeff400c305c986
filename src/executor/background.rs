//! `BackgroundRun`: a context run by threads of its own for as long as a handle lives.

use std::io;
use std::thread::JoinHandle;

use super::handle::Executor;
use super::work_guard::WorkGuard;
use crate::runtime::Mode;

/// Threads running a context in the background, made by
/// [`IoContext::run_in_background`](crate::IoContext::run_in_background); dropping it stops
/// the context and joins the threads.
///
/// While it lives, the context always runs: the handle holds a [`WorkGuard`], so the threads'
/// `run()` never returns for want of work, even before the first operation starts. This is
/// what a future awaited on another executor (tokio, smol, `futures::executor`) needs: an
/// operation starts only when first polled, and a thread whose `run()` found no work before
/// then would have returned, leaving the future waiting forever (see
/// [`error::not_running`](crate::error::not_running)).
///
/// The threads are named `jeton-bg-0`, `jeton-bg-1`, ... A panic in a handler ends that
/// handler's `run()` call only; its thread runs the context again
/// ([G8](crate::guarantees#g8)). The threads return when the context is stopped: by
/// [`stop`](BackgroundRun::stop), by dropping the handle, by anyone's
/// [`IoContext::stop`](crate::IoContext::stop), or by dropping the `IoContext`. A later
/// `restart()` does not bring them back; call `run_in_background` again.
///
/// # Thread safety
///
/// Distinct objects: safe. Shared objects: safe (`stop` and `executor` take `&self`).
///
/// # Examples
///
/// A jeton timer awaited on another executor, with the context run in the background:
///
/// ```
/// use jeton::{IoContext, SteadyTimer, UseFuture};
/// use std::time::Duration;
///
/// let io = IoContext::new()?;
/// let _running = io.run_in_background(1)?;
/// let timer = SteadyTimer::with_duration(&io.executor(), Duration::from_millis(1));
/// futures::executor::block_on(timer.async_wait(UseFuture))?;
/// # Ok::<(), std::io::Error>(())
/// ```
#[derive(Debug)]
#[must_use = "dropping the handle stops the context at once"]
pub struct BackgroundRun {
    ex: Executor,
    /// Keeps `run()` from returning for want of work; released by `join` and on drop.
    guard: Option<WorkGuard>,
    /// The running threads; emptied when they are joined.
    threads: Vec<JoinHandle<()>>,
}

impl BackgroundRun {
    /// Starts `threads` threads (at least one), named `{name}-{i}`, running the context of
    /// `ex`. A stopped context is restarted first, unless it has been dropped.
    pub(crate) fn start(ex: &Executor, threads: usize, name: &str) -> io::Result<BackgroundRun> {
        let engine = ex.engine();
        if engine.stopped() && !engine.is_shut_down() {
            engine.restart();
        }
        let mut run = BackgroundRun {
            ex: ex.clone(),
            guard: Some(WorkGuard::new(ex)),
            threads: Vec::with_capacity(threads.max(1)),
        };
        for i in 0..threads.max(1) {
            let ex = ex.clone();
            let thread = std::thread::Builder::new()
                .name(format!("{name}-{i}"))
                .spawn(move || run_until_stopped(&ex))?; // `run` drops: stops, joins the others.
            run.threads.push(thread);
        }
        Ok(run)
    }

    /// Returns the executor of the context the threads run.
    pub fn executor(&self) -> Executor {
        self.ex.clone()
    }

    /// Returns how many threads were started.
    pub fn threads(&self) -> usize {
        self.threads.len()
    }

    /// Stops the context (as [`IoContext::stop`](crate::IoContext::stop)): the threads return
    /// as soon as they can. Queued handlers and pending operations are kept for a later
    /// `restart()` and run ([G5](crate::guarantees#g5)). Thread-safe and non-blocking.
    pub fn stop(&self) {
        self.ex.engine().stop();
    }

    /// Releases the work guard and waits until the threads return: when the context runs out
    /// of work (which marks it stopped, [G4](crate::guarantees#g4)) or is stopped.
    ///
    /// # Examples
    ///
    /// ```
    /// use jeton::IoContext;
    /// use std::sync::atomic::{AtomicUsize, Ordering};
    /// use std::sync::Arc;
    ///
    /// let io = IoContext::new()?;
    /// let running = io.run_in_background(2)?;
    /// let count = Arc::new(AtomicUsize::new(0));
    /// for _ in 0..10 {
    ///     let count = count.clone();
    ///     io.executor().post(move || { count.fetch_add(1, Ordering::SeqCst); });
    /// }
    /// running.join(); // every handler has run
    /// assert_eq!(count.load(Ordering::SeqCst), 10);
    /// # Ok::<(), std::io::Error>(())
    /// ```
    pub fn join(mut self) {
        self.join_threads();
    }

    /// Releases the guard and joins the threads, but never the calling thread (a handle
    /// dropped by one of its own handlers): that one returns when its run call ends.
    fn join_threads(&mut self) {
        self.guard = None;
        let me = std::thread::current().id();
        for thread in self.threads.drain(..) {
            if thread.thread().id() != me {
                // A panic in a handler was caught in the thread; nothing more to report.
                let _ = thread.join();
            }
        }
    }
}

/// Runs the context of `ex` on this thread until it is stopped. A panicking handler ends
/// only its own run call; the thread runs again ([G8](crate::guarantees#g8)).
fn run_until_stopped(ex: &Executor) {
    let engine = ex.engine();
    loop {
        let outcome = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
            engine.run(usize::MAX, Mode::Block(None))
        }));
        if outcome.is_ok() || engine.stopped() {
            return;
        }
    }
}

impl Drop for BackgroundRun {
    /// Stops the context and joins the threads.
    fn drop(&mut self) {
        if !self.threads.is_empty() {
            self.ex.engine().stop();
            self.join_threads();
        }
    }
}
