//! `Protocol`: what a socket speaks (Asio's `ip::tcp`, `ip::udp`, `local::stream_protocol`,
//! `local::datagram_protocol`), and the two kinds of protocols, streams and datagrams.

use std::fmt::Debug;

use socket2::{Socket, Type};

use super::endpoint::Endpoint;
use super::sealed::Sealed;

/// A socket protocol (Asio's `Protocol` requirements): the socket type and protocol number it
/// opens sockets with, and its endpoint type.
///
/// jeton's sockets are generic over it: [`StreamSocket<P>`](super::StreamSocket),
/// [`DatagramSocket<P>`](super::DatagramSocket), [`Acceptor<P>`](super::Acceptor). The
/// protocols are [`Tcp`](super::Tcp) and [`Udp`](super::Udp) (endpoint:
/// [`std::net::SocketAddr`]), [`LocalStream`](super::local::LocalStream) and
/// [`LocalDatagram`](super::local::LocalDatagram) (endpoint:
/// [`local::SocketAddr`](super::local::SocketAddr)). The trait is sealed.
///
/// # Examples
///
/// Code written once for every stream protocol:
///
/// ```
/// use jeton::net::{StreamProtocol, StreamSocket};
///
/// fn greet<P: StreamProtocol>(sock: &StreamSocket<P>) -> std::io::Result<P::Endpoint> {
///     sock.write_some(b"hello")?;
///     sock.peer_addr()
/// }
/// # let io = jeton::IoContext::new()?;
/// # let (a, _b) = jeton::net::unix::connect_pair(&io.executor())?;
/// # assert!(greet(&a)?.is_unnamed());
/// # Ok::<(), std::io::Error>(())
/// ```
pub trait Protocol: Sealed + Debug + Send + Sync + 'static {
    /// The address of a socket of this protocol (Asio's `endpoint`).
    type Endpoint: Endpoint;

    /// The socket type (`SOCK_STREAM`, `SOCK_DGRAM`).
    #[doc(hidden)]
    const SOCKET_TYPE: Type;

    /// The protocol number, if the family needs one (`IPPROTO_TCP`, `IPPROTO_UDP`).
    #[doc(hidden)]
    const PROTOCOL: Option<socket2::Protocol>;

    /// The names of its sockets in traces: (stream or datagram socket, acceptor).
    #[doc(hidden)]
    const TRACE_NAMES: (&'static str, &'static str);
}

/// A connection-oriented protocol ([`Tcp`](super::Tcp),
/// [`LocalStream`](super::local::LocalStream)): its sockets are
/// [`StreamSocket`](super::StreamSocket)s, connected by an [`Acceptor`](super::Acceptor).
pub trait StreamProtocol: Protocol {
    /// The standard library's stream socket of this protocol, for `from_std`.
    type StdStream: Into<Socket>;

    /// The standard library's listening socket of this protocol, for `from_std`.
    type StdListener: Into<Socket>;

    /// Prepares a new listening socket before it is bound (TCP sets `SO_REUSEADDR`, as Asio's
    /// acceptor constructor does). The default does nothing.
    #[doc(hidden)]
    fn prepare_listener(socket: &Socket) -> std::io::Result<()> {
        let _ = socket;
        Ok(())
    }
}

/// A connectionless protocol ([`Udp`](super::Udp),
/// [`LocalDatagram`](super::local::LocalDatagram)): its sockets are
/// [`DatagramSocket`](super::DatagramSocket)s.
pub trait DatagramProtocol: Protocol {
    /// The standard library's datagram socket of this protocol, for `from_std`.
    type StdSocket: Into<Socket>;
}
