//! Unix backend: a pipe notifier and `poll(2)`.
#![allow(unsafe_code)]

use std::io;
use std::os::fd::{AsRawFd, FromRawFd, OwnedFd, RawFd};
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Instant;

/// Error codes the crate creates itself.
pub(crate) mod errno {
    pub(crate) const ECANCELED: i32 = libc::ECANCELED;
    pub(crate) const ETIMEDOUT: i32 = libc::ETIMEDOUT;
}

/// Readiness interest for one descriptor in a blocking-mode wait.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Interest {
    Read,
    Write,
}

/// A wake-up pipe for one waiting thread.
#[derive(Debug)]
pub(crate) struct Notifier {
    /// Read end, drained by the waiting thread only.
    read: OwnedFd,
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

/// Waits until one of `fds` is ready, `notifier` is signalled, or `deadline` passes.
pub(crate) fn wait(
    fds: &[(RawFd, Interest)],
    notifier: &Notifier,
    deadline: Option<Instant>,
) -> io::Result<()> {
    // On the stack for the usual few descriptors: a blocking wait allocates nothing.
    const INLINE: usize = 8;
    let mut inline = [libc::pollfd {
        fd: -1,
        events: 0,
        revents: 0,
    }; INLINE];
    let mut heap = Vec::new();
    let pollfds: &mut [libc::pollfd] = if fds.len() < INLINE {
        &mut inline[..fds.len() + 1]
    } else {
        heap.resize(
            fds.len() + 1,
            libc::pollfd {
                fd: -1,
                events: 0,
                revents: 0,
            },
        );
        &mut heap
    };
    for (slot, &(fd, interest)) in pollfds.iter_mut().zip(fds) {
        let events = match interest {
            Interest::Read => libc::POLLIN,
            Interest::Write => libc::POLLOUT,
        };
        *slot = libc::pollfd {
            fd,
            events,
            revents: 0,
        };
    }
    pollfds[fds.len()] = libc::pollfd {
        fd: notifier.read.as_raw_fd(),
        events: libc::POLLIN,
        revents: 0,
    };
    loop {
        let timeout = match deadline {
            None => -1,
            Some(d) => {
                let left = d.saturating_duration_since(Instant::now());
                // Round up so a wait never returns before the deadline.
                let ms = left.as_nanos().div_ceil(1_000_000);
                ms.min(i32::MAX as u128) as i32
            }
        };
        // SAFETY: `pollfds` is a valid, initialised slice for the duration of the call.
        let rc =
            unsafe { libc::poll(pollfds.as_mut_ptr(), pollfds.len() as libc::nfds_t, timeout) };
        if rc >= 0 {
            return Ok(());
        }
        let err = io::Error::last_os_error();
        if err.kind() != io::ErrorKind::Interrupted {
            return Err(err);
        }
    }
}
