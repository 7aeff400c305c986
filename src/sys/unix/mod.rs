//! Unix backend: a pipe notifier, `poll(2)`, `getaddrinfo(3)`, descriptor queries and socket
//! system calls.
#![allow(unsafe_code)]

mod addrinfo;
mod fd;
mod notifier;
mod socket;
mod wait;

pub(crate) use addrinfo::{getaddrinfo, resolve_flags};
pub(crate) use fd::{bytes_readable, is_writable_now};
pub(crate) use notifier::Notifier;
pub(crate) use socket::{accept, recv, recv_from, send, send_to, send_vectored};
pub(crate) use wait::wait;

/// Error codes the crate creates or recognises.
pub(crate) mod errno {
    pub(crate) const ECANCELED: i32 = libc::ECANCELED;
    pub(crate) const ETIMEDOUT: i32 = libc::ETIMEDOUT;
    pub(crate) const EBADF: i32 = libc::EBADF;
    pub(crate) const EINPROGRESS: i32 = libc::EINPROGRESS;
    pub(crate) const ECONNABORTED: i32 = libc::ECONNABORTED;
}

/// Readiness interest for one descriptor in a blocking-mode wait.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Interest {
    Read,
    Write,
}
