//! `WriteSomeVectored`: the leaf gather-write operation, for any stream.

use std::future::Future;
use std::io::{self, IoSlice};
use std::pin::Pin;
use std::task::{ready, Context, Poll};

use super::buf_seq::{gather, IoBufs, MAX_SLICES};
use super::stream::{AsyncWriteStream, OpState};
use crate::executor::Executor;
use crate::op::Operation;
use crate::tokens::CompletionToken;

/// Writes some bytes from several buffers to `stream` with one gather write (`writev(2)`).
///
/// Equivalent to: `async fn async_write_some_vectored(stream, bufs: &[&[u8]]) ->
/// io::Result<usize>` (with owned buffers, e.g. `Vec<Vec<u8>>`: `-> (io::Result<usize>,
/// Vec<Vec<u8>>)`).
///
/// Completes with the number of bytes written, taken from the buffers in order, which may be
/// fewer than their total (at most 64 non-empty buffers are sent); buffers that are all empty
/// complete at once with 0. To write everything, use
/// [`async_write_vectored`](super::async_write_vectored). The handler is never called from
/// inside this function ([G2](crate::guarantees#g2)).
///
/// # Cancellation
///
/// The stream's `cancel()` or `close()` completes it with
/// [`error::aborted`](crate::error::aborted); dropping the future withdraws it.
///
/// # Examples
///
/// ```
/// use jeton::net::unix;
/// use jeton::{io, IoContext};
///
/// let io = IoContext::new()?;
/// let (a, b) = unix::connect_pair(&io.executor())?;
/// let bufs = vec![b"GET ".to_vec(), b"/\r\n".to_vec()];
/// io::async_write_some_vectored(a.handle(), bufs, |(r, bufs): (std::io::Result<usize>, Vec<Vec<u8>>)| {
///     assert_eq!(r.unwrap(), 7); // one writev: both buffers fit in the socket buffer
///     assert_eq!(bufs.len(), 2); // handed back
/// });
/// io.run();
/// # drop(b);
/// # Ok::<(), std::io::Error>(())
/// ```
pub fn async_write_some_vectored<S, B, T>(stream: S, bufs: B, token: T) -> T::Output
where
    S: AsyncWriteStream + Unpin,
    B: IoBufs + Unpin,
    T: CompletionToken<WriteSomeVectored<S, B>>,
{
    token.launch(WriteSomeVectored::new(stream, bufs))
}

/// The operation behind [`async_write_some_vectored`].
#[must_use = "futures do nothing unless you `.await` or poll them"]
#[derive(Debug)]
pub struct WriteSomeVectored<S, B> {
    stream: S,
    bufs: Option<B>,
    st: OpState,
}

impl<S: AsyncWriteStream, B: IoBufs> WriteSomeVectored<S, B> {
    /// Starts a gather write of `bufs` to `stream`.
    pub fn new(stream: S, bufs: B) -> WriteSomeVectored<S, B> {
        let st = stream.start_write();
        WriteSomeVectored {
            stream,
            bufs: Some(bufs),
            st,
        }
    }
}

impl<S: AsyncWriteStream + Unpin, B: IoBufs + Unpin> Future for WriteSomeVectored<S, B> {
    type Output = B::Completion<usize>;

    fn poll(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Self::Output> {
        let this = &mut *self;
        let bufs = this
            .bufs
            .as_ref()
            .expect("WriteSomeVectored polled after completion");
        let mut slices = [IoSlice::new(&[]); MAX_SLICES];
        let n = gather(bufs, 0, usize::MAX, &mut slices);
        let r = ready!(this
            .stream
            .poll_write_vectored(cx, &slices[..n], &mut this.st));
        Poll::Ready(this.bufs.take().expect("buffers present").complete(r))
    }
}

impl<S: AsyncWriteStream + Unpin, B: IoBufs + Unpin> Operation for WriteSomeVectored<S, B> {
    type Executor = Executor;
    fn executor(&self) -> Executor {
        self.stream.executor()
    }
    fn trace_name(&self) -> crate::op::OpName {
        crate::op::OpName::of(self.stream.trace_object(), "async_write_vectored")
    }
}

/// `std::io` gather buffers as an [`IoBufs`], for synchronous `write_vectored` twins.
#[derive(Debug)]
pub(crate) struct IoSlices<'a>(pub(crate) &'a [IoSlice<'a>]);

impl IoBufs for IoSlices<'_> {
    type Completion<T: Send> = io::Result<T>;
    fn buf_count(&self) -> usize {
        self.0.len()
    }
    fn buf(&self, i: usize) -> &[u8] {
        &self.0[i]
    }
    fn complete<T: Send>(self, result: io::Result<T>) -> io::Result<T> {
        result
    }
}
