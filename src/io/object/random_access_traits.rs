//! The random-access traits of [`crate::io`] on every I/O object whose core is a random-access
//! device, so `io::async_read_at` and `io::async_write_at` take `&obj`, `obj.handle()` or
//! `Arc<obj>`.

use std::io;
use std::task::{Context, Poll};

use super::core::Core;
use super::io_object::IoObject;
use super::ownership::Ownership;
use crate::executor::Executor;
use crate::io::random_access::{AsyncReadAt, AsyncWriteAt};
use crate::io::stream::OpState;

/// Reads at an offset through the core.
impl<C: Core + AsyncReadAt, O: Ownership> AsyncReadAt for IoObject<C, O> {
    fn executor(&self) -> Executor {
        Core::executor(self.core()).clone()
    }

    fn start_read_at(&self) -> OpState {
        self.core().start_read_at()
    }

    fn poll_read_some_at(
        &self,
        cx: &mut Context<'_>,
        offset: u64,
        buf: &mut [u8],
        st: &mut OpState,
    ) -> Poll<io::Result<usize>> {
        self.core().poll_read_some_at(cx, offset, buf, st)
    }

    fn trace_object(&self) -> (&'static str, usize) {
        self.trace_id()
    }
}

/// Writes at an offset through the core.
impl<C: Core + AsyncWriteAt, O: Ownership> AsyncWriteAt for IoObject<C, O> {
    fn executor(&self) -> Executor {
        Core::executor(self.core()).clone()
    }

    fn start_write_at(&self) -> OpState {
        self.core().start_write_at()
    }

    fn poll_write_some_at(
        &self,
        cx: &mut Context<'_>,
        offset: u64,
        buf: &[u8],
        st: &mut OpState,
    ) -> Poll<io::Result<usize>> {
        self.core().poll_write_some_at(cx, offset, buf, st)
    }

    fn trace_object(&self) -> (&'static str, usize) {
        self.trace_id()
    }
}
