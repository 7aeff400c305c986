//! `Read`: the composed read that fills a buffer (Asio's `async_read`).

use std::future::Future;
use std::pin::Pin;
use std::task::{ready, Context, Poll};

use super::buf::IoBufMut;
use super::completion::{transfer_all, CompletionCondition, TransferAll};
use super::stream::{AsyncReadStream, OpState};
use super::transfer::Progress;
use crate::error;
use crate::executor::Executor;
use crate::op::Operation;
use crate::tokens::{Blocking, CompletionToken};

/// Reads from `stream` until `buf` is full.
///
/// Equivalent to: `async fn async_read(stream, buf: &mut [u8]) -> io::Result<usize>` (with an
/// owned buffer: `-> (io::Result<usize>, Vec<u8>)`).
///
/// It calls `read_some` until the buffer is full, an error occurs, or the stream ends. It
/// completes with `buf.len()`, or with an error that carries the count read so far
/// ([`transferred`](super::transferred)); end of stream before the buffer is full is
/// [`error::eof`](crate::error::eof). An empty buffer completes with 0. A closure token gets
/// the result on the stream's executor; [`UseFuture`](crate::UseFuture) returns a future of it;
/// [`Blocking`] returns it. The handler is never called from inside this function
/// ([G2](crate::guarantees#g2)).
///
/// The program must not start another read on `stream` until this one completes
/// ([G12](crate::guarantees#g12)).
///
/// # Cancellation
///
/// The stream's `cancel()` or `close()` completes it with
/// [`error::aborted`](crate::error::aborted) and the count read so far; dropping the future
/// (as [`cancel_after`](crate::cancel_after) does) withdraws it, and the bytes already read stay
/// in the buffer.
///
/// # Examples
///
/// A length-prefixed message: a blocking read of the header, then a closure for the body.
///
/// ```
/// use jeton::net::unix;
/// use jeton::{io, Blocking, IoContext};
///
/// let io = IoContext::new()?;
/// let (a, b) = unix::connect_pair(&io.executor())?;
/// a.write_some(b"\x00\x05hello")?;
/// let mut header = [0u8; 2];
/// io::async_read(&b, &mut header[..], Blocking)?;
/// let len = u16::from_be_bytes(header) as usize;
/// io::async_read(b.handle(), vec![0u8; len], |(r, body): (std::io::Result<usize>, Vec<u8>)| {
///     assert_eq!(r.unwrap(), 5);
///     assert_eq!(body, b"hello");
/// });
/// io.run();
/// # Ok::<(), std::io::Error>(())
/// ```
pub fn async_read<S, B, T>(stream: S, buf: B, token: T) -> T::Output
where
    S: AsyncReadStream + Unpin,
    B: IoBufMut + Unpin,
    T: CompletionToken<Read<S, B, TransferAll>>,
{
    token.launch(Read::new(stream, buf, transfer_all()))
}

/// Reads from `stream` into `buf` until `cond` says it is done (Asio's `async_read` with a
/// completion condition).
///
/// As [`async_read`], except that `cond` decides how much each step may read and when to stop
/// (see [`CompletionCondition`]): for example [`transfer_at_least(n)`](super::transfer_at_least).
///
/// # Examples
///
/// ```
/// use jeton::net::unix;
/// use jeton::{io, Blocking, IoContext};
///
/// let io = IoContext::new()?;
/// let (a, b) = unix::connect_pair(&io.executor())?;
/// a.write_some(b"abc")?;
/// let mut buf = [0u8; 64];
/// // At least 2 bytes, not a full buffer:
/// let n = io::async_read_with(&b, &mut buf[..], io::transfer_at_least(2), Blocking)?;
/// assert_eq!(&buf[..n], b"abc");
/// # Ok::<(), std::io::Error>(())
/// ```
pub fn async_read_with<S, B, C, T>(stream: S, buf: B, cond: C, token: T) -> T::Output
where
    S: AsyncReadStream + Unpin,
    B: IoBufMut + Unpin,
    C: CompletionCondition + Unpin,
    T: CompletionToken<Read<S, B, C>>,
{
    token.launch(Read::new(stream, buf, cond))
}

/// Reads exactly `buf.len()` bytes from `stream`: [`async_read`] under the name other Rust
/// libraries use. A stream that ends early completes with [`error::eof`](crate::error::eof)
/// and the count read.
///
/// # Examples
///
/// ```
/// use jeton::net::unix;
/// use jeton::{error, io, IoContext, UseFuture};
///
/// let io = IoContext::new()?;
/// let (a, b) = unix::connect_pair(&io.executor())?;
/// a.write_some(b"abc")?;
/// drop(a); // the stream ends after 3 bytes
/// let mut buf = [0u8; 4];
/// let e = io.block_on(io::async_read_exact(&b, &mut buf[..], UseFuture)).unwrap_err();
/// assert!(error::is_eof(&e));
/// assert_eq!((io::transferred(&e), &buf[..3]), (3, &b"abc"[..]));
/// # Ok::<(), std::io::Error>(())
/// ```
pub fn async_read_exact<S, B, T>(stream: S, buf: B, token: T) -> T::Output
where
    S: AsyncReadStream + Unpin,
    B: IoBufMut + Unpin,
    T: CompletionToken<Read<S, B, TransferAll>>,
{
    async_read(stream, buf, token)
}

/// Reads from `stream` until `buf` is full, blocking the calling thread:
/// `async_read(stream, buf, Blocking)`.
///
/// # Examples
///
/// ```
/// use jeton::net::unix;
/// use jeton::{io, IoContext};
///
/// let io = IoContext::new()?; // no thread needs to run it
/// let (a, b) = unix::connect_pair(&io.executor())?;
/// a.write_some(b"0123456789")?;
/// let mut first = [0u8; 6];
/// assert_eq!(io::read(&b, &mut first[..])?, 6);
/// let (r, rest) = io::read(&b, vec![0u8; 4]); // an owned buffer comes back
/// assert_eq!((r?, &rest[..]), (4, &b"6789"[..]));
/// # Ok::<(), std::io::Error>(())
/// ```
pub fn read<S, B>(stream: S, buf: B) -> B::Completion<usize>
where
    S: AsyncReadStream + Unpin,
    B: IoBufMut + Unpin,
{
    async_read(stream, buf, Blocking)
}

/// The operation behind [`async_read`] and [`async_read_with`].
#[must_use = "futures do nothing unless you `.await` or poll them"]
#[derive(Debug)]
pub struct Read<S, B, C> {
    stream: S,
    buf: Option<B>,
    progress: Progress<C>,
    st: OpState,
}

impl<S: AsyncReadStream, B: IoBufMut, C: CompletionCondition> Read<S, B, C> {
    /// Starts a read of `stream` into `buf`, until `cond` is satisfied.
    ///
    /// # Examples
    ///
    /// An initiating function of your own is the same shim as jeton's: build the operation, hand it
    /// to the token, and every token works.
    ///
    ///
    /// ```
    /// use jeton::io::{self, AsyncReadStream, Read, TransferExactly};
    /// use jeton::net::unix;
    /// use jeton::{Blocking, CompletionToken, IoContext};
    ///
    /// /// Reads a 4-byte header into `buf`.
    /// fn async_read_header<'a, S, T>(stream: S, buf: &'a mut [u8; 4], token: T) -> T::Output
    /// where
    ///     S: AsyncReadStream + Unpin,
    ///     T: CompletionToken<Read<S, &'a mut [u8], TransferExactly>>,
    /// {
    ///     token.launch(Read::new(stream, &mut buf[..], io::transfer_exactly(4)))
    /// }
    ///
    /// let io = IoContext::new()?;
    /// let (a, b) = unix::connect_pair(&io.executor())?;
    /// a.write_some(b"HEAD")?;
    /// let mut header = [0u8; 4];
    /// assert_eq!(async_read_header(&b, &mut header, Blocking)?, 4);
    /// assert_eq!(&header, b"HEAD");
    /// # Ok::<(), std::io::Error>(())
    /// ```
    pub fn new(stream: S, mut buf: B, cond: C) -> Read<S, B, C> {
        let st = stream.start_read();
        let len = buf.as_mut_bytes().len();
        Read {
            stream,
            buf: Some(buf),
            progress: Progress::new(cond, len),
            st,
        }
    }
}

impl<S, B, C> Future for Read<S, B, C>
where
    S: AsyncReadStream + Unpin,
    B: IoBufMut + Unpin,
    C: CompletionCondition + Unpin,
{
    type Output = B::Completion<usize>;

    fn poll(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Self::Output> {
        let this = &mut *self;
        let buf = this.buf.as_mut().expect("Read polled after completion");
        let bytes = buf.as_mut_bytes();
        let (stream, st) = (&this.stream, &mut this.st);
        // Each step is one read_some into the unfilled part, as large as the condition allows.
        let r = ready!(this
            .progress
            .poll_transfer(cx, error::eof, |cx, start, len| {
                stream.poll_read_some(cx, &mut bytes[start..start + len], st)
            }));
        Poll::Ready(this.buf.take().expect("buffer present").complete(r))
    }
}

impl<S, B, C> Operation for Read<S, B, C>
where
    S: AsyncReadStream + Unpin,
    B: IoBufMut + Unpin,
    C: CompletionCondition + Unpin,
{
    type Executor = Executor;
    fn executor(&self) -> Executor {
        self.stream.executor()
    }
    fn trace_name(&self) -> crate::op::OpName {
        crate::op::OpName::of(self.stream.trace_object(), "async_read")
    }
}
