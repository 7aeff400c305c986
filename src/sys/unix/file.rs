//! `open(2)` with Asio's file flags.

use std::fs::File;
use std::io;
use std::path::Path;

use rustix::fs::{Mode, OFlags};

/// The bits of the file open flags (Asio's `file_base::flags`), mapped to `open(2)` flags here.
pub(crate) mod open_flags {
    pub(crate) const READ_ONLY: u32 = 1;
    pub(crate) const WRITE_ONLY: u32 = 2;
    pub(crate) const READ_WRITE: u32 = 4;
    pub(crate) const APPEND: u32 = 8;
    pub(crate) const CREATE: u32 = 16;
    pub(crate) const EXCLUSIVE: u32 = 32;
    pub(crate) const TRUNCATE: u32 = 64;
    pub(crate) const SYNC_ALL_ON_WRITE: u32 = 128;
}

/// Opens `path` with the [`open_flags`] `flags` (close-on-exec, mode `0o666` before the umask),
/// as Asio does: exactly one access mode, each other flag its `open(2)` flag.
///
/// # Errors
///
/// `InvalidInput` if `flags` has no access mode or more than one, else the system's error
/// (`NotFound`, `PermissionDenied`, `AlreadyExists` for `EXCLUSIVE`, ...).
pub(crate) fn open_file(path: &Path, flags: u32) -> io::Result<File> {
    use open_flags as f;
    let mut oflags = match flags & (f::READ_ONLY | f::WRITE_ONLY | f::READ_WRITE) {
        f::READ_ONLY => OFlags::RDONLY,
        f::WRITE_ONLY => OFlags::WRONLY,
        f::READ_WRITE => OFlags::RDWR,
        _ => {
            return Err(io::Error::new(
                io::ErrorKind::InvalidInput,
                "open flags need exactly one of READ_ONLY, WRITE_ONLY and READ_WRITE",
            ))
        }
    };
    let map = [
        (f::APPEND, OFlags::APPEND),
        (f::CREATE, OFlags::CREATE),
        (f::EXCLUSIVE, OFlags::EXCL),
        (f::TRUNCATE, OFlags::TRUNC),
        (f::SYNC_ALL_ON_WRITE, OFlags::SYNC),
    ];
    for (bit, o) in map {
        if flags & bit != 0 {
            oflags |= o;
        }
    }
    let fd = rustix::fs::open(path, oflags | OFlags::CLOEXEC, Mode::from_raw_mode(0o666))?;
    Ok(File::from(fd))
}
