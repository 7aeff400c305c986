//! Where [`redirect_error`](crate::redirect_error) stores an error: a `&mut Option<io::Error>`,
//! or an [`ErrorSlot`] that a closure token's operation can own.

use std::fmt;
use std::io;
use std::sync::{Arc, Mutex, MutexGuard};

/// Somewhere to store the error of an operation (or `None` for a success). Implemented for
/// `&mut Option<io::Error>` and [`ErrorSlot`].
pub trait ErrorSink: Send {
    /// Stores the outcome: `Some(error)`, or `None` for a success.
    fn store(&mut self, error: Option<io::Error>);
}

impl ErrorSink for &mut Option<io::Error> {
    fn store(&mut self, error: Option<io::Error>) {
        **self = error;
    }
}

/// A shared place for an operation's error, for [`redirect_error`](crate::redirect_error) with
/// a closure token: the operation owns one clone and stores the outcome before the handler
/// runs; the handler (or anyone else) reads it through another.
///
/// Cheap to clone; every clone is the same slot.
///
/// # Examples
///
/// ```
/// use jeton::ErrorSlot;
/// let slot = ErrorSlot::new();
/// assert!(!slot.is_set());
/// assert!(slot.take().is_none());
/// ```
#[derive(Clone, Default)]
pub struct ErrorSlot(Arc<Mutex<Option<io::Error>>>);

impl ErrorSlot {
    /// Creates an empty slot.
    pub fn new() -> ErrorSlot {
        ErrorSlot::default()
    }

    /// Returns whether an error is stored.
    pub fn is_set(&self) -> bool {
        self.lock().is_some()
    }

    /// Takes the stored error, leaving the slot empty.
    pub fn take(&self) -> Option<io::Error> {
        self.lock().take()
    }

    fn lock(&self) -> MutexGuard<'_, Option<io::Error>> {
        self.0.lock().unwrap_or_else(|e| e.into_inner())
    }
}

impl ErrorSink for ErrorSlot {
    fn store(&mut self, error: Option<io::Error>) {
        *self.lock() = error;
    }
}

impl fmt::Debug for ErrorSlot {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_tuple("ErrorSlot").field(&*self.lock()).finish()
    }
}
