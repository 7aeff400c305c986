//! `UnixListener`: a Unix domain socket accepting stream connections.

use std::io;
use std::path::Path;
use std::sync::Arc;

use super::{SocketAddr, UnixStream};
use crate::executor::Executor;
use crate::net::accept::{self, AcceptCall, Listener};
use crate::net::SocketOp;
use crate::op::io_source::IoSource;
use crate::tokens::{Blocking, CompletionToken};

/// A Unix domain socket listening for stream connections (Asio's
/// `local::stream_protocol::acceptor`).
///
/// [`bind`](UnixListener::bind) creates the socket file; closing the listener does not remove
/// it.
///
/// # Cancellation
///
/// [`cancel`](UnixListener::cancel), [`close`](UnixListener::close) and dropping the listener
/// complete pending accepts with [`error::aborted`](crate::error::aborted) (G3).
///
/// # Thread safety
///
/// Distinct objects: safe. Shared objects: safe (`Send + Sync`).
///
/// # Examples
///
/// ```
/// use jeton::net::{UnixListener, UnixStream};
/// use jeton::IoContext;
///
/// let path = std::env::temp_dir().join(format!("jeton-doc-{}.sock", std::process::id()));
/// # let _ = std::fs::remove_file(&path);
/// let io = IoContext::new()?;
/// let listener = UnixListener::bind(&io.executor(), &path)?;
/// listener.async_accept(|r: std::io::Result<(UnixStream, _)>| {
///     let (stream, _peer) = r.unwrap();
///     stream.write_some(b"welcome").unwrap();
/// });
/// let client = UnixStream::connect(&io.executor(), &path)?;
/// io.run();
/// let mut buf = [0u8; 16];
/// let n = client.read_some(&mut buf)?;
/// assert_eq!(&buf[..n], b"welcome");
/// std::fs::remove_file(&path)?;
/// # Ok::<(), std::io::Error>(())
/// ```
#[derive(Debug)]
pub struct UnixListener {
    io: Arc<IoSource<mio::net::UnixListener>>,
}

impl UnixListener {
    /// Creates a listener bound to `path`, registered with the context of `ex`.
    ///
    /// # Errors
    ///
    /// `AddrInUse` if `path` exists (remove a stale socket file first), or what
    /// `bind(2)`/`listen(2)` report.
    pub fn bind(ex: &Executor, path: impl AsRef<Path>) -> io::Result<UnixListener> {
        UnixListener::from_mio(ex, mio::net::UnixListener::bind(path)?)
    }

    /// Wraps a standard listener, registered with the context of `ex`. The listener is made
    /// non-blocking.
    ///
    /// # Errors
    ///
    /// If the listener cannot be made non-blocking or registered.
    pub fn from_std(
        ex: &Executor,
        listener: std::os::unix::net::UnixListener,
    ) -> io::Result<UnixListener> {
        listener.set_nonblocking(true)?;
        UnixListener::from_mio(ex, mio::net::UnixListener::from_std(listener))
    }

    fn from_mio(ex: &Executor, l: mio::net::UnixListener) -> io::Result<UnixListener> {
        Ok(UnixListener {
            io: Arc::new(IoSource::new(ex, l)?),
        })
    }

    /// Returns the executor of the listener's context.
    pub fn executor(&self) -> Executor {
        self.io.executor().clone()
    }

    /// Returns the address the listener is bound to.
    ///
    /// # Errors
    ///
    /// `EBADF` once closed.
    pub fn local_addr(&self) -> io::Result<SocketAddr> {
        self.io.with(|l| l.local_addr())
    }

    /// Returns and clears the pending socket error (`SO_ERROR`).
    ///
    /// # Errors
    ///
    /// `EBADF` once closed.
    pub fn take_error(&self) -> io::Result<Option<io::Error>> {
        self.io.with(|l| l.take_error())
    }

    /// Accepts a connection.
    ///
    /// Equivalent to: `async fn async_accept(&self) -> io::Result<(UnixStream, SocketAddr)>`.
    ///
    /// Completes with the new stream, registered with the listener's context, and the peer's
    /// address (usually unnamed).
    /// - closure: called with the result on a thread running the context;
    /// - [`UseFuture`](crate::UseFuture): returns an [`UnixAccept`] future;
    /// - [`Blocking`]: waits on the calling thread and returns the result.
    ///
    /// The handler is never called from inside this function (G2).
    ///
    /// # Cancellation
    ///
    /// `cancel()`, `close()` or dropping the listener complete it with
    /// [`error::aborted`](crate::error::aborted); dropping the future withdraws it.
    pub fn async_accept<T: CompletionToken<UnixAccept>>(&self, token: T) -> T::Output {
        token.launch(accept::accept(&self.io, None))
    }

    /// Accepts a connection on the calling thread (`async_accept(Blocking)`).
    ///
    /// # Errors
    ///
    /// What `accept(2)` reports, or the aborted error if cancelled from another thread.
    pub fn accept(&self) -> io::Result<(UnixStream, SocketAddr)> {
        self.async_accept(Blocking)
    }

    /// Completes every pending accept with [`error::aborted`](crate::error::aborted). The
    /// listener stays open.
    pub fn cancel(&self) {
        self.io.cancel();
    }

    /// Closes the listener: pending accepts complete with
    /// [`error::aborted`](crate::error::aborted), later ones fail. The socket file stays.
    pub fn close(&self) {
        drop(self.io.close());
    }

    /// Returns whether the listener is open (not yet closed).
    pub fn is_open(&self) -> bool {
        self.io.is_open()
    }
}

impl Drop for UnixListener {
    fn drop(&mut self) {
        self.close();
    }
}

/// Accepts with `accept(2)`; registers connections as [`UnixStream`]s.
impl Listener for mio::net::UnixListener {
    type Accepted = mio::net::UnixStream;
    type Stream = UnixStream;
    type Addr = SocketAddr;

    fn accept(&self) -> io::Result<(mio::net::UnixStream, SocketAddr)> {
        mio::net::UnixListener::accept(self)
    }

    fn register_stream(ex: &Executor, accepted: mio::net::UnixStream) -> io::Result<UnixStream> {
        UnixStream::from_mio(ex, accepted)
    }
}

/// The operation behind [`UnixListener::async_accept`]; completes with
/// `io::Result<(UnixStream, SocketAddr)>`.
pub type UnixAccept = SocketOp<AcceptCall<mio::net::UnixListener>>;
