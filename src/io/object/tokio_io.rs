//! `tokio::io::{AsyncRead, AsyncWrite}` on every I/O object whose core is a stream, and on a
//! reference to one (feature `tokio`), over the same state as the `futures::io` impls. No
//! tokio runtime is needed: the object's own context does the waiting.

use std::io::{self, IoSlice};
use std::pin::Pin;
use std::task::{ready, Context, Poll};

use tokio::io::{AsyncRead, AsyncWrite, ReadBuf};

use super::core::Core;
use super::io_object::IoObject;
use super::ownership::Ownership;
use crate::io::stream::{AsyncReadStream, AsyncWriteStream};

/// Reads with `read_some` into the unfilled part of the buffer; several `&IoObject` share one
/// read in progress (with the `futures::io` impl too). Feature `tokio`.
impl<C: Core + AsyncReadStream, O: Ownership> AsyncRead for &IoObject<C, O> {
    fn poll_read(
        self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &mut ReadBuf<'_>,
    ) -> Poll<io::Result<()>> {
        let obj: &IoObject<C, O> = *self;
        let n = ready!(obj
            .futures_io_state()
            .poll_read(obj, cx, buf.initialize_unfilled()))?;
        buf.advance(n);
        Poll::Ready(Ok(()))
    }
}

/// Reads, as on `&IoObject` (feature `tokio`).
impl<C: Core + AsyncReadStream, O: Ownership> AsyncRead for IoObject<C, O> {
    fn poll_read(
        self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &mut ReadBuf<'_>,
    ) -> Poll<io::Result<()>> {
        Pin::new(&mut &*self).poll_read(cx, buf)
    }
}

/// Writes with `write_some` (gather writes with one `writev(2)`); `poll_flush` does nothing
/// (jeton streams keep no write buffer); `poll_shutdown` shuts the writing side down (the
/// peer reads end of stream; a TLS stream sends `close_notify` first). Feature `tokio`.
impl<C: Core + AsyncWriteStream, O: Ownership> AsyncWrite for &IoObject<C, O> {
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

/// Writes, as on `&IoObject` (feature `tokio`).
impl<C: Core + AsyncWriteStream, O: Ownership> AsyncWrite for IoObject<C, O> {
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
