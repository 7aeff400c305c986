//! The stream side of a descriptor's core: `read(2)`, `write(2)` and `writev(2)` in the one
//! readiness loop, and the source its readiness wait uses. Through it every readable (writable) descriptor
//! object gets the read (write) surface of [`IoObject`](crate::io::IoObject), and every one
//! gets `async_wait`.

use std::io::{self, IoSlice, IoSliceMut};
use std::task::{Context, Poll};

use super::descriptor_core::{Adopted, DescriptorCore};
use super::kind::{DescriptorKind, Readable, Writable};
use crate::executor::Executor;
use crate::io::wait::SourceCore;
use crate::io::{AsyncReadStream, AsyncWriteStream, Core, OpState};
use crate::op::io_source::IoSource;
use crate::op::readiness::Direction;
use crate::sys;

/// Reads with `read(2)` and `readv(2)`; an empty buffer completes at once with 0
/// ([G11](crate::guarantees#g11)).
impl<K: Readable> AsyncReadStream for DescriptorCore<K> {
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
        let nothing = buf.is_empty();
        self.source()
            .poll_step(cx, Direction::Read, nothing, &mut st.0, |d| {
                sys::read(d, buf)
            })
    }

    fn poll_read_vectored(
        &self,
        cx: &mut Context<'_>,
        bufs: &mut [IoSliceMut<'_>],
        st: &mut OpState,
    ) -> Poll<io::Result<usize>> {
        let nothing = bufs.iter().all(|b| b.is_empty());
        self.source()
            .poll_step(cx, Direction::Read, nothing, &mut st.0, |d| {
                sys::read_vectored(d, bufs)
            })
    }
}

/// Writes with `write(2)` and `writev(2)`; nothing to write completes at once with 0. The
/// write shutdown of `futures::io`'s `poll_close` closes a pipe's write end (its reader then
/// sees end of stream) and does nothing to other descriptors.
impl<K: Writable> AsyncWriteStream for DescriptorCore<K> {
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
            .poll_step(cx, Direction::Write, nothing, &mut st.0, |d| {
                sys::write(d, buf)
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
            .poll_step(cx, Direction::Write, nothing, &mut st.0, |d| {
                sys::write_vectored(d, bufs)
            })
    }

    fn poll_shutdown(&self, _cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        if K::CLOSE_ON_SHUTDOWN {
            self.close();
        }
        Poll::Ready(Ok(()))
    }
}

/// Waits with `poll(2)` on the descriptor: `async_wait` for every descriptor object.
impl<K: DescriptorKind> SourceCore for DescriptorCore<K> {
    type Fd = Adopted;
    fn io_source(&self) -> &IoSource<Adopted> {
        self.source()
    }
}
