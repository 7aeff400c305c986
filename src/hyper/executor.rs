//! `HyperExecutor`: hyper's `Executor` on a jeton executor.

use std::future::Future;

use crate::executor::{Execute, Executor};
use crate::spawn::co_spawn;
use crate::tokens::Detached;

/// Runs the futures hyper spawns (HTTP/2 streams, client connections, ...) as jeton tasks:
/// `co_spawn(&ex, future, Detached)` on the executor it was made with, a context's
/// [`Executor`] or a [`Strand`](crate::Strand) (feature `hyper`).
///
/// # Examples
///
/// ```
/// use hyper::rt::Executor as _;
/// use jeton::hyper::HyperExecutor;
/// use jeton::IoContext;
///
/// let io = IoContext::new()?;
/// let (tx, rx) = std::sync::mpsc::channel();
/// HyperExecutor::new(&io.executor()).execute(async move { tx.send(42).unwrap() });
/// io.run();
/// assert_eq!(rx.recv().unwrap(), 42);
/// # Ok::<(), std::io::Error>(())
/// ```
#[derive(Clone, Debug)]
pub struct HyperExecutor<E: Execute = Executor> {
    ex: E,
}

impl<E: Execute> HyperExecutor<E> {
    /// Spawns hyper's futures on `ex`.
    pub fn new(ex: &E) -> HyperExecutor<E> {
        HyperExecutor { ex: ex.clone() }
    }
}

impl<E, F> hyper::rt::Executor<F> for HyperExecutor<E>
where
    E: Execute,
    F: Future + Send + 'static,
    F::Output: Send + 'static,
{
    /// Starts `future` as a detached task; its output is dropped.
    fn execute(&self, future: F) {
        co_spawn(
            &self.ex,
            async move {
                drop(future.await);
            },
            Detached,
        );
    }
}
