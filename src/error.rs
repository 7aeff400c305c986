//! The errors jeton creates itself, and predicates to recognise them.
//!
//! Every operation completes with an [`io::Error`]. The few errors that jeton makes on its own
//! (as opposed to passing on what the operating system said) come from the functions here, and
//! callers test for them with the matching predicate, as Asio users compare against
//! `asio::error::operation_aborted`.
//!
//! # Examples
//!
//! ```
//! use jeton::error;
//! let e = error::aborted();
//! assert!(error::is_aborted(&e));
//! assert!(!error::is_timed_out(&e));
//! ```

use std::io;

use crate::sys::errno;

/// Returns the OS error code of `e`, or of the error it wraps: composed operations wrap the
/// stream's error to carry a byte count ([`io::PartialError`](crate::io::PartialError)).
fn os_code(e: &io::Error) -> Option<i32> {
    let mut cur: Option<&(dyn std::error::Error + 'static)> = Some(e);
    while let Some(err) = cur {
        if let Some(code) = err
            .downcast_ref::<io::Error>()
            .and_then(io::Error::raw_os_error)
        {
            return Some(code);
        }
        cur = err.source();
    }
    None
}

/// Returns the error of an operation aborted by `cancel()`, `close()` or drop (`ECANCELED`).
pub fn aborted() -> io::Error {
    io::Error::from_raw_os_error(errno::ECANCELED)
}

/// Returns whether `e` says the operation was aborted (Asio's `operation_aborted`).
pub fn is_aborted(e: &io::Error) -> bool {
    os_code(e) == Some(errno::ECANCELED)
}

/// Returns the error of a deadline that passed (`ETIMEDOUT`), for I/O objects that report
/// timeouts themselves. (`cancel_after` reports [`aborted`], as Asio does.)
pub fn timed_out() -> io::Error {
    io::Error::from_raw_os_error(errno::ETIMEDOUT)
}

/// Returns whether `e` says a deadline passed.
pub fn is_timed_out(e: &io::Error) -> bool {
    os_code(e) == Some(errno::ETIMEDOUT) || e.kind() == io::ErrorKind::TimedOut
}

/// Returns the error of a stream that ended before the operation was satisfied (Asio's `eof`).
pub fn eof() -> io::Error {
    io::Error::from(io::ErrorKind::UnexpectedEof)
}

/// Returns whether `e` is an end-of-stream error.
pub fn is_eof(e: &io::Error) -> bool {
    e.kind() == io::ErrorKind::UnexpectedEof
}

/// Returns the error for "nothing to try" or "delimiter not found" (Asio's `not_found`).
pub fn not_found() -> io::Error {
    io::Error::from(io::ErrorKind::NotFound)
}

/// Returns whether `e` is a not-found error.
pub fn is_not_found(e: &io::Error) -> bool {
    e.kind() == io::ErrorKind::NotFound
}

/// Returns the error of an operation on a closed I/O object (`EBADF`, Asio's
/// `bad_descriptor`).
///
/// # Examples
///
/// ```
/// use jeton::{error, net::TcpSocket, IoContext};
///
/// let io = IoContext::new()?;
/// let closed = TcpSocket::new(&io.executor());
/// assert!(error::is_bad_descriptor(&closed.local_addr().unwrap_err()));
/// assert!(error::is_bad_descriptor(&error::bad_descriptor()));
/// # Ok::<(), std::io::Error>(())
/// ```
pub fn bad_descriptor() -> io::Error {
    io::Error::from_raw_os_error(errno::EBADF)
}

/// Returns whether `e` says the I/O object was closed (`EBADF`).
pub fn is_bad_descriptor(e: &io::Error) -> bool {
    os_code(e) == Some(errno::EBADF)
}

/// Returns whether `e` says a connection is being made in the background (`EINPROGRESS`
/// from a non-blocking `connect(2)`).
pub(crate) fn is_in_progress(e: &io::Error) -> bool {
    e.raw_os_error() == Some(errno::EINPROGRESS)
}

/// Returns whether `e` says a connection was aborted before it was accepted
/// (`ECONNABORTED` from `accept(2)`).
pub(crate) fn is_connection_aborted(e: &io::Error) -> bool {
    e.raw_os_error() == Some(errno::ECONNABORTED)
}

/// Returns the error of an operation whose context has been dropped: it was pending when the
/// `IoContext` was dropped, or started afterwards. It is an aborted error ([`is_aborted`] is
/// true: the operation was abandoned) that also says why ([`is_shut_down`]).
///
/// # Examples
///
/// ```
/// use jeton::error;
/// let e = error::shut_down();
/// assert!(error::is_aborted(&e) && error::is_shut_down(&e));
/// assert_eq!(e.to_string(), "the IoContext has been dropped");
/// ```
pub fn shut_down() -> io::Error {
    aborted_because(Why::ShutDown)
}

/// Returns whether `e` says the operation's context was dropped ([`shut_down`]).
pub fn is_shut_down(e: &io::Error) -> bool {
    is_aborted_because(e, Why::ShutDown)
}

/// Returns the payload of type `P` that `e`, or an error it wraps, carries.
fn payload<P: std::error::Error + 'static>(e: &io::Error) -> Option<&P> {
    let mut cur: Option<&(dyn std::error::Error + 'static)> = e.get_ref().map(|r| r as _);
    while let Some(err) = cur {
        if let Some(p) = err.downcast_ref::<P>() {
            return Some(p);
        }
        cur = err
            .downcast_ref::<io::Error>()
            .and_then(|e| e.get_ref().map(|r| r as _))
            .or_else(|| err.source());
    }
    None
}

/// Returns the error of a channel operation that cannot complete because the channel is closed
/// (Asio's `experimental::error::channel_closed`): a send on a closed channel, a receive on a
/// closed channel whose buffer is drained. Its kind is [`BrokenPipe`](io::ErrorKind::BrokenPipe).
///
/// # Examples
///
/// ```
/// use jeton::error;
/// let e = error::channel_closed();
/// assert!(error::is_channel_closed(&e) && !error::is_aborted(&e));
/// assert_eq!(e.to_string(), "the channel is closed");
/// ```
pub fn channel_closed() -> io::Error {
    io::Error::new(io::ErrorKind::BrokenPipe, ChannelClosed)
}

/// Returns whether `e` says the channel was closed ([`channel_closed`]).
pub fn is_channel_closed(e: &io::Error) -> bool {
    payload::<ChannelClosed>(e).is_some()
}

/// Returns the error of a channel operation that was cancelled (Asio's
/// `experimental::error::channel_cancelled`): by the channel's `cancel()` or `reset()`, by
/// dropping its last handle, or by a per-operation cancellation request. It is an aborted
/// error ([`is_aborted`] is true) that also says why ([`is_channel_cancelled`]).
///
/// # Examples
///
/// ```
/// use jeton::error;
/// let e = error::channel_cancelled();
/// assert!(error::is_aborted(&e) && error::is_channel_cancelled(&e));
/// assert!(!error::is_channel_cancelled(&error::aborted()));
/// ```
pub fn channel_cancelled() -> io::Error {
    aborted_because(Why::ChannelCancelled)
}

/// Returns whether `e` says the channel operation was cancelled ([`channel_cancelled`]).
pub fn is_channel_cancelled(e: &io::Error) -> bool {
    is_aborted_because(e, Why::ChannelCancelled)
}

/// Why an aborted error with an [`AbortedBecause`] payload was aborted.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Why {
    /// [`shut_down`].
    ShutDown,
    /// [`channel_cancelled`].
    ChannelCancelled,
}

/// The payload of an aborted error that also says why: the aborted error, and the reason.
#[derive(Debug)]
struct AbortedBecause {
    why: Why,
    cause: io::Error,
}

/// Returns an aborted error ([`is_aborted`] sees its cause) that says `why`.
fn aborted_because(why: Why) -> io::Error {
    let cause = aborted();
    io::Error::new(cause.kind(), AbortedBecause { why, cause })
}

/// Returns whether `e` is an aborted error that says `why`.
fn is_aborted_because(e: &io::Error, why: Why) -> bool {
    payload::<AbortedBecause>(e).is_some_and(|p| p.why == why)
}

impl std::fmt::Display for AbortedBecause {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self.why {
            Why::ShutDown => "the IoContext has been dropped",
            Why::ChannelCancelled => "the channel operation was cancelled",
        })
    }
}

impl std::error::Error for AbortedBecause {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        Some(&self.cause)
    }
}

/// The payload of [`channel_closed`].
#[derive(Debug)]
struct ChannelClosed;

impl std::fmt::Display for ChannelClosed {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("the channel is closed")
    }
}

impl std::error::Error for ChannelClosed {}
