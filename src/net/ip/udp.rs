//! The UDP socket type (Asio's `ip::udp::socket`), its operation names, and the UDP-only
//! options: broadcast, unicast and multicast time-to-live, multicast groups and loopback.

use std::io;
use std::net::{Ipv4Addr, Ipv6Addr};

use super::protocol::Udp;
use crate::io::Ownership;
use crate::net::ops::datagram::{RecvFrom, SendTo};
use crate::net::socket::datagram_socket::DatagramSocket;

/// A UDP socket (Asio's `ip::udp::socket`): a [`DatagramSocket`] of [`Udp`].
///
/// Made bound with `bind`. Sends and receives datagrams with `async_send_to` /
/// `async_recv_from` (any token) and their blocking twins, or, once `connect`ed, with
/// `async_send` / `async_recv`.
///
/// # Cancellation
///
/// `cancel`, `close` and dropping the socket complete pending operations with
/// [`error::aborted`](crate::error::aborted) ([G3](crate::guarantees#g3)).
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
/// let a = UdpSocket::bind(&io.executor(), "127.0.0.1:0")?;
/// let b = UdpSocket::bind(&io.executor(), "127.0.0.1:0")?;
/// a.send_to(b"ping", b.local_addr()?)?;
/// let mut buf = [0u8; 16];
/// let (n, from) = b.recv_from(&mut buf)?; // blocking: no thread runs the context
/// assert_eq!((&buf[..n], from), (&b"ping"[..], a.local_addr()?));
/// # Ok::<(), std::io::Error>(())
/// ```
pub type UdpSocket = DatagramSocket<Udp>;

/// The operation behind [`UdpSocket`]'s `async_send_to`: a [`SendTo`] of [`Udp`].
pub type UdpSendTo<B> = SendTo<Udp, B>;

/// The operation behind [`UdpSocket`]'s `async_recv_from`: a [`RecvFrom`] of [`Udp`].
pub type UdpRecvFrom<B> = RecvFrom<Udp, B>;

impl<O: Ownership> DatagramSocket<Udp, O> {
    /// Allows or forbids sending to broadcast addresses (`SO_BROADCAST`, Asio's
    /// `socket_base::broadcast`).
    ///
    /// # Errors
    ///
    /// [`error::bad_descriptor`](crate::error::bad_descriptor) once closed, else what
    /// `setsockopt(2)` reports (as for every option below).
    ///
    /// # Examples
    ///
    /// ```
    /// use jeton::net::UdpSocket;
    /// use jeton::IoContext;
    ///
    /// let io = IoContext::new()?;
    /// let sock = UdpSocket::bind(&io.executor(), "127.0.0.1:0")?;
    /// sock.set_broadcast(true)?;
    /// assert!(sock.broadcast()?);
    /// sock.set_ttl(42)?;
    /// assert_eq!(sock.ttl()?, 42);
    /// # Ok::<(), std::io::Error>(())
    /// ```
    pub fn set_broadcast(&self, on: bool) -> io::Result<()> {
        self.core().with(|s| s.set_broadcast(on))
    }

    /// Returns whether sending to broadcast addresses is allowed.
    ///
    /// # Errors
    ///
    /// [`error::bad_descriptor`](crate::error::bad_descriptor) once closed.
    pub fn broadcast(&self) -> io::Result<bool> {
        self.core().with(|s| s.broadcast())
    }

    /// Sets the time-to-live of outgoing unicast packets (`IP_TTL`, Asio's `unicast::hops`).
    ///
    /// # Errors
    ///
    /// [`error::bad_descriptor`](crate::error::bad_descriptor) once closed.
    ///
    /// # Examples
    ///
    /// ```
    /// use jeton::net::UdpSocket;
    /// use jeton::IoContext;
    ///
    /// let io = IoContext::new()?;
    /// let sock = UdpSocket::bind(&io.executor(), "127.0.0.1:0")?;
    /// sock.set_ttl(16)?;
    /// assert_eq!(sock.ttl()?, 16);
    /// # Ok::<(), std::io::Error>(())
    /// ```
    pub fn set_ttl(&self, ttl: u32) -> io::Result<()> {
        self.core().with(|s| s.set_ttl(ttl))
    }

    /// Returns the time-to-live of outgoing unicast packets.
    ///
    /// # Errors
    ///
    /// [`error::bad_descriptor`](crate::error::bad_descriptor) once closed.
    pub fn ttl(&self) -> io::Result<u32> {
        self.core().with(|s| s.ttl())
    }

    /// Joins the IPv4 multicast group `group` on the interface with address `interface`
    /// (`Ipv4Addr::UNSPECIFIED`: the default one). Asio's `multicast::join_group`.
    ///
    /// # Errors
    ///
    /// [`error::bad_descriptor`](crate::error::bad_descriptor) once closed, else e.g.
    /// `EADDRNOTAVAIL` or `EINVAL` for a non-multicast group.
    ///
    /// # Examples
    ///
    /// ```
    /// use jeton::net::UdpSocket;
    /// use jeton::IoContext;
    /// use std::net::Ipv4Addr;
    ///
    /// let io = IoContext::new()?;
    /// let sock = UdpSocket::bind(&io.executor(), "0.0.0.0:0")?;
    /// assert!(sock.join_multicast_v4(Ipv4Addr::LOCALHOST, Ipv4Addr::UNSPECIFIED).is_err());
    /// # Ok::<(), std::io::Error>(())
    /// ```
    pub fn join_multicast_v4(&self, group: Ipv4Addr, interface: Ipv4Addr) -> io::Result<()> {
        self.core()
            .with(|s| s.join_multicast_v4(&group, &interface))
    }

    /// Leaves the IPv4 multicast group `group` on `interface`.
    ///
    /// # Errors
    ///
    /// [`error::bad_descriptor`](crate::error::bad_descriptor) once closed, else e.g.
    /// `EADDRNOTAVAIL` if not a member.
    ///
    /// # Examples
    ///
    /// ```
    /// use jeton::net::UdpSocket;
    /// use jeton::IoContext;
    /// use std::net::Ipv4Addr;
    ///
    /// let io = IoContext::new()?;
    /// let sock = UdpSocket::bind(&io.executor(), "0.0.0.0:0")?;
    /// let group = Ipv4Addr::new(239, 255, 0, 1);
    /// assert!(sock.leave_multicast_v4(group, Ipv4Addr::UNSPECIFIED).is_err()); // not a member
    /// if sock.join_multicast_v4(group, Ipv4Addr::UNSPECIFIED).is_ok() { // needs a multicast route
    ///     sock.leave_multicast_v4(group, Ipv4Addr::UNSPECIFIED)?;
    /// }
    /// # Ok::<(), std::io::Error>(())
    /// ```
    pub fn leave_multicast_v4(&self, group: Ipv4Addr, interface: Ipv4Addr) -> io::Result<()> {
        self.core()
            .with(|s| s.leave_multicast_v4(&group, &interface))
    }

    /// Joins the IPv6 multicast group `group` on the interface with index `interface` (0: the
    /// default one).
    ///
    /// # Errors
    ///
    /// [`error::bad_descriptor`](crate::error::bad_descriptor) once closed, else e.g.
    /// `EINVAL` for a non-multicast group.
    ///
    /// # Examples
    ///
    /// ```
    /// use jeton::net::UdpSocket;
    /// use jeton::IoContext;
    /// use std::net::Ipv6Addr;
    ///
    /// let io = IoContext::new()?;
    /// let Ok(sock) = UdpSocket::bind(&io.executor(), "[::]:0") else {
    ///     return Ok(()); // no IPv6 here
    /// };
    /// let group: Ipv6Addr = "ff15::1".parse().unwrap();
    /// assert!(sock.join_multicast_v6(Ipv6Addr::LOCALHOST, 0).is_err()); // not a multicast group
    /// if sock.join_multicast_v6(group, 0).is_ok() { // needs a multicast route
    ///     sock.leave_multicast_v6(group, 0)?;
    /// }
    /// # Ok::<(), std::io::Error>(())
    /// ```
    pub fn join_multicast_v6(&self, group: Ipv6Addr, interface: u32) -> io::Result<()> {
        self.core().with(|s| s.join_multicast_v6(&group, interface))
    }

    /// Leaves the IPv6 multicast group `group` on the interface with index `interface`.
    ///
    /// # Errors
    ///
    /// [`error::bad_descriptor`](crate::error::bad_descriptor) once closed, else e.g.
    /// `EADDRNOTAVAIL` if not a member.
    ///
    /// # Examples
    ///
    /// ```
    /// use jeton::net::UdpSocket;
    /// use jeton::IoContext;
    /// use std::net::Ipv6Addr;
    ///
    /// let io = IoContext::new()?;
    /// let Ok(sock) = UdpSocket::bind(&io.executor(), "[::]:0") else {
    ///     return Ok(()); // no IPv6 here
    /// };
    /// assert!(sock.leave_multicast_v6("ff15::1".parse().unwrap(), 0).is_err()); // not a member
    /// # Ok::<(), std::io::Error>(())
    /// ```
    pub fn leave_multicast_v6(&self, group: Ipv6Addr, interface: u32) -> io::Result<()> {
        self.core()
            .with(|s| s.leave_multicast_v6(&group, interface))
    }

    /// Sets whether IPv4 multicast packets sent are looped back to local receivers (Asio's
    /// `multicast::enable_loopback`).
    ///
    /// # Errors
    ///
    /// [`error::bad_descriptor`](crate::error::bad_descriptor) once closed.
    ///
    /// # Examples
    ///
    /// ```
    /// use jeton::net::UdpSocket;
    /// use jeton::IoContext;
    ///
    /// let io = IoContext::new()?;
    /// let sock = UdpSocket::bind(&io.executor(), "127.0.0.1:0")?;
    /// sock.set_multicast_loop_v4(false)?;
    /// assert!(!sock.multicast_loop_v4()?);
    /// sock.set_multicast_ttl_v4(3)?;
    /// assert_eq!(sock.multicast_ttl_v4()?, 3);
    /// # Ok::<(), std::io::Error>(())
    /// ```
    pub fn set_multicast_loop_v4(&self, on: bool) -> io::Result<()> {
        self.core().with(|s| s.set_multicast_loop_v4(on))
    }

    /// Returns whether IPv4 multicast packets are looped back.
    ///
    /// # Errors
    ///
    /// [`error::bad_descriptor`](crate::error::bad_descriptor) once closed.
    pub fn multicast_loop_v4(&self) -> io::Result<bool> {
        self.core().with(|s| s.multicast_loop_v4())
    }

    /// Sets the time-to-live of outgoing IPv4 multicast packets (Asio's `multicast::hops`).
    ///
    /// # Errors
    ///
    /// [`error::bad_descriptor`](crate::error::bad_descriptor) once closed.
    pub fn set_multicast_ttl_v4(&self, ttl: u32) -> io::Result<()> {
        self.core().with(|s| s.set_multicast_ttl_v4(ttl))
    }

    /// Returns the time-to-live of outgoing IPv4 multicast packets.
    ///
    /// # Errors
    ///
    /// [`error::bad_descriptor`](crate::error::bad_descriptor) once closed.
    pub fn multicast_ttl_v4(&self) -> io::Result<u32> {
        self.core().with(|s| s.multicast_ttl_v4())
    }

    /// Sets whether IPv6 multicast packets sent are looped back to local receivers.
    ///
    /// # Errors
    ///
    /// [`error::bad_descriptor`](crate::error::bad_descriptor) once closed; an error on an
    /// IPv4 socket.
    ///
    /// # Examples
    ///
    /// ```
    /// use jeton::net::UdpSocket;
    /// use jeton::IoContext;
    ///
    /// let io = IoContext::new()?;
    /// let Ok(sock) = UdpSocket::bind(&io.executor(), "[::1]:0") else {
    ///     return Ok(()); // no IPv6 here
    /// };
    /// sock.set_multicast_loop_v6(false)?;
    /// assert!(!sock.multicast_loop_v6()?);
    /// # Ok::<(), std::io::Error>(())
    /// ```
    pub fn set_multicast_loop_v6(&self, on: bool) -> io::Result<()> {
        self.core().with(|s| s.set_multicast_loop_v6(on))
    }

    /// Returns whether IPv6 multicast packets are looped back.
    ///
    /// # Errors
    ///
    /// [`error::bad_descriptor`](crate::error::bad_descriptor) once closed; an error on an
    /// IPv4 socket.
    pub fn multicast_loop_v6(&self) -> io::Result<bool> {
        self.core().with(|s| s.multicast_loop_v6())
    }
}
