//! The readiness leaf: the one readiness loop every read, write, accept and connect uses.

use std::io;
use std::os::fd::RawFd;
use std::sync::Arc;
use std::task::{Context, Poll};

use super::blocking;
use super::cancellation::CancellationType;
use super::drive::{self, Begin, Drive, HeldWork};
use crate::executor::Executor;
use crate::runtime::tracking;
use crate::runtime::{Key, ScheduledIo, READABLE, WRITABLE};
use crate::sys::{self, Interest};

/// A descriptor registered with a context's reactor, once, for read and write readiness.
#[derive(Debug)]
pub(crate) struct Registration {
    ex: Executor,
    key: Key,
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

/// The per-operation state of a readiness wait: the cancel epoch it started under, and the
/// work it holds while waiting on the reactor (released when it completes or is dropped, so a
/// dropped operation never keeps `run()` going).
#[derive(Debug)]
pub(crate) struct IoOpState {
    epoch: usize,
    work: HeldWork,
    /// A blocking-mode wait has been made: the next poll tries the syscall.
    waited: bool,
}

impl IoOpState {
    /// A state for an operation on a stream without a reactor registration.
    pub(crate) fn unregistered() -> IoOpState {
        IoOpState {
            epoch: 0,
            work: HeldWork::default(),
            waited: false,
        }
    }

    /// Releases the work held while waiting (the operation has completed).
    #[inline]
    pub(crate) fn release(&mut self) {
        self.work.release();
    }
}

impl Registration {
    /// Registers `source` with the reactor of `ex`.
    pub(crate) fn new(
        ex: &Executor,
        source: &mut impl mio::event::Source,
    ) -> io::Result<Registration> {
        let (key, io) = ex.engine().reactor.register(source)?;
        Ok(Registration {
            ex: ex.clone(),
            key,
            io,
        })
    }

    /// Allocates a registration with no descriptor yet (a closed I/O object); see
    /// [`Registration::register`].
    pub(crate) fn unregistered(ex: &Executor) -> Registration {
        let (key, io) = ex.engine().reactor.insert();
        Registration {
            ex: ex.clone(),
            key,
            io,
        }
    }

    /// Registers `source` under this registration's key, after [`Registration::unregistered`]
    /// or [`Registration::deregister`] (reopening an I/O object keeps its cancel epoch).
    pub(crate) fn register(&self, source: &mut impl mio::event::Source) -> io::Result<()> {
        self.ex.engine().reactor.register_as(self.key, source)
    }

    /// Returns whether `cancel()` (or a close) happened since `state` was started.
    #[inline]
    pub(crate) fn is_cancelled(&self, state: &IoOpState) -> bool {
        self.io.epoch() != state.epoch
    }

    /// Returns the executor of the context the descriptor is registered with.
    #[inline]
    pub(crate) fn executor(&self) -> &Executor {
        &self.ex
    }

    /// Starts an operation: records the current cancel epoch. Call it in the initiating
    /// function, so a `cancel()` after it aborts the operation even before its first poll.
    #[inline]
    pub(crate) fn start(&self) -> IoOpState {
        IoOpState {
            epoch: self.io.epoch(),
            work: HeldWork::default(),
            waited: false,
        }
    }

    /// Completes every operation started so far with the aborted error.
    pub(crate) fn cancel(&self) {
        self.io.cancel();
    }

    /// Removes the descriptor from the reactor and aborts its pending operations. The
    /// registration stays valid: a new descriptor can be registered under it.
    pub(crate) fn deregister(&self, source: &mut impl mio::event::Source) {
        self.ex.engine().reactor.deregister(&self.io, source);
    }

    /// The readiness loop, written once: try the syscall `f`; on `WouldBlock`, clear readiness
    /// and wait for `dir`, then retry. In blocking mode the wait goes to the thread's wait set
    /// (descriptor `fd`) instead of the reactor.
    ///
    /// With tokio's short-read rule for a read from a stream socket
    /// (`short_read`: whether a result is a read of fewer bytes than asked, but some). Such a
    /// read emptied the receive buffer, so it marks the read readiness used up, and the next
    /// read of a task of this context waits for the reactor's next read edge instead of trying
    /// a `recv` that would say `EAGAIN` (one system call less per request/response round trip).
    ///
    /// This is sound with the reactor's edge-triggered registration: every arrival of data
    /// after the read (including data the kernel queued while the read held the socket, which
    /// it processes on release) is a new edge, which the reactor turns into readiness and which
    /// clears the mark; the mark is set with a compare-and-swap against the readiness seen
    /// before the read, so an edge reported in between keeps the readiness. Only polls by a
    /// task of the context skip the read: their context's threads turn the reactor. Others
    /// (blocking calls, foreign executors) try first as always.
    #[inline]
    pub(crate) fn poll_io<R>(
        &self,
        cx: &mut Context<'_>,
        dir: Direction,
        fd: RawFd,
        state: &mut IoOpState,
        mut f: impl FnMut() -> io::Result<R>,
        short_read: Option<impl Fn(&R) -> bool>,
    ) -> Poll<io::Result<R>> {
        // Nothing has happened yet in this poll: every cancellation type is honoured.
        let drive = match self.begin(cx, state) {
            Ok(drive) => drive,
            Err(early) => return early,
        };
        let blocking = drive.is_blocking();
        // The short-read rule applies to a task of this context only (see above).
        let short_read = short_read.filter(|_| matches!(drive, Drive::Task));
        loop {
            if self.io.epoch() != state.epoch {
                state.release();
                return Poll::Ready(Err(tracking::aborted(crate::error::aborted())));
            }
            let seen = self.io.readiness();
            // A blocking read whose readiness is unknown waits first: in request/response use the
            // speculative read would only say WouldBlock (3 syscalls instead of 2). Writes and
            // reactor-driven operations try first (the syscall usually succeeds), except a
            // stream read after a short read (the short-read rule).
            let try_first = if blocking {
                dir == Direction::Write || state.waited || ScheduledIo::is_ready(seen, dir.bit())
            } else {
                short_read.is_none() || !ScheduledIo::is_read_drained(seen)
            };
            if try_first {
                match f() {
                    Err(e) if e.kind() == io::ErrorKind::WouldBlock => {}
                    Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
                    done => {
                        if let (Some(short), Ok(r)) = (&short_read, &done) {
                            if short(r) {
                                self.io.mark_read_drained(seen);
                            }
                        }
                        state.release();
                        return Poll::Ready(done);
                    }
                }
            }
            if blocking {
                // The waker is stored so that cancel() interrupts the blocking wait. A cancel
                // that came after the check above found no waker to wake: look again now that
                // it is stored, or the wait would never end.
                self.io.register(dir.bit(), cx.waker());
                if self.io.epoch() != state.epoch {
                    continue;
                }
                blocking::wait_fd(fd, dir.interest());
                state.waited = true;
                return Poll::Pending;
            }
            self.io.clear_readiness(seen, dir.bit());
            let now = self.io.register(dir.bit(), cx.waker());
            if ScheduledIo::is_ready(now, dir.bit()) || self.io.epoch() != state.epoch {
                continue; // Readiness (or a cancel) arrived in between: try again.
            }
            if !state.work.is_held() {
                if let Some(e) = drive.unrunnable(&self.ex) {
                    return Poll::Ready(Err(e)); // Nobody would turn the reactor for it.
                }
            }
            state.work.hold(drive, &self.ex);
            return Poll::Pending;
        }
    }
}

impl Registration {
    /// The start of every leaf poll on this registration ([`drive::begin`], honouring every
    /// cancellation type: nothing has happened yet): how the poll is driven, or what it
    /// returns at once (`Pending` when the budget is spent; the error, releasing the held
    /// work, when it is aborted).
    #[inline]
    fn begin<R>(
        &self,
        cx: &mut Context<'_>,
        state: &mut IoOpState,
    ) -> Result<Drive, Poll<io::Result<R>>> {
        match drive::begin(&self.ex, cx, CancellationType::ALL) {
            Begin::Go(drive) => Ok(drive),
            Begin::Yield => Err(Poll::Pending),
            Begin::Abort(e) => {
                state.release();
                Err(Poll::Ready(Err(e)))
            }
        }
    }

    /// The readiness wait, written once (Asio's `wait(wait_read | wait_write | wait_error)`):
    /// completes when `fd` is ready for `interest`, without moving any data and without
    /// consuming the readiness other operations see. Readiness is checked with `poll(2)`, so a
    /// stale readiness bit never completes it; an error or hang-up on `fd` completes every
    /// interest. In blocking mode the wait goes to the thread's wait set.
    pub(crate) fn poll_wait(
        &self,
        cx: &mut Context<'_>,
        interest: Interest,
        fd: RawFd,
        state: &mut IoOpState,
    ) -> Poll<io::Result<()>> {
        // A wait has no side effect: every cancellation type is honoured.
        let drive = match self.begin(cx, state) {
            Ok(drive) => drive,
            Err(early) => return early,
        };
        // The reactor reports errors and hang-ups as both directions: an error wait waits on
        // both.
        let dirs: &[Direction] = match interest {
            Interest::Read => &[Direction::Read],
            Interest::Write => &[Direction::Write],
            Interest::Error => &[Direction::Read, Direction::Write],
        };
        loop {
            if self.io.epoch() != state.epoch {
                state.release();
                return Poll::Ready(Err(tracking::aborted(crate::error::aborted())));
            }
            let seen = self.io.readiness();
            match sys::is_ready_now(fd, interest) {
                Ok(false) => {}
                done => {
                    state.release();
                    return Poll::Ready(done.map(drop));
                }
            }
            // Stored before looking again, so readiness or a cancel in between is never missed.
            let mut now = seen;
            for dir in dirs {
                now = self.io.register(dir.bit(), cx.waker());
            }
            if self.io.epoch() != state.epoch {
                continue;
            }
            if drive.is_blocking() {
                blocking::wait_fd(fd, interest);
                return Poll::Pending;
            }
            if now != seen {
                continue; // The reactor saw an event in between: look again.
            }
            state.work.hold(drive, &self.ex);
            return Poll::Pending;
        }
    }

    /// An operation on a descriptor the reactor cannot watch (a regular file: epoll refuses
    /// it, and its reads and writes never wait): tries `f` once, as Asio performs such
    /// operations at once. The start of the poll is a leaf's (budget, shutdown, cancellation).
    pub(crate) fn poll_now<R>(
        &self,
        cx: &mut Context<'_>,
        state: &mut IoOpState,
        mut f: impl FnMut() -> io::Result<R>,
    ) -> Poll<io::Result<R>> {
        if let Err(early) = self.begin(cx, state) {
            return early;
        }
        state.release();
        if self.io.epoch() != state.epoch {
            return Poll::Ready(Err(tracking::aborted(crate::error::aborted())));
        }
        loop {
            match f() {
                Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
                done => return Poll::Ready(done),
            }
        }
    }
}

impl Drop for Registration {
    fn drop(&mut self) {
        self.ex.engine().reactor.remove(self.key);
    }
}
