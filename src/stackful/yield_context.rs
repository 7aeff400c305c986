//! `YieldContext`: a stackful coroutine's handle, and the completion token that suspends it
//! (Asio's `yield_context`).

use std::future::Future;
use std::marker::PhantomData;
use std::pin::pin;
use std::task::{Context, Poll, Waker};

use corosensei::Yielder;

use crate::executor::Executor;
use crate::op::Operation;
use crate::runtime::current;
use crate::tokens::CompletionToken;

/// A stackful coroutine's handle, passed to the function given to [`spawn`](crate::spawn);
/// `&YieldContext` is the completion token that suspends the coroutine until the operation
/// completes and returns its result (Asio's `yield_context`).
///
/// Any initiating function takes it: `timer.async_wait(y)` returns the timer's
/// `io::Result<()>`, `sock.async_read_some(&mut buf[..], y)` the `io::Result<usize>`, as a
/// [`Blocking`](crate::Blocking) call would, but the thread is not blocked: it runs other
/// handlers until the operation completes, and the coroutine resumes where it left off. The
/// operation is polled on the coroutine's stack, so it may borrow buffers from it, as with
/// `Blocking`. Adapters wrap it as they wrap any token: `redirect_error(y, &mut ec)` is Asio's
/// `yield[ec]` (the error goes to `ec`, the value is returned), `cancel_after(d, y)` bounds
/// one call.
///
/// The function receives `y: &YieldContext`; pass `y` itself (a reference, `Copy`) as the
/// token. A reference reads like Asio's `yield` argument, costs nothing to pass again and
/// again, and cannot outlive the coroutine: `YieldContext` is neither `Send` nor `Sync`, and a
/// `'static` closure handler cannot capture it, so the compiler keeps it on the coroutine's
/// own stack:
///
/// ```compile_fail
/// # let io = jeton::IoContext::new().unwrap();
/// fn send<T: Send>(_: T) {}
/// jeton::spawn(&io.executor(), |y: &jeton::YieldContext| send(y), jeton::Detached);
/// ```
///
/// # Panics
///
/// Suspending inside a [`Blocking`](crate::Blocking) call or
/// [`op::block_on`](crate::op::block_on) (a `y` used in a future such a call drives) panics:
/// the blocking call owns the thread and cannot be suspended half-way.
///
/// # Examples
///
/// ```
/// use jeton::{redirect_error, spawn, IoContext, SteadyTimer, YieldContext};
/// use std::time::Duration;
///
/// let io = IoContext::new()?;
/// let ex = io.executor();
/// spawn(&ex, |y: &YieldContext| {
///     let timer = SteadyTimer::new(y.executor());
///     timer.expires_after(Duration::from_millis(1));
///     timer.async_wait(y)?; // suspends the coroutine; the thread runs other handlers
///     let mut ec = None;
///     timer.expires_after(Duration::from_millis(1));
///     timer.async_wait(redirect_error(y, &mut ec)); // Asio's yield[ec]
///     assert!(ec.is_none());
///     Ok::<_, std::io::Error>(())
/// }, |r: std::thread::Result<std::io::Result<()>>| r.unwrap().unwrap());
/// io.run();
/// # Ok::<(), std::io::Error>(())
/// ```
pub struct YieldContext<'c> {
    yielder: &'c Yielder<(), ()>,
    /// The waker of the task that drives the coroutine: it wakes the coroutine's home thread.
    waker: Waker,
    ex: Executor,
    /// Never leaves its coroutine's stack.
    _not_send: PhantomData<*const ()>,
}

impl<'c> YieldContext<'c> {
    /// Makes the handle of the coroutine `yielder` suspends, driven by the task `waker` wakes.
    pub(super) fn new(yielder: &'c Yielder<(), ()>, waker: Waker, ex: Executor) -> Self {
        YieldContext {
            yielder,
            waker,
            ex,
            _not_send: PhantomData,
        }
    }

    /// Returns the executor the coroutine runs on (Asio's `get_executor()`).
    pub fn executor(&self) -> &Executor {
        &self.ex
    }

    /// Suspends the coroutine until `future` completes, and returns its output.
    ///
    /// This is what the token does with an operation, for any future: a
    /// [`JoinOp`](crate::JoinOp), a channel's receive, an `async` block. The future is polled
    /// on this coroutine's stack, on its home thread.
    ///
    /// # Panics
    ///
    /// Panics if it has to suspend inside a blocking call (see the type's docs).
    pub fn wait<F: Future>(&self, future: F) -> F::Output {
        let mut future = pin!(future);
        let mut cx = Context::from_waker(&self.waker);
        loop {
            if let Poll::Ready(out) = future.as_mut().poll(&mut cx) {
                return out;
            }
            assert!(
                !current::is_blocking(),
                "a stackful coroutine cannot suspend inside a blocking call"
            );
            // Back to the task's poll, which returns `Pending`; the next wake-up resumes here,
            // on this thread, with a fresh budget.
            self.yielder.suspend(());
        }
    }
}

impl std::fmt::Debug for YieldContext<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("YieldContext")
            .field("ex", &self.ex)
            .finish_non_exhaustive()
    }
}

/// `&YieldContext` is a completion token: the initiating call suspends the coroutine until the
/// operation completes, and returns the operation's result.
impl<Op: Operation> CompletionToken<Op> for &YieldContext<'_> {
    type Output = Op::Output;

    fn launch(self, op: Op) -> Op::Output {
        self.wait(op)
    }
}
