//! Queries on a descriptor.

use std::io;
use std::os::fd::{AsFd, AsRawFd, BorrowedFd, RawFd};

use rustix::event::PollFd;

use super::interest::Interest;

/// Returns how many bytes can be read without blocking (Asio's `bytes_readable`, `FIONREAD`).
pub(crate) fn bytes_readable(fd: &impl AsFd) -> io::Result<usize> {
    let n = rustix::io::ioctl_fionread(fd)?;
    Ok(usize::try_from(n).unwrap_or(usize::MAX))
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
    // SAFETY: the caller's I/O object holds `fd` open for the call; poll(2) only reads the
    // number (a descriptor closed meanwhile is reported as POLLNVAL, which is "ready": the
    // caller's next call then fails with EBADF).
    let fd = unsafe { BorrowedFd::borrow_raw(fd) };
    let zero = rustix::event::Timespec {
        tv_sec: 0,
        tv_nsec: 0,
    };
    loop {
        let mut pollfd = [PollFd::new(&fd, interest.poll_flags())];
        match rustix::event::poll(&mut pollfd, Some(&zero)) {
            Ok(n) => return Ok(n > 0 && interest.satisfied_by(pollfd[0].revents())),
            Err(rustix::io::Errno::INTR) => continue,
            Err(e) => return Err(e.into()),
        }
    }
}
