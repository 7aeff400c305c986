//! `BasicTimer`: a waitable timer with any number of waiters.

use std::future::Future;
use std::io;
use std::marker::PhantomData;
use std::pin::Pin;
use std::task::{Context, Poll};
use std::time::Duration;

use super::clock::{Clock, Steady, System};
use crate::executor::Executor;
use crate::op::deadline::DeadlineWait;
use crate::op::timer_entry::TimerEntry;
use crate::op::{OpName, Operation};
use crate::runtime::tracking;
use crate::tokens::{Blocking, CompletionToken};

/// A timer on the monotonic clock (Asio's `steady_timer`).
pub type SteadyTimer = BasicTimer<Steady>;
/// A timer on the wall clock (Asio's `system_timer`).
pub type SystemTimer = BasicTimer<System>;

/// A timer that operations can wait on (Asio's `basic_waitable_timer`).
///
/// A new timer has already expired. Set its expiry with [`expires_after`] or [`expires_at`],
/// then wait with [`async_wait`] (any token) or [`wait`]. Any number of waits may be pending at
/// once; each completes exactly once: `Ok(())` at the expiry, or the aborted error if the timer
/// is cancelled, re-armed or dropped first ([G10](crate::guarantees#g10)).
///
/// [`expires_after`]: BasicTimer::expires_after
/// [`expires_at`]: BasicTimer::expires_at
/// [`async_wait`]: BasicTimer::async_wait
/// [`wait`]: BasicTimer::wait
///
/// # Thread safety
///
/// Distinct objects: safe. Shared objects: safe (the waits live in the context's timer queue,
/// under its lock; the expiry lives beside them, in a cell the timer reads and writes without
/// the lock).
///
/// # Cost
///
/// Creating a timer takes no lock. Its first arming takes its context's timer-queue lock once,
/// to make its queue entry (so [`with_expiry`](BasicTimer::with_expiry), or
/// [`new`](BasicTimer::new) then [`expires_at`], is one locked step). After that,
/// [`expires_at`], [`cancel`](BasicTimer::cancel) and [`cancel_one`](BasicTimer::cancel_one)
/// take the lock only when the timer lists a wait (there is something to abort), and
/// [`expiry`] never does: re-arming a timer from the handler of its last wait, as a periodic
/// timer does, is lock-free. Each wait takes the lock for its first poll and for its completing
/// poll, and dropping the timer takes it once, if it was ever armed or waited on. Its queue
/// entry holds its first pending wait inline: only a second concurrent wait allocates.
///
/// [`expiry`]: BasicTimer::expiry
///
/// # Examples
///
/// ```
/// use jeton::{IoContext, SteadyTimer};
/// use std::time::Duration;
///
/// let io = IoContext::new()?;
/// let timer = SteadyTimer::new(&io.executor());
/// timer.expires_after(Duration::from_millis(5));
/// timer.async_wait(|r: std::io::Result<()>| println!("waited: {r:?}"));
/// io.run();
/// # Ok::<(), std::io::Error>(())
/// ```
pub struct BasicTimer<C: Clock> {
    /// Its queue entry, whose cell keeps the expiry as last set on this clock
    /// ([`Clock::to_parts`]), returned exactly by `expiry()` (converting back from the monotonic
    /// clock would drift by the time between two clock readings).
    entry: TimerEntry,
    clock: PhantomData<C>,
}

impl<C: Clock> BasicTimer<C> {
    /// Creates a timer on the context of `ex`, already expired. Takes no lock: the timer's
    /// place in the timer queue is made by its first `expires_*` or wait.
    ///
    /// # Examples
    ///
    /// ```
    /// use jeton::{IoContext, SteadyTimer};
    /// use std::time::Instant;
    ///
    /// let io = IoContext::new()?;
    /// let timer = SteadyTimer::new(&io.executor());
    /// assert!(timer.expiry() <= Instant::now()); // already expired
    /// timer.wait()?; // completes at once
    /// # Ok::<(), std::io::Error>(())
    /// ```
    pub fn new(ex: &Executor) -> BasicTimer<C> {
        BasicTimer {
            entry: TimerEntry::new(ex),
            clock: PhantomData,
        }
    }

    /// Creates a timer that expires `d` from now (Asio's `steady_timer(ex, duration)`).
    ///
    /// # Examples
    ///
    /// ```
    /// use jeton::{Blocking, IoContext, SteadyTimer};
    /// use std::time::Duration;
    ///
    /// let io = IoContext::new()?;
    /// let timer = SteadyTimer::with_duration(&io.executor(), Duration::from_millis(1));
    /// timer.async_wait(Blocking)?;
    /// # Ok::<(), std::io::Error>(())
    /// ```
    pub fn with_duration(ex: &Executor, d: Duration) -> BasicTimer<C> {
        let timer = BasicTimer::new(ex);
        timer.expires_after(d);
        timer
    }

    /// Creates a timer that expires at `tp` (Asio's `steady_timer(ex, time_point)`), in one
    /// locked step; [`expiry`](BasicTimer::expiry) returns `tp` exactly.
    ///
    /// # Examples
    ///
    /// ```
    /// use jeton::{IoContext, SystemTimer};
    /// use std::time::{Duration, SystemTime};
    ///
    /// let io = IoContext::new()?;
    /// let at = SystemTime::now() + Duration::from_secs(60);
    /// let timer = SystemTimer::with_expiry(&io.executor(), at);
    /// assert_eq!(timer.expiry(), at);
    /// # Ok::<(), std::io::Error>(())
    /// ```
    pub fn with_expiry(ex: &Executor, tp: C::TimePoint) -> BasicTimer<C> {
        let timer = BasicTimer::new(ex);
        timer.expires_at(tp);
        timer
    }

    /// Returns the timer's executor.
    pub fn executor(&self) -> Executor {
        self.entry.executor().clone()
    }

    /// Returns the expiry time: exactly what [`expires_at`](BasicTimer::expires_at) set, so
    /// that `expires_at(expiry() + d)` chains never drift.
    ///
    /// # Examples
    ///
    /// Asio's Timer.3: re-arm from the last expiry, so the period never drifts.
    ///
    /// ```
    /// use jeton::{IoContext, SteadyTimer};
    /// use std::time::{Duration, Instant};
    ///
    /// let io = IoContext::new()?;
    /// let timer = SteadyTimer::new(&io.executor());
    /// let start = Instant::now();
    /// timer.expires_at(start);
    /// for _ in 0..3 {
    ///     timer.expires_at(timer.expiry() + Duration::from_millis(1));
    ///     timer.wait()?;
    /// }
    /// assert_eq!(timer.expiry(), start + Duration::from_millis(3));
    /// # Ok::<(), std::io::Error>(())
    /// ```
    pub fn expiry(&self) -> C::TimePoint {
        match self.entry.expiry() {
            Ok(parts) => C::from_parts(parts),
            Err(never_set) => C::from_instant(never_set),
        }
    }

    /// Sets the expiry to `tp`, aborting pending waits; returns how many were aborted.
    ///
    /// # Examples
    ///
    /// ```
    /// use jeton::{error, IoContext, SteadyTimer};
    /// use std::time::{Duration, Instant};
    ///
    /// let io = IoContext::new()?;
    /// let timer = SteadyTimer::new(&io.executor());
    /// timer.expires_at(Instant::now() + Duration::from_secs(60));
    /// timer.async_wait(|r: std::io::Result<()>| assert!(error::is_aborted(&r.unwrap_err())));
    /// // Re-arming aborts the pending wait:
    /// assert_eq!(timer.expires_at(Instant::now()), 1);
    /// io.run();
    /// # Ok::<(), std::io::Error>(())
    /// ```
    pub fn expires_at(&self, tp: C::TimePoint) -> usize {
        self.entry.set_expiry(C::to_instant(tp), |off| {
            C::to_parts(tp, (off.secs, off.nanos))
        })
    }

    /// Sets the expiry to `d` from now, aborting pending waits; returns how many were aborted.
    ///
    /// A duration too long to represent saturates to the latest time point the clock can
    /// represent (about 100 years ahead for the monotonic clock): `Duration::MAX` is "never".
    ///
    /// # Examples
    ///
    /// ```
    /// use jeton::{IoContext, SteadyTimer, UseFuture};
    /// use std::time::Duration;
    ///
    /// let io = IoContext::new()?;
    /// let timer = SteadyTimer::new(&io.executor());
    /// assert_eq!(timer.expires_after(Duration::from_millis(2)), 0); // no wait was pending
    /// io.block_on(timer.async_wait(UseFuture))?;
    /// # Ok::<(), std::io::Error>(())
    /// ```
    pub fn expires_after(&self, d: Duration) -> usize {
        self.expires_at(C::saturating_add(C::now(), d))
    }

    /// Returns the timer's entry in its context's timer queue.
    pub(crate) fn entry(&self) -> &TimerEntry {
        &self.entry
    }

    /// Aborts every pending wait; returns how many. The expiry is unchanged. A wait whose
    /// expiry has already passed cannot be cancelled (its handler gets success).
    ///
    /// # Examples
    ///
    /// ```
    /// use jeton::{error, IoContext, SteadyTimer};
    /// use std::time::Duration;
    ///
    /// let io = IoContext::new()?;
    /// let timer = SteadyTimer::with_duration(&io.executor(), Duration::from_secs(60));
    /// for _ in 0..2 {
    ///     timer.async_wait(|r: std::io::Result<()>| assert!(error::is_aborted(&r.unwrap_err())));
    /// }
    /// assert_eq!(timer.cancel(), 2);
    /// io.run(); // both handlers run, at once
    /// # Ok::<(), std::io::Error>(())
    /// ```
    pub fn cancel(&self) -> usize {
        tracking::other(C::NAME, self as *const Self as usize, "cancel");
        self.entry.cancel(usize::MAX)
    }

    /// Aborts the oldest pending wait, if any; returns 0 or 1.
    ///
    /// # Examples
    ///
    /// ```
    /// use jeton::{error, IoContext, SteadyTimer};
    /// use std::sync::{Arc, Mutex};
    /// use std::time::Duration;
    ///
    /// let io = IoContext::new()?;
    /// let timer = SteadyTimer::with_duration(&io.executor(), Duration::from_millis(5));
    /// let log = Arc::new(Mutex::new(Vec::new()));
    /// for name in ["first", "second"] {
    ///     let log = log.clone();
    ///     timer.async_wait(move |r: std::io::Result<()>| {
    ///         log.lock().unwrap().push((name, r.is_ok()));
    ///     });
    /// }
    /// assert_eq!(timer.cancel_one(), 1); // the oldest wait
    /// io.run();
    /// assert_eq!(*log.lock().unwrap(), [("first", false), ("second", true)]);
    /// # Ok::<(), std::io::Error>(())
    /// ```
    pub fn cancel_one(&self) -> usize {
        self.entry.cancel(1)
    }

    /// Waits for the expiry. Completes with `Ok(())`, or the aborted error if cancelled.
    ///
    /// Equivalent to: `async fn async_wait(&self) -> io::Result<()>`.
    ///
    /// - closure: called with the result on a thread running the context;
    /// - [`UseFuture`](crate::UseFuture): returns a [`TimerWait`] future;
    /// - [`Blocking`]: waits on the calling thread and returns the result.
    ///
    /// The handler is never called from inside this function, even when the timer has already
    /// expired ([G2](crate::guarantees#g2)).
    ///
    /// # Cancellation
    ///
    /// [`cancel`](BasicTimer::cancel), [`cancel_one`](BasicTimer::cancel_one), `expires_*` and
    /// dropping the timer complete the wait with [`error::aborted`](crate::error::aborted).
    /// Dropping the returned future withdraws the wait.
    ///
    /// # Examples
    ///
    /// Every token:
    ///
    /// ```
    /// use jeton::{Blocking, IoContext, SteadyTimer, UseFuture};
    /// use std::time::Duration;
    ///
    /// let io = IoContext::new()?;
    /// let timer = SteadyTimer::with_duration(&io.executor(), Duration::from_millis(1));
    /// timer.async_wait(|r: std::io::Result<()>| r.unwrap()); // a closure: called from run()
    /// io.run();
    /// io.restart();
    /// io.block_on(timer.async_wait(UseFuture))?; // a future
    /// timer.async_wait(Blocking)?; // on this thread
    /// # Ok::<(), std::io::Error>(())
    /// ```
    pub fn async_wait<T: CompletionToken<TimerWait>>(&self, token: T) -> T::Output {
        token.launch(TimerWait {
            wait: self.entry.wait(),
            object: const { &C::NAME },
            addr: self as *const Self as usize,
        })
    }

    /// Waits for the expiry on the calling thread (`async_wait(Blocking)`).
    ///
    /// # Errors
    ///
    /// The aborted error if the wait is cancelled from another thread.
    ///
    /// # Examples
    ///
    /// ```
    /// use jeton::{IoContext, SteadyTimer};
    /// use std::time::{Duration, Instant};
    ///
    /// let io = IoContext::new()?; // no thread needs to run it
    /// let timer = SteadyTimer::with_duration(&io.executor(), Duration::from_millis(2));
    /// timer.wait()?;
    /// assert!(Instant::now() >= timer.expiry());
    /// # Ok::<(), std::io::Error>(())
    /// ```
    pub fn wait(&self) -> io::Result<()> {
        self.async_wait(Blocking)
    }
}

impl<C: Clock> std::fmt::Debug for BasicTimer<C> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("BasicTimer")
            .field("entry", &self.entry)
            .finish()
    }
}

/// A pending timer wait: the operation behind [`BasicTimer::async_wait`].
#[must_use = "futures do nothing unless you `.await` or poll them"]
#[derive(Debug)]
pub struct TimerWait {
    wait: DeadlineWait,
    /// The timer's kind and address, for traces: a thin pointer to the clock's name rather than
    /// an [`OpName`] (40 bytes), so a closure-token wait's task fits two cache lines (128
    /// bytes, not 192: a million pending waits take 64 MB less, and each fires with one line
    /// fewer to fetch).
    object: &'static &'static str,
    addr: usize,
}

impl Future for TimerWait {
    type Output = io::Result<()>;
    fn poll(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        Pin::new(&mut self.wait).poll(cx)
    }
}

impl Operation for TimerWait {
    type Executor = Executor;
    fn executor(&self) -> Executor {
        self.wait.executor().clone()
    }
    fn trace_name(&self) -> OpName {
        OpName::new(self.object, "async_wait").at(self.addr)
    }
}

#[cfg(test)]
#[path = "timer_tests.rs"]
mod tests;
