//! Networking: UDP sockets, Unix domain sockets and the name resolver.
//!
//! Every socket is registered once with its context's reactor; every operation is a leaf wait
//! on it and works with every completion token.

mod resolver;
mod udp;
pub mod unix;

pub use resolver::{Resolve, ResolveFlags, Resolver, ResolverEntry, ResolverResults};
pub use udp::{UdpRecv, UdpRecvFrom, UdpSend, UdpSendTo, UdpSocket};
pub use unix::{UnixDatagram, UnixListener, UnixStream};
