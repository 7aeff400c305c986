//! `DescriptorCore`: the core of every descriptor object (stream descriptors, pipes, serial
//! ports), a registered `OwnedFd` that is given back in the mode it came in.

use std::fmt;
use std::io;
use std::marker::PhantomData;
use std::os::fd::{AsFd, AsRawFd, BorrowedFd, OwnedFd, RawFd};

use super::kind::DescriptorKind;
use crate::executor::Executor;
use crate::io::Core;
use crate::op::io_source::IoSource;
use crate::sys;

/// An adopted descriptor: non-blocking while jeton owns it, and put back in blocking mode
/// when released or closed if that is how it came (its open file description may be shared
/// with other processes: a terminal's stdin, a pipe inherited from a shell).
#[derive(Debug)]
pub(crate) struct Adopted {
    /// `None` only while [`Adopted::into_fd`] takes it out.
    fd: Option<OwnedFd>,
    /// Whether `O_NONBLOCK` was clear when it was adopted.
    was_blocking: bool,
}

impl Adopted {
    /// Adopts `fd`, switching it to non-blocking mode.
    fn new(fd: OwnedFd) -> io::Result<Adopted> {
        let was_blocking = !sys::is_nonblocking(&fd)?;
        sys::set_nonblocking(&fd, true)?;
        Ok(Adopted {
            fd: Some(fd),
            was_blocking,
        })
    }

    /// Gives the descriptor back in the mode it came in.
    fn into_fd(mut self) -> OwnedFd {
        self.restore();
        self.fd.take().expect("present until taken here")
    }

    fn restore(&self) {
        if let (Some(fd), true) = (&self.fd, self.was_blocking) {
            let _ = sys::set_nonblocking(fd, false);
        }
    }
}

impl AsRawFd for Adopted {
    fn as_raw_fd(&self) -> RawFd {
        self.fd.as_ref().map_or(-1, AsRawFd::as_raw_fd)
    }
}

impl AsFd for Adopted {
    fn as_fd(&self) -> BorrowedFd<'_> {
        self.fd.as_ref().expect("present until taken").as_fd()
    }
}

impl Drop for Adopted {
    fn drop(&mut self) {
        self.restore();
    }
}

/// The core of every descriptor object: what it shares with its pending operations.
///
/// `DescriptorCore<K>` is an `OwnedFd` used as kind `K` ([`Duplex`](super::kind::Duplex),
/// [`ReadEnd`](super::kind::ReadEnd), [`WriteEnd`](super::kind::WriteEnd),
/// [`Serial`](super::kind::Serial)), non-blocking while adopted and registered with its
/// context's reactor once. [`StreamDescriptor`](super::StreamDescriptor),
/// [`ReadablePipe`](super::ReadablePipe), [`WritablePipe`](super::WritablePipe) and
/// [`SerialPort`](crate::serial::SerialPort) are [`IoObject`](crate::io::IoObject)s over one.
/// It has no public methods of its own.
pub struct DescriptorCore<K> {
    /// The descriptor, its registration and its cancel epoch.
    src: IoSource<Adopted>,
    kind: PhantomData<fn() -> K>,
}

impl<K: DescriptorKind> DescriptorCore<K> {
    /// Adopts `fd` (switched to non-blocking mode) and registers it with the context of `ex`;
    /// a descriptor the reactor refuses (a regular file) is performed at once.
    pub(crate) fn adopt(ex: &Executor, fd: OwnedFd) -> io::Result<DescriptorCore<K>> {
        Ok(DescriptorCore {
            src: IoSource::new_descriptor(ex, Adopted::new(fd)?)?,
            kind: PhantomData,
        })
    }

    /// Returns the registered descriptor, for the readiness loop of operations.
    pub(crate) fn source(&self) -> &IoSource<Adopted> {
        &self.src
    }

    /// Closes the object and returns its descriptor in the mode it came in (Asio's
    /// `release`), or `None` if it was closed.
    pub(crate) fn take(&self) -> Option<OwnedFd> {
        self.src.close().map(Adopted::into_fd)
    }
}

impl<K: DescriptorKind> Core for DescriptorCore<K> {
    fn executor(&self) -> &Executor {
        self.src.executor()
    }

    fn cancel(&self) {
        self.src.cancel();
    }

    fn close(&self) {
        drop(self.src.close());
    }

    fn is_open(&self) -> bool {
        self.src.is_open()
    }
}

impl<K> fmt::Debug for DescriptorCore<K> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("DescriptorCore")
            .field("kind", &std::any::type_name::<K>())
            .field("src", &self.src)
            .finish()
    }
}
