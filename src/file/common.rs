//! What every file has, stream or random-access: `open`, `from_std`, `size`, `resize`,
//! `sync_all`, `sync_data`, `release`, `native_handle`.

use std::fs::File;
use std::io;
use std::os::fd::{AsRawFd, RawFd};
use std::path::Path;

use super::core::FileCore;
use super::flags::OpenFlags;
use super::kind::FileKind;
use crate::executor::Executor;
use crate::io::{IoObject, Owner, Ownership};

impl<K: FileKind> IoObject<FileCore<K>, Owner> {
    /// Opens the file at `path` with `flags` on the context of `ex` (Asio's constructor with a
    /// path, and `open`). A stream file's position starts at 0.
    ///
    /// # Errors
    ///
    /// `InvalidInput` if `flags` does not have exactly one access mode; otherwise the system's
    /// error: `NotFound` for a missing file without [`OpenFlags::CREATE`], `AlreadyExists`
    /// with [`OpenFlags::EXCLUSIVE`], `PermissionDenied`, ...
    ///
    /// # Examples
    ///
    /// ```
    /// use jeton::file::{OpenFlags, StreamFile};
    /// use jeton::IoContext;
    ///
    /// let ctx = IoContext::new()?;
    /// let missing = std::env::temp_dir().join("jeton-doc-no-such-file");
    /// let e = StreamFile::open(&ctx.executor(), &missing, OpenFlags::READ_ONLY).unwrap_err();
    /// assert_eq!(e.kind(), std::io::ErrorKind::NotFound);
    /// # Ok::<(), std::io::Error>(())
    /// ```
    pub fn open(ex: &Executor, path: impl AsRef<Path>, flags: OpenFlags) -> io::Result<Self> {
        Ok(IoObject::from_core(FileCore::open(
            ex,
            path.as_ref(),
            flags,
        )?))
    }

    /// Makes a file object that owns `file` (Asio's `assign`), on the context of `ex`. Writes
    /// of a stream file go to its position (0), not to the end, unless `append` says the file
    /// was opened in append mode.
    ///
    /// # Examples
    ///
    /// ```
    /// use jeton::file::RandomAccessFile;
    /// use jeton::IoContext;
    ///
    /// let path = std::env::temp_dir().join(format!("jeton-doc-std-{}", std::process::id()));
    /// std::fs::write(&path, b"std")?;
    /// let ctx = IoContext::new()?;
    /// let file = RandomAccessFile::from_std(&ctx.executor(), std::fs::File::open(&path)?, false);
    /// assert_eq!(file.size()?, 3);
    /// # std::fs::remove_file(&path)?;
    /// # Ok::<(), std::io::Error>(())
    /// ```
    pub fn from_std(ex: &Executor, file: File, append: bool) -> Self {
        IoObject::from_core(FileCore::new(ex, file, append))
    }
}

impl<K: FileKind, O: Ownership> IoObject<FileCore<K>, O> {
    /// Returns the size of the file in bytes (Asio's `size`).
    ///
    /// # Errors
    ///
    /// [`error::bad_descriptor`](crate::error::bad_descriptor) if the file is closed, or the
    /// system's error.
    ///
    /// # Examples
    ///
    /// See [`resize`](IoObject::resize).
    pub fn size(&self) -> io::Result<u64> {
        self.core().with(|f| Ok(f.metadata()?.len()))
    }

    /// Truncates or extends the file to `n` bytes (Asio's `resize`); new bytes read as zeroes.
    /// A stream file's position does not move.
    ///
    /// # Errors
    ///
    /// [`error::bad_descriptor`](crate::error::bad_descriptor) if the file is closed, or the
    /// system's error (`EINVAL` for a file not open for writing).
    ///
    /// # Examples
    ///
    /// ```
    /// use jeton::file::{OpenFlags, RandomAccessFile};
    /// use jeton::IoContext;
    ///
    /// let path = std::env::temp_dir().join(format!("jeton-doc-resize-{}", std::process::id()));
    /// let ctx = IoContext::new()?;
    /// let flags = OpenFlags::READ_WRITE | OpenFlags::CREATE | OpenFlags::TRUNCATE;
    /// let file = RandomAccessFile::open(&ctx.executor(), &path, flags)?;
    /// file.resize(4096)?;
    /// assert_eq!(file.size()?, 4096);
    /// file.resize(10)?;
    /// assert_eq!(file.size()?, 10);
    /// # std::fs::remove_file(&path)?;
    /// # Ok::<(), std::io::Error>(())
    /// ```
    pub fn resize(&self, n: u64) -> io::Result<()> {
        self.core().with(|f| f.set_len(n))
    }

    /// Flushes the file's data and metadata to the device (`fsync(2)`, Asio's `sync_all`). It
    /// runs on the calling thread, as in Asio.
    ///
    /// # Errors
    ///
    /// [`error::bad_descriptor`](crate::error::bad_descriptor) if the file is closed, or the
    /// system's error.
    ///
    /// # Examples
    ///
    /// ```
    /// use jeton::file::{OpenFlags, StreamFile};
    /// use jeton::IoContext;
    ///
    /// let path = std::env::temp_dir().join(format!("jeton-doc-sync-{}", std::process::id()));
    /// let ctx = IoContext::new()?;
    /// let file = StreamFile::open(&ctx.executor(), &path, OpenFlags::WRITE_ONLY | OpenFlags::CREATE)?;
    /// file.write_some(b"durable")?;
    /// file.sync_all()?;
    /// file.sync_data()?;
    /// # std::fs::remove_file(&path)?;
    /// # Ok::<(), std::io::Error>(())
    /// ```
    pub fn sync_all(&self) -> io::Result<()> {
        self.core().with(File::sync_all)
    }

    /// Flushes the file's data, and only the metadata needed to read it back, to the device
    /// (`fdatasync(2)`, Asio's `sync_data`). It runs on the calling thread.
    ///
    /// # Errors
    ///
    /// As [`sync_all`](IoObject::sync_all).
    ///
    /// # Examples
    ///
    /// See [`sync_all`](IoObject::sync_all).
    pub fn sync_data(&self) -> io::Result<()> {
        self.core().with(File::sync_data)
    }

    /// Returns the file's descriptor (Asio's `native_handle`); the file still owns it.
    ///
    /// # Errors
    ///
    /// [`error::bad_descriptor`](crate::error::bad_descriptor) if the file is closed.
    ///
    /// # Examples
    ///
    /// ```
    /// use jeton::file::{OpenFlags, StreamFile};
    /// use jeton::IoContext;
    ///
    /// let path = std::env::temp_dir().join(format!("jeton-doc-fd-{}", std::process::id()));
    /// let ctx = IoContext::new()?;
    /// let file = StreamFile::open(&ctx.executor(), &path, OpenFlags::WRITE_ONLY | OpenFlags::CREATE)?;
    /// assert!(file.native_handle()? >= 0);
    /// file.close();
    /// assert!(jeton::error::is_bad_descriptor(&file.native_handle().unwrap_err()));
    /// # std::fs::remove_file(&path)?;
    /// # Ok::<(), std::io::Error>(())
    /// ```
    pub fn native_handle(&self) -> io::Result<RawFd> {
        self.core().with(|f| Ok(f.as_raw_fd()))
    }

    /// Takes the file out of the object without closing it (Asio's `release`): pending
    /// operations complete with [`error::aborted`](crate::error::aborted), the object is
    /// closed, and the caller owns the returned file. It waits for a system call in progress on
    /// the file (one running on a helper thread finishes first).
    ///
    /// # Errors
    ///
    /// [`error::bad_descriptor`](crate::error::bad_descriptor) if the file is closed.
    ///
    /// # Examples
    ///
    /// ```
    /// use jeton::file::{OpenFlags, StreamFile};
    /// use jeton::IoContext;
    /// use std::io::Read;
    ///
    /// let path = std::env::temp_dir().join(format!("jeton-doc-rel-{}", std::process::id()));
    /// std::fs::write(&path, b"kept open")?;
    /// let ctx = IoContext::new()?;
    /// let file = StreamFile::open(&ctx.executor(), &path, OpenFlags::READ_ONLY)?;
    /// let mut std_file = file.release()?;
    /// assert!(!file.is_open());
    /// let mut s = String::new();
    /// std_file.read_to_string(&mut s)?;
    /// assert_eq!(s, "kept open");
    /// # std::fs::remove_file(&path)?;
    /// # Ok::<(), std::io::Error>(())
    /// ```
    pub fn release(&self) -> io::Result<File> {
        self.core().take().ok_or_else(crate::error::bad_descriptor)
    }
}
