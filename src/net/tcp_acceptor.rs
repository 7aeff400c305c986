//! `TcpAcceptor`: a listening TCP socket (Asio's `ip::tcp::acceptor`), its `Accept`
//! operation and the `Incoming` stream of accepted connections.

use std::io;
use std::net::SocketAddr;
use std::pin::Pin;
use std::sync::Arc;
use std::task::{ready, Context, Poll};

use futures::Stream;

use super::accept::{self, AcceptCall, Listener};
use super::socket_options::with_sock;
use super::{SocketOp, TcpSocket};
use crate::executor::Executor;
use crate::op::io_source::IoSource;
use crate::op::readiness::{Direction, IoOpState};
use crate::tokens::{Blocking, CompletionToken};

/// The listen backlog of [`TcpAcceptor::bind`].
const DEFAULT_BACKLOG: i32 = 1024;

type ListenerSource = IoSource<mio::net::TcpListener>;

/// A listening TCP socket that accepts connections (Asio's `ip::tcp::acceptor`).
///
/// [`bind`](TcpAcceptor::bind) opens, sets `SO_REUSEADDR`, binds and listens, as Asio's
/// `acceptor(ctx, endpoint)` constructor. Accepted sockets are registered with the acceptor's
/// context, or another one with [`async_accept_on`](TcpAcceptor::async_accept_on).
///
/// Dropping the acceptor closes it: pending accepts complete with
/// [`error::aborted`](crate::error::aborted) (G3).
///
/// # Thread safety
///
/// Distinct objects: safe. Shared objects: safe.
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
/// let acceptor = TcpAcceptor::bind(&io.executor(), "127.0.0.1:0".parse().unwrap())?;
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
#[derive(Debug)]
pub struct TcpAcceptor {
    /// The listening descriptor; cloned into every accept operation.
    src: Arc<ListenerSource>,
}

impl TcpAcceptor {
    /// Opens a listening socket bound to `addr`, with `SO_REUSEADDR` set and a backlog of
    /// 1024, registered with the context of `ex`. Port 0 picks a free port (see
    /// [`local_addr`](TcpAcceptor::local_addr)).
    ///
    /// # Errors
    ///
    /// The system's error, e.g. `AddrInUse`.
    pub fn bind(ex: &Executor, addr: SocketAddr) -> io::Result<TcpAcceptor> {
        TcpAcceptor::bind_with_backlog(ex, addr, DEFAULT_BACKLOG)
    }

    /// As [`bind`](TcpAcceptor::bind), listening with `backlog` (Asio's `listen(backlog)`).
    ///
    /// # Errors
    ///
    /// The system's error, e.g. `AddrInUse`.
    pub fn bind_with_backlog(
        ex: &Executor,
        addr: SocketAddr,
        backlog: i32,
    ) -> io::Result<TcpAcceptor> {
        let sock = socket2::Socket::new(
            socket2::Domain::for_address(addr),
            socket2::Type::STREAM,
            Some(socket2::Protocol::TCP),
        )?;
        sock.set_nonblocking(true)?;
        sock.set_reuse_address(true)?;
        sock.bind(&addr.into())?;
        sock.listen(backlog)?;
        let listener = mio::net::TcpListener::from_std(sock.into());
        Ok(TcpAcceptor {
            src: Arc::new(IoSource::new(ex, listener)?),
        })
    }

    /// Creates an acceptor that owns the listening `listener` (Asio's `assign`), registered
    /// with the context of `ex`. The listener is switched to non-blocking mode.
    ///
    /// # Errors
    ///
    /// Fails if the mode cannot be set or the reactor refuses the descriptor.
    pub fn from_std(ex: &Executor, listener: std::net::TcpListener) -> io::Result<TcpAcceptor> {
        listener.set_nonblocking(true)?;
        let listener = mio::net::TcpListener::from_std(listener);
        Ok(TcpAcceptor {
            src: Arc::new(IoSource::new(ex, listener)?),
        })
    }

    /// Returns the executor of the acceptor's context.
    pub fn executor(&self) -> Executor {
        self.src.executor().clone()
    }

    /// Returns the local address the acceptor listens on (Asio's `local_endpoint`).
    ///
    /// # Errors
    ///
    /// `EBADF` if the acceptor is closed.
    pub fn local_addr(&self) -> io::Result<SocketAddr> {
        self.src.with(|l| l.local_addr())
    }

    /// Returns whether `SO_REUSEADDR` is set.
    ///
    /// # Errors
    ///
    /// `EBADF` if the acceptor is closed.
    pub fn reuse_address(&self) -> io::Result<bool> {
        with_sock(&self.src, |s| s.reuse_address())
    }

    /// Returns whether the acceptor is open.
    pub fn is_open(&self) -> bool {
        self.src.is_open()
    }

    /// Closes the acceptor: pending accepts complete with
    /// [`error::aborted`](crate::error::aborted); later ones fail with `EBADF`. Closing twice
    /// does nothing.
    pub fn close(&self) {
        self.src.close();
    }

    /// Completes every pending accept with [`error::aborted`](crate::error::aborted). The
    /// acceptor stays open.
    pub fn cancel(&self) {
        self.src.cancel();
    }

    /// Accepts a connection; the new socket is registered with the acceptor's context.
    ///
    /// Equivalent to: `async fn async_accept(&self) -> io::Result<(TcpSocket, SocketAddr)>`.
    ///
    /// Completes with the connected socket and the peer's address (Asio's move-accept with
    /// `peer_endpoint`).
    ///
    /// - closure: called with the result on a thread running the context;
    /// - [`UseFuture`](crate::UseFuture): returns an [`Accept`] future;
    /// - [`Blocking`]: waits on the calling thread and returns the result.
    ///
    /// The handler is never called from inside this function, even when a connection is
    /// already waiting (G2).
    ///
    /// # Errors
    ///
    /// The system's error. Running out of descriptors (`EMFILE`, `ENFILE`) is delivered as an
    /// error, not retried: the acceptor stays usable, and the connection stays queued for a
    /// later accept. Connections aborted before they were accepted are skipped.
    ///
    /// # Cancellation
    ///
    /// [`cancel`](TcpAcceptor::cancel), [`close`](TcpAcceptor::close) or dropping the
    /// acceptor completes it with [`error::aborted`](crate::error::aborted); dropping the
    /// future withdraws it (no connection is lost).
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
    /// let (server, peer) = io.block_on(acceptor.async_accept(UseFuture))?;
    /// assert_eq!(peer, client.local_addr()?);
    /// assert_eq!(server.peer_addr()?, client.local_addr()?);
    /// # Ok::<(), std::io::Error>(())
    /// ```
    pub fn async_accept<T: CompletionToken<Accept>>(&self, token: T) -> T::Output {
        token.launch(accept::accept(&self.src, None))
    }

    /// As [`async_accept`](TcpAcceptor::async_accept), but registers the new socket with the
    /// context of `ex` (Asio's `async_accept(other_executor)`); the handler still runs on the
    /// acceptor's executor.
    ///
    /// Equivalent to: `async fn async_accept_on(&self, ex: &Executor) -> io::Result<(TcpSocket,
    /// SocketAddr)>`. The handler is never called from inside this function (G2).
    ///
    /// # Errors
    ///
    /// As [`async_accept`](TcpAcceptor::async_accept).
    ///
    /// # Cancellation
    ///
    /// As [`async_accept`](TcpAcceptor::async_accept).
    ///
    /// # Examples
    ///
    /// ```
    /// use jeton::net::{TcpAcceptor, TcpSocket};
    /// use jeton::{Blocking, IoContext};
    ///
    /// let io = IoContext::new()?;
    /// let other = IoContext::new()?;
    /// let acceptor = TcpAcceptor::bind(&io.executor(), "127.0.0.1:0".parse().unwrap())?;
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
    pub fn async_accept_on<T: CompletionToken<Accept>>(
        &self,
        ex: &Executor,
        token: T,
    ) -> T::Output {
        token.launch(accept::accept(&self.src, Some(ex.clone())))
    }

    /// Accepts a connection on the calling thread (`async_accept(Blocking)`).
    ///
    /// # Errors
    ///
    /// As [`async_accept`](TcpAcceptor::async_accept).
    pub fn accept(&self) -> io::Result<(TcpSocket, SocketAddr)> {
        self.async_accept(Blocking)
    }

    /// Returns a stream of accepted connections, for async/await code.
    ///
    /// Each item is what [`async_accept`](TcpAcceptor::async_accept) completes with. The
    /// stream ends when the acceptor is closed or dropped; [`cancel`](TcpAcceptor::cancel)
    /// yields one aborted error and the stream goes on. It owns a handle to the acceptor, so
    /// it may be moved into a task.
    ///
    /// # Examples
    ///
    /// ```
    /// use futures::StreamExt;
    /// use jeton::net::{TcpAcceptor, TcpSocket};
    /// use jeton::IoContext;
    ///
    /// let io = IoContext::new()?;
    /// let acceptor = TcpAcceptor::bind(&io.executor(), "127.0.0.1:0".parse().unwrap())?;
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
    pub fn incoming(&self) -> Incoming {
        Incoming {
            src: self.src.clone(),
            ex: self.executor(),
            st: None,
        }
    }
}

impl Drop for TcpAcceptor {
    fn drop(&mut self) {
        self.src.close();
    }
}

/// Accepts with `accept(2)`, skipping connections aborted before they were accepted (Asio's
/// default `enable_connection_aborted(false)`); registers them as [`TcpSocket`]s.
impl Listener for mio::net::TcpListener {
    type Accepted = mio::net::TcpStream;
    type Stream = TcpSocket;
    type Addr = SocketAddr;

    fn accept(&self) -> io::Result<(mio::net::TcpStream, SocketAddr)> {
        loop {
            match mio::net::TcpListener::accept(self) {
                Err(e) if crate::error::is_connection_aborted(&e) => continue,
                r => return r,
            }
        }
    }

    fn register_stream(ex: &Executor, accepted: mio::net::TcpStream) -> io::Result<TcpSocket> {
        TcpSocket::from_mio(ex, accepted)
    }
}

/// The operation behind [`TcpAcceptor::async_accept`] and [`TcpAcceptor::async_accept_on`];
/// completes with `io::Result<(TcpSocket, SocketAddr)>`.
pub type Accept = SocketOp<AcceptCall<mio::net::TcpListener>>;

/// The stream of connections returned by [`TcpAcceptor::incoming`].
#[must_use = "streams do nothing unless polled"]
#[derive(Debug)]
pub struct Incoming {
    src: Arc<ListenerSource>,
    /// The executor accepted sockets are registered with (the acceptor's).
    ex: Executor,
    /// The accept in progress, if a poll returned `Pending`.
    st: Option<IoOpState>,
}

impl Stream for Incoming {
    type Item = io::Result<(TcpSocket, SocketAddr)>;

    fn poll_next(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Self::Item>> {
        let this = &mut *self;
        let st = this.st.get_or_insert_with(|| this.src.start());
        let accepted = ready!(this.src.poll_io(cx, Direction::Read, st, Listener::accept));
        this.st = None;
        let (stream, peer) = match accepted {
            Ok(accepted) => accepted,
            Err(_) if !this.src.is_open() => return Poll::Ready(None),
            Err(e) => return Poll::Ready(Some(Err(e))),
        };
        Poll::Ready(Some(
            TcpSocket::from_mio(&this.ex, stream).map(|s| (s, peer)),
        ))
    }
}
