//! The datagram calls of [`SocketOp`], for every datagram socket: a send (to an endpoint or
//! to the connected peer) and a receive (from any sender, with its address, or from the
//! connected peer); and their operations.

use std::io;
use std::marker::PhantomData;

use socket2::{SockAddr, Socket};

use super::socket_op::{SocketCall, SocketOp};
use crate::executor::Executor;
use crate::io::{IoBuf, IoBufMut};
use crate::net::endpoint::Endpoint;
use crate::net::protocol::DatagramProtocol;
use crate::net::socket::role::Datagram;
use crate::sys;

/// The operation behind a datagram socket's `async_send_to`; completes with
/// `B::Completion<usize>`.
pub type SendTo<P, B> = SocketOp<SendCall<P, B>>;

/// The operation behind a datagram socket's `async_send` (to the connected peer); completes
/// with `B::Completion<usize>`. The same operation as [`SendTo`], with no destination.
pub type SendConnected<P, B> = SocketOp<SendCall<P, B>>;

/// The operation behind a datagram socket's `async_recv_from`; completes with
/// `B::Completion<(usize, P::Endpoint)>`.
pub type RecvFrom<P, B> = SocketOp<RecvCall<P, B, AnySender>>;

/// The operation behind a datagram socket's `async_recv` (from the connected peer); completes
/// with `B::Completion<usize>`.
pub type RecvConnected<P, B> = SocketOp<RecvCall<P, B, Connected>>;

/// Sends one datagram from `buf`: to `to` (`sendto(2)`), or to the connected peer
/// (`send(2)`) if `to` is `None`.
#[derive(Debug)]
pub struct SendCall<P, B> {
    buf: B,
    /// The destination, or the error of making one (delivered by the first poll).
    to: Option<Result<SockAddr, Option<io::Error>>>,
    protocol: PhantomData<fn() -> P>,
}

/// Receives one datagram into `buf`, from the senders `F` says.
#[derive(Debug)]
pub struct RecvCall<P, B, F> {
    buf: B,
    from: PhantomData<fn() -> (P, F)>,
}

/// Receives from any sender, with its address (`recvfrom(2)`).
#[derive(Clone, Copy, Debug)]
pub struct AnySender;

/// Receives from the connected peer (`recv(2)`).
#[derive(Clone, Copy, Debug)]
pub struct Connected;

/// Whom a receive of protocol `P` takes a datagram from, and what it completes with.
pub trait Origin<P>: Send + Unpin {
    /// The length, and the sender's address if asked for.
    type Value: Send;

    /// Receives one datagram into `buf` on `s`.
    fn recv(s: &Socket, buf: &mut [u8]) -> io::Result<Self::Value>;
}

impl<P: DatagramProtocol> Origin<P> for AnySender {
    type Value = (usize, P::Endpoint);

    fn recv(s: &Socket, buf: &mut [u8]) -> io::Result<(usize, P::Endpoint)> {
        let (n, from) = sys::recv_from(s, buf)?;
        Ok((n, P::Endpoint::from_sock_addr(from)?))
    }
}

impl<P: DatagramProtocol> Origin<P> for Connected {
    type Value = usize;

    fn recv(s: &Socket, buf: &mut [u8]) -> io::Result<usize> {
        sys::recv(s, buf)
    }
}

impl<P: DatagramProtocol, B> SendCall<P, B> {
    /// A send to `to`, or to the connected peer if `None`.
    pub(crate) fn new(buf: B, to: Option<io::Result<P::Endpoint>>) -> SendCall<P, B> {
        let to = to.map(|to| to.map(|e| e.to_sock_addr()).map_err(Some));
        let protocol = PhantomData;
        SendCall { buf, to, protocol }
    }
}

impl<P, B, F> RecvCall<P, B, F> {
    pub(crate) fn new(buf: B) -> RecvCall<P, B, F> {
        RecvCall {
            buf,
            from: PhantomData,
        }
    }
}

impl<P: DatagramProtocol, B: IoBuf + Unpin> SocketCall for SendCall<P, B> {
    const NAME: &'static str = "async_send";
    type Protocol = P;
    type Role = Datagram;
    type Value = usize;
    type Output = B::Completion<usize>;
    const READS: bool = false;

    fn call(&mut self, s: &Socket) -> io::Result<usize> {
        let buf = self.buf.as_bytes();
        match &mut self.to {
            None => sys::send(s, buf),
            Some(Ok(to)) => sys::send_to(s, buf, to),
            Some(Err(e)) => Err(e.take().expect("the error is delivered once")),
        }
    }

    fn complete(self, _: &Executor, r: io::Result<usize>) -> B::Completion<usize> {
        self.buf.complete(r)
    }
}

impl<P: DatagramProtocol, B: IoBufMut + Unpin, F: Origin<P>> SocketCall for RecvCall<P, B, F> {
    const NAME: &'static str = "async_receive";
    type Protocol = P;
    type Role = Datagram;
    type Value = F::Value;
    type Output = B::Completion<F::Value>;
    const READS: bool = true;

    fn call(&mut self, s: &Socket) -> io::Result<F::Value> {
        F::recv(s, self.buf.as_mut_bytes())
    }

    fn complete(self, _: &Executor, r: io::Result<F::Value>) -> Self::Output {
        self.buf.complete(r)
    }
}
