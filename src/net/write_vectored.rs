//! `WriteVectored`: the leaf gather-write operation, for any stream.

use std::future::Future;
use std::io::{self, IoSlice};
use std::pin::Pin;
use std::task::{ready, Context, Poll};

use crate::io::{AsyncWriteStream, OpState};
use crate::op::Operation;

/// At most this many buffers go to one `writev(2)` call (kept on the stack: no allocation).
const MAX_SLICES: usize = 64;

/// A sequence of buffers a gather write sends from, in order (Asio's `ConstBufferSequence`).
///
/// Borrowed slices (`&[IoSlice]`) work with [`UseFuture`](crate::UseFuture) and
/// [`Blocking`](crate::Blocking) and complete with `io::Result<usize>`; owned `Vec<Vec<u8>>`
/// also works with closures and is handed back: `(io::Result<usize>, Vec<Vec<u8>>)`. One write
/// sends from the first 64 buffers at most.
pub trait IoBufs: Send {
    /// What the operation completes with.
    type Completion<T: Send>: Send;

    /// Fills `out` with the buffers to send, in order; returns how many it filled.
    fn io_slices<'a>(&'a self, out: &mut [IoSlice<'a>]) -> usize;

    /// Builds the completion value from the result and the buffers.
    fn complete<T: Send>(self, result: io::Result<T>) -> Self::Completion<T>;
}

impl<'b> IoBufs for &'b [IoSlice<'b>] {
    type Completion<T: Send> = io::Result<T>;
    fn io_slices<'a>(&'a self, out: &mut [IoSlice<'a>]) -> usize {
        let n = self.len().min(out.len());
        out[..n].copy_from_slice(&self[..n]);
        n
    }
    fn complete<T: Send>(self, result: io::Result<T>) -> io::Result<T> {
        result
    }
}

impl IoBufs for Vec<Vec<u8>> {
    type Completion<T: Send> = (io::Result<T>, Vec<Vec<u8>>);
    fn io_slices<'a>(&'a self, out: &mut [IoSlice<'a>]) -> usize {
        let n = self.len().min(out.len());
        for (slot, buf) in out.iter_mut().zip(self.iter()) {
            *slot = IoSlice::new(buf);
        }
        n
    }
    fn complete<T: Send>(self, result: io::Result<T>) -> (io::Result<T>, Vec<Vec<u8>>) {
        (result, self)
    }
}

/// The operation behind [`TcpSocket::async_write_vectored`](super::TcpSocket::async_write_vectored):
/// writes some bytes from several buffers with one gather write.
#[must_use = "futures do nothing unless you `.await` or poll them"]
#[derive(Debug)]
pub struct WriteVectored<S, B> {
    stream: S,
    bufs: Option<B>,
    st: OpState,
}

impl<S: AsyncWriteStream, B: IoBufs> WriteVectored<S, B> {
    /// Starts a gather write of `bufs` to `stream`.
    pub fn new(stream: S, bufs: B) -> WriteVectored<S, B> {
        let st = stream.start_write();
        WriteVectored {
            stream,
            bufs: Some(bufs),
            st,
        }
    }
}

impl<S: AsyncWriteStream + Unpin, B: IoBufs + Unpin> Future for WriteVectored<S, B> {
    type Output = B::Completion<usize>;

    fn poll(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Self::Output> {
        let this = &mut *self;
        let bufs = this
            .bufs
            .as_ref()
            .expect("WriteVectored polled after completion");
        let mut slices = [IoSlice::new(&[]); MAX_SLICES];
        let n = bufs.io_slices(&mut slices);
        let r = ready!(this
            .stream
            .poll_write_vectored(cx, &slices[..n], &mut this.st));
        Poll::Ready(this.bufs.take().expect("buffers present").complete(r))
    }
}

impl<S: AsyncWriteStream + Unpin, B: IoBufs + Unpin> Operation for WriteVectored<S, B> {
    type Executor = crate::Executor;
    fn executor(&self) -> crate::Executor {
        self.stream.executor()
    }
}
