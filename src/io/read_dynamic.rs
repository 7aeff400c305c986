//! `ReadDynamic`: the composed read that appends to a dynamic buffer (Asio's `async_read`
//! over a DynamicBuffer).

use std::future::Future;
use std::pin::Pin;
use std::task::{ready, Context, Poll};

use super::completion::{transfer_all, CompletionCondition, TransferAll};
use super::dynamic_buffer::{DynBuf, MIN_STEP};
use super::stream::{AsyncReadStream, OpState};
use super::transfer::Progress;
use crate::error;
use crate::executor::Executor;
use crate::op::Operation;
use crate::tokens::{Blocking, CompletionToken};

/// Reads from `stream`, appending to `buf`, until the buffer reaches its `max_size` or the
/// stream ends (Asio's `async_read(stream, dynamic_buffer(v), token)`).
///
/// Equivalent to: `async fn async_read_dynamic(stream, buf: &mut DynamicBuffer) ->
/// io::Result<usize>` (with an owned buffer, `DynamicBuffer` or `Vec<u8>`: `->
/// (io::Result<usize>, DynamicBuffer)`).
///
/// Each step is one `read_some` into new space at the end of the buffer: at least 512 bytes
/// (or the vector's spare capacity), never past `max_size`. It completes with the number of
/// bytes appended once the buffer is full. The bytes already in `buf` stay in front. A
/// closure token gets the result on the stream's executor; [`UseFuture`](crate::UseFuture)
/// returns a future of it; [`Blocking`] returns it. The handler is never called from inside
/// this function ([G2](crate::guarantees#g2)).
///
/// The program must not start another read on `stream` until this one completes
/// ([G12](crate::guarantees#g12)).
///
/// # Errors
///
/// As in Asio, the stream ending before the buffer is full is an error,
/// [`error::eof`](crate::error::eof), which carries the count appended
/// ([`transferred`](super::transferred)); the bytes are in `buf`. So reading a whole stream
/// into an unlimited buffer ends with `eof`: test it with [`error::is_eof`]. The stream's
/// own errors carry the count in the same way.
///
/// # Cancellation
///
/// The stream's `cancel()` or `close()` completes it with
/// [`error::aborted`](crate::error::aborted) and the count appended; dropping the future
/// withdraws it, and the bytes already read stay in the buffer.
///
/// # Examples
///
/// ```
/// use jeton::io::{self, DynamicBuffer};
/// use jeton::net::unix;
/// use jeton::{error, Blocking, IoContext};
///
/// let io = IoContext::new()?;
/// let (a, b) = unix::connect_pair(&io.executor())?;
/// a.write_some(b"HTTP/1.0 200 OK\r\n\r\nbody")?;
///
/// // Up to max_size:
/// let mut head = DynamicBuffer::with_max_size(Vec::new(), 8);
/// assert_eq!(io::async_read_dynamic(&b, &mut head, Blocking)?, 8);
/// assert_eq!(head.data(), b"HTTP/1.0");
///
/// // To the end of the stream, with a closure and an owned vector:
/// drop(a);
/// io::async_read_dynamic(b.handle(), Vec::new(), |(r, rest): (std::io::Result<usize>, Vec<u8>)| {
///     let e = r.unwrap_err();
///     assert!(error::is_eof(&e));
///     assert_eq!(io::transferred(&e), rest.len());
///     assert_eq!(rest, b" 200 OK\r\n\r\nbody");
/// });
/// io.run();
/// # Ok::<(), std::io::Error>(())
/// ```
pub fn async_read_dynamic<S, B, T>(stream: S, buf: B, token: T) -> T::Output
where
    S: AsyncReadStream + Unpin,
    B: DynBuf + Unpin,
    T: CompletionToken<ReadDynamic<S, B, TransferAll>>,
{
    token.launch(ReadDynamic::new(stream, buf, transfer_all()))
}

/// Reads from `stream`, appending to `buf`, until `cond` says it is done (Asio's
/// `async_read(stream, dynamic_buffer(v), cond, token)`).
///
/// As [`async_read_dynamic`], except that `cond` decides how much each step may read and when
/// to stop (see [`CompletionCondition`]); the buffer's `max_size` still bounds it.
///
/// # Examples
///
/// ```
/// use jeton::io::{self, transfer_at_least};
/// use jeton::net::unix;
/// use jeton::{IoContext, UseFuture};
///
/// let io = IoContext::new()?;
/// let (a, b) = unix::connect_pair(&io.executor())?;
/// a.write_some(b"hello")?;
/// let mut buf = b"> ".to_vec();
/// let n = io.block_on(io::async_read_dynamic_with(&b, &mut buf, transfer_at_least(1), UseFuture))?;
/// assert_eq!((n, &buf[..]), (5, &b"> hello"[..]));
/// # Ok::<(), std::io::Error>(())
/// ```
pub fn async_read_dynamic_with<S, B, C, T>(stream: S, buf: B, cond: C, token: T) -> T::Output
where
    S: AsyncReadStream + Unpin,
    B: DynBuf + Unpin,
    C: CompletionCondition + Unpin,
    T: CompletionToken<ReadDynamic<S, B, C>>,
{
    token.launch(ReadDynamic::new(stream, buf, cond))
}

/// Reads from `stream`, appending to `buf` until it is full or the stream ends, blocking the
/// calling thread: `async_read_dynamic(stream, buf, Blocking)`.
///
/// # Examples
///
/// ```
/// use jeton::io::{self, DynamicBuffer};
/// use jeton::net::unix;
/// use jeton::IoContext;
///
/// let io = IoContext::new()?;
/// let (a, b) = unix::connect_pair(&io.executor())?;
/// a.write_some(b"0123456789")?;
/// let (r, buf) = io::read_dynamic(&b, DynamicBuffer::with_max_size(Vec::new(), 4));
/// assert_eq!((r?, buf.data()), (4, &b"0123"[..]));
/// # Ok::<(), std::io::Error>(())
/// ```
pub fn read_dynamic<S, B>(stream: S, buf: B) -> B::Completion<usize>
where
    S: AsyncReadStream + Unpin,
    B: DynBuf + Unpin,
{
    async_read_dynamic(stream, buf, Blocking)
}

/// The operation behind [`async_read_dynamic`] and [`async_read_dynamic_with`].
#[must_use = "futures do nothing unless you `.await` or poll them"]
#[derive(Debug)]
pub struct ReadDynamic<S, B, C> {
    stream: S,
    buf: Option<B>,
    progress: Progress<C>,
    st: OpState,
}

impl<S: AsyncReadStream, B: DynBuf, C: CompletionCondition> ReadDynamic<S, B, C> {
    /// Starts a read of `stream` appending to `buf`, until `cond` is satisfied or the buffer
    /// reaches its `max_size`.
    pub fn new(stream: S, mut buf: B, cond: C) -> ReadDynamic<S, B, C> {
        let st = stream.start_read();
        let room = buf.max_size().saturating_sub(buf.vec_mut().len());
        ReadDynamic {
            stream,
            buf: Some(buf),
            progress: Progress::new(cond, room),
            st,
        }
    }
}

impl<S, B, C> Future for ReadDynamic<S, B, C>
where
    S: AsyncReadStream + Unpin,
    B: DynBuf + Unpin,
    C: CompletionCondition + Unpin,
{
    type Output = B::Completion<usize>;

    fn poll(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Self::Output> {
        let this = &mut *self;
        let buf = this
            .buf
            .as_mut()
            .expect("ReadDynamic polled after completion");
        let (stream, st) = (&this.stream, &mut this.st);
        // Each step grows the vector by what the condition and max_size allow (at least
        // MIN_STEP or the spare capacity, as Asio), reads into the new space and keeps only
        // the bytes read, so the buffer never shows filler, even if the future is dropped.
        let r = ready!(this
            .progress
            .poll_transfer(cx, error::eof, |cx, _appended, len| {
                let vec = buf.vec_mut();
                let pos = vec.len();
                let want = len.min((vec.capacity() - pos).max(MIN_STEP));
                vec.resize(pos + want, 0);
                let r = stream.poll_read_some(cx, &mut vec[pos..], st);
                let n = match &r {
                    Poll::Ready(Ok(n)) => (*n).min(want),
                    _ => 0,
                };
                vec.truncate(pos + n);
                r
            }));
        Poll::Ready(this.buf.take().expect("buffer present").complete(r))
    }
}

impl<S, B, C> Operation for ReadDynamic<S, B, C>
where
    S: AsyncReadStream + Unpin,
    B: DynBuf + Unpin,
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
