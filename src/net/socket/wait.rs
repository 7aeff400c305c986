//! The readiness wait of every socket (Asio's `basic_socket::async_wait`), through the one
//! readiness wait of `IoSource`.

use socket2::Socket;

use super::core::SocketCore;
use super::role::Role;
use crate::io::wait::SourceCore;
use crate::net::protocol::Protocol;
use crate::op::io_source::IoSource;

/// Waits with `poll(2)` on the socket's descriptor: `async_wait` for every socket.
impl<P: Protocol, R: Role> SourceCore for SocketCore<P, R> {
    type Fd = Socket;
    fn io_source(&self) -> &IoSource<Socket> {
        self.source()
    }
}
