//! The generic sockets: [`SocketCore`](core::SocketCore), the roles, and the surfaces written
//! once for every protocol (every socket, every socket with a peer, stream sockets, datagram
//! sockets, acceptors).

pub(crate) mod acceptor;
mod common;
pub(crate) mod core;
pub(crate) mod datagram_socket;
mod options;
mod peer;
pub mod role;
mod stream_io;
pub(crate) mod stream_socket;
mod wait;
