//! The random-access surface of every I/O object whose core is a random-access device:
//! `async_read_some_at`, `async_write_some_at` and their synchronous twins, written once.

use std::io;

use super::core::Core;
use super::io_object::IoObject;
use super::ownership::{Handle, Ownership};
use crate::io::buf::{IoBuf, IoBufMut};
use crate::io::random_access::{AsyncReadAt, AsyncWriteAt};
use crate::io::read_some_at::ReadSomeAt;
use crate::io::write_some_at::WriteSomeAt;
use crate::tokens::{Blocking, CompletionToken};

impl<C: Core + AsyncReadAt, O: Ownership> IoObject<C, O> {
    /// Reads some bytes at `offset` into `buf` (Asio's `async_read_some_at`).
    ///
    /// Equivalent to: `async fn async_read_some_at(&self, offset: u64, buf: &mut [u8]) ->
    /// io::Result<usize>` (with an owned buffer: `-> (io::Result<usize>, Vec<u8>)`).
    ///
    /// Completes with the number of bytes read: at least 1, or 0 when `offset` is at or past
    /// the end of the file or `buf` is empty (then at once, [G11](crate::guarantees#g11)).
    /// [`io::async_read_at`](crate::io::async_read_at) turns 0 into
    /// [`error::eof`](crate::error::eof).
    ///
    /// - closure (owned buffers, `Vec<u8>` or `Box<[u8]>`): called with `(result, buf)` on a
    ///   thread running the context;
    /// - [`UseFuture`](crate::UseFuture): returns a [`ReadSomeAt`] future;
    /// - [`Blocking`]: reads on the calling thread and returns the result.
    ///
    /// The handler is never called from inside this function ([G2](crate::guarantees#g2)).
    ///
    /// # Errors
    ///
    /// The system's error, or [`error::bad_descriptor`](crate::error::bad_descriptor) if the
    /// object is closed.
    ///
    /// # Cancellation
    ///
    /// [`cancel`](IoObject::cancel), [`close`](IoObject::close) or dropping the object
    /// completes it with [`error::aborted`](crate::error::aborted); dropping the future
    /// withdraws it. A read already running on a helper thread finishes there; its bytes are
    /// dropped (the file is unchanged).
    ///
    /// # Examples
    ///
    /// ```
    /// use jeton::file::{OpenFlags, RandomAccessFile};
    /// use jeton::IoContext;
    ///
    /// let path = std::env::temp_dir().join(format!("jeton-doc-rsa-{}", std::process::id()));
    /// std::fs::write(&path, b"0123456789")?;
    /// let ctx = IoContext::new()?;
    /// let file = RandomAccessFile::open(&ctx.executor(), &path, OpenFlags::READ_ONLY)?;
    /// file.async_read_some_at(6, vec![0u8; 8], |(r, buf): (std::io::Result<usize>, Vec<u8>)| {
    ///     assert_eq!(&buf[..r.unwrap()], b"6789");
    /// });
    /// ctx.run();
    /// # std::fs::remove_file(&path)?;
    /// # Ok::<(), std::io::Error>(())
    /// ```
    pub fn async_read_some_at<B, T>(&self, offset: u64, buf: B, token: T) -> T::Output
    where
        B: IoBufMut + Unpin,
        T: CompletionToken<ReadSomeAt<IoObject<C, Handle>, B>>,
    {
        token.launch(ReadSomeAt::new(self.handle(), offset, buf))
    }

    /// Reads some bytes at `offset` into `buf` on the calling thread
    /// (`async_read_some_at(offset, buf, Blocking)`).
    ///
    /// # Errors
    ///
    /// As [`async_read_some_at`](IoObject::async_read_some_at).
    ///
    /// # Examples
    ///
    /// ```
    /// use jeton::file::{OpenFlags, RandomAccessFile};
    /// use jeton::IoContext;
    ///
    /// let path = std::env::temp_dir().join(format!("jeton-doc-rs-{}", std::process::id()));
    /// std::fs::write(&path, b"abc")?;
    /// let ctx = IoContext::new()?;
    /// let file = RandomAccessFile::open(&ctx.executor(), &path, OpenFlags::READ_ONLY)?;
    /// let mut buf = [0u8; 2];
    /// assert_eq!(file.read_some_at(1, &mut buf)?, 2);
    /// assert_eq!(&buf, b"bc");
    /// assert_eq!(file.read_some_at(3, &mut buf)?, 0); // the end
    /// # std::fs::remove_file(&path)?;
    /// # Ok::<(), std::io::Error>(())
    /// ```
    pub fn read_some_at(&self, offset: u64, buf: &mut [u8]) -> io::Result<usize> {
        self.async_read_some_at(offset, buf, Blocking)
    }
}

impl<C: Core + AsyncWriteAt, O: Ownership> IoObject<C, O> {
    /// Writes some bytes of `buf` at `offset` (Asio's `async_write_some_at`).
    ///
    /// Equivalent to: `async fn async_write_some_at(&self, offset: u64, buf: &[u8]) ->
    /// io::Result<usize>` (with an owned buffer: `-> (io::Result<usize>, Vec<u8>)`).
    ///
    /// Completes with the number of bytes written, which may be fewer than `buf.len()`; an
    /// empty `buf` completes at once with 0 ([G11](crate::guarantees#g11)).
    ///
    /// - closure (owned buffers): called with `(result, buf)` on a thread running the context;
    /// - [`UseFuture`](crate::UseFuture): returns a [`WriteSomeAt`] future;
    /// - [`Blocking`]: writes on the calling thread and returns the result.
    ///
    /// The handler is never called from inside this function ([G2](crate::guarantees#g2)).
    ///
    /// # Errors
    ///
    /// The system's error (`EBADF` for a file opened read-only), or
    /// [`error::bad_descriptor`](crate::error::bad_descriptor) if the object is closed.
    ///
    /// # Cancellation
    ///
    /// [`cancel`](IoObject::cancel), [`close`](IoObject::close) or dropping the object
    /// completes it with [`error::aborted`](crate::error::aborted); dropping the future
    /// withdraws it. A write already running on a helper thread still writes its bytes; only
    /// terminal cancellation requests reach it.
    ///
    /// # Examples
    ///
    /// ```
    /// use jeton::file::{OpenFlags, RandomAccessFile};
    /// use jeton::{IoContext, UseFuture};
    ///
    /// let path = std::env::temp_dir().join(format!("jeton-doc-wsa-{}", std::process::id()));
    /// let ctx = IoContext::new()?;
    /// let flags = OpenFlags::WRITE_ONLY | OpenFlags::CREATE | OpenFlags::TRUNCATE;
    /// let file = RandomAccessFile::open(&ctx.executor(), &path, flags)?;
    /// let n = ctx.block_on(file.async_write_some_at(2, &b"xy"[..], UseFuture))?;
    /// assert_eq!(n, 2);
    /// assert_eq!(std::fs::read(&path)?, b"\0\0xy");
    /// # std::fs::remove_file(&path)?;
    /// # Ok::<(), std::io::Error>(())
    /// ```
    pub fn async_write_some_at<B, T>(&self, offset: u64, buf: B, token: T) -> T::Output
    where
        B: IoBuf + Unpin,
        T: CompletionToken<WriteSomeAt<IoObject<C, Handle>, B>>,
    {
        token.launch(WriteSomeAt::new(self.handle(), offset, buf))
    }

    /// Writes some bytes of `buf` at `offset` on the calling thread
    /// (`async_write_some_at(offset, buf, Blocking)`).
    ///
    /// # Errors
    ///
    /// As [`async_write_some_at`](IoObject::async_write_some_at).
    ///
    /// # Examples
    ///
    /// ```
    /// use jeton::file::{OpenFlags, RandomAccessFile};
    /// use jeton::IoContext;
    ///
    /// let path = std::env::temp_dir().join(format!("jeton-doc-ws-{}", std::process::id()));
    /// let ctx = IoContext::new()?;
    /// let flags = OpenFlags::READ_WRITE | OpenFlags::CREATE | OpenFlags::TRUNCATE;
    /// let file = RandomAccessFile::open(&ctx.executor(), &path, flags)?;
    /// assert_eq!(file.write_some_at(0, b"hello")?, 5);
    /// assert_eq!(file.size()?, 5);
    /// # std::fs::remove_file(&path)?;
    /// # Ok::<(), std::io::Error>(())
    /// ```
    pub fn write_some_at(&self, offset: u64, buf: &[u8]) -> io::Result<usize> {
        self.async_write_some_at(offset, buf, Blocking)
    }
}
