//! `UnixDatagram`: a Unix domain datagram socket.

use std::io;
use std::net::Shutdown;
use std::path::Path;
use std::sync::Arc;

use super::SocketAddr;
use crate::executor::Executor;
use crate::io::{IoBuf, IoBufMut};
use crate::net::datagram::{self, AnySender, Connected, RecvCall, SendCall};
use crate::net::SocketOp;
use crate::op::io_source::IoSource;
use crate::tokens::{Blocking, CompletionToken};

/// The registered descriptor shared by a socket and its pending operations.
type Source = IoSource<mio::net::UnixDatagram>;

/// A Unix domain datagram socket (Asio's `local::datagram_protocol::socket`).
///
/// Made bound to a path ([`bind`](UnixDatagram::bind)), unbound
/// ([`unbound`](UnixDatagram::unbound)), or as a connected pair ([`pair`](UnixDatagram::pair)).
/// Each operation sends or receives exactly one datagram; a zero-length datagram is a
/// datagram. Datagrams are reliable and ordered, but a send may wait while the receiver's
/// queue is full.
///
/// # Cancellation
///
/// [`cancel`](UnixDatagram::cancel), [`close`](UnixDatagram::close) and dropping the socket
/// complete pending operations with [`error::aborted`](crate::error::aborted) (G3).
///
/// # Thread safety
///
/// Distinct objects: safe. Shared objects: safe (`Send + Sync`).
///
/// # Examples
///
/// ```
/// use jeton::net::UnixDatagram;
/// use jeton::IoContext;
///
/// let io = IoContext::new()?;
/// let (a, b) = UnixDatagram::pair(&io.executor())?;
/// a.send(b"one")?;
/// let mut buf = [0u8; 8];
/// assert_eq!(b.recv(&mut buf)?, 3);
/// # Ok::<(), std::io::Error>(())
/// ```
#[derive(Debug)]
pub struct UnixDatagram {
    io: Arc<Source>,
}

impl UnixDatagram {
    /// Creates a socket bound to `path`, registered with the context of `ex`.
    ///
    /// # Errors
    ///
    /// `AddrInUse` if `path` exists, or what `bind(2)` reports.
    pub fn bind(ex: &Executor, path: impl AsRef<Path>) -> io::Result<UnixDatagram> {
        UnixDatagram::from_mio(ex, mio::net::UnixDatagram::bind(path)?)
    }

    /// Creates a socket bound to no address (it can send, and receive replies only once
    /// connected or as part of a pair).
    ///
    /// # Errors
    ///
    /// What `socket(2)` reports.
    pub fn unbound(ex: &Executor) -> io::Result<UnixDatagram> {
        UnixDatagram::from_mio(ex, mio::net::UnixDatagram::unbound()?)
    }

    /// Makes a pair of connected sockets (`socketpair(2)`).
    ///
    /// # Errors
    ///
    /// What `socketpair(2)` reports.
    pub fn pair(ex: &Executor) -> io::Result<(UnixDatagram, UnixDatagram)> {
        let (a, b) = mio::net::UnixDatagram::pair()?;
        Ok((
            UnixDatagram::from_mio(ex, a)?,
            UnixDatagram::from_mio(ex, b)?,
        ))
    }

    /// Wraps a standard socket, registered with the context of `ex`. The socket is made
    /// non-blocking.
    ///
    /// # Errors
    ///
    /// If the socket cannot be made non-blocking or registered.
    pub fn from_std(
        ex: &Executor,
        socket: std::os::unix::net::UnixDatagram,
    ) -> io::Result<UnixDatagram> {
        socket.set_nonblocking(true)?;
        UnixDatagram::from_mio(ex, mio::net::UnixDatagram::from_std(socket))
    }

    fn from_mio(ex: &Executor, s: mio::net::UnixDatagram) -> io::Result<UnixDatagram> {
        Ok(UnixDatagram {
            io: Arc::new(IoSource::new(ex, s)?),
        })
    }

    /// Returns the executor of the socket's context.
    pub fn executor(&self) -> Executor {
        self.io.executor().clone()
    }

    /// Returns the address the socket is bound to.
    ///
    /// # Errors
    ///
    /// `EBADF` once closed.
    pub fn local_addr(&self) -> io::Result<SocketAddr> {
        self.io.with(|s| s.local_addr())
    }

    /// Returns the address the socket is connected to.
    ///
    /// # Errors
    ///
    /// `ENOTCONN` if not connected; `EBADF` once closed.
    pub fn peer_addr(&self) -> io::Result<SocketAddr> {
        self.io.with(|s| s.peer_addr())
    }

    /// Sets the default destination to `path` and receives only from it: then
    /// [`send`](UnixDatagram::send) and [`recv`](UnixDatagram::recv) work. Completes at once.
    ///
    /// # Errors
    ///
    /// `ENOENT` if nothing is bound at `path`; `EBADF` once closed.
    pub fn connect(&self, path: impl AsRef<Path>) -> io::Result<()> {
        self.io.with(|s| s.connect(path))
    }

    /// Shuts down the read half, the write half, or both.
    ///
    /// # Errors
    ///
    /// `EBADF` once closed.
    pub fn shutdown(&self, how: Shutdown) -> io::Result<()> {
        self.io.with(|s| s.shutdown(how))
    }

    /// Returns and clears the pending socket error (`SO_ERROR`).
    ///
    /// # Errors
    ///
    /// `EBADF` once closed.
    pub fn take_error(&self) -> io::Result<Option<io::Error>> {
        self.io.with(|s| s.take_error())
    }

    /// Sends one datagram from `buf` to the socket bound at `path`.
    ///
    /// Equivalent to: `async fn async_send_to(&self, buf: &[u8], path) -> io::Result<usize>`
    /// (with an owned buffer: `-> (io::Result<usize>, Vec<u8>)`). `path` is anything that is
    /// a `Path` (`&'static str`, `PathBuf`, `Arc<Path>`, ...); it is kept, not copied.
    ///
    /// - closure: called with the result on a thread running the context;
    /// - [`UseFuture`](crate::UseFuture): returns an [`UnixSendTo`] future;
    /// - [`Blocking`]: sends on the calling thread and returns the result.
    ///
    /// The handler is never called from inside this function (G2).
    ///
    /// # Cancellation
    ///
    /// `cancel()`, `close()` or dropping the socket complete it with
    /// [`error::aborted`](crate::error::aborted); dropping the future withdraws it.
    pub fn async_send_to<B, P, T>(&self, buf: B, path: P, token: T) -> T::Output
    where
        B: IoBuf + Unpin,
        P: AsRef<Path> + Send + Unpin,
        T: CompletionToken<UnixSendTo<B, P>>,
    {
        token.launch(datagram::send(&self.io, buf, path))
    }

    /// Sends one datagram to `path` on the calling thread (`async_send_to(buf, path,
    /// Blocking)`).
    ///
    /// # Errors
    ///
    /// `ENOENT` if nothing is bound at `path`, `ECONNREFUSED` if its socket is closed, or the
    /// aborted error if cancelled from another thread.
    pub fn send_to(&self, buf: &[u8], path: impl AsRef<Path>) -> io::Result<usize> {
        self.async_send_to(buf, path.as_ref(), Blocking)
    }

    /// Receives one datagram into `buf`.
    ///
    /// Equivalent to: `async fn async_recv_from(&self, buf: &mut [u8]) -> io::Result<(usize,
    /// SocketAddr)>` (with an owned buffer: `-> (io::Result<(usize, SocketAddr)>,
    /// Vec<u8>)`). A datagram longer than `buf` is truncated. Tokens as for
    /// [`async_send_to`](UnixDatagram::async_send_to); returns an [`UnixRecvFrom`] future with
    /// [`UseFuture`](crate::UseFuture). The handler is never called from inside this function
    /// (G2).
    ///
    /// # Cancellation
    ///
    /// As for [`async_send_to`](UnixDatagram::async_send_to).
    pub fn async_recv_from<B, T>(&self, buf: B, token: T) -> T::Output
    where
        B: IoBufMut + Unpin,
        T: CompletionToken<UnixRecvFrom<B>>,
    {
        token.launch(datagram::recv(&self.io, buf, AnySender))
    }

    /// Receives one datagram on the calling thread (`async_recv_from(buf, Blocking)`).
    ///
    /// # Errors
    ///
    /// What `recvfrom(2)` reports, or the aborted error if cancelled from another thread.
    pub fn recv_from(&self, buf: &mut [u8]) -> io::Result<(usize, SocketAddr)> {
        self.async_recv_from(buf, Blocking)
    }

    /// Sends one datagram to the connected peer.
    ///
    /// Equivalent to: `async fn async_send(&self, buf: &[u8]) -> io::Result<usize>` (with an
    /// owned buffer: `-> (io::Result<usize>, Vec<u8>)`). Returns an [`UnixSend`] future with
    /// [`UseFuture`](crate::UseFuture). The handler is never called from inside this function
    /// (G2).
    ///
    /// # Errors
    ///
    /// `ENOTCONN` if not connected.
    ///
    /// # Cancellation
    ///
    /// As for [`async_send_to`](UnixDatagram::async_send_to).
    pub fn async_send<B, T>(&self, buf: B, token: T) -> T::Output
    where
        B: IoBuf + Unpin,
        T: CompletionToken<UnixSend<B>>,
    {
        token.launch(datagram::send(&self.io, buf, Connected))
    }

    /// Sends one datagram to the connected peer on the calling thread.
    ///
    /// # Errors
    ///
    /// As for [`async_send`](UnixDatagram::async_send).
    pub fn send(&self, buf: &[u8]) -> io::Result<usize> {
        self.async_send(buf, Blocking)
    }

    /// Receives one datagram from the connected peer.
    ///
    /// Equivalent to: `async fn async_recv(&self, buf: &mut [u8]) -> io::Result<usize>` (with
    /// an owned buffer: `-> (io::Result<usize>, Vec<u8>)`). Returns an [`UnixRecv`] future
    /// with [`UseFuture`](crate::UseFuture). The handler is never called from inside this
    /// function (G2).
    ///
    /// # Cancellation
    ///
    /// As for [`async_send_to`](UnixDatagram::async_send_to).
    pub fn async_recv<B, T>(&self, buf: B, token: T) -> T::Output
    where
        B: IoBufMut + Unpin,
        T: CompletionToken<UnixRecv<B>>,
    {
        token.launch(datagram::recv(&self.io, buf, Connected))
    }

    /// Receives one datagram from the connected peer on the calling thread.
    ///
    /// # Errors
    ///
    /// What `recv(2)` reports, or the aborted error if cancelled from another thread.
    pub fn recv(&self, buf: &mut [u8]) -> io::Result<usize> {
        self.async_recv(buf, Blocking)
    }

    /// Completes every pending operation on the socket with
    /// [`error::aborted`](crate::error::aborted). The socket stays open.
    pub fn cancel(&self) {
        self.io.cancel();
    }

    /// Closes the socket: pending operations complete with
    /// [`error::aborted`](crate::error::aborted), later ones fail. The socket file (if
    /// bound) stays.
    pub fn close(&self) {
        drop(self.io.close());
    }

    /// Returns whether the socket is open (not yet closed).
    pub fn is_open(&self) -> bool {
        self.io.is_open()
    }
}

impl Drop for UnixDatagram {
    fn drop(&mut self) {
        self.close();
    }
}

/// The operation behind [`UnixDatagram::async_send_to`]; completes with
/// `B::Completion<usize>`.
pub type UnixSendTo<B, P> = SocketOp<SendCall<mio::net::UnixDatagram, B, P>>;

/// The operation behind [`UnixDatagram::async_recv_from`]; completes with
/// `B::Completion<(usize, SocketAddr)>`.
pub type UnixRecvFrom<B> = SocketOp<RecvCall<mio::net::UnixDatagram, B, AnySender>>;

/// The operation behind [`UnixDatagram::async_send`]; completes with
/// `B::Completion<usize>`.
pub type UnixSend<B> = SocketOp<SendCall<mio::net::UnixDatagram, B, Connected>>;

/// The operation behind [`UnixDatagram::async_recv`]; completes with
/// `B::Completion<usize>`.
pub type UnixRecv<B> = SocketOp<RecvCall<mio::net::UnixDatagram, B, Connected>>;
