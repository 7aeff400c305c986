//! Queries on a descriptor.

use std::io;
use std::os::fd::{AsFd, AsRawFd, RawFd};

use super::interest::Interest;

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

/// Returns whether the descriptor is writable now (`poll(2)` for `POLLOUT` with no timeout):
/// how a connection in progress is told from one that has finished, successfully or not, as
/// Asio's `non_blocking_connect` does (readiness notifications may be stale).
pub(crate) fn is_writable_now(fd: &impl AsFd) -> io::Result<bool> {
    is_ready_now(fd.as_fd().as_raw_fd(), Interest::Write)
}

/// Returns whether `fd` is ready for `interest` now (`poll(2)` with no timeout): the call the
/// caller is about to make would not block, or an error or hang-up is pending on it.
pub(crate) fn is_ready_now(fd: RawFd, interest: Interest) -> io::Result<bool> {
    let mut pollfd = libc::pollfd {
        fd,
        events: interest.poll_events(),
        revents: 0,
    };
    loop {
        // SAFETY: `pollfd` is a valid, initialised local for the duration of the call; poll(2)
        // only reads the descriptor number (a closed one is reported as POLLNVAL, not UB).
        let rc = unsafe { libc::poll(&mut pollfd, 1, 0) };
        if rc >= 0 {
            return Ok(rc > 0 && interest.satisfied_by(pollfd.revents));
        }
        let err = io::Error::last_os_error();
        if err.kind() != io::ErrorKind::Interrupted {
            return Err(err);
        }
    }
}
