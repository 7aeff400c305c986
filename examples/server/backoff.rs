//! What the echo and chat servers do when an accept fails, shared through
//! `#[path = "server/backoff.rs"] mod backoff;`.
//!
//! An accept fails for a reason that usually lasts: at the descriptor limit (`EMFILE`,
//! `ENFILE`) or out of memory, the connection stays in the listen queue and the next accept
//! fails the same way at once. A server that logs and accepts again at once spins at 100 %
//! CPU and prints hundreds of thousands of lines a second, and on a one-thread context it
//! leaves the sessions that would free descriptors little time to run. So each server waits
//! [`ACCEPT_BACKOFF`] (a timer, or a sleep in the blocking style), logging one line per
//! back-off, then accepts again; the connections already accepted are served meanwhile.
//! Errors about one connection only (`ECONNABORTED`) get the same short pause: it costs one
//! back-off, and it keeps the loop simple.

use std::io;
use std::time::Duration;

/// How long a server waits after a failed accept before it accepts again.
pub const ACCEPT_BACKOFF: Duration = Duration::from_millis(100);

/// Logs a failed accept, once per back-off: `accept: ERROR; retrying in 100 ms`.
pub fn log_accept_error(e: &io::Error) {
    eprintln!("accept: {e}; retrying in {} ms", ACCEPT_BACKOFF.as_millis());
}
