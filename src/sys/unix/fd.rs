//! Queries on a descriptor.

use std::io;
use std::os::fd::AsFd;

use rustix::event::{PollFd, PollFlags};

/// Returns how many bytes can be read without blocking (Asio's `bytes_readable`, `FIONREAD`).
pub(crate) fn bytes_readable(fd: &impl AsFd) -> io::Result<usize> {
    let n = rustix::io::ioctl_fionread(fd)?;
    Ok(usize::try_from(n).unwrap_or(usize::MAX))
}

/// Returns whether the descriptor is writable now (`poll(2)` for `POLLOUT` with no timeout):
/// how a connection in progress is told from one that has finished, successfully or not, as
/// Asio's `non_blocking_connect` does (readiness notifications may be stale).
pub(crate) fn is_writable_now(fd: &impl AsFd) -> io::Result<bool> {
    let zero = rustix::event::Timespec {
        tv_sec: 0,
        tv_nsec: 0,
    };
    loop {
        let mut pollfd = [PollFd::new(fd, PollFlags::OUT)];
        match rustix::event::poll(&mut pollfd, Some(&zero)) {
            Ok(n) => return Ok(n > 0),
            Err(rustix::io::Errno::INTR) => continue,
            Err(e) => return Err(e.into()),
        }
    }
}
