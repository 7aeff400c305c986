//! `WriteVectored`: the composed gather write (Asio's `async_write` over a buffer sequence).

use std::future::Future;
use std::io::IoSlice;
use std::pin::Pin;
use std::task::{ready, Context, Poll};

use super::buf_seq::{gather, IoBufs, MAX_SLICES};
use super::completion::{transfer_all, CompletionCondition, TransferAll};
use super::stream::{AsyncWriteStream, OpState};
use super::transfer::{write_zero, Progress};
use crate::executor::Executor;
use crate::op::Operation;
use crate::tokens::{Blocking, CompletionToken};

/// Writes every buffer of `bufs` to `stream`, in order (gather write).
///
/// Equivalent to: `async fn async_write_vectored(stream, bufs: &[&[u8]]) -> io::Result<usize>`
/// (with an owned sequence: `-> (io::Result<usize>, Vec<B>)`).
///
/// Each step is one `write_vectored` over the unwritten buffers, so each buffer is drained
/// completely before the next. It completes with the total length, or with an error that
/// carries the count written so far ([`transferred`](super::transferred)). Tokens, errors and
/// cancellation are as for [`async_write`](super::async_write). The handler is never called
/// from inside this function ([G2](crate::guarantees#g2)).
///
/// # Examples
///
/// ```
/// use jeton::net::unix;
/// use jeton::{io, Blocking, IoContext};
///
/// let io = IoContext::new()?;
/// let (sock, _peer) = unix::connect_pair(&io.executor())?;
/// let body = b"hello";
/// let header = format!("Content-Length: {}\r\n\r\n", body.len());
/// let n = io::async_write_vectored(&sock, &[header.as_bytes(), body][..], Blocking)?;
/// assert_eq!(n, header.len() + body.len());
/// # Ok::<(), std::io::Error>(())
/// ```
pub fn async_write_vectored<S, B, T>(stream: S, bufs: B, token: T) -> T::Output
where
    S: AsyncWriteStream + Unpin,
    B: IoBufs + Unpin,
    T: CompletionToken<WriteVectored<S, B, TransferAll>>,
{
    token.launch(WriteVectored::new(stream, bufs, transfer_all()))
}

/// Writes the buffers of `bufs` to `stream` in order until `cond` says it is done.
///
/// As [`async_write_vectored`], except that `cond` decides how much each step may write and
/// when to stop (see [`CompletionCondition`]).
///
/// # Examples
///
/// ```
/// use jeton::net::unix;
/// use jeton::{io, Blocking, IoContext};
///
/// let io = IoContext::new()?;
/// let (a, b) = unix::connect_pair(&io.executor())?;
/// let bufs: [&[u8]; 2] = [b"abc", b"def"];
/// assert_eq!(io::async_write_vectored_with(&a, &bufs[..], io::transfer_exactly(4), Blocking)?, 4);
/// let mut got = [0u8; 4];
/// io::read(&b, &mut got[..])?;
/// assert_eq!(&got, b"abcd");
/// # Ok::<(), std::io::Error>(())
/// ```
pub fn async_write_vectored_with<S, B, C, T>(stream: S, bufs: B, cond: C, token: T) -> T::Output
where
    S: AsyncWriteStream + Unpin,
    B: IoBufs + Unpin,
    C: CompletionCondition + Unpin,
    T: CompletionToken<WriteVectored<S, B, C>>,
{
    token.launch(WriteVectored::new(stream, bufs, cond))
}

/// Writes every buffer of `bufs` to `stream`, in order, blocking the calling thread:
/// `async_write_vectored(stream, bufs, Blocking)`.
///
/// # Examples
///
/// ```
/// use jeton::net::unix;
/// use jeton::{io, IoContext};
///
/// let io = IoContext::new()?;
/// let (a, b) = unix::connect_pair(&io.executor())?;
/// let (r, bufs) = io::write_vectored(&a, vec![b"key=".to_vec(), b"value".to_vec()]);
/// assert_eq!((r?, bufs.len()), (9, 2));
/// let mut got = [0u8; 9];
/// io::read(&b, &mut got[..])?;
/// assert_eq!(&got, b"key=value");
/// # Ok::<(), std::io::Error>(())
/// ```
pub fn write_vectored<S, B>(stream: S, bufs: B) -> B::Completion<usize>
where
    S: AsyncWriteStream + Unpin,
    B: IoBufs + Unpin,
{
    async_write_vectored(stream, bufs, Blocking)
}

/// The operation behind [`async_write_vectored`].
#[must_use = "futures do nothing unless you `.await` or poll them"]
#[derive(Debug)]
pub struct WriteVectored<S, B, C> {
    stream: S,
    bufs: Option<B>,
    progress: Progress<C>,
    st: OpState,
}

impl<S: AsyncWriteStream, B: IoBufs, C: CompletionCondition> WriteVectored<S, B, C> {
    /// Starts a gather write of `bufs` to `stream`, until `cond` is satisfied.
    pub fn new(stream: S, bufs: B, cond: C) -> WriteVectored<S, B, C> {
        let st = stream.start_write();
        let len = (0..bufs.buf_count()).map(|i| bufs.buf(i).len()).sum();
        WriteVectored {
            stream,
            bufs: Some(bufs),
            progress: Progress::new(cond, len),
            st,
        }
    }
}

impl<S, B, C> Future for WriteVectored<S, B, C>
where
    S: AsyncWriteStream + Unpin,
    B: IoBufs + Unpin,
    C: CompletionCondition + Unpin,
{
    type Output = B::Completion<usize>;

    fn poll(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Self::Output> {
        let this = &mut *self;
        let bufs = this
            .bufs
            .as_ref()
            .expect("WriteVectored polled after completion");
        let (stream, st) = (&this.stream, &mut this.st);
        // Each step is one write_vectored over the unwritten buffers, as large as the
        // condition allows.
        let r = ready!(this
            .progress
            .poll_transfer(cx, write_zero, |cx, start, len| {
                let mut slices = [IoSlice::new(&[]); MAX_SLICES];
                let n = gather(bufs, start, len, &mut slices);
                stream.poll_write_vectored(cx, &slices[..n], st)
            }));
        Poll::Ready(this.bufs.take().expect("buffers present").complete(r))
    }
}

impl<S, B, C> Operation for WriteVectored<S, B, C>
where
    S: AsyncWriteStream + Unpin,
    B: IoBufs + Unpin,
    C: CompletionCondition + Unpin,
{
    type Executor = Executor;
    fn executor(&self) -> Executor {
        self.stream.executor()
    }
    fn trace_name(&self) -> crate::op::OpName {
        crate::op::OpName::of(self.stream.trace_object(), "async_write_vectored")
    }
}
