//! The readiness leaf: the one readiness loop every read, write, accept and connect uses.

use std::io;
use std::os::fd::RawFd;
use std::sync::Arc;
use std::task::{Context, Poll};

use super::blocking;
use crate::context::{ScheduledIo, READABLE, WRITABLE};
use crate::executor::Executor;
use crate::sys::Interest;

/// A descriptor registered with a context's reactor, once, for read and write readiness.
#[derive(Debug)]
pub(crate) struct Registration {
    ex: Executor,
    key: usize,
    io: Arc<ScheduledIo>,
}

/// The direction an operation waits for.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Direction {
    /// Readable (or accept-ready).
    Read,
    /// Writable (or connect-complete).
    Write,
}

impl Direction {
    fn bit(self) -> usize {
        match self {
            Direction::Read => READABLE,
            Direction::Write => WRITABLE,
        }
    }

    fn interest(self) -> Interest {
        match self {
            Direction::Read => Interest::Read,
            Direction::Write => Interest::Write,
        }
    }
}

/// The per-operation state of a readiness wait: the cancel epoch it started under. (While it
/// waits on the reactor, its waker entry holds a unit of the context's work, released when it
/// is woken.)
#[derive(Debug)]
pub(crate) struct IoOpState {
    epoch: usize,
}

impl IoOpState {
    /// A state for an operation on a stream without a reactor registration.
    pub(crate) fn unregistered() -> IoOpState {
        IoOpState {
            epoch: 0,
        }
    }
}

impl Registration {
    /// Registers `source` with the reactor of `ex`.
    pub(crate) fn new(
        ex: &Executor,
        source: &mut impl mio::event::Source,
    ) -> io::Result<Registration> {
        let (key, io) = ex.shared().reactor.register(source)?;
        Ok(Registration {
            ex: ex.clone(),
            key,
            io,
        })
    }

    /// Returns the executor of the context the descriptor is registered with.
    pub(crate) fn executor(&self) -> &Executor {
        &self.ex
    }

    /// Starts an operation: records the current cancel epoch. Call it in the initiating
    /// function, so a `cancel()` after it aborts the operation even before its first poll.
    pub(crate) fn start(&self) -> IoOpState {
        IoOpState {
            epoch: self.io.epoch(),
        }
    }

    /// Completes every operation started so far with the aborted error.
    pub(crate) fn cancel(&self) {
        let released = self.io.cancel();
        self.ex.shared().work_finished_n(released);
    }

    /// Removes the descriptor from the reactor and aborts its pending operations.
    pub(crate) fn deregister(&self, source: &mut impl mio::event::Source) {
        let released = self.ex.shared().reactor.deregister(self.key, source);
        self.ex.shared().work_finished_n(released);
    }

    /// The readiness loop, written once: try the syscall `f`; on `WouldBlock`, clear readiness
    /// and wait for `dir`, then retry. In blocking mode the wait goes to the thread's wait set
    /// (descriptor `fd`) instead of the reactor.
    pub(crate) fn poll_io<R>(
        &self,
        cx: &mut Context<'_>,
        dir: Direction,
        fd: RawFd,
        state: &mut IoOpState,
        mut f: impl FnMut() -> io::Result<R>,
    ) -> Poll<io::Result<R>> {
        loop {
            if self.io.epoch() != state.epoch {
                return Poll::Ready(Err(crate::error::aborted()));
            }
            let seen = self.io.readiness();
            match f() {
                Err(e) if e.kind() == io::ErrorKind::WouldBlock => {}
                Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
                done => return Poll::Ready(done),
            }
            if blocking::is_active() {
                // The waker is stored so that cancel() interrupts the blocking wait.
                self.io.register(dir.bit(), cx.waker(), None);
                blocking::wait_fd(fd, dir.interest());
                return Poll::Pending;
            }
            self.io.clear_readiness(seen, dir.bit());
            let now = self.io.register(dir.bit(), cx.waker(), Some(self.ex.shared()));
            if ScheduledIo::is_ready(now, dir.bit()) || self.io.epoch() != state.epoch {
                continue; // Readiness (or a cancel) arrived in between: try again.
            }
            return Poll::Pending;
        }
    }
}
