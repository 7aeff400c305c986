//! The stream side of a stream socket's core: reads, writes and the write shutdown of
//! `futures::io`'s `poll_close`, in the one readiness loop. Through it every
//! [`StreamSocket`](crate::net::StreamSocket) gets the stream surface of
//! [`IoObject`](crate::io::IoObject).

use std::io::{self, IoSlice, IoSliceMut};
use std::net::Shutdown;
use std::task::{Context, Poll};

use super::core::SocketCore;
use super::role::Stream;
use crate::executor::Executor;
use crate::io::{AsyncReadStream, AsyncWriteStream, Core, OpState};
use crate::net::protocol::StreamProtocol;
use crate::op::readiness::Direction;
use crate::sys;

/// Reads with `recv(2)`, and scatter reads with `readv(2)`.
impl<P: StreamProtocol> AsyncReadStream for SocketCore<P, Stream> {
    fn executor(&self) -> Executor {
        Core::executor(self).clone()
    }

    fn start_read(&self) -> OpState {
        OpState::readiness(self.source().start())
    }

    fn poll_read_some(
        &self,
        cx: &mut Context<'_>,
        buf: &mut [u8],
        st: &mut OpState,
    ) -> Poll<io::Result<usize>> {
        // A short read clears the read readiness (the short-read rule: stream sockets only).
        let want = buf.len();
        self.source()
            .poll_stream_read(cx, want, &mut st.0, |s| sys::recv(s, buf))
    }

    fn poll_read_vectored(
        &self,
        cx: &mut Context<'_>,
        bufs: &mut [IoSliceMut<'_>],
        st: &mut OpState,
    ) -> Poll<io::Result<usize>> {
        let nothing = bufs.iter().all(|b| b.is_empty());
        self.source()
            .poll_step(cx, Direction::Read, nothing, &mut st.0, |s| {
                sys::read_vectored(s, bufs)
            })
    }
}

/// Writes with `send(2)` and `sendmsg(2)`, with no `SIGPIPE` (a closed peer is
/// `BrokenPipe`); `poll_shutdown` shuts the writing side down.
impl<P: StreamProtocol> AsyncWriteStream for SocketCore<P, Stream> {
    fn executor(&self) -> Executor {
        Core::executor(self).clone()
    }

    fn start_write(&self) -> OpState {
        OpState::readiness(self.source().start())
    }

    fn poll_write_some(
        &self,
        cx: &mut Context<'_>,
        buf: &[u8],
        st: &mut OpState,
    ) -> Poll<io::Result<usize>> {
        let nothing = buf.is_empty();
        self.source()
            .poll_step(cx, Direction::Write, nothing, &mut st.0, |s| {
                sys::send(s, buf)
            })
    }

    fn poll_write_vectored(
        &self,
        cx: &mut Context<'_>,
        bufs: &[IoSlice<'_>],
        st: &mut OpState,
    ) -> Poll<io::Result<usize>> {
        let nothing = bufs.iter().all(|b| b.is_empty());
        self.source()
            .poll_step(cx, Direction::Write, nothing, &mut st.0, |s| {
                sys::send_vectored(s, bufs)
            })
    }

    fn poll_shutdown(&self, _cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        Poll::Ready(self.with(|s| s.shutdown(Shutdown::Write)))
    }
}
