//! `WriteSomeAt`: the leaf write at an offset, for any random-access device.

use std::future::Future;
use std::pin::Pin;
use std::task::{ready, Context, Poll};

use super::buf::IoBuf;
use super::random_access::AsyncWriteAt;
use super::stream::OpState;
use crate::executor::Executor;
use crate::op::{OpName, Operation};
use crate::tokens::CompletionToken;

/// Writes some bytes of `buf` at `offset` of `device` (Asio's `async_write_some_at`).
///
/// Equivalent to: `async fn async_write_some_at(device, offset: u64, buf: &[u8]) ->
/// io::Result<usize>` (with an owned buffer: `-> (io::Result<usize>, Vec<u8>)`).
///
/// Completes with the number of bytes written, which may be fewer than `buf.len()`; an
/// empty buffer completes at once with 0 ([G11](crate::guarantees#g11)). A closure token gets
/// the result on the device's executor; [`UseFuture`](crate::UseFuture) returns a
/// [`WriteSomeAt`] future; [`Blocking`](crate::Blocking) returns it. The handler is never called
/// from inside this function ([G2](crate::guarantees#g2)).
///
/// # Cancellation
///
/// The device's `cancel()` or `close()` completes it with
/// [`error::aborted`](crate::error::aborted); dropping the future withdraws it.
///
/// # Examples
///
/// ```
/// use jeton::file::{OpenFlags, RandomAccessFile};
/// use jeton::{io, Blocking, IoContext};
///
/// let path = std::env::temp_dir().join(format!("jeton-doc-write-some-at-{}", std::process::id()));
/// let ctx = IoContext::new()?;
/// let flags = OpenFlags::READ_WRITE | OpenFlags::CREATE | OpenFlags::TRUNCATE;
/// let file = RandomAccessFile::open(&ctx.executor(), &path, flags)?;
/// let n = io::async_write_some_at(&file, 4, &b"tail"[..], Blocking)?;
/// assert!(n > 0);
/// assert_eq!(&std::fs::read(&path)?[..4 + n], &b"\0\0\0\0tail"[..4 + n]);
/// # std::fs::remove_file(&path)?;
/// # Ok::<(), std::io::Error>(())
/// ```
pub fn async_write_some_at<S, B, T>(device: S, offset: u64, buf: B, token: T) -> T::Output
where
    S: AsyncWriteAt + Unpin,
    B: IoBuf + Unpin,
    T: CompletionToken<WriteSomeAt<S, B>>,
{
    token.launch(WriteSomeAt::new(device, offset, buf))
}

/// The operation behind [`async_write_some_at`].
#[must_use = "futures do nothing unless you `.await` or poll them"]
#[derive(Debug)]
pub struct WriteSomeAt<S, B> {
    device: S,
    offset: u64,
    buf: Option<B>,
    st: OpState,
}

impl<S: AsyncWriteAt, B: IoBuf> WriteSomeAt<S, B> {
    /// Starts a write of `buf` at `offset` of `device`.
    pub fn new(device: S, offset: u64, buf: B) -> WriteSomeAt<S, B> {
        let st = device.start_write_at();
        WriteSomeAt {
            device,
            offset,
            buf: Some(buf),
            st,
        }
    }
}

impl<S: AsyncWriteAt + Unpin, B: IoBuf + Unpin> Future for WriteSomeAt<S, B> {
    type Output = B::Completion<usize>;

    fn poll(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Self::Output> {
        let this = &mut *self;
        let buf = this
            .buf
            .as_mut()
            .expect("WriteSomeAt polled after completion");
        let r =
            ready!(this
                .device
                .poll_write_some_at(cx, this.offset, buf.as_bytes(), &mut this.st));
        Poll::Ready(this.buf.take().expect("buffer present").complete(r))
    }
}

impl<S: AsyncWriteAt + Unpin, B: IoBuf + Unpin> Operation for WriteSomeAt<S, B> {
    type Executor = Executor;
    fn executor(&self) -> Executor {
        self.device.executor()
    }
    fn trace_name(&self) -> OpName {
        OpName::of(self.device.trace_object(), "async_write_some_at")
    }
}
