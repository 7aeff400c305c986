//! `Connect`: the leaf connect operation of every socket with a peer (stream and datagram
//! sockets of every protocol).

use std::future::Future;
use std::io;
use std::pin::Pin;
use std::task::{Context, Poll};

use socket2::{SockAddr, Socket};

use crate::error;
use crate::executor::Executor;
use crate::io::{Handle, IoObject};
use crate::net::endpoint::Endpoint;
use crate::net::ip::protocol::Tcp;
use crate::net::protocol::Protocol;
use crate::net::socket::core::SocketCore;
use crate::net::socket::role::{PeerRole, Stream};
use crate::op::readiness::{Direction, IoOpState};
use crate::op::Operation;
use crate::runtime::tracking;
use crate::sys;

/// The operation behind `async_connect` of every stream and datagram socket (for the
/// default, [`TcpSocket::async_connect`](crate::net::TcpSocket)); completes with
/// `io::Result<()>`.
///
/// When first polled it opens the socket if it is closed (for the endpoint's family, as Asio
/// does), then starts a non-blocking `connect(2)`; a connection in progress waits until the
/// socket is writable and reads the outcome (`SO_ERROR`). A datagram socket connects at once.
#[must_use = "futures do nothing unless you `.await` or poll them"]
#[derive(Debug)]
pub struct Connect<P: Protocol = Tcp, R: PeerRole = Stream> {
    sock: IoObject<SocketCore<P, R>, Handle>,
    /// The endpoint, or the error of turning the caller's argument into one (delivered by the
    /// first poll, never inside the initiating function).
    target: Result<P::Endpoint, Option<io::Error>>,
    st: IoOpState,
    /// The address `connect(2)` was called with, once the socket is open; then the readiness
    /// loop calls `connect(2)` once and reads the outcome after that.
    addr: Option<SockAddr>,
    /// Whether `connect(2)` has been called; set inside the readiness loop.
    issued: bool,
}

impl<P: Protocol, R: PeerRole> Connect<P, R> {
    /// Starts connecting `sock` to `target` (records the cancel epoch).
    pub(crate) fn new(
        sock: IoObject<SocketCore<P, R>, Handle>,
        target: io::Result<P::Endpoint>,
    ) -> Connect<P, R> {
        let st = sock.core().source().start();
        Connect {
            sock,
            target: target.map_err(Some),
            st,
            addr: None,
            issued: false,
        }
    }

    /// Opens the socket if it is closed (Asio's connect), for the endpoint's family, and
    /// returns the address to connect to.
    fn prepare(&mut self) -> io::Result<SockAddr> {
        let endpoint = match &mut self.target {
            Ok(endpoint) => endpoint,
            Err(e) => return Err(e.take().expect("Connect polled after completion")),
        };
        let core = self.sock.core();
        if !core.source().is_open() {
            // Closed since the operation started (the socket's owner dropped, or closed):
            // aborted, as every other operation ([G3](crate::guarantees#g3)). Closed before
            // it: Asio's async_connect opens it.
            if core.source().is_cancelled(&self.st) {
                return Err(tracking::aborted(crate::error::aborted()));
            }
            // Another thread opening it first is no error.
            match core.open(endpoint.family()) {
                Err(e) if e.kind() != io::ErrorKind::AlreadyExists => return Err(e),
                _ => {}
            }
        }
        Ok(endpoint.to_sock_addr())
    }
}

impl<P: Protocol, R: PeerRole> Future for Connect<P, R> {
    type Output = io::Result<()>;

    fn poll(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        let this = &mut *self;
        if this.addr.is_none() {
            match this.prepare() {
                Ok(addr) => this.addr = Some(addr),
                Err(e) => {
                    this.st.release();
                    return Poll::Ready(Err(e));
                }
            }
        }
        let addr = this.addr.as_ref().expect("prepared above");
        let (src, issued) = (this.sock.core().source(), &mut this.issued);
        src.poll_io(cx, Direction::Write, &mut this.st, |s| {
            if std::mem::replace(issued, true) {
                finish_connect(s)
            } else {
                start_connect(s, addr)
            }
        })
    }
}

impl<P: Protocol, R: PeerRole> Operation for Connect<P, R> {
    type Executor = Executor;
    fn executor(&self) -> Executor {
        self.sock.executor()
    }
    fn trace_name(&self) -> crate::op::OpName {
        crate::op::OpName::of(self.sock.trace_id(), "async_connect")
    }
}

/// Calls `connect(2)`; "in progress" becomes `WouldBlock`, so the readiness loop waits for
/// writability. A connect that cannot even start (`EAGAIN`: a local listener's backlog is
/// full) is an error of kind `Other` wrapping the system's, not a wait that would never end.
fn start_connect(s: &Socket, addr: &SockAddr) -> io::Result<()> {
    match s.connect(addr) {
        Err(e) if error::is_in_progress(&e) => Err(io::ErrorKind::WouldBlock.into()),
        Err(e) if e.kind() == io::ErrorKind::WouldBlock => Err(io::Error::other(e)),
        r => r,
    }
}

/// Reads the outcome of a connection in progress, as Asio's `non_blocking_connect`: still in
/// progress (`WouldBlock`: a stale writability, wait again) while the socket is not writable,
/// else its pending error, or done. A connection that was made and has already been closed
/// again (the peer and this side both shut down before this poll) is done, not in progress.
fn finish_connect(s: &Socket) -> io::Result<()> {
    if !sys::is_writable_now(s)? {
        return Err(io::ErrorKind::WouldBlock.into());
    }
    match s.take_error()? {
        Some(e) => Err(e),
        None => Ok(()),
    }
}
