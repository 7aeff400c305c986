//! The stream side shared by TCP and Unix stream sockets: the system calls of their
//! descriptors, the readiness polls every read and write of them makes, and the stream traits
//! (`AsyncReadStream`/`AsyncWriteStream`, blocking `std::io::{Read, Write}`) on the sockets
//! and their handles.

use std::fmt::Debug;
use std::io::{self, IoSlice, Read, Write};
use std::os::fd::AsRawFd;
use std::task::{Context, Poll};

use crate::op::io_source::IoSource;
use crate::op::readiness::{Direction, IoOpState};

/// A stream socket's descriptor (mio's `TcpStream` or `UnixStream`): the system calls the
/// stream operations make.
pub trait RawStream: mio::event::Source + AsRawFd + Send + Sync + Debug + 'static {
    /// A socket address.
    type Addr;

    /// Reads some bytes (`read(2)`).
    fn read(&self, buf: &mut [u8]) -> io::Result<usize>;

    /// Writes some bytes (`write(2)`).
    fn write(&self, buf: &[u8]) -> io::Result<usize>;

    /// Writes some bytes from several buffers (`writev(2)`).
    fn write_vectored(&self, bufs: &[IoSlice<'_>]) -> io::Result<usize>;

    /// Returns the local address.
    fn local_addr(&self) -> io::Result<Self::Addr>;

    /// Returns the peer's address.
    fn peer_addr(&self) -> io::Result<Self::Addr>;

    /// Returns and clears the pending socket error (`SO_ERROR`).
    fn take_error(&self) -> io::Result<Option<io::Error>>;
}

/// Implements [`RawStream`] by forwarding to mio's methods and `Read`/`Write` impls.
macro_rules! raw_stream {
    ($($ty:ty => $addr:ty),*) => {$(
        impl RawStream for $ty {
            type Addr = $addr;
            fn read(&self, buf: &mut [u8]) -> io::Result<usize> {
                Read::read(&mut &*self, buf)
            }
            fn write(&self, buf: &[u8]) -> io::Result<usize> {
                Write::write(&mut &*self, buf)
            }
            fn write_vectored(&self, bufs: &[IoSlice<'_>]) -> io::Result<usize> {
                Write::write_vectored(&mut &*self, bufs)
            }
            fn local_addr(&self) -> io::Result<$addr> {
                <$ty>::local_addr(self)
            }
            fn peer_addr(&self) -> io::Result<$addr> {
                <$ty>::peer_addr(self)
            }
            fn take_error(&self) -> io::Result<Option<io::Error>> {
                <$ty>::take_error(self)
            }
        }
    )*};
}

raw_stream!(
    mio::net::TcpStream => std::net::SocketAddr,
    mio::net::UnixStream => std::os::unix::net::SocketAddr
);

/// Reads some bytes: an empty `buf` completes at once (G11); otherwise the readiness loop.
pub(crate) fn poll_read<S: RawStream>(
    src: &IoSource<S>,
    cx: &mut Context<'_>,
    buf: &mut [u8],
    st: &mut IoOpState,
) -> Poll<io::Result<usize>> {
    if buf.is_empty() {
        st.release();
        return Poll::Ready(Ok(0));
    }
    src.poll_io(cx, Direction::Read, st, |s| s.read(buf))
}

/// Writes some bytes: an empty `buf` completes at once (G11); otherwise the readiness loop.
pub(crate) fn poll_write<S: RawStream>(
    src: &IoSource<S>,
    cx: &mut Context<'_>,
    buf: &[u8],
    st: &mut IoOpState,
) -> Poll<io::Result<usize>> {
    if buf.is_empty() {
        st.release();
        return Poll::Ready(Ok(0));
    }
    src.poll_io(cx, Direction::Write, st, |s| s.write(buf))
}

/// Gather-writes some bytes: empty buffers complete at once; otherwise the readiness loop.
pub(crate) fn poll_write_vectored<S: RawStream>(
    src: &IoSource<S>,
    cx: &mut Context<'_>,
    bufs: &[IoSlice<'_>],
    st: &mut IoOpState,
) -> Poll<io::Result<usize>> {
    if bufs.iter().all(|b| b.is_empty()) {
        st.release();
        return Poll::Ready(Ok(0));
    }
    src.poll_io(cx, Direction::Write, st, |s| s.write_vectored(bufs))
}

/// Reads the outcome of a connection in progress: its error, done, or still in progress
/// (`WouldBlock`: a stale writability, wait again).
pub(crate) fn finish_connect<S: RawStream>(s: &S) -> io::Result<()> {
    if let Some(e) = s.take_error()? {
        return Err(e);
    }
    match s.peer_addr() {
        Ok(_) => Ok(()),
        Err(e) if e.kind() == io::ErrorKind::NotConnected => Err(io::ErrorKind::WouldBlock.into()),
        Err(e) => Err(e),
    }
}

/// Implements jeton's stream traits for types with a `src: Arc<IoSource<impl RawStream>>`
/// field (the stream sockets and their handles).
macro_rules! stream_impls {
    ($($ty:ty),*) => {$(
        impl $crate::io::AsyncReadStream for $ty {
            fn executor(&self) -> $crate::Executor {
                self.src.executor().clone()
            }
            fn start_read(&self) -> $crate::io::OpState {
                $crate::io::OpState(self.src.start())
            }
            fn poll_read_some(
                &self,
                cx: &mut std::task::Context<'_>,
                buf: &mut [u8],
                st: &mut $crate::io::OpState,
            ) -> std::task::Poll<std::io::Result<usize>> {
                $crate::net::stream::poll_read(&self.src, cx, buf, &mut st.0)
            }
        }

        impl $crate::io::AsyncWriteStream for $ty {
            fn executor(&self) -> $crate::Executor {
                self.src.executor().clone()
            }
            fn start_write(&self) -> $crate::io::OpState {
                $crate::io::OpState(self.src.start())
            }
            fn poll_write_some(
                &self,
                cx: &mut std::task::Context<'_>,
                buf: &[u8],
                st: &mut $crate::io::OpState,
            ) -> std::task::Poll<std::io::Result<usize>> {
                $crate::net::stream::poll_write(&self.src, cx, buf, &mut st.0)
            }
            fn poll_write_vectored(
                &self,
                cx: &mut std::task::Context<'_>,
                bufs: &[std::io::IoSlice<'_>],
                st: &mut $crate::io::OpState,
            ) -> std::task::Poll<std::io::Result<usize>> {
                $crate::net::stream::poll_write_vectored(&self.src, cx, bufs, &mut st.0)
            }
        }
    )*};
}

/// Implements blocking `std::io::{Read, Write}` on a stream socket and on a reference to it:
/// `read` is the socket's `read_some`, `write` its `write_some`, `write_vectored` the given
/// gather write (if any, else the first non-empty buffer is written); `flush` does nothing.
macro_rules! blocking_impls {
    ($ty:ty $(, $write_vectored:path)?) => {
        $crate::net::stream::blocking_impls!(@one $ty $(, $write_vectored)?);
        $crate::net::stream::blocking_impls!(@one &$ty $(, $write_vectored)?);
    };
    (@one $ty:ty $(, $write_vectored:path)?) => {
        /// Blocking reads: `read` is the socket's `read_some`.
        impl std::io::Read for $ty {
            fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
                self.read_some(buf)
            }
        }

        /// Blocking writes: `write` is the socket's `write_some` (`write_vectored` its gather
        /// write, if it has one); `flush` does nothing.
        impl std::io::Write for $ty {
            fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
                self.write_some(buf)
            }
            $(
                fn write_vectored(
                    &mut self,
                    bufs: &[std::io::IoSlice<'_>],
                ) -> std::io::Result<usize> {
                    $write_vectored(self, bufs)
                }
            )?
            fn flush(&mut self) -> std::io::Result<()> {
                Ok(())
            }
        }
    };
}

pub(crate) use {blocking_impls, stream_impls};
