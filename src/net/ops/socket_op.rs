//! `SocketOp`: the one leaf operation behind every socket call that is not a stream read or
//! write, nor a connect (send, receive, accept): a system call in the readiness loop, over the
//! arguments the operation owns.

use std::future::Future;
use std::io;
use std::pin::Pin;
use std::task::{ready, Context, Poll};

use socket2::Socket;

use crate::executor::Executor;
use crate::io::{Handle, IoObject};
use crate::net::protocol::Protocol;
use crate::net::socket::core::SocketCore;
use crate::net::socket::role::Role;
use crate::op::readiness::{Direction, IoOpState};
use crate::op::{OpName, Operation};

/// A leaf operation on a socket: one system call, tried, then retried each time the socket
/// becomes ready, until it completes.
///
/// The operations of the datagram sockets ([`SendTo`](super::datagram::SendTo),
/// [`RecvFrom`](super::datagram::RecvFrom), ...) and of the acceptors
/// ([`Accept`](super::accept::Accept)) are this type, each with its own system call `C`;
/// their public names are aliases of it and say what each completes with. The operation
/// holds a handle to the socket, so it is `'static`, and owns the call's arguments: an owned
/// buffer comes back in the completion value, on success or error.
///
/// # Cancellation
///
/// The socket's `cancel()`, `close()` or drop complete it with
/// [`error::aborted`](crate::error::aborted); dropping the future withdraws it.
#[must_use = "futures do nothing unless you `.await` or poll them"]
#[derive(Debug)]
pub struct SocketOp<C: SocketCall> {
    /// The socket, shared with its owner.
    sock: IoObject<SocketCore<C::Protocol, C::Role>, Handle>,
    /// The system call and the arguments it owns; taken when the operation completes.
    call: Option<C>,
    st: IoOpState,
}

/// The system call of a [`SocketOp`], with the arguments it owns (buffer, destination, ...).
///
/// Implemented by jeton's socket calls only (the trait cannot be named outside the crate).
pub trait SocketCall: Send + Unpin {
    /// The protocol of the socket the call runs on.
    type Protocol: Protocol;
    /// The role of the socket the call runs on.
    type Role: Role;
    /// What the system call returns when it succeeds.
    type Value;
    /// What the operation completes with.
    type Output;
    /// Whether the call waits for the socket to be readable (else writable).
    const READS: bool;
    /// The initiating function's name in traces (`async_accept`, ...).
    const NAME: &'static str;

    /// Makes the (non-blocking) system call on `s`.
    fn call(&mut self, s: &Socket) -> io::Result<Self::Value>;

    /// Makes the completion value from the call's result; `ex` is the socket's executor.
    fn complete(self, ex: &Executor, r: io::Result<Self::Value>) -> Self::Output;
}

impl<C: SocketCall> SocketOp<C> {
    /// Starts `call` on `sock` (records the cancel epoch): call it in the initiating function.
    pub(crate) fn new(sock: IoObject<SocketCore<C::Protocol, C::Role>, Handle>, call: C) -> Self {
        let st = sock.core().source().start();
        SocketOp {
            sock,
            call: Some(call),
            st,
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
        let src = this.sock.core().source();
        let r = ready!(src.poll_io(cx, dir, &mut this.st, |s| call.call(s)));
        let call = this.call.take().expect("call present");
        Poll::Ready(call.complete(src.executor(), r))
    }
}

impl<C: SocketCall> Operation for SocketOp<C> {
    type Executor = Executor;
    fn executor(&self) -> Executor {
        self.sock.executor()
    }
    fn trace_name(&self) -> OpName {
        OpName::of(self.sock.trace_id(), C::NAME)
    }
}
