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
