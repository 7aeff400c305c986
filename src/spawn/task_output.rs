//! `TaskOutput`: what a spawned future may complete with, so that a task dropped with its
//! context can still complete whoever awaits it, with an error.

use std::io;

/// The output of a future started by [`co_spawn`](crate::co_spawn).
///
/// When the `IoContext` is dropped before the task finishes, the task is dropped (G3); a closure
/// handler is then dropped uncalled, but a [`JoinOp`](crate::JoinOp) awaited elsewhere (a
/// [`UseFuture`](crate::UseFuture) on another executor, a [`Blocking`](crate::Blocking) call)
/// completes with `context_dropped(error::shut_down())` instead of hanging.
///
/// Implemented for every `Result<T, E>` whose error type can be made from an `io::Error`
/// (`io::Result<T>`, `Result<T, Box<dyn Error + Send + Sync>>`, `anyhow::Result<T>`, ...), for
/// `Option<T>` (`None`), for `()`, and for tuples of those. Implement it for your own output
/// types; a future returning a bare value (`async { 42 }`) returns `Ok::<_, io::Error>(42)`
/// instead.
///
/// # Examples
///
/// ```
/// use jeton::TaskOutput;
/// let r: std::io::Result<u32> = TaskOutput::context_dropped(jeton::error::shut_down());
/// assert!(jeton::error::is_shut_down(&r.unwrap_err()));
/// ```
///
/// A bare value does not say it: this is rejected, with a note that says what to return.
///
/// ```compile_fail
/// # let io = jeton::IoContext::new().unwrap();
/// jeton::co_spawn(&io.executor(), async { 42 }, jeton::Detached);
/// ```
#[diagnostic::on_unimplemented(
    message = "a `co_spawn` future cannot return `{Self}`",
    label = "this future's output must be able to say that its context was dropped",
    note = "return `io::Result<T>`, `Result<T, E>` with `E: From<io::Error>`, `Option<T>`, `()` or a tuple of those (e.g. `Ok::<_, std::io::Error>(value)`), or implement `jeton::TaskOutput`"
)]
pub trait TaskOutput: Send + 'static {
    /// Returns the output of a task its context dropped unfinished; `error` says so.
    fn context_dropped(error: io::Error) -> Self;
}

impl<T: Send + 'static, E: From<io::Error> + Send + 'static> TaskOutput for Result<T, E> {
    fn context_dropped(error: io::Error) -> Self {
        Err(E::from(error))
    }
}

impl TaskOutput for () {
    fn context_dropped(_: io::Error) {}
}

impl<T: Send + 'static> TaskOutput for Option<T> {
    fn context_dropped(_: io::Error) -> Self {
        None
    }
}

/// Implements `TaskOutput` for tuples whose every element implements it: the first element
/// gets the error, the others a [`shut_down`](crate::error::shut_down) error of their own.
macro_rules! tuple_output {
    ($first:ident $(, $t:ident)*) => {
        impl<$first: TaskOutput $(, $t: TaskOutput)*> TaskOutput for ($first, $($t,)*) {
            fn context_dropped(error: io::Error) -> Self {
                (
                    $first::context_dropped(error),
                    $($t::context_dropped(crate::error::shut_down()),)*
                )
            }
        }
    };
}

tuple_output!(A, B);
tuple_output!(A, B, C);
tuple_output!(A, B, C, D);
