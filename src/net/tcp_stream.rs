//! The stream traits on TCP sockets: jeton's `AsyncReadStream`/`AsyncWriteStream` (on
//! [`TcpSocket`] and its shared handle [`TcpStreamRef`]), blocking `std::io::{Read, Write}`,
//! and `futures::io::{AsyncRead, AsyncWrite}`.

use std::io::{self, IoSlice};
use std::net::Shutdown;
use std::pin::Pin;
use std::sync::PoisonError;
use std::task::{ready, Context, Poll};

use super::stream::{blocking_impls, poll_read, poll_write, poll_write_vectored, stream_impls};
use super::tcp_socket::{StreamSource, TcpSocket};
use super::StreamRef;
use crate::op::readiness::IoOpState;

/// A shared handle to a [`TcpSocket`]: the stream its operations own (a [`StreamRef`]).
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
pub type TcpStreamRef = StreamRef<mio::net::TcpStream>;

impl From<&TcpSocket> for TcpStreamRef {
    fn from(sock: &TcpSocket) -> TcpStreamRef {
        sock.handle()
    }
}

stream_impls!(TcpSocket);

// Blocking reads and writes: `TcpSocket::read_some`, `write_some` and `write_vectored`.
blocking_impls!(TcpSocket, TcpSocket::write_vectored);

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
