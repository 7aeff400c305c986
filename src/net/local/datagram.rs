//! The local datagram socket type (Asio's `local::datagram_protocol::socket`), and an unbound
//! one.

use std::io;

use super::endpoint::LocalFamily;
use super::protocol::LocalDatagram;
use crate::executor::Executor;
use crate::net::socket::datagram_socket::DatagramSocket;

/// A Unix domain datagram socket (Asio's `local::datagram_protocol::socket`): a
/// [`DatagramSocket`] of [`LocalDatagram`].
///
/// Made bound to a path (`bind`), [`unbound`](DatagramSocket::unbound), or as a connected
/// pair ([`pair`](DatagramSocket::pair)). Each operation sends or receives exactly one
/// datagram; a zero-length datagram is a datagram. Datagrams are reliable and ordered, but a
/// send may wait while the receiver's queue is full. The socket file of a bound socket stays
/// after it is closed.
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
pub type UnixDatagram = DatagramSocket<LocalDatagram>;

impl DatagramSocket<LocalDatagram> {
    /// Creates a socket bound to no address: it can send, and receive replies once connected
    /// (or as part of a pair).
    ///
    /// # Errors
    ///
    /// What `socket(2)` reports.
    ///
    /// # Examples
    ///
    /// ```
    /// use jeton::net::UnixDatagram;
    /// use jeton::IoContext;
    ///
    /// let io = IoContext::new()?;
    /// let sock = UnixDatagram::unbound(&io.executor())?;
    /// assert!(sock.local_addr()?.is_unnamed());
    /// # Ok::<(), std::io::Error>(())
    /// ```
    pub fn unbound(ex: &Executor) -> io::Result<UnixDatagram> {
        let sock = UnixDatagram::new(ex);
        sock.open(LocalFamily)?;
        Ok(sock)
    }
}
