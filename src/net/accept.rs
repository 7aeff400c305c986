//! The accept call of [`SocketOp`], shared by TCP acceptors and Unix listeners.

use std::fmt::Debug;
use std::io;
use std::os::fd::AsRawFd;
use std::sync::Arc;

use super::socket_op::{SocketCall, SocketOp};
use crate::executor::Executor;
use crate::op::io_source::IoSource;

/// A listening socket's descriptor (mio's `TcpListener` or `UnixListener`): how it accepts a
/// connection and what the connection becomes.
pub trait Listener: mio::event::Source + AsRawFd + Send + Sync + Debug + 'static {
    /// The descriptor of an accepted connection, not yet registered.
    type Accepted;
    /// The socket an accepted connection becomes (`TcpSocket`, `UnixStream`).
    type Stream: Send;
    /// The peer's address.
    type Addr: Send;

    /// Accepts one connection (`accept(2)`).
    fn accept(&self) -> io::Result<(Self::Accepted, Self::Addr)>;

    /// Registers an accepted connection with the context of `ex`.
    fn register_stream(ex: &Executor, accepted: Self::Accepted) -> io::Result<Self::Stream>;
}

/// Accepts one connection and registers it with `target`, or, if `None`, with the listener's
/// context.
#[derive(Debug)]
pub struct AcceptCall<L> {
    target: Option<Executor>,
    listener: std::marker::PhantomData<fn() -> L>,
}

/// Starts accepting a connection on `io`; it is registered with `target`, or, if `None`,
/// with the context of `io`.
pub(super) fn accept<L: Listener>(
    io: &Arc<IoSource<L>>,
    target: Option<Executor>,
) -> SocketOp<AcceptCall<L>> {
    let listener = std::marker::PhantomData;
    SocketOp::new(io, AcceptCall { target, listener })
}

impl<L: Listener> SocketCall for AcceptCall<L> {
    type Source = L;
    type Value = (L::Accepted, L::Addr);
    type Output = io::Result<(L::Stream, L::Addr)>;
    const READS: bool = true;

    fn call(&mut self, l: &L) -> io::Result<(L::Accepted, L::Addr)> {
        l.accept()
    }

    fn complete(self, ex: &Executor, r: io::Result<Self::Value>) -> Self::Output {
        let (accepted, peer) = r?;
        let stream = L::register_stream(self.target.as_ref().unwrap_or(ex), accepted)?;
        Ok((stream, peer))
    }
}
