//! Completion conditions: when a composed read or write is done (Asio's
//! `completion_condition.hpp`).

use std::io;

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
///
/// # Examples
///
/// ```
/// use jeton::io::{transfer_all, CompletionCondition, DEFAULT_MAX_TRANSFER};
/// let mut all = transfer_all();
/// assert_eq!(all.max_next(&Ok(()), 1_000_000), DEFAULT_MAX_TRANSFER); // go on
/// assert_eq!(all.max_next(&Err(std::io::ErrorKind::Other.into()), 10), 0); // stop on error
/// ```
pub fn transfer_all() -> TransferAll {
    TransferAll
}

/// Returns the condition "until at least `n` bytes, a full buffer, or an error".
///
/// # Examples
///
/// ```
/// use jeton::net::unix;
/// use jeton::{io, Blocking, IoContext};
///
/// let io = IoContext::new()?;
/// let (a, b) = unix::connect_pair(&io.executor())?;
/// a.write_some(b"hello")?;
/// let mut buf = [0u8; 512];
/// let n = io::async_read_with(&b, &mut buf[..], io::transfer_at_least(1), Blocking)?;
/// assert_eq!(&buf[..n], b"hello"); // what arrived, not a full buffer
/// # Ok::<(), std::io::Error>(())
/// ```
pub fn transfer_at_least(n: usize) -> TransferAtLeast {
    TransferAtLeast(n)
}

/// Returns the condition "until exactly `n` bytes (or a full buffer), or an error".
///
/// # Examples
///
/// ```
/// use jeton::io::{transfer_exactly, CompletionCondition};
/// let mut exactly = transfer_exactly(10);
/// assert_eq!(exactly.max_next(&Ok(()), 4), 6); // the next step asks for the rest only
/// assert_eq!(exactly.max_next(&Ok(()), 10), 0);
/// ```
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
