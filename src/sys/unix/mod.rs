//! Unix backend: an eventfd notifier, `poll(2)`, `getaddrinfo(3)` and descriptor queries.
#![allow(unsafe_code)]

mod addrinfo;
pub(crate) mod errno;
mod fd;
mod interest;
mod notifier;
mod wait;

pub(crate) use addrinfo::getaddrinfo;
pub(crate) use fd::bytes_readable;
pub(crate) use interest::Interest;
pub(crate) use notifier::Notifier;
pub(crate) use wait::wait;
