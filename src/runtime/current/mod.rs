//! Everything jeton keeps per thread, in one place: what the current thread is running and how
//! the operation it is polling is being driven.
//!
//! | state | set by | read by |
//! |---|---|---|
//! | run frames: the contexts this thread is running, innermost last, each with its private queue | the run loop (`runtime::runner`), for each `run`/`poll` call | `post`/`defer` (private queue), `Executor::running_in_this_thread` |
//! | the task being polled: its context | `executor::task`, around each poll of a task | `op::drive` (a leaf inside a task of its own context holds no work of its own) |
//! | launching: the initiating call is polling its operation | `tokens::closure`, around the first poll inside the initiating call; `co_spawn`'s inline first step | `tokens::closure` (a handler ready then is posted, [G2](crate::guarantees#g2)) |
//! | inline starts: nested first steps of tasks run inside `co_spawn` | `executor::task::start_task` | the same, which queues the step beyond a bound |
//! | blocking mode: the poll is a `Blocking` call's | `op::blocking::block_on` (on), `tokens::closure` launch (off) | `op::drive` |
//! | the wait set: descriptors and deadline the blocking poll asked for | leaf waits, through `op::blocking` | the blocking driver, which waits on it |
//! | blocking calls: depth, notifiers, wait sets per depth | the blocking driver | the blocking driver |
//! | task blocks freed on this thread, kept for its next closure-token operations (a few, bounded; its own thread-local, see `blocks`) | `runtime::block_task`, when a task's last reference goes | `runtime::block_task`, when a task is made |
//! | strands running on this thread, innermost last | the strand invoker | `Strand::running_in_this_thread` |
//! | the cooperative budget: leaf polls left in this poll | tasks (and `IoContext::block_on`) per poll; blocking calls (unconstrained) | `op::drive`: a leaf yields when it is spent |
//! | the cancellation request of the operation being polled, and the types its callers honour | cancellation adapters (`bind_cancellation_slot`, `cancel_after`), around their operation's poll; composed operations narrow it; tasks and blocking calls clear it | `op::drive`: a leaf that honours the request completes with it |
//! | this thread's number (unique in the process) | the first call of [`thread_no`] | run calls (`runtime::runner`: which mailbox is theirs), posting to a home thread (`runtime::mailbox`) |
//! | stackful coroutines pinned to this thread, their spare stacks, the list of those dropped elsewhere (feature `stackful`; its own thread-local, see `pinned`) | `stackful` (the coroutine driver) | `stackful`; run calls sweep the dropped ones |
//!
//! Each piece is touched only by its own thread. Guards restore the outer value on drop, so
//! nested run calls, tasks polled inside tasks and blocking calls inside handlers all unwind
//! correctly, panics included.
//!
//! | file | state |
//! |---|---|
//! | `state` | the two thread-locals: `HOT` (plain values read on every poll) and `COLD` (what owns memory) |
//! | `frames` | run frames and private queues, the thread's number, running strands |
//! | `poll` | the poll in progress: task, launching, inline starts, budget, cancellation request |
//! | `blocking` | blocking mode, wait sets, blocking-call notifiers |
//! | `handler` | the tracked handler (handler tracking) |
//! | `blocks` | the cache of task blocks (closure-token operations' memory; its own thread-local) |
//! | `pinned` | stackful coroutines pinned to this thread (feature `stackful`) |

mod blocking;
mod blocks;
mod frames;
mod handler;
#[cfg(feature = "stackful")]
pub(crate) mod pinned;
mod poll;
mod state;

pub(crate) use blocking::{call_slot, is_blocking, wait_fd, wait_until, BlockingCall};
pub(crate) use blocks::{give_block, take_block, Block, BLOCK_ALIGN};
#[cfg(feature = "stackful")]
pub(crate) use frames::is_thread;
pub(crate) use frames::{
    enter_run, exit_run, in_strand, is_running, pop_sole_private, pop_strand, private_len,
    push_strand, swap_private, thread_no, try_push_private, try_push_private_on,
};
pub(crate) use handler::{handler, set_handler};
pub(crate) use poll::{
    cancel, in_task_of, is_launching, poll_view_spending, CancelGuard, InlineStartGuard,
    LaunchGuard, TaskGuard, TopGuard,
};
pub(crate) use state::{BlockingNotifier, CallSlot, WaitSet};
