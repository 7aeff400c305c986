//! Deferred operations: an operation packaged without being started, started later with any
//! token, and chained (Asio's `deferred`).
//!
//! Rust futures are lazy, so every jeton operation is already "deferred" until it is driven:
//! [`UseFuture`](crate::UseFuture) returns it as it is. What this module adds is the form Asio
//! code is written in: the [`Deferred`] token returns a [`DeferredOp`], which is started later
//! with *any* token (a closure, [`UseFuture`](crate::UseFuture), [`Blocking`](crate::Blocking),
//! adapters), and chained with [`then`](DeferredOp::then), each link a deferred operation
//! itself. A function can so return a deferred operation and let its caller choose the token.
//!
//! # Asio and jeton
//!
//! | Asio | jeton |
//! |---|---|
//! | `auto op = x.async_y(deferred);` | `let op = x.async_y(Deferred);` ([`Deferred`], [`DeferredOp`]) |
//! | `std::move(op)(token);` | [`op.start(token)`](DeferredOp::start) |
//! | `x.async_y(deferred([](auto r){ return next; }))` | [`x.async_y(deferred(\|r\| next))`](deferred()), or `x.async_y(Deferred).then(\|r\| next)` ([`DeferredOp::then`]) |
//! | `deferred.values(a, b)` | [`values((a, b))`](values) |
//! | `deferred.when(c).then(x).otherwise(y)` | [`when(c).then(x).otherwise(y)`](when) (a [`futures::future::Either`]) |
//! | `op \| deferred(f) \| token` | `op \| deferred(f) \| token` (`BitOr` on [`DeferredOp`]) |
//! | `async_result<deferred_t, Sigs...>`, `deferred_async_operation` | `impl CompletionToken<Op> for Deferred`, [`DeferredOp<Op>`](DeferredOp) |
//!
//! In Asio, the initiating function with `deferred` stores its arguments and does nothing else.
//! In jeton it builds the operation: an I/O object may note then what a later `cancel()` must
//! abort (a socket read notes the socket's cancel epoch), so a `cancel()` on the object between
//! packaging and starting aborts the operation when it starts, as if it had started.
//!
//! # Cancellation
//!
//! | operation | honours |
//! |---|---|
//! | [`DeferredOp`] | what the operation inside honours |
//! | [`Then`] | what the step in flight honours; the continuation runs with the aborted result |
//! | [`values`] | nothing (it is ready at once) |
//!
//! # Examples
//!
//! Asio's `deferred_3`: a function returns two timer waits chained, and the caller picks the
//! token.
//!
//! ```
//! use jeton::{Blocking, Deferred, IoContext, SteadyTimer};
//! use jeton::{deferred::DeferredOp, op::Operation};
//! use std::{io, sync::Arc, time::Duration};
//!
//! fn async_wait_twice(
//!     timer: Arc<SteadyTimer>,
//! ) -> DeferredOp<impl Operation<Output = io::Result<()>>> {
//!     timer.clone().async_wait(Deferred).then(move |r| {
//!         println!("first timer wait finished: {r:?}");
//!         timer.expires_after(Duration::from_millis(1));
//!         timer.async_wait(Deferred)
//!     })
//! }
//!
//! let io = IoContext::new()?;
//! let timer = Arc::new(SteadyTimer::with_duration(&io.executor(), Duration::from_millis(1)));
//! async_wait_twice(timer.clone()).start(|r: io::Result<()>| {
//!     println!("second timer wait finished: {r:?}");
//! });
//! io.run();
//! timer.expires_after(Duration::from_millis(1));
//! async_wait_twice(timer.clone()).start(Blocking)?; // the same chain, a blocking call
//! # Ok::<(), std::io::Error>(())
//! ```

mod conditional;
mod deferred_op;
mod then;
mod token;

pub use conditional::{values, when, When, WhenThen};
pub use deferred_op::DeferredOp;
pub use futures::future::Either;
pub use then::Then;
pub use token::{deferred, Deferred, DeferredFn};
