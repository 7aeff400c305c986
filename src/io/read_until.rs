//! `ReadUntil`: the composed read that appends to a dynamic buffer until a delimiter (Asio's
//! `async_read_until`).

use std::future::Future;
use std::io;
use std::pin::Pin;
use std::task::{Context, Poll};

use super::completion::DEFAULT_MAX_TRANSFER;
use super::delimiter::Delimiter;
use super::dynamic_buffer::{DynBuf, MIN_STEP};
use super::partial::PartialError;
use super::stream::{AsyncReadStream, OpState};
use super::transfer::HONOURED;
use crate::executor::Executor;
use crate::op::drive;
use crate::op::Operation;
use crate::tokens::{Blocking, CompletionToken};

/// Reads from `stream` into `buf` until its data contains `delim`.
///
/// Equivalent to: `async fn async_read_until(stream, buf: &mut DynamicBuffer, delim) ->
/// io::Result<usize>` (with an owned buffer: `-> (io::Result<usize>, DynamicBuffer)`).
///
/// It completes with the number of bytes of `buf` up to and including the end of the first
/// match; bytes received after it stay in `buf`. If the data already contains the delimiter
/// it reads nothing. `delim` is a byte, a byte string or a predicate ([`Delimiter`]). A closure
/// token gets the result on the stream's executor; [`UseFuture`](crate::UseFuture) returns a
/// future of it; [`Blocking`] returns it. The handler is never called from inside this function
/// ([G2](crate::guarantees#g2)).
///
/// The program must not start another read on `stream` until this one completes
/// ([G12](crate::guarantees#g12)).
///
/// # Errors
///
/// Errors carry the number of bytes this call appended ([`transferred`](super::transferred));
/// those bytes stay in `buf`.
/// - the buffer reached its `max_size` without the delimiter: an error of kind
///   [`NotFound`](io::ErrorKind::NotFound) ([`error::is_not_found`](crate::error::is_not_found),
///   Asio's `not_found`); the buffer never grows beyond `max_size`;
/// - the stream ended first: [`error::eof`](crate::error::eof);
/// - the stream's own errors.
///
/// # Cancellation
///
/// The stream's `cancel()` or `close()` completes it with
/// [`error::aborted`](crate::error::aborted); dropping the future (as
/// [`cancel_after`](crate::cancel_after) does) withdraws it, and the bytes already read stay in
/// the buffer.
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
/// a.write_some(b"GET / HTTP/1.1\r\nHost: x\n")?;
/// let mut buf = DynamicBuffer::with_max_size(Vec::new(), 8192);
/// let n = io::async_read_until(&b, &mut buf, "\r\n", Blocking)?;
/// assert_eq!(&buf.data()[..n], b"GET / HTTP/1.1\r\n");
/// buf.consume(n);
/// // With a closure, the buffer goes in by value and comes back:
/// io::async_read_until(b.handle(), buf, b'\n', |(r, buf): (std::io::Result<usize>, DynamicBuffer)| {
///     assert_eq!(&buf.data()[..r.unwrap()], b"Host: x\n");
/// });
/// io.run();
/// # Ok::<(), std::io::Error>(())
/// ```
pub fn async_read_until<S, B, D, T>(stream: S, buf: B, delim: D, token: T) -> T::Output
where
    S: AsyncReadStream + Unpin,
    B: DynBuf + Unpin,
    D: Delimiter + Unpin,
    T: CompletionToken<ReadUntil<S, B, D>>,
{
    token.launch(ReadUntil::new(stream, buf, delim))
}

/// Reads from `stream` into `buf` until its data contains `delim`, blocking the calling
/// thread: `async_read_until(stream, buf, delim, Blocking)`.
///
/// # Examples
///
/// ```
/// use jeton::io::{self, DynamicBuffer};
/// use jeton::net::unix;
/// use jeton::{error, IoContext};
///
/// let io = IoContext::new()?;
/// let (a, b) = unix::connect_pair(&io.executor())?;
/// a.write_some(b"a very long line without an end")?;
/// let mut buf = DynamicBuffer::with_max_size(Vec::new(), 8);
/// let e = io::read_until(&b, &mut buf, b'\n').unwrap_err();
/// assert!(error::is_not_found(&e)); // never grows past max_size
/// assert_eq!(buf.len(), 8);
/// # Ok::<(), std::io::Error>(())
/// ```
pub fn read_until<S, B, D>(stream: S, buf: B, delim: D) -> B::Completion<usize>
where
    S: AsyncReadStream + Unpin,
    B: DynBuf + Unpin,
    D: Delimiter + Unpin,
{
    async_read_until(stream, buf, delim, Blocking)
}

/// The error of a buffer that filled up without the delimiter.
fn full() -> io::Error {
    io::Error::new(
        io::ErrorKind::NotFound,
        "read_until: max_size reached without delimiter",
    )
}

/// The operation behind [`async_read_until`].
#[must_use = "futures do nothing unless you `.await` or poll them"]
#[derive(Debug)]
pub struct ReadUntil<S, B, D> {
    stream: S,
    buf: Option<B>,
    delim: D,
    st: OpState,
    /// The bytes at the front of the buffer searched without a match.
    searched: usize,
    /// The bytes appended so far.
    appended: usize,
}

impl<S: AsyncReadStream, B: DynBuf, D: Delimiter> ReadUntil<S, B, D> {
    /// Starts a read of `stream` into `buf` until `delim`.
    pub fn new(stream: S, buf: B, delim: D) -> ReadUntil<S, B, D> {
        let st = stream.start_read();
        ReadUntil {
            stream,
            buf: Some(buf),
            delim,
            st,
            searched: 0,
            appended: 0,
        }
    }

    fn done(&mut self, r: io::Result<usize>) -> Poll<B::Completion<usize>> {
        let r = r.map_err(|e| PartialError::wrap(e, self.appended));
        Poll::Ready(self.buf.take().expect("buffer present").complete(r))
    }
}

impl<S, B, D> Future for ReadUntil<S, B, D>
where
    S: AsyncReadStream + Unpin,
    B: DynBuf + Unpin,
    D: Delimiter + Unpin,
{
    type Output = B::Completion<usize>;

    fn poll(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Self::Output> {
        let this = &mut *self;
        // Honoured as a composed read: stop with the count (the bytes stay in the buffer).
        let _honoured = match drive::honour_request(HONOURED) {
            Ok(guard) => guard,
            Err(e) => return this.done(Err(e)),
        };
        loop {
            let buf = this
                .buf
                .as_mut()
                .expect("ReadUntil polled after completion");
            let max = buf.max_size();
            let vec = buf.vec_mut();
            // 1. Look for the delimiter in what has not been searched yet.
            if let Some(end) = this.delim.find(vec, this.searched) {
                let end = end.min(vec.len());
                return this.done(Ok(end));
            }
            this.searched = vec.len();
            // 2. Stop at max_size: never grow without bound (G11).
            let len = vec.len();
            if len >= max {
                return this.done(Err(full()));
            }
            // 3. Append one read_some: at least MIN_STEP (or the spare capacity), within max.
            let want = (vec.capacity() - len)
                .clamp(MIN_STEP, DEFAULT_MAX_TRANSFER)
                .min(max - len);
            vec.resize(len + want, 0);
            let r = this
                .stream
                .poll_read_some(cx, &mut vec[len..], &mut this.st);
            let n = match &r {
                Poll::Ready(Ok(n)) => *n,
                _ => 0,
            };
            // Keep only the bytes read, so the buffer never shows filler, even if dropped.
            vec.truncate(len + n);
            match r {
                Poll::Pending => return Poll::Pending,
                Poll::Ready(Err(e)) => return this.done(Err(e)),
                Poll::Ready(Ok(0)) => return this.done(Err(crate::error::eof())),
                Poll::Ready(Ok(n)) => this.appended += n,
            }
        }
    }
}

impl<S, B, D> Operation for ReadUntil<S, B, D>
where
    S: AsyncReadStream + Unpin,
    B: DynBuf + Unpin,
    D: Delimiter + Unpin,
{
    type Executor = Executor;
    fn executor(&self) -> Executor {
        self.stream.executor()
    }
    fn trace_name(&self) -> crate::op::OpName {
        crate::op::OpName::of(self.stream.trace_object(), "async_read_until")
    }
}
