//! `ReadSomeAt`: the leaf read at an offset, for any random-access device.

use std::future::Future;
use std::pin::Pin;
use std::task::{ready, Context, Poll};

use super::buf::IoBufMut;
use super::random_access::AsyncReadAt;
use super::stream::OpState;
use crate::executor::Executor;
use crate::op::{OpName, Operation};
use crate::tokens::CompletionToken;

/// Reads some bytes at `offset` of `device` into `buf` (Asio's `async_read_some_at`).
///
/// Equivalent to: `async fn async_read_some_at(device, offset: u64, buf: &mut [u8]) ->
/// io::Result<usize>` (with an owned buffer: `-> (io::Result<usize>, Vec<u8>)`).
///
/// Completes with the number of bytes read; 0 means `offset` is at or past the end, or an
/// empty buffer (which completes at once, [G11](crate::guarantees#g11)). A closure token gets
/// the result on the device's executor; [`UseFuture`](crate::UseFuture) returns a
/// [`ReadSomeAt`] future; [`Blocking`](crate::Blocking) returns it. The handler is never called
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
/// use jeton::{io, IoContext};
///
/// let path = std::env::temp_dir().join(format!("jeton-doc-read-some-at-{}", std::process::id()));
/// std::fs::write(&path, b"0123456789")?;
/// let ctx = IoContext::new()?;
/// let file = RandomAccessFile::open(&ctx.executor(), &path, OpenFlags::READ_ONLY)?;
/// io::async_read_some_at(file.handle(), 7, vec![0u8; 8], |(r, buf): (std::io::Result<usize>, Vec<u8>)| {
///     assert_eq!(&buf[..r.unwrap()], b"789");
/// });
/// ctx.run();
/// # std::fs::remove_file(&path)?;
/// # Ok::<(), std::io::Error>(())
/// ```
pub fn async_read_some_at<S, B, T>(device: S, offset: u64, buf: B, token: T) -> T::Output
where
    S: AsyncReadAt + Unpin,
    B: IoBufMut + Unpin,
    T: CompletionToken<ReadSomeAt<S, B>>,
{
    token.launch(ReadSomeAt::new(device, offset, buf))
}

/// The operation behind [`async_read_some_at`].
#[must_use = "futures do nothing unless you `.await` or poll them"]
#[derive(Debug)]
pub struct ReadSomeAt<S, B> {
    device: S,
    offset: u64,
    buf: Option<B>,
    st: OpState,
}

impl<S: AsyncReadAt, B: IoBufMut> ReadSomeAt<S, B> {
    /// Starts a read of `device` at `offset` into `buf`.
    pub fn new(device: S, offset: u64, buf: B) -> ReadSomeAt<S, B> {
        let st = device.start_read_at();
        ReadSomeAt {
            device,
            offset,
            buf: Some(buf),
            st,
        }
    }
}

impl<S: AsyncReadAt + Unpin, B: IoBufMut + Unpin> Future for ReadSomeAt<S, B> {
    type Output = B::Completion<usize>;

    fn poll(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Self::Output> {
        let this = &mut *self;
        let buf = this
            .buf
            .as_mut()
            .expect("ReadSomeAt polled after completion");
        let r = ready!(this.device.poll_read_some_at(
            cx,
            this.offset,
            buf.as_mut_bytes(),
            &mut this.st
        ));
        Poll::Ready(this.buf.take().expect("buffer present").complete(r))
    }
}

impl<S: AsyncReadAt + Unpin, B: IoBufMut + Unpin> Operation for ReadSomeAt<S, B> {
    type Executor = Executor;
    fn executor(&self) -> Executor {
        self.device.executor()
    }
    fn trace_name(&self) -> OpName {
        OpName::of(self.device.trace_object(), "async_read_some_at")
    }
}
