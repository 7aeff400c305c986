//! Wait conditions: when a parallel group cancels the members still running (Asio's
//! `wait_for_all`, `wait_for_one`, `wait_for_one_success`, `wait_for_one_error`), and
//! [`Fallible`], how a member's result says it failed.

use crate::op::cancellation::CancellationType;

/// Whether an operation's result is a failure: how a wait condition tells success from error
/// (Asio looks at a handler's leading `error_code` or `exception_ptr`).
///
/// Implemented for `Result<T, E>` (`Err` fails), for pairs whose first element is an outcome
/// (an operation with an owned buffer completes with `(io::Result<usize>, B)`), and for `()`
/// (never fails).
///
/// # Examples
///
/// ```
/// use jeton::parallel_group::Fallible;
/// assert!(Err::<(), _>(jeton::error::aborted()).is_error());
/// assert!(!(Ok::<usize, std::io::Error>(3), vec![0u8; 3]).is_error());
/// ```
pub trait Fallible {
    /// Returns whether the result is a failure.
    fn is_error(&self) -> bool;
}

impl<T, E> Fallible for Result<T, E> {
    fn is_error(&self) -> bool {
        self.is_err()
    }
}

impl<A: Fallible, B> Fallible for (A, B) {
    fn is_error(&self) -> bool {
        self.0.is_error()
    }
}

impl Fallible for () {
    fn is_error(&self) -> bool {
        false
    }
}

/// Decides, as each member of a parallel group completes, whether to cancel the members still
/// running, and how.
///
/// The group calls it once per completion, in completion order, until it returns a
/// non-empty set of types; the group then asks every member still running to stop with those
/// types (each honours what its `# Cancellation` says) and calls it no more. Any
/// `FnMut(usize, bool) -> CancellationType` is a condition: it gets the member's index and
/// whether it failed.
///
/// # Examples
///
/// Cancel the rest as soon as member 0 completes, whatever the others do:
///
/// ```
/// use jeton::CancellationType;
/// use jeton::parallel_group::WaitCondition;
///
/// let mut first_is_key = |index: usize, _failed: bool| {
///     if index == 0 { CancellationType::ALL } else { CancellationType::NONE }
/// };
/// assert_eq!(first_is_key.on_completion(1, false), CancellationType::NONE);
/// assert_eq!(first_is_key.on_completion(0, true), CancellationType::ALL);
/// ```
pub trait WaitCondition {
    /// Returns the cancellation to request of the members still running now that member
    /// `index` completed (`is_error`: its result is a failure), or
    /// [`NONE`](CancellationType::NONE) to keep waiting.
    fn on_completion(&mut self, index: usize, is_error: bool) -> CancellationType;
}

impl<F: FnMut(usize, bool) -> CancellationType> WaitCondition for F {
    fn on_completion(&mut self, index: usize, is_error: bool) -> CancellationType {
        self(index, is_error)
    }
}

/// Waits for every member; cancels none (Asio's `wait_for_all`). Made by [`wait_for_all`].
#[derive(Clone, Copy, Debug, Default)]
pub struct WaitForAll;

/// Returns the condition that waits for every member to complete (Asio's `wait_for_all`).
pub fn wait_for_all() -> WaitForAll {
    WaitForAll
}

impl WaitCondition for WaitForAll {
    fn on_completion(&mut self, _: usize, _: bool) -> CancellationType {
        CancellationType::NONE
    }
}

/// Defines a condition that cancels the rest with a chosen set of types (every type unless
/// told otherwise, as Asio's default `cancellation_type::all`), on completions that `fires`
/// accepts.
macro_rules! cancelling_condition {
    ($(#[$doc:meta])* $name:ident, $make:ident, $asio:literal, |$failed:ident| $fires:expr) => {
        $(#[$doc])*
        #[derive(Clone, Copy, Debug)]
        pub struct $name {
            types: CancellationType,
        }

        #[doc = concat!("Returns the [`", stringify!($name), "`] condition, cancelling with \
            every type (Asio's `", $asio, "()`).")]
        pub fn $make() -> $name {
            $name {
                types: CancellationType::ALL,
            }
        }

        impl $name {
            #[doc = concat!("Sets the types the rest are cancelled with (Asio's `", $asio,
                "(cancellation_type)`); every type by default.")]
            pub fn cancellation_type(self, types: CancellationType) -> $name {
                $name { types }
            }
        }

        impl WaitCondition for $name {
            fn on_completion(&mut self, _: usize, $failed: bool) -> CancellationType {
                if $fires {
                    self.types
                } else {
                    CancellationType::NONE
                }
            }
        }
    };
}

cancelling_condition!(
    /// Cancels the rest as soon as one member completes (Asio's `wait_for_one`). Made by
    /// [`wait_for_one`].
    WaitForOne,
    wait_for_one,
    "wait_for_one",
    |failed| {
        let _ = failed;
        true
    }
);

cancelling_condition!(
    /// Cancels the rest as soon as one member succeeds; if none does, waits for all (Asio's
    /// `wait_for_one_success`). Made by [`wait_for_one_success`].
    WaitForOneSuccess,
    wait_for_one_success,
    "wait_for_one_success",
    |failed| !failed
);

cancelling_condition!(
    /// Cancels the rest as soon as one member fails; if none does, waits for all (Asio's
    /// `wait_for_one_error`). Made by [`wait_for_one_error`].
    WaitForOneError,
    wait_for_one_error,
    "wait_for_one_error",
    |failed| failed
);
