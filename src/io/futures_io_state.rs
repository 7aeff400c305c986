//! `FuturesIoState`: the `futures::io` traits over jeton's stream traits, written once for
//! [`FuturesIo`](super::FuturesIo) and for every [`IoObject`](super::IoObject).

use std::io::{self, IoSlice, IoSliceMut};
use std::task::{ready, Context, Poll};

use super::stream::{AsyncReadStream, AsyncWriteStream, OpState};

/// The read and the write in progress of a `futures::io` user: started by a poll when there
/// is none, finished (`None`) when a poll completes. A pending one holds the context's work,
/// like any pending operation, until it completes, the next poll in its direction completes,
/// or the state is dropped.
#[derive(Debug, Default)]
pub(crate) struct FuturesIoState {
    read: Option<OpState>,
    write: Option<OpState>,
    /// How many bytes the next read into uninitialised memory (hyper's buffers) asks for, and
    /// so zeroes first: it doubles after a read that fills it and halves after a small one,
    /// between [`MIN_WINDOW`] and [`MAX_WINDOW`]; 0 until the first such read.
    #[cfg(feature = "hyper")]
    window: usize,
}

/// The smallest read window: a request line and its headers.
#[cfg(feature = "hyper")]
const MIN_WINDOW: usize = 1024;
/// The largest read window.
#[cfg(feature = "hyper")]
const MAX_WINDOW: usize = 64 * 1024;
/// The first read window.
#[cfg(feature = "hyper")]
const FIRST_WINDOW: usize = 4096;

/// Polls `f` with the operation in progress in one direction, starting one with `start` if
/// there is none, and finishes it when `f` completes.
fn poll_slot<R>(
    slot: &mut Option<OpState>,
    start: impl FnOnce() -> OpState,
    f: impl FnOnce(&mut OpState) -> Poll<io::Result<R>>,
) -> Poll<io::Result<R>> {
    let st = slot.get_or_insert_with(start);
    let r = ready!(f(st));
    *slot = None;
    Poll::Ready(r)
}

impl FuturesIoState {
    /// `AsyncRead::poll_read`: one `read_some` of `stream`.
    pub(crate) fn poll_read<S: AsyncReadStream + ?Sized>(
        &mut self,
        stream: &S,
        cx: &mut Context<'_>,
        buf: &mut [u8],
    ) -> Poll<io::Result<usize>> {
        poll_slot(
            &mut self.read,
            || stream.start_read(),
            |st| stream.poll_read_some(cx, buf, st),
        )
    }

    /// `AsyncRead::poll_read_vectored`: one scatter read of `stream`.
    pub(crate) fn poll_read_vectored<S: AsyncReadStream + ?Sized>(
        &mut self,
        stream: &S,
        cx: &mut Context<'_>,
        bufs: &mut [IoSliceMut<'_>],
    ) -> Poll<io::Result<usize>> {
        poll_slot(
            &mut self.read,
            || stream.start_read(),
            |st| stream.poll_read_vectored(cx, bufs, st),
        )
    }

    /// `AsyncWrite::poll_write`: one `write_some` to `stream`.
    pub(crate) fn poll_write<S: AsyncWriteStream + ?Sized>(
        &mut self,
        stream: &S,
        cx: &mut Context<'_>,
        buf: &[u8],
    ) -> Poll<io::Result<usize>> {
        poll_slot(
            &mut self.write,
            || stream.start_write(),
            |st| stream.poll_write_some(cx, buf, st),
        )
    }

    /// `AsyncWrite::poll_write_vectored`: one gather write to `stream`.
    pub(crate) fn poll_write_vectored<S: AsyncWriteStream + ?Sized>(
        &mut self,
        stream: &S,
        cx: &mut Context<'_>,
        bufs: &[IoSlice<'_>],
    ) -> Poll<io::Result<usize>> {
        poll_slot(
            &mut self.write,
            || stream.start_write(),
            |st| stream.poll_write_vectored(cx, bufs, st),
        )
    }

    /// Returns how many bytes the next read into uninitialised memory should ask for.
    #[cfg(feature = "hyper")]
    pub(crate) fn read_window(&self) -> usize {
        if self.window == 0 {
            FIRST_WINDOW
        } else {
            self.window
        }
    }

    /// Adapts the read window to a read of `n` bytes asked with `window`: zeroing a large
    /// window for a small read is most of the cost of a small request.
    #[cfg(feature = "hyper")]
    pub(crate) fn note_read(&mut self, n: usize, window: usize) {
        self.window = if n == window {
            (window * 2).min(MAX_WINDOW)
        } else if n <= window / 8 {
            (window / 2).max(MIN_WINDOW)
        } else {
            window
        };
    }

    /// `AsyncWrite::poll_flush`: jeton streams buffer nothing, so there is nothing to flush.
    pub(crate) fn poll_flush(&mut self) -> Poll<io::Result<()>> {
        Poll::Ready(Ok(()))
    }

    /// `AsyncWrite::poll_close`: the stream's [`poll_shutdown`](AsyncWriteStream::poll_shutdown)
    /// (a socket shuts its writing side down: the peer reads end of stream).
    pub(crate) fn poll_close<S: AsyncWriteStream + ?Sized>(
        &mut self,
        stream: &S,
        cx: &mut Context<'_>,
    ) -> Poll<io::Result<()>> {
        stream.poll_shutdown(cx)
    }
}
