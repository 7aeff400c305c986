//! Unix backend: an eventfd notifier, `poll(2)`, socket calls, `getaddrinfo(3)`, descriptor
//! queries and `open(2)` for files.
#![allow(unsafe_code)]

mod addrinfo;
pub(crate) mod errno;
mod fd;
mod file;
mod interest;
mod notifier;
mod socket;
mod wait;

pub(crate) use addrinfo::{getaddrinfo, resolve_flags};
pub(crate) use fd::{bytes_readable, is_writable_now};
pub(crate) use file::{open_file, open_flags};
pub(crate) use interest::Interest;
pub(crate) use notifier::Notifier;
pub(crate) use socket::{accept, recv, recv_from, send, send_to, send_vectored};
pub(crate) use wait::wait;
