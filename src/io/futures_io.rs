//! `FuturesIo`: any jeton stream as a `futures::io::{AsyncRead, AsyncWrite}`.

use std::io;
use std::pin::Pin;
use std::task::{ready, Context, Poll};

use super::{AsyncReadStream, AsyncWriteStream, OpState};

/// Adapts a jeton stream (anything implementing [`AsyncReadStream`] and/or
/// [`AsyncWriteStream`]: a `UnixStream`, a `TcpSocket`, an `Arc` or `&` of one, ...) to
/// `futures::io::AsyncRead` / `AsyncWrite`, so the `futures::io` combinators (`read_exact`,
/// `write_all`, `copy`, `BufReader`, ...) work on it.
///
/// `poll_close` is a no-op; shut a socket's writing side down with its own `shutdown`.
///
/// # Examples
///
/// ```
/// use futures::io::{AsyncReadExt, AsyncWriteExt};
/// use jeton::io::FuturesIo;
/// use jeton::net::unix::connect_pair;
/// use jeton::IoContext;
///
/// let io = IoContext::new()?;
/// let (a, b) = connect_pair(&io.executor())?;
/// let (mut a, mut b) = (FuturesIo::new(a), FuturesIo::new(b));
/// io.block_on(async {
///     a.write_all(b"ping").await?;
///     let mut buf = [0u8; 4];
///     b.read_exact(&mut buf).await?;
///     assert_eq!(&buf, b"ping");
///     Ok::<(), std::io::Error>(())
/// })?;
/// # Ok::<(), std::io::Error>(())
/// ```
#[derive(Debug)]
pub struct FuturesIo<S> {
    stream: S,
    /// The read (write) in progress: started by a poll when there is none, finished when a
    /// poll completes.
    read: Option<OpState>,
    write: Option<OpState>,
}

impl<S> FuturesIo<S> {
    /// Wraps `stream`.
    pub fn new(stream: S) -> FuturesIo<S> {
        FuturesIo {
            stream,
            read: None,
            write: None,
        }
    }

    /// Returns the stream.
    pub fn get_ref(&self) -> &S {
        &self.stream
    }

    /// Unwraps the stream.
    pub fn into_inner(self) -> S {
        self.stream
    }
}

/// Polls `f` with the operation in progress in one direction, starting one with `start` if
/// there is none, and finishes it when `f` completes.
fn poll_op<R>(
    slot: &mut Option<OpState>,
    start: impl FnOnce() -> OpState,
    f: impl FnOnce(&mut OpState) -> Poll<io::Result<R>>,
) -> Poll<io::Result<R>> {
    let st = slot.get_or_insert_with(start);
    let r = ready!(f(st));
    *slot = None;
    Poll::Ready(r)
}

impl<S: AsyncReadStream + Unpin> futures::io::AsyncRead for FuturesIo<S> {
    fn poll_read(
        self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &mut [u8],
    ) -> Poll<io::Result<usize>> {
        let this = self.get_mut();
        let stream = &this.stream;
        poll_op(
            &mut this.read,
            || stream.start_read(),
            |st| stream.poll_read_some(cx, buf, st),
        )
    }
}

impl<S: AsyncWriteStream + Unpin> futures::io::AsyncWrite for FuturesIo<S> {
    fn poll_write(
        self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &[u8],
    ) -> Poll<io::Result<usize>> {
        let this = self.get_mut();
        let stream = &this.stream;
        poll_op(
            &mut this.write,
            || stream.start_write(),
            |st| stream.poll_write_some(cx, buf, st),
        )
    }

    fn poll_write_vectored(
        self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        bufs: &[io::IoSlice<'_>],
    ) -> Poll<io::Result<usize>> {
        let this = self.get_mut();
        let stream = &this.stream;
        poll_op(
            &mut this.write,
            || stream.start_write(),
            |st| stream.poll_write_vectored(cx, bufs, st),
        )
    }

    fn poll_flush(self: Pin<&mut Self>, _cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        Poll::Ready(Ok(()))
    }

    fn poll_close(self: Pin<&mut Self>, _cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        Poll::Ready(Ok(()))
    }
}
