//! The Internet protocols (Asio's `ip`): [`Tcp`](protocol::Tcp) and
//! [`Udp`](protocol::Udp), their endpoint `std::net::SocketAddr` and family
//! [`IpFamily`](family::IpFamily), and their socket types.

pub(crate) mod family;
pub(crate) mod protocol;
pub(crate) mod tcp;
pub(crate) mod udp;
