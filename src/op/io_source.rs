//! `IoSource`: a descriptor owned by an I/O object, registered once, closable while operations
//! on it are pending, and reopenable (a socket closed, then opened again).

use std::io;
use std::os::fd::{AsRawFd, RawFd};
use std::sync::atomic::{AtomicBool, Ordering};
use std::task::{Context, Poll};

use mio::unix::SourceFd;

use super::drive::Drive;
use super::readiness::{Direction, IoOpState, Registration};
use crate::error;
use crate::executor::Executor;
use crate::runtime::tracking;
use crate::sys::{errno, InUse, Interest, UseCell};

/// The descriptor state shared by a descriptor-based I/O object (a socket, a descriptor, a
/// pipe) and its pending operations.
///
/// It lives in the object's core, which operations share; the object's `close()` (or drop)
/// takes the descriptor out, aborting pending operations and closing it, even while
/// operations still hold the core. `open()` puts a new descriptor in under the same
/// registration, so the cancel epoch keeps counting: an operation started before a close never
/// runs on the reopened descriptor. Any owned descriptor type works (`socket2::Socket`,
/// `OwnedFd`, ...): it is registered with the reactor through its raw descriptor.
#[derive(Debug)]
pub(crate) struct IoSource<T: AsRawFd> {
    reg: Registration,
    /// The descriptor; none once closed. A syscall borrows it for its length (one atomic add
    /// and one subtract), `close` takes it out once the syscalls in progress have returned, so
    /// a descriptor is never closed during a syscall on it.
    source: UseCell<T>,
    /// Asio's user non-blocking mode: when set, a wait in blocking mode (a synchronous call)
    /// returns `WouldBlock` instead of waiting. Set by the object's `set_non_blocking`, read by
    /// every poll; no other state depends on it, hence `Relaxed`.
    non_blocking: AtomicBool,
    /// The reactor refused the descriptor (`EPERM`: a regular file, `/dev/null`): its reads
    /// and writes never wait, so operations on it are performed at once (Asio's behaviour)
    /// and read and write waits complete at once. Set when made, never changed.
    always_ready: bool,
}

impl<T: AsRawFd> IoSource<T> {
    /// Registers `source` with the reactor of `ex`.
    pub(crate) fn new(ex: &Executor, source: T) -> io::Result<IoSource<T>> {
        let reg = Registration::new(ex, &mut SourceFd(&source.as_raw_fd()))?;
        Ok(IoSource {
            reg,
            source: UseCell::new(Some(source)),
            non_blocking: AtomicBool::new(false),
            always_ready: false,
        })
    }

    /// Registers `source` (any descriptor: a pipe, a tty, an eventfd, a file) with the
    /// reactor of `ex`. A descriptor the reactor refuses with `EPERM` (a regular file,
    /// `/dev/null`, whose operations never wait) is accepted unregistered: its operations
    /// are performed at once, as Asio does.
    ///
    /// # Errors
    ///
    /// The reactor's other errors.
    pub(crate) fn new_descriptor(ex: &Executor, source: T) -> io::Result<IoSource<T>> {
        let fd = source.as_raw_fd();
        let (reg, always_ready) = match Registration::new(ex, &mut SourceFd(&fd)) {
            Ok(reg) => (reg, false),
            Err(e) if e.raw_os_error() == Some(errno::EPERM) => {
                (Registration::unregistered(ex), true)
            }
            Err(e) => return Err(e),
        };
        Ok(IoSource {
            reg,
            source: UseCell::new(Some(source)),
            non_blocking: AtomicBool::new(false),
            always_ready,
        })
    }

    /// Creates a closed source on the reactor of `ex` (Asio's default-constructed socket); see
    /// [`IoSource::open`].
    pub(crate) fn closed(ex: &Executor) -> IoSource<T> {
        IoSource {
            reg: Registration::unregistered(ex),
            source: UseCell::new(None),
            non_blocking: AtomicBool::new(false),
            always_ready: false,
        }
    }

    /// Puts `source` in a closed `IoSource` and registers it with the reactor.
    ///
    /// # Errors
    ///
    /// `AlreadyExists` if a descriptor is open (Asio's `already_open`), or the reactor's
    /// registration error (the descriptor is then dropped).
    pub(crate) fn open(&self, source: T) -> io::Result<()> {
        let opened = self.source.fill(|| {
            self.reg.register(&mut SourceFd(&source.as_raw_fd()))?;
            Ok(source)
        });
        opened.unwrap_or_else(|| {
            Err(io::Error::new(
                io::ErrorKind::AlreadyExists,
                "the I/O object is already open",
            ))
        })
    }

    /// Returns the executor of the reactor the descriptor is registered with.
    pub(crate) fn executor(&self) -> &Executor {
        self.reg.executor()
    }

    /// Starts an operation (records the cancel epoch). Call it in the initiating function.
    pub(crate) fn start(&self) -> IoOpState {
        self.reg.start()
    }

    /// Completes every pending operation with the aborted error.
    pub(crate) fn cancel(&self) {
        self.reg.cancel();
    }

    /// Sets the user non-blocking mode (see the field).
    pub(crate) fn set_non_blocking(&self, on: bool) {
        self.non_blocking.store(on, Ordering::Relaxed);
    }

    /// Returns the user non-blocking mode.
    pub(crate) fn non_blocking(&self) -> bool {
        self.non_blocking.load(Ordering::Relaxed)
    }

    /// Borrows the open descriptor for one call.
    #[inline]
    fn enter(&self) -> Option<InUse<'_, T>> {
        self.source.enter()
    }

    /// Runs `f` on the open source (synchronous calls such as options and addresses).
    ///
    /// # Errors
    ///
    /// `EBADF` if the object is closed, else whatever `f` returns.
    pub(crate) fn with<R>(&self, f: impl FnOnce(&T) -> io::Result<R>) -> io::Result<R> {
        match self.enter() {
            Some(s) => f(&s),
            None => Err(error::bad_descriptor()),
        }
    }

    /// Returns whether [`cancel`](IoSource::cancel) or a close happened since `state` was
    /// started.
    pub(crate) fn is_cancelled(&self, state: &IoOpState) -> bool {
        self.reg.is_cancelled(state)
    }

    /// Returns whether the source is still open.
    pub(crate) fn is_open(&self) -> bool {
        self.source.is_open()
    }

    /// The error of an operation whose source is closed: aborted if it was closed after the
    /// operation started, `EBADF` (Asio's `bad_descriptor`) if it was closed already.
    fn closed_error(&self, state: &IoOpState) -> io::Error {
        if self.reg.is_cancelled(state) {
            tracking::aborted(crate::error::aborted())
        } else {
            error::bad_descriptor()
        }
    }

    /// Tries `f` once (retried on `EINTR`) for the operation `state`, never waiting: the
    /// operation completes with what `f` returns, `WouldBlock` included, or aborted if it was
    /// cancelled or closed since it started.
    pub(crate) fn try_io<R>(
        &self,
        state: &mut IoOpState,
        mut f: impl FnMut(&T) -> io::Result<R>,
    ) -> io::Result<R> {
        let source = self.enter();
        state.release();
        let source = match source {
            None => return Err(self.closed_error(state)),
            Some(_) if self.reg.is_cancelled(state) => {
                return Err(tracking::aborted(crate::error::aborted()))
            }
            Some(source) => source,
        };
        loop {
            match f(&source) {
                Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
                r => return r,
            }
        }
    }

    /// The readiness loop on this source: try `f`, wait for `dir` on `WouldBlock`, retry. A
    /// source closed after the operation started completes it with the aborted error; one
    /// already closed when it started, with `EBADF` (Asio's `bad_descriptor`). In user
    /// non-blocking mode a synchronous call (blocking mode) tries once and returns
    /// `WouldBlock` instead of waiting; asynchronous operations wait as usual.
    pub(crate) fn poll_io<R>(
        &self,
        cx: &mut Context<'_>,
        dir: Direction,
        state: &mut IoOpState,
        f: impl FnMut(&T) -> io::Result<R>,
    ) -> Poll<io::Result<R>> {
        self.poll_source(cx, dir, state, f, None::<fn(&R) -> bool>)
    }

    /// [`IoSource::poll_io`] and [`IoSource::poll_stream_read`]: user non-blocking mode, a
    /// closed source, an always-ready one, else the readiness loop (`short_read`: see
    /// `Registration::poll_io`).
    #[inline]
    fn poll_source<R>(
        &self,
        cx: &mut Context<'_>,
        dir: Direction,
        state: &mut IoOpState,
        mut f: impl FnMut(&T) -> io::Result<R>,
        short_read: Option<impl Fn(&R) -> bool>,
    ) -> Poll<io::Result<R>> {
        if self.non_blocking() && Drive::of(self.executor()).is_blocking() {
            return Poll::Ready(self.try_io(state, f));
        }
        let Some(source) = self.enter() else {
            state.release();
            return Poll::Ready(Err(self.closed_error(state)));
        };
        if self.always_ready {
            return self.reg.poll_now(cx, state, || f(&source));
        }
        let fd: RawFd = source.as_raw_fd();
        self.reg
            .poll_io(cx, dir, fd, state, || f(&source), short_read)
    }

    /// One read or write step of a stream: nothing to move (`nothing`) completes at once with
    /// 0, without waiting ([G11](crate::guarantees#g11)); otherwise [`IoSource::poll_io`].
    pub(crate) fn poll_step(
        &self,
        cx: &mut Context<'_>,
        dir: Direction,
        nothing: bool,
        state: &mut IoOpState,
        f: impl FnMut(&T) -> io::Result<usize>,
    ) -> Poll<io::Result<usize>> {
        if nothing {
            state.release();
            return Poll::Ready(Ok(0));
        }
        self.poll_io(cx, dir, state, f)
    }

    /// One read step of a stream socket: [`IoSource::poll_step`] for a read of `want` bytes,
    /// with the short-read rule (see `Registration::poll_io`).
    pub(crate) fn poll_stream_read(
        &self,
        cx: &mut Context<'_>,
        want: usize,
        state: &mut IoOpState,
        f: impl FnMut(&T) -> io::Result<usize>,
    ) -> Poll<io::Result<usize>> {
        if want == 0 {
            state.release();
            return Poll::Ready(Ok(0));
        }
        let short = move |n: &usize| *n > 0 && *n < want;
        self.poll_source(cx, Direction::Read, state, f, Some(short))
    }

    /// Waits until the descriptor is ready for `interest`, moving no data (Asio's
    /// `async_wait`); see `Registration::poll_wait`. On a descriptor the reactor refused
    /// (always ready) a read or write wait completes at once, and an error wait fails with
    /// `Unsupported` (Asio's `operation_not_supported`: it could never complete).
    pub(crate) fn poll_wait(
        &self,
        cx: &mut Context<'_>,
        interest: Interest,
        state: &mut IoOpState,
    ) -> Poll<io::Result<()>> {
        let Some(source) = self.enter() else {
            state.release();
            return Poll::Ready(Err(self.closed_error(state)));
        };
        if self.always_ready {
            return self.reg.poll_now(cx, state, || match interest {
                Interest::Error => Err(io::Error::from_raw_os_error(errno::EOPNOTSUPP)),
                Interest::Read | Interest::Write => Ok(()),
            });
        }
        self.reg.poll_wait(cx, interest, source.as_raw_fd(), state)
    }

    /// Closes the descriptor: deregisters it, aborts pending operations, and returns it.
    /// The registration stays, for [`IoSource::open`]. Closing a closed source closes
    /// nothing, but still aborts the operations started before: a connect started on a
    /// closed socket (which opens it on its first poll) must not open a socket that was
    /// closed, or whose owner was dropped, after it started.
    ///
    /// Operations are aborted first, so one polled while the descriptor is taken out completes
    /// aborted, as after the close. A syscall in progress on another thread finishes first
    /// (the close waits for it); one that starts after finds the source closed.
    pub(crate) fn close(&self) -> Option<T> {
        self.reg.cancel();
        let source = self.source.take()?;
        self.reg.deregister(&mut SourceFd(&source.as_raw_fd()));
        Some(source)
    }
}

impl<T: AsRawFd> Drop for IoSource<T> {
    /// Deregisters the descriptor if nobody closed it, so the reactor keeps no stale entry.
    fn drop(&mut self) {
        self.close();
    }
}
