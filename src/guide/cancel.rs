//! # Cancel an operation
//!
//! jeton has Asio's three ways to stop an operation that is in flight. Each one completes the
//! operation's handler exactly once, with an error for which
//! [`error::is_aborted`](crate::error::is_aborted) is true (Asio's `operation_aborted`); the
//! handler is never dropped uncalled while the context lives.
//!
//! | to stop | call | Asio |
//! |---|---|---|
//! | every operation pending on an object | `obj.cancel()` (sockets, acceptors, timers, descriptors, signal sets, ...) | `cancel()` |
//! | every operation, and the object with them | `obj.close()` | `close()` |
//! | one operation | a [`CancellationSignal`](crate::CancellationSignal) bound to its token with [`bind_cancellation_slot`](crate::bind_cancellation_slot), or [`cancel_after`](crate::cancel_after) | `bind_cancellation_slot`, `cancel_after` |
//! | a future | drop it (with [`UseFuture`](crate::UseFuture)) | destroying the coroutine |
//!
//! ## All operations on an object
//!
//! `cancel()` works from any thread, and also interrupts a [`Blocking`](crate::Blocking) call
//! blocked in another thread. The object stays usable.
//!
//! ```
//! use jeton::net::unix;
//! use jeton::{error, IoContext};
//!
//! # fn main() -> std::io::Result<()> {
//! let io_context = IoContext::new()?;
//! let (a, b) = unix::connect_pair(&io_context.executor())?;
//! b.async_read_some(vec![0u8; 64], |(r, _buf): (std::io::Result<usize>, Vec<u8>)| {
//!     assert!(r.is_err_and(|e| error::is_aborted(&e)));
//! });
//! b.cancel();
//! io_context.run(); // The handler ran once, aborted.
//!
//! a.write_some(b"still works")?;
//! let mut buf = [0u8; 11];
//! jeton::io::read(&b, &mut buf[..])?;
//! # Ok(()) }
//! ```
//!
//! ## One operation, with a cancellation type
//!
//! A [`CancellationSignal`](crate::CancellationSignal) reaches only the operation its slot
//! is bound to. Its [`CancellationType`](crate::CancellationType) says what the caller
//! accepts: *terminal* (the object may be unusable after), *partial* (usable, some effects
//! may have happened), *total* (nothing happened). An operation ignores a type it cannot
//! honour: a composed read honours terminal and partial, reporting the bytes it moved
//! ([`io::transferred`](crate::io::transferred)), and ignores total, since it cannot unread
//! them. Each operation's docs say which types it honours.
//!
//! ```
//! use jeton::net::unix;
//! use jeton::{bind_cancellation_slot, error, io, CancellationSignal, CancellationType};
//! use jeton::{IoContext, UseFuture};
//!
//! # fn main() -> std::io::Result<()> {
//! let io_context = IoContext::new()?;
//! let (a, b) = unix::connect_pair(&io_context.executor())?;
//! a.write_some(b"abc")?;
//! let signal = CancellationSignal::new();
//! let mut buf = [0u8; 8];
//! let read = io::async_read(&b, &mut buf[..], bind_cancellation_slot(signal.slot(), UseFuture));
//! let r = io_context.block_on(async {
//!     let mut read = std::pin::pin!(read);
//!     assert!(futures::poll!(read.as_mut()).is_pending()); // It read 3 bytes and waits.
//!     signal.emit(CancellationType::PARTIAL);
//!     read.await
//! });
//! let e = r.unwrap_err();
//! assert!(error::is_aborted(&e));
//! assert_eq!(io::transferred(&e), 3);
//! # Ok(()) }
//! ```
//!
//! ## Several operations at once
//!
//! To run operations together and cancel the rest when one finishes (a read raced against a
//! timer, a connect against a shutdown signal), use a
//! [parallel group](crate::parallel_group): unlike `select!`, it reports every operation's
//! result, including the bytes a cancelled read had already moved.
