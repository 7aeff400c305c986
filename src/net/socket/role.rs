//! The roles of a socket: a connected stream, a datagram socket, a listener. A
//! [`SocketCore`](super::core::SocketCore) is generic over one, so that each role gets its
//! methods once for every protocol.

use std::fmt::Debug;

use crate::net::sealed::Sealed;

/// What a socket is used for: [`Stream`], [`Datagram`] or [`Listener`]. Sealed.
pub trait Role: Sealed + Debug + Send + Sync + 'static {
    /// Whether the socket has a writing side of its own to shut down (a stream).
    #[doc(hidden)]
    const HALF_CLOSE: bool = false;
    /// Whether the socket listens (an acceptor), for its name in traces.
    #[doc(hidden)]
    const LISTENS: bool = false;
}

/// A role whose socket has a peer it connects to: [`Stream`] and [`Datagram`] (Asio's
/// `basic_socket`, as opposed to `basic_socket_acceptor`). Sealed.
pub trait PeerRole: Role {}

/// A stream socket (Asio's `basic_stream_socket`): [`StreamSocket`](crate::net::StreamSocket).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub struct Stream;

/// A datagram socket (Asio's `basic_datagram_socket`):
/// [`DatagramSocket`](crate::net::DatagramSocket).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub struct Datagram;

/// A listening socket (Asio's `basic_socket_acceptor`): [`Acceptor`](crate::net::Acceptor).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub struct Listener;

impl Sealed for Stream {}
impl Sealed for Datagram {}
impl Sealed for Listener {}
impl Role for Stream {
    const HALF_CLOSE: bool = true;
}
impl Role for Datagram {}
impl Role for Listener {
    const LISTENS: bool = true;
}
impl PeerRole for Stream {}
impl PeerRole for Datagram {}
