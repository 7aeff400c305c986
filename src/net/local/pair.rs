//! Pairs of connected local sockets (`socketpair(2)`, Asio's `local::connect_pair`).

use std::io;

use socket2::{Domain, Socket};

use super::datagram::UnixDatagram;
use super::protocol::LocalDatagram;
use super::stream::UnixStream;
use crate::executor::Executor;
use crate::io::IoObject;
use crate::net::protocol::Protocol;
use crate::net::socket::core::SocketCore;
use crate::net::socket::datagram_socket::DatagramSocket;
use crate::net::socket::role::Role;

/// Two connected sockets.
type Pair<P, R> = (IoObject<SocketCore<P, R>>, IoObject<SocketCore<P, R>>);

/// Makes a pair of connected local sockets of protocol `P`, both registered with the context
/// of `ex`.
fn socket_pair<P: Protocol, R: Role>(ex: &Executor) -> io::Result<Pair<P, R>> {
    let (a, b) = Socket::pair(Domain::UNIX, P::SOCKET_TYPE, None)?;
    let a = IoObject::from_core(SocketCore::adopt(ex, a)?);
    Ok((a, IoObject::from_core(SocketCore::adopt(ex, b)?)))
}

/// Makes a pair of connected streams (`socketpair(2)`, Asio's `local::connect_pair`), both
/// registered with the context of `ex`.
///
/// # Errors
///
/// What `socketpair(2)` reports, e.g. `EMFILE`.
///
/// # Examples
///
/// ```
/// use jeton::net::unix;
/// use jeton::{IoContext, UseFuture};
///
/// let io = IoContext::new()?;
/// let (a, b) = unix::connect_pair(&io.executor())?;
/// io.block_on(async {
///     a.async_write_some(&b"ping"[..], UseFuture).await?;
///     let mut buf = [0u8; 4];
///     let n = b.async_read_some(&mut buf[..], UseFuture).await?;
///     assert_eq!(&buf[..n], b"ping");
///     Ok::<(), std::io::Error>(())
/// })?;
/// # Ok::<(), std::io::Error>(())
/// ```
pub fn connect_pair(ex: &Executor) -> io::Result<(UnixStream, UnixStream)> {
    socket_pair(ex)
}

impl DatagramSocket<LocalDatagram> {
    /// Makes a pair of connected datagram sockets (`socketpair(2)`), both registered with the
    /// context of `ex`.
    ///
    /// # Errors
    ///
    /// What `socketpair(2)` reports.
    ///
    /// # Examples
    ///
    /// ```
    /// use jeton::net::UnixDatagram;
    /// use jeton::IoContext;
    ///
    /// let io = IoContext::new()?;
    /// let (a, b) = UnixDatagram::pair(&io.executor())?;
    /// a.send(b"")?; // a zero-length datagram is a datagram
    /// assert_eq!(b.recv(&mut [0u8; 4])?, 0);
    /// # Ok::<(), std::io::Error>(())
    /// ```
    pub fn pair(ex: &Executor) -> io::Result<(UnixDatagram, UnixDatagram)> {
        socket_pair(ex)
    }
}
