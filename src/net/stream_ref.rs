//! `StreamRef`: a shared handle to a stream socket, the stream its operations own.

use std::io;
use std::sync::Arc;

use super::stream::{stream_impls, RawStream};
use crate::executor::Executor;
use crate::op::io_source::IoSource;

/// A shared handle to a stream socket: the stream its operations own. Named
/// [`TcpStreamRef`](super::TcpStreamRef) for a [`TcpSocket`](super::TcpSocket) and
/// [`UnixStreamRef`](super::unix::UnixStreamRef) for a [`UnixStream`](super::UnixStream).
///
/// Cloning it is cheap (an `Arc`). It implements `AsyncReadStream` and `AsyncWriteStream`, so
/// composed operations that must own their stream (closure tokens need `'static` operations)
/// can take one; get it with the socket's `handle()` (or `From<&socket>`).
///
/// A handle does not keep the socket open: closing or dropping the socket aborts the
/// operations pending through its handles, and later ones fail with `EBADF`.
#[derive(Debug)]
pub struct StreamRef<S: RawStream> {
    pub(super) src: Arc<IoSource<S>>,
}

impl<S: RawStream> StreamRef<S> {
    pub(super) fn new(src: Arc<IoSource<S>>) -> StreamRef<S> {
        StreamRef { src }
    }

    /// Returns the executor of the socket's context.
    pub fn executor(&self) -> Executor {
        self.src.executor().clone()
    }

    /// Returns whether the socket is open.
    pub fn is_open(&self) -> bool {
        self.src.is_open()
    }

    /// Closes the socket, as the socket's `close`.
    pub fn close(&self) {
        self.src.close();
    }

    /// Aborts the socket's pending operations, as the socket's `cancel`.
    pub fn cancel(&self) {
        self.src.cancel();
    }

    /// Returns the local address, as the socket's `local_addr`.
    ///
    /// # Errors
    ///
    /// `EBADF` if the socket is closed.
    pub fn local_addr(&self) -> io::Result<S::Addr> {
        self.src.with(|s| s.local_addr())
    }

    /// Returns the peer's address, as the socket's `peer_addr`.
    ///
    /// # Errors
    ///
    /// `NotConnected` if the socket is not connected, `EBADF` if it is closed.
    pub fn peer_addr(&self) -> io::Result<S::Addr> {
        self.src.with(|s| s.peer_addr())
    }
}

impl<S: RawStream> Clone for StreamRef<S> {
    fn clone(&self) -> StreamRef<S> {
        StreamRef::new(self.src.clone())
    }
}

stream_impls!(
    StreamRef<mio::net::TcpStream>,
    StreamRef<mio::net::UnixStream>
);
