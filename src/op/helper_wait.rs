//! The helper leaf: a wait for a function run on the helper pool (or, in blocking mode, on
//! the calling thread).
//!
//! A [`HelperWait`] submits its function on its first poll and completes when the function
//! returns. In blocking mode it calls the function directly: the caller is waiting anyway, and
//! no helper thread is needed. Pending waits are cancelled through the [`CancelScope`] of their
//! I/O object.

use std::any::Any;
use std::future::Future;
use std::io;
use std::panic::{self, AssertUnwindSafe};
use std::pin::Pin;
use std::sync::{Arc, Mutex, MutexGuard};
use std::task::{Context, Poll, Waker};

use super::cancel_scope::CancelScope;
use super::cancellation::CancellationType;
use super::drive::{self, Begin, HeldWork};
use super::helper_pool::Pool;
use crate::executor::Executor;
use crate::runtime::tracking;

/// Where a helper thread leaves the result and finds the waker to wake.
struct Slot<T> {
    state: Mutex<SlotState<T>>,
}

struct SlotState<T> {
    /// The function's result, or its panic.
    result: Option<std::thread::Result<T>>,
    waker: Option<Waker>,
}

impl<T> Slot<T> {
    fn lock(&self) -> MutexGuard<'_, SlotState<T>> {
        self.state.lock().unwrap_or_else(|e| e.into_inner())
    }
}

enum Stage<T> {
    /// Not polled yet: the function to run (in a mutex only so that the wait is `Sync`; it
    /// is never contended).
    Start(Mutex<Box<dyn FnOnce() -> T + Send>>),
    /// Submitted to the pool.
    Submitted(Arc<Slot<T>>),
    Done,
}

/// A wait for a function run on a helper thread (or, in blocking mode, on the calling thread).
///
/// Started (cancel epoch recorded) when made; the function is submitted on the first poll.
/// Holds outstanding work on its context while it waits ([G4](crate::guarantees#g4)).
pub(crate) struct HelperWait<T> {
    ex: Executor,
    stage: Stage<T>,
    scope: Arc<CancelScope>,
    epoch: usize,
    /// The key of this wait's waker in `scope`, while registered.
    key: Option<usize>,
    /// Held while the function runs on a helper thread, if the poll needs it.
    work: HeldWork,
    /// The cancellation types a request must include to stop the wait.
    honours: CancellationType,
}

impl<T: Send + 'static> HelperWait<T> {
    /// Starts a wait for `f`, cancellable through `scope`, completing on `ex`.
    pub(crate) fn new(
        ex: &Executor,
        scope: &Arc<CancelScope>,
        f: impl FnOnce() -> T + Send + 'static,
    ) -> HelperWait<T> {
        HelperWait::at_epoch(ex, scope, scope.start(), f)
    }

    /// Starts a wait for `f` as if made when `scope` was at `epoch` (an operation that records
    /// its epoch when initiated and submits its function later): a `cancel()` since then
    /// completes it with the aborted error.
    pub(crate) fn at_epoch(
        ex: &Executor,
        scope: &Arc<CancelScope>,
        epoch: usize,
        f: impl FnOnce() -> T + Send + 'static,
    ) -> HelperWait<T> {
        HelperWait {
            ex: ex.clone(),
            stage: Stage::Start(Mutex::new(Box::new(f))),
            scope: scope.clone(),
            epoch,
            key: None,
            work: HeldWork::default(),
            honours: CancellationType::ALL,
        }
    }

    /// Sets the cancellation types that stop the wait (every type by default: the helper's
    /// result is dropped). A function with a side effect that cannot be undone once it runs (a
    /// write) honours terminal cancellation only.
    pub(crate) fn honouring(mut self, types: CancellationType) -> HelperWait<T> {
        self.honours = types;
        self
    }

    /// Returns the executor completions run on.
    pub(crate) fn executor(&self) -> &Executor {
        &self.ex
    }

    /// Ends the wait with `out`: releases the waker slot and the work.
    fn finish(&mut self, out: io::Result<T>) -> Poll<io::Result<T>> {
        self.stage = Stage::Done;
        self.scope.unregister(self.epoch, &mut self.key);
        self.work.release();
        Poll::Ready(out)
    }
}

/// Runs `f` on a helper thread, leaving its result (or panic) in `slot` and waking its waiter.
fn submit<T: Send + 'static>(
    f: Box<dyn FnOnce() -> T + Send>,
    slot: Arc<Slot<T>>,
) -> io::Result<()> {
    Pool::get().submit(Box::new(move || {
        let result = panic::catch_unwind(AssertUnwindSafe(f));
        let waker = {
            let mut st = slot.lock();
            st.result = Some(result);
            st.waker.take()
        };
        if let Some(w) = waker {
            w.wake();
        }
    }))
}

/// Re-raises a helper function's panic in the thread that polls its wait.
fn resume(payload: Box<dyn Any + Send>) -> ! {
    panic::resume_unwind(payload)
}

impl<T: Send + 'static> Future for HelperWait<T> {
    /// The function's result, or the aborted error if cancelled first (or the error of a
    /// helper thread that could not be started).
    type Output = io::Result<T>;

    fn poll(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<T>> {
        let this = &mut *self;
        // The helper's result, if it comes, is dropped: every type is honoured unless the
        // function has a side effect (`honouring`).
        let drive = match drive::begin(&this.ex, cx, this.honours) {
            Begin::Go(drive) => drive,
            Begin::Yield => return Poll::Pending,
            Begin::Abort(e) => return this.finish(Err(e)),
        };
        // 1. Cancelled since the wait started? (This also stores the waker for cancel().)
        if !this.scope.register(this.epoch, &mut this.key, cx.waker()) {
            return this.finish(Err(tracking::aborted(crate::error::aborted())));
        }
        // 2. First poll: run the function here in blocking mode, else hand it to the pool.
        if let Stage::Start(_) = this.stage {
            let Stage::Start(f) = std::mem::replace(&mut this.stage, Stage::Done) else {
                unreachable!("matched just above");
            };
            let f = f.into_inner().unwrap_or_else(|e| e.into_inner());
            if drive.is_blocking() {
                return this.finish(Ok(f()));
            }
            let slot = Arc::new(Slot {
                state: Mutex::new(SlotState {
                    result: None,
                    waker: None,
                }),
            });
            if let Err(e) = submit(f, slot.clone()) {
                return this.finish(Err(e));
            }
            // The poll that submits never collects the result, even if the helper was already
            // quicker: a closure token submits inside the initiating call, and a `cancel()`
            // right after that call must still find the wait pending and abort it.
            {
                let mut st = slot.lock();
                if st.result.is_some() {
                    cx.waker().wake_by_ref();
                } else {
                    st.waker = Some(cx.waker().clone());
                }
            }
            this.stage = Stage::Submitted(slot);
            this.work.hold(drive, &this.ex); // Not in blocking mode: that returned above.
            return Poll::Pending;
        }
        // 3. Submitted: take the result, or leave the waker for the helper thread.
        let Stage::Submitted(slot) = &this.stage else {
            panic!("HelperWait polled after completion");
        };
        let result = {
            let mut st = slot.lock();
            let result = st.result.take();
            if result.is_none() {
                match &mut st.waker {
                    Some(w) if w.will_wake(cx.waker()) => {}
                    w => *w = Some(cx.waker().clone()),
                }
            }
            result
        };
        match result {
            Some(Ok(value)) => this.finish(Ok(value)),
            Some(Err(payload)) => {
                let _ = this.finish(Err(tracking::aborted(crate::error::aborted())));
                resume(payload)
            }
            None => {
                // In blocking mode there is no descriptor to wait on: the helper's wake-up
                // interrupts the driver through its notifier.
                this.work.hold(drive, &this.ex);
                Poll::Pending
            }
        }
    }
}

impl<T> Drop for HelperWait<T> {
    fn drop(&mut self) {
        self.scope.unregister(self.epoch, &mut self.key);
    }
}

impl<T> std::fmt::Debug for HelperWait<T> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let stage = match self.stage {
            Stage::Start(_) => "start",
            Stage::Submitted(_) => "submitted",
            Stage::Done => "done",
        };
        f.debug_struct("HelperWait")
            .field("stage", &stage)
            .field("epoch", &self.epoch)
            .finish()
    }
}

#[cfg(test)]
mod tests;
