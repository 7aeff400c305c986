//! `Interest`: what a blocking-mode wait waits for on one descriptor.

/// Readiness interest for one descriptor in a blocking-mode wait.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Interest {
    Read,
    Write,
    /// An exceptional condition: priority data (`POLLPRI`), an error or a hang-up.
    Error,
}

impl Interest {
    /// The `poll(2)` events this interest asks for.
    pub(super) fn poll_events(self) -> libc::c_short {
        match self {
            Interest::Read => libc::POLLIN,
            Interest::Write => libc::POLLOUT,
            Interest::Error => libc::POLLPRI,
        }
    }

    /// The `poll(2)` results that satisfy this interest: what was asked for, or an error or a
    /// hang-up (after which the call the caller is about to make does not block either).
    pub(super) fn satisfied_by(self, revents: libc::c_short) -> bool {
        revents & (self.poll_events() | libc::POLLERR | libc::POLLHUP | libc::POLLNVAL) != 0
    }
}
