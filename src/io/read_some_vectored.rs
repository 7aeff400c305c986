//! `ReadSomeVectored`: the leaf scatter-read operation, for any stream.

use std::future::Future;
use std::io::IoSliceMut;
use std::pin::Pin;
use std::task::{ready, Context, Poll};

use super::buf_seq::MAX_SLICES;
use super::buf_seq_mut::{scatter, IoBufsMut};
use super::stream::{AsyncReadStream, OpState};
use crate::executor::Executor;
use crate::op::Operation;
use crate::tokens::CompletionToken;

/// Reads some bytes from `stream` into several buffers with one scatter read (`readv(2)`).
///
/// Equivalent to: `async fn async_read_some_vectored(stream, bufs: &mut [&mut [u8]]) ->
/// io::Result<usize>` (with owned buffers, e.g. `Vec<Vec<u8>>`: `-> (io::Result<usize>,
/// Vec<Vec<u8>>)`).
///
/// Completes with the number of bytes read, placed in the buffers in order (each filled before
/// the next), which may be fewer than their total (at most 64 non-empty buffers are offered);
/// 0 means end of stream, or buffers that are all empty (which complete at once). To fill
/// every buffer, use [`async_read_vectored`](super::async_read_vectored). A stream without a
/// scatter read of its own (TLS, files) reads into the first non-empty buffer. The handler is
/// never called from inside this function ([G2](crate::guarantees#g2)).
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
/// a.write_some(b"abcde")?;
/// drop(a);
/// io::async_read_some_vectored(b.handle(), vec![vec![0u8; 2], vec![0u8; 8]],
///     |(r, bufs): (std::io::Result<usize>, Vec<Vec<u8>>)| {
///         assert_eq!(r.unwrap(), 5);
///         assert_eq!((&bufs[0][..], &bufs[1][..3]), (&b"ab"[..], &b"cde"[..]));
///     });
/// io.run();
/// # Ok::<(), std::io::Error>(())
/// ```
pub fn async_read_some_vectored<S, B, T>(stream: S, bufs: B, token: T) -> T::Output
where
    S: AsyncReadStream + Unpin,
    B: IoBufsMut + Unpin,
    T: CompletionToken<ReadSomeVectored<S, B>>,
{
    token.launch(ReadSomeVectored::new(stream, bufs))
}

/// The operation behind [`async_read_some_vectored`].
#[must_use = "futures do nothing unless you `.await` or poll them"]
#[derive(Debug)]
pub struct ReadSomeVectored<S, B> {
    stream: S,
    bufs: Option<B>,
    st: OpState,
}

impl<S: AsyncReadStream, B: IoBufsMut> ReadSomeVectored<S, B> {
    /// Starts a scatter read of `stream` into `bufs`.
    pub fn new(stream: S, bufs: B) -> ReadSomeVectored<S, B> {
        let st = stream.start_read();
        ReadSomeVectored {
            stream,
            bufs: Some(bufs),
            st,
        }
    }
}

impl<S: AsyncReadStream + Unpin, B: IoBufsMut + Unpin> Future for ReadSomeVectored<S, B> {
    type Output = B::Completion<usize>;

    fn poll(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Self::Output> {
        let this = &mut *self;
        let bufs = this
            .bufs
            .as_mut()
            .expect("ReadSomeVectored polled after completion");
        let mut slices: [IoSliceMut<'_>; MAX_SLICES] =
            std::array::from_fn(|_| IoSliceMut::new(&mut []));
        let n = scatter(bufs, 0, usize::MAX, &mut slices);
        let r = ready!(this
            .stream
            .poll_read_vectored(cx, &mut slices[..n], &mut this.st));
        Poll::Ready(this.bufs.take().expect("buffers present").complete(r))
    }
}

impl<S: AsyncReadStream + Unpin, B: IoBufsMut + Unpin> Operation for ReadSomeVectored<S, B> {
    type Executor = Executor;
    fn executor(&self) -> Executor {
        self.stream.executor()
    }
    fn trace_name(&self) -> crate::op::OpName {
        crate::op::OpName::of(self.stream.trace_object(), "async_read_some_vectored")
    }
}
