//! The helper leaf: work that can only block (`getaddrinfo`), run on a small shared pool of
//! helper threads, waited for like any other leaf.
//!
//! A [`HelperWait`] submits its function to the pool on its first poll and completes when the
//! function returns. In blocking mode it calls the function directly on the calling thread
//! instead: the caller is waiting anyway, and no helper thread is needed (the design's "a
//! resolver wait calls `getaddrinfo` directly"). Pending waits are cancelled through the
//! [`CancelScope`] of their I/O object, like a socket's cancel epoch.

use std::any::Any;
use std::collections::VecDeque;
use std::future::Future;
use std::io;
use std::panic::{self, AssertUnwindSafe};
use std::pin::Pin;
use std::sync::{Arc, Condvar, Mutex, MutexGuard, OnceLock};
use std::task::{Context, Poll, Waker};
use std::time::Duration;

use slab::Slab;

use super::blocking;
use crate::executor::{Executor, Work};

/// The most helper threads alive at once, over all contexts.
const MAX_THREADS: usize = 4;
/// How long an idle helper thread waits for work before it exits.
const IDLE_EXIT: Duration = Duration::from_secs(10);

/// A job for a helper thread.
type Job = Box<dyn FnOnce() + Send>;

/// The process-wide helper pool, made on first use. Threads start on demand and exit when idle.
#[derive(Default)]
struct Pool {
    /// Queue and thread counts; the condition variable wakes idle threads when jobs arrive.
    state: Mutex<PoolState>,
    cond: Condvar,
}

#[derive(Default)]
struct PoolState {
    jobs: VecDeque<Job>,
    /// Helper threads alive.
    threads: usize,
    /// Helper threads waiting for a job.
    idle: usize,
}

impl Pool {
    fn get() -> &'static Pool {
        static POOL: OnceLock<Pool> = OnceLock::new();
        POOL.get_or_init(Pool::default)
    }

    fn lock(&self) -> MutexGuard<'_, PoolState> {
        self.state.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// Queues `job`, starting a thread if no idle one can take it.
    fn submit(&'static self, job: Job) -> io::Result<()> {
        let mut st = self.lock();
        st.jobs.push_back(job);
        if st.jobs.len() > st.idle && st.threads < MAX_THREADS {
            let spawned = std::thread::Builder::new()
                .name("jeton-helper".into())
                .spawn(move || self.work());
            match spawned {
                Ok(_) => st.threads += 1,
                Err(e) if st.threads == 0 => {
                    st.jobs.pop_back();
                    return Err(e);
                }
                Err(_) => {} // The running threads will take the job.
            }
        }
        self.cond.notify_one();
        Ok(())
    }

    /// A helper thread's loop: run jobs, exit after being idle for `IDLE_EXIT`.
    fn work(&self) {
        let mut st = self.lock();
        loop {
            if let Some(job) = st.jobs.pop_front() {
                drop(st);
                job();
                st = self.lock();
                continue;
            }
            st.idle += 1;
            let (guard, timeout) = self
                .cond
                .wait_timeout(st, IDLE_EXIT)
                .unwrap_or_else(|e| e.into_inner());
            st = guard;
            st.idle -= 1;
            if timeout.timed_out() && st.jobs.is_empty() {
                st.threads -= 1;
                return;
            }
        }
    }
}

/// The cancel state shared by an I/O object and its pending helper waits.
///
/// `cancel()` bumps the epoch and wakes every registered wait; a wait started under an older
/// epoch completes with the aborted error, and the helper's later result is dropped.
#[derive(Debug, Default)]
pub(crate) struct CancelScope {
    /// Locked by waits when they store or remove their waker, and by `cancel()`.
    state: Mutex<CancelState>,
}

#[derive(Debug, Default)]
struct CancelState {
    epoch: usize,
    /// Wakers of the waits pending under `epoch`; emptied by `cancel()`, so a key is only
    /// valid while the epoch it was made under is current.
    wakers: Slab<Waker>,
}

impl CancelScope {
    fn lock(&self) -> MutexGuard<'_, CancelState> {
        self.state.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// Returns the current epoch, for a wait being started.
    fn start(&self) -> usize {
        self.lock().epoch
    }

    /// Completes every wait started so far with the aborted error.
    pub(crate) fn cancel(&self) {
        let woken: Vec<Waker> = {
            let mut st = self.lock();
            st.epoch = st.epoch.wrapping_add(1);
            st.wakers.drain().collect()
        };
        woken.into_iter().for_each(Waker::wake);
    }

    /// Stores `waker` for the wait started at `epoch` (under `key`); returns `false` if the
    /// scope was cancelled since.
    fn register(&self, epoch: usize, key: &mut Option<usize>, waker: &Waker) -> bool {
        let mut st = self.lock();
        if st.epoch != epoch {
            *key = None;
            return false;
        }
        match key.and_then(|k| st.wakers.get_mut(k)) {
            Some(w) if w.will_wake(waker) => {}
            Some(w) => w.clone_from(waker),
            None => *key = Some(st.wakers.insert(waker.clone())),
        }
        true
    }

    /// Removes the waker stored under `key`, if the epoch it was made under is current.
    fn unregister(&self, epoch: usize, key: &mut Option<usize>) {
        if let Some(k) = key.take() {
            let mut st = self.lock();
            if st.epoch == epoch {
                st.wakers.try_remove(k);
            }
        }
    }
}

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
    /// Not polled yet: the function to run.
    Start(Box<dyn FnOnce() -> T + Send>),
    /// Submitted to the pool.
    Submitted(Arc<Slot<T>>),
    Done,
}

/// A wait for a function run on a helper thread (or, in blocking mode, on the calling thread).
///
/// Started (cancel epoch recorded) when made; the function is submitted on the first poll.
/// Holds outstanding work on its context while it waits (G4).
pub(crate) struct HelperWait<T> {
    ex: Executor,
    stage: Stage<T>,
    scope: Arc<CancelScope>,
    epoch: usize,
    /// The key of this wait's waker in `scope`, while registered.
    key: Option<usize>,
    /// Held while the function runs on a helper thread.
    work: Option<Work>,
}

impl<T: Send + 'static> HelperWait<T> {
    /// Starts a wait for `f`, cancellable through `scope`, completing on `ex`.
    pub(crate) fn new(
        ex: &Executor,
        scope: &Arc<CancelScope>,
        f: impl FnOnce() -> T + Send + 'static,
    ) -> HelperWait<T> {
        HelperWait {
            ex: ex.clone(),
            stage: Stage::Start(Box::new(f)),
            scope: scope.clone(),
            epoch: scope.start(),
            key: None,
            work: None,
        }
    }

    /// Returns the executor completions run on.
    pub(crate) fn executor(&self) -> &Executor {
        &self.ex
    }

    /// Ends the wait with `out`: releases the waker slot and the work.
    fn finish(&mut self, out: io::Result<T>) -> Poll<io::Result<T>> {
        self.stage = Stage::Done;
        self.scope.unregister(self.epoch, &mut self.key);
        self.work = None;
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
        // 1. Cancelled since the wait started? (This also stores the waker for cancel().)
        if !this.scope.register(this.epoch, &mut this.key, cx.waker()) {
            return this.finish(Err(crate::error::aborted()));
        }
        // 2. First poll: run the function here in blocking mode, else hand it to the pool.
        if let Stage::Start(_) = this.stage {
            let Stage::Start(f) = std::mem::replace(&mut this.stage, Stage::Done) else {
                unreachable!("matched just above");
            };
            if blocking::is_active() {
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
            this.work = Some(Work::new(&this.ex)); // Not in blocking mode: that returned above.
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
                let _ = this.finish(Err(crate::error::aborted()));
                resume(payload)
            }
            None => {
                // In blocking mode there is no descriptor to wait on: the helper's wake-up
                // interrupts the driver through its notifier.
                if !blocking::is_active() && this.work.is_none() {
                    this.work = Some(Work::new(&this.ex));
                }
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
mod tests {
    use std::sync::atomic::{AtomicUsize, Ordering};
    use std::sync::mpsc;

    use super::*;
    use crate::op::Operation;
    use crate::{Blocking, CompletionToken, IoContext};

    /// `HelperWait` as an operation, so tokens can drive it.
    struct Op(HelperWait<u32>);

    impl Future for Op {
        type Output = io::Result<u32>;
        fn poll(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<u32>> {
            Pin::new(&mut self.0).poll(cx)
        }
    }

    impl Operation for Op {
        type Executor = Executor;
        fn executor(&self) -> Executor {
            self.0.executor().clone()
        }
    }

    fn launch<T: CompletionToken<Op>>(
        ex: &Executor,
        scope: &Arc<CancelScope>,
        f: impl FnOnce() -> u32 + Send + 'static,
        token: T,
    ) -> T::Output {
        token.launch(Op(HelperWait::new(ex, scope, f)))
    }

    #[test]
    fn runs_on_a_helper_thread_and_holds_work() {
        let io = IoContext::new().unwrap();
        let scope = Arc::new(CancelScope::default());
        let caller = std::thread::current().id();
        let (tx, rx) = mpsc::channel();
        launch(
            &io.executor(),
            &scope,
            move || {
                assert_ne!(std::thread::current().id(), caller);
                std::thread::sleep(Duration::from_millis(20));
                7
            },
            move |r: io::Result<u32>| tx.send(r.unwrap()).unwrap(),
        );
        // run() must not return before the helper is done: the wait holds work.
        assert!(io.run() >= 1);
        assert_eq!(rx.try_recv().unwrap(), 7);
    }

    #[test]
    fn blocking_mode_calls_the_function_on_the_calling_thread() {
        let io = IoContext::new().unwrap();
        let scope = Arc::new(CancelScope::default());
        let caller = std::thread::current().id();
        let r = launch(
            &io.executor(),
            &scope,
            move || {
                assert_eq!(std::thread::current().id(), caller);
                3
            },
            Blocking,
        );
        assert_eq!(r.unwrap(), 3);
    }

    #[test]
    fn cancel_aborts_a_pending_wait_once() {
        let io = IoContext::new().unwrap();
        let scope = Arc::new(CancelScope::default());
        let (release_tx, release_rx) = mpsc::channel::<()>();
        let (started_tx, started_rx) = mpsc::channel();
        let calls = Arc::new(AtomicUsize::new(0));
        let (tx, rx) = mpsc::channel();
        let c = calls.clone();
        launch(
            &io.executor(),
            &scope,
            move || {
                started_tx.send(()).unwrap();
                let _ = release_rx.recv_timeout(Duration::from_secs(10));
                1
            },
            move |r: io::Result<u32>| {
                c.fetch_add(1, Ordering::SeqCst);
                tx.send(r).unwrap();
            },
        );
        let runner = {
            let scope = scope.clone();
            std::thread::spawn(move || {
                started_rx.recv().unwrap();
                scope.cancel();
            })
        };
        io.run();
        runner.join().unwrap();
        let r = rx.try_recv().unwrap();
        assert!(crate::error::is_aborted(&r.unwrap_err()));
        assert_eq!(calls.load(Ordering::SeqCst), 1);
        release_tx.send(()).unwrap();
    }

    #[test]
    fn cancel_before_the_first_poll_aborts() {
        let io = IoContext::new().unwrap();
        let scope = Arc::new(CancelScope::default());
        let ran = Arc::new(AtomicUsize::new(0));
        let r2 = ran.clone();
        let wait = launch(
            &io.executor(),
            &scope,
            move || {
                r2.fetch_add(1, Ordering::SeqCst);
                1
            },
            crate::UseFuture,
        );
        scope.cancel();
        let r = io.block_on(wait);
        assert!(crate::error::is_aborted(&r.unwrap_err()));
        assert_eq!(ran.load(Ordering::SeqCst), 0);
        // A wait started after the cancel is unaffected.
        assert_eq!(launch(&io.executor(), &scope, || 5, Blocking).unwrap(), 5);
    }

    #[test]
    fn a_helper_panic_reaches_the_poller() {
        let io = IoContext::new().unwrap();
        let scope = Arc::new(CancelScope::default());
        let wait = launch(&io.executor(), &scope, || panic!("boom"), crate::UseFuture);
        let r = panic::catch_unwind(AssertUnwindSafe(|| io.block_on(wait)));
        assert!(r.is_err());
    }
}
