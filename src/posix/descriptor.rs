//! The surface every descriptor object has, whatever its kind, written once: adopting an
//! `OwnedFd`, giving it back, its raw number, and Asio's user non-blocking mode. The stream
//! surface and `async_wait` come from [`IoObject`].

use std::io;
use std::os::fd::{AsRawFd, OwnedFd, RawFd};

use super::descriptor_core::DescriptorCore;
use super::kind::{DescriptorKind, Duplex};
use crate::executor::Executor;
use crate::io::{IoObject, Owner, Ownership};

/// A stream-oriented descriptor (Asio's `posix::stream_descriptor`): any `OwnedFd` that
/// reads and writes, such as a tty, stdin or stdout, an eventfd, a socket made elsewhere.
///
/// It is an [`IoObject`] over a [`DescriptorCore`], so it has the whole stream surface
/// (`async_read_some`, `read_some`, `async_write_some`, `write_some`, vectored writes, every
/// composed operation of [`crate::io`], `std::io` and `futures::io`), `async_wait` and
/// `wait` for readiness, `cancel`, `close`, `handle`; and, from this module, `new`,
/// `release`, `native_handle`, `set_non_blocking`.
///
/// The descriptor is switched to non-blocking mode while the object owns it, and put back in
/// blocking mode when it is released, closed or dropped if that is how it came: its open file
/// description may be shared (a terminal's stdin with the shell).
///
/// # Regular files
///
/// The reactor (epoll) refuses regular files (and `/dev/null`) with `EPERM`. They are
/// accepted anyway, as Asio accepts them: their reads and writes never wait, so every
/// operation on them is performed at once (in every token style, still never inside the
/// initiating call for a closure), read and write waits complete at once, and an error wait
/// fails with `Unsupported`. Reading a file from start to end works; for positioned or
/// random-access I/O, use a file type (`std::fs::File`).
///
/// # Thread safety
///
/// Distinct objects: safe. Shared objects: safe (every method takes `&self`).
///
/// # Examples
///
/// The Boost book's example: write a greeting to standard output, then finish the line in
/// the handler.
///
/// ```
/// use jeton::posix::StreamDescriptor;
/// use jeton::{io, IoContext};
/// use std::os::fd::AsFd;
///
/// let ctx = IoContext::new()?;
/// let stdout = std::io::stdout().as_fd().try_clone_to_owned()?;
/// let stream = StreamDescriptor::new(&ctx.executor(), stdout)?;
/// io::async_write(stream.handle(), "Hello", |r: std::io::Result<usize>| {
///     r.unwrap();
///     println!(", world!");
/// });
/// ctx.run();
/// # Ok::<(), std::io::Error>(())
/// ```
pub type StreamDescriptor<O = Owner> = IoObject<DescriptorCore<Duplex>, O>;

impl<K: DescriptorKind> IoObject<DescriptorCore<K>, Owner> {
    /// Creates the object that owns `fd` (Asio's `assign`), registered with the context of
    /// `ex`. `fd` is switched to non-blocking mode; see the type's docs for regular files.
    ///
    /// # Errors
    ///
    /// Fails if the mode cannot be read or set, or the reactor refuses the descriptor for
    /// another reason than `EPERM`.
    ///
    /// # Examples
    ///
    /// ```
    /// use jeton::posix::StreamDescriptor;
    /// use jeton::IoContext;
    /// use std::os::unix::net::UnixStream;
    ///
    /// let io = IoContext::new()?;
    /// let (a, b) = UnixStream::pair()?;
    /// let a = StreamDescriptor::new(&io.executor(), a.into())?;
    /// let b = StreamDescriptor::new(&io.executor(), b.into())?;
    /// a.write_some(b"ping")?;
    /// let mut buf = [0u8; 4];
    /// assert_eq!(b.read_some(&mut buf)?, 4);
    /// # Ok::<(), std::io::Error>(())
    /// ```
    pub fn new(ex: &Executor, fd: OwnedFd) -> io::Result<Self> {
        Ok(IoObject::from_core(DescriptorCore::adopt(ex, fd)?))
    }
}

impl<K: DescriptorKind, O: Ownership> IoObject<DescriptorCore<K>, O> {
    /// Takes the descriptor out of the object without closing it (Asio's `release`):
    /// pending operations complete with [`error::aborted`](crate::error::aborted), the object
    /// is closed, and the caller owns the descriptor again, in the blocking mode it came in.
    ///
    /// # Errors
    ///
    /// [`error::bad_descriptor`](crate::error::bad_descriptor) if the object is closed.
    ///
    /// # Examples
    ///
    /// ```
    /// use jeton::posix::connect_pipe;
    /// use jeton::IoContext;
    /// use std::io::Read;
    ///
    /// let io = IoContext::new()?;
    /// let (r, w) = connect_pipe(&io.executor())?;
    /// w.write_some(b"still open")?;
    /// let mut file = std::fs::File::from(r.release()?);
    /// assert!(!r.is_open());
    /// drop(w);
    /// let mut text = String::new();
    /// file.read_to_string(&mut text)?;
    /// assert_eq!(text, "still open");
    /// # Ok::<(), std::io::Error>(())
    /// ```
    pub fn release(&self) -> io::Result<OwnedFd> {
        self.core().take().ok_or_else(crate::error::bad_descriptor)
    }

    /// Returns the descriptor's number (Asio's `native_handle`). The object still owns it:
    /// use it for system calls jeton does not make, not to close it.
    ///
    /// # Errors
    ///
    /// [`error::bad_descriptor`](crate::error::bad_descriptor) if the object is closed.
    ///
    /// # Examples
    ///
    /// ```
    /// use jeton::posix::connect_pipe;
    /// use jeton::IoContext;
    ///
    /// let io = IoContext::new()?;
    /// let (r, w) = connect_pipe(&io.executor())?;
    /// assert_ne!(r.native_handle()?, w.native_handle()?);
    /// # Ok::<(), std::io::Error>(())
    /// ```
    pub fn native_handle(&self) -> io::Result<RawFd> {
        self.core().source().with(|d| Ok(d.as_raw_fd()))
    }

    /// Sets Asio's user non-blocking mode: when on, synchronous calls (`read_some`,
    /// `write_some`, `std::io::{Read, Write}`, the [`Blocking`](crate::Blocking) token) return
    /// `WouldBlock` instead of waiting. Asynchronous operations are not affected; the
    /// descriptor itself is non-blocking either way.
    ///
    /// # Examples
    ///
    /// ```
    /// use jeton::posix::connect_pipe;
    /// use jeton::IoContext;
    ///
    /// let io = IoContext::new()?;
    /// let (r, _w) = connect_pipe(&io.executor())?;
    /// r.set_non_blocking(true);
    /// assert!(r.non_blocking());
    /// let e = r.read_some(&mut [0u8; 8]).unwrap_err();
    /// assert_eq!(e.kind(), std::io::ErrorKind::WouldBlock);
    /// # Ok::<(), std::io::Error>(())
    /// ```
    pub fn set_non_blocking(&self, on: bool) {
        self.core().source().set_non_blocking(on);
    }

    /// Returns whether the user non-blocking mode is on (see
    /// [`set_non_blocking`](IoObject::set_non_blocking)).
    ///
    /// # Examples
    ///
    /// ```
    /// use jeton::posix::connect_pipe;
    /// use jeton::IoContext;
    ///
    /// let io = IoContext::new()?;
    /// let (r, _w) = connect_pipe(&io.executor())?;
    /// assert!(!r.non_blocking());
    /// # Ok::<(), std::io::Error>(())
    /// ```
    pub fn non_blocking(&self) -> bool {
        self.core().source().non_blocking()
    }
}
