//! `ReadVectored`: the composed scatter read (Asio's `async_read` over a
//! MutableBufferSequence).

use std::future::Future;
use std::io::IoSliceMut;
use std::pin::Pin;
use std::task::{ready, Context, Poll};

use super::buf_seq::MAX_SLICES;
use super::buf_seq_mut::{scatter, total_len, IoBufsMut};
use super::completion::{transfer_all, CompletionCondition, TransferAll};
use super::stream::{AsyncReadStream, OpState};
use super::transfer::Progress;
use crate::error;
use crate::executor::Executor;
use crate::op::Operation;
use crate::tokens::{Blocking, CompletionToken};

/// Reads from `stream` until every buffer of `bufs` is full, in order (scatter read).
///
/// Equivalent to: `async fn async_read_vectored(stream, bufs: &mut [&mut [u8]]) ->
/// io::Result<usize>` (with an owned sequence: `-> (io::Result<usize>, Vec<B>)`).
///
/// Each step is one scatter read into the unfilled buffers, so each buffer is filled
/// completely before the next. It completes with the total length, or with an error that
/// carries the count read so far ([`transferred`](super::transferred)); the stream ending
/// first is [`error::eof`](crate::error::eof). Tokens, errors and cancellation are as for
/// [`async_read`](super::async_read). The handler is never called from inside this function
/// ([G2](crate::guarantees#g2)).
///
/// # Examples
///
/// A fixed-size header and its body, in one call:
///
/// ```
/// use jeton::net::unix;
/// use jeton::{io, Blocking, IoContext};
///
/// let io = IoContext::new()?;
/// let (a, b) = unix::connect_pair(&io.executor())?;
/// a.write_some(b"HDbody")?;
/// let (mut header, mut body) = ([0u8; 2], [0u8; 4]);
/// let n = io::async_read_vectored(&b, &mut [&mut header[..], &mut body[..]][..], Blocking)?;
/// assert_eq!((n, &header, &body), (6, b"HD", b"body"));
/// # Ok::<(), std::io::Error>(())
/// ```
pub fn async_read_vectored<S, B, T>(stream: S, bufs: B, token: T) -> T::Output
where
    S: AsyncReadStream + Unpin,
    B: IoBufsMut + Unpin,
    T: CompletionToken<ReadVectored<S, B, TransferAll>>,
{
    token.launch(ReadVectored::new(stream, bufs, transfer_all()))
}

/// Reads from `stream` into the buffers of `bufs`, in order, until `cond` says it is done.
///
/// As [`async_read_vectored`], except that `cond` decides how much each step may read and when
/// to stop (see [`CompletionCondition`]).
///
/// # Examples
///
/// ```
/// use jeton::net::unix;
/// use jeton::{io, IoContext, UseFuture};
///
/// let io = IoContext::new()?;
/// let (a, b) = unix::connect_pair(&io.executor())?;
/// a.write_some(b"abc")?;
/// let mut bufs = [vec![0u8; 2], vec![0u8; 8]];
/// let fut = io::async_read_vectored_with(&b, &mut bufs[..], io::transfer_at_least(3), UseFuture);
/// assert_eq!(io.block_on(fut)?, 3);
/// assert_eq!((&bufs[0][..], &bufs[1][..1]), (&b"ab"[..], &b"c"[..]));
/// # Ok::<(), std::io::Error>(())
/// ```
pub fn async_read_vectored_with<S, B, C, T>(stream: S, bufs: B, cond: C, token: T) -> T::Output
where
    S: AsyncReadStream + Unpin,
    B: IoBufsMut + Unpin,
    C: CompletionCondition + Unpin,
    T: CompletionToken<ReadVectored<S, B, C>>,
{
    token.launch(ReadVectored::new(stream, bufs, cond))
}

/// Reads from `stream` until every buffer of `bufs` is full, blocking the calling thread:
/// `async_read_vectored(stream, bufs, Blocking)`.
///
/// # Examples
///
/// ```
/// use jeton::net::unix;
/// use jeton::{io, IoContext};
///
/// let io = IoContext::new()?;
/// let (a, b) = unix::connect_pair(&io.executor())?;
/// a.write_some(b"KEYvalue")?;
/// let (r, bufs) = io::read_vectored(&b, [vec![0u8; 3], vec![0u8; 5]]);
/// assert_eq!((r?, &bufs[0][..], &bufs[1][..]), (8, &b"KEY"[..], &b"value"[..]));
/// # Ok::<(), std::io::Error>(())
/// ```
pub fn read_vectored<S, B>(stream: S, bufs: B) -> B::Completion<usize>
where
    S: AsyncReadStream + Unpin,
    B: IoBufsMut + Unpin,
{
    async_read_vectored(stream, bufs, Blocking)
}

/// The operation behind [`async_read_vectored`] and [`async_read_vectored_with`].
#[must_use = "futures do nothing unless you `.await` or poll them"]
#[derive(Debug)]
pub struct ReadVectored<S, B, C> {
    stream: S,
    bufs: Option<B>,
    progress: Progress<C>,
    st: OpState,
}

impl<S: AsyncReadStream, B: IoBufsMut, C: CompletionCondition> ReadVectored<S, B, C> {
    /// Starts a scatter read of `stream` into `bufs`, until `cond` is satisfied.
    pub fn new(stream: S, mut bufs: B, cond: C) -> ReadVectored<S, B, C> {
        let st = stream.start_read();
        let len = total_len(&mut bufs);
        ReadVectored {
            stream,
            bufs: Some(bufs),
            progress: Progress::new(cond, len),
            st,
        }
    }
}

impl<S, B, C> Future for ReadVectored<S, B, C>
where
    S: AsyncReadStream + Unpin,
    B: IoBufsMut + Unpin,
    C: CompletionCondition + Unpin,
{
    type Output = B::Completion<usize>;

    fn poll(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Self::Output> {
        let this = &mut *self;
        let bufs = this
            .bufs
            .as_mut()
            .expect("ReadVectored polled after completion");
        let (stream, st) = (&this.stream, &mut this.st);
        // Each step is one scatter read into the unfilled buffers, as large as the condition
        // allows.
        let r = ready!(this
            .progress
            .poll_transfer(cx, error::eof, |cx, start, len| {
                let mut slices: [IoSliceMut<'_>; MAX_SLICES] =
                    std::array::from_fn(|_| IoSliceMut::new(&mut []));
                let n = scatter(bufs, start, len, &mut slices);
                stream.poll_read_vectored(cx, &mut slices[..n], st)
            }));
        Poll::Ready(this.bufs.take().expect("buffers present").complete(r))
    }
}

impl<S, B, C> Operation for ReadVectored<S, B, C>
where
    S: AsyncReadStream + Unpin,
    B: IoBufsMut + Unpin,
    C: CompletionCondition + Unpin,
{
    type Executor = Executor;
    fn executor(&self) -> Executor {
        self.stream.executor()
    }
    fn trace_name(&self) -> crate::op::OpName {
        crate::op::OpName::of(self.stream.trace_object(), "async_read_vectored")
    }
}
