//! Unix backend: an eventfd notifier, `poll(2)`, `getaddrinfo(3)` and descriptor queries.
#![allow(unsafe_code)]

mod addrinfo;
mod fd;
mod notifier;
mod wait;

pub(crate) use addrinfo::getaddrinfo;
pub(crate) use fd::bytes_readable;
pub(crate) use notifier::Notifier;
pub(crate) use wait::wait;

/// Error codes the crate creates itself.
pub(crate) mod errno {
    pub(crate) const ECANCELED: i32 = libc::ECANCELED;
    pub(crate) const EMFILE: i32 = libc::EMFILE;
    pub(crate) const ETIMEDOUT: i32 = libc::ETIMEDOUT;
}

/// Readiness interest for one descriptor in a blocking-mode wait.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Interest {
    Read,
    Write,
}
