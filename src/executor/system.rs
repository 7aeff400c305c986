//! The system context: one process-wide context, run by background threads from its first
//! use until the process exits (Asio's `system_context`).

use std::sync::OnceLock;

use super::background::BackgroundRun;
use super::handle::Executor;
use super::io_context::IoContext;

/// The process-wide context and its threads. Never dropped (a static), so never stopped.
#[derive(Debug)]
struct SystemContext {
    io: IoContext,
    _running: BackgroundRun,
}

/// Set on the first call of [`system_executor`].
static SYSTEM: OnceLock<SystemContext> = OnceLock::new();

/// How many threads run the system context: two, or one on a single-core machine.
fn system_threads() -> usize {
    std::thread::available_parallelism().map_or(1, |n| n.get().min(2))
}

/// Returns the executor of the system context: one context for the whole process, run by
/// background threads, for I/O objects that need no context of their own (Asio's
/// `system_executor`).
///
/// The first call creates the context and starts its threads (two, or one on a single-core
/// machine, named `jeton-system-0` and `jeton-system-1`); later calls return the same
/// context. It is never stopped and never dropped while the process lives, and nothing can
/// stop it: the executor has no `stop`. So a [`UseFuture`](crate::UseFuture) of an I/O object
/// made on it can be awaited on any executor (`#[tokio::main]`, smol,
/// `futures::executor::block_on`) with no setup, closure handlers run on the system threads,
/// and [`Blocking`](crate::Blocking) calls work as everywhere.
///
/// Keep handlers short: two threads serve every user of the system context in the process. A
/// program that needs more, or its own threads, runs its own [`IoContext`] (for instance with
/// [`IoContext::run_in_background`]).
///
/// Unlike Asio's `system_executor`, whose `dispatch` always runs the function inline, this is
/// an ordinary [`Executor`]: `dispatch` runs inline only on a system thread, and posts
/// otherwise.
///
/// # Panics
///
/// The first call panics if the operating system refuses the context's poll descriptor or
/// its threads (resource exhaustion).
///
/// # Examples
///
/// ```
/// use jeton::{SteadyTimer, UseFuture};
/// use std::time::Duration;
///
/// let timer = SteadyTimer::with_duration(&jeton::system_executor(), Duration::from_millis(1));
/// futures::executor::block_on(timer.async_wait(UseFuture))?; // any executor, no setup
/// # Ok::<(), std::io::Error>(())
/// ```
pub fn system_executor() -> Executor {
    SYSTEM
        .get_or_init(|| {
            let io = IoContext::new().expect("cannot create the system context's reactor");
            let running = BackgroundRun::start(&io.executor(), system_threads(), "jeton-system")
                .expect("cannot start the system context's threads");
            SystemContext {
                io,
                _running: running,
            }
        })
        .io
        .executor()
}
