//! `StreamFile`: a file read and written in sequence (Asio's `basic_stream_file`): the stream
//! side of its core, and `seek`.

use std::io::{self, SeekFrom};
use std::task::{Context, Poll};

use super::core::{lock, FileCore};
use super::kind::Sequential;
use super::step::Step;
use crate::executor::Executor;
use crate::io::{AsyncReadStream, AsyncWriteStream, Core, IoObject, OpState, Owner, Ownership};

/// A file read and written in sequence from a position (Asio's `basic_stream_file`).
///
/// It is an [`IoObject`] over a [`FileCore`], so it has the whole stream surface:
/// `async_read_some`, `read_some`, `async_write_some`, `write_some` (every token), the
/// composed operations of [`crate::io`] (`async_read`, `async_write`, `async_read_until`,
/// ...), blocking `std::io::{Read, Write}` and `futures::io::{AsyncRead, AsyncWrite}`; and the
/// file's own methods: [`open`](StreamFile::open), [`seek`](IoObject::seek),
/// [`size`](IoObject::size), [`resize`](IoObject::resize), [`sync_all`](IoObject::sync_all),
/// [`sync_data`](IoObject::sync_data), [`release`](IoObject::release),
/// [`native_handle`](IoObject::native_handle), `cancel`, `close`.
///
/// Each read or write is one system call run on jeton's small helper pool (regular files
/// cannot be polled for readiness), or on the calling thread with [`Blocking`](crate::Blocking),
/// through a buffer the operation owns (at most 1 MiB a call: a larger `read_some` reads less,
/// as it may). The file keeps its own position: a read or write goes to it (`pread(2)`,
/// `pwrite(2)`) and moves it when the operation *completes*, so a read that is cancelled or
/// dropped while its system call runs leaves the position where it was and no byte is lost.
/// (Asio moves the descriptor's own offset; the descriptor's offset is not used here, except
/// in append mode, where every write goes to the end of the file and leaves the position
/// there.) One read and one write may be pending at once, sharing the position
/// ([G12](crate::guarantees#g12)).
///
/// # Cancellation
///
/// [`cancel`](IoObject::cancel), [`close`](IoObject::close) or dropping the file complete
/// pending operations with [`error::aborted`](crate::error::aborted). A system call already
/// running on a helper thread cannot be stopped: it finishes there and its result is dropped.
/// For a read that has no effect (the position does not move). A write may have written its
/// bytes; only terminal cancellation requests reach a write (see
/// [`CancellationType`](crate::CancellationType)).
///
/// # Thread safety
///
/// Distinct objects: safe. Shared objects: safe (`close` and `release` wait for a system call
/// in progress on the file).
///
/// # Examples
///
/// ```
/// use jeton::file::{OpenFlags, StreamFile};
/// use jeton::io::{self, DynamicBuffer};
/// use jeton::IoContext;
///
/// let path = std::env::temp_dir().join(format!("jeton-doc-stream-{}", std::process::id()));
/// let ctx = IoContext::new()?;
/// let flags = OpenFlags::READ_WRITE | OpenFlags::CREATE | OpenFlags::TRUNCATE;
/// let file = StreamFile::open(&ctx.executor(), &path, flags)?;
/// io::write(&file, &b"first line\nsecond line\n"[..])?;
/// file.seek(std::io::SeekFrom::Start(0))?;
/// let mut buf = DynamicBuffer::new(Vec::new());
/// let n = io::read_until(&file, &mut buf, b'\n')?;
/// assert_eq!(&buf.data()[..n], b"first line\n");
/// # std::fs::remove_file(&path)?;
/// # Ok::<(), std::io::Error>(())
/// ```
pub type StreamFile<O = Owner> = IoObject<FileCore<Sequential>, O>;

impl<O: Ownership> StreamFile<O> {
    /// Moves the position of the next read or write (Asio's `seek`) and returns it, counted
    /// from the start of the file. `SeekFrom::End` counts from the file's size now.
    ///
    /// # Errors
    ///
    /// `InvalidInput` for a position before the start of the file;
    /// [`error::bad_descriptor`](crate::error::bad_descriptor) if the file is closed.
    ///
    /// # Examples
    ///
    /// ```
    /// use jeton::file::{OpenFlags, StreamFile};
    /// use jeton::IoContext;
    /// use std::io::SeekFrom;
    ///
    /// let path = std::env::temp_dir().join(format!("jeton-doc-seek-{}", std::process::id()));
    /// std::fs::write(&path, b"abcdef")?;
    /// let ctx = IoContext::new()?;
    /// let file = StreamFile::open(&ctx.executor(), &path, OpenFlags::READ_ONLY)?;
    /// assert_eq!(file.seek(SeekFrom::End(-2))?, 4);
    /// let mut buf = [0u8; 8];
    /// assert_eq!(file.read_some(&mut buf)?, 2);
    /// assert_eq!(&buf[..2], b"ef");
    /// assert_eq!(file.seek(SeekFrom::Current(-6))?, 0);
    /// # std::fs::remove_file(&path)?;
    /// # Ok::<(), std::io::Error>(())
    /// ```
    pub fn seek(&self, to: SeekFrom) -> io::Result<u64> {
        let core = self.core();
        let size = match to {
            SeekFrom::End(_) => core.with(|f| Ok(f.metadata()?.len()))?,
            _ => core.with(|_| Ok(0))?, // Closed: bad descriptor.
        };
        let mut pos = lock(&core.shared().pos);
        let (base, delta) = match to {
            SeekFrom::Start(n) => (n, 0),
            SeekFrom::Current(d) => (*pos, d),
            SeekFrom::End(d) => (size, d),
        };
        let new = base.checked_add_signed(delta).ok_or_else(|| {
            io::Error::new(
                io::ErrorKind::InvalidInput,
                "seek to a position before the start of the file",
            )
        })?;
        *pos = new;
        Ok(new)
    }
}

/// Reads with `pread(2)` at the position, on a helper thread.
impl AsyncReadStream for FileCore<Sequential> {
    fn executor(&self) -> Executor {
        Core::executor(self).clone()
    }

    fn start_read(&self) -> OpState {
        self.start_op()
    }

    fn poll_read_some(
        &self,
        cx: &mut Context<'_>,
        buf: &mut [u8],
        st: &mut OpState,
    ) -> Poll<io::Result<usize>> {
        self.poll_step(cx, Step::Read(buf), None, st)
    }
}

/// Writes with `pwrite(2)` at the position (`write(2)` at the end in append mode), on a helper
/// thread; `poll_shutdown` does nothing (a file has no writing side to shut down).
impl AsyncWriteStream for FileCore<Sequential> {
    fn executor(&self) -> Executor {
        Core::executor(self).clone()
    }

    fn start_write(&self) -> OpState {
        self.start_op()
    }

    fn poll_write_some(
        &self,
        cx: &mut Context<'_>,
        buf: &[u8],
        st: &mut OpState,
    ) -> Poll<io::Result<usize>> {
        self.poll_step(cx, Step::Write(buf), None, st)
    }
}
