//! `ThreadPool`: a context with its own threads.

use std::io;
use std::thread::JoinHandle;

use super::handle::Executor;
use super::io_context::IoContext;
use super::work_guard::WorkGuard;

/// A fixed number of threads running one [`IoContext`] (Asio's `thread_pool`).
///
/// Post work through [`executor`](ThreadPool::executor). [`join`](ThreadPool::join) waits until
/// the work runs out; dropping the pool stops and joins it.
///
/// # Examples
///
/// ```
/// use jeton::ThreadPool;
/// use std::sync::atomic::{AtomicUsize, Ordering};
/// use std::sync::Arc;
///
/// let pool = ThreadPool::new(2)?;
/// let count = Arc::new(AtomicUsize::new(0));
/// for _ in 0..100 {
///     let count = count.clone();
///     pool.executor().post(move || { count.fetch_add(1, Ordering::SeqCst); });
/// }
/// pool.join();
/// assert_eq!(count.load(Ordering::SeqCst), 100);
/// # Ok::<(), std::io::Error>(())
/// ```
#[derive(Debug)]
pub struct ThreadPool {
    io: std::sync::Arc<IoContext>,
    guard: Option<WorkGuard>,
    threads: Vec<JoinHandle<()>>,
}

impl ThreadPool {
    /// Starts `threads` threads (at least one).
    ///
    /// # Errors
    ///
    /// Fails if the context or a thread cannot be created.
    pub fn new(threads: usize) -> io::Result<ThreadPool> {
        let io = std::sync::Arc::new(IoContext::new()?);
        let guard = Some(WorkGuard::new(&io.executor()));
        let threads = (0..threads.max(1))
            .map(|i| {
                let io = io.clone();
                std::thread::Builder::new()
                    .name(format!("jeton-pool-{i}"))
                    .spawn(move || run_until_done(&io))
            })
            .collect::<io::Result<Vec<_>>>()?;
        Ok(ThreadPool { io, guard, threads })
    }

    /// Returns the pool's executor.
    pub fn executor(&self) -> Executor {
        self.io.executor()
    }

    /// Stops the threads as soon as they can; queued work is not run.
    pub fn stop(&self) {
        self.io.stop();
    }

    /// Waits until there is no outstanding work (or the pool is stopped), then joins the
    /// threads.
    pub fn join(mut self) {
        self.join_threads();
    }

    fn join_threads(&mut self) {
        self.guard = None;
        for t in self.threads.drain(..) {
            // A handler's panic already ended its thread's run; nothing more to report here.
            let _ = t.join();
        }
    }
}

/// Runs the pool's context on one thread until it is stopped or out of work. A panicking
/// handler ends only its own `run()` call; the thread runs again ([G8](crate::guarantees#g8)).
fn run_until_done(io: &IoContext) {
    loop {
        let outcome = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| io.run()));
        if outcome.is_ok() || io.stopped() {
            return;
        }
    }
}

impl Drop for ThreadPool {
    fn drop(&mut self) {
        if !self.threads.is_empty() {
            self.io.stop();
            self.join_threads();
        }
    }
}
