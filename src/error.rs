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
#[inline]
fn os_code(e: &io::Error) -> Option<i32> {
    // The usual case, a plain OS error, without the walk's dynamic downcast (a virtual call
    // per handler that checks `is_aborted`).
    if let Some(code) = e.raw_os_error() {
        return Some(code);
    }
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

/// Returns whether `e` is an end-of-stream error. A truncated TLS stream
/// ([`stream_truncated`]) is not one: its data may have been cut short by an attacker.
pub fn is_eof(e: &io::Error) -> bool {
    e.kind() == io::ErrorKind::UnexpectedEof && !is_stream_truncated(e)
}

/// Returns the error of a TLS stream whose peer closed the connection without sending
/// `close_notify` first (Asio's `ssl::error::stream_truncated`): whatever was read may be
/// incomplete, since anyone on the path can close a TCP connection.
///
/// Its kind is `UnexpectedEof`, as the Rust ecosystem reports it, but [`is_eof`] is false for
/// it: test it with [`is_stream_truncated`]. A peer that closes cleanly makes `read_some`
/// return 0 instead.
///
/// # Examples
///
/// ```
/// use jeton::error;
/// let e = error::stream_truncated();
/// assert!(error::is_stream_truncated(&e) && !error::is_eof(&e));
/// assert_eq!(e.kind(), std::io::ErrorKind::UnexpectedEof);
/// ```
pub fn stream_truncated() -> io::Error {
    io::Error::new(io::ErrorKind::UnexpectedEof, StreamTruncated)
}

/// Returns whether `e` says a TLS stream was truncated ([`stream_truncated`]).
pub fn is_stream_truncated(e: &io::Error) -> bool {
    payload::<StreamTruncated>(e).is_some()
}

/// The payload of [`stream_truncated`].
#[derive(Debug)]
struct StreamTruncated;

impl std::fmt::Display for StreamTruncated {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("the TLS peer closed the connection without close_notify (stream truncated)")
    }
}

impl std::error::Error for StreamTruncated {}

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

/// Returns the error of a wait that would never end: it was about to wait on a context that
/// is stopped, driven from outside that context (a future awaited on another executor, or
/// in a task of another context), so no thread would turn the context's reactor or timers
/// for it. It is an aborted error ([`is_aborted`] is true) that also says why
/// ([`is_not_running`]).
///
/// A context is stopped by `stop()`, or when a run call finds no work left: a thread that
/// called `run()` before the first wait began has returned already. Run the context on
/// threads that outlive the wait ([`IoContext::run_in_background`](crate::IoContext::run_in_background)),
/// await it with [`IoContext::block_on`](crate::IoContext::block_on), or create the I/O
/// object on the [`system_executor`](crate::system_executor), which always runs.
///
/// # Examples
///
/// ```
/// use jeton::{error, IoContext, SteadyTimer, UseFuture};
/// use std::time::Duration;
///
/// let io = IoContext::new()?;
/// io.run(); // no work: returns at once, and the context is stopped
/// let timer = SteadyTimer::with_duration(&io.executor(), Duration::from_millis(1));
/// let e = futures::executor::block_on(timer.async_wait(UseFuture)).unwrap_err();
/// assert!(error::is_not_running(&e) && error::is_aborted(&e));
/// # Ok::<(), std::io::Error>(())
/// ```
pub fn not_running() -> io::Error {
    aborted_because(Why::NotRunning)
}

/// Returns whether `e` says the operation would have waited on a stopped context
/// ([`not_running`]).
pub fn is_not_running(e: &io::Error) -> bool {
    is_aborted_because(e, Why::NotRunning)
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
    /// [`not_running`].
    NotRunning,
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
            Why::NotRunning => {
                "the IoContext is stopped and no thread runs it: the wait would never end \
                 (run it in the background, use IoContext::block_on, or jeton::system_executor())"
            }
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
