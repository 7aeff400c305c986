//! `Notifier`: a wake-up pipe one thread waits on and any thread signals.

use std::io;
use std::os::fd::{AsRawFd, FromRawFd, OwnedFd, RawFd};
use std::sync::atomic::{AtomicBool, Ordering};

/// A wake-up pipe for one waiting thread.
#[derive(Debug)]
pub(crate) struct Notifier {
    /// Read end, drained by the waiting thread only.
    pub(super) read: OwnedFd,
    /// Write end, written by any thread.
    write: OwnedFd,
    /// Set by `notify`, cleared by `take`; collapses repeated notifications into one byte.
    notified: AtomicBool,
}

impl Notifier {
    pub(crate) fn new() -> io::Result<Notifier> {
        let mut fds = [0 as RawFd; 2];
        // SAFETY: `fds` is a valid array of two descriptors for pipe2 to fill.
        let rc = unsafe { libc::pipe2(fds.as_mut_ptr(), libc::O_NONBLOCK | libc::O_CLOEXEC) };
        if rc != 0 {
            return Err(io::Error::last_os_error());
        }
        // SAFETY: pipe2 succeeded, so both descriptors are open and owned by nobody else.
        let (read, write) = unsafe { (OwnedFd::from_raw_fd(fds[0]), OwnedFd::from_raw_fd(fds[1])) };
        Ok(Notifier {
            read,
            write,
            notified: AtomicBool::new(false),
        })
    }

    /// Wakes the thread waiting on this notifier (or makes its next wait return at once).
    pub(crate) fn notify(&self) {
        if !self.notified.swap(true, Ordering::AcqRel) {
            let byte = 1u8;
            // SAFETY: writes one byte from a valid local to our own open pipe. A full pipe
            // (EAGAIN) already means a wake-up is pending, so the result can be ignored.
            unsafe { libc::write(self.write.as_raw_fd(), (&byte as *const u8).cast(), 1) };
        }
    }

    /// Returns whether a notification arrived since the last call, and drains the pipe.
    pub(crate) fn take(&self) -> bool {
        if !self.notified.swap(false, Ordering::AcqRel) {
            return false;
        }
        let mut buf = [0u8; 64];
        // SAFETY: reads into a valid local buffer from our own non-blocking pipe.
        while unsafe { libc::read(self.read.as_raw_fd(), buf.as_mut_ptr().cast(), buf.len()) } > 0 {
        }
        true
    }
}
