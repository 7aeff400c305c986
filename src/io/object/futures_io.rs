//! `futures::io::{AsyncRead, AsyncWrite}` on every I/O object whose core is a stream, and on a
//! reference to one, over the state the object keeps for them.

use std::io::{self, IoSlice, IoSliceMut};
use std::pin::Pin;
use std::task::{Context, Poll};

use futures::io::{AsyncRead, AsyncWrite};

use super::core::Core;
use super::io_object::IoObject;
use super::ownership::Ownership;
use crate::io::stream::{AsyncReadStream, AsyncWriteStream};

/// Reads with `read_some` (`poll_read_vectored`: one scatter read); several `&IoObject`
/// share one read in progress.
impl<C: Core + AsyncReadStream, O: Ownership> AsyncRead for &IoObject<C, O> {
    fn poll_read(
        self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &mut [u8],
    ) -> Poll<io::Result<usize>> {
        let obj: &IoObject<C, O> = *self;
        obj.futures_io_state().poll_read(obj, cx, buf)
    }

    fn poll_read_vectored(
        self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        bufs: &mut [IoSliceMut<'_>],
    ) -> Poll<io::Result<usize>> {
        let obj: &IoObject<C, O> = *self;
        obj.futures_io_state().poll_read_vectored(obj, cx, bufs)
    }
}

/// Reads, as on `&IoObject`.
impl<C: Core + AsyncReadStream, O: Ownership> AsyncRead for IoObject<C, O> {
    fn poll_read(
        self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &mut [u8],
    ) -> Poll<io::Result<usize>> {
        Pin::new(&mut &*self).poll_read(cx, buf)
    }

    fn poll_read_vectored(
        self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        bufs: &mut [IoSliceMut<'_>],
    ) -> Poll<io::Result<usize>> {
        Pin::new(&mut &*self).poll_read_vectored(cx, bufs)
    }
}

/// Writes with `write_some`; `poll_flush` does nothing; `poll_close` shuts down the writing
/// side of a socket (the peer reads end of stream).
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

    fn poll_flush(self: Pin<&mut Self>, _cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        self.futures_io_state().poll_flush()
    }

    fn poll_close(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        let obj: &IoObject<C, O> = *self;
        obj.futures_io_state().poll_close(obj, cx)
    }
}

/// Writes, as on `&IoObject`.
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

    fn poll_flush(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        Pin::new(&mut &*self).poll_flush(cx)
    }

    fn poll_close(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        Pin::new(&mut &*self).poll_close(cx)
    }
}
