//! Completion conditions: when a composed read or write is done (Asio's
//! `completion_condition.hpp`), and the transfer loop bookkeeping shared by those operations.

use std::io;

use super::PartialError;

/// The most bytes one step of a composed read or write asks for by default (Asio's
/// `default_max_transfer_size`).
pub const DEFAULT_MAX_TRANSFER: usize = 65536;

/// Decides when a composed read or write is done.
///
/// Before each step the operation calls [`max_next`](CompletionCondition::max_next) with the
/// outcome of the previous step (`Ok(())` before the first) and the bytes transferred so far;
/// the answer is the most bytes the next step may move, and 0 ends the operation. The answer
/// is clamped to what is left of the buffer. Any `FnMut(&io::Result<()>, usize) -> usize + Send`
/// is a condition.
///
/// As in Asio, a condition that answers non-zero after an error makes the operation go on
/// (the built-in ones answer 0). The operation then yields to its executor before the next
/// step, so a condition that ignores a repeating error never blocks a thread. End of stream
/// always ends a read with [`error::eof`](crate::error::eof).
///
/// # Examples
///
/// ```
/// use jeton::io::{transfer_at_least, CompletionCondition};
/// let mut at_least_4 = transfer_at_least(4);
/// assert_eq!(at_least_4.max_next(&Ok(()), 2), 65536);
/// assert_eq!(at_least_4.max_next(&Ok(()), 4), 0);
///
/// // Read in 16-byte steps until 48 bytes have arrived.
/// let mut cond = |last: &std::io::Result<()>, n: usize| if last.is_err() || n >= 48 { 0 } else { 16 };
/// assert_eq!(cond.max_next(&Ok(()), 32), 16);
/// ```
pub trait CompletionCondition: Send {
    /// Returns the most bytes the next step may transfer; 0 means done.
    fn max_next(&mut self, last: &io::Result<()>, transferred: usize) -> usize;
}

impl<F: FnMut(&io::Result<()>, usize) -> usize + Send> CompletionCondition for F {
    fn max_next(&mut self, last: &io::Result<()>, transferred: usize) -> usize {
        self(last, transferred)
    }
}

/// The condition of [`transfer_all`].
#[derive(Clone, Copy, Debug, Default)]
pub struct TransferAll;

/// The condition of [`transfer_at_least`].
#[derive(Clone, Copy, Debug)]
pub struct TransferAtLeast(usize);

/// The condition of [`transfer_exactly`].
#[derive(Clone, Copy, Debug)]
pub struct TransferExactly(usize);

/// Returns the condition "until the buffer is full, or an error".
pub fn transfer_all() -> TransferAll {
    TransferAll
}

/// Returns the condition "until at least `n` bytes, a full buffer, or an error".
pub fn transfer_at_least(n: usize) -> TransferAtLeast {
    TransferAtLeast(n)
}

/// Returns the condition "until exactly `n` bytes (or a full buffer), or an error".
pub fn transfer_exactly(n: usize) -> TransferExactly {
    TransferExactly(n)
}

impl CompletionCondition for TransferAll {
    fn max_next(&mut self, last: &io::Result<()>, _: usize) -> usize {
        if last.is_err() {
            0
        } else {
            DEFAULT_MAX_TRANSFER
        }
    }
}

impl CompletionCondition for TransferAtLeast {
    fn max_next(&mut self, last: &io::Result<()>, transferred: usize) -> usize {
        if last.is_err() || transferred >= self.0 {
            0
        } else {
            DEFAULT_MAX_TRANSFER
        }
    }
}

impl CompletionCondition for TransferExactly {
    fn max_next(&mut self, last: &io::Result<()>, transferred: usize) -> usize {
        if last.is_err() {
            0
        } else {
            (self.0.saturating_sub(transferred)).min(DEFAULT_MAX_TRANSFER)
        }
    }
}

/// What a transfer loop does after a step.
pub(super) enum Next {
    /// Issue the next step now.
    Step,
    /// Issue the next step after yielding to the executor (a condition went on after an error).
    Yield,
    /// Complete with this result.
    Done(io::Result<usize>),
}

/// The bookkeeping of a composed read or write over a buffer of `len` bytes: the condition,
/// the bytes moved so far, and the size of the step in flight.
#[derive(Debug)]
pub(super) struct Progress<C> {
    cond: C,
    len: usize,
    total: usize,
    step: Option<usize>,
}

impl<C: CompletionCondition> Progress<C> {
    pub(super) fn new(cond: C, len: usize) -> Progress<C> {
        Progress {
            cond,
            len,
            total: 0,
            step: None,
        }
    }

    /// Returns the bytes moved so far.
    pub(super) fn total(&self) -> usize {
        self.total
    }

    /// Returns the size of the step to issue (asking the condition before the first step).
    /// Every operation issues at least one step, even of 0 bytes, as Asio does.
    pub(super) fn step(&mut self) -> usize {
        let (len, total) = (self.len, self.total);
        let cond = &mut self.cond;
        *self
            .step
            .get_or_insert_with(|| cond.max_next(&Ok(()), total).min(len - total))
    }

    /// Records the outcome of the step in flight. `zero` is the error of a step that moved
    /// nothing although it asked for bytes (end of stream for reads).
    pub(super) fn record(&mut self, r: io::Result<usize>, zero: fn() -> io::Error) -> Next {
        let asked = self.step.take().expect("a step is in flight");
        let last = match r {
            Ok(0) if asked > 0 => return self.done(Err(zero())),
            Ok(n) => {
                self.total += n.min(asked); // A stream never reports more than it was given.
                Ok(())
            }
            Err(e) => Err(e),
        };
        if (asked == 0 && last.is_ok()) || self.total == self.len {
            return self.done(last);
        }
        let next = self
            .cond
            .max_next(&last, self.total)
            .min(self.len - self.total);
        if next == 0 {
            return self.done(last);
        }
        self.step = Some(next);
        if last.is_err() {
            Next::Yield
        } else {
            Next::Step
        }
    }

    fn done(&self, last: io::Result<()>) -> Next {
        Next::Done(match last {
            Ok(()) => Ok(self.total),
            Err(e) => Err(PartialError::wrap(e, self.total)),
        })
    }
}
