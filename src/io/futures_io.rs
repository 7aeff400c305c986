//! `FuturesIo`: any jeton stream as a `futures::io::{AsyncRead, AsyncWrite}`.

use std::io;
use std::pin::Pin;
use std::task::{Context, Poll};

use super::futures_io_state::FuturesIoState;
use super::stream::{AsyncReadStream, AsyncWriteStream};

/// Adapts a jeton stream (anything implementing [`AsyncReadStream`] and/or
/// [`AsyncWriteStream`]: a user's stream, an `Arc` or `&` of one, ...) to
/// `futures::io::AsyncRead` / `AsyncWrite`, so the `futures::io` combinators (`read_exact`,
/// `write_all`, `copy`, `BufReader`, ...) work on it.
///
/// jeton's own I/O objects ([`IoObject`](super::IoObject): sockets and their handles)
/// implement the `futures::io` traits themselves, through the same code; `FuturesIo` is for
/// the other streams. `poll_close` is the stream's
/// [`poll_shutdown`](AsyncWriteStream::poll_shutdown): a socket shuts its writing side down.
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
    /// The read and write in progress.
    state: FuturesIoState,
}

impl<S> FuturesIo<S> {
    /// Wraps `stream`.
    ///
    /// # Examples
    ///
    /// ```
    /// use futures::io::AsyncReadExt;
    /// use jeton::io::FuturesIo;
    /// use jeton::net::unix;
    /// use jeton::IoContext;
    ///
    /// let io = IoContext::new()?;
    /// let (a, b) = unix::connect_pair(&io.executor())?;
    /// a.write_some(b"via futures::io")?;
    /// drop(a);
    /// let mut stream = FuturesIo::new(b.handle());
    /// let mut text = String::new();
    /// io.block_on(stream.read_to_string(&mut text))?;
    /// assert_eq!(text, "via futures::io");
    /// assert!(stream.get_ref().is_open()); // the handle of `b`, which is still open
    /// let _handle = stream.into_inner();
    /// # Ok::<(), std::io::Error>(())
    /// ```
    pub fn new(stream: S) -> FuturesIo<S> {
        FuturesIo {
            stream,
            state: FuturesIoState::default(),
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

impl<S: AsyncReadStream + Unpin> futures::io::AsyncRead for FuturesIo<S> {
    fn poll_read(
        self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &mut [u8],
    ) -> Poll<io::Result<usize>> {
        let this = self.get_mut();
        this.state.poll_read(&this.stream, cx, buf)
    }

    fn poll_read_vectored(
        self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        bufs: &mut [io::IoSliceMut<'_>],
    ) -> Poll<io::Result<usize>> {
        let this = self.get_mut();
        this.state.poll_read_vectored(&this.stream, cx, bufs)
    }
}

impl<S: AsyncWriteStream + Unpin> futures::io::AsyncWrite for FuturesIo<S> {
    fn poll_write(
        self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &[u8],
    ) -> Poll<io::Result<usize>> {
        let this = self.get_mut();
        this.state.poll_write(&this.stream, cx, buf)
    }

    fn poll_write_vectored(
        self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        bufs: &[io::IoSlice<'_>],
    ) -> Poll<io::Result<usize>> {
        let this = self.get_mut();
        this.state.poll_write_vectored(&this.stream, cx, bufs)
    }

    fn poll_flush(self: Pin<&mut Self>, _cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        self.get_mut().state.poll_flush()
    }

    fn poll_close(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        let this = self.get_mut();
        this.state.poll_close(&this.stream, cx)
    }
}
