//! Stackful coroutines (feature `stackful`, on by default): [`spawn`] runs a plain function on
//! a stack of its own, and its [`YieldContext`] is the completion token that suspends it until
//! an operation completes (Asio's `spawn` and `yield_context`).
//!
//! A coroutine is one more driver of the same operation futures: a task of its context whose
//! poll resumes the coroutine, which polls the operation on its own stack and suspends while
//! it is pending. It runs only on its home thread (the thread that first ran it), through the
//! engine's per-thread mailboxes.
//!
//! | file | concept |
//! |---|---|
//! | `spawn` | [`spawn`], [`spawn_with`], [`SpawnOp`]: start a coroutine, deliver its result |
//! | `options` | [`SpawnOptions`]: the stack size |
//! | `yield_context` | [`YieldContext`]: the coroutine's handle and completion token |
//! | `driver` | the task future that resumes a coroutine on its home thread, and unwinds it |
//! | `stack` | stacks, recycled per thread |

mod driver;
mod options;
mod spawn;
mod stack;
mod yield_context;

pub use options::SpawnOptions;
pub use spawn::{spawn, spawn_with, SpawnOp};
pub use yield_context::YieldContext;
