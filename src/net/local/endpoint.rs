//! `SocketAddr`: the address of a local (Unix domain) socket (Asio's `local::basic_endpoint`),
//! and `LocalFamily`, the one family local sockets are opened for.

use std::fmt;
use std::io;
use std::path::Path;

use socket2::{Domain, SockAddr};

use crate::net::endpoint::{wrong_family, Endpoint, IntoEndpoint};
use crate::net::sealed::Sealed;

/// The address of a local socket: a filesystem path, unnamed (an unbound socket, one side of
/// a pair), or, on Linux, a name in the abstract namespace.
///
/// Operations take a path wherever they take one ([`IntoEndpoint`]); receives and `accept`
/// give one back.
///
/// # Examples
///
/// ```
/// use jeton::net::local::SocketAddr;
/// let addr = SocketAddr::from_pathname("/tmp/app.sock")?;
/// assert_eq!(addr.as_pathname(), Some(std::path::Path::new("/tmp/app.sock")));
/// assert!(!addr.is_unnamed());
/// # Ok::<(), std::io::Error>(())
/// ```
#[derive(Clone, PartialEq, Eq, Hash)]
pub struct SocketAddr(SockAddr);

/// The address family of local sockets (`AF_UNIX`), what their `open` takes (Asio's
/// `local::stream_protocol()` as an argument of `open`).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub struct LocalFamily;

impl SocketAddr {
    /// Returns the address of the socket bound at `path`.
    ///
    /// # Errors
    ///
    /// `InvalidInput` if `path` is too long for a socket address (about 107 bytes).
    ///
    /// # Examples
    ///
    /// ```
    /// use jeton::net::local::SocketAddr;
    /// assert!(SocketAddr::from_pathname("/run/app.sock").is_ok());
    /// let too_long = "x".repeat(200);
    /// assert_eq!(SocketAddr::from_pathname(too_long).unwrap_err().kind(), std::io::ErrorKind::InvalidInput);
    /// # Ok::<(), std::io::Error>(())
    /// ```
    pub fn from_pathname(path: impl AsRef<Path>) -> io::Result<SocketAddr> {
        SockAddr::unix(path).map(SocketAddr)
    }

    /// Returns the path, if the address is one.
    pub fn as_pathname(&self) -> Option<&Path> {
        self.0.as_pathname()
    }

    /// Returns whether the address is unnamed (an unbound socket, or one side of a pair).
    ///
    /// # Examples
    ///
    /// ```
    /// use jeton::net::unix;
    /// use jeton::IoContext;
    ///
    /// let io = IoContext::new()?;
    /// let (a, _b) = unix::connect_pair(&io.executor())?;
    /// let addr = a.local_addr()?;
    /// assert!(addr.is_unnamed());
    /// assert_eq!((addr.as_pathname(), addr.as_abstract_name()), (None, None));
    /// # Ok::<(), std::io::Error>(())
    /// ```
    pub fn is_unnamed(&self) -> bool {
        self.0.is_unnamed()
    }

    /// Returns the name in the abstract namespace, if the address is one (Linux).
    pub fn as_abstract_name(&self) -> Option<&[u8]> {
        self.0.as_abstract_namespace()
    }
}

impl fmt::Debug for SocketAddr {
    /// As the standard library's: `"/path" (pathname)`, `(unnamed)`, or the abstract name.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if let Some(path) = self.as_pathname() {
            write!(f, "{path:?} (pathname)")
        } else if let Some(name) = self.as_abstract_name() {
            write!(f, "\"{}\" (abstract)", name.escape_ascii())
        } else {
            f.write_str("(unnamed)")
        }
    }
}

impl Sealed for SocketAddr {}

/// The endpoint of [`LocalStream`](super::protocol::LocalStream) and
/// [`LocalDatagram`](super::protocol::LocalDatagram).
impl Endpoint for SocketAddr {
    type Family = LocalFamily;

    fn family(&self) -> LocalFamily {
        LocalFamily
    }

    fn domain(_: LocalFamily) -> Domain {
        Domain::UNIX
    }

    fn to_sock_addr(&self) -> SockAddr {
        self.0.clone()
    }

    /// An empty address is an unnamed one: Linux reports the sender of a datagram from an
    /// unbound socket with zero bytes of address (as `std` handles it).
    fn from_sock_addr(addr: SockAddr) -> io::Result<SocketAddr> {
        if addr.is_unix() {
            Ok(SocketAddr(addr))
        } else if addr.len() == 0 {
            SocketAddr::from_pathname("")
        } else {
            Err(wrong_family())
        }
    }
}

/// A path is the address of the socket bound there.
impl<T: AsRef<Path>> IntoEndpoint<SocketAddr> for T {
    fn into_endpoint(self) -> io::Result<SocketAddr> {
        SocketAddr::from_pathname(self)
    }
}

/// An endpoint stands for itself.
impl IntoEndpoint<SocketAddr> for SocketAddr {
    fn into_endpoint(self) -> io::Result<SocketAddr> {
        Ok(self)
    }
}

/// A borrowed endpoint is copied.
impl IntoEndpoint<SocketAddr> for &SocketAddr {
    fn into_endpoint(self) -> io::Result<SocketAddr> {
        Ok(self.clone())
    }
}
