//! The stream traits composed operations are written over.

use std::io;
use std::sync::Arc;
use std::task::{Context, Poll};

use crate::executor::Executor;
use crate::op::helper_wait::HelperWait;
use crate::op::readiness::IoOpState;

/// The state of one operation on a stream: the cancel epoch it started under and the work it
/// holds while waiting. Opaque; made by [`AsyncReadStream::start_read`] or
/// [`AsyncWriteStream::start_write`] in the initiating function.
#[derive(Debug)]
pub struct OpState(pub(crate) IoOpState, pub(crate) HelperOp);

impl OpState {
    /// Returns a state for streams that are not registered with a reactor (in-memory streams,
    /// test streams): it carries no cancel epoch and holds no work.
    pub fn unregistered() -> OpState {
        OpState::readiness(IoOpState::unregistered())
    }

    /// The state of an operation in the readiness loop.
    pub(crate) fn readiness(st: IoOpState) -> OpState {
        OpState(st, HelperOp::default())
    }

    /// The state of an operation run on the helper pool, started under the cancel `epoch` of
    /// its object's scope.
    pub(crate) fn helper(epoch: usize) -> OpState {
        OpState(IoOpState::unregistered(), HelperOp { epoch, job: None })
    }
}

/// The part of an [`OpState`] used by objects whose operations run on the helper pool
/// (files): the cancel epoch the operation started under, and the step in flight.
#[derive(Debug, Default)]
pub(crate) struct HelperOp {
    pub(crate) epoch: usize,
    pub(crate) job: Option<HelperWait<HelperDone>>,
}

/// What one step run on a helper thread hands back: the system call's result, the position
/// it leaves (an append write's end of file), and the buffer it moved the bytes through.
#[derive(Debug)]
pub(crate) struct HelperDone {
    pub(crate) result: io::Result<usize>,
    pub(crate) at: Option<u64>,
    pub(crate) buf: Vec<u8>,
}

/// A stream that can read some bytes without blocking the thread: the base of
/// [`async_read_some`](crate::io::ReadSome) and of every composed read.
///
/// Implemented by jeton's stream objects ([`IoObject`](crate::io::IoObject)s over a stream
/// core: stream sockets, their handles, ...), and by `&T` and `Arc<T>` for any implementor
/// (use an `Arc` or a handle to pass a stream to a composed operation with a closure token).
pub trait AsyncReadStream: Send + Sync {
    /// Returns the executor of the stream's context.
    fn executor(&self) -> Executor;

    /// Starts a read operation: records the state `cancel()` compares against.
    fn start_read(&self) -> OpState;

    /// Reads some bytes into `buf`, or registers `cx` to be woken when the stream is readable.
    /// `Ok(0)` means end of stream (or an empty `buf`).
    fn poll_read_some(
        &self,
        cx: &mut Context<'_>,
        buf: &mut [u8],
        st: &mut OpState,
    ) -> Poll<io::Result<usize>>;

    /// Reads some bytes into several buffers at once (scatter), filling each before the next.
    /// `Ok(0)` means end of stream (or buffers that are all empty). The default reads into
    /// the first non-empty buffer.
    fn poll_read_vectored(
        &self,
        cx: &mut Context<'_>,
        bufs: &mut [io::IoSliceMut<'_>],
        st: &mut OpState,
    ) -> Poll<io::Result<usize>> {
        let buf = bufs
            .iter_mut()
            .find(|b| !b.is_empty())
            .map_or(&mut [][..], |b| &mut b[..]);
        self.poll_read_some(cx, buf, st)
    }

    /// Returns the name of the stream and its address, for handler tracking and `tracing`
    /// spans (see [`OpName`](crate::op::OpName)). The default is `("stream", 0)`.
    fn trace_object(&self) -> (&'static str, usize) {
        ("stream", 0)
    }
}

/// A stream that can write some bytes without blocking the thread: the base of
/// [`async_write_some`](crate::io::WriteSome) and of every composed write.
pub trait AsyncWriteStream: Send + Sync {
    /// Returns the executor of the stream's context.
    fn executor(&self) -> Executor;

    /// Starts a write operation: records the state `cancel()` compares against.
    fn start_write(&self) -> OpState;

    /// Writes some bytes of `buf`, or registers `cx` to be woken when the stream is writable.
    fn poll_write_some(
        &self,
        cx: &mut Context<'_>,
        buf: &[u8],
        st: &mut OpState,
    ) -> Poll<io::Result<usize>>;

    /// Writes some bytes from several buffers at once (gather). The default writes from the
    /// first non-empty buffer.
    fn poll_write_vectored(
        &self,
        cx: &mut Context<'_>,
        bufs: &[io::IoSlice<'_>],
        st: &mut OpState,
    ) -> Poll<io::Result<usize>> {
        let buf = bufs
            .iter()
            .find(|b| !b.is_empty())
            .map_or(&[][..], |b| &b[..]);
        self.poll_write_some(cx, buf, st)
    }

    /// Shuts down the writing side, so that the peer reads end of stream (a socket's
    /// `shutdown(Write)`): what `poll_close` of the `futures::io` impls does, on
    /// [`IoObject`](crate::io::IoObject)s and [`FuturesIo`](crate::io::FuturesIo) alike. The
    /// default does nothing, for streams that have no writing side to shut down.
    fn poll_shutdown(&self, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        let _ = cx;
        Poll::Ready(Ok(()))
    }

    /// Returns the name of the stream and its address, for handler tracking and `tracing`
    /// spans (see [`OpName`](crate::op::OpName)). The default is `("stream", 0)`.
    fn trace_object(&self) -> (&'static str, usize) {
        ("stream", 0)
    }
}

/// Forwards the stream traits through a pointer type.
macro_rules! forward_stream {
    ($($ptr:ty),*) => {$(
        impl<T: AsyncReadStream + ?Sized> AsyncReadStream for $ptr {
            fn executor(&self) -> Executor {
                (**self).executor()
            }
            fn start_read(&self) -> OpState {
                (**self).start_read()
            }
            fn poll_read_some(&self, cx: &mut Context<'_>, buf: &mut [u8], st: &mut OpState) -> Poll<io::Result<usize>> {
                (**self).poll_read_some(cx, buf, st)
            }
            fn poll_read_vectored(
                &self,
                cx: &mut Context<'_>,
                bufs: &mut [io::IoSliceMut<'_>],
                st: &mut OpState,
            ) -> Poll<io::Result<usize>> {
                (**self).poll_read_vectored(cx, bufs, st)
            }
            fn trace_object(&self) -> (&'static str, usize) {
                (**self).trace_object()
            }
        }
        impl<T: AsyncWriteStream + ?Sized> AsyncWriteStream for $ptr {
            fn executor(&self) -> Executor {
                (**self).executor()
            }
            fn start_write(&self) -> OpState {
                (**self).start_write()
            }
            fn poll_write_some(&self, cx: &mut Context<'_>, buf: &[u8], st: &mut OpState) -> Poll<io::Result<usize>> {
                (**self).poll_write_some(cx, buf, st)
            }
            fn poll_write_vectored(
                &self,
                cx: &mut Context<'_>,
                bufs: &[io::IoSlice<'_>],
                st: &mut OpState,
            ) -> Poll<io::Result<usize>> {
                (**self).poll_write_vectored(cx, bufs, st)
            }
            fn poll_shutdown(&self, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
                (**self).poll_shutdown(cx)
            }
            fn trace_object(&self) -> (&'static str, usize) {
                (**self).trace_object()
            }
        }
    )*};
}

forward_stream!(&T, Arc<T>);
