//! `TcpSocket`: a TCP stream socket (Asio's `ip::tcp::socket`).

use std::io::{self, IoSlice};
use std::net::{Shutdown, SocketAddr};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use super::socket_options::with_sock;
use super::tcp_connect::Connect;
use super::tcp_stream::{FioState, TcpStreamRef};
use super::IpFamily;
use crate::executor::Executor;
use crate::io::{IoBuf, IoBufMut, IoBufs, IoSlices, ReadSome, WriteSome, WriteSomeVectored};
use crate::op::io_source::IoSource;
use crate::sys::bytes_readable;
use crate::tokens::{Blocking, CompletionToken};

/// The registered descriptor of a TCP socket, shared by the socket and its operations.
pub(crate) type StreamSource = IoSource<mio::net::TcpStream>;

/// A TCP stream socket (Asio's `ip::tcp::socket`).
///
/// Made closed by [`new`](TcpSocket::new) (then opened by [`open`](TcpSocket::open) or by
/// [`connect`](TcpSocket::connect)), or connected by
/// [`TcpAcceptor::accept`](super::TcpAcceptor::accept). Every asynchronous operation takes a
/// completion token: a closure, [`UseFuture`](crate::UseFuture), [`Blocking`], or an adapter.
/// Each `async_` function has a synchronous twin without the prefix.
///
/// The descriptor is registered with the context's reactor once and is always non-blocking
/// underneath. Operations hold a shared handle to it ([`TcpStreamRef`]), so they are `'static`
/// and work with closure tokens without wrapping the socket in an `Arc`. One read and one write
/// may be pending at once (full duplex, G12).
///
/// The socket is also a stream for composed operations (`AsyncReadStream`/`AsyncWriteStream`,
/// through `&TcpSocket`, `Arc<TcpSocket>` or [`TcpSocket::handle`]), implements
/// `std::io::{Read, Write}` (blocking) and `futures::io::{AsyncRead, AsyncWrite}`.
///
/// Dropping the socket closes it: pending operations complete with
/// [`error::aborted`](crate::error::aborted) (G3).
///
/// # Thread safety
///
/// Distinct objects: safe. Shared objects: safe (unlike Asio's, every method takes `&self` and
/// may be called from any thread; `close` waits for a system call in progress on the socket).
///
/// # Examples
///
/// An echo round trip on loopback, with blocking calls (no thread runs the context):
///
/// ```
/// use jeton::net::{TcpAcceptor, TcpSocket};
/// use jeton::IoContext;
///
/// let io = IoContext::new()?;
/// let acceptor = TcpAcceptor::bind(&io.executor(), "127.0.0.1:0".parse().unwrap())?;
/// let client = TcpSocket::new(&io.executor());
/// client.connect(acceptor.local_addr()?)?;
/// let (server, peer) = acceptor.accept()?;
/// assert_eq!(peer, client.local_addr()?);
///
/// client.write_some(b"ping")?;
/// let mut buf = [0u8; 4];
/// let n = server.read_some(&mut buf)?;
/// assert_eq!(&buf[..n], b"ping");
/// # Ok::<(), std::io::Error>(())
/// ```
#[derive(Debug)]
pub struct TcpSocket {
    /// The descriptor; cloned into every operation. Replaced descriptors (`close` then `open`)
    /// stay under this one `IoSource`, so no lock guards this field.
    pub(super) src: Arc<StreamSource>,
    /// The operation states of the `futures::io` impls. Locked by the impls on `&TcpSocket`;
    /// the impls on `TcpSocket` reach it through `&mut self` without locking.
    pub(super) fio: Mutex<FioState>,
}

impl TcpSocket {
    /// Creates a closed socket on the context of `ex` (Asio's default-constructed socket).
    ///
    /// Open it with [`open`](TcpSocket::open), or let [`connect`](TcpSocket::connect) open it.
    pub fn new(ex: &Executor) -> TcpSocket {
        TcpSocket::from_source(Arc::new(IoSource::closed(ex)))
    }

    /// Creates a socket that owns `stream` (Asio's `assign`), registered with the context of
    /// `ex`. The stream is switched to non-blocking mode.
    ///
    /// # Errors
    ///
    /// Fails if the mode cannot be set or the reactor refuses the descriptor.
    pub fn from_std(ex: &Executor, stream: std::net::TcpStream) -> io::Result<TcpSocket> {
        stream.set_nonblocking(true)?;
        TcpSocket::from_mio(ex, mio::net::TcpStream::from_std(stream))
    }

    /// Creates a socket that owns the open, non-blocking `stream` (an accepted connection).
    pub(crate) fn from_mio(ex: &Executor, stream: mio::net::TcpStream) -> io::Result<TcpSocket> {
        Ok(TcpSocket::from_source(Arc::new(IoSource::new(ex, stream)?)))
    }

    fn from_source(src: Arc<StreamSource>) -> TcpSocket {
        TcpSocket {
            src,
            fio: Mutex::new(FioState::default()),
        }
    }

    /// Returns the executor of the socket's context (Asio's `get_executor`).
    pub fn executor(&self) -> Executor {
        self.src.executor().clone()
    }

    /// Returns a shared handle to this socket, for operations that must own their stream
    /// (composed operations with a closure token, timeouts that close the socket).
    ///
    /// The handle refers to the socket; it does not keep it open: once the socket is closed or
    /// dropped, operations through the handle fail ([`error::aborted`](crate::error::aborted)
    /// for those pending, `EBADF` for new ones).
    pub fn handle(&self) -> TcpStreamRef {
        TcpStreamRef::new(self.src.clone())
    }

    /// Opens the socket for `family`, unconnected.
    ///
    /// # Errors
    ///
    /// `AlreadyExists` if the socket is open (Asio's `already_open`), or the system's error.
    pub fn open(&self, family: IpFamily) -> io::Result<()> {
        open_source(&self.src, family)
    }

    /// Returns whether the socket is open.
    pub fn is_open(&self) -> bool {
        self.src.is_open()
    }

    /// Closes the socket. Pending operations complete with
    /// [`error::aborted`](crate::error::aborted); later ones fail with `EBADF`. Closing a
    /// closed socket does nothing. The socket may be opened again.
    pub fn close(&self) {
        self.src.close();
    }

    /// Completes every pending operation on the socket with
    /// [`error::aborted`](crate::error::aborted). The socket stays open; operations started
    /// afterwards are not affected.
    pub fn cancel(&self) {
        self.src.cancel();
    }

    /// Binds the open socket to the local address `addr` (Asio's `bind`), e.g. to choose the
    /// local port of a connection.
    ///
    /// # Errors
    ///
    /// `EBADF` if the socket is closed (open it first), or the system's error, e.g.
    /// `AddrInUse`.
    pub fn bind(&self, addr: SocketAddr) -> io::Result<()> {
        with_sock(&self.src, |s| s.bind(&addr.into()))
    }

    /// Connects the socket to `addr`, opening it first if it is closed.
    ///
    /// Equivalent to: `async fn async_connect(&self, addr: SocketAddr) -> io::Result<()>`.
    ///
    /// The connection is started with a non-blocking `connect(2)`; the operation then waits
    /// until the socket is writable and reads the outcome (`SO_ERROR`).
    ///
    /// - closure: called with the result on a thread running the context;
    /// - [`UseFuture`](crate::UseFuture): returns a [`Connect`] future (which opens the socket
    ///   and starts connecting when first polled);
    /// - [`Blocking`]: waits on the calling thread and returns the result.
    ///
    /// The handler is never called from inside this function, even when the connection is
    /// established at once (G2).
    ///
    /// # Errors
    ///
    /// The system's error, e.g. `ConnectionRefused` when nothing listens at `addr`.
    ///
    /// # Cancellation
    ///
    /// [`cancel`](TcpSocket::cancel), [`close`](TcpSocket::close) or dropping the socket
    /// completes it with [`error::aborted`](crate::error::aborted); dropping the future
    /// withdraws it (the socket is left open, unconnected or connecting).
    ///
    /// # Examples
    ///
    /// ```
    /// use jeton::net::{TcpAcceptor, TcpSocket};
    /// use jeton::IoContext;
    ///
    /// let io = IoContext::new()?;
    /// let acceptor = TcpAcceptor::bind(&io.executor(), "127.0.0.1:0".parse().unwrap())?;
    /// let sock = TcpSocket::new(&io.executor());
    /// sock.async_connect(acceptor.local_addr()?, |r: std::io::Result<()>| r.unwrap());
    /// io.run();
    /// assert!(sock.peer_addr().is_ok());
    /// # Ok::<(), std::io::Error>(())
    /// ```
    pub fn async_connect<T: CompletionToken<Connect>>(
        &self,
        addr: SocketAddr,
        token: T,
    ) -> T::Output {
        token.launch(Connect::new(self.src.clone(), addr))
    }

    /// Connects the socket to `addr` on the calling thread (`async_connect(addr, Blocking)`),
    /// opening it first if it is closed.
    ///
    /// # Errors
    ///
    /// As [`async_connect`](TcpSocket::async_connect).
    pub fn connect(&self, addr: SocketAddr) -> io::Result<()> {
        self.async_connect(addr, Blocking)
    }

    /// Reads some bytes into `buf`.
    ///
    /// Equivalent to: `async fn async_read_some(&self, buf: &mut [u8]) -> io::Result<usize>`
    /// (with an owned buffer: `-> (io::Result<usize>, Vec<u8>)`).
    ///
    /// Completes with the number of bytes read: at least 1, or 0 when the peer has shut down
    /// its sending side (end of stream) or when `buf` is empty (then at once, without waiting
    /// for data, G11). Composed reads turn 0 into [`error::eof`](crate::error::eof).
    ///
    /// - closure (owned buffers, `Vec<u8>` or `Box<[u8]>`): called with `(result, buf)` on a
    ///   thread running the context;
    /// - [`UseFuture`](crate::UseFuture): returns a [`ReadSome`] future;
    /// - [`Blocking`]: waits on the calling thread and returns the result.
    ///
    /// The handler is never called from inside this function, even when data is already
    /// there (G2).
    ///
    /// # Errors
    ///
    /// The system's error (e.g. `ConnectionReset`), or `EBADF` if the socket is closed.
    ///
    /// # Cancellation
    ///
    /// [`cancel`](TcpSocket::cancel), [`close`](TcpSocket::close) or dropping the socket
    /// completes it with [`error::aborted`](crate::error::aborted); dropping the future
    /// withdraws it and no bytes are lost.
    ///
    /// # Examples
    ///
    /// ```
    /// use jeton::net::{TcpAcceptor, TcpSocket};
    /// use jeton::IoContext;
    ///
    /// let io = IoContext::new()?;
    /// let acceptor = TcpAcceptor::bind(&io.executor(), "127.0.0.1:0".parse().unwrap())?;
    /// let client = TcpSocket::new(&io.executor());
    /// client.connect(acceptor.local_addr()?)?;
    /// let (server, _) = acceptor.accept()?;
    /// server.write_some(b"hello")?;
    ///
    /// client.async_read_some(vec![0u8; 16], |(r, buf): (std::io::Result<usize>, Vec<u8>)| {
    ///     let n = r.unwrap();
    ///     assert_eq!(&buf[..n], b"hello");
    /// });
    /// io.run();
    /// # Ok::<(), std::io::Error>(())
    /// ```
    pub fn async_read_some<B, T>(&self, buf: B, token: T) -> T::Output
    where
        B: IoBufMut + Unpin,
        T: CompletionToken<ReadSome<TcpStreamRef, B>>,
    {
        token.launch(ReadSome::new(self.handle(), buf))
    }

    /// Reads some bytes into `buf` on the calling thread (`async_read_some(buf, Blocking)`).
    ///
    /// In non-blocking mode ([`set_non_blocking`](TcpSocket::set_non_blocking)) it returns
    /// `WouldBlock` instead of waiting.
    ///
    /// # Errors
    ///
    /// As [`async_read_some`](TcpSocket::async_read_some).
    pub fn read_some(&self, buf: &mut [u8]) -> io::Result<usize> {
        crate::io::async_read_some(self, buf, Blocking)
    }

    /// Writes some bytes of `buf`.
    ///
    /// Equivalent to: `async fn async_write_some(&self, buf: &[u8]) -> io::Result<usize>`
    /// (with an owned buffer: `-> (io::Result<usize>, Vec<u8>)`).
    ///
    /// Completes with the number of bytes written, which may be fewer than `buf.len()`; an
    /// empty `buf` completes at once with 0 (G11).
    ///
    /// - closure (owned buffers, `Vec<u8>`, `Box<[u8]>` or `&'static str`): called with the
    ///   result on a thread running the context;
    /// - [`UseFuture`](crate::UseFuture): returns a [`WriteSome`] future;
    /// - [`Blocking`]: waits on the calling thread and returns the result.
    ///
    /// The handler is never called from inside this function (G2).
    ///
    /// # Errors
    ///
    /// The system's error (e.g. `BrokenPipe` after the peer closed), or `EBADF` if the socket
    /// is closed.
    ///
    /// # Cancellation
    ///
    /// [`cancel`](TcpSocket::cancel), [`close`](TcpSocket::close) or dropping the socket
    /// completes it with [`error::aborted`](crate::error::aborted); dropping the future
    /// withdraws it.
    ///
    /// # Examples
    ///
    /// ```
    /// use jeton::net::{TcpAcceptor, TcpSocket};
    /// use jeton::{IoContext, UseFuture};
    ///
    /// let io = IoContext::new()?;
    /// let acceptor = TcpAcceptor::bind(&io.executor(), "127.0.0.1:0".parse().unwrap())?;
    /// let client = TcpSocket::new(&io.executor());
    /// client.connect(acceptor.local_addr()?)?;
    /// let (server, _) = acceptor.accept()?;
    ///
    /// let n = io.block_on(client.async_write_some(&b"hello"[..], UseFuture))?;
    /// let mut buf = [0u8; 5];
    /// assert_eq!(server.read_some(&mut buf[..n])?, n);
    /// # Ok::<(), std::io::Error>(())
    /// ```
    pub fn async_write_some<B, T>(&self, buf: B, token: T) -> T::Output
    where
        B: IoBuf + Unpin,
        T: CompletionToken<WriteSome<TcpStreamRef, B>>,
    {
        token.launch(WriteSome::new(self.handle(), buf))
    }

    /// Writes some bytes of `buf` on the calling thread (`async_write_some(buf, Blocking)`).
    ///
    /// In non-blocking mode ([`set_non_blocking`](TcpSocket::set_non_blocking)) it returns
    /// `WouldBlock` instead of waiting.
    ///
    /// # Errors
    ///
    /// As [`async_write_some`](TcpSocket::async_write_some).
    pub fn write_some(&self, buf: &[u8]) -> io::Result<usize> {
        crate::io::async_write_some(self, buf, Blocking)
    }

    /// Writes some bytes from several buffers with one gather write (`writev(2)`).
    ///
    /// Equivalent to: `async fn async_write_vectored(&self, bufs: &[&[u8]]) ->
    /// io::Result<usize>` (with owned buffers: `Vec<Vec<u8>>` in, `(io::Result<usize>,
    /// Vec<Vec<u8>>)` out). This is [`io::async_write_some_vectored`] on this socket.
    ///
    /// [`io::async_write_some_vectored`]: crate::io::async_write_some_vectored
    ///
    /// Completes with the number of bytes written, taken from the buffers in order, which may
    /// be fewer than their total; buffers that are all empty complete at once with 0.
    ///
    /// - closure (owned buffers): called with `(result, bufs)` on a thread running the context;
    /// - [`UseFuture`](crate::UseFuture): returns a [`WriteSomeVectored`] future;
    /// - [`Blocking`]: waits on the calling thread and returns the result.
    ///
    /// The handler is never called from inside this function (G2).
    ///
    /// # Errors
    ///
    /// As [`async_write_some`](TcpSocket::async_write_some).
    ///
    /// # Cancellation
    ///
    /// As [`async_write_some`](TcpSocket::async_write_some).
    ///
    /// # Examples
    ///
    /// ```
    /// use jeton::net::{TcpAcceptor, TcpSocket};
    /// use jeton::{Blocking, IoContext};
    ///
    /// let io = IoContext::new()?;
    /// let acceptor = TcpAcceptor::bind(&io.executor(), "127.0.0.1:0".parse().unwrap())?;
    /// let client = TcpSocket::new(&io.executor());
    /// client.connect(acceptor.local_addr()?)?;
    /// let (server, _) = acceptor.accept()?;
    ///
    /// let n = client.async_write_vectored(&[&b"ab"[..], &b"cd"[..]][..], Blocking)?;
    /// assert_eq!(n, 4);
    /// let mut buf = [0u8; 4];
    /// let mut got = 0;
    /// while got < 4 {
    ///     got += server.read_some(&mut buf[got..])?;
    /// }
    /// assert_eq!(&buf, b"abcd");
    /// # Ok::<(), std::io::Error>(())
    /// ```
    pub fn async_write_vectored<B, T>(&self, bufs: B, token: T) -> T::Output
    where
        B: IoBufs + Unpin,
        T: CompletionToken<WriteSomeVectored<TcpStreamRef, B>>,
    {
        token.launch(WriteSomeVectored::new(self.handle(), bufs))
    }

    /// Writes some bytes from several buffers on the calling thread
    /// (`async_write_vectored(bufs, Blocking)`).
    ///
    /// In non-blocking mode ([`set_non_blocking`](TcpSocket::set_non_blocking)) it returns
    /// `WouldBlock` instead of waiting.
    ///
    /// # Errors
    ///
    /// As [`async_write_some`](TcpSocket::async_write_some).
    pub fn write_vectored(&self, bufs: &[IoSlice<'_>]) -> io::Result<usize> {
        Blocking.launch(WriteSomeVectored::new(self, IoSlices(bufs)))
    }

    /// Shuts down the reading side, the writing side, or both (Asio's `shutdown`). After
    /// `Shutdown::Write` the peer reads end of stream.
    ///
    /// # Errors
    ///
    /// `NotConnected` if the socket is not connected, `EBADF` if it is closed.
    pub fn shutdown(&self, how: Shutdown) -> io::Result<()> {
        self.src.with(|s| s.shutdown(how))
    }

    /// Returns the local address (Asio's `local_endpoint`).
    ///
    /// # Errors
    ///
    /// `EBADF` if the socket is closed.
    pub fn local_addr(&self) -> io::Result<SocketAddr> {
        self.src.with(|s| s.local_addr())
    }

    /// Returns the peer's address (Asio's `remote_endpoint`).
    ///
    /// # Errors
    ///
    /// `NotConnected` if the socket is not connected, `EBADF` if it is closed.
    pub fn peer_addr(&self) -> io::Result<SocketAddr> {
        self.src.with(|s| s.peer_addr())
    }

    /// Returns how many bytes can be read without waiting (Asio's `available`, `FIONREAD`).
    ///
    /// # Errors
    ///
    /// `EBADF` if the socket is closed.
    pub fn available(&self) -> io::Result<usize> {
        self.src.with(bytes_readable)
    }

    /// Sets Asio's user non-blocking mode: when on, the synchronous
    /// [`read_some`](TcpSocket::read_some), [`write_some`](TcpSocket::write_some) and
    /// [`write_vectored`](TcpSocket::write_vectored) (and `std::io::{Read, Write}`) return
    /// `WouldBlock` instead of waiting. Asynchronous operations are not affected. The
    /// descriptor itself is always non-blocking.
    pub fn set_non_blocking(&self, on: bool) {
        self.src.set_non_blocking(on);
    }

    /// Returns whether the user non-blocking mode is on.
    pub fn non_blocking(&self) -> bool {
        self.src.non_blocking()
    }

    /// Sets `TCP_NODELAY` (Asio's `ip::tcp::no_delay`): when on, small writes are sent at
    /// once instead of being coalesced (Nagle's algorithm off).
    ///
    /// # Errors
    ///
    /// `EBADF` if the socket is closed, or the system's error.
    pub fn set_nodelay(&self, on: bool) -> io::Result<()> {
        self.src.with(|s| s.set_nodelay(on))
    }

    /// Returns `TCP_NODELAY`.
    ///
    /// # Errors
    ///
    /// `EBADF` if the socket is closed.
    pub fn nodelay(&self) -> io::Result<bool> {
        self.src.with(|s| s.nodelay())
    }

    /// Sets `SO_KEEPALIVE` (Asio's `keep_alive`).
    ///
    /// # Errors
    ///
    /// `EBADF` if the socket is closed, or the system's error.
    pub fn set_keepalive(&self, on: bool) -> io::Result<()> {
        with_sock(&self.src, |s| s.set_keepalive(on))
    }

    /// Returns `SO_KEEPALIVE`.
    ///
    /// # Errors
    ///
    /// `EBADF` if the socket is closed.
    pub fn keepalive(&self) -> io::Result<bool> {
        with_sock(&self.src, |s| s.keepalive())
    }

    /// Sets `SO_LINGER` (Asio's `linger`): `Some(d)` makes close wait up to `d` for unsent
    /// data (`Some(Duration::ZERO)` resets the connection on close); `None` turns it off.
    ///
    /// # Errors
    ///
    /// `EBADF` if the socket is closed, or the system's error.
    pub fn set_linger(&self, linger: Option<Duration>) -> io::Result<()> {
        with_sock(&self.src, |s| s.set_linger(linger))
    }

    /// Returns `SO_LINGER`.
    ///
    /// # Errors
    ///
    /// `EBADF` if the socket is closed.
    pub fn linger(&self) -> io::Result<Option<Duration>> {
        with_sock(&self.src, |s| s.linger())
    }

    /// Sets `SO_REUSEADDR` (Asio's `reuse_address`), for a socket that is bound later.
    ///
    /// # Errors
    ///
    /// `EBADF` if the socket is closed, or the system's error.
    pub fn set_reuse_address(&self, on: bool) -> io::Result<()> {
        with_sock(&self.src, |s| s.set_reuse_address(on))
    }

    /// Returns `SO_REUSEADDR`.
    ///
    /// # Errors
    ///
    /// `EBADF` if the socket is closed.
    pub fn reuse_address(&self) -> io::Result<bool> {
        with_sock(&self.src, |s| s.reuse_address())
    }

    /// Sets `SO_SNDBUF` (Asio's `send_buffer_size`); the system may round it (Linux doubles
    /// it).
    ///
    /// # Errors
    ///
    /// `EBADF` if the socket is closed, or the system's error.
    pub fn set_send_buffer_size(&self, size: usize) -> io::Result<()> {
        with_sock(&self.src, |s| s.set_send_buffer_size(size))
    }

    /// Returns `SO_SNDBUF`.
    ///
    /// # Errors
    ///
    /// `EBADF` if the socket is closed.
    pub fn send_buffer_size(&self) -> io::Result<usize> {
        with_sock(&self.src, |s| s.send_buffer_size())
    }

    /// Sets `SO_RCVBUF` (Asio's `receive_buffer_size`); the system may round it (Linux
    /// doubles it).
    ///
    /// # Errors
    ///
    /// `EBADF` if the socket is closed, or the system's error.
    pub fn set_recv_buffer_size(&self, size: usize) -> io::Result<()> {
        with_sock(&self.src, |s| s.set_recv_buffer_size(size))
    }

    /// Returns `SO_RCVBUF`.
    ///
    /// # Errors
    ///
    /// `EBADF` if the socket is closed.
    pub fn recv_buffer_size(&self) -> io::Result<usize> {
        with_sock(&self.src, |s| s.recv_buffer_size())
    }
}

impl Drop for TcpSocket {
    fn drop(&mut self) {
        self.src.close();
    }
}

/// Opens a new non-blocking TCP socket for `family` in the closed `src`.
pub(super) fn open_source(src: &StreamSource, family: IpFamily) -> io::Result<()> {
    let sock = socket2::Socket::new(
        family.domain(),
        socket2::Type::STREAM,
        Some(socket2::Protocol::TCP),
    )?;
    sock.set_nonblocking(true)?;
    src.open(mio::net::TcpStream::from_std(sock.into()))
}
