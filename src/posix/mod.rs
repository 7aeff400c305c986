//! POSIX descriptors (Asio's `posix::stream_descriptor`) and pipes (Asio's `readable_pipe`,
//! `writable_pipe`, `connect_pipe`).
//!
//! Every descriptor object is an [`IoObject`](crate::io::IoObject) over a
//! [`DescriptorCore<K>`]: an `OwnedFd` of kind `K` (sealed, [`kind`]) registered with its
//! context's reactor once, non-blocking while jeton owns it. The kind decides which half of
//! the stream surface the object gets: a [`StreamDescriptor`] reads and writes, a
//! [`ReadablePipe`] only reads, a [`WritablePipe`] only writes; the serial port
//! ([`SerialPort`](crate::serial::SerialPort)) is a fourth kind. The stream surface itself,
//! `async_wait`, `cancel`, `close` and `handle` are [`IoObject`](crate::io::IoObject)'s,
//! written once for sockets and descriptors alike; every operation takes a completion token.
//!
//! | who | methods |
//! |---|---|
//! | every descriptor object | `new` (adopt an `OwnedFd`), `release`, `native_handle`, `set_non_blocking`, `non_blocking`; `async_wait`, `wait` ([`WaitType`](crate::io::WaitType)); `executor`, `cancel`, `close`, `is_open`, `handle` |
//! | [`StreamDescriptor`], [`SerialPort`](crate::serial::SerialPort) | the whole stream surface (reads and writes) |
//! | [`ReadablePipe`] | the read surface |
//! | [`WritablePipe`] | the write surface |
//!
//! Regular files are accepted and performed at once, as Asio does: see
//! [`StreamDescriptor`]'s docs.

mod descriptor;
mod descriptor_core;
pub mod kind;
mod pipe;
mod stream_io;

pub use descriptor::StreamDescriptor;
pub use descriptor_core::DescriptorCore;
pub use pipe::{connect_pipe, ReadablePipe, WritablePipe};
