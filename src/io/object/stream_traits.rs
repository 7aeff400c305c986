//! The stream traits of [`crate::io`] on every I/O object whose core is a stream, so composed
//! operations take `&obj`, `obj.handle()` or `Arc<obj>`.

use std::io::{self, IoSlice, IoSliceMut};
use std::task::{Context, Poll};

use super::core::Core;
use super::io_object::IoObject;
use super::ownership::Ownership;
use crate::executor::Executor;
use crate::io::stream::{AsyncReadStream, AsyncWriteStream, OpState};

/// Reads through the core.
impl<C: Core + AsyncReadStream, O: Ownership> AsyncReadStream for IoObject<C, O> {
    fn executor(&self) -> Executor {
        Core::executor(self.core()).clone()
    }

    fn start_read(&self) -> OpState {
        self.core().start_read()
    }

    fn poll_read_some(
        &self,
        cx: &mut Context<'_>,
        buf: &mut [u8],
        st: &mut OpState,
    ) -> Poll<io::Result<usize>> {
        self.core().poll_read_some(cx, buf, st)
    }

    fn poll_read_vectored(
        &self,
        cx: &mut Context<'_>,
        bufs: &mut [IoSliceMut<'_>],
        st: &mut OpState,
    ) -> Poll<io::Result<usize>> {
        self.core().poll_read_vectored(cx, bufs, st)
    }

    fn trace_object(&self) -> (&'static str, usize) {
        self.trace_id()
    }
}

/// Writes through the core.
impl<C: Core + AsyncWriteStream, O: Ownership> AsyncWriteStream for IoObject<C, O> {
    fn executor(&self) -> Executor {
        Core::executor(self.core()).clone()
    }

    fn start_write(&self) -> OpState {
        self.core().start_write()
    }

    fn poll_write_some(
        &self,
        cx: &mut Context<'_>,
        buf: &[u8],
        st: &mut OpState,
    ) -> Poll<io::Result<usize>> {
        self.core().poll_write_some(cx, buf, st)
    }

    fn poll_write_vectored(
        &self,
        cx: &mut Context<'_>,
        bufs: &[IoSlice<'_>],
        st: &mut OpState,
    ) -> Poll<io::Result<usize>> {
        self.core().poll_write_vectored(cx, bufs, st)
    }

    fn poll_shutdown(&self, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        self.core().poll_shutdown(cx)
    }

    fn trace_object(&self) -> (&'static str, usize) {
        self.trace_id()
    }
}
