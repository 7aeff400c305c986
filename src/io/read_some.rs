//! `ReadSome`: the leaf read operation, for any stream.

use std::future::Future;
use std::pin::Pin;
use std::task::{ready, Context, Poll};

use super::buf::IoBufMut;
use super::stream::{AsyncReadStream, OpState};
use crate::executor::Executor;
use crate::op::Operation;
use crate::tokens::CompletionToken;

/// Reads some bytes from `stream` into `buf`.
///
/// Equivalent to: `async fn async_read_some(stream, buf: &mut [u8]) -> io::Result<usize>`
/// (with an owned buffer: `-> (io::Result<usize>, Vec<u8>)`).
///
/// Completes with the number of bytes read; 0 means end of stream, or an empty buffer (which
/// completes at once, [G11](crate::guarantees#g11)). The handler is never called from inside this
/// function ([G2](crate::guarantees#g2)).
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
/// a.write_some(b"some")?;
/// io::async_read_some(b.handle(), vec![0u8; 64], |(r, buf): (std::io::Result<usize>, Vec<u8>)| {
///     let n = r.unwrap(); // whatever has arrived: here, all 4 bytes
///     assert_eq!(&buf[..n], b"some");
/// });
/// io.run();
/// # Ok::<(), std::io::Error>(())
/// ```
pub fn async_read_some<S, B, T>(stream: S, buf: B, token: T) -> T::Output
where
    S: AsyncReadStream + Unpin,
    B: IoBufMut + Unpin,
    T: CompletionToken<ReadSome<S, B>>,
{
    token.launch(ReadSome::new(stream, buf))
}

/// The operation behind [`async_read_some`].
#[must_use = "futures do nothing unless you `.await` or poll them"]
#[derive(Debug)]
pub struct ReadSome<S, B> {
    stream: S,
    buf: Option<B>,
    st: OpState,
}

impl<S: AsyncReadStream, B: IoBufMut> ReadSome<S, B> {
    /// Starts a read of `stream` into `buf`.
    pub fn new(stream: S, buf: B) -> ReadSome<S, B> {
        let st = stream.start_read();
        ReadSome {
            stream,
            buf: Some(buf),
            st,
        }
    }
}

impl<S: AsyncReadStream + Unpin, B: IoBufMut + Unpin> Future for ReadSome<S, B> {
    type Output = B::Completion<usize>;

    fn poll(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Self::Output> {
        let this = &mut *self;
        let buf = this.buf.as_mut().expect("ReadSome polled after completion");
        let r = ready!(this
            .stream
            .poll_read_some(cx, buf.as_mut_bytes(), &mut this.st));
        Poll::Ready(this.buf.take().expect("buffer present").complete(r))
    }
}

impl<S: AsyncReadStream + Unpin, B: IoBufMut + Unpin> Operation for ReadSome<S, B> {
    type Executor = Executor;
    fn executor(&self) -> Executor {
        self.stream.executor()
    }
    fn trace_name(&self) -> crate::op::OpName {
        crate::op::OpName::of(self.stream.trace_object(), "async_read_some")
    }
}
