//! `WriteDynamic`: the composed write that sends a dynamic buffer's data and consumes it
//! (Asio's `async_write` over a DynamicBuffer).

use std::future::Future;
use std::pin::Pin;
use std::task::{ready, Context, Poll};

use super::completion::{transfer_all, CompletionCondition, TransferAll};
use super::dynamic_buffer::DynBuf;
use super::partial::transferred;
use super::stream::{AsyncWriteStream, OpState};
use super::transfer::{write_zero, Progress};
use crate::executor::Executor;
use crate::op::Operation;
use crate::tokens::{Blocking, CompletionToken};

/// Writes the data of `buf` to `stream` and consumes what it wrote (Asio's
/// `async_write(stream, dynamic_buffer(v), token)`).
///
/// Equivalent to: `async fn async_write_dynamic(stream, buf: &mut DynamicBuffer) ->
/// io::Result<usize>` (with an owned buffer: `-> (io::Result<usize>, DynamicBuffer)`).
///
/// It calls `write_some` until all the data is written or an error occurs, then removes the
/// bytes written from the front of `buf`, on success and on error alike (as Asio), so what is
/// left in `buf` is what the peer did not get. It completes with the count written, or with
/// an error that carries it ([`transferred`](super::transferred)). Tokens and cancellation
/// are as for [`async_write`](super::async_write). The handler is never called from inside
/// this function ([G2](crate::guarantees#g2)).
///
/// # Examples
///
/// ```
/// use jeton::io::{self, DynamicBuffer};
/// use jeton::net::unix;
/// use jeton::{Blocking, IoContext};
///
/// let io = IoContext::new()?;
/// let (a, b) = unix::connect_pair(&io.executor())?;
/// let mut out = DynamicBuffer::new(b"queued reply".to_vec());
/// assert_eq!(io::async_write_dynamic(&a, &mut out, Blocking)?, 12);
/// assert!(out.is_empty()); // consumed
/// let mut got = [0u8; 12];
/// io::read(&b, &mut got[..])?;
/// assert_eq!(&got, b"queued reply");
/// # Ok::<(), std::io::Error>(())
/// ```
pub fn async_write_dynamic<S, B, T>(stream: S, buf: B, token: T) -> T::Output
where
    S: AsyncWriteStream + Unpin,
    B: DynBuf + Unpin,
    T: CompletionToken<WriteDynamic<S, B, TransferAll>>,
{
    token.launch(WriteDynamic::new(stream, buf, transfer_all()))
}

/// Writes the data of `buf` to `stream` until `cond` says it is done, and consumes what it
/// wrote (Asio's `async_write(stream, dynamic_buffer(v), cond, token)`).
///
/// As [`async_write_dynamic`], except that `cond` decides how much each step may write and
/// when to stop (see [`CompletionCondition`]).
///
/// # Examples
///
/// ```
/// use jeton::io::{self, transfer_exactly};
/// use jeton::net::unix;
/// use jeton::IoContext;
///
/// let io = IoContext::new()?;
/// let (a, _b) = unix::connect_pair(&io.executor())?;
/// io::async_write_dynamic_with(a.handle(), b"0123456789".to_vec(), transfer_exactly(4),
///     |(r, rest): (std::io::Result<usize>, Vec<u8>)| {
///         assert_eq!(r.unwrap(), 4);
///         assert_eq!(rest, b"456789");
///     });
/// io.run();
/// # Ok::<(), std::io::Error>(())
/// ```
pub fn async_write_dynamic_with<S, B, C, T>(stream: S, buf: B, cond: C, token: T) -> T::Output
where
    S: AsyncWriteStream + Unpin,
    B: DynBuf + Unpin,
    C: CompletionCondition + Unpin,
    T: CompletionToken<WriteDynamic<S, B, C>>,
{
    token.launch(WriteDynamic::new(stream, buf, cond))
}

/// Writes the data of `buf` to `stream` and consumes it, blocking the calling thread:
/// `async_write_dynamic(stream, buf, Blocking)`.
///
/// # Examples
///
/// ```
/// use jeton::net::unix;
/// use jeton::{io, IoContext};
///
/// let io = IoContext::new()?;
/// let (a, b) = unix::connect_pair(&io.executor())?;
/// let mut out = b"pending".to_vec();
/// assert_eq!(io::write_dynamic(&a, &mut out)?, 7);
/// assert!(out.is_empty());
/// # drop(b);
/// # Ok::<(), std::io::Error>(())
/// ```
pub fn write_dynamic<S, B>(stream: S, buf: B) -> B::Completion<usize>
where
    S: AsyncWriteStream + Unpin,
    B: DynBuf + Unpin,
{
    async_write_dynamic(stream, buf, Blocking)
}

/// The operation behind [`async_write_dynamic`] and [`async_write_dynamic_with`].
#[must_use = "futures do nothing unless you `.await` or poll them"]
#[derive(Debug)]
pub struct WriteDynamic<S, B, C> {
    stream: S,
    buf: Option<B>,
    progress: Progress<C>,
    st: OpState,
}

impl<S: AsyncWriteStream, B: DynBuf, C: CompletionCondition> WriteDynamic<S, B, C> {
    /// Starts a write of the data of `buf` to `stream`, until `cond` is satisfied.
    pub fn new(stream: S, mut buf: B, cond: C) -> WriteDynamic<S, B, C> {
        let st = stream.start_write();
        let len = buf.vec_mut().len();
        WriteDynamic {
            stream,
            buf: Some(buf),
            progress: Progress::new(cond, len),
            st,
        }
    }
}

impl<S, B, C> Future for WriteDynamic<S, B, C>
where
    S: AsyncWriteStream + Unpin,
    B: DynBuf + Unpin,
    C: CompletionCondition + Unpin,
{
    type Output = B::Completion<usize>;

    fn poll(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Self::Output> {
        let this = &mut *self;
        let buf = this
            .buf
            .as_mut()
            .expect("WriteDynamic polled after completion");
        let data = buf.vec_mut();
        let (stream, st) = (&this.stream, &mut this.st);
        // Each step is one write_some from the unwritten part, as large as the condition allows.
        let r = ready!(this
            .progress
            .poll_transfer(cx, write_zero, |cx, start, len| {
                stream.poll_write_some(cx, &data[start..start + len], st)
            }));
        // Consume what was written, whatever the outcome.
        let written = match &r {
            Ok(n) => *n,
            Err(e) => transferred(e),
        };
        data.drain(..written.min(data.len()));
        Poll::Ready(this.buf.take().expect("buffer present").complete(r))
    }
}

impl<S, B, C> Operation for WriteDynamic<S, B, C>
where
    S: AsyncWriteStream + Unpin,
    B: DynBuf + Unpin,
    C: CompletionCondition + Unpin,
{
    type Executor = Executor;
    fn executor(&self) -> Executor {
        self.stream.executor()
    }
    fn trace_name(&self) -> crate::op::OpName {
        crate::op::OpName::of(self.stream.trace_object(), "async_write")
    }
}
