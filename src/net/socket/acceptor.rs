//! `Acceptor`: a listening socket of any stream protocol (Asio's `basic_socket_acceptor`),
//! and what acceptors have: made bound and listening, accepting connections one by one or as
//! a stream.

use std::io;

use super::core::SocketCore;
use super::role::Listener;
use crate::executor::Executor;
use crate::io::{IoObject, Owner, Ownership};
use crate::net::endpoint::{Endpoint, IntoEndpoint};
use crate::net::ops::accept::{accept, Accept};
use crate::net::ops::incoming::Incoming;
use crate::net::protocol::StreamProtocol;
use crate::net::socket::stream_socket::StreamSocket;
use crate::tokens::{Blocking, CompletionToken};

/// The listen backlog of `bind`.
const DEFAULT_BACKLOG: i32 = 1024;

/// A listening socket of protocol `P` that accepts connections (Asio's
/// `basic_socket_acceptor<P>`): [`TcpAcceptor`](crate::net::TcpAcceptor) and
/// [`UnixListener`](crate::net::UnixListener) are aliases of it.
///
/// `bind` opens, binds and listens, as Asio's `acceptor(ctx, endpoint)` constructor (TCP also
/// sets `SO_REUSEADDR`; a local listener creates its path, and closing it does not remove
/// it). Accepted sockets are [`StreamSocket<P>`]s registered with the acceptor's context, or
/// another one with `async_accept_on`. It has every socket's methods. See
/// [the table in `net`](crate::net#surfaces).
pub type Acceptor<P, O = Owner> = IoObject<SocketCore<P, Listener>, O>;

impl<P: StreamProtocol> Acceptor<P> {
    /// Opens a listening socket bound to `endpoint`, with a backlog of 1024, registered with
    /// the context of `ex`. For TCP, `SO_REUSEADDR` is set and port 0 picks a free port (see
    /// `local_addr`).
    ///
    /// # Errors
    ///
    /// The system's error, e.g. `AddrInUse` (for a local path: remove a stale socket file
    /// first).
    ///
    /// # Examples
    ///
    /// ```
    /// use jeton::net::TcpAcceptor;
    /// use jeton::IoContext;
    ///
    /// let io = IoContext::new()?;
    /// let acceptor = TcpAcceptor::bind(&io.executor(), "127.0.0.1:0")?;
    /// assert!(acceptor.reuse_address()?);
    /// assert_ne!(acceptor.local_addr()?.port(), 0);
    /// # Ok::<(), std::io::Error>(())
    /// ```
    pub fn bind(ex: &Executor, endpoint: impl IntoEndpoint<P::Endpoint>) -> io::Result<Self> {
        Acceptor::bind_with_backlog(ex, endpoint, DEFAULT_BACKLOG)
    }

    /// As [`bind`](IoObject::bind), listening with `backlog` (Asio's `listen(backlog)`).
    ///
    /// # Errors
    ///
    /// The system's error, e.g. `AddrInUse`.
    ///
    /// # Examples
    ///
    /// ```
    /// use jeton::net::TcpAcceptor;
    /// use jeton::IoContext;
    ///
    /// let io = IoContext::new()?;
    /// let addr: std::net::SocketAddr = "127.0.0.1:0".parse().unwrap();
    /// let acceptor = TcpAcceptor::bind_with_backlog(&io.executor(), addr, 16)?;
    /// # drop(acceptor);
    /// # Ok::<(), std::io::Error>(())
    /// ```
    pub fn bind_with_backlog(
        ex: &Executor,
        endpoint: impl IntoEndpoint<P::Endpoint>,
        backlog: i32,
    ) -> io::Result<Self> {
        let endpoint = endpoint.into_endpoint()?;
        let socket = SocketCore::<P, Listener>::new_socket(endpoint.family())?;
        P::prepare_listener(&socket)?;
        socket.bind(&endpoint.to_sock_addr())?;
        socket.listen(backlog)?;
        Ok(IoObject::from_core(SocketCore::register(ex, socket)?))
    }

    /// Creates an acceptor that owns the listening `listener` (Asio's `assign`), registered
    /// with the context of `ex`. The listener is switched to non-blocking mode.
    ///
    /// # Errors
    ///
    /// Fails if the mode cannot be set or the reactor refuses the descriptor.
    ///
    /// # Examples
    ///
    /// ```
    /// use jeton::net::TcpAcceptor;
    /// use jeton::IoContext;
    ///
    /// let io = IoContext::new()?;
    /// let listener = std::net::TcpListener::bind("127.0.0.1:0")?;
    /// let acceptor = TcpAcceptor::from_std(&io.executor(), listener)?;
    /// assert!(acceptor.is_open());
    /// # Ok::<(), std::io::Error>(())
    /// ```
    pub fn from_std(ex: &Executor, listener: P::StdListener) -> io::Result<Self> {
        Acceptor::from_socket(ex, listener.into())
    }
}

impl<P: StreamProtocol, O: Ownership> Acceptor<P, O> {
    /// Accepts a connection; the new socket is registered with the acceptor's context.
    ///
    /// Equivalent to: `async fn async_accept(&self) -> io::Result<(StreamSocket<P>,
    /// P::Endpoint)>` (for TCP: `(TcpSocket, SocketAddr)`).
    ///
    /// Completes with the connected socket and the peer's address (Asio's move-accept with
    /// `peer_endpoint`).
    ///
    /// - closure: called with the result on a thread running the context;
    /// - [`UseFuture`](crate::UseFuture): returns an [`Accept`] future;
    /// - [`Blocking`]: waits on the calling thread and returns the result.
    ///
    /// The handler is never called from inside this function, even when a connection is
    /// already waiting ([G2](crate::guarantees#g2)).
    ///
    /// # Errors
    ///
    /// The system's error. Running out of descriptors (`EMFILE`, `ENFILE`) is delivered as an
    /// error, not retried: the acceptor stays usable, and the connection stays queued for a
    /// later accept. Connections aborted before they were accepted are skipped.
    ///
    /// # Cancellation
    ///
    /// [`cancel`](IoObject::cancel), [`close`](IoObject::close) or dropping the acceptor
    /// completes it with [`error::aborted`](crate::error::aborted); dropping the future
    /// withdraws it (no connection is lost).
    ///
    /// # Examples
    ///
    /// ```
    /// use jeton::net::{TcpAcceptor, TcpSocket};
    /// use jeton::{IoContext, UseFuture};
    ///
    /// let io = IoContext::new()?;
    /// let acceptor = TcpAcceptor::bind(&io.executor(), "127.0.0.1:0")?;
    /// let client = TcpSocket::new(&io.executor());
    /// client.connect(acceptor.local_addr()?)?;
    /// let (server, peer) = io.block_on(acceptor.async_accept(UseFuture))?;
    /// assert_eq!(peer, client.local_addr()?);
    /// assert_eq!(server.peer_addr()?, client.local_addr()?);
    /// # Ok::<(), std::io::Error>(())
    /// ```
    pub fn async_accept<T: CompletionToken<Accept<P>>>(&self, token: T) -> T::Output {
        token.launch(accept(self.handle(), None))
    }

    /// As [`async_accept`](IoObject::async_accept), but registers the new socket with the
    /// context of `ex` (Asio's `async_accept(other_executor)`); the handler still runs on the
    /// acceptor's executor.
    ///
    /// Equivalent to: `async fn async_accept_on(&self, ex: &Executor) ->
    /// io::Result<(StreamSocket<P>, P::Endpoint)>`. The handler is never called from inside
    /// this function ([G2](crate::guarantees#g2)).
    ///
    /// # Errors
    ///
    /// As [`async_accept`](IoObject::async_accept).
    ///
    /// # Cancellation
    ///
    /// As [`async_accept`](IoObject::async_accept).
    ///
    /// # Examples
    ///
    /// ```
    /// use jeton::net::{TcpAcceptor, TcpSocket};
    /// use jeton::{Blocking, IoContext};
    ///
    /// let io = IoContext::new()?;
    /// let other = IoContext::new()?;
    /// let acceptor = TcpAcceptor::bind(&io.executor(), "127.0.0.1:0")?;
    /// let client = TcpSocket::new(&io.executor());
    /// client.connect(acceptor.local_addr()?)?;
    /// let (server, _) = acceptor.async_accept_on(&other.executor(), Blocking)?;
    /// client.write_some(b"x")?;
    /// server.async_read_some(vec![0u8; 1], |(r, _): (std::io::Result<usize>, Vec<u8>)| {
    ///     assert_eq!(r.unwrap(), 1);
    /// });
    /// assert!(other.run() >= 1); // the socket lives on `other`
    /// # Ok::<(), std::io::Error>(())
    /// ```
    pub fn async_accept_on<T>(&self, ex: &Executor, token: T) -> T::Output
    where
        T: CompletionToken<Accept<P>>,
    {
        token.launch(accept(self.handle(), Some(ex.clone())))
    }

    /// Accepts a connection on the calling thread (`async_accept(Blocking)`).
    ///
    /// # Errors
    ///
    /// As [`async_accept`](IoObject::async_accept).
    ///
    /// # Examples
    ///
    /// ```
    /// use jeton::net::{TcpAcceptor, TcpSocket};
    /// use jeton::IoContext;
    ///
    /// let io = IoContext::new()?;
    /// let acceptor = TcpAcceptor::bind(&io.executor(), "127.0.0.1:0")?;
    /// let client = TcpSocket::new(&io.executor());
    /// client.connect(acceptor.local_addr()?)?; // completes against the backlog
    /// let (server, peer) = acceptor.accept()?;
    /// assert_eq!((peer, server.peer_addr()?), (client.local_addr()?, client.local_addr()?));
    /// # Ok::<(), std::io::Error>(())
    /// ```
    pub fn accept(&self) -> io::Result<(StreamSocket<P>, P::Endpoint)> {
        self.async_accept(Blocking)
    }

    /// Returns a stream of accepted connections, for async/await code.
    ///
    /// Each item is what [`async_accept`](IoObject::async_accept) completes with. The stream
    /// ends when the acceptor is closed or dropped; [`cancel`](IoObject::cancel) yields one
    /// aborted error and the stream goes on. It owns a handle to the acceptor, so it may be
    /// moved into a task.
    ///
    /// # Examples
    ///
    /// ```
    /// use futures::StreamExt;
    /// use jeton::net::{TcpAcceptor, TcpSocket};
    /// use jeton::IoContext;
    ///
    /// let io = IoContext::new()?;
    /// let acceptor = TcpAcceptor::bind(&io.executor(), "127.0.0.1:0")?;
    /// let client = TcpSocket::new(&io.executor());
    /// client.connect(acceptor.local_addr()?)?;
    ///
    /// let mut incoming = acceptor.incoming();
    /// let (sock, peer) = io.block_on(incoming.next()).unwrap()?;
    /// assert_eq!(peer, client.local_addr()?);
    /// drop(acceptor);
    /// assert!(io.block_on(incoming.next()).is_none());
    /// # drop(sock);
    /// # Ok::<(), std::io::Error>(())
    /// ```
    pub fn incoming(&self) -> Incoming<P> {
        Incoming::new(self.handle())
    }
}
