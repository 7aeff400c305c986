//! # Add a timeout
//!
//! Wrap the token of any operation in [`cancel_after(duration, token)`](crate::cancel_after)
//! (or [`cancel_at(deadline, token)`](crate::cancel_at)), as Asio's `cancel_after`. When the
//! time is up the operation is asked to stop (a terminal cancellation by default; choose
//! another with [`.cancellation_type(..)`](crate::CancelAfter::cancellation_type)) and
//! completes with an error for which [`error::is_aborted`](crate::error::is_aborted) is true.
//! A composed operation (`read`, `write`, `read_until`, connect over a list) reports what it
//! moved before the timeout: [`io::transferred`](crate::io::transferred) of the error.
//!
//! ## With `Blocking`: a deadline on a synchronous call
//!
//! ```
//! use jeton::net::unix;
//! use jeton::{cancel_after, error, io, Blocking, IoContext};
//! use std::time::Duration;
//!
//! # fn main() -> std::io::Result<()> {
//! let io_context = IoContext::new()?;
//! let (a, b) = unix::connect_pair(&io_context.executor())?;
//! a.write_some(b"abc")?; // 3 of the 8 bytes the read waits for
//! let mut buf = [0u8; 8];
//! let e = io::async_read(&b, &mut buf[..], cancel_after(Duration::from_millis(20), Blocking))
//!     .unwrap_err();
//! assert!(error::is_aborted(&e));
//! assert_eq!(io::transferred(&e), 3); // Nothing is lost: the 3 bytes are in `buf`.
//! assert_eq!(&buf[..3], b"abc");
//! # Ok(()) }
//! ```
//!
//! `examples/blocking_tcp_client.rs` gives its `connect`, `read_until` and `write` a deadline
//! each this way (Asio's `timeouts/blocking_tcp_client.cpp`).
//!
//! ## With a closure or a future
//!
//! The same adapter wraps any token. With a closure the handler gets the result (and the
//! owned buffer back); with [`UseFuture`](crate::UseFuture) the future yields it:
//!
//! ```
//! use jeton::net::unix;
//! use jeton::{cancel_after, error, IoContext, UseFuture};
//! use std::time::Duration;
//!
//! # fn main() -> std::io::Result<()> {
//! let io_context = IoContext::new()?;
//! let (_a, b) = unix::connect_pair(&io_context.executor())?;
//! b.async_read_some(
//!     vec![0u8; 64],
//!     cancel_after(
//!         Duration::from_millis(20),
//!         |(r, _buf): (std::io::Result<usize>, Vec<u8>)| {
//!             assert!(r.is_err_and(|e| error::is_aborted(&e)));
//!         },
//!     ),
//! );
//! io_context.run(); // Returns once the handler has run.
//!
//! let mut buf = [0u8; 64];
//! let r = io_context.block_on(
//!     b.async_read_some(&mut buf[..], cancel_after(Duration::from_millis(20), UseFuture)),
//! );
//! assert!(r.is_err_and(|e| error::is_aborted(&e)));
//! # Ok(()) }
//! ```
//!
//! A future can also be bounded by another library's timer (`tokio::time::timeout`, ...):
//! that drops the operation, which is cancelled too, but a composed operation dropped that
//! way cannot report what it moved. `cancel_after` can.
//!
//! ## A timer of your own
//!
//! [`cancel_after_timer(&timer, duration, token)`](crate::cancel_after_timer) uses a timer
//! you provide (Asio's `cancel_after(timer, duration, token)`), for example one timer reused
//! by every read of a connection.
//!
//! ## An idle timeout: a deadline pushed back by each read
//!
//! Asio's `timeouts/` examples keep one deadline timer per connection: each read moves the
//! expiry forward, and a second handler closes the socket when the timer really expires.
//! `examples/echo/stackful.rs` does exactly that with two coroutines: the reader calls
//! [`expires_after`](crate::SteadyTimer::expires_after) before each read (which aborts the
//! watcher's wait), and the watcher closes the socket only if, when its wait ends, the
//! [`expiry`](crate::SteadyTimer::expiry) has passed.
