//! The transfer loop shared by the composed reads and writes (`Read`, `Write`,
//! `WriteVectored`): the bytes moved so far, the step in flight, and the loop that issues
//! steps until the completion condition is met.

use std::io;
use std::task::{ready, Context, Poll};

use super::completion::CompletionCondition;
use super::partial::PartialError;
use crate::op::cancellation::CancellationType;
use crate::op::drive;

/// The cancellation types a composed read or write honours: it can stop between steps with
/// its count (partial), not undo what it moved (total), as Asio's `async_read`/`async_write`.
pub(super) const HONOURED: CancellationType =
    CancellationType::TERMINAL.union(CancellationType::PARTIAL);

/// The error of a write step that accepted no byte.
pub(super) fn write_zero() -> io::Error {
    io::Error::new(io::ErrorKind::WriteZero, "the stream accepted no byte")
}

/// What a transfer loop does after a step.
enum Next {
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

    /// Returns the size of the step to issue (asking the condition before the first step).
    /// Every operation issues at least one step, even of 0 bytes, as Asio does.
    fn step(&mut self) -> usize {
        let (len, total) = (self.len, self.total);
        let cond = &mut self.cond;
        *self
            .step
            .get_or_insert_with(|| cond.max_next(&Ok(()), total).min(len - total))
    }

    /// Records the outcome of the step in flight. `zero` is the error of a step that moved
    /// nothing although it asked for bytes (end of stream for reads).
    #[inline(always)]
    fn record(&mut self, r: io::Result<usize>, zero: fn() -> io::Error) -> Next {
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

    /// Issues steps until the operation is done, and completes with the count (or an error
    /// carrying it). `step(cx, start, len)` moves up to `len` bytes at offset `start` of the
    /// buffer (one `read_some` or `write_some`); `zero` is the error of a step that asked for
    /// bytes and moved none. After a step that failed and that the condition goes on from, the
    /// loop yields to the executor first, so a repeating error never blocks a thread.
    pub(super) fn poll_transfer(
        &mut self,
        cx: &mut Context<'_>,
        zero: fn() -> io::Error,
        mut step: impl FnMut(&mut Context<'_>, usize, usize) -> Poll<io::Result<usize>>,
    ) -> Poll<io::Result<usize>> {
        // A request this operation honours ends it with its count, even over a stream whose
        // own poll does not look at requests; the steps see only what it honours.
        let _honoured = match drive::honour_request(HONOURED) {
            Ok(guard) => guard,
            Err(e) => {
                self.step = None;
                return Poll::Ready(Err(PartialError::wrap(e, self.total)));
            }
        };
        loop {
            let start = self.total;
            let len = self.step();
            let r = ready!(step(cx, start, len));
            match self.record(r, zero) {
                Next::Step => {}
                Next::Yield => {
                    cx.waker().wake_by_ref();
                    return Poll::Pending;
                }
                Next::Done(r) => return Poll::Ready(r),
            }
        }
    }

    fn done(&self, last: io::Result<()>) -> Next {
        Next::Done(match last {
            Ok(()) => Ok(self.total),
            Err(e) => Err(PartialError::wrap(e, self.total)),
        })
    }
}
