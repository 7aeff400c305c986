//! The driver of one stackful coroutine: the future of the task that resumes it, on its home
//! thread only.
//!
//! The coroutine (a corosensei `Coroutine`: its stack and the state suspended on it) is made
//! on the first poll, by the thread that makes it, which becomes its home: it lives in that
//! thread's table (`runtime::current::pinned`) and the driver holds only its key, so no other
//! thread can reach it. Every wake-up queues the task to the home thread (`Engine::post_home`);
//! a poll that happens elsewhere all the same (the task was taken from a queue another thread
//! shares) wakes the task again, which sends it home, and does nothing else.
//!
//! Each poll runs under the task's guard (`executor::task`): the coroutine's operations see a
//! task of their context (they hold no work of their own) and a fresh cooperative budget, so a
//! coroutine whose operations complete at once still yields after 128 of them.

use std::any::Any;
use std::future::Future;
use std::marker::PhantomData;
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::pin::Pin;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;
use std::task::{Context, Poll};
use std::thread;

use corosensei::stack::DefaultStack;
use corosensei::{Coroutine, CoroutineResult};

use super::stack;
use super::yield_context::YieldContext;
use crate::executor::Executor;
use crate::runtime::current::{self, pinned};
use crate::runtime::Key;

/// The coroutine of a function returning `R`: resumed with `()`, suspends with `()`, returns
/// the function's result or its panic payload.
type Co<R> = Coroutine<(), (), thread::Result<R>, DefaultStack>;

/// Where the coroutine is.
enum State<F> {
    /// Not run yet: the function, which may still go to any thread.
    Unstarted(F),
    /// Pinned to thread `thread`, in its table under `key`.
    Started {
        key: Key,
        thread: u64,
        /// The home thread's list of coroutines dropped elsewhere.
        orphans: Arc<pinned::Orphans>,
    },
    /// Returned (or never started, its stack refused).
    Done,
}

/// The future of a stackful coroutine's task.
pub(super) struct Driver<F, R> {
    state: State<F>,
    ex: Executor,
    /// The home thread's number once pinned (0 before), shared with the task's schedule
    /// function.
    home: Arc<AtomicU64>,
    stack_size: usize,
    _output: PhantomData<fn() -> R>,
}

impl<F, R> Driver<F, R>
where
    F: FnOnce(&YieldContext<'_>) -> R + Send + 'static,
    R: Send + 'static,
{
    pub(super) fn new(ex: Executor, home: Arc<AtomicU64>, f: F, stack_size: usize) -> Self {
        Driver {
            state: State::Unstarted(f),
            ex,
            home,
            stack_size,
            _output: PhantomData,
        }
    }

    /// Makes the coroutine on this thread, which becomes its home; returns its key and the
    /// coroutine, taken out of its slot to be resumed.
    fn start(&mut self, cx: &Context<'_>) -> std::io::Result<(Key, Box<dyn Any>)> {
        pinned::sweep(); // A good moment to unwind coroutines orphaned here.
        let stack = stack::take(self.stack_size)?;
        let State::Unstarted(f) = std::mem::replace(&mut self.state, State::Done) else {
            unreachable!("started once")
        };
        let (waker, ex) = (cx.waker().clone(), self.ex.clone());
        let co: Co<R> = Coroutine::with_stack(stack, move |yielder, ()| {
            let y = YieldContext::new(yielder, waker, ex);
            catch_unwind(AssertUnwindSafe(|| f(&y)))
        });
        let thread = self.ex.engine().pin_here();
        self.home.store(thread, Ordering::Release);
        let key = pinned::insert(Box::new(co));
        self.state = State::Started {
            key,
            thread,
            orphans: pinned::orphans(),
        };
        let co = pinned::take_at(thread, key).expect("just pinned here");
        Ok((key, co))
    }

    /// The coroutine returned: its stack goes back to the thread's spares.
    fn finish(&mut self, key: Key, co: Box<dyn Any>) {
        pinned::remove(key);
        if let State::Started { thread, .. } = std::mem::replace(&mut self.state, State::Done) {
            self.ex.engine().unpin(thread);
        }
        if let Ok(co) = co.downcast::<Co<R>>() {
            stack::keep(self.stack_size, co.into_stack());
        }
    }
}

impl<F, R> Future for Driver<F, R>
where
    F: FnOnce(&YieldContext<'_>) -> R + Send + 'static,
    R: Send + 'static,
{
    type Output = thread::Result<R>;

    fn poll(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<thread::Result<R>> {
        let this = self.get_mut();
        let (key, mut co) = match &this.state {
            State::Started { key, thread, .. } => match pinned::take_at(*thread, *key) {
                Some(co) => (*key, co),
                None => {
                    // Not its home (taken from a queue another thread shares): wake again,
                    // which queues the task at home.
                    cx.waker().wake_by_ref();
                    return Poll::Pending;
                }
            },
            State::Unstarted(_) => match this.start(cx) {
                Ok(started) => started,
                Err(e) => return Poll::Ready(Err(Box::new(e))), // No stack: it never runs.
            },
            State::Done => panic!("a finished coroutine's task polled again"),
        };
        let result = co
            .downcast_mut::<Co<R>>()
            .expect("the table holds this coroutine's type")
            .resume(());
        match result {
            CoroutineResult::Yield(()) => {
                pinned::put(key, co);
                Poll::Pending
            }
            CoroutineResult::Return(out) => {
                this.finish(key, co);
                Poll::Ready(out)
            }
        }
    }
}

/// The driver never pins its function or the coroutine in place (the coroutine lives in the
/// home thread's table, boxed).
impl<F, R> Unpin for Driver<F, R> {}

impl<F, R> Drop for Driver<F, R> {
    /// Dropped unfinished (its context was dropped): the coroutine is unwound, its destructors
    /// run, on its home thread only: here and now if this is the home thread, else at the home
    /// thread's next sweep.
    fn drop(&mut self) {
        if let State::Started {
            key,
            thread,
            orphans,
        } = std::mem::replace(&mut self.state, State::Done)
        {
            if current::is_thread(thread) {
                drop(pinned::remove(key)); // Unwinds the coroutine's stack, here.
            } else {
                orphans.push(key);
            }
            self.ex.engine().unpin(thread);
        }
    }
}
