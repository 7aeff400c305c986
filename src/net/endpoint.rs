//! `Endpoint`: the address of a socket of some protocol, and `IntoEndpoint`, what operations
//! accept where an endpoint is expected.

use std::fmt::Debug;
use std::io;

use socket2::{Domain, SockAddr};

use super::sealed::Sealed;

/// The address of a socket (Asio's `endpoint`): [`std::net::SocketAddr`] for the Internet
/// protocols, [`local::SocketAddr`](super::local::SocketAddr) for local sockets. An endpoint
/// stands for itself wherever one is taken ([`IntoEndpoint`]). The trait is sealed.
///
/// # Examples
///
/// ```
/// use jeton::net::{Endpoint, IpFamily};
/// let ep: std::net::SocketAddr = "[::1]:80".parse().unwrap();
/// assert_eq!(ep.family(), IpFamily::V6);
/// ```
pub trait Endpoint:
    IntoEndpoint<Self> + Sealed + Clone + Debug + Send + Sync + Unpin + 'static
{
    /// The address family a socket is opened for (Asio's `protocol_type::v4()`, ...):
    /// [`IpFamily`](super::IpFamily) or [`LocalFamily`](super::local::LocalFamily).
    type Family: Copy + Debug + Send + Sync + 'static;

    /// Returns the family of this endpoint.
    fn family(&self) -> Self::Family;

    /// Returns the `socket2` domain of `family`.
    #[doc(hidden)]
    fn domain(family: Self::Family) -> Domain;

    /// Returns this endpoint as a system socket address.
    #[doc(hidden)]
    fn to_sock_addr(&self) -> SockAddr;

    /// Returns the endpoint a system socket address holds.
    ///
    /// # Errors
    ///
    /// `InvalidData` if the address is of another family.
    #[doc(hidden)]
    fn from_sock_addr(addr: SockAddr) -> io::Result<Self>;
}

/// What an operation takes where an endpoint of type `E` is expected: the endpoint itself,
/// and for local sockets any path (`&str`, `&Path`, `PathBuf`, ...).
///
/// # Examples
///
/// ```
/// use jeton::net::{local, IntoEndpoint};
/// let ep: local::SocketAddr = "/tmp/app.sock".into_endpoint()?;
/// assert_eq!(ep.as_pathname(), Some(std::path::Path::new("/tmp/app.sock")));
/// # Ok::<(), std::io::Error>(())
/// ```
pub trait IntoEndpoint<E> {
    /// Returns the endpoint.
    ///
    /// # Errors
    ///
    /// `InvalidInput` if it cannot be one (a path too long for a local socket address).
    fn into_endpoint(self) -> io::Result<E>;
}

/// Turns an address of another family into an error.
pub(crate) fn wrong_family() -> io::Error {
    io::Error::new(
        io::ErrorKind::InvalidData,
        "the socket address is of another family",
    )
}
