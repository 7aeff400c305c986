//! `Write`: the composed write that drains a buffer (Asio's `async_write`).

use std::future::Future;
use std::pin::Pin;
use std::task::{ready, Context, Poll};

use super::buf::IoBuf;
use super::completion::{transfer_all, CompletionCondition, TransferAll};
use super::stream::{AsyncWriteStream, OpState};
use super::transfer::{write_zero, Progress};
use crate::executor::Executor;
use crate::op::Operation;
use crate::tokens::{Blocking, CompletionToken};

/// Writes all of `buf` to `stream`.
///
/// Equivalent to: `async fn async_write(stream, buf: &[u8]) -> io::Result<usize>` (with an
/// owned buffer: `-> (io::Result<usize>, Vec<u8>)`).
///
/// It calls `write_some` until the whole buffer is written or an error occurs. It completes
/// with `buf.len()`, or with an error that carries the count written so far
/// ([`transferred`](super::transferred)); a stream that accepts no byte fails with
/// [`io::ErrorKind::WriteZero`](std::io::ErrorKind::WriteZero). An empty buffer completes with 0. A closure token gets the
/// result on the stream's executor; [`UseFuture`](crate::UseFuture) returns a future of it;
/// [`Blocking`] returns it. The handler is never called from inside this function
/// ([G2](crate::guarantees#g2)).
///
/// The program must not start another write on `stream` until this one completes
/// ([G12](crate::guarantees#g12)).
///
/// # Cancellation
///
/// The stream's `cancel()` or `close()` completes it with
/// [`error::aborted`](crate::error::aborted) and the count written so far; dropping the
/// future (as [`cancel_after`](crate::cancel_after) does) withdraws it.
///
/// # Examples
///
/// ```
/// use jeton::net::unix;
/// use jeton::{io, Blocking, IoContext};
///
/// let io = IoContext::new()?;
/// let (a, b) = unix::connect_pair(&io.executor())?;
/// io::async_write(&a, &b"HELO\r\n"[..], Blocking)?;
/// io::async_write(a.handle(), b"QUIT\r\n".to_vec(), |(r, _buf): (std::io::Result<usize>, Vec<u8>)| {
///     assert_eq!(r.unwrap(), 6);
/// });
/// io.run();
/// let mut got = [0u8; 12];
/// io::read(&b, &mut got[..])?;
/// assert_eq!(&got, b"HELO\r\nQUIT\r\n");
/// # Ok::<(), std::io::Error>(())
/// ```
pub fn async_write<S, B, T>(stream: S, buf: B, token: T) -> T::Output
where
    S: AsyncWriteStream + Unpin,
    B: IoBuf + Unpin,
    T: CompletionToken<Write<S, B, TransferAll>>,
{
    token.launch(Write::new(stream, buf, transfer_all()))
}

/// Writes `buf` to `stream` until `cond` says it is done (Asio's `async_write` with a
/// completion condition).
///
/// As [`async_write`], except that `cond` decides how much each step may write and when to
/// stop (see [`CompletionCondition`]).
///
/// # Examples
///
/// ```
/// use jeton::net::unix;
/// use jeton::{io, Blocking, IoContext};
///
/// let io = IoContext::new()?;
/// let (a, b) = unix::connect_pair(&io.executor())?;
/// let n = io::async_write_with(&a, &b"header+body"[..], io::transfer_exactly(6), Blocking)?;
/// assert_eq!(n, 6);
/// let mut got = [0u8; 6];
/// io::read(&b, &mut got[..])?;
/// assert_eq!(&got, b"header");
/// # Ok::<(), std::io::Error>(())
/// ```
pub fn async_write_with<S, B, C, T>(stream: S, buf: B, cond: C, token: T) -> T::Output
where
    S: AsyncWriteStream + Unpin,
    B: IoBuf + Unpin,
    C: CompletionCondition + Unpin,
    T: CompletionToken<Write<S, B, C>>,
{
    token.launch(Write::new(stream, buf, cond))
}

/// Writes all of `buf` to `stream`: [`async_write`] under the name other Rust libraries use.
///
/// # Examples
///
/// ```
/// use jeton::net::unix;
/// use jeton::{io, IoContext, UseFuture};
///
/// let io = IoContext::new()?;
/// let (a, b) = unix::connect_pair(&io.executor())?;
/// let big = vec![7u8; 256 * 1024]; // more than the socket buffer: several steps
/// let reader = std::thread::spawn(move || {
///     let mut got = vec![0u8; 256 * 1024];
///     io::read(&b, &mut got[..]).map(|_| got)
/// });
/// assert_eq!(io.block_on(io::async_write_all(&a, &big[..], UseFuture))?, big.len());
/// assert_eq!(reader.join().unwrap()?, big);
/// # Ok::<(), std::io::Error>(())
/// ```
pub fn async_write_all<S, B, T>(stream: S, buf: B, token: T) -> T::Output
where
    S: AsyncWriteStream + Unpin,
    B: IoBuf + Unpin,
    T: CompletionToken<Write<S, B, TransferAll>>,
{
    async_write(stream, buf, token)
}

/// Writes all of `buf` to `stream`, blocking the calling thread:
/// `async_write(stream, buf, Blocking)`.
///
/// # Examples
///
/// ```
/// use jeton::net::unix;
/// use jeton::{io, IoContext};
///
/// let io = IoContext::new()?; // no thread needs to run it
/// let (a, b) = unix::connect_pair(&io.executor())?;
/// assert_eq!(io::write(&a, &b"bye"[..])?, 3);
/// drop(b);
/// let e = io::write(&a, &b"again"[..]).unwrap_err(); // the peer has gone
/// assert_eq!(e.kind(), std::io::ErrorKind::BrokenPipe);
/// # Ok::<(), std::io::Error>(())
/// ```
pub fn write<S, B>(stream: S, buf: B) -> B::Completion<usize>
where
    S: AsyncWriteStream + Unpin,
    B: IoBuf + Unpin,
{
    async_write(stream, buf, Blocking)
}

/// The operation behind [`async_write`] and [`async_write_with`].
#[must_use = "futures do nothing unless you `.await` or poll them"]
#[derive(Debug)]
pub struct Write<S, B, C> {
    stream: S,
    buf: Option<B>,
    progress: Progress<C>,
    st: OpState,
}

impl<S: AsyncWriteStream, B: IoBuf, C: CompletionCondition> Write<S, B, C> {
    /// Starts a write of `buf` to `stream`, until `cond` is satisfied.
    pub fn new(stream: S, buf: B, cond: C) -> Write<S, B, C> {
        let st = stream.start_write();
        let len = buf.as_bytes().len();
        Write {
            stream,
            buf: Some(buf),
            progress: Progress::new(cond, len),
            st,
        }
    }
}

impl<S, B, C> Future for Write<S, B, C>
where
    S: AsyncWriteStream + Unpin,
    B: IoBuf + Unpin,
    C: CompletionCondition + Unpin,
{
    type Output = B::Completion<usize>;

    fn poll(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Self::Output> {
        let this = &mut *self;
        let buf = this.buf.as_ref().expect("Write polled after completion");
        let bytes = buf.as_bytes();
        let (stream, st) = (&this.stream, &mut this.st);
        // Each step is one write_some from the unwritten part, as large as the condition allows.
        let r = ready!(this
            .progress
            .poll_transfer(cx, write_zero, |cx, start, len| {
                stream.poll_write_some(cx, &bytes[start..start + len], st)
            }));
        Poll::Ready(this.buf.take().expect("buffer present").complete(r))
    }
}

impl<S, B, C> Operation for Write<S, B, C>
where
    S: AsyncWriteStream + Unpin,
    B: IoBuf + Unpin,
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
