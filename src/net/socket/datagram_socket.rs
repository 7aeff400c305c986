//! `DatagramSocket`: a datagram socket of any connectionless protocol (Asio's
//! `basic_datagram_socket`): made bound, sending and receiving one datagram per operation.

use std::io;

use super::core::SocketCore;
use super::role::Datagram;
use crate::executor::Executor;
use crate::io::{IoBuf, IoBufMut, IoObject, Owner, Ownership};
use crate::net::endpoint::{Endpoint, IntoEndpoint};
use crate::net::ops::datagram::{
    RecvCall, RecvConnected, RecvFrom, SendCall, SendConnected, SendTo,
};
use crate::net::ops::socket_op::SocketOp;
use crate::net::protocol::DatagramProtocol;
use crate::tokens::{Blocking, CompletionToken};

/// A datagram socket of protocol `P` (Asio's `basic_datagram_socket<P>`):
/// [`UdpSocket`](crate::net::UdpSocket) and [`UnixDatagram`](crate::net::UnixDatagram) are
/// aliases of it.
///
/// Made bound by `bind`, or closed by `new` (then opened by `open` or `connect`). Each
/// operation sends or receives exactly one datagram; a zero-length datagram is a datagram.
/// Once connected (`connect`), `send` and `recv` exchange datagrams with the peer. It has
/// every socket's methods and those of sockets with a peer. One receive and one send may be
/// pending at the same time ([G12](crate::guarantees#g12)); more are allowed and are served as
/// datagrams arrive. See
/// [the table in `net`](crate::net#surfaces).
pub type DatagramSocket<P, O = Owner> = IoObject<SocketCore<P, Datagram>, O>;

impl<P: DatagramProtocol> DatagramSocket<P> {
    /// Creates a socket bound to `endpoint` (for UDP, port 0 picks a free port; for local
    /// sockets, the path is created), registered with the context of `ex`.
    ///
    /// # Errors
    ///
    /// Whatever `socket(2)`/`bind(2)` report, e.g. `AddrInUse`.
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
    /// a.send_to(b"ping", b.local_addr()?)?;
    /// let mut buf = [0u8; 16];
    /// let (n, from) = b.recv_from(&mut buf)?; // blocking: no thread runs the context
    /// assert_eq!((&buf[..n], from), (&b"ping"[..], a.local_addr()?));
    /// # Ok::<(), std::io::Error>(())
    /// ```
    pub fn bind(
        ex: &Executor,
        endpoint: impl IntoEndpoint<P::Endpoint>,
    ) -> io::Result<DatagramSocket<P>> {
        let endpoint = endpoint.into_endpoint()?;
        let socket = SocketCore::<P, Datagram>::new_socket(endpoint.family())?;
        socket.bind(&endpoint.to_sock_addr())?;
        Ok(IoObject::from_core(SocketCore::register(ex, socket)?))
    }

    /// Wraps a standard socket, registered with the context of `ex`. The socket is made
    /// non-blocking.
    ///
    /// # Errors
    ///
    /// If the socket cannot be made non-blocking or registered.
    ///
    /// # Examples
    ///
    /// ```
    /// use jeton::net::UdpSocket;
    /// use jeton::IoContext;
    ///
    /// let io = IoContext::new()?;
    /// let std_sock = std::net::UdpSocket::bind("127.0.0.1:0")?;
    /// let sock = UdpSocket::from_std(&io.executor(), std_sock)?;
    /// assert!(sock.local_addr()?.ip().is_loopback());
    /// # Ok::<(), std::io::Error>(())
    /// ```
    pub fn from_std(ex: &Executor, socket: P::StdSocket) -> io::Result<DatagramSocket<P>> {
        DatagramSocket::from_socket(ex, socket.into())
    }
}

impl<P: DatagramProtocol, O: Ownership> DatagramSocket<P, O> {
    /// Sends one datagram from `buf` to `to` (Asio's `async_send_to`).
    ///
    /// Equivalent to: `async fn async_send_to(&self, buf: &[u8], to) -> io::Result<usize>`
    /// (with an owned buffer: `-> (io::Result<usize>, Vec<u8>)`). `to` is a `SocketAddr` for
    /// UDP, a path or a [`local::SocketAddr`](crate::net::local::SocketAddr) for local
    /// sockets.
    ///
    /// Completes with the number of bytes sent (all of `buf`).
    /// - closure: called with the result on a thread running the context;
    /// - [`UseFuture`](crate::UseFuture): returns a [`SendTo`] future;
    /// - [`Blocking`]: sends on the calling thread and returns the result.
    ///
    /// The handler is never called from inside this function ([G2](crate::guarantees#g2)).
    ///
    /// # Errors
    ///
    /// What `sendto(2)` reports (for a local path: `NotFound` if nothing is bound there,
    /// `ConnectionRefused` if its socket is closed), or `InvalidInput` for a path too long to
    /// be a socket address.
    ///
    /// # Cancellation
    ///
    /// `cancel()`, `close()` or dropping the socket complete it with
    /// [`error::aborted`](crate::error::aborted); dropping the future withdraws it.
    ///
    /// # Examples
    ///
    /// ```
    /// use jeton::net::UdpSocket;
    /// use jeton::IoContext;
    /// use std::io;
    ///
    /// let io = IoContext::new()?;
    /// let a = UdpSocket::bind(&io.executor(), "127.0.0.1:0")?;
    /// let b = UdpSocket::bind(&io.executor(), "127.0.0.1:0")?;
    /// a.async_send_to(b"hello".to_vec(), b.local_addr()?, |(r, buf): (io::Result<usize>, Vec<u8>)| {
    ///     assert_eq!(r.unwrap(), buf.len()); // the buffer comes back
    /// });
    /// io.run();
    /// assert_eq!(b.recv(&mut [0u8; 8])?, 5);
    /// # Ok::<(), std::io::Error>(())
    /// ```
    pub fn async_send_to<B, E, T>(&self, buf: B, to: E, token: T) -> T::Output
    where
        B: IoBuf + Unpin,
        E: IntoEndpoint<P::Endpoint>,
        T: CompletionToken<SendTo<P, B>>,
    {
        let call = SendCall::new(buf, Some(to.into_endpoint()));
        token.launch(SocketOp::new(self.handle(), call))
    }

    /// Sends one datagram to `to` on the calling thread (`async_send_to(buf, to, Blocking)`).
    ///
    /// # Errors
    ///
    /// As [`async_send_to`](IoObject::async_send_to), or the aborted error if cancelled from
    /// another thread.
    ///
    /// # Examples
    ///
    /// ```
    /// use jeton::net::UdpSocket;
    /// use jeton::IoContext;
    ///
    /// let io = IoContext::new()?; // no thread needs to run it
    /// let a = UdpSocket::bind(&io.executor(), "127.0.0.1:0")?;
    /// let b = UdpSocket::bind(&io.executor(), "127.0.0.1:0")?;
    /// assert_eq!(a.send_to(b"ping", b.local_addr()?)?, 4);
    /// let mut buf = [0u8; 16];
    /// let (n, from) = b.recv_from(&mut buf)?;
    /// assert_eq!((&buf[..n], from), (&b"ping"[..], a.local_addr()?));
    /// # Ok::<(), std::io::Error>(())
    /// ```
    pub fn send_to(&self, buf: &[u8], to: impl IntoEndpoint<P::Endpoint>) -> io::Result<usize> {
        self.async_send_to(buf, to, Blocking)
    }

    /// Receives one datagram into `buf` (Asio's `async_receive_from`).
    ///
    /// Equivalent to: `async fn async_recv_from(&self, buf: &mut [u8]) -> io::Result<(usize,
    /// P::Endpoint)>` (with an owned buffer: `-> (io::Result<(usize, P::Endpoint)>,
    /// Vec<u8>)`).
    ///
    /// Completes with the datagram's length and its sender. A datagram longer than `buf` is
    /// truncated.
    /// - closure: called with the result on a thread running the context;
    /// - [`UseFuture`](crate::UseFuture): returns a [`RecvFrom`] future;
    /// - [`Blocking`]: waits on the calling thread and returns the result.
    ///
    /// The handler is never called from inside this function ([G2](crate::guarantees#g2)).
    ///
    /// # Errors
    ///
    /// What `recvfrom(2)` reports.
    ///
    /// # Cancellation
    ///
    /// `cancel()`, `close()` or dropping the socket complete it with
    /// [`error::aborted`](crate::error::aborted); dropping the future withdraws it.
    ///
    /// # Examples
    ///
    /// ```
    /// use jeton::net::UdpSocket;
    /// use jeton::IoContext;
    /// use std::io;
    ///
    /// let io = IoContext::new()?;
    /// let server = UdpSocket::bind(&io.executor(), "127.0.0.1:0")?;
    /// let client = UdpSocket::bind(&io.executor(), "127.0.0.1:0")?;
    /// server.async_recv_from(vec![0u8; 64], |(r, buf): (io::Result<_>, Vec<u8>)| {
    ///     let (n, from) = r.unwrap();
    ///     println!("{from} sent {:?}", &buf[..n]);
    /// });
    /// client.send_to(b"hello", server.local_addr()?)?;
    /// io.run();
    /// # Ok::<(), std::io::Error>(())
    /// ```
    pub fn async_recv_from<B, T>(&self, buf: B, token: T) -> T::Output
    where
        B: IoBufMut + Unpin,
        T: CompletionToken<RecvFrom<P, B>>,
    {
        token.launch(SocketOp::new(self.handle(), RecvCall::new(buf)))
    }

    /// Receives one datagram on the calling thread (`async_recv_from(buf, Blocking)`).
    ///
    /// # Errors
    ///
    /// As [`async_recv_from`](IoObject::async_recv_from), or the aborted error if cancelled
    /// from another thread.
    ///
    /// # Examples
    ///
    /// A datagram longer than the buffer is truncated:
    ///
    ///
    /// ```
    /// use jeton::net::UdpSocket;
    /// use jeton::IoContext;
    ///
    /// let io = IoContext::new()?;
    /// let a = UdpSocket::bind(&io.executor(), "127.0.0.1:0")?;
    /// let b = UdpSocket::bind(&io.executor(), "127.0.0.1:0")?;
    /// a.send_to(b"0123456789", b.local_addr()?)?;
    /// let mut small = [0u8; 4];
    /// assert_eq!(b.recv_from(&mut small)?.0, 4);
    /// assert_eq!(&small, b"0123");
    /// # Ok::<(), std::io::Error>(())
    /// ```
    pub fn recv_from(&self, buf: &mut [u8]) -> io::Result<(usize, P::Endpoint)> {
        self.async_recv_from(buf, Blocking)
    }

    /// Sends one datagram to the connected peer (Asio's `async_send`).
    ///
    /// Equivalent to: `async fn async_send(&self, buf: &[u8]) -> io::Result<usize>` (with an
    /// owned buffer: `-> (io::Result<usize>, Vec<u8>)`). Tokens as for
    /// [`async_send_to`](IoObject::async_send_to); returns a [`SendConnected`] future with
    /// [`UseFuture`](crate::UseFuture). The handler is never called from inside this function
    /// ([G2](crate::guarantees#g2)).
    ///
    /// # Errors
    ///
    /// `NotConnected` (or `EDESTADDRREQ`) if not connected; `ConnectionRefused` after the
    /// peer's port was found closed.
    ///
    /// # Cancellation
    ///
    /// As for [`async_send_to`](IoObject::async_send_to).
    ///
    /// # Examples
    ///
    /// ```
    /// use jeton::net::UnixDatagram;
    /// use jeton::{IoContext, UseFuture};
    ///
    /// let io = IoContext::new()?;
    /// let (a, b) = UnixDatagram::pair(&io.executor())?;
    /// io.block_on(a.async_send(&b"one"[..], UseFuture))?;
    /// let mut buf = [0u8; 8];
    /// assert_eq!(io.block_on(b.async_recv(&mut buf[..], UseFuture))?, 3);
    /// # Ok::<(), std::io::Error>(())
    /// ```
    pub fn async_send<B, T>(&self, buf: B, token: T) -> T::Output
    where
        B: IoBuf + Unpin,
        T: CompletionToken<SendConnected<P, B>>,
    {
        token.launch(SocketOp::new(self.handle(), SendCall::new(buf, None)))
    }

    /// Sends one datagram to the connected peer on the calling thread
    /// (`async_send(buf, Blocking)`).
    ///
    /// # Errors
    ///
    /// As for [`async_send`](IoObject::async_send).
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
    /// a.connect(b.local_addr()?)?;
    /// assert_eq!(a.send(b"hi")?, 2);
    /// assert_eq!(b.recv(&mut [0u8; 8])?, 2);
    /// # Ok::<(), std::io::Error>(())
    /// ```
    pub fn send(&self, buf: &[u8]) -> io::Result<usize> {
        self.async_send(buf, Blocking)
    }

    /// Receives one datagram from the connected peer (Asio's `async_receive`).
    ///
    /// Equivalent to: `async fn async_recv(&self, buf: &mut [u8]) -> io::Result<usize>` (with
    /// an owned buffer: `-> (io::Result<usize>, Vec<u8>)`). Tokens as for
    /// [`async_recv_from`](IoObject::async_recv_from); returns a [`RecvConnected`] future
    /// with [`UseFuture`](crate::UseFuture). The handler is never called from inside this
    /// function ([G2](crate::guarantees#g2)).
    ///
    /// # Errors
    ///
    /// `ConnectionRefused` after the peer's port was found closed.
    ///
    /// # Cancellation
    ///
    /// As for [`async_recv_from`](IoObject::async_recv_from).
    ///
    /// # Examples
    ///
    /// See [`async_send`](IoObject::async_send).
    pub fn async_recv<B, T>(&self, buf: B, token: T) -> T::Output
    where
        B: IoBufMut + Unpin,
        T: CompletionToken<RecvConnected<P, B>>,
    {
        token.launch(SocketOp::new(self.handle(), RecvCall::new(buf)))
    }

    /// Receives one datagram from the connected peer on the calling thread
    /// (`async_recv(buf, Blocking)`).
    ///
    /// # Errors
    ///
    /// As for [`async_recv`](IoObject::async_recv), or the aborted error if cancelled from
    /// another thread.
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
    /// a.send(b"two")?;
    /// let mut buf = [0u8; 8];
    /// let n = b.recv(&mut buf)?;
    /// assert_eq!(&buf[..n], b"one"); // one datagram per call
    /// let n = b.recv(&mut buf)?;
    /// assert_eq!(&buf[..n], b"two");
    /// # Ok::<(), std::io::Error>(())
    /// ```
    pub fn recv(&self, buf: &mut [u8]) -> io::Result<usize> {
        self.async_recv(buf, Blocking)
    }
}
