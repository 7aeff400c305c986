//! The datagram calls of [`SocketOp`], shared by UDP and Unix datagram sockets: send to the
//! connected peer or to an address, receive from the connected peer or from any sender.

use std::fmt::Debug;
use std::io;
use std::marker::PhantomData;
use std::os::fd::AsRawFd;
use std::sync::Arc;

use super::socket_op::{SocketCall, SocketOp};
use crate::executor::Executor;
use crate::io::{IoBuf, IoBufMut};
use crate::op::io_source::IoSource;

/// A datagram socket's descriptor: mio's `UdpSocket` or `UnixDatagram`.
pub trait Datagram: mio::event::Source + AsRawFd + Send + Sync + Debug + 'static {}

/// The connected peer of a datagram socket: sends with `send(2)`, receives with `recv(2)`.
#[derive(Clone, Copy, Debug)]
pub struct Connected;

/// Any sender: receives with `recvfrom(2)`, which also gives the sender's address.
#[derive(Clone, Copy, Debug)]
pub struct AnySender;

/// Where a datagram socket `S` sends: its connected peer or an address.
pub trait Destination<S>: Send + Unpin {
    /// Sends one datagram from `buf` there on `s`.
    fn send(&self, s: &S, buf: &[u8]) -> io::Result<usize>;
}

/// Whom a datagram socket `S` receives from: its connected peer or any sender.
pub trait Origin<S>: Send + Unpin {
    /// What a receive completes with: the length, and the sender's address if asked for.
    type Value: Send;

    /// Receives one datagram into `buf` on `s`.
    fn recv(&self, s: &S, buf: &mut [u8]) -> io::Result<Self::Value>;
}

/// Implements the datagram traits on a mio socket type, over its methods.
macro_rules! datagram {
    ($($ty:ty => $addr:ty),*) => {$(
        impl Datagram for $ty {}

        impl Destination<$ty> for Connected {
            fn send(&self, s: &$ty, buf: &[u8]) -> io::Result<usize> {
                s.send(buf)
            }
        }

        impl Origin<$ty> for Connected {
            type Value = usize;
            fn recv(&self, s: &$ty, buf: &mut [u8]) -> io::Result<usize> {
                s.recv(buf)
            }
        }

        impl Origin<$ty> for AnySender {
            type Value = (usize, $addr);
            fn recv(&self, s: &$ty, buf: &mut [u8]) -> io::Result<(usize, $addr)> {
                s.recv_from(buf)
            }
        }
    )*};
}

datagram!(
    mio::net::UdpSocket => std::net::SocketAddr,
    mio::net::UnixDatagram => std::os::unix::net::SocketAddr
);

/// An Internet address, for UDP (`sendto(2)`).
impl Destination<mio::net::UdpSocket> for std::net::SocketAddr {
    fn send(&self, s: &mio::net::UdpSocket, buf: &[u8]) -> io::Result<usize> {
        s.send_to(buf, *self)
    }
}

/// Any path (`&'static str`, `PathBuf`, `Arc<Path>`, ...), kept, not copied, for Unix sockets
/// (`sendto(2)`).
impl<P: AsRef<std::path::Path> + Send + Unpin> Destination<mio::net::UnixDatagram> for P {
    fn send(&self, s: &mio::net::UnixDatagram, buf: &[u8]) -> io::Result<usize> {
        s.send_to(buf, self.as_ref())
    }
}

/// Sends one datagram from `buf` to `to`.
#[derive(Debug)]
pub struct SendCall<S, B, D> {
    buf: B,
    to: D,
    socket: PhantomData<fn() -> S>,
}

/// Receives one datagram into `buf` from `from`.
#[derive(Debug)]
pub struct RecvCall<S, B, O> {
    buf: B,
    from: O,
    socket: PhantomData<fn() -> S>,
}

/// Starts sending one datagram from `buf` on `io` to `to`.
pub(super) fn send<S, B, D>(io: &Arc<IoSource<S>>, buf: B, to: D) -> SocketOp<SendCall<S, B, D>>
where
    S: Datagram,
    B: IoBuf + Unpin,
    D: Destination<S>,
{
    let socket = PhantomData;
    SocketOp::new(io, SendCall { buf, to, socket })
}

/// Starts receiving one datagram into `buf` on `io` from `from`.
pub(super) fn recv<S, B, O>(io: &Arc<IoSource<S>>, buf: B, from: O) -> SocketOp<RecvCall<S, B, O>>
where
    S: Datagram,
    B: IoBufMut + Unpin,
    O: Origin<S>,
{
    let socket = PhantomData;
    SocketOp::new(io, RecvCall { buf, from, socket })
}

impl<S: Datagram, B: IoBuf + Unpin, D: Destination<S>> SocketCall for SendCall<S, B, D> {
    type Source = S;
    type Value = usize;
    type Output = B::Completion<usize>;
    const READS: bool = false;

    fn call(&mut self, s: &S) -> io::Result<usize> {
        self.to.send(s, self.buf.as_bytes())
    }

    fn complete(self, _: &Executor, r: io::Result<usize>) -> B::Completion<usize> {
        self.buf.complete(r)
    }
}

impl<S: Datagram, B: IoBufMut + Unpin, O: Origin<S>> SocketCall for RecvCall<S, B, O> {
    type Source = S;
    type Value = O::Value;
    type Output = B::Completion<O::Value>;
    const READS: bool = true;

    fn call(&mut self, s: &S) -> io::Result<O::Value> {
        self.from.recv(s, self.buf.as_mut_bytes())
    }

    fn complete(self, _: &Executor, r: io::Result<O::Value>) -> B::Completion<O::Value> {
        self.buf.complete(r)
    }
}
