//! Unix backend: an eventfd notifier, `poll(2)`, socket calls, `getaddrinfo(3)`, descriptor
//! queries, `open(2)` for files, signals, terminal attributes and child processes.
#![allow(unsafe_code)]

mod addrinfo;
mod descriptor;
pub(crate) mod errno;
mod fd;
mod file;
mod interest;
mod notifier;
mod process;
pub(crate) mod signal;
mod socket;
mod termios;
mod wait;

pub(crate) use addrinfo::{getaddrinfo, resolve_flags};
pub(crate) use descriptor::{
    is_nonblocking, open_device, pipe, read, read_vectored, set_nonblocking, write, write_vectored,
};
pub(crate) use fd::{bytes_readable, is_ready_now, is_writable_now};
pub(crate) use file::{open_file, open_flags};
pub(crate) use interest::Interest;
pub(crate) use notifier::Notifier;
pub(crate) use process::{kill, pidfd_open, pidfd_send_signal, SIGKILL};
pub(crate) use socket::{accept, recv, recv_from, send, send_to, send_vectored};
pub(crate) use termios::{send_break, Termios};
pub(crate) use wait::wait;
