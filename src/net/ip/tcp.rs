//! The TCP socket types (Asio's `ip::tcp::socket`, `ip::tcp::acceptor`) and the TCP-only
//! options.

use std::io;

use super::protocol::Tcp;
use crate::io::{Handle, Ownership};
use crate::net::socket::acceptor::Acceptor;
use crate::net::socket::stream_socket::StreamSocket;

/// A TCP stream socket (Asio's `ip::tcp::socket`): a [`StreamSocket`] of [`Tcp`].
///
/// Made closed by `new` (then opened by `open` or by `connect`), or connected by
/// [`TcpAcceptor::accept`](crate::net::Acceptor::accept). Every asynchronous operation takes
/// a completion token: a closure, [`UseFuture`](crate::UseFuture),
/// [`Blocking`](crate::Blocking), or an adapter. Each `async_` function has a synchronous twin
/// without the prefix. Operations hold a shared handle to it ([`TcpStreamRef`]), so they are
/// `'static` and work with closure tokens. Dropping the socket closes it: pending operations
/// complete with [`error::aborted`](crate::error::aborted) ([G3](crate::guarantees#g3)).
///
/// # Thread safety
///
/// Distinct objects: safe. Shared objects: safe (unlike Asio's, every method takes `&self`
/// and may be called from any thread; `close` waits for a system call in progress).
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
/// let acceptor = TcpAcceptor::bind(&io.executor(), "127.0.0.1:0")?;
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
pub type TcpSocket = StreamSocket<Tcp>;

/// A shared handle to a [`TcpSocket`]: the stream its operations own (a [`StreamSocket`] of
/// [`Tcp`] in its [`Handle`] form). Get it with `socket.handle()` (or
/// `TcpStreamRef::from(&socket)`); it has every method of the socket, is cheap to clone, and
/// does not keep the socket open.
///
/// # Examples
///
/// A composed write with a closure token, which needs a `'static` stream:
///
/// ```
/// use jeton::net::{TcpAcceptor, TcpSocket, TcpStreamRef};
/// use jeton::{io, IoContext};
///
/// let ctx = IoContext::new()?;
/// let acceptor = TcpAcceptor::bind(&ctx.executor(), "127.0.0.1:0")?;
/// let sock = TcpSocket::new(&ctx.executor());
/// sock.connect(acceptor.local_addr()?)?;
/// let handle: TcpStreamRef = sock.handle();
/// io::async_write_all(handle, "hello", |r: std::io::Result<usize>| assert_eq!(r.unwrap(), 5));
/// ctx.run();
/// # Ok::<(), std::io::Error>(())
/// ```
pub type TcpStreamRef = StreamSocket<Tcp, Handle>;

/// A listening TCP socket (Asio's `ip::tcp::acceptor`): an [`Acceptor`] of [`Tcp`].
///
/// `bind` opens, sets `SO_REUSEADDR`, binds and listens, as Asio's `acceptor(ctx, endpoint)`
/// constructor. Dropping the acceptor closes it: pending accepts complete with
/// [`error::aborted`](crate::error::aborted) ([G3](crate::guarantees#g3)).
///
/// # Examples
///
/// A callback server that greets one client:
///
/// ```
/// use jeton::net::{TcpAcceptor, TcpSocket};
/// use jeton::IoContext;
/// use std::io::{self, Read};
/// use std::net::SocketAddr;
///
/// let io = IoContext::new()?;
/// let acceptor = TcpAcceptor::bind(&io.executor(), "127.0.0.1:0")?;
/// let addr = acceptor.local_addr()?;
/// acceptor.async_accept(|r: io::Result<(TcpSocket, SocketAddr)>| {
///     let (sock, _peer) = r.unwrap();
///     let sock = std::sync::Arc::new(sock); // kept alive until the write completes
///     let keep = sock.clone();
///     sock.async_write_some("hello", move |r: io::Result<usize>| { r.unwrap(); drop(keep); });
/// });
/// let client = std::thread::spawn(move || {
///     let mut s = std::net::TcpStream::connect(addr).unwrap();
///     let mut msg = String::new();
///     s.read_to_string(&mut msg).unwrap();
///     msg
/// });
/// io.run();
/// assert_eq!(client.join().unwrap(), "hello");
/// # Ok::<(), std::io::Error>(())
/// ```
pub type TcpAcceptor = Acceptor<Tcp>;

impl<O: Ownership> StreamSocket<Tcp, O> {
    /// Sets `TCP_NODELAY` (Asio's `ip::tcp::no_delay`): when on, small writes are sent at
    /// once instead of being coalesced (Nagle's algorithm off).
    ///
    /// # Errors
    ///
    /// [`error::bad_descriptor`](crate::error::bad_descriptor) if the socket is closed, or the
    /// system's error.
    ///
    /// # Examples
    ///
    /// ```
    /// use jeton::net::{IpFamily, TcpSocket};
    /// use jeton::IoContext;
    ///
    /// let io = IoContext::new()?;
    /// let sock = TcpSocket::new(&io.executor());
    /// sock.open(IpFamily::V4)?;
    /// sock.set_nodelay(true)?;
    /// assert!(sock.nodelay()?);
    /// # Ok::<(), std::io::Error>(())
    /// ```
    pub fn set_nodelay(&self, on: bool) -> io::Result<()> {
        self.core().with(|s| s.set_nodelay(on))
    }

    /// Returns `TCP_NODELAY`.
    ///
    /// # Errors
    ///
    /// [`error::bad_descriptor`](crate::error::bad_descriptor) if the socket is closed.
    pub fn nodelay(&self) -> io::Result<bool> {
        self.core().with(|s| s.nodelay())
    }
}
