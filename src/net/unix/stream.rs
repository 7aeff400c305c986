//! `UnixStream`: a connected Unix domain stream socket, and `connect_pair`.

use std::future::Future;
use std::io;
use std::net::Shutdown;
use std::path::Path;
use std::pin::Pin;
use std::sync::Arc;
use std::task::{ready, Context, Poll};

use super::SocketAddr;
use crate::executor::Executor;
use crate::io::{IoBuf, IoBufMut, ReadSome, WriteSome};
use crate::net::stream::{blocking_impls, finish_connect, stream_impls};
use crate::net::StreamRef;
use crate::op::io_source::IoSource;
use crate::op::readiness::{Direction, IoOpState};
use crate::op::Operation;
use crate::tokens::{Blocking, CompletionToken};

/// The registered descriptor shared by a stream and its pending operations.
type Source = IoSource<mio::net::UnixStream>;

/// A connected Unix domain stream socket (Asio's `local::stream_protocol::socket`).
///
/// Made by [`connect`](UnixStream::connect) / [`async_connect`](UnixStream::async_connect),
/// by a [`UnixListener`](super::UnixListener)'s accept, or in pairs by [`connect_pair`]. Reads
/// and writes with [`async_read_some`](UnixStream::async_read_some) /
/// [`async_write_some`](UnixStream::async_write_some) (any token) and their blocking twins;
/// it implements [`AsyncReadStream`](crate::io::AsyncReadStream) and
/// [`AsyncWriteStream`](crate::io::AsyncWriteStream), so every composed operation of
/// [`crate::io`] works on it, and `std::io::{Read, Write}` (blocking) on `&UnixStream`.
/// Operations hold a shared handle to it ([`UnixStreamRef`]), so they are `'static`.
///
/// One read and one write may be pending at the same time (G12).
///
/// # Cancellation
///
/// [`cancel`](UnixStream::cancel), [`close`](UnixStream::close) and dropping the stream
/// complete pending operations with [`error::aborted`](crate::error::aborted) (G3).
///
/// # Thread safety
///
/// Distinct objects: safe. Shared objects: safe (`Send + Sync`).
///
/// # Examples
///
/// ```
/// use jeton::net::unix;
/// use jeton::IoContext;
/// use std::io::{Read, Write};
///
/// let io = IoContext::new()?;
/// let (a, b) = unix::connect_pair(&io.executor())?;
/// (&a).write_all(b"hi")?; // blocking: no thread runs the context
/// let mut buf = [0u8; 2];
/// (&b).read_exact(&mut buf)?;
/// assert_eq!(&buf, b"hi");
/// # Ok::<(), std::io::Error>(())
/// ```
#[derive(Debug)]
pub struct UnixStream {
    /// The descriptor; cloned into every operation (through a [`UnixStreamRef`]).
    src: Arc<Source>,
}

/// A shared handle to a [`UnixStream`]: the stream its operations own (a [`StreamRef`]).
///
/// Cloning it is cheap (an `Arc`); get it with [`UnixStream::handle`] (or
/// `UnixStreamRef::from(&stream)`). It does not keep the stream open.
///
/// # Examples
///
/// A composed write with a closure token, which needs a `'static` stream:
///
/// ```
/// use jeton::net::unix;
/// use jeton::{io, IoContext};
///
/// let ctx = IoContext::new()?;
/// let (a, b) = unix::connect_pair(&ctx.executor())?;
/// io::async_write_all(a.handle(), "hello", |r: std::io::Result<usize>| {
///     assert_eq!(r.unwrap(), 5);
/// });
/// ctx.run();
/// let mut buf = [0u8; 5];
/// io::read(&b, &mut buf[..])?; // blocking: fills `buf`
/// assert_eq!(&buf, b"hello");
/// # Ok::<(), std::io::Error>(())
/// ```
pub type UnixStreamRef = StreamRef<mio::net::UnixStream>;

/// Makes a pair of connected streams (`socketpair(2)`, Asio's `local::connect_pair`), both
/// registered with the context of `ex`.
///
/// # Errors
///
/// What `socketpair(2)` reports, e.g. `EMFILE`.
///
/// # Examples
///
/// ```
/// use jeton::net::unix;
/// use jeton::{IoContext, UseFuture};
///
/// let io = IoContext::new()?;
/// let (a, b) = unix::connect_pair(&io.executor())?;
/// io.block_on(async {
///     a.async_write_some(&b"ping"[..], UseFuture).await?;
///     let mut buf = [0u8; 4];
///     let n = b.async_read_some(&mut buf[..], UseFuture).await?;
///     assert_eq!(&buf[..n], b"ping");
///     Ok::<(), std::io::Error>(())
/// })?;
/// # Ok::<(), std::io::Error>(())
/// ```
pub fn connect_pair(ex: &Executor) -> io::Result<(UnixStream, UnixStream)> {
    let (a, b) = mio::net::UnixStream::pair()?;
    Ok((UnixStream::from_mio(ex, a)?, UnixStream::from_mio(ex, b)?))
}

impl UnixStream {
    pub(super) fn from_mio(ex: &Executor, s: mio::net::UnixStream) -> io::Result<UnixStream> {
        Ok(UnixStream {
            src: Arc::new(IoSource::new(ex, s)?),
        })
    }

    /// Wraps a standard stream, registered with the context of `ex`. The stream is made
    /// non-blocking.
    ///
    /// # Errors
    ///
    /// If the stream cannot be made non-blocking or registered.
    pub fn from_std(ex: &Executor, s: std::os::unix::net::UnixStream) -> io::Result<UnixStream> {
        s.set_nonblocking(true)?;
        UnixStream::from_mio(ex, mio::net::UnixStream::from_std(s))
    }

    /// Connects to the socket bound at `path`, on the calling thread
    /// (`async_connect(ex, path, Blocking)`).
    ///
    /// # Errors
    ///
    /// `ENOENT` if nothing is bound at `path`, `ECONNREFUSED` if nobody listens there.
    pub fn connect(ex: &Executor, path: impl AsRef<Path>) -> io::Result<UnixStream> {
        UnixStream::async_connect(ex, path, Blocking)
    }

    /// Connects a new stream, registered with the context of `ex`, to the socket bound at
    /// `path`.
    ///
    /// Equivalent to: `async fn async_connect(ex, path) -> io::Result<UnixStream>`.
    ///
    /// - closure: called with the result on a thread running the context;
    /// - [`UseFuture`](crate::UseFuture): returns an [`UnixConnect`] future;
    /// - [`Blocking`]: connects on the calling thread and returns the result.
    ///
    /// The handler is never called from inside this function, even when the connection (or
    /// its failure) is immediate (G2).
    ///
    /// # Cancellation
    ///
    /// Dropping the future withdraws it and closes the half-made socket.
    pub fn async_connect<T>(ex: &Executor, path: impl AsRef<Path>, token: T) -> T::Output
    where
        T: CompletionToken<UnixConnect>,
    {
        token.launch(UnixConnect::new(ex, path.as_ref()))
    }

    /// Returns the executor of the stream's context.
    pub fn executor(&self) -> Executor {
        self.src.executor().clone()
    }

    /// Returns a shared handle to this stream, for operations that must own their stream
    /// (composed operations with a closure token, timeouts that close the stream).
    ///
    /// The handle refers to the stream; it does not keep it open: once the stream is closed or
    /// dropped, operations through the handle fail ([`error::aborted`](crate::error::aborted)
    /// for those pending, `EBADF` for new ones).
    pub fn handle(&self) -> UnixStreamRef {
        StreamRef::new(self.src.clone())
    }

    /// Returns the address the stream is bound to (usually unnamed).
    ///
    /// # Errors
    ///
    /// `EBADF` once closed.
    pub fn local_addr(&self) -> io::Result<SocketAddr> {
        self.src.with(|s| s.local_addr())
    }

    /// Returns the address of the peer.
    ///
    /// # Errors
    ///
    /// `EBADF` once closed.
    pub fn peer_addr(&self) -> io::Result<SocketAddr> {
        self.src.with(|s| s.peer_addr())
    }

    /// Shuts down the read half, the write half, or both: after `Shutdown::Write` the peer's
    /// reads return 0 (end of stream).
    ///
    /// # Errors
    ///
    /// `EBADF` once closed, `ENOTCONN` if the peer is gone.
    pub fn shutdown(&self, how: Shutdown) -> io::Result<()> {
        self.src.with(|s| s.shutdown(how))
    }

    /// Returns and clears the pending socket error (`SO_ERROR`).
    ///
    /// # Errors
    ///
    /// `EBADF` once closed.
    pub fn take_error(&self) -> io::Result<Option<io::Error>> {
        self.src.with(|s| s.take_error())
    }

    /// Reads some bytes into `buf`.
    ///
    /// Equivalent to: `async fn async_read_some(&self, buf: &mut [u8]) -> io::Result<usize>`
    /// (with an owned buffer: `-> (io::Result<usize>, Vec<u8>)`).
    ///
    /// Completes with the number of bytes read; 0 means the peer closed (or `buf` is empty,
    /// which completes at once, G11).
    /// - closure: called with the result on a thread running the context;
    /// - [`UseFuture`](crate::UseFuture): returns an [`UnixReadSome`] future;
    /// - [`Blocking`]: reads on the calling thread and returns the result.
    ///
    /// The handler is never called from inside this function (G2).
    ///
    /// # Cancellation
    ///
    /// `cancel()`, `close()` or dropping the stream complete it with
    /// [`error::aborted`](crate::error::aborted); dropping the future withdraws it.
    pub fn async_read_some<B, T>(&self, buf: B, token: T) -> T::Output
    where
        B: IoBufMut + Unpin,
        T: CompletionToken<UnixReadSome<B>>,
    {
        token.launch(ReadSome::new(self.handle(), buf))
    }

    /// Reads some bytes on the calling thread (`async_read_some(buf, Blocking)`).
    ///
    /// # Errors
    ///
    /// What `read(2)` reports, or the aborted error if cancelled from another thread.
    pub fn read_some(&self, buf: &mut [u8]) -> io::Result<usize> {
        crate::io::async_read_some(self, buf, Blocking)
    }

    /// Writes some bytes of `buf`.
    ///
    /// Equivalent to: `async fn async_write_some(&self, buf: &[u8]) -> io::Result<usize>`
    /// (with an owned buffer: `-> (io::Result<usize>, Vec<u8>)`).
    ///
    /// Completes with the number of bytes written, which may be fewer than `buf.len()`; an
    /// empty `buf` completes at once with 0 (G11). Tokens as for
    /// [`async_read_some`](UnixStream::async_read_some); returns an [`UnixWriteSome`] future
    /// with [`UseFuture`](crate::UseFuture). The handler is never called from inside this
    /// function (G2).
    ///
    /// # Errors
    ///
    /// `EPIPE` once the peer has closed.
    ///
    /// # Cancellation
    ///
    /// As for [`async_read_some`](UnixStream::async_read_some).
    pub fn async_write_some<B, T>(&self, buf: B, token: T) -> T::Output
    where
        B: IoBuf + Unpin,
        T: CompletionToken<UnixWriteSome<B>>,
    {
        token.launch(WriteSome::new(self.handle(), buf))
    }

    /// Writes some bytes on the calling thread (`async_write_some(buf, Blocking)`).
    ///
    /// # Errors
    ///
    /// What `write(2)` reports, or the aborted error if cancelled from another thread.
    pub fn write_some(&self, buf: &[u8]) -> io::Result<usize> {
        crate::io::async_write_some(self, buf, Blocking)
    }

    /// Completes every pending operation on the stream with
    /// [`error::aborted`](crate::error::aborted). The stream stays open.
    pub fn cancel(&self) {
        self.src.cancel();
    }

    /// Closes the stream: pending operations complete with
    /// [`error::aborted`](crate::error::aborted), later ones fail. Closing twice is a no-op.
    pub fn close(&self) {
        drop(self.src.close());
    }

    /// Returns whether the stream is open (not yet closed).
    pub fn is_open(&self) -> bool {
        self.src.is_open()
    }
}

impl Drop for UnixStream {
    fn drop(&mut self) {
        self.close();
    }
}

impl From<&UnixStream> for UnixStreamRef {
    fn from(stream: &UnixStream) -> UnixStreamRef {
        stream.handle()
    }
}

stream_impls!(UnixStream);

// Blocking reads and writes: `UnixStream::read_some` and `write_some`.
blocking_impls!(UnixStream);

/// The operation behind [`UnixStream::async_connect`].
#[must_use = "futures do nothing unless you `.await` or poll them"]
#[derive(Debug)]
pub struct UnixConnect {
    ex: Executor,
    stage: ConnectStage,
}

#[derive(Debug)]
enum ConnectStage {
    /// `connect(2)` was called; waiting for it to complete.
    Connecting(Arc<Source>, IoOpState),
    /// `connect(2)` (or the registration) failed at once.
    Failed(io::Error),
    Done,
}

impl UnixConnect {
    /// Starts connecting (the `connect(2)` call is made here, as in Asio).
    fn new(ex: &Executor, path: &Path) -> UnixConnect {
        let stage = match mio::net::UnixStream::connect(path).and_then(|s| IoSource::new(ex, s)) {
            Ok(io) => {
                let st = io.start();
                ConnectStage::Connecting(Arc::new(io), st)
            }
            Err(e) => ConnectStage::Failed(e),
        };
        UnixConnect {
            ex: ex.clone(),
            stage,
        }
    }
}

impl Future for UnixConnect {
    type Output = io::Result<UnixStream>;

    fn poll(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<UnixStream>> {
        let r = match &mut self.stage {
            ConnectStage::Connecting(io, st) => {
                ready!(io.poll_io(cx, Direction::Write, st, finish_connect))
            }
            ConnectStage::Failed(_) => Ok(()),
            ConnectStage::Done => panic!("UnixConnect polled after completion"),
        };
        // Done: the stream (or the error) leaves the operation, so its drop closes nothing.
        Poll::Ready(
            match (std::mem::replace(&mut self.stage, ConnectStage::Done), r) {
                (ConnectStage::Connecting(src, _), Ok(())) => Ok(UnixStream { src }),
                (ConnectStage::Connecting(io, _), Err(e)) => {
                    drop(io.close());
                    Err(e)
                }
                (ConnectStage::Failed(e), _) => Err(e),
                (ConnectStage::Done, _) => unreachable!("checked above"),
            },
        )
    }
}

impl Drop for UnixConnect {
    fn drop(&mut self) {
        // A connection abandoned half-way is closed (and leaves the reactor).
        if let ConnectStage::Connecting(io, _) = &self.stage {
            drop(io.close());
        }
    }
}

impl Operation for UnixConnect {
    type Executor = Executor;
    fn executor(&self) -> Executor {
        self.ex.clone()
    }
}

/// The operation behind [`UnixStream::async_read_some`].
pub type UnixReadSome<B> = ReadSome<UnixStreamRef, B>;

/// The operation behind [`UnixStream::async_write_some`].
pub type UnixWriteSome<B> = WriteSome<UnixStreamRef, B>;
