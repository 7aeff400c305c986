//! `hyper::rt::{Read, Write}` on every I/O object whose core is a stream, and on a reference
//! to one (feature `hyper`), over the same state as the `futures::io` and `tokio::io` impls.

use std::io::{self, IoSlice};
use std::pin::Pin;
use std::task::{ready, Context, Poll};

use hyper::rt::{Read, ReadBufCursor, Write};

use super::core::Core;
use super::io_object::IoObject;
use super::ownership::Ownership;
use crate::io::stream::{AsyncReadStream, AsyncWriteStream};
use crate::sys::hyper_buf;

/// Reads with `read_some` into the unfilled part of hyper's buffer. hyper's buffer is
/// uninitialised, so the part a read may fill is zeroed first; its size adapts to the reads
/// (1 KiB for small requests, up to 64 KiB for bulk data). Feature `hyper`.
impl<C: Core + AsyncReadStream, O: Ownership> Read for &IoObject<C, O> {
    fn poll_read(
        self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        mut buf: ReadBufCursor<'_>,
    ) -> Poll<io::Result<()>> {
        let obj: &IoObject<C, O> = *self;
        let mut state = obj.futures_io_state();
        let window = state.read_window();
        let n = ready!(hyper_buf::read_into(&mut buf, window, |bytes| {
            state.poll_read(obj, cx, bytes)
        }))?;
        state.note_read(n, window);
        Poll::Ready(Ok(()))
    }
}

/// Reads, as on `&IoObject` (feature `hyper`).
impl<C: Core + AsyncReadStream, O: Ownership> Read for IoObject<C, O> {
    fn poll_read(
        self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: ReadBufCursor<'_>,
    ) -> Poll<io::Result<()>> {
        Pin::new(&mut &*self).poll_read(cx, buf)
    }
}

/// Writes with `write_some` (gather writes with one `writev(2)`); `poll_flush` does nothing;
/// `poll_shutdown` shuts the writing side down. Feature `hyper`.
impl<C: Core + AsyncWriteStream, O: Ownership> Write for &IoObject<C, O> {
    fn poll_write(
        self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &[u8],
    ) -> Poll<io::Result<usize>> {
        let obj: &IoObject<C, O> = *self;
        obj.futures_io_state().poll_write(obj, cx, buf)
    }

    fn poll_write_vectored(
        self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        bufs: &[IoSlice<'_>],
    ) -> Poll<io::Result<usize>> {
        let obj: &IoObject<C, O> = *self;
        obj.futures_io_state().poll_write_vectored(obj, cx, bufs)
    }

    fn is_write_vectored(&self) -> bool {
        true
    }

    fn poll_flush(self: Pin<&mut Self>, _cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        self.futures_io_state().poll_flush()
    }

    fn poll_shutdown(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        let obj: &IoObject<C, O> = *self;
        obj.futures_io_state().poll_close(obj, cx)
    }
}

/// Writes, as on `&IoObject` (feature `hyper`).
impl<C: Core + AsyncWriteStream, O: Ownership> Write for IoObject<C, O> {
    fn poll_write(
        self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &[u8],
    ) -> Poll<io::Result<usize>> {
        Pin::new(&mut &*self).poll_write(cx, buf)
    }

    fn poll_write_vectored(
        self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        bufs: &[IoSlice<'_>],
    ) -> Poll<io::Result<usize>> {
        Pin::new(&mut &*self).poll_write_vectored(cx, bufs)
    }

    fn is_write_vectored(&self) -> bool {
        true
    }

    fn poll_flush(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        Pin::new(&mut &*self).poll_flush(cx)
    }

    fn poll_shutdown(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        Pin::new(&mut &*self).poll_shutdown(cx)
    }
}
