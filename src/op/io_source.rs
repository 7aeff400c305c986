//! `IoSource`: a descriptor owned by an I/O object, registered once, closable while operations
//! on it are pending, and reopenable (a socket closed, then opened again).

use std::io;
use std::os::fd::{AsRawFd, RawFd};
use std::sync::{RwLock, RwLockReadGuard};
use std::task::{Context, Poll};

use super::readiness::{Direction, IoOpState, Registration};
use crate::executor::Executor;

/// The shared core of every descriptor-based I/O object (sockets, descriptors, pipes).
///
/// Operations hold an `Arc<IoSource<S>>`, so they are `'static` and work with closure tokens;
/// the I/O object's `close()` (or drop) takes the source out, aborting pending operations and
/// closing the descriptor, even while operations still hold the `Arc`. `open()` puts a new
/// descriptor in under the same registration, so the cancel epoch keeps counting: an operation
/// started before a close never runs on the reopened descriptor.
#[derive(Debug)]
pub(crate) struct IoSource<S: mio::event::Source + AsRawFd> {
    reg: Registration,
    /// The descriptor; `None` once closed. Syscalls run under the read lock, `close` takes the
    /// write lock, so a descriptor is never closed during a syscall on it.
    source: RwLock<Option<S>>,
}

impl<S: mio::event::Source + AsRawFd> IoSource<S> {
    /// Registers `source` with the reactor of `ex`.
    pub(crate) fn new(ex: &Executor, mut source: S) -> io::Result<IoSource<S>> {
        let reg = Registration::new(ex, &mut source)?;
        Ok(IoSource {
            reg,
            source: RwLock::new(Some(source)),
        })
    }

    /// Creates a closed source on the reactor of `ex` (Asio's default-constructed socket); see
    /// [`IoSource::open`].
    pub(crate) fn closed(ex: &Executor) -> IoSource<S> {
        IoSource {
            reg: Registration::unregistered(ex),
            source: RwLock::new(None),
        }
    }

    /// Puts `source` in a closed `IoSource` and registers it with the reactor.
    ///
    /// # Errors
    ///
    /// `AlreadyExists` if a descriptor is open (Asio's `already_open`), or the reactor's
    /// registration error (the descriptor is then dropped).
    pub(crate) fn open(&self, mut source: S) -> io::Result<()> {
        let mut guard = self.source.write().unwrap_or_else(|e| e.into_inner());
        if guard.is_some() {
            return Err(io::Error::new(
                io::ErrorKind::AlreadyExists,
                "the I/O object is already open",
            ));
        }
        self.reg.register(&mut source)?;
        *guard = Some(source);
        Ok(())
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

    fn read_lock(&self) -> RwLockReadGuard<'_, Option<S>> {
        self.source.read().unwrap_or_else(|e| e.into_inner())
    }

    /// Runs `f` on the open source (synchronous calls such as options and addresses).
    ///
    /// # Errors
    ///
    /// `EBADF` if the object is closed, else whatever `f` returns.
    pub(crate) fn with<R>(&self, f: impl FnOnce(&S) -> io::Result<R>) -> io::Result<R> {
        match &*self.read_lock() {
            Some(s) => f(s),
            None => Err(io::Error::from_raw_os_error(libc::EBADF)),
        }
    }

    /// Returns whether the source is still open.
    pub(crate) fn is_open(&self) -> bool {
        self.read_lock().is_some()
    }

    /// The readiness loop on this source: try `f`, wait for `dir` on `WouldBlock`, retry. A
    /// source closed after the operation started completes it with the aborted error; one
    /// already closed when it started, with `EBADF` (Asio's `bad_descriptor`).
    pub(crate) fn poll_io<R>(
        &self,
        cx: &mut Context<'_>,
        dir: Direction,
        state: &mut IoOpState,
        mut f: impl FnMut(&S) -> io::Result<R>,
    ) -> Poll<io::Result<R>> {
        let guard = self.read_lock();
        let Some(source) = guard.as_ref() else {
            state.release();
            return Poll::Ready(Err(if self.reg.is_cancelled(state) {
                crate::error::aborted()
            } else {
                io::Error::from_raw_os_error(libc::EBADF)
            }));
        };
        let fd: RawFd = source.as_raw_fd();
        self.reg.poll_io(cx, dir, fd, state, || f(source))
    }

    /// Closes the descriptor: deregisters it, aborts pending operations, and returns it.
    /// Closing twice is a no-op. The registration stays, for [`IoSource::open`].
    pub(crate) fn close(&self) -> Option<S> {
        let mut guard = self.source.write().unwrap_or_else(|e| e.into_inner());
        let mut source = guard.take()?;
        self.reg.deregister(&mut source);
        Some(source)
    }
}

impl<S: mio::event::Source + AsRawFd> Drop for IoSource<S> {
    /// Deregisters the descriptor if nobody closed it, so the reactor keeps no stale entry.
    fn drop(&mut self) {
        self.close();
    }
}
