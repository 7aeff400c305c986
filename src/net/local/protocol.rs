//! The local protocols (Asio's `local::stream_protocol` and `local::datagram_protocol`):
//! Unix domain sockets.

use socket2::Type;

use super::endpoint::SocketAddr;
use crate::net::protocol::{DatagramProtocol, Protocol, StreamProtocol};
use crate::net::sealed::Sealed;

/// Local stream sockets (Asio's `local::stream_protocol`): Unix domain `SOCK_STREAM`,
/// endpoint [`SocketAddr`].
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub struct LocalStream;

/// Local datagram sockets (Asio's `local::datagram_protocol`): Unix domain `SOCK_DGRAM`,
/// endpoint [`SocketAddr`]. Datagrams are reliable and ordered, but a send may wait while
/// the receiver's queue is full.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub struct LocalDatagram;

impl Sealed for LocalStream {}
impl Sealed for LocalDatagram {}

impl Protocol for LocalStream {
    type Endpoint = SocketAddr;
    const SOCKET_TYPE: Type = Type::STREAM;
    const PROTOCOL: Option<socket2::Protocol> = None;
    const TRACE_NAMES: (&'static str, &'static str) = ("UnixStream", "UnixListener");
}

impl StreamProtocol for LocalStream {
    type StdStream = std::os::unix::net::UnixStream;
    type StdListener = std::os::unix::net::UnixListener;
}

impl Protocol for LocalDatagram {
    type Endpoint = SocketAddr;
    const SOCKET_TYPE: Type = Type::DGRAM;
    const PROTOCOL: Option<socket2::Protocol> = None;
    const TRACE_NAMES: (&'static str, &'static str) = ("UnixDatagram", "UnixDatagram");
}

impl DatagramProtocol for LocalDatagram {
    type StdSocket = std::os::unix::net::UnixDatagram;
}
