//! The surface every socket has, whatever its protocol and role, written once: creating a
//! closed socket or adopting one, `open`, the local address, the pending error, Asio's user
//! non-blocking mode, and the native descriptor.

use std::io;
use std::os::fd::{AsRawFd, RawFd};

use socket2::Socket;

use super::core::SocketCore;
use super::role::Role;
use crate::executor::Executor;
use crate::io::{IoObject, Owner, Ownership};
use crate::net::endpoint::Endpoint;
use crate::net::protocol::Protocol;

impl<P: Protocol, R: Role> IoObject<SocketCore<P, R>, Owner> {
    /// Creates a closed socket on the context of `ex` (Asio's default-constructed socket).
    ///
    /// Open it with [`open`](IoObject::open); a connect opens it too.
    ///
    /// # Examples
    ///
    /// ```
    /// use jeton::net::{IpFamily, TcpSocket};
    /// use jeton::IoContext;
    ///
    /// let io = IoContext::new()?;
    /// let sock = TcpSocket::new(&io.executor());
    /// assert!(!sock.is_open());
    /// sock.open(IpFamily::V4)?;
    /// assert!(sock.is_open());
    /// # Ok::<(), std::io::Error>(())
    /// ```
    pub fn new(ex: &Executor) -> Self {
        IoObject::from_core(SocketCore::closed(ex))
    }

    /// Creates a socket that owns `socket` (Asio's `assign`), registered with the context of
    /// `ex`; `socket` is switched to non-blocking mode. This is how a socket configured with
    /// `socket2` before it is bound (e.g. `SO_REUSEADDR` for a multicast receiver) becomes a
    /// jeton socket. The caller is responsible for `socket` being of this protocol and role.
    ///
    /// # Errors
    ///
    /// Fails if the mode cannot be set or the reactor refuses the descriptor.
    ///
    /// # Examples
    ///
    /// ```
    /// use jeton::net::UdpSocket;
    /// use jeton::IoContext;
    /// use socket2::{Domain, Socket, Type};
    ///
    /// let io = IoContext::new()?;
    /// let raw = Socket::new(Domain::IPV4, Type::DGRAM, None)?;
    /// raw.set_reuse_address(true)?;
    /// raw.bind(&"127.0.0.1:0".parse::<std::net::SocketAddr>().unwrap().into())?;
    /// let sock = UdpSocket::from_socket(&io.executor(), raw)?;
    /// assert!(sock.reuse_address()?);
    /// # Ok::<(), std::io::Error>(())
    /// ```
    pub fn from_socket(ex: &Executor, socket: Socket) -> io::Result<Self> {
        Ok(IoObject::from_core(SocketCore::adopt(ex, socket)?))
    }
}

impl<P: Protocol, R: Role, O: Ownership> IoObject<SocketCore<P, R>, O> {
    /// Opens the socket for `family` ([`IpFamily`](crate::net::IpFamily) or
    /// [`LocalFamily`](crate::net::local::LocalFamily)), unconnected (Asio's `open`).
    ///
    /// # Errors
    ///
    /// `AlreadyExists` if the socket is open (Asio's `already_open`), or the system's error.
    ///
    /// # Examples
    ///
    /// ```
    /// use jeton::net::{IpFamily, TcpSocket};
    /// use jeton::IoContext;
    ///
    /// let io = IoContext::new()?;
    /// let sock = TcpSocket::new(&io.executor());
    /// sock.open(IpFamily::V6).or_else(|_| sock.open(IpFamily::V4))?;
    /// let again = sock.open(IpFamily::V4).unwrap_err();
    /// assert_eq!(again.kind(), std::io::ErrorKind::AlreadyExists);
    /// # Ok::<(), std::io::Error>(())
    /// ```
    pub fn open(&self, family: <P::Endpoint as Endpoint>::Family) -> io::Result<()> {
        self.core().open(family)
    }

    /// Returns the local address (Asio's `local_endpoint`).
    ///
    /// # Errors
    ///
    /// [`error::bad_descriptor`](crate::error::bad_descriptor) if the socket is closed.
    ///
    /// # Examples
    ///
    /// ```
    /// use jeton::net::UdpSocket;
    /// use jeton::IoContext;
    ///
    /// let io = IoContext::new()?;
    /// let sock = UdpSocket::bind(&io.executor(), "127.0.0.1:0")?;
    /// assert_ne!(sock.local_addr()?.port(), 0); // port 0 picked a free port
    /// # Ok::<(), std::io::Error>(())
    /// ```
    pub fn local_addr(&self) -> io::Result<P::Endpoint> {
        let addr = self.core().with(Socket::local_addr)?;
        P::Endpoint::from_sock_addr(addr)
    }

    /// Returns and clears the pending socket error (`SO_ERROR`), e.g. an ICMP "port
    /// unreachable" seen by a connected UDP socket.
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
    /// assert!(a.take_error()?.is_none());
    /// # Ok::<(), std::io::Error>(())
    /// ```
    pub fn take_error(&self) -> io::Result<Option<io::Error>> {
        self.core().with(Socket::take_error)
    }

    /// Sets Asio's user non-blocking mode: when on, synchronous calls
    /// ([`Blocking`](crate::Blocking) and the twins without `async_`: `read_some`,
    /// `write_some`, `accept`, `recv_from`, `std::io::{Read, Write}`, ...) return `WouldBlock`
    /// instead of waiting. Asynchronous operations are not affected. The descriptor itself is
    /// always non-blocking.
    ///
    /// # Examples
    ///
    /// ```
    /// use jeton::net::unix;
    /// use jeton::IoContext;
    ///
    /// let io = IoContext::new()?;
    /// let (a, _b) = unix::connect_pair(&io.executor())?;
    /// a.set_non_blocking(true);
    /// assert!(a.non_blocking());
    /// let e = a.read_some(&mut [0u8; 8]).unwrap_err();
    /// assert_eq!(e.kind(), std::io::ErrorKind::WouldBlock);
    /// # Ok::<(), std::io::Error>(())
    /// ```
    pub fn set_non_blocking(&self, on: bool) {
        self.core().source().set_non_blocking(on);
    }

    /// Returns whether the user non-blocking mode is on (see
    /// [`set_non_blocking`](IoObject::set_non_blocking)).
    ///
    /// # Examples
    ///
    /// ```
    /// use jeton::net::TcpSocket;
    /// use jeton::IoContext;
    ///
    /// let io = IoContext::new()?;
    /// assert!(!TcpSocket::new(&io.executor()).non_blocking());
    /// # Ok::<(), std::io::Error>(())
    /// ```
    pub fn non_blocking(&self) -> bool {
        self.core().source().non_blocking()
    }

    /// Returns the socket's descriptor (Asio's `native_handle`). The socket still owns it:
    /// use it for system calls jeton does not make, not to close it.
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
    /// assert!(a.native_handle()? >= 0);
    /// # Ok::<(), std::io::Error>(())
    /// ```
    pub fn native_handle(&self) -> io::Result<RawFd> {
        self.core().with(|s| Ok(s.as_raw_fd()))
    }

    /// Takes the descriptor out of the socket without closing it (Asio's `release`): pending
    /// operations complete with [`error::aborted`](crate::error::aborted), the socket is
    /// closed, and the caller owns the returned `socket2::Socket` (still non-blocking).
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
    /// let raw = a.release()?;
    /// assert!(!a.is_open());
    /// raw.send(b"still connected")?;
    /// let mut buf = [0u8; 32];
    /// assert_eq!(b.read_some(&mut buf)?, 15);
    /// # Ok::<(), std::io::Error>(())
    /// ```
    pub fn release(&self) -> io::Result<Socket> {
        self.core().take().ok_or_else(crate::error::bad_descriptor)
    }
}
