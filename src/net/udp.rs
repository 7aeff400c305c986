//! `UdpSocket`: a datagram socket on the Internet protocols (Asio's `ip::udp::socket`).

use std::io;
use std::net::{Ipv4Addr, Ipv6Addr, SocketAddr};
use std::sync::Arc;

use super::datagram::{self, AnySender, Connected, RecvCall, SendCall};
use super::socket_op::SocketOp;
use crate::executor::Executor;
use crate::io::{IoBuf, IoBufMut};
use crate::op::io_source::IoSource;
use crate::tokens::{Blocking, CompletionToken};

/// A UDP socket (Asio's `ip::udp::socket`).
///
/// Made bound with [`bind`](UdpSocket::bind). Sends and receives datagrams with
/// [`async_send_to`](UdpSocket::async_send_to) / [`async_recv_from`](UdpSocket::async_recv_from)
/// (any token) and their blocking twins, or, once [`connect`](UdpSocket::connect)ed, with
/// [`async_send`](UdpSocket::async_send) / [`async_recv`](UdpSocket::async_recv). Each
/// operation sends or receives exactly one datagram; a zero-length datagram is a datagram.
///
/// One receive and one send may be pending at the same time (G12); more are allowed and are
/// served as datagrams arrive.
///
/// # Cancellation
///
/// [`cancel`](UdpSocket::cancel), [`close`](UdpSocket::close) and dropping the socket complete
/// pending operations with [`error::aborted`](crate::error::aborted) (G3).
///
/// # Thread safety
///
/// Distinct objects: safe. Shared objects: safe (`Send + Sync`; operations on one socket may
/// be started from any thread).
///
/// # Examples
///
/// ```
/// use jeton::net::UdpSocket;
/// use jeton::IoContext;
///
/// let io = IoContext::new()?;
/// let a = UdpSocket::bind(&io.executor(), "127.0.0.1:0".parse().unwrap())?;
/// let b = UdpSocket::bind(&io.executor(), "127.0.0.1:0".parse().unwrap())?;
/// a.send_to(b"ping", b.local_addr()?)?;
/// let mut buf = [0u8; 16];
/// let (n, from) = b.recv_from(&mut buf)?; // blocking: no thread runs the context
/// assert_eq!((&buf[..n], from), (&b"ping"[..], a.local_addr()?));
/// # Ok::<(), std::io::Error>(())
/// ```
#[derive(Debug)]
pub struct UdpSocket {
    io: Arc<IoSource<mio::net::UdpSocket>>,
}

impl UdpSocket {
    /// Creates a socket bound to `addr` (port 0 picks a free port), registered with the
    /// context of `ex`.
    ///
    /// # Errors
    ///
    /// Whatever `socket(2)`/`bind(2)` report, e.g. `AddrInUse`.
    pub fn bind(ex: &Executor, addr: SocketAddr) -> io::Result<UdpSocket> {
        UdpSocket::from_mio(ex, mio::net::UdpSocket::bind(addr)?)
    }

    /// Wraps a standard socket (e.g. one configured with `socket2`: `SO_REUSEADDR` for a
    /// multicast receiver), registered with the context of `ex`. The socket is made
    /// non-blocking.
    ///
    /// # Errors
    ///
    /// If the socket cannot be made non-blocking or registered.
    pub fn from_std(ex: &Executor, socket: std::net::UdpSocket) -> io::Result<UdpSocket> {
        socket.set_nonblocking(true)?;
        UdpSocket::from_mio(ex, mio::net::UdpSocket::from_std(socket))
    }

    fn from_mio(ex: &Executor, socket: mio::net::UdpSocket) -> io::Result<UdpSocket> {
        Ok(UdpSocket {
            io: Arc::new(IoSource::new(ex, socket)?),
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

    /// Sets the default destination to `addr` and receives only from it: then
    /// [`send`](UdpSocket::send) and [`recv`](UdpSocket::recv) work. Completes at once (no
    /// packet is sent), so it has no `async_` twin.
    ///
    /// # Errors
    ///
    /// Whatever `connect(2)` reports, e.g. an address of the other family.
    pub fn connect(&self, addr: SocketAddr) -> io::Result<()> {
        self.io.with(|s| s.connect(addr))
    }

    /// Sends one datagram from `buf` to `addr`.
    ///
    /// Equivalent to: `async fn async_send_to(&self, buf: &[u8], addr) -> io::Result<usize>`
    /// (with an owned buffer: `-> (io::Result<usize>, Vec<u8>)`).
    ///
    /// Completes with the number of bytes sent (all of `buf`).
    /// - closure: called with the result on a thread running the context;
    /// - [`UseFuture`](crate::UseFuture): returns an [`UdpSendTo`] future;
    /// - [`Blocking`]: sends on the calling thread and returns the result.
    ///
    /// The handler is never called from inside this function (G2).
    ///
    /// # Cancellation
    ///
    /// `cancel()`, `close()` or dropping the socket complete it with
    /// [`error::aborted`](crate::error::aborted); dropping the future withdraws it.
    pub fn async_send_to<B, T>(&self, buf: B, addr: SocketAddr, token: T) -> T::Output
    where
        B: IoBuf + Unpin,
        T: CompletionToken<UdpSendTo<B>>,
    {
        token.launch(datagram::send(&self.io, buf, addr))
    }

    /// Sends one datagram to `addr` on the calling thread (`async_send_to(buf, addr,
    /// Blocking)`).
    ///
    /// # Errors
    ///
    /// What `sendto(2)` reports, or the aborted error if cancelled from another thread.
    pub fn send_to(&self, buf: &[u8], addr: SocketAddr) -> io::Result<usize> {
        self.async_send_to(buf, addr, Blocking)
    }

    /// Receives one datagram into `buf`.
    ///
    /// Equivalent to: `async fn async_recv_from(&self, buf: &mut [u8]) -> io::Result<(usize,
    /// SocketAddr)>` (with an owned buffer: `-> (io::Result<(usize, SocketAddr)>, Vec<u8>)`).
    ///
    /// Completes with the datagram's length and its sender. A datagram longer than `buf` is
    /// truncated.
    /// - closure: called with the result on a thread running the context;
    /// - [`UseFuture`](crate::UseFuture): returns an [`UdpRecvFrom`] future;
    /// - [`Blocking`]: waits on the calling thread and returns the result.
    ///
    /// The handler is never called from inside this function (G2).
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
    /// let server = UdpSocket::bind(&io.executor(), "127.0.0.1:0".parse().unwrap())?;
    /// let client = UdpSocket::bind(&io.executor(), "127.0.0.1:0".parse().unwrap())?;
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
        T: CompletionToken<UdpRecvFrom<B>>,
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
    /// owned buffer: `-> (io::Result<usize>, Vec<u8>)`). Tokens as for
    /// [`async_send_to`](UdpSocket::async_send_to); returns an [`UdpSend`] future with
    /// [`UseFuture`](crate::UseFuture). The handler is never called from inside this function
    /// (G2).
    ///
    /// # Errors
    ///
    /// `ENOTCONN` (or `EDESTADDRREQ`) if not connected; `ECONNREFUSED` after the peer's port
    /// was found closed.
    ///
    /// # Cancellation
    ///
    /// As for [`async_send_to`](UdpSocket::async_send_to).
    pub fn async_send<B, T>(&self, buf: B, token: T) -> T::Output
    where
        B: IoBuf + Unpin,
        T: CompletionToken<UdpSend<B>>,
    {
        token.launch(datagram::send(&self.io, buf, Connected))
    }

    /// Sends one datagram to the connected peer on the calling thread
    /// (`async_send(buf, Blocking)`).
    ///
    /// # Errors
    ///
    /// As for [`async_send`](UdpSocket::async_send).
    pub fn send(&self, buf: &[u8]) -> io::Result<usize> {
        self.async_send(buf, Blocking)
    }

    /// Receives one datagram from the connected peer.
    ///
    /// Equivalent to: `async fn async_recv(&self, buf: &mut [u8]) -> io::Result<usize>` (with
    /// an owned buffer: `-> (io::Result<usize>, Vec<u8>)`). Tokens as for
    /// [`async_recv_from`](UdpSocket::async_recv_from); returns an [`UdpRecv`] future with
    /// [`UseFuture`](crate::UseFuture). The handler is never called from inside this function
    /// (G2).
    ///
    /// # Errors
    ///
    /// `ECONNREFUSED` after the peer's port was found closed.
    ///
    /// # Cancellation
    ///
    /// As for [`async_recv_from`](UdpSocket::async_recv_from).
    pub fn async_recv<B, T>(&self, buf: B, token: T) -> T::Output
    where
        B: IoBufMut + Unpin,
        T: CompletionToken<UdpRecv<B>>,
    {
        token.launch(datagram::recv(&self.io, buf, Connected))
    }

    /// Receives one datagram from the connected peer on the calling thread
    /// (`async_recv(buf, Blocking)`).
    ///
    /// # Errors
    ///
    /// As for [`async_recv`](UdpSocket::async_recv).
    pub fn recv(&self, buf: &mut [u8]) -> io::Result<usize> {
        self.async_recv(buf, Blocking)
    }

    /// Allows or forbids sending to broadcast addresses (`SO_BROADCAST`, Asio's
    /// `socket_base::broadcast`).
    ///
    /// # Errors
    ///
    /// `EBADF` once closed, else what `setsockopt(2)` reports (as for every option below).
    pub fn set_broadcast(&self, on: bool) -> io::Result<()> {
        self.io.with(|s| s.set_broadcast(on))
    }

    /// Returns whether sending to broadcast addresses is allowed.
    ///
    /// # Errors
    ///
    /// `EBADF` once closed.
    pub fn broadcast(&self) -> io::Result<bool> {
        self.io.with(|s| s.broadcast())
    }

    /// Sets the time-to-live of outgoing unicast packets (`IP_TTL`, Asio's `unicast::hops`).
    ///
    /// # Errors
    ///
    /// `EBADF` once closed.
    pub fn set_ttl(&self, ttl: u32) -> io::Result<()> {
        self.io.with(|s| s.set_ttl(ttl))
    }

    /// Returns the time-to-live of outgoing unicast packets.
    ///
    /// # Errors
    ///
    /// `EBADF` once closed.
    pub fn ttl(&self) -> io::Result<u32> {
        self.io.with(|s| s.ttl())
    }

    /// Joins the IPv4 multicast group `group` on the interface with address `interface`
    /// (`Ipv4Addr::UNSPECIFIED`: the default one). Asio's `multicast::join_group`.
    ///
    /// # Errors
    ///
    /// `EBADF` once closed, else e.g. `EADDRNOTAVAIL` or `EINVAL` for a non-multicast group.
    pub fn join_multicast_v4(&self, group: Ipv4Addr, interface: Ipv4Addr) -> io::Result<()> {
        self.io.with(|s| s.join_multicast_v4(&group, &interface))
    }

    /// Leaves the IPv4 multicast group `group` on `interface`.
    ///
    /// # Errors
    ///
    /// `EBADF` once closed, else e.g. `EADDRNOTAVAIL` if not a member.
    pub fn leave_multicast_v4(&self, group: Ipv4Addr, interface: Ipv4Addr) -> io::Result<()> {
        self.io.with(|s| s.leave_multicast_v4(&group, &interface))
    }

    /// Joins the IPv6 multicast group `group` on the interface with index `interface` (0: the
    /// default one).
    ///
    /// # Errors
    ///
    /// `EBADF` once closed, else e.g. `EINVAL` for a non-multicast group.
    pub fn join_multicast_v6(&self, group: Ipv6Addr, interface: u32) -> io::Result<()> {
        self.io.with(|s| s.join_multicast_v6(&group, interface))
    }

    /// Leaves the IPv6 multicast group `group` on the interface with index `interface`.
    ///
    /// # Errors
    ///
    /// `EBADF` once closed, else e.g. `EADDRNOTAVAIL` if not a member.
    pub fn leave_multicast_v6(&self, group: Ipv6Addr, interface: u32) -> io::Result<()> {
        self.io.with(|s| s.leave_multicast_v6(&group, interface))
    }

    /// Sets whether IPv4 multicast packets sent are looped back to local receivers (Asio's
    /// `multicast::enable_loopback`).
    ///
    /// # Errors
    ///
    /// `EBADF` once closed.
    pub fn set_multicast_loop_v4(&self, on: bool) -> io::Result<()> {
        self.io.with(|s| s.set_multicast_loop_v4(on))
    }

    /// Returns whether IPv4 multicast packets are looped back.
    ///
    /// # Errors
    ///
    /// `EBADF` once closed.
    pub fn multicast_loop_v4(&self) -> io::Result<bool> {
        self.io.with(|s| s.multicast_loop_v4())
    }

    /// Sets the time-to-live of outgoing IPv4 multicast packets (Asio's `multicast::hops`).
    ///
    /// # Errors
    ///
    /// `EBADF` once closed.
    pub fn set_multicast_ttl_v4(&self, ttl: u32) -> io::Result<()> {
        self.io.with(|s| s.set_multicast_ttl_v4(ttl))
    }

    /// Returns the time-to-live of outgoing IPv4 multicast packets.
    ///
    /// # Errors
    ///
    /// `EBADF` once closed.
    pub fn multicast_ttl_v4(&self) -> io::Result<u32> {
        self.io.with(|s| s.multicast_ttl_v4())
    }

    /// Sets whether IPv6 multicast packets sent are looped back to local receivers.
    ///
    /// # Errors
    ///
    /// `EBADF` once closed; an error on an IPv4 socket.
    pub fn set_multicast_loop_v6(&self, on: bool) -> io::Result<()> {
        self.io.with(|s| s.set_multicast_loop_v6(on))
    }

    /// Returns whether IPv6 multicast packets are looped back.
    ///
    /// # Errors
    ///
    /// `EBADF` once closed; an error on an IPv4 socket.
    pub fn multicast_loop_v6(&self) -> io::Result<bool> {
        self.io.with(|s| s.multicast_loop_v6())
    }

    /// Returns and clears the pending socket error (`SO_ERROR`), e.g. an ICMP "port
    /// unreachable" seen by a connected socket.
    ///
    /// # Errors
    ///
    /// `EBADF` once closed.
    pub fn take_error(&self) -> io::Result<Option<io::Error>> {
        self.io.with(|s| s.take_error())
    }

    /// Completes every pending operation on the socket with
    /// [`error::aborted`](crate::error::aborted). The socket stays open.
    pub fn cancel(&self) {
        self.io.cancel();
    }

    /// Closes the socket: pending operations complete with
    /// [`error::aborted`](crate::error::aborted), later ones fail. Closing twice is a no-op.
    pub fn close(&self) {
        drop(self.io.close());
    }

    /// Returns whether the socket is open (not yet closed).
    pub fn is_open(&self) -> bool {
        self.io.is_open()
    }
}

impl Drop for UdpSocket {
    fn drop(&mut self) {
        self.close();
    }
}

/// The operation behind [`UdpSocket::async_send_to`]; completes with
/// `B::Completion<usize>`.
pub type UdpSendTo<B> = SocketOp<SendCall<mio::net::UdpSocket, B, SocketAddr>>;

/// The operation behind [`UdpSocket::async_recv_from`]; completes with
/// `B::Completion<(usize, SocketAddr)>`.
pub type UdpRecvFrom<B> = SocketOp<RecvCall<mio::net::UdpSocket, B, AnySender>>;

/// The operation behind [`UdpSocket::async_send`]; completes with
/// `B::Completion<usize>`.
pub type UdpSend<B> = SocketOp<SendCall<mio::net::UdpSocket, B, Connected>>;

/// The operation behind [`UdpSocket::async_recv`]; completes with
/// `B::Completion<usize>`.
pub type UdpRecv<B> = SocketOp<RecvCall<mio::net::UdpSocket, B, Connected>>;
