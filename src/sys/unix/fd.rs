//! Queries on a descriptor.

use std::io;
use std::os::fd::{AsFd, AsRawFd};

/// Returns how many bytes can be read without blocking (Asio's `bytes_readable`, `FIONREAD`).
pub(crate) fn bytes_readable(fd: &impl AsFd) -> io::Result<usize> {
    let mut n: libc::c_int = 0;
    // SAFETY: FIONREAD writes one `c_int` through the pointer, which points to the live local
    // `n`; the descriptor is borrowed, so it stays open during the call.
    let rc = unsafe { libc::ioctl(fd.as_fd().as_raw_fd(), libc::FIONREAD, &mut n) };
    if rc < 0 {
        return Err(io::Error::last_os_error());
    }
    Ok(usize::try_from(n).unwrap_or(0))
}
