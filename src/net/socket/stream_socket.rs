//! `StreamSocket`: a connected stream socket of any stream protocol (Asio's
//! `basic_stream_socket`), and what only stream sockets have: `bind` before `connect`, and
//! adopting a standard stream.

use std::io;

use super::core::SocketCore;
use super::role::Stream;
use crate::executor::Executor;
use crate::io::{IoObject, Owner, Ownership};
use crate::net::endpoint::{Endpoint, IntoEndpoint};
use crate::net::protocol::StreamProtocol;

/// A stream socket of protocol `P` (Asio's `basic_stream_socket<P>`):
/// [`TcpSocket`](crate::net::TcpSocket) and [`UnixStream`](crate::net::UnixStream) are
/// aliases of it, and with `O` = [`Handle`](crate::io::Handle) their shared handles
/// [`TcpStreamRef`](crate::net::TcpStreamRef) and
/// [`UnixStreamRef`](crate::net::UnixStreamRef).
///
/// Made closed by `new` (then opened by `open` or by `connect`), connected by an
/// [`Acceptor`](crate::net::Acceptor)'s accept, or adopted with `from_std`. It has every
/// socket's methods, the methods of sockets with a peer (`connect`, `peer_addr`,
/// `shutdown`), and the stream surface of [`IoObject`] (`async_read_some`, `write_some`,
/// ..., the stream traits of [`crate::io`], `std::io` and `futures::io`, whose `poll_close`
/// shuts the writing side down). One read and one write may be pending at once (full duplex,
/// [G12](crate::guarantees#g12)). See [the table in `net`](crate::net#surfaces).
pub type StreamSocket<P, O = Owner> = IoObject<SocketCore<P, Stream>, O>;

impl<P: StreamProtocol> StreamSocket<P> {
    /// Creates a socket that owns `stream` (Asio's `assign`), registered with the context of
    /// `ex`. The stream is switched to non-blocking mode.
    ///
    /// # Errors
    ///
    /// Fails if the mode cannot be set or the reactor refuses the descriptor.
    ///
    /// # Examples
    ///
    /// ```
    /// use jeton::net::UnixStream;
    /// use jeton::IoContext;
    ///
    /// let io = IoContext::new()?;
    /// let (a, b) = std::os::unix::net::UnixStream::pair()?;
    /// let a = UnixStream::from_std(&io.executor(), a)?;
    /// a.write_some(b"adopted")?;
    /// # drop(b);
    /// # Ok::<(), std::io::Error>(())
    /// ```
    pub fn from_std(ex: &Executor, stream: P::StdStream) -> io::Result<StreamSocket<P>> {
        StreamSocket::from_socket(ex, stream.into())
    }
}

impl<P: StreamProtocol, O: Ownership> StreamSocket<P, O> {
    /// Binds the open socket to the local `endpoint` (Asio's `bind`), e.g. to choose the local
    /// port of a connection. (Datagram sockets and acceptors are made bound by their `bind`
    /// constructor.)
    ///
    /// # Errors
    ///
    /// [`error::bad_descriptor`](crate::error::bad_descriptor) if the socket is closed (open
    /// it first), or the system's error, e.g. `AddrInUse`.
    ///
    /// # Examples
    ///
    /// ```
    /// use jeton::net::{IpFamily, TcpAcceptor, TcpSocket};
    /// use jeton::IoContext;
    ///
    /// let io = IoContext::new()?;
    /// let acceptor = TcpAcceptor::bind(&io.executor(), "127.0.0.1:0")?;
    /// let sock = TcpSocket::new(&io.executor());
    /// sock.open(IpFamily::V4)?;
    /// sock.bind("127.0.0.1:0")?;
    /// sock.connect(acceptor.local_addr()?)?;
    /// let (_, peer) = acceptor.accept()?;
    /// assert_eq!(peer, sock.local_addr()?);
    /// # Ok::<(), std::io::Error>(())
    /// ```
    pub fn bind(&self, endpoint: impl IntoEndpoint<P::Endpoint>) -> io::Result<()> {
        let addr = endpoint.into_endpoint()?.to_sock_addr();
        self.core().with(|s| s.bind(&addr))
    }
}
