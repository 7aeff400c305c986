//! `IpFamily`: which IP version a socket is opened for (Asio's `tcp::v4()` / `tcp::v6()`),
//! and [`std::net::SocketAddr`] as the endpoint of the Internet protocols, with what stands
//! for one.

use std::io;
use std::net::{IpAddr, SocketAddr};

use socket2::{Domain, SockAddr};

use crate::net::endpoint::{wrong_family, Endpoint, IntoEndpoint};
use crate::net::sealed::Sealed;

/// The IP version a socket is opened for (Asio's `ip::tcp::v4()` and `ip::tcp::v6()`).
///
/// # Examples
///
/// ```
/// use jeton::net::IpFamily;
/// let addr: std::net::SocketAddr = "[::1]:80".parse().unwrap();
/// assert_eq!(IpFamily::of(&addr), IpFamily::V6);
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum IpFamily {
    /// IPv4 (`AF_INET`).
    V4,
    /// IPv6 (`AF_INET6`).
    V6,
}

impl IpFamily {
    /// Returns the family of `addr`.
    pub fn of(addr: &SocketAddr) -> IpFamily {
        match addr {
            SocketAddr::V4(_) => IpFamily::V4,
            SocketAddr::V6(_) => IpFamily::V6,
        }
    }
}

impl Sealed for SocketAddr {}

/// The endpoint of [`Tcp`](crate::net::Tcp) and [`Udp`](crate::net::Udp).
impl Endpoint for SocketAddr {
    type Family = IpFamily;

    fn family(&self) -> IpFamily {
        IpFamily::of(self)
    }

    fn domain(family: IpFamily) -> Domain {
        match family {
            IpFamily::V4 => Domain::IPV4,
            IpFamily::V6 => Domain::IPV6,
        }
    }

    fn to_sock_addr(&self) -> SockAddr {
        SockAddr::from(*self)
    }

    fn from_sock_addr(addr: SockAddr) -> io::Result<SocketAddr> {
        addr.as_socket().ok_or_else(wrong_family)
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
        Ok(*self)
    }
}

/// An address and a port, as `std::net::ToSocketAddrs` takes them: `(IpAddr, u16)`,
/// `(Ipv4Addr, u16)`, `([u8; 4], u16)`, ...
impl<I: Into<IpAddr>> IntoEndpoint<SocketAddr> for (I, u16) {
    fn into_endpoint(self) -> io::Result<SocketAddr> {
        Ok(SocketAddr::new(self.0.into(), self.1))
    }
}

/// A numeric address with its port, such as `"127.0.0.1:8080"` or `"[::1]:0"`: parsed, never
/// looked up (use a [`Resolver`](crate::net::Resolver) for names).
impl IntoEndpoint<SocketAddr> for &str {
    fn into_endpoint(self) -> io::Result<SocketAddr> {
        self.parse().map_err(|_| {
            io::Error::new(
                io::ErrorKind::InvalidInput,
                format!("{self:?} is not a numeric socket address"),
            )
        })
    }
}
