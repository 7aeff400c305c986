//! `SignalSet`: a set of signals to wait for (Asio's `signal_set`).

use std::fmt;
use std::io;
use std::sync::Arc;
use std::task::Waker;

use super::registry;
use super::state::SetState;
use super::wait::SignalWait;
use crate::executor::Executor;
use crate::op::io_source::IoSource;
use crate::sys::signal;
use crate::tokens::{Blocking, CompletionToken};

/// A set of signals that operations can wait for (Asio's `signal_set`).
///
/// [`async_wait`](SignalSet::async_wait) completes with the number of a signal of the set
/// that arrived. A signal that arrives while no wait is pending is queued, and delivered to
/// the next wait, one per wait, in ascending signal number ([G13](crate::guarantees#g13)).
/// When several sets (on one context or several) watch the same signal, each of them is told.
///
/// No user code runs in the signal handler: jeton's handler, installed with
/// `signal-hook-registry` the first time a signal is added (chaining any handler installed
/// before), only counts the signal and writes a byte to a self-pipe that the sets' waits
/// watch through their context's reactor (or the blocking driver); the wait completes as any
/// operation does, in the style of its token. While a signal is in no set, it has the action
/// it had before (the default action, or none if it was ignored).
///
/// # Thread safety
///
/// Distinct objects: safe. Shared objects: safe (every method takes `&self`).
///
/// # Examples
///
/// ```
/// use jeton::signal::{SignalSet, SIGUSR1};
/// use jeton::IoContext;
///
/// let io = IoContext::new()?;
/// let signals = SignalSet::new(&io.executor(), &[SIGUSR1])?;
/// signals.async_wait(|r: std::io::Result<i32>| {
///     assert_eq!(r.unwrap(), SIGUSR1);
///     println!("got SIGUSR1");
/// });
/// # unsafe { libc::raise(SIGUSR1) };
/// io.run();
/// # Ok::<(), std::io::Error>(())
/// ```
pub struct SignalSet {
    state: Arc<SetState>,
}

impl SignalSet {
    /// Creates a set on the context of `ex` watching `signals` (which may be empty; see
    /// [`add`](SignalSet::add)).
    ///
    /// # Errors
    ///
    /// As [`add`](SignalSet::add); or the system's error if the self-pipe cannot be made or
    /// registered (no descriptor left).
    ///
    /// # Examples
    ///
    /// ```
    /// use jeton::signal::{SignalSet, SIGINT, SIGTERM};
    /// use jeton::IoContext;
    ///
    /// let io = IoContext::new()?;
    /// let signals = SignalSet::new(&io.executor(), &[SIGINT, SIGTERM])?;
    /// assert_eq!(signals.signals(), [SIGINT, SIGTERM]);
    /// # Ok::<(), std::io::Error>(())
    /// ```
    pub fn new(ex: &Executor, signals: &[i32]) -> io::Result<SignalSet> {
        let wake = IoSource::new(ex, signal::wake_fd()?)?;
        let set = SignalSet {
            state: Arc::new(SetState::new(wake)),
        };
        for &signo in signals {
            set.add(signo)?;
        }
        Ok(set)
    }

    /// Returns the executor of the set's context.
    pub fn executor(&self) -> Executor {
        self.state.wake.executor().clone()
    }

    /// Adds `signo` to the set (Asio's `add`). Adding a signal the set has does nothing.
    ///
    /// # Errors
    ///
    /// `InvalidInput` for a number that is not a signal, or a signal that cannot be caught
    /// or must not be (`SIGKILL`, `SIGSTOP`, `SIGILL`, `SIGFPE`, `SIGSEGV`); the system's
    /// error if the handler cannot be installed.
    ///
    /// # Examples
    ///
    /// ```
    /// use jeton::signal::{SignalSet, SIGUSR2};
    /// use jeton::IoContext;
    ///
    /// let io = IoContext::new()?;
    /// let signals = SignalSet::new(&io.executor(), &[])?;
    /// signals.add(SIGUSR2)?;
    /// let e = signals.add(libc::SIGKILL).unwrap_err();
    /// assert_eq!(e.kind(), std::io::ErrorKind::InvalidInput);
    /// # Ok::<(), std::io::Error>(())
    /// ```
    pub fn add(&self, signo: i32) -> io::Result<()> {
        registry::add(&self.state, signo)
    }

    /// Removes `signo` from the set (Asio's `remove`), discarding its queued notifications.
    /// Pending waits are not cancelled. Removing a signal the set does not have does nothing.
    ///
    /// # Errors
    ///
    /// `InvalidInput` for a number no set can watch.
    ///
    /// # Examples
    ///
    /// ```
    /// use jeton::signal::{SignalSet, SIGUSR1, SIGUSR2};
    /// use jeton::IoContext;
    ///
    /// let io = IoContext::new()?;
    /// let signals = SignalSet::new(&io.executor(), &[SIGUSR1, SIGUSR2])?;
    /// signals.remove(SIGUSR1)?;
    /// assert_eq!(signals.signals(), [SIGUSR2]);
    /// # Ok::<(), std::io::Error>(())
    /// ```
    pub fn remove(&self, signo: i32) -> io::Result<()> {
        registry::remove(&self.state, signo)
    }

    /// Removes every signal from the set (Asio's `clear`), discarding every queued
    /// notification. Pending waits are not cancelled.
    ///
    /// # Examples
    ///
    /// ```
    /// use jeton::signal::{SignalSet, SIGUSR1};
    /// use jeton::IoContext;
    ///
    /// let io = IoContext::new()?;
    /// let signals = SignalSet::new(&io.executor(), &[SIGUSR1])?;
    /// signals.clear();
    /// assert!(signals.signals().is_empty());
    /// # Ok::<(), std::io::Error>(())
    /// ```
    pub fn clear(&self) {
        registry::clear(&self.state);
    }

    /// Returns the signals in the set, in ascending order.
    ///
    /// # Examples
    ///
    /// ```
    /// use jeton::signal::{SignalSet, SIGHUP, SIGUSR1};
    /// use jeton::IoContext;
    ///
    /// let io = IoContext::new()?;
    /// let signals = SignalSet::new(&io.executor(), &[SIGUSR1, SIGHUP])?;
    /// assert_eq!(signals.signals(), [SIGHUP, SIGUSR1]);
    /// # Ok::<(), std::io::Error>(())
    /// ```
    pub fn signals(&self) -> Vec<i32> {
        self.state.lock().signals.iter().copied().collect()
    }

    /// Completes every pending wait with [`error::aborted`](crate::error::aborted) (Asio's
    /// `cancel`). Queued notifications stay for later waits; waits started afterwards are not
    /// affected.
    ///
    /// # Examples
    ///
    /// ```
    /// use jeton::signal::{SignalSet, SIGUSR2};
    /// use jeton::{error, IoContext};
    ///
    /// let io = IoContext::new()?;
    /// let signals = SignalSet::new(&io.executor(), &[SIGUSR2])?;
    /// signals.async_wait(|r: std::io::Result<i32>| assert!(error::is_aborted(&r.unwrap_err())));
    /// signals.cancel();
    /// io.run();
    /// # Ok::<(), std::io::Error>(())
    /// ```
    pub fn cancel(&self) {
        let wakers = {
            let mut inner = self.state.lock();
            inner.epoch = inner.epoch.wrapping_add(1);
            SetState::wake_all(&inner)
        };
        wakers.into_iter().for_each(Waker::wake);
    }

    /// Waits for a signal of the set.
    ///
    /// Equivalent to: `async fn async_wait(&self) -> io::Result<i32>`.
    ///
    /// Completes with the signal's number: the lowest queued one if signals arrived while no
    /// wait was pending ([G13](crate::guarantees#g13)), else the next to arrive. A signal that
    /// arrives while several waits are pending completes them all, as in Asio.
    ///
    /// - closure: called with the result on a thread running the context;
    /// - [`UseFuture`](crate::UseFuture): returns a [`SignalWait`] future;
    /// - [`Blocking`]: waits on the calling thread and returns the result.
    ///
    /// The handler is never called from inside this function, even when a signal is queued
    /// ([G2](crate::guarantees#g2)). The wait is outstanding work of its context
    /// ([G4](crate::guarantees#g4)): `run()` does not return while it is pending.
    ///
    /// # Errors
    ///
    /// [`error::aborted`](crate::error::aborted) if it is cancelled.
    ///
    /// # Cancellation
    ///
    /// [`cancel`](SignalSet::cancel) or dropping the set completes it with
    /// [`error::aborted`](crate::error::aborted). It has no side effect (a signal it was
    /// given before it is cancelled or dropped is queued again), so it honours every
    /// [`CancellationType`](crate::CancellationType): terminal, partial and total.
    ///
    /// # Examples
    ///
    /// ```
    /// use jeton::signal::{SignalSet, SIGUSR1};
    /// use jeton::{IoContext, UseFuture};
    ///
    /// let io = IoContext::new()?;
    /// let signals = SignalSet::new(&io.executor(), &[SIGUSR1])?;
    /// unsafe { libc::raise(SIGUSR1) }; // no wait pending: queued
    /// assert_eq!(io.block_on(signals.async_wait(UseFuture))?, SIGUSR1);
    /// # Ok::<(), std::io::Error>(())
    /// ```
    pub fn async_wait<T: CompletionToken<SignalWait>>(&self, token: T) -> T::Output {
        token.launch(SignalWait::new(self.state.clone()))
    }

    /// Waits for a signal of the set on the calling thread (`async_wait(Blocking)`).
    ///
    /// # Errors
    ///
    /// As [`async_wait`](SignalSet::async_wait).
    ///
    /// # Examples
    ///
    /// ```
    /// use jeton::signal::{SignalSet, SIGUSR2};
    /// use jeton::IoContext;
    ///
    /// let io = IoContext::new()?;
    /// let signals = SignalSet::new(&io.executor(), &[SIGUSR2])?;
    /// unsafe { libc::raise(SIGUSR2) };
    /// assert_eq!(signals.wait()?, SIGUSR2); // no thread runs the context
    /// # Ok::<(), std::io::Error>(())
    /// ```
    pub fn wait(&self) -> io::Result<i32> {
        self.async_wait(Blocking)
    }
}

impl SignalSet {
    /// Removes every signal and completes pending waits (and later ones) with the aborted
    /// error: what dropping the set does, for an owner that shares the set with its waits.
    pub(crate) fn close(&self) {
        self.clear();
        let wakers = {
            let mut inner = self.state.lock();
            inner.closed = true;
            SetState::wake_all(&inner)
        };
        wakers.into_iter().for_each(Waker::wake);
        drop(self.state.wake.close());
    }
}

impl Drop for SignalSet {
    /// Removes every signal and completes pending waits with
    /// [`error::aborted`](crate::error::aborted) ([G3](crate::guarantees#g3)).
    fn drop(&mut self) {
        self.close();
    }
}

impl fmt::Debug for SignalSet {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let names: Vec<_> = self
            .signals()
            .into_iter()
            .map(|s| signal::name(s).map_or_else(|| s.to_string(), str::to_owned))
            .collect();
        f.debug_struct("SignalSet")
            .field("signals", &names)
            .finish_non_exhaustive()
    }
}
