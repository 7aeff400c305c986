//! `ReadAt`: the composed read that fills a buffer from an offset of a random-access device
//! (Asio's `async_read_at`).

use std::future::Future;
use std::pin::Pin;
use std::task::{ready, Context, Poll};

use super::buf::IoBufMut;
use super::completion::{transfer_all, CompletionCondition, TransferAll};
use super::random_access::AsyncReadAt;
use super::stream::OpState;
use super::transfer::Progress;
use crate::error;
use crate::executor::Executor;
use crate::op::{OpName, Operation};
use crate::tokens::{Blocking, CompletionToken};

/// Reads from `device`, starting at `offset`, until `buf` is full (Asio's `async_read_at`).
///
/// Equivalent to: `async fn async_read_at(device, offset: u64, buf: &mut [u8]) ->
/// io::Result<usize>` (with an owned buffer: `-> (io::Result<usize>, Vec<u8>)`).
///
/// It calls `read_some_at` at the next offset until the buffer is full, an error occurs, or
/// the device ends. It completes with `buf.len()`, or with an error that carries the count
/// read so far ([`transferred`](super::transferred)); the end of the device before the buffer
/// is full is [`error::eof`](crate::error::eof). An empty buffer completes with 0. A closure
/// token gets the result on the device's executor; [`UseFuture`](crate::UseFuture) returns a
/// future of it; [`Blocking`] returns it. The handler is never called from inside this function
/// ([G2](crate::guarantees#g2)).
///
/// # Cancellation
///
/// The device's `cancel()` or `close()` completes it with
/// [`error::aborted`](crate::error::aborted) and the count read so far; dropping the future
/// withdraws it, and the bytes already read stay in the buffer.
///
/// # Examples
///
/// ```
/// use jeton::file::{OpenFlags, RandomAccessFile};
/// use jeton::{io, IoContext};
///
/// let path = std::env::temp_dir().join(format!("jeton-doc-read-at-{}", std::process::id()));
/// std::fs::write(&path, b"0123456789")?;
/// let ctx = IoContext::new()?;
/// let file = RandomAccessFile::open(&ctx.executor(), &path, OpenFlags::READ_ONLY)?;
/// let mut buf = [0u8; 4];
/// assert_eq!(io::read_at(&file, 3, &mut buf[..])?, 4);
/// assert_eq!(&buf, b"3456");
/// let e = io::read_at(&file, 8, &mut buf[..]).unwrap_err(); // only 2 bytes left
/// assert!(jeton::error::is_eof(&e) && io::transferred(&e) == 2);
/// # std::fs::remove_file(&path)?;
/// # Ok::<(), std::io::Error>(())
/// ```
pub fn async_read_at<S, B, T>(device: S, offset: u64, buf: B, token: T) -> T::Output
where
    S: AsyncReadAt + Unpin,
    B: IoBufMut + Unpin,
    T: CompletionToken<ReadAt<S, B, TransferAll>>,
{
    token.launch(ReadAt::new(device, offset, buf, transfer_all()))
}

/// Reads from `device`, starting at `offset`, until `cond` says it is done (Asio's
/// `async_read_at` with a completion condition). Otherwise as [`async_read_at`].
///
/// # Examples
///
/// ```
/// use jeton::file::{OpenFlags, RandomAccessFile};
/// use jeton::{io, IoContext, UseFuture};
///
/// let path = std::env::temp_dir().join(format!("jeton-doc-read-at-with-{}", std::process::id()));
/// std::fs::write(&path, b"0123456789")?;
/// let ctx = IoContext::new()?;
/// let file = RandomAccessFile::open(&ctx.executor(), &path, OpenFlags::READ_ONLY)?;
/// let mut buf = [0u8; 8];
/// let fut = io::async_read_at_with(&file, 2, &mut buf[..], io::transfer_exactly(3), UseFuture);
/// assert_eq!(ctx.block_on(fut)?, 3);
/// assert_eq!(&buf[..3], b"234");
/// # std::fs::remove_file(&path)?;
/// # Ok::<(), std::io::Error>(())
/// ```
pub fn async_read_at_with<S, B, C, T>(
    device: S,
    offset: u64,
    buf: B,
    cond: C,
    token: T,
) -> T::Output
where
    S: AsyncReadAt + Unpin,
    B: IoBufMut + Unpin,
    C: CompletionCondition + Unpin,
    T: CompletionToken<ReadAt<S, B, C>>,
{
    token.launch(ReadAt::new(device, offset, buf, cond))
}

/// Reads from `device`, starting at `offset`, until `buf` is full, blocking the calling
/// thread: `async_read_at(device, offset, buf, Blocking)`.
pub fn read_at<S, B>(device: S, offset: u64, buf: B) -> B::Completion<usize>
where
    S: AsyncReadAt + Unpin,
    B: IoBufMut + Unpin,
{
    async_read_at(device, offset, buf, Blocking)
}

/// The operation behind [`async_read_at`] and [`async_read_at_with`].
#[must_use = "futures do nothing unless you `.await` or poll them"]
#[derive(Debug)]
pub struct ReadAt<S, B, C> {
    device: S,
    offset: u64,
    buf: Option<B>,
    progress: Progress<C>,
    st: OpState,
}

impl<S: AsyncReadAt, B: IoBufMut, C: CompletionCondition> ReadAt<S, B, C> {
    /// Starts a read of `device` from `offset` into `buf`, until `cond` is satisfied.
    pub fn new(device: S, offset: u64, mut buf: B, cond: C) -> ReadAt<S, B, C> {
        let st = device.start_read_at();
        let len = buf.as_mut_bytes().len();
        ReadAt {
            device,
            offset,
            buf: Some(buf),
            progress: Progress::new(cond, len),
            st,
        }
    }
}

impl<S, B, C> Future for ReadAt<S, B, C>
where
    S: AsyncReadAt + Unpin,
    B: IoBufMut + Unpin,
    C: CompletionCondition + Unpin,
{
    type Output = B::Completion<usize>;

    fn poll(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Self::Output> {
        let this = &mut *self;
        let buf = this.buf.as_mut().expect("ReadAt polled after completion");
        let bytes = buf.as_mut_bytes();
        let (device, offset, st) = (&this.device, this.offset, &mut this.st);
        // Each step is one read_some_at into the unfilled part, at the matching offset.
        let r = ready!(this
            .progress
            .poll_transfer(cx, error::eof, |cx, start, len| {
                let at = offset + start as u64;
                device.poll_read_some_at(cx, at, &mut bytes[start..start + len], st)
            }));
        Poll::Ready(this.buf.take().expect("buffer present").complete(r))
    }
}

impl<S, B, C> Operation for ReadAt<S, B, C>
where
    S: AsyncReadAt + Unpin,
    B: IoBufMut + Unpin,
    C: CompletionCondition + Unpin,
{
    type Executor = Executor;
    fn executor(&self) -> Executor {
        self.device.executor()
    }
    fn trace_name(&self) -> OpName {
        OpName::of(self.device.trace_object(), "async_read_at")
    }
}
