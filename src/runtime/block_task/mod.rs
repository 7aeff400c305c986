//! `BlockTask`: a task in one recycled block, for closure-token operations.
//!
//! One block holds the task's header (a state word with its reference count, a vtable and the
//! block's size), its schedule function and its future. The block comes from this thread's
//! cache (`current::take_block`) and goes back to the cache of the thread that frees it, so a
//! closure-token operation in steady state allocates nothing (Asio's recycling allocator). The
//! task is queued as a one-word [`Job`]; its `Waker` points at the block.
//!
//! It gives what async-task gave the closure token, minus the join handle: wakes from any
//! thread; a wake while the task runs makes it queued once, after the poll, with
//! `woken_while_running` set (a continuation: the scheduler keeps it on the thread's private
//! queue); a wake after completion is a no-op; wakers may outlive the task (the block lives
//! until the last reference goes; the future is dropped when the task completes); dropping a
//! queued task unrun drops its future uncalled ([G3](crate::guarantees#g3)); a future whose
//! last waker is dropped while it waits is queued once more, to be dropped by the executor
//! rather than inside whatever dropped the waker (a reactor's lock); a panic in the poll drops
//! the future and propagates.
//!
//! This folder is one of the two places outside `sys/` with `unsafe` code (see `sys`): the
//! block is shared by raw pointer between the queued job, the wakers and the thread running
//! it, and the state word decides who may touch the future and who frees the block.
//!
//! | file | concept |
//! |---|---|
//! | `atomic` | the atomics the state word is made of (std's; the loom model's are loom's) |
//! | `state` | the header: the state word and its transitions (run, drop unrun, schedule, release), the vtable |
//! | `task` | the block's contents, [`BlockTask`] (the job), the block's memory ([`Reserved`] before the task is made) |
//! | `waker` | the waker: a pointer to the block holding one reference |

mod atomic;
mod state;
mod task;
mod waker;

pub(crate) use task::{BlockTask, Reserved, Schedule};

#[cfg(test)]
mod tests;
