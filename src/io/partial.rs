//! `PartialError`: how a composed operation that fails part-way reports the bytes it moved.

use std::error::Error;
use std::fmt;
use std::io;

/// The error of a composed operation that failed after moving some bytes: the stream's error
/// plus the count.
///
/// Composed operations complete with `io::Result<usize>`. When an error (or end of stream, or
/// a cancel) ends one after it has already transferred bytes, the `io::Error` wraps a
/// `PartialError`: it has the same [`kind()`](io::Error::kind), its message says how many bytes
/// moved, [`source()`](Error::source) is the stream's error, and the
/// [`error`](crate::error) predicates (`is_aborted`, `is_eof`, ...) see through it. When no
/// byte moved, the error is the stream's error as is. Read the count with [`transferred`].
///
/// # Examples
///
/// ```
/// use jeton::{error, io::PartialError};
/// let e = PartialError::wrap(error::eof(), 3);
/// assert_eq!(jeton::io::transferred(&e), 3);
/// assert!(error::is_eof(&e));
/// assert_eq!(e.to_string(), "unexpected end of file (after 3 bytes transferred)");
/// ```
#[derive(Debug)]
pub struct PartialError {
    error: io::Error,
    transferred: usize,
}

impl PartialError {
    /// Returns `error` with the count `transferred` attached, or `error` itself if
    /// `transferred` is 0.
    pub fn wrap(error: io::Error, transferred: usize) -> io::Error {
        if transferred == 0 {
            return error;
        }
        let kind = error.kind();
        io::Error::new(kind, PartialError { error, transferred })
    }

    /// Returns the number of bytes transferred before the error.
    pub fn transferred(&self) -> usize {
        self.transferred
    }

    /// Returns the stream's error.
    pub fn error(&self) -> &io::Error {
        &self.error
    }

    /// Returns the stream's error, dropping the count.
    ///
    /// # Examples
    ///
    /// ```
    /// use jeton::error;
    /// use jeton::io::PartialError;
    ///
    /// let e = PartialError::wrap(error::aborted(), 512);
    /// let partial = e.into_inner().unwrap().downcast::<PartialError>().unwrap();
    /// assert_eq!(partial.transferred(), 512);
    /// assert!(error::is_aborted(partial.error()));
    /// let inner: std::io::Error = partial.into_error(); // the stream's error, without the count
    /// assert!(error::is_aborted(&inner));
    /// ```
    pub fn into_error(self) -> io::Error {
        self.error
    }
}

impl fmt::Display for PartialError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{} (after {} bytes transferred)",
            self.error, self.transferred
        )
    }
}

impl Error for PartialError {
    fn source(&self) -> Option<&(dyn Error + 'static)> {
        Some(&self.error)
    }
}

/// Returns how many bytes a composed operation moved before failing with `e` (0 if `e` carries
/// no count).
///
/// # Examples
///
/// ```
/// use jeton::{error, io};
/// assert_eq!(io::transferred(&error::aborted()), 0);
/// ```
pub fn transferred(e: &io::Error) -> usize {
    e.get_ref()
        .and_then(|inner| inner.downcast_ref::<PartialError>())
        .map_or(0, PartialError::transferred)
}
