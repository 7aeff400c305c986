//! `SocketOp`: the one leaf operation behind every socket call that is not a stream read or
//! write (send, receive, accept): a system call in the readiness loop, over the arguments the
//! operation owns.

use std::fmt::Debug;
use std::future::Future;
use std::io;
use std::os::fd::AsRawFd;
use std::pin::Pin;
use std::sync::Arc;
use std::task::{ready, Context, Poll};

use crate::executor::Executor;
use crate::op::io_source::IoSource;
use crate::op::readiness::{Direction, IoOpState};
use crate::op::Operation;

/// A leaf operation on a socket: one system call, tried, then retried each time the socket
/// becomes ready, until it completes.
///
/// The operations of the datagram sockets ([`UdpSend`](super::UdpSend),
/// [`UnixRecvFrom`](super::unix::UnixRecvFrom), ...) and of the acceptors
/// ([`Accept`](super::Accept), [`UnixAccept`](super::unix::UnixAccept)) are this type, each
/// with its own system call `C` over mio's socket type (e.g. [`UdpSend<B>`](super::UdpSend) is
/// `SocketOp<SendCall<mio::net::UdpSocket, B, Connected>>`); their public names are aliases of
/// it and say what each completes with. The operation holds a handle to the socket's
/// descriptor, so it is `'static`, and owns the call's arguments: an owned buffer comes back in
/// the completion value, on success or error.
///
/// # Cancellation
///
/// The socket's `cancel()`, `close()` or drop complete it with
/// [`error::aborted`](crate::error::aborted); dropping the future withdraws it.
#[must_use = "futures do nothing unless you `.await` or poll them"]
#[derive(Debug)]
pub struct SocketOp<C: SocketCall> {
    /// The socket's descriptor, shared with the socket.
    io: Arc<IoSource<C::Source>>,
    /// The system call and the arguments it owns; taken when the operation completes.
    call: Option<C>,
    st: IoOpState,
}

/// The system call of a [`SocketOp`], with the arguments it owns (buffer, destination, ...).
///
/// Implemented by jeton's socket calls only (the trait cannot be named outside the crate).
pub trait SocketCall: Send + Unpin {
    /// The registered descriptor the call runs on (mio's socket type).
    type Source: mio::event::Source + AsRawFd + Send + Sync + Debug;
    /// What the system call returns when it succeeds.
    type Value;
    /// What the operation completes with.
    type Output;
    /// Whether the call waits for the socket to be readable (else writable).
    const READS: bool;

    /// Makes the (non-blocking) system call on `s`.
    fn call(&mut self, s: &Self::Source) -> io::Result<Self::Value>;

    /// Makes the completion value from the call's result; `ex` is the socket's executor.
    fn complete(self, ex: &Executor, r: io::Result<Self::Value>) -> Self::Output;
}

impl<C: SocketCall> SocketOp<C> {
    /// Starts `call` on the socket `io` (records the cancel epoch): call it in the initiating
    /// function.
    pub(super) fn new(io: &Arc<IoSource<C::Source>>, call: C) -> SocketOp<C> {
        SocketOp {
            io: io.clone(),
            call: Some(call),
            st: io.start(),
        }
    }
}

impl<C: SocketCall> Future for SocketOp<C> {
    type Output = C::Output;

    fn poll(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<C::Output> {
        let this = &mut *self;
        let call = this
            .call
            .as_mut()
            .expect("SocketOp polled after completion");
        let dir = if C::READS {
            Direction::Read
        } else {
            Direction::Write
        };
        let r = ready!(this.io.poll_io(cx, dir, &mut this.st, |s| call.call(s)));
        let call = this.call.take().expect("call present");
        Poll::Ready(call.complete(this.io.executor(), r))
    }
}

impl<C: SocketCall> Operation for SocketOp<C> {
    type Executor = Executor;
    fn executor(&self) -> Executor {
        self.io.executor().clone()
    }
}
