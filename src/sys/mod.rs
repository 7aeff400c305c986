//! The only platform-specific code in the crate.
//!
//! Every backend provides the same contract:
//! - [`Notifier`]: a wake-up descriptor that one thread can wait on with [`wait`] and any
//!   thread can signal with [`Notifier::notify`]; repeated notifications before a drain collapse
//!   into one.
//! - [`wait`]: one `poll(2)`-style wait over a set of descriptors plus a notifier, with an
//!   optional deadline, retried on `EINTR`.
//! - [`errno`]: the error codes the crate creates itself.
//! - descriptor calls (`read`, `write`, `O_NONBLOCK`, pipes), readiness queries
//!   ([`is_ready_now`]), terminal attributes ([`Termios`]), child processes (pidfds, `kill`),
//!   and [`signal`]: the process-wide signal handler and its self-pipe.
//!
//! Only Unix is supported today; a second backend would sit beside `unix` under the same name.
//!
//! Beside the backend, four portable helpers hold `unsafe` code, so that the crate's `unsafe`
//! blocks stay in `sys`: `hyper_buf` (feature `hyper`), the one `unsafe` call that filling
//! hyper's read cursor needs; `prefetch`, a cache-line prefetch hint; `waker_slot`, the
//! lock-free waker slot of each direction of a registered descriptor; `use_cell`, an I/O
//! object's descriptor, borrowed per system call with one atomic add and closed once its users
//! have left. There are two exceptions, which the
//! crate's speed rests on and which are not platform code: `runtime/inline_fn.rs`, a small
//! closure stored inline in a queued job, and `runtime/block_task/`, a closure-token
//! operation's task in one block recycled per thread (a raw task shared by pointer between its
//! job, its wakers and the thread polling it). The crate is `deny(unsafe_code)`; each of these
//! places allows it explicitly.

#[cfg(unix)]
mod unix;
#[cfg(unix)]
pub(crate) use unix::*;

#[cfg(feature = "hyper")]
pub(crate) mod hyper_buf;
mod prefetch;
mod use_cell;
mod waker_slot;

pub(crate) use prefetch::prefetch;
pub(crate) use use_cell::{InUse, UseCell};
pub(crate) use waker_slot::{TakenWakers, WakerSlot};
