//! `Notifier`: a wake-up descriptor one thread waits on and any thread signals (an eventfd on
//! Linux: one descriptor; a pipe elsewhere).

use std::io;
use std::os::fd::{AsRawFd, BorrowedFd, FromRawFd, OwnedFd};
use std::sync::atomic::{AtomicBool, Ordering};

/// A wake-up descriptor for one waiting thread.
#[derive(Debug)]
pub(crate) struct Notifier {
    /// The descriptor the waiting thread polls and drains.
    read: OwnedFd,
    /// The descriptor other threads write to: the same eventfd, or a pipe's write end.
    write: Option<OwnedFd>,
    /// Set by `notify`, cleared by `take`; collapses repeated notifications into one write.
    notified: AtomicBool,
}

impl Notifier {
    /// Makes a notifier.
    ///
    /// # Errors
    ///
    /// The system's error, e.g. `EMFILE` when the process has no descriptor left.
    pub(crate) fn new() -> io::Result<Notifier> {
        #[cfg(any(target_os = "linux", target_os = "android"))]
        {
            // SAFETY: eventfd takes two integers and returns a new descriptor or -1.
            let fd = unsafe { libc::eventfd(0, libc::EFD_NONBLOCK | libc::EFD_CLOEXEC) };
            if fd < 0 {
                return Err(io::Error::last_os_error());
            }
            // SAFETY: eventfd succeeded: `fd` is open and owned by nobody else.
            let read = unsafe { OwnedFd::from_raw_fd(fd) };
            Ok(Notifier {
                read,
                write: None,
                notified: AtomicBool::new(false),
            })
        }
        #[cfg(not(any(target_os = "linux", target_os = "android")))]
        {
            let mut fds = [0 as std::os::fd::RawFd; 2];
            // SAFETY: `fds` is a valid array of two descriptors for pipe2 to fill.
            let rc = unsafe { libc::pipe2(fds.as_mut_ptr(), libc::O_NONBLOCK | libc::O_CLOEXEC) };
            if rc != 0 {
                return Err(io::Error::last_os_error());
            }
            // SAFETY: pipe2 succeeded, so both descriptors are open and owned by nobody else.
            let (read, write) =
                unsafe { (OwnedFd::from_raw_fd(fds[0]), OwnedFd::from_raw_fd(fds[1])) };
            Ok(Notifier {
                read,
                write: Some(write),
                notified: AtomicBool::new(false),
            })
        }
    }

    /// Returns the descriptor the waiting thread polls.
    pub(super) fn fd(&self) -> BorrowedFd<'_> {
        use std::os::fd::AsFd;
        self.read.as_fd()
    }

    /// Wakes the thread waiting on this notifier (or makes its next wait return at once).
    pub(crate) fn notify(&self) {
        if !self.notified.swap(true, Ordering::AcqRel) {
            let fd = self.write.as_ref().unwrap_or(&self.read).as_raw_fd();
            let one = 1u64;
            // SAFETY: writes 8 bytes from a valid local to our own open descriptor. A full
            // pipe or counter (EAGAIN) already means a wake-up is pending: the result may be
            // ignored.
            unsafe { libc::write(fd, (&one as *const u64).cast(), 8) };
        }
    }

    /// Returns whether a notification arrived since the last call, and drains the descriptor.
    pub(crate) fn take(&self) -> bool {
        if !self.notified.swap(false, Ordering::AcqRel) {
            return false;
        }
        let mut buf = [0u8; 64];
        // SAFETY: reads into a valid local buffer from our own non-blocking descriptor.
        while unsafe { libc::read(self.read.as_raw_fd(), buf.as_mut_ptr().cast(), buf.len()) } > 0 {
        }
        true
    }
}
