//! Parallel groups: operations started together and completed by a wait condition that
//! cancels the rest (Asio's `experimental::make_parallel_group`), and the two-operation forms
//! `a.and(b)` / `a.or(b)` (Asio's awaitable operators `&&` / `||`).
//!
//! A group is made from a tuple of 2 to 8 operations of any types ([`make_parallel_group`]) or
//! from a `Vec` of operations of one type ([`make_ranged_parallel_group`]), and started with
//! [`async_wait(condition, token)`](ParallelGroup::async_wait) under any token. It completes
//! once *every* member has completed, with the completion order and each member's own
//! result. The condition decides when the members still running are asked to stop; each
//! then completes the way its own cancellation says (aborted, a composed read or write with
//! the bytes it moved), and that result is reported too. So nothing is lost, unlike a
//! `select!` that drops the loser: a `read_exact` that had read half its buffer says so.
//!
//! Under [`Blocking`](crate::Blocking) the whole group waits on the calling thread in one
//! `poll(2)` over every member's descriptors and deadlines; no thread needs to run the context.
//!
//! # Asio and jeton
//!
//! | Asio | jeton |
//! |---|---|
//! | `make_parallel_group(op1, op2, ...)` | [`make_parallel_group((op1, op2, ...))`](make_parallel_group) (ops made with [`UseFuture`](crate::UseFuture) or [`Deferred`](crate::Deferred)) |
//! | `make_parallel_group(std::vector<Op>)` (`ranged_parallel_group`) | [`make_ranged_parallel_group(&ex, ops)`](make_ranged_parallel_group) (the executor, for an empty range) |
//! | `.async_wait(wait_for_all(), token)` | [`.async_wait(wait_for_all(), token)`](ParallelGroup::async_wait) |
//! | handler `(std::array<size_t, N> order, ec1, n1, ec2, ...)` | `([usize; N], (r1, r2, ...))`; ranged: `(Vec<usize>, Vec<R>)` |
//! | `wait_for_all`, `wait_for_one`, `wait_for_one_success`, `wait_for_one_error` | [`wait_for_all`], [`wait_for_one`], [`wait_for_one_success`], [`wait_for_one_error`] |
//! | `wait_for_one(cancellation_type::terminal)` | [`wait_for_one().cancellation_type(CancellationType::TERMINAL)`](WaitForOne::cancellation_type) |
//! | a custom cancellation condition (a function object) | any [`WaitCondition`], e.g. a closure `FnMut(usize, bool) -> CancellationType` |
//! | a leading `error_code` / `exception_ptr` tells success from failure | [`Fallible`] (`Result`'s `Err`, an owned-buffer pair's first element) |
//! | `awaitable_operators`: `a && b`, `a \|\| b` | [`a.and(b)`](OperationExt::and), [`a.or(b)`](OperationExt::or) (a [`DeferredOp`](crate::deferred::DeferredOp)) |
//! | `std::variant<T, U>` from `\|\|` | [`Either<T, U>`](crate::deferred::Either) |
//!
//! # Cancellation
//!
//! | what | honours | how |
//! |---|---|---|
//! | a request from the wait condition | the types it gives (every type by default, as Asio) | each member still running is polled with the request, and honours what its own `# Cancellation` says; one that honours none runs to its end, and the group waits for it |
//! | a request on the group itself (a bound [`CancellationSlot`](crate::CancellationSlot), or a deadline) | what each member honours | forwarded to every member still running, the same way |
//! | [`and`](OperationExt::and), [`or`](OperationExt::or) | what each of the two honours | the loser is asked with every type; its result is dropped |
//!
//! For the members: a timer wait, a socket operation and a channel operation honour every type;
//! a composed read or write honours terminal and partial and reports its byte count
//! ([`io::transferred`](crate::io::transferred)); an [`operation`](crate::op::operation) future
//! honours what it was told ([`honouring`](crate::op::FutureOp::honouring)). A group's request
//! reaches its members even inside an operation that honours fewer types from outside.
//!
//! [`cancel_after`](crate::cancel_after) takes operations that complete with an `io::Result`;
//! a group completes with its order and results, so put it in a chain that says `Ok`
//! (`group.async_wait(cond, Deferred).then(|out| values(Ok(out)))`) or add a timer member.
//!
//! # Examples
//!
//! A read raced against a deadline: the read is cancelled, and reports the five bytes it read.
//!
//! ```
//! use jeton::parallel_group::{make_parallel_group, wait_for_one};
//! use jeton::{error, io, Blocking, IoContext, SteadyTimer, UseFuture};
//! use std::time::Duration;
//!
//! let ctx = IoContext::new()?;
//! let (a, b) = jeton::net::unix::connect_pair(&ctx.executor())?;
//! a.write_some(b"hello")?;
//! let deadline = SteadyTimer::with_duration(&ctx.executor(), Duration::from_millis(10));
//! let mut buf = [0u8; 64];
//! let (order, (read, waited)) = make_parallel_group((
//!     io::async_read(&b, &mut buf[..], UseFuture),
//!     deadline.async_wait(UseFuture),
//! ))
//! .async_wait(wait_for_one(), Blocking);
//! assert_eq!(order, [1, 0]); // the deadline first
//! assert!(waited.is_ok());
//! let e = read.unwrap_err();
//! assert!(error::is_aborted(&e));
//! assert_eq!((io::transferred(&e), &buf[..5]), (5, &b"hello"[..]));
//! # Ok::<(), std::io::Error>(())
//! ```

mod condition;
mod member;
mod members;
mod operators;
mod ranged;
mod tuple;
mod wait;
mod wakeups;

pub use condition::{
    wait_for_all, wait_for_one, wait_for_one_error, wait_for_one_success, Fallible, WaitCondition,
    WaitForAll, WaitForOne, WaitForOneError, WaitForOneSuccess,
};
pub use members::{IntoMembers, Members};
pub use operators::{And, OperationExt, Or};
pub use ranged::RangedMembers;
pub use tuple::{Members2, Members3, Members4, Members5, Members6, Members7, Members8};
pub use wait::{make_parallel_group, make_ranged_parallel_group, GroupWait, ParallelGroup};
