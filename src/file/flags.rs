//! `OpenFlags`: how a file is opened (Asio's `file_base::flags`).

use crate::sys::open_flags as bits;

bitflags::bitflags! {
    /// How a file is opened (Asio's `file_base::flags`). Combine with `|`; exactly one of
    /// [`READ_ONLY`](OpenFlags::READ_ONLY), [`WRITE_ONLY`](OpenFlags::WRITE_ONLY) and
    /// [`READ_WRITE`](OpenFlags::READ_WRITE) must be given.
    ///
    /// Each flag is its `open(2)` flag: `O_RDONLY`, `O_WRONLY`, `O_RDWR`, `O_APPEND`,
    /// `O_CREAT`, `O_EXCL`, `O_TRUNC`, `O_SYNC`. A created file gets mode `0o666` less the
    /// process's umask, as `std::fs::File::create` gives.
    ///
    /// # Examples
    ///
    /// ```
    /// use jeton::file::{OpenFlags, StreamFile};
    /// use jeton::IoContext;
    ///
    /// let path = std::env::temp_dir().join(format!("jeton-doc-flags-{}", std::process::id()));
    /// let ctx = IoContext::new()?;
    /// let flags = OpenFlags::WRITE_ONLY | OpenFlags::CREATE | OpenFlags::EXCLUSIVE;
    /// let file = StreamFile::open(&ctx.executor(), &path, flags)?;
    /// drop(file);
    /// // Exclusive: a second create fails.
    /// let again = StreamFile::open(&ctx.executor(), &path, flags).unwrap_err();
    /// assert_eq!(again.kind(), std::io::ErrorKind::AlreadyExists);
    /// // No access mode: invalid.
    /// let bad = StreamFile::open(&ctx.executor(), &path, OpenFlags::CREATE).unwrap_err();
    /// assert_eq!(bad.kind(), std::io::ErrorKind::InvalidInput);
    /// # std::fs::remove_file(&path)?;
    /// # Ok::<(), std::io::Error>(())
    /// ```
    #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
    pub struct OpenFlags: u32 {
        /// Open for reading only.
        const READ_ONLY = bits::READ_ONLY;
        /// Open for writing only.
        const WRITE_ONLY = bits::WRITE_ONLY;
        /// Open for reading and writing.
        const READ_WRITE = bits::READ_WRITE;
        /// Every write goes to the end of the file (a stream file's writes; a random-access
        /// write at an offset still appends, as `O_APPEND` does on Linux).
        const APPEND = bits::APPEND;
        /// Create the file if it does not exist.
        const CREATE = bits::CREATE;
        /// With [`CREATE`](OpenFlags::CREATE): fail with `AlreadyExists` if the file exists.
        const EXCLUSIVE = bits::EXCLUSIVE;
        /// Truncate an existing file to length 0.
        const TRUNCATE = bits::TRUNCATE;
        /// Each write returns only once the data and metadata are on the device (`O_SYNC`).
        const SYNC_ALL_ON_WRITE = bits::SYNC_ALL_ON_WRITE;
    }
}
