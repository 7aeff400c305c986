//! The accept call of [`SocketOp`], for every acceptor, and its operation [`Accept`].

use std::io;
use std::marker::PhantomData;

use socket2::{SockAddr, Socket};

use super::socket_op::{SocketCall, SocketOp};
use crate::error;
use crate::executor::Executor;
use crate::io::{Handle, IoObject};
use crate::net::endpoint::Endpoint;
use crate::net::ip::protocol::Tcp;
use crate::net::protocol::StreamProtocol;
use crate::net::socket::core::SocketCore;
use crate::net::socket::role::{Listener, Stream};
use crate::net::socket::stream_socket::StreamSocket;
use crate::sys;

/// The operation behind [`Acceptor::async_accept`](crate::net::Acceptor) and
/// `async_accept_on`; completes with `io::Result<(StreamSocket<P>, P::Endpoint)>` (for the
/// default, TCP: `io::Result<(TcpSocket, SocketAddr)>`).
pub type Accept<P = Tcp> = SocketOp<AcceptCall<P>>;

/// Accepts one connection and registers it with `target`, or, if `None`, with the
/// acceptor's context.
#[derive(Debug)]
pub struct AcceptCall<P> {
    target: Option<Executor>,
    protocol: PhantomData<fn() -> P>,
}

/// Starts accepting a connection on `acceptor`; it is registered with `target`, or, if
/// `None`, with the acceptor's context.
pub(crate) fn accept<P: StreamProtocol>(
    acceptor: IoObject<SocketCore<P, Listener>, Handle>,
    target: Option<Executor>,
) -> Accept<P> {
    let protocol = PhantomData;
    SocketOp::new(acceptor, AcceptCall { target, protocol })
}

impl<P: StreamProtocol> SocketCall for AcceptCall<P> {
    const NAME: &'static str = "async_accept";
    type Protocol = P;
    type Role = Listener;
    type Value = (Socket, SockAddr);
    type Output = io::Result<(StreamSocket<P>, P::Endpoint)>;
    const READS: bool = true;

    /// Accepts with `accept4(2)`, skipping connections aborted before they were accepted
    /// (Asio's default `enable_connection_aborted(false)`).
    fn call(&mut self, l: &Socket) -> io::Result<(Socket, SockAddr)> {
        loop {
            match sys::accept(l) {
                Err(e) if error::is_connection_aborted(&e) => continue,
                r => return r,
            }
        }
    }

    fn complete(self, ex: &Executor, r: io::Result<(Socket, SockAddr)>) -> Self::Output {
        let (accepted, peer) = r?;
        let ex = self.target.as_ref().unwrap_or(ex);
        let core = SocketCore::<P, Stream>::register(ex, accepted)?;
        Ok((
            IoObject::from_core(core),
            P::Endpoint::from_sock_addr(peer)?,
        ))
    }
}
