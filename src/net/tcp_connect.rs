//! `Connect`: the leaf connect operation of a TCP socket.

use std::future::Future;
use std::io;
use std::net::SocketAddr;
use std::pin::Pin;
use std::sync::Arc;
use std::task::{Context, Poll};

use super::stream::finish_connect;
use super::tcp_socket::{open_source, StreamSource};
use super::IpFamily;
use crate::executor::Executor;
use crate::op::readiness::{Direction, IoOpState};
use crate::op::Operation;

/// The operation behind [`TcpSocket::async_connect`](super::TcpSocket::async_connect).
///
/// When first polled it opens the socket if it is closed, then starts a non-blocking
/// `connect(2)`, waits until the socket is writable and reads the outcome (`SO_ERROR`).
#[must_use = "futures do nothing unless you `.await` or poll them"]
#[derive(Debug)]
pub struct Connect {
    src: Arc<StreamSource>,
    addr: SocketAddr,
    st: IoOpState,
    /// Whether `connect(2)` has been called; set inside the readiness loop.
    issued: bool,
}

impl Connect {
    pub(super) fn new(src: Arc<StreamSource>, addr: SocketAddr) -> Connect {
        let st = src.start();
        Connect {
            src,
            addr,
            st,
            issued: false,
        }
    }
}

impl Future for Connect {
    type Output = io::Result<()>;

    fn poll(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        let this = &mut *self;
        if !this.issued && !this.src.is_open() {
            // Auto-open (Asio's connect). Another thread opening it first is no error.
            match open_source(&this.src, IpFamily::of(&this.addr)) {
                Err(e) if e.kind() != io::ErrorKind::AlreadyExists => {
                    this.st.release();
                    return Poll::Ready(Err(e));
                }
                _ => {}
            }
        }
        let (addr, issued) = (&this.addr, &mut this.issued);
        this.src.poll_io(cx, Direction::Write, &mut this.st, |s| {
            if !*issued {
                *issued = true;
                start_connect(s, addr)
            } else {
                finish_connect(s)
            }
        })
    }
}

impl Operation for Connect {
    type Executor = Executor;
    fn executor(&self) -> Executor {
        self.src.executor().clone()
    }
}

/// Calls `connect(2)`; "in progress" becomes `WouldBlock`, so the readiness loop waits for
/// writability.
fn start_connect(s: &mio::net::TcpStream, addr: &SocketAddr) -> io::Result<()> {
    match socket2::SockRef::from(s).connect(&(*addr).into()) {
        Err(e) if crate::error::is_in_progress(&e) => Err(io::ErrorKind::WouldBlock.into()),
        r => r,
    }
}
