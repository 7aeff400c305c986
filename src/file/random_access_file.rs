//! `RandomAccessFile`: a file read and written at offsets (Asio's
//! `basic_random_access_file`): the random-access side of its core.

use std::io;
use std::task::{Context, Poll};

use super::core::FileCore;
use super::kind::RandomAccess;
use super::step::Step;
use crate::executor::Executor;
use crate::io::{AsyncReadAt, AsyncWriteAt, Core, IoObject, OpState, Owner};

/// A file read and written at offsets (Asio's `basic_random_access_file`).
///
/// It is an [`IoObject`] over a [`FileCore`] with the random-access surface:
/// [`async_read_some_at`](IoObject::async_read_some_at),
/// [`read_some_at`](IoObject::read_some_at),
/// [`async_write_some_at`](IoObject::async_write_some_at),
/// [`write_some_at`](IoObject::write_some_at) (every token), the composed
/// [`io::async_read_at`](crate::io::async_read_at) and
/// [`io::async_write_at`](crate::io::async_write_at); and the file's own methods:
/// [`open`](IoObject::open), [`size`](IoObject::size), [`resize`](IoObject::resize),
/// [`sync_all`](IoObject::sync_all), [`sync_data`](IoObject::sync_data),
/// [`release`](IoObject::release), [`native_handle`](IoObject::native_handle), `cancel`,
/// `close`. Any number of operations may be pending at once.
///
/// Each read or write is one `pread(2)` or `pwrite(2)` run on jeton's small helper pool
/// (regular files cannot be polled for readiness), or on the calling thread with
/// [`Blocking`](crate::Blocking), through a buffer the operation owns (at most 1 MiB a call).
///
/// # Cancellation
///
/// [`cancel`](IoObject::cancel), [`close`](IoObject::close) or dropping the file complete
/// pending operations with [`error::aborted`](crate::error::aborted). A system call already
/// running on a helper thread cannot be stopped: it finishes there and its result is dropped.
/// A read then has had no effect; a write may have written its bytes, so only terminal
/// cancellation requests reach a write (see [`CancellationType`](crate::CancellationType)).
///
/// # Thread safety
///
/// Distinct objects: safe. Shared objects: safe (`close` and `release` wait for a system call
/// in progress on the file).
///
/// # Examples
///
/// ```
/// use jeton::file::{OpenFlags, RandomAccessFile};
/// use jeton::{io, IoContext, UseFuture};
///
/// let path = std::env::temp_dir().join(format!("jeton-doc-raf-{}", std::process::id()));
/// let ctx = IoContext::new()?;
/// let flags = OpenFlags::READ_WRITE | OpenFlags::CREATE | OpenFlags::TRUNCATE;
/// let file = RandomAccessFile::open(&ctx.executor(), &path, flags)?;
/// ctx.block_on(async {
///     io::async_write_at(&file, 0, &b"hello world"[..], UseFuture).await?;
///     let mut word = [0u8; 5];
///     io::async_read_at(&file, 6, &mut word[..], UseFuture).await?;
///     assert_eq!(&word, b"world");
///     Ok::<(), std::io::Error>(())
/// })?;
/// # std::fs::remove_file(&path)?;
/// # Ok::<(), std::io::Error>(())
/// ```
pub type RandomAccessFile<O = Owner> = IoObject<FileCore<RandomAccess>, O>;

/// Reads with `pread(2)` at the offset, on a helper thread.
impl AsyncReadAt for FileCore<RandomAccess> {
    fn executor(&self) -> Executor {
        Core::executor(self).clone()
    }

    fn start_read_at(&self) -> OpState {
        self.start_op()
    }

    fn poll_read_some_at(
        &self,
        cx: &mut Context<'_>,
        offset: u64,
        buf: &mut [u8],
        st: &mut OpState,
    ) -> Poll<io::Result<usize>> {
        self.poll_step(cx, Step::Read(buf), Some(offset), st)
    }
}

/// Writes with `pwrite(2)` at the offset, on a helper thread.
impl AsyncWriteAt for FileCore<RandomAccess> {
    fn executor(&self) -> Executor {
        Core::executor(self).clone()
    }

    fn start_write_at(&self) -> OpState {
        self.start_op()
    }

    fn poll_write_some_at(
        &self,
        cx: &mut Context<'_>,
        offset: u64,
        buf: &[u8],
        st: &mut OpState,
    ) -> Poll<io::Result<usize>> {
        self.poll_step(cx, Step::Write(buf), Some(offset), st)
    }
}
