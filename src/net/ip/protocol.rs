//! The Internet protocols: [`Tcp`] (Asio's `ip::tcp`) and [`Udp`] (Asio's `ip::udp`).

use std::io;
use std::net::SocketAddr;

use socket2::{Socket, Type};

use crate::net::protocol::{DatagramProtocol, Protocol, StreamProtocol};
use crate::net::sealed::Sealed;

/// The TCP protocol (Asio's `ip::tcp`): stream sockets over IPv4 or IPv6, endpoint
/// [`SocketAddr`], family [`IpFamily`](crate::net::IpFamily).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub struct Tcp;

/// The UDP protocol (Asio's `ip::udp`): datagram sockets over IPv4 or IPv6, endpoint
/// [`SocketAddr`], family [`IpFamily`](crate::net::IpFamily).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub struct Udp;

impl Sealed for Tcp {}
impl Sealed for Udp {}

impl Protocol for Tcp {
    type Endpoint = SocketAddr;
    const SOCKET_TYPE: Type = Type::STREAM;
    const PROTOCOL: Option<socket2::Protocol> = Some(socket2::Protocol::TCP);
    const TRACE_NAMES: (&'static str, &'static str) = ("TcpSocket", "TcpAcceptor");
}

impl StreamProtocol for Tcp {
    type StdStream = std::net::TcpStream;
    type StdListener = std::net::TcpListener;

    /// Sets `SO_REUSEADDR`, as Asio's `acceptor(ctx, endpoint)` constructor does.
    fn prepare_listener(socket: &Socket) -> io::Result<()> {
        socket.set_reuse_address(true)
    }
}

impl Protocol for Udp {
    type Endpoint = SocketAddr;
    const SOCKET_TYPE: Type = Type::DGRAM;
    const PROTOCOL: Option<socket2::Protocol> = Some(socket2::Protocol::UDP);
    const TRACE_NAMES: (&'static str, &'static str) = ("UdpSocket", "UdpSocket");
}

impl DatagramProtocol for Udp {
    type StdSocket = std::net::UdpSocket;
}
