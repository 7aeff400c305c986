//! The tracked handler this thread is running, for handler tracking (`runtime::tracking`).

use std::cell::Cell;

thread_local! {
    /// The id of the handler this thread is running, for handler tracking (0: none). Set only
    /// while tracking is on (`runtime::tracking`).
    static HANDLER: Cell<u64> = const { Cell::new(0) };
}

/// Returns the id of the tracked handler this thread is running (0: none).
pub(crate) fn handler() -> u64 {
    HANDLER.with(Cell::get)
}

/// Makes `id` the tracked handler this thread is running; returns the one it replaces.
pub(crate) fn set_handler(id: u64) -> u64 {
    HANDLER.with(|h| h.replace(id))
}
