//! `WriteAt`: the composed write of a whole buffer at an offset of a random-access device
//! (Asio's `async_write_at`).

use std::future::Future;
use std::pin::Pin;
use std::task::{ready, Context, Poll};

use super::buf::IoBuf;
use super::completion::{transfer_all, CompletionCondition, TransferAll};
use super::random_access::AsyncWriteAt;
use super::stream::OpState;
use super::transfer::{write_zero, Progress};
use crate::executor::Executor;
use crate::op::{OpName, Operation};
use crate::tokens::{Blocking, CompletionToken};

/// Writes all of `buf` to `device`, starting at `offset` (Asio's `async_write_at`).
///
/// Equivalent to: `async fn async_write_at(device, offset: u64, buf: &[u8]) ->
/// io::Result<usize>` (with an owned buffer: `-> (io::Result<usize>, Vec<u8>)`).
///
/// It calls `write_some_at` at the next offset until the buffer is written or an error
/// occurs. It completes with `buf.len()`, or with an error that carries the count written so
/// far ([`transferred`](super::transferred)). An empty buffer completes with 0. A closure token
/// gets the result on the device's executor; [`UseFuture`](crate::UseFuture) returns a future
/// of it; [`Blocking`] returns it. The handler is never called from inside this function
/// ([G2](crate::guarantees#g2)).
///
/// # Cancellation
///
/// The device's `cancel()` or `close()` completes it with
/// [`error::aborted`](crate::error::aborted) and the count written so far; dropping the
/// future withdraws it. A step already running on a helper thread (a file) still writes: its
/// bytes may be in the file without being counted.
///
/// # Examples
///
/// ```
/// use jeton::file::{OpenFlags, RandomAccessFile};
/// use jeton::{io, IoContext};
///
/// let path = std::env::temp_dir().join(format!("jeton-doc-write-at-{}", std::process::id()));
/// let ctx = IoContext::new()?;
/// let flags = OpenFlags::READ_WRITE | OpenFlags::CREATE | OpenFlags::TRUNCATE;
/// let file = RandomAccessFile::open(&ctx.executor(), &path, flags)?;
/// assert_eq!(io::write_at(&file, 4, &b"tail"[..])?, 4);
/// assert_eq!(io::write_at(&file, 0, &b"head"[..])?, 4);
/// assert_eq!(std::fs::read(&path)?, b"headtail");
/// # std::fs::remove_file(&path)?;
/// # Ok::<(), std::io::Error>(())
/// ```
pub fn async_write_at<S, B, T>(device: S, offset: u64, buf: B, token: T) -> T::Output
where
    S: AsyncWriteAt + Unpin,
    B: IoBuf + Unpin,
    T: CompletionToken<WriteAt<S, B, TransferAll>>,
{
    token.launch(WriteAt::new(device, offset, buf, transfer_all()))
}

/// Writes `buf` to `device`, starting at `offset`, until `cond` says it is done (Asio's
/// `async_write_at` with a completion condition). Otherwise as [`async_write_at`].
///
/// # Examples
///
/// ```
/// use jeton::file::{OpenFlags, RandomAccessFile};
/// use jeton::{io, IoContext};
///
/// let path = std::env::temp_dir().join(format!("jeton-doc-write-at-with-{}", std::process::id()));
/// let ctx = IoContext::new()?;
/// let flags = OpenFlags::READ_WRITE | OpenFlags::CREATE | OpenFlags::TRUNCATE;
/// let file = RandomAccessFile::open(&ctx.executor(), &path, flags)?;
/// io::async_write_at_with(file.handle(), 0, b"abcdef".to_vec(), io::transfer_exactly(2),
///     |(r, _buf): (std::io::Result<usize>, Vec<u8>)| assert_eq!(r.unwrap(), 2));
/// ctx.run();
/// assert_eq!(std::fs::read(&path)?, b"ab");
/// # std::fs::remove_file(&path)?;
/// # Ok::<(), std::io::Error>(())
/// ```
pub fn async_write_at_with<S, B, C, T>(
    device: S,
    offset: u64,
    buf: B,
    cond: C,
    token: T,
) -> T::Output
where
    S: AsyncWriteAt + Unpin,
    B: IoBuf + Unpin,
    C: CompletionCondition + Unpin,
    T: CompletionToken<WriteAt<S, B, C>>,
{
    token.launch(WriteAt::new(device, offset, buf, cond))
}

/// Writes all of `buf` to `device`, starting at `offset`, blocking the calling thread:
/// `async_write_at(device, offset, buf, Blocking)`.
pub fn write_at<S, B>(device: S, offset: u64, buf: B) -> B::Completion<usize>
where
    S: AsyncWriteAt + Unpin,
    B: IoBuf + Unpin,
{
    async_write_at(device, offset, buf, Blocking)
}

/// The operation behind [`async_write_at`] and [`async_write_at_with`].
#[must_use = "futures do nothing unless you `.await` or poll them"]
#[derive(Debug)]
pub struct WriteAt<S, B, C> {
    device: S,
    offset: u64,
    buf: Option<B>,
    progress: Progress<C>,
    st: OpState,
}

impl<S: AsyncWriteAt, B: IoBuf, C: CompletionCondition> WriteAt<S, B, C> {
    /// Starts a write of `buf` to `device` from `offset`, until `cond` is satisfied.
    pub fn new(device: S, offset: u64, buf: B, cond: C) -> WriteAt<S, B, C> {
        let st = device.start_write_at();
        let len = buf.as_bytes().len();
        WriteAt {
            device,
            offset,
            buf: Some(buf),
            progress: Progress::new(cond, len),
            st,
        }
    }
}

impl<S, B, C> Future for WriteAt<S, B, C>
where
    S: AsyncWriteAt + Unpin,
    B: IoBuf + Unpin,
    C: CompletionCondition + Unpin,
{
    type Output = B::Completion<usize>;

    fn poll(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Self::Output> {
        let this = &mut *self;
        let buf = this.buf.as_ref().expect("WriteAt polled after completion");
        let bytes = buf.as_bytes();
        let (device, offset, st) = (&this.device, this.offset, &mut this.st);
        // Each step is one write_some_at of the unwritten part, at the matching offset.
        let r = ready!(this
            .progress
            .poll_transfer(cx, write_zero, |cx, start, len| {
                let at = offset + start as u64;
                device.poll_write_some_at(cx, at, &bytes[start..start + len], st)
            }));
        Poll::Ready(this.buf.take().expect("buffer present").complete(r))
    }
}

impl<S, B, C> Operation for WriteAt<S, B, C>
where
    S: AsyncWriteAt + Unpin,
    B: IoBuf + Unpin,
    C: CompletionCondition + Unpin,
{
    type Executor = Executor;
    fn executor(&self) -> Executor {
        self.device.executor()
    }
    fn trace_name(&self) -> OpName {
        OpName::of(self.device.trace_object(), "async_write_at")
    }
}
