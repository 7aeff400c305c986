//! `Blocking`: a plain synchronous call.

use super::completion_token::CompletionToken;
use crate::op::{block_on, Operation};
use crate::runtime::tracking::OpTrack;

/// Makes an initiating function a synchronous call that returns the operation's result.
///
/// The calling thread drives the operation itself in blocking mode: no thread needs to run the
/// context, and calling it from inside a handler does not deadlock ([G14](crate::guarantees#g14)).
/// `timer.wait()` is
/// `timer.async_wait(Blocking)`.
///
/// # Examples
///
/// ```
/// use jeton::{Blocking, IoContext, SteadyTimer};
/// use std::time::{Duration, Instant};
///
/// let io = IoContext::new()?;
/// let timer = SteadyTimer::new(&io.executor());
/// let start = Instant::now();
/// timer.expires_after(Duration::from_millis(10));
/// timer.async_wait(Blocking)?;
/// assert!(start.elapsed() >= Duration::from_millis(10));
/// # Ok::<(), std::io::Error>(())
/// ```
#[derive(Clone, Copy, Debug, Default)]
pub struct Blocking;

impl<Op: Operation> CompletionToken<Op> for Blocking {
    type Output = Op::Output;

    fn launch(self, op: Op) -> Op::Output {
        let mut track = OpTrack::launch(|| {
            let n = op.trace_name();
            (n.object, n.addr, n.op)
        });
        let out = track.in_span(|| block_on(op));
        drop(track.enter()); // The caller goes on with the result: `>m`, `<m`.
        out
    }
}
