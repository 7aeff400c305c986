//! `IoContext`: the face of one engine that owns it: run, poll, stop, restart, `block_on`.

use std::future::Future;
use std::io;
use std::pin::pin;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use std::task::{Context, Poll};
use std::time::{Duration, Instant};

use super::background::BackgroundRun;
use super::handle::Executor;
use super::work_guard::WorkGuard;
use crate::runtime::{current, Engine, Mode};

/// The event loop: runs handlers, waits for I/O readiness and fires timers.
///
/// An `IoContext` is Asio's `io_context`. I/O objects (timers, sockets, ...) are created from its
/// [`Executor`]; their operations complete by running handlers on threads that call one of the
/// run functions below. Any number of threads may run one context at once
/// ([G9](crate::guarantees#g9)).
///
/// The `IoContext` value owns the context: dropping it drops every queued handler and every
/// pending operation's handler without calling them ([G3](crate::guarantees#g3)). [`Executor`]
/// handles stay valid
/// afterwards, but what they post is dropped.
///
/// # Thread safety
///
/// Distinct objects: safe. Shared objects: safe; `restart` must not race with a run call.
///
/// # Examples
///
/// ```
/// use jeton::IoContext;
/// use std::sync::atomic::{AtomicUsize, Ordering};
/// use std::sync::Arc;
///
/// let io = IoContext::new()?;
/// let count = Arc::new(AtomicUsize::new(0));
/// for _ in 0..5 {
///     let count = count.clone();
///     io.executor().post(move || { count.fetch_add(1, Ordering::SeqCst); });
/// }
/// assert_eq!(count.load(Ordering::SeqCst), 0); // nothing runs before run()
/// assert_eq!(io.run(), 5);
/// assert!(io.stopped());
/// # Ok::<(), std::io::Error>(())
/// ```
#[derive(Debug)]
pub struct IoContext {
    ex: Executor,
}

impl IoContext {
    /// Creates a context with its own reactor.
    ///
    /// # Errors
    ///
    /// Fails if the operating system refuses the poll descriptor.
    pub fn new() -> io::Result<IoContext> {
        IoContext::with_concurrency_hint(0)
    }

    /// Creates a context with a hint of how many threads will run it, as Asio's
    /// `io_context(int concurrency_hint)`. Hint 1 promises one thread: the context then skips
    /// what only several threads need. Any other hint (0 for "unknown") gives the context
    /// [`new`](IoContext::new) makes.
    ///
    /// With hint 1, a run call keeps the handlers it takes from the queue to itself (no
    /// atomic operation per handler, and a thread alone takes the whole queue at once), and a
    /// handler posted from inside a run call goes to that thread's private queue. Several
    /// threads may still run the context, and each handler still runs exactly once on one of
    /// them, but a handler some thread has taken waits for that thread: while it runs a
    /// handler that blocks, the others do not take the ones queued behind it, which a default
    /// context guarantees ([G9](crate::guarantees#g9)). One context per core, each run by its
    /// own thread, is what hint 1 is for.
    ///
    /// # Errors
    ///
    /// Fails if the operating system refuses the poll descriptor.
    ///
    /// # Examples
    ///
    /// ```
    /// use jeton::IoContext;
    /// use std::sync::atomic::{AtomicUsize, Ordering};
    /// use std::sync::Arc;
    ///
    /// let io = IoContext::with_concurrency_hint(1)?;
    /// let ex = io.executor();
    /// let count = Arc::new(AtomicUsize::new(0));
    /// let (c, next) = (count.clone(), ex.clone());
    /// ex.post(move || {
    ///     c.fetch_add(1, Ordering::SeqCst);
    ///     next.post(move || { c.fetch_add(1, Ordering::SeqCst); });
    /// });
    /// assert_eq!(io.run(), 2);
    /// assert_eq!(count.load(Ordering::SeqCst), 2);
    /// # Ok::<(), std::io::Error>(())
    /// ```
    pub fn with_concurrency_hint(hint: usize) -> io::Result<IoContext> {
        Ok(IoContext {
            ex: Executor::from_engine(Arc::new(Engine::new(hint == 1)?)),
        })
    }

    /// Returns a handle to post work and create I/O objects on this context.
    pub fn executor(&self) -> Executor {
        self.ex.clone()
    }

    fn engine(&self) -> &Engine {
        self.ex.engine()
    }

    /// Runs handlers until there is no outstanding work or the context is stopped; returns how
    /// many ran.
    ///
    /// Returning because work ran out marks the context stopped: call [`restart`] before
    /// running it again. A panic in a handler propagates out of this call only; the context
    /// stays usable and `run` may be called again at once ([G8](crate::guarantees#g8)).
    ///
    /// [`restart`]: IoContext::restart
    pub fn run(&self) -> usize {
        self.engine().run(usize::MAX, Mode::Block(None))
    }

    /// Runs at most one handler, blocking until one is ready; returns 0 or 1.
    pub fn run_one(&self) -> usize {
        self.engine().run(1, Mode::Block(None))
    }

    /// Runs handlers for at most `d`; returns how many ran.
    pub fn run_for(&self, d: Duration) -> usize {
        self.run_until(Instant::now() + d)
    }

    /// Runs handlers until `deadline` at the latest; returns how many ran.
    pub fn run_until(&self, deadline: Instant) -> usize {
        self.engine().run(usize::MAX, Mode::Block(Some(deadline)))
    }

    /// Runs at most one handler, waiting no longer than until `deadline`.
    pub fn run_one_until(&self, deadline: Instant) -> usize {
        self.engine().run(1, Mode::Block(Some(deadline)))
    }

    /// Runs every handler that is ready, without blocking; returns how many ran.
    pub fn poll(&self) -> usize {
        self.engine().run(usize::MAX, Mode::Poll)
    }

    /// Runs at most one ready handler, without blocking.
    pub fn poll_one(&self) -> usize {
        self.engine().run(1, Mode::Poll)
    }

    /// Stops the context: every run call returns as soon as it can. Queued handlers and pending
    /// operations are kept for after [`restart`](IoContext::restart) ([G5](crate::guarantees#g5)).
    /// Thread-safe and
    /// non-blocking.
    pub fn stop(&self) {
        self.engine().stop();
    }

    /// Returns whether the context is stopped (by `stop`, or by running out of work).
    pub fn stopped(&self) -> bool {
        self.engine().stopped()
    }

    /// Clears the stopped state so the context can run again.
    pub fn restart(&self) {
        self.engine().restart();
    }

    /// Runs the context on `threads` background threads (at least one) for as long as the
    /// returned handle lives; dropping the handle stops the context and joins the threads.
    ///
    /// The handle holds a [`WorkGuard`], so the threads never return for want of work: a
    /// future awaited on another executor (tokio, smol, `futures::executor`), which starts its
    /// operation only when first polled, always finds the context running. A stopped context
    /// is restarted first. See [`BackgroundRun`].
    ///
    /// # Errors
    ///
    /// Fails if a thread cannot be started (those already started are stopped and joined).
    ///
    /// # Examples
    ///
    /// ```
    /// use jeton::{IoContext, SteadyTimer, UseFuture};
    /// use std::time::Duration;
    ///
    /// let io = IoContext::new()?;
    /// let running = io.run_in_background(2)?;
    /// let timer = SteadyTimer::with_duration(&io.executor(), Duration::from_millis(1));
    /// futures::executor::block_on(timer.async_wait(UseFuture))?;
    /// drop(running); // stops the context and joins its threads
    /// assert!(io.stopped());
    /// # Ok::<(), std::io::Error>(())
    /// ```
    pub fn run_in_background(&self, threads: usize) -> io::Result<BackgroundRun> {
        BackgroundRun::start(&self.ex, threads, "jeton-bg")
    }

    /// Runs the context on this thread until `future` completes, and returns its output.
    ///
    /// The future is polled on this thread; between polls this thread runs the context's
    /// handlers. It may await any jeton operation, and any other future.
    ///
    /// A stopped context is restarted first (one stops when it runs out of work, for instance
    /// at the end of the previous `block_on`), so `block_on` can be called again and again. If
    /// [`stop`](IoContext::stop) is called while it runs, this thread stops running handlers and
    /// only waits for the future to be woken.
    ///
    /// # Examples
    ///
    /// ```
    /// use jeton::{IoContext, SteadyTimer, UseFuture};
    /// use std::time::Duration;
    ///
    /// let io = IoContext::new()?;
    /// let timer = SteadyTimer::new(&io.executor());
    /// timer.expires_after(Duration::from_millis(1));
    /// let result = io.block_on(timer.async_wait(UseFuture));
    /// assert!(result.is_ok());
    /// # Ok::<(), std::io::Error>(())
    /// ```
    pub fn block_on<F: Future>(&self, future: F) -> F::Output {
        if self.stopped() {
            self.restart();
        }
        let _guard = WorkGuard::new(&self.ex);
        let mut future = pin!(future);
        let woken = Arc::new(AtomicBool::new(true));
        let thread = std::thread::current();
        let ex = self.ex.clone();
        let flag = woken.clone();
        let waker = waker_fn::waker_fn(move || {
            if !flag.swap(true, Ordering::AcqRel) {
                // Makes a run_one in progress return, and a parked block_on resume.
                ex.post(|| {});
                thread.unpark();
            }
        });
        let mut cx = Context::from_waker(&waker);
        loop {
            if woken.swap(false, Ordering::AcqRel) {
                // A fresh budget per poll, as a task gets: the future yields to the handlers
                // this thread runs after a bounded number of immediate completions.
                let _poll = current::TopGuard::enter();
                if let Poll::Ready(out) = future.as_mut().poll(&mut cx) {
                    return out;
                }
                continue;
            }
            if self.stopped() {
                std::thread::park();
            } else {
                self.run_one();
            }
        }
    }
}

impl Drop for IoContext {
    fn drop(&mut self) {
        self.engine().shutdown();
    }
}
