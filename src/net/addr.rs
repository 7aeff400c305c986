//! `IpFamily`: which IP version a socket is opened for (Asio's `tcp::v4()` / `tcp::v6()`).

use std::net::SocketAddr;

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

    /// Returns the `socket2` domain of this family.
    pub(crate) fn domain(self) -> socket2::Domain {
        match self {
            IpFamily::V4 => socket2::Domain::IPV4,
            IpFamily::V6 => socket2::Domain::IPV6,
        }
    }
}
