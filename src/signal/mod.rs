//! Signals (Asio's `signal_set`): [`SignalSet`], waiting for signals in every token style.
//!
//! The signal numbers most programs wait for are here as constants; any other catchable
//! signal number (`libc::SIGRTMIN() + n`, ...) works too.
//!
//! | Asio | jeton |
//! |---|---|
//! | `signal_set(ctx, SIGINT, SIGTERM)` | [`SignalSet::new(&ex, &[SIGINT, SIGTERM])`](SignalSet::new) |
//! | `add`, `remove`, `clear`, `cancel` | [`add`](SignalSet::add), [`remove`](SignalSet::remove), [`clear`](SignalSet::clear), [`cancel`](SignalSet::cancel) |
//! | `async_wait(token)`, signature `void(error_code, int)` | [`async_wait(token)`](SignalSet::async_wait), completing with `io::Result<i32>`; [`wait`](SignalSet::wait) |

mod registry;
mod signal_set;
mod state;
mod wait;

pub use crate::sys::signal::numbers::{
    SIGALRM, SIGCHLD, SIGCONT, SIGHUP, SIGINT, SIGPIPE, SIGQUIT, SIGTERM, SIGTSTP, SIGUSR1,
    SIGUSR2, SIGWINCH,
};
pub use signal_set::SignalSet;
pub use wait::SignalWait;
