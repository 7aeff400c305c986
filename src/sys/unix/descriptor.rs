//! Calls on any descriptor (pipes, ttys, eventfds, files, sockets): read, scatter read, write,
//! gather write, the
//! `O_NONBLOCK` flag, pipes, and opening a device. Made through `rustix`, safe calls with no
//! hand-written FFI.

use std::io::{self, IoSlice, IoSliceMut};
use std::os::fd::{AsFd, OwnedFd};
use std::path::Path;

use rustix::fs::{Mode, OFlags};
use rustix::pipe::PipeFlags;

/// Reads some bytes (`read(2)`).
pub(crate) fn read(fd: impl AsFd, buf: &mut [u8]) -> io::Result<usize> {
    Ok(rustix::io::read(fd, buf)?)
}

/// Reads some bytes into several buffers, filling each before the next (`readv(2)`; on a
/// socket, the same as `recvmsg(2)` with no flags).
pub(crate) fn read_vectored(fd: impl AsFd, bufs: &mut [IoSliceMut<'_>]) -> io::Result<usize> {
    Ok(rustix::io::readv(fd, bufs)?)
}

/// Writes some bytes (`write(2)`). A pipe whose reader has gone reports `EPIPE` (Rust
/// programs ignore `SIGPIPE`).
pub(crate) fn write(fd: impl AsFd, buf: &[u8]) -> io::Result<usize> {
    Ok(rustix::io::write(fd, buf)?)
}

/// Writes some bytes from several buffers (`writev(2)`).
pub(crate) fn write_vectored(fd: impl AsFd, bufs: &[IoSlice<'_>]) -> io::Result<usize> {
    Ok(rustix::io::writev(fd, bufs)?)
}

/// Returns whether `O_NONBLOCK` is set on the open file description of `fd`.
pub(crate) fn is_nonblocking(fd: impl AsFd) -> io::Result<bool> {
    Ok(rustix::fs::fcntl_getfl(fd)?.contains(OFlags::NONBLOCK))
}

/// Sets or clears `O_NONBLOCK` on the open file description of `fd` (shared with every
/// descriptor duplicated from it).
pub(crate) fn set_nonblocking(fd: impl AsFd, on: bool) -> io::Result<()> {
    let fd = fd.as_fd();
    let flags = rustix::fs::fcntl_getfl(fd)?;
    let next = if on {
        flags | OFlags::NONBLOCK
    } else {
        flags - OFlags::NONBLOCK
    };
    if next != flags {
        rustix::fs::fcntl_setfl(fd, next)?;
    }
    Ok(())
}

/// Makes a pipe, both ends non-blocking and close-on-exec: `(read end, write end)`.
pub(crate) fn pipe() -> io::Result<(OwnedFd, OwnedFd)> {
    Ok(rustix::pipe::pipe_with(
        PipeFlags::NONBLOCK | PipeFlags::CLOEXEC,
    )?)
}

/// Duplicates `fd` (close-on-exec): a second descriptor for the same open file description.
pub(crate) fn dup(fd: impl AsFd) -> io::Result<OwnedFd> {
    Ok(rustix::io::fcntl_dupfd_cloexec(fd, 0)?)
}

/// Opens the device at `path` for reading and writing, non-blocking, close-on-exec, and
/// without making it the controlling terminal (how a serial port is opened).
pub(crate) fn open_device(path: &Path) -> io::Result<OwnedFd> {
    let flags = OFlags::RDWR | OFlags::NOCTTY | OFlags::NONBLOCK | OFlags::CLOEXEC;
    Ok(rustix::fs::open(path, flags, Mode::empty())?)
}
