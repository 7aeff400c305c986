//! `Interest`: what a blocking-mode wait waits for on one descriptor.

use rustix::event::PollFlags;

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
    pub(super) fn poll_flags(self) -> PollFlags {
        match self {
            Interest::Read => PollFlags::IN,
            Interest::Write => PollFlags::OUT,
            Interest::Error => PollFlags::PRI,
        }
    }

    /// The `poll(2)` results that satisfy this interest: what was asked for, or an error or a
    /// hang-up (after which the call the caller is about to make does not block either).
    pub(super) fn satisfied_by(self, revents: PollFlags) -> bool {
        revents.intersects(self.poll_flags() | PollFlags::ERR | PollFlags::HUP | PollFlags::NVAL)
    }
}
