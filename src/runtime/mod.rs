//! The engine: the scheduler, the reactor and the timer queue of one context, and the
//! per-thread state. Everything here is `pub(crate)`; the faces users see (`IoContext`,
//! `Executor`, `Strand`, ...) are in `executor`, above it.
//!
//! | file | concept |
//! |---|---|
//! | `engine` | [`Engine`]: one context's state, outstanding work, stop, restart, shutdown |
//! | `queue`, `post` | the shared queue; posting: the private queue, waking a thread or the reactor |
//! | `run_loop` | what a thread inside `run`/`poll` does; when the reactor is turned |
//! | `runner` | one run call: its refill, stealing and idle wait |
//! | `batch` | the handlers a run call took: stealable, or its own under concurrency hint 1 |
//! | `reactor`, `scheduled_io` | the mio poll; per-descriptor readiness and waiters |
//! | `timer_queue`, `timer_entries`, `timer_waits`, `timer_wheel`, `timer_origin` | timers with their waits inline, the deadline wheel, the origin deadlines are measured from |
//! | `timer_slots`, `timer_cell`, `atomic` | timer entries at stable addresses (`unsafe`); the expiry and wait count a timer object shares with the queue without its lock |
//! | `job`, `inline_fn` | a queued handler; a small closure stored in it (`unsafe`, as `block_task` and `timer_slots` are: the places outside `sys/`) |
//! | `block_task` | a closure-token operation's task in one recycled block (`unsafe`) |
//! | `shutdown_wakes` | waiting places outside the reactor and the timers (channels) that shutdown wakes |
//! | `wakers` | wakers collected under a lock, woken after it |
//! | `gen_slab`, `key_cell` | a slab with generational keys; a key set once and read without a lock |
//! | `mailbox`, `post_home` | jobs posted to one given thread, run only by it; pinning a task to its home thread and posting there |
//! | `current` | everything kept per thread (a table of who sets and reads what) |
//! | `tracking` | handler tracking (Asio's `@asio|` lines) and the `tracing` spans of operations |

mod atomic;
mod batch;
mod block_task;
pub(crate) mod current;
mod engine;
mod gen_slab;
mod inline_fn;
mod job;
mod key_cell;
mod mailbox;
mod post;
mod post_home;
mod queue;
mod reactor;
mod run_loop;
mod runner;
mod scheduled_io;
mod shutdown_wakes;
mod timer_cell;
mod timer_entries;
mod timer_origin;
mod timer_queue;
mod timer_slot_sort;
mod timer_slots;
mod timer_waits;
mod timer_wheel;
pub(crate) mod tracking;
mod wakers;

pub(crate) use block_task::{BlockTask, Reserved, Schedule};
pub(crate) use engine::Engine;
pub(crate) use gen_slab::Key;
pub(crate) use job::Job;
pub(crate) use key_cell::KeyCell;
pub(crate) use runner::Mode;
pub(crate) use scheduled_io::{ScheduledIo, READABLE, WRITABLE};
pub(crate) use shutdown_wakes::WakeOnShutdown;
pub(crate) use timer_cell::{Expiry, TimerCell};
pub(crate) use timer_entries::{PollArgs, Target, TimerKey, WaitKey};
pub(crate) use timer_origin::{origin, Offset};
pub(crate) use timer_waits::WaitState;
pub(crate) use wakers::Wakers;
