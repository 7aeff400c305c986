//! `Notifier`: a wake-up descriptor one thread waits on and any thread signals (an eventfd on
//! Linux: one descriptor; a pipe elsewhere).

use std::io;
use std::os::fd::{AsFd, BorrowedFd, OwnedFd};
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
            use rustix::event::{eventfd, EventfdFlags};
            let read = eventfd(0, EventfdFlags::NONBLOCK | EventfdFlags::CLOEXEC)?;
            Ok(Notifier {
                read,
                write: None,
                notified: AtomicBool::new(false),
            })
        }
        #[cfg(not(any(target_os = "linux", target_os = "android")))]
        {
            use rustix::pipe::{pipe_with, PipeFlags};
            let (read, write) = pipe_with(PipeFlags::NONBLOCK | PipeFlags::CLOEXEC)?;
            Ok(Notifier {
                read,
                write: Some(write),
                notified: AtomicBool::new(false),
            })
        }
    }

    /// Returns the descriptor the waiting thread polls.
    pub(super) fn fd(&self) -> BorrowedFd<'_> {
        self.read.as_fd()
    }

    /// Wakes the thread waiting on this notifier (or makes its next wait return at once).
    pub(crate) fn notify(&self) {
        if !self.notified.swap(true, Ordering::AcqRel) {
            let fd = self.write.as_ref().unwrap_or(&self.read);
            // A full pipe or counter (EAGAIN) already means a wake-up is pending: the result
            // may be ignored.
            let _ = rustix::io::write(fd, &1u64.to_ne_bytes());
        }
    }

    /// Returns whether a notification arrived since the last call, and drains the descriptor.
    pub(crate) fn take(&self) -> bool {
        if !self.notified.swap(false, Ordering::AcqRel) {
            return false;
        }
        let mut buf = [0u8; 64];
        while matches!(rustix::io::read(&self.read, &mut buf), Ok(n) if n > 0) {}
        true
    }
}
