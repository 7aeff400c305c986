//! The faces of the engine: [`IoContext`], which owns a context; [`Executor`], a handle to one;
//! [`Strand`]; [`ThreadPool`]; [`WorkGuard`]; and tasks, the futures these run.
//!
//! | file | concept |
//! |---|---|
//! | `io_context` | [`IoContext`]: run, poll, stop, restart, `block_on`, `run_in_background` |
//! | `background` | [`BackgroundRun`]: a context run by threads of its own while a handle lives |
//! | `system` | [`system_executor`]: the process-wide context, always running |
//! | `handle` | [`Executor`]: post, dispatch, defer on one context |
//! | `execute` | [`Execute`]: Asio's executor concept, sealed |
//! | `strand` | [`Strand`]: serialised handlers over any executor |
//! | `thread_pool` | [`ThreadPool`]: a context with its own threads |
//! | `work_guard` | [`WorkGuard`] and the crate's internal unit of work |
//! | `task` | tasks: a future on an executor, holding work while it lives |

mod background;
pub(crate) mod execute;
mod handle;
mod io_context;
mod strand;
mod system;
mod task;
mod thread_pool;
mod work_guard;

pub use background::BackgroundRun;
pub use execute::Execute;
pub use handle::Executor;
pub use io_context::IoContext;
pub use strand::Strand;
pub use system::system_executor;
pub use thread_pool::ThreadPool;
pub use work_guard::WorkGuard;

#[cfg(feature = "stackful")]
pub(crate) use task::make_pinned_task;
pub(crate) use task::{start_task, BlockTaskSlot, Start};
pub(crate) use work_guard::Work;
