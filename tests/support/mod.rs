//! Helpers shared by the integration tests: the watchdog that bounds every test in time, drop
//! counters to prove handlers are dropped (not leaked), and a synthetic operation with no I/O
//! that completes with a value or an error, at once or later (the token matrix's archetype,
//! like Asio's `archetypes/async_ops.hpp`).

#![allow(dead_code)]

use std::future::Future;
use std::io;
use std::pin::Pin;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::task::{Context, Poll, Waker};
use std::time::Duration;

use jeton::op::{operation, FutureOp};
use jeton::{Execute, SteadyTimer, UseFuture};

mod temp;
pub mod timers;
mod watchdog;
#[allow(unused_imports)] // only the file tests use it
pub use temp::TempFile;
#[allow(unused_imports)] // not every test binary names the guard's type
pub use watchdog::{watchdog, Watchdog};

/// Counts how many values were dropped and how many were "called".
#[derive(Clone, Debug, Default)]
pub struct DropCounter {
    dropped: Arc<AtomicUsize>,
    called: Arc<AtomicUsize>,
}

impl DropCounter {
    pub fn new() -> DropCounter {
        DropCounter::default()
    }

    /// Makes a token value to capture in a handler.
    pub fn token(&self) -> Tracked {
        Tracked {
            counter: self.clone(),
        }
    }

    pub fn dropped(&self) -> usize {
        self.dropped.load(Ordering::SeqCst)
    }

    pub fn called(&self) -> usize {
        self.called.load(Ordering::SeqCst)
    }
}

/// A value captured by a handler: counts its drop, and its call through [`Tracked::call`].
#[derive(Debug)]
pub struct Tracked {
    counter: DropCounter,
}

impl Tracked {
    pub fn call(&self) {
        self.counter.called.fetch_add(1, Ordering::SeqCst);
    }
}

impl Drop for Tracked {
    fn drop(&mut self) {
        self.counter.dropped.fetch_add(1, Ordering::SeqCst);
    }
}

// ----- recording a handler's result -----

/// Where a handler made by [`recorder`] stores its argument.
#[derive(Debug)]
pub struct Recorded<T>(Arc<Mutex<Option<T>>>);

impl<T> Recorded<T> {
    /// Takes what the handler stored; panics if it has not run.
    pub fn take(&self) -> T {
        self.0.lock().unwrap().take().expect("the handler ran")
    }

    /// Returns whether the handler has not run (or its result was taken).
    pub fn is_empty(&self) -> bool {
        self.0.lock().unwrap().is_none()
    }
}

/// Returns a closure handler that stores its argument, and where it stores it.
pub fn recorder<T: Send + 'static>() -> (Recorded<T>, impl FnOnce(T) + Send + 'static) {
    let slot = Arc::new(Mutex::new(None));
    let stored = slot.clone();
    (Recorded(slot), move |v: T| {
        *stored.lock().unwrap() = Some(v)
    })
}

// ----- the synthetic operation -----

/// The value a successful synthetic operation completes with.
pub const VALUE: i32 = 42;

/// How long the "later" synthetic operations take.
pub const LATER: Duration = Duration::from_millis(3);

/// When a synthetic operation completes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum When {
    /// On its first poll.
    Now,
    /// After a `SteadyTimer` wait of [`LATER`] on the operation's context.
    Timer,
    /// When another thread sets the result, [`LATER`] after the first poll.
    Thread,
    /// After a one-minute timer: only a cancellation ends it in a test.
    TimerLong,
    /// Never.
    Never,
}

/// One synthetic operation: when it completes and whether it succeeds.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Case {
    pub when: When,
    pub ok: bool,
}

/// The six cases of the token matrix: {at once, after a timer, after another thread} x {value,
/// error}.
pub fn all_cases() -> Vec<Case> {
    let mut v = Vec::new();
    for when in [When::Now, When::Timer, When::Thread] {
        for ok in [true, false] {
            v.push(Case { when, ok });
        }
    }
    v
}

/// The error a failing synthetic operation completes with.
pub fn synthetic_error() -> io::Error {
    io::Error::new(io::ErrorKind::InvalidData, "synthetic failure")
}

/// Returns whether `e` is [`synthetic_error`].
pub fn is_synthetic_error(e: &io::Error) -> bool {
    e.kind() == io::ErrorKind::InvalidData && e.to_string() == "synthetic failure"
}

/// Asserts that `r` is the result a synthetic operation of `case` must complete with.
pub fn check_result(case: Case, r: &io::Result<i32>) {
    match r {
        Ok(v) => {
            assert!(
                case.ok,
                "{case:?}: expected the synthetic error, got Ok({v})"
            );
            assert_eq!(*v, VALUE, "{case:?}: wrong value");
        }
        Err(e) => {
            assert!(!case.ok, "{case:?}: expected Ok({VALUE}), got {e:?}");
            assert!(is_synthetic_error(e), "{case:?}: wrong error {e:?}");
        }
    }
}

fn outcome(ok: bool) -> io::Result<i32> {
    if ok {
        Ok(VALUE)
    } else {
        Err(synthetic_error())
    }
}

/// The boxed future inside a synthetic operation.
pub type SynthFuture = Pin<Box<dyn Future<Output = io::Result<i32>> + Send>>;
/// A synthetic operation on executor `E`.
pub type SynthOp<E> = FutureOp<SynthFuture, E>;

/// Builds a synthetic operation of `case` whose completions run on `ex`.
pub fn synth<E: Execute>(ex: &E, case: Case) -> SynthOp<E> {
    operation(ex, synth_future(ex, case))
}

/// Like [`synth`], and counts its completions in `done` (to observe tokens that drop the
/// result, like `Detached`).
pub fn synth_counted<E: Execute>(ex: &E, case: Case, done: Arc<AtomicUsize>) -> SynthOp<E> {
    let inner = synth_future(ex, case);
    operation(
        ex,
        Box::pin(async move {
            let r = inner.await;
            done.fetch_add(1, Ordering::SeqCst);
            r
        }),
    )
}

/// The future of a synthetic operation of `case` over the context of `ex`.
pub fn synth_future<E: Execute>(ex: &E, case: Case) -> SynthFuture {
    let ex = ex.inner_executor().clone();
    let ok = case.ok;
    match case.when {
        When::Now => Box::pin(async move { outcome(ok) }),
        When::Timer | When::TimerLong => {
            let d = if case.when == When::Timer {
                LATER
            } else {
                Duration::from_secs(60)
            };
            Box::pin(async move {
                let timer = SteadyTimer::with_duration(&ex, d);
                timer.async_wait(UseFuture).await?;
                outcome(ok)
            })
        }
        When::Thread => Box::pin(SetByThread::new(outcome(ok), LATER)),
        When::Never => Box::pin(std::future::pending()),
    }
}

/// A hand-written future completed by another thread: on its first poll it starts a thread
/// that sleeps, stores the result and wakes the stored waker.
pub struct SetByThread<T> {
    slot: Arc<Mutex<Slot<T>>>,
    /// The result and delay, until the thread is started.
    start: Option<(T, Duration)>,
}

struct Slot<T> {
    value: Option<T>,
    waker: Option<Waker>,
}

impl<T: Send + 'static> SetByThread<T> {
    pub fn new(value: T, delay: Duration) -> SetByThread<T> {
        SetByThread {
            slot: Arc::new(Mutex::new(Slot {
                value: None,
                waker: None,
            })),
            start: Some((value, delay)),
        }
    }
}

impl<T> Unpin for SetByThread<T> {}

impl<T: Send + 'static> Future for SetByThread<T> {
    type Output = T;

    fn poll(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<T> {
        {
            let mut slot = self.slot.lock().unwrap();
            if let Some(v) = slot.value.take() {
                return Poll::Ready(v);
            }
            slot.waker = Some(cx.waker().clone());
        }
        if let Some((value, delay)) = self.start.take() {
            let slot = self.slot.clone();
            std::thread::spawn(move || {
                std::thread::sleep(delay);
                let waker = {
                    let mut slot = slot.lock().unwrap();
                    slot.value = Some(value);
                    slot.waker.take()
                };
                if let Some(w) = waker {
                    w.wake();
                }
            });
        }
        Poll::Pending
    }
}

/// Runs `f` on a new thread, returning its join handle (a short alias used by many tests).
pub fn spawn<T: Send + 'static>(
    f: impl FnOnce() -> T + Send + 'static,
) -> std::thread::JoinHandle<T> {
    std::thread::spawn(f)
}

/// `io.block_on(fut)` after `io.restart()`.
///
/// Work-around: `IoContext::block_on` on a stopped context (for example right after an earlier
/// `block_on`, whose work guard stops the context when dropped) parks forever instead of
/// running the context (reported core bug; see `tokens_use_future.rs`
/// `io_block_on_can_be_called_again_without_restart`).
pub fn block_on_restarted<F: Future>(io: &jeton::IoContext, fut: F) -> F::Output {
    io.restart();
    io.block_on(fut)
}
