//! The stream traits on TCP sockets: jeton's `AsyncReadStream`/`AsyncWriteStream` (on
//! [`TcpSocket`] and its shared handle [`TcpStreamRef`]), blocking `std::io::{Read, Write}`,
//! and `futures::io::{AsyncRead, AsyncWrite}`.

use std::io::{self, IoSlice, Read, Write};
use std::net::{Shutdown, SocketAddr};
use std::pin::Pin;
use std::sync::{Arc, PoisonError};
use std::task::{ready, Context, Poll};

use super::tcp_socket::{StreamSource, TcpSocket};
use crate::executor::Executor;
use crate::io::{AsyncReadStream, AsyncWriteStream, OpState};
use crate::op::readiness::{Direction, IoOpState};

/// A shared handle to a [`TcpSocket`]: the stream its operations own.
///
/// Cloning it is cheap (an `Arc`). It implements `AsyncReadStream` and `AsyncWriteStream`, so
/// composed operations that must own their stream (closure tokens need `'static` operations)
/// can take one; get it with [`TcpSocket::handle`] (or `TcpStreamRef::from(&socket)`).
///
/// A handle does not keep the socket open: closing or dropping the [`TcpSocket`] aborts the
/// operations pending through its handles, and later ones fail with `EBADF`.
///
/// # Examples
///
/// A timeout that closes the socket from a timer handler:
///
/// ```
/// use jeton::net::{TcpAcceptor, TcpSocket};
/// use jeton::{error, IoContext, SteadyTimer};
/// use std::time::Duration;
///
/// let io = IoContext::new()?;
/// let acceptor = TcpAcceptor::bind(&io.executor(), "127.0.0.1:0".parse().unwrap())?;
/// let sock = TcpSocket::new(&io.executor());
/// sock.connect(acceptor.local_addr()?)?;
///
/// let timer = SteadyTimer::with_duration(&io.executor(), Duration::from_millis(10));
/// let handle = sock.handle();
/// timer.async_wait(move |_| handle.close());
/// sock.async_read_some(vec![0u8; 8], |(r, _): (std::io::Result<usize>, Vec<u8>)| {
///     assert!(error::is_aborted(&r.unwrap_err()));
/// });
/// io.run();
/// # Ok::<(), std::io::Error>(())
/// ```
#[derive(Clone, Debug)]
pub struct TcpStreamRef {
    pub(super) src: Arc<StreamSource>,
}

impl TcpStreamRef {
    pub(super) fn new(src: Arc<StreamSource>) -> TcpStreamRef {
        TcpStreamRef { src }
    }

    /// Returns the executor of the socket's context.
    pub fn executor(&self) -> Executor {
        self.src.executor().clone()
    }

    /// Returns whether the socket is open.
    pub fn is_open(&self) -> bool {
        self.src.is_open()
    }

    /// Closes the socket, as [`TcpSocket::close`].
    pub fn close(&self) {
        self.src.close();
    }

    /// Aborts the socket's pending operations, as [`TcpSocket::cancel`].
    pub fn cancel(&self) {
        self.src.cancel();
    }

    /// Returns the local address, as [`TcpSocket::local_addr`].
    ///
    /// # Errors
    ///
    /// `EBADF` if the socket is closed.
    pub fn local_addr(&self) -> io::Result<SocketAddr> {
        self.src.with(|s| s.local_addr())
    }

    /// Returns the peer's address, as [`TcpSocket::peer_addr`].
    ///
    /// # Errors
    ///
    /// `NotConnected` if the socket is not connected, `EBADF` if it is closed.
    pub fn peer_addr(&self) -> io::Result<SocketAddr> {
        self.src.with(|s| s.peer_addr())
    }
}

impl From<&TcpSocket> for TcpStreamRef {
    fn from(sock: &TcpSocket) -> TcpStreamRef {
        sock.handle()
    }
}

/// Reads some bytes: an empty `buf` completes at once; otherwise the readiness loop.
fn poll_read(
    src: &StreamSource,
    cx: &mut Context<'_>,
    buf: &mut [u8],
    st: &mut IoOpState,
) -> Poll<io::Result<usize>> {
    if buf.is_empty() {
        st.release();
        return Poll::Ready(Ok(0));
    }
    src.poll_io(cx, Direction::Read, st, |s| (&*s).read(buf))
}

/// Writes some bytes: an empty `buf` completes at once; otherwise the readiness loop.
fn poll_write(
    src: &StreamSource,
    cx: &mut Context<'_>,
    buf: &[u8],
    st: &mut IoOpState,
) -> Poll<io::Result<usize>> {
    if buf.is_empty() {
        st.release();
        return Poll::Ready(Ok(0));
    }
    src.poll_io(cx, Direction::Write, st, |s| (&*s).write(buf))
}

/// Gather-writes some bytes: empty buffers complete at once; otherwise the readiness loop.
fn poll_write_vectored(
    src: &StreamSource,
    cx: &mut Context<'_>,
    bufs: &[IoSlice<'_>],
    st: &mut IoOpState,
) -> Poll<io::Result<usize>> {
    if bufs.iter().all(|b| b.is_empty()) {
        st.release();
        return Poll::Ready(Ok(0));
    }
    src.poll_io(cx, Direction::Write, st, |s| (&*s).write_vectored(bufs))
}

/// Implements jeton's stream traits for a type with a `src: Arc<StreamSource>` field.
macro_rules! stream_impls {
    ($($ty:ty),*) => {$(
        impl AsyncReadStream for $ty {
            fn executor(&self) -> Executor {
                self.src.executor().clone()
            }
            fn start_read(&self) -> OpState {
                OpState(self.src.start())
            }
            fn poll_read_some(
                &self,
                cx: &mut Context<'_>,
                buf: &mut [u8],
                st: &mut OpState,
            ) -> Poll<io::Result<usize>> {
                poll_read(&self.src, cx, buf, &mut st.0)
            }
        }

        impl AsyncWriteStream for $ty {
            fn executor(&self) -> Executor {
                self.src.executor().clone()
            }
            fn start_write(&self) -> OpState {
                OpState(self.src.start())
            }
            fn poll_write_some(
                &self,
                cx: &mut Context<'_>,
                buf: &[u8],
                st: &mut OpState,
            ) -> Poll<io::Result<usize>> {
                poll_write(&self.src, cx, buf, &mut st.0)
            }
            fn poll_write_vectored(
                &self,
                cx: &mut Context<'_>,
                bufs: &[IoSlice<'_>],
                st: &mut OpState,
            ) -> Poll<io::Result<usize>> {
                poll_write_vectored(&self.src, cx, bufs, &mut st.0)
            }
        }
    )*};
}

stream_impls!(TcpSocket, TcpStreamRef);

/// Blocking reads: [`TcpSocket::read_some`].
impl Read for &TcpSocket {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        self.read_some(buf)
    }
}

/// Blocking writes: [`TcpSocket::write_some`] and [`TcpSocket::write_vectored`].
impl Write for &TcpSocket {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        self.write_some(buf)
    }
    fn write_vectored(&mut self, bufs: &[IoSlice<'_>]) -> io::Result<usize> {
        TcpSocket::write_vectored(self, bufs)
    }
    fn flush(&mut self) -> io::Result<()> {
        Ok(())
    }
}

/// Blocking reads: [`TcpSocket::read_some`].
impl Read for TcpSocket {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        self.read_some(buf)
    }
}

/// Blocking writes: [`TcpSocket::write_some`] and [`TcpSocket::write_vectored`].
impl Write for TcpSocket {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        self.write_some(buf)
    }
    fn write_vectored(&mut self, bufs: &[IoSlice<'_>]) -> io::Result<usize> {
        TcpSocket::write_vectored(self, bufs)
    }
    fn flush(&mut self) -> io::Result<()> {
        Ok(())
    }
}

/// The operations in progress of the `futures::io` impls: started by a poll when there is
/// none, finished (`None`) when a poll completes. A pending one holds the context's work, like
/// any pending operation, until it completes, the next poll in its direction completes, or
/// the socket is dropped.
#[derive(Debug, Default)]
pub(crate) struct FioState {
    read: Option<IoOpState>,
    write: Option<IoOpState>,
}

/// Polls `f` with the state of the operation in progress in one direction, starting one if
/// there is none, and finishes it when `f` completes.
fn fio_poll<R>(
    slot: &mut Option<IoOpState>,
    src: &StreamSource,
    f: impl FnOnce(&mut IoOpState) -> Poll<io::Result<R>>,
) -> Poll<io::Result<R>> {
    let st = slot.get_or_insert_with(|| src.start());
    let r = ready!(f(st));
    *slot = None;
    Poll::Ready(r)
}

/// Implements `futures::io::{AsyncRead, AsyncWrite}`: `$parts` turns `self` into the source
/// and `&mut FioState` (the guard `$guard` keeps it alive, for the `&TcpSocket` impls).
macro_rules! futures_io_impls {
    ($ty:ty, |$self_:ident| ($src:ident, $fio:ident) = $parts:expr) => {
        impl futures::io::AsyncRead for $ty {
            fn poll_read(
                $self_: Pin<&mut Self>,
                cx: &mut Context<'_>,
                buf: &mut [u8],
            ) -> Poll<io::Result<usize>> {
                let ($src, mut guard) = $parts;
                let $fio: &mut FioState = &mut guard;
                fio_poll(&mut $fio.read, $src, |st| poll_read($src, cx, buf, st))
            }
        }

        impl futures::io::AsyncWrite for $ty {
            fn poll_write(
                $self_: Pin<&mut Self>,
                cx: &mut Context<'_>,
                buf: &[u8],
            ) -> Poll<io::Result<usize>> {
                let ($src, mut guard) = $parts;
                let $fio: &mut FioState = &mut guard;
                fio_poll(&mut $fio.write, $src, |st| poll_write($src, cx, buf, st))
            }

            fn poll_write_vectored(
                $self_: Pin<&mut Self>,
                cx: &mut Context<'_>,
                bufs: &[IoSlice<'_>],
            ) -> Poll<io::Result<usize>> {
                let ($src, mut guard) = $parts;
                let $fio: &mut FioState = &mut guard;
                fio_poll(&mut $fio.write, $src, |st| {
                    poll_write_vectored($src, cx, bufs, st)
                })
            }

            fn poll_flush(self: Pin<&mut Self>, _cx: &mut Context<'_>) -> Poll<io::Result<()>> {
                Poll::Ready(Ok(()))
            }

            /// Shuts down the writing side: the peer reads end of stream.
            fn poll_close(self: Pin<&mut Self>, _cx: &mut Context<'_>) -> Poll<io::Result<()>> {
                Poll::Ready(TcpSocket::shutdown(&self, Shutdown::Write))
            }
        }
    };
}

// `TcpSocket`: `&mut self` gives the states without locking.
futures_io_impls!(TcpSocket, |self| (src, fio) = {
    let this = self.get_mut();
    (
        &this.src,
        this.fio.get_mut().unwrap_or_else(PoisonError::into_inner),
    )
});

// `&TcpSocket`: the states are shared, behind the socket's mutex.
futures_io_impls!(&TcpSocket, |self| (src, fio) = {
    let this: &TcpSocket = *self;
    (
        &this.src,
        this.fio.lock().unwrap_or_else(PoisonError::into_inner),
    )
});
