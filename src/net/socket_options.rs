//! Socket options and I/O controls shared by jeton's sockets.
//!
//! Options go through `socket2` on the open descriptor; a closed socket reports `EBADF`
//! (Asio's `bad_descriptor`).

use std::io;
use std::os::fd::{AsFd, AsRawFd};

use socket2::SockRef;

use crate::op::io_source::IoSource;

/// Runs `f` on the open socket of `src`, as a `socket2` reference.
///
/// # Errors
///
/// `EBADF` if the socket is closed, else whatever `f` returns.
pub(crate) fn with_sock<S, R>(
    src: &IoSource<S>,
    f: impl FnOnce(SockRef<'_>) -> io::Result<R>,
) -> io::Result<R>
where
    S: mio::event::Source + AsRawFd + AsFd,
{
    src.with(|s| f(SockRef::from(s)))
}

/// Returns how many bytes can be read without blocking (Asio's `bytes_readable`, `FIONREAD`).
#[allow(unsafe_code)]
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
