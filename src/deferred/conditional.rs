//! `values` and `when`: what a continuation returns when it has no operation to start, or a
//! choice between two.

use futures::future::Either;

/// Returns a future that is ready with `value` at once (Asio's `deferred.values(...)`): what a
/// continuation returns to complete the chain with a value. Several values are a tuple.
///
/// # Examples
///
/// Asio's `deferred_4`: the chain's result is 42.
///
/// ```
/// use jeton::deferred::values;
/// use jeton::{Blocking, Deferred, IoContext, SteadyTimer};
///
/// let io = IoContext::new()?;
/// let timer = SteadyTimer::new(&io.executor());
/// let op = timer.async_wait(Deferred).then(|_| values(42));
/// assert_eq!(op.start(Blocking), 42);
/// # Ok::<(), std::io::Error>(())
/// ```
pub fn values<T>(value: T) -> std::future::Ready<T> {
    std::future::ready(value)
}

/// Starts a choice between two continuations (Asio's `deferred.when(condition)`): complete it
/// with [`then`](When::then) and [`otherwise`](WhenThen::otherwise).
///
/// The result is a [`futures::future::Either`] of the two, a future of their common output;
/// both are built at once (each is lazy), and only the chosen one runs. It is the
/// `if condition { Either::Left(a) } else { Either::Right(b) }` a Rust programmer might write.
///
/// # Examples
///
/// Asio's `deferred_5`: a second wait only if the first succeeded.
///
/// ```
/// use jeton::deferred::{values, when};
/// use jeton::{Blocking, Deferred, IoContext, SteadyTimer};
///
/// let io = IoContext::new()?;
/// let timer = SteadyTimer::new(&io.executor());
/// let op = timer.async_wait(Deferred).then(|r| {
///     when(r.is_ok())
///         .then(timer.async_wait(Deferred))
///         .otherwise(values(r))
/// });
/// op.start(Blocking)?;
/// # Ok::<(), std::io::Error>(())
/// ```
pub fn when(condition: bool) -> When {
    When { condition }
}

/// A choice waiting for its first branch. Made by [`when`].
#[derive(Clone, Copy, Debug)]
#[must_use = "a choice needs `.then(a).otherwise(b)`"]
pub struct When {
    condition: bool,
}

impl When {
    /// Sets what runs if the condition holds.
    pub fn then<A>(self, then: A) -> WhenThen<A> {
        WhenThen {
            condition: self.condition,
            then,
        }
    }
}

/// A choice waiting for its second branch. Made by [`When::then`].
#[derive(Clone, Copy, Debug)]
#[must_use = "a choice needs `.otherwise(b)`"]
pub struct WhenThen<A> {
    condition: bool,
    then: A,
}

impl<A> WhenThen<A> {
    /// Sets what runs if the condition does not hold, and returns the chosen one.
    pub fn otherwise<B>(self, otherwise: B) -> Either<A, B> {
        if self.condition {
            Either::Left(self.then)
        } else {
            Either::Right(otherwise)
        }
    }
}
