//! The surface of every socket with a peer, stream or datagram, of every protocol, written
//! once: `connect` and `async_connect` (opening the socket if needed, as Asio), the peer's
//! address, the bytes readable, and `shutdown`.

use std::io;
use std::net::Shutdown;

use socket2::Socket;

use super::core::SocketCore;
use super::role::PeerRole;
use crate::io::{IoObject, Ownership};
use crate::net::endpoint::{Endpoint, IntoEndpoint};
use crate::net::ops::connect::Connect;
use crate::net::protocol::Protocol;
use crate::sys;
use crate::tokens::{Blocking, CompletionToken};

impl<P: Protocol, R: PeerRole, O: Ownership> IoObject<SocketCore<P, R>, O> {
    /// Connects the socket to `endpoint`, opening it first if it is closed (Asio's
    /// `async_connect`).
    ///
    /// Equivalent to: `async fn async_connect(&self, endpoint) -> io::Result<()>`.
    /// `endpoint` is a `SocketAddr` for TCP and UDP, a path (or a
    /// [`local::SocketAddr`](crate::net::local::SocketAddr)) for local sockets.
    ///
    /// A stream socket starts the connection with a non-blocking `connect(2)`, then waits
    /// until it is writable and reads the outcome (`SO_ERROR`). A datagram socket only sets
    /// its default peer: then `send` and `recv` work, and it receives only from that peer.
    ///
    /// - closure: called with the result on a thread running the context;
    /// - [`UseFuture`](crate::UseFuture): returns a [`Connect`] future (which opens the socket
    ///   and starts connecting when first polled);
    /// - [`Blocking`]: waits on the calling thread and returns the result.
    ///
    /// The handler is never called from inside this function, even when the connection is
    /// established (or fails) at once ([G2](crate::guarantees#g2)).
    ///
    /// # Errors
    ///
    /// The system's error, e.g. `ConnectionRefused` when nothing listens at `endpoint`,
    /// `NotFound` for a local path nothing is bound at.
    ///
    /// # Cancellation
    ///
    /// [`cancel`](IoObject::cancel), [`close`](IoObject::close) or dropping the socket
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
    /// let acceptor = TcpAcceptor::bind(&io.executor(), "127.0.0.1:0")?;
    /// let sock = TcpSocket::new(&io.executor());
    /// sock.async_connect(acceptor.local_addr()?, |r: std::io::Result<()>| r.unwrap());
    /// io.run();
    /// assert!(sock.peer_addr().is_ok());
    /// # Ok::<(), std::io::Error>(())
    /// ```
    pub fn async_connect<E, T>(&self, endpoint: E, token: T) -> T::Output
    where
        E: IntoEndpoint<P::Endpoint>,
        T: CompletionToken<Connect<P, R>>,
    {
        token.launch(Connect::new(self.handle(), endpoint.into_endpoint()))
    }

    /// Connects the socket to `endpoint` on the calling thread
    /// (`async_connect(endpoint, Blocking)`), opening it first if it is closed.
    ///
    /// # Errors
    ///
    /// As [`async_connect`](IoObject::async_connect).
    ///
    /// # Examples
    ///
    /// ```
    /// use jeton::net::{UnixListener, UnixStream};
    /// use jeton::IoContext;
    ///
    /// let path = std::env::temp_dir().join(format!("jeton-connect-{}.sock", std::process::id()));
    /// # let _ = std::fs::remove_file(&path);
    /// let io = IoContext::new()?;
    /// let listener = UnixListener::bind(&io.executor(), &path)?;
    /// let client = UnixStream::new(&io.executor());
    /// client.connect(&path)?; // completes against the listener's backlog
    /// let (_server, _peer) = listener.accept()?;
    /// assert_eq!(client.peer_addr()?.as_pathname(), Some(path.as_path()));
    /// std::fs::remove_file(&path)?;
    /// # Ok::<(), std::io::Error>(())
    /// ```
    pub fn connect(&self, endpoint: impl IntoEndpoint<P::Endpoint>) -> io::Result<()> {
        self.async_connect(endpoint, Blocking)
    }

    /// Returns the peer's address (Asio's `remote_endpoint`).
    ///
    /// # Errors
    ///
    /// `NotConnected` if the socket is not connected,
    /// [`error::bad_descriptor`](crate::error::bad_descriptor) if it is closed.
    ///
    /// # Examples
    ///
    /// ```
    /// use jeton::net::UdpSocket;
    /// use jeton::IoContext;
    ///
    /// let io = IoContext::new()?;
    /// let a = UdpSocket::bind(&io.executor(), "127.0.0.1:0")?;
    /// let b = UdpSocket::bind(&io.executor(), "127.0.0.1:0")?;
    /// assert_eq!(a.peer_addr().unwrap_err().kind(), std::io::ErrorKind::NotConnected);
    /// a.connect(b.local_addr()?)?;
    /// assert_eq!(a.peer_addr()?, b.local_addr()?);
    /// # Ok::<(), std::io::Error>(())
    /// ```
    pub fn peer_addr(&self) -> io::Result<P::Endpoint> {
        let addr = self.core().with(Socket::peer_addr)?;
        P::Endpoint::from_sock_addr(addr)
    }

    /// Returns how many bytes can be read without waiting (Asio's `available`, `FIONREAD`; for
    /// a datagram socket, the size of the next datagram).
    ///
    /// # Errors
    ///
    /// [`error::bad_descriptor`](crate::error::bad_descriptor) if the socket is closed.
    ///
    /// # Examples
    ///
    /// ```
    /// use jeton::net::unix;
    /// use jeton::IoContext;
    ///
    /// let io = IoContext::new()?;
    /// let (a, b) = unix::connect_pair(&io.executor())?;
    /// assert_eq!(b.available()?, 0);
    /// a.write_some(b"12345")?;
    /// assert_eq!(b.available()?, 5); // a local socket delivers at once
    /// # Ok::<(), std::io::Error>(())
    /// ```
    pub fn available(&self) -> io::Result<usize> {
        self.core().with(sys::bytes_readable)
    }

    /// Shuts down the reading side, the writing side, or both (Asio's `shutdown`). After
    /// `Shutdown::Write` on a stream socket the peer reads end of stream.
    ///
    /// # Errors
    ///
    /// `NotConnected` if the socket is not connected,
    /// [`error::bad_descriptor`](crate::error::bad_descriptor) if it is closed.
    ///
    /// # Examples
    ///
    /// ```
    /// use jeton::net::unix;
    /// use jeton::IoContext;
    /// use std::net::Shutdown;
    ///
    /// let io = IoContext::new()?;
    /// let (a, b) = unix::connect_pair(&io.executor())?;
    /// a.shutdown(Shutdown::Write)?;
    /// assert_eq!(b.read_some(&mut [0u8; 8])?, 0); // end of stream
    /// # Ok::<(), std::io::Error>(())
    /// ```
    pub fn shutdown(&self, how: Shutdown) -> io::Result<()> {
        self.core().with(|s| s.shutdown(how))
    }
}
