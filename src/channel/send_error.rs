//! `SendError`: a send that failed, with the value it did not deliver.

use std::fmt;
use std::io;

/// The error of a send that did not deliver its value: why, and the value, handed back so that
/// nothing is lost.
///
/// [`error()`](SendError::error) says why:
/// - [`error::is_channel_closed`](crate::error::is_channel_closed): the channel is closed;
/// - [`error::is_channel_cancelled`](crate::error::is_channel_cancelled) (also
///   [`is_aborted`](crate::error::is_aborted)): the channel's `cancel()` or `reset()`, or a
///   per-operation cancellation, stopped the pending send;
/// - [`WouldBlock`](io::ErrorKind::WouldBlock), from `try_send` only: no receiver waits and the
///   buffer is full (Asio's `try_send` returning `false`);
/// - [`error::is_shut_down`](crate::error::is_shut_down): the channel's context was dropped.
///
/// It converts into the `io::Error` (dropping the value), so `?` works in a function that
/// returns `io::Result`.
///
/// # Examples
///
/// ```
/// use jeton::{channel::Channel, error, IoContext};
///
/// let io = IoContext::new()?;
/// let ch = Channel::new(&io.executor(), 1);
/// ch.try_send("first")?;
/// let e = ch.try_send("second").unwrap_err(); // full
/// assert_eq!(e.error().kind(), std::io::ErrorKind::WouldBlock);
/// assert_eq!(e.into_value(), "second");
/// ch.close();
/// assert!(error::is_channel_closed(ch.try_send("third").unwrap_err().error()));
/// # Ok::<(), std::io::Error>(())
/// ```
pub struct SendError<T> {
    error: io::Error,
    value: T,
}

impl<T> SendError<T> {
    pub(super) fn new(error: io::Error, value: T) -> SendError<T> {
        SendError { error, value }
    }

    /// Returns why the send failed.
    pub fn error(&self) -> &io::Error {
        &self.error
    }

    /// Returns the value that was not delivered.
    pub fn value(&self) -> &T {
        &self.value
    }

    /// Returns the value that was not delivered, dropping the error.
    pub fn into_value(self) -> T {
        self.value
    }

    /// Returns the error and the value.
    ///
    /// # Examples
    ///
    /// ```
    /// use jeton::{channel::Channel, error, IoContext};
    ///
    /// let io = IoContext::new()?;
    /// let ch = Channel::new(&io.executor(), 1);
    /// ch.close();
    /// let (e, value) = ch.try_send(vec![1, 2, 3]).unwrap_err().into_parts();
    /// assert!(error::is_channel_closed(&e));
    /// assert_eq!(value, [1, 2, 3]); // nothing is lost
    /// # Ok::<(), std::io::Error>(())
    /// ```
    pub fn into_parts(self) -> (io::Error, T) {
        (self.error, self.value)
    }
}

impl<T> fmt::Debug for SendError<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("SendError")
            .field("error", &self.error)
            .finish_non_exhaustive()
    }
}

impl<T> fmt::Display for SendError<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "send failed: {}", self.error)
    }
}

impl<T> std::error::Error for SendError<T> {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        Some(&self.error)
    }
}

impl<T> From<SendError<T>> for io::Error {
    fn from(e: SendError<T>) -> io::Error {
        e.error
    }
}
