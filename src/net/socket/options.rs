//! The socket options every socket has, whatever its protocol and role (Asio's
//! `socket_base` options), written once over `socket2`.

use std::io;
use std::time::Duration;

use super::core::SocketCore;
use super::role::Role;
use crate::io::{IoObject, Ownership};
use crate::net::protocol::Protocol;

impl<P: Protocol, R: Role, O: Ownership> IoObject<SocketCore<P, R>, O> {
    /// Sets `SO_REUSEADDR` (Asio's `reuse_address`), for a socket that is bound later.
    ///
    /// # Errors
    ///
    /// [`error::bad_descriptor`](crate::error::bad_descriptor) if the socket is closed, or the
    /// system's error (as for every option below).
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
    /// sock.set_reuse_address(true)?;
    /// assert!(sock.reuse_address()?);
    /// # Ok::<(), std::io::Error>(())
    /// ```
    pub fn set_reuse_address(&self, on: bool) -> io::Result<()> {
        self.core().with(|s| s.set_reuse_address(on))
    }

    /// Returns `SO_REUSEADDR`.
    ///
    /// # Errors
    ///
    /// [`error::bad_descriptor`](crate::error::bad_descriptor) if the socket is closed.
    pub fn reuse_address(&self) -> io::Result<bool> {
        self.core().with(|s| s.reuse_address())
    }

    /// Sets `SO_SNDBUF` (Asio's `send_buffer_size`); the system may round it (Linux doubles
    /// it).
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
    /// let (a, _b) = unix::connect_pair(&io.executor())?;
    /// a.set_send_buffer_size(64 * 1024)?;
    /// assert!(a.send_buffer_size()? >= 64 * 1024);
    /// a.set_recv_buffer_size(64 * 1024)?;
    /// assert!(a.recv_buffer_size()? >= 64 * 1024);
    /// # Ok::<(), std::io::Error>(())
    /// ```
    pub fn set_send_buffer_size(&self, size: usize) -> io::Result<()> {
        self.core().with(|s| s.set_send_buffer_size(size))
    }

    /// Returns `SO_SNDBUF`.
    ///
    /// # Errors
    ///
    /// [`error::bad_descriptor`](crate::error::bad_descriptor) if the socket is closed.
    pub fn send_buffer_size(&self) -> io::Result<usize> {
        self.core().with(|s| s.send_buffer_size())
    }

    /// Sets `SO_RCVBUF` (Asio's `receive_buffer_size`); the system may round it (Linux
    /// doubles it).
    ///
    /// # Errors
    ///
    /// [`error::bad_descriptor`](crate::error::bad_descriptor) if the socket is closed.
    pub fn set_recv_buffer_size(&self, size: usize) -> io::Result<()> {
        self.core().with(|s| s.set_recv_buffer_size(size))
    }

    /// Returns `SO_RCVBUF`.
    ///
    /// # Errors
    ///
    /// [`error::bad_descriptor`](crate::error::bad_descriptor) if the socket is closed.
    pub fn recv_buffer_size(&self) -> io::Result<usize> {
        self.core().with(|s| s.recv_buffer_size())
    }

    /// Sets `SO_KEEPALIVE` (Asio's `keep_alive`).
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
    /// let (a, _b) = unix::connect_pair(&io.executor())?;
    /// a.set_keepalive(true)?;
    /// assert!(a.keepalive()?);
    /// # Ok::<(), std::io::Error>(())
    /// ```
    pub fn set_keepalive(&self, on: bool) -> io::Result<()> {
        self.core().with(|s| s.set_keepalive(on))
    }

    /// Returns `SO_KEEPALIVE`.
    ///
    /// # Errors
    ///
    /// [`error::bad_descriptor`](crate::error::bad_descriptor) if the socket is closed.
    pub fn keepalive(&self) -> io::Result<bool> {
        self.core().with(|s| s.keepalive())
    }

    /// Sets `SO_LINGER` (Asio's `linger`): `Some(d)` makes close wait up to `d` for unsent
    /// data (`Some(Duration::ZERO)` resets the connection on close); `None` turns it off.
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
    /// use std::time::Duration;
    ///
    /// let io = IoContext::new()?;
    /// let (a, _b) = unix::connect_pair(&io.executor())?;
    /// a.set_linger(Some(Duration::from_secs(1)))?;
    /// assert_eq!(a.linger()?, Some(Duration::from_secs(1)));
    /// # Ok::<(), std::io::Error>(())
    /// ```
    pub fn set_linger(&self, linger: Option<Duration>) -> io::Result<()> {
        self.core().with(|s| s.set_linger(linger))
    }

    /// Returns `SO_LINGER`.
    ///
    /// # Errors
    ///
    /// [`error::bad_descriptor`](crate::error::bad_descriptor) if the socket is closed.
    pub fn linger(&self) -> io::Result<Option<Duration>> {
        self.core().with(|s| s.linger())
    }
}
