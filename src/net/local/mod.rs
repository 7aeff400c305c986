//! Local (Unix domain) sockets (Asio's `local::stream_protocol`, `local::datagram_protocol`
//! and `local::connect_pair`), also reachable as `jeton::net::unix`.
//!
//! A socket address is [`SocketAddr`], usually a filesystem path; every operation that takes
//! an address also takes a path. Binding creates the path; nothing removes it on close:
//! remove it yourself, as with `std::os::unix::net`.

mod datagram;
mod endpoint;
mod pair;
mod protocol;
mod stream;

pub use datagram::UnixDatagram;
pub use endpoint::{LocalFamily, SocketAddr};
pub use pair::connect_pair;
pub use protocol::{LocalDatagram, LocalStream};
pub use stream::{UnixListener, UnixStream, UnixStreamRef};
