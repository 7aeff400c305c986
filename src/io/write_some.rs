//! `WriteSome`: the leaf write operation, for any stream.

use std::future::Future;
use std::pin::Pin;
use std::task::{ready, Context, Poll};

use super::buf::IoBuf;
use super::stream::{AsyncWriteStream, OpState};
use crate::executor::Executor;
use crate::op::Operation;
use crate::tokens::CompletionToken;

/// Writes some bytes of `buf` to `stream`.
///
/// Equivalent to: `async fn async_write_some(stream, buf: &[u8]) -> io::Result<usize>`
/// (with an owned buffer: `-> (io::Result<usize>, Vec<u8>)`).
///
/// Completes with the number of bytes written, which may be fewer than `buf.len()`; an empty
/// buffer completes at once with 0 ([G11](crate::guarantees#g11)). The handler is never called from
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
/// use jeton::{io, IoContext, UseFuture};
///
/// let io = IoContext::new()?;
/// let (a, b) = unix::connect_pair(&io.executor())?;
/// let n = io.block_on(io::async_write_some(&a, &b"data"[..], UseFuture))?;
/// assert!(n > 0 && n <= 4); // some of it
/// assert_eq!(io::async_write_some(&a, &b""[..], jeton::Blocking)?, 0); // at once
/// # drop(b);
/// # Ok::<(), std::io::Error>(())
/// ```
pub fn async_write_some<S, B, T>(stream: S, buf: B, token: T) -> T::Output
where
    S: AsyncWriteStream + Unpin,
    B: IoBuf + Unpin,
    T: CompletionToken<WriteSome<S, B>>,
{
    token.launch(WriteSome::new(stream, buf))
}

/// The operation behind [`async_write_some`].
#[must_use = "futures do nothing unless you `.await` or poll them"]
#[derive(Debug)]
pub struct WriteSome<S, B> {
    stream: S,
    buf: Option<B>,
    st: OpState,
}

impl<S: AsyncWriteStream, B: IoBuf> WriteSome<S, B> {
    /// Starts a write of `buf` to `stream`.
    pub fn new(stream: S, buf: B) -> WriteSome<S, B> {
        let st = stream.start_write();
        WriteSome {
            stream,
            buf: Some(buf),
            st,
        }
    }
}

impl<S: AsyncWriteStream + Unpin, B: IoBuf + Unpin> Future for WriteSome<S, B> {
    type Output = B::Completion<usize>;

    fn poll(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Self::Output> {
        let this = &mut *self;
        let buf = this
            .buf
            .as_mut()
            .expect("WriteSome polled after completion");
        let r = ready!(this
            .stream
            .poll_write_some(cx, buf.as_bytes(), &mut this.st));
        Poll::Ready(this.buf.take().expect("buffer present").complete(r))
    }
}

impl<S: AsyncWriteStream + Unpin, B: IoBuf + Unpin> Operation for WriteSome<S, B> {
    type Executor = Executor;
    fn executor(&self) -> Executor {
        self.stream.executor()
    }
    fn trace_name(&self) -> crate::op::OpName {
        crate::op::OpName::of(self.stream.trace_object(), "async_write_some")
    }
}
