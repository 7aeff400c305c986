//! Unix domain sockets (Asio's `local::stream_protocol`, `local::datagram_protocol` and
//! `local::connect_pair`).
//!
//! A socket address is [`SocketAddr`] (the standard library's), usually a filesystem path.
//! Binding creates the path; nothing removes it on close: remove it yourself, as with
//! `std::os::unix::net`.

mod datagram;
mod listener;
mod stream;

pub use std::os::unix::net::SocketAddr;

pub use datagram::{UnixDatagram, UnixRecv, UnixRecvFrom, UnixSend, UnixSendTo};
pub use listener::{UnixAccept, UnixListener};
pub use stream::{
    connect_pair, UnixConnect, UnixReadSome, UnixStream, UnixStreamRef, UnixWriteSome,
};
