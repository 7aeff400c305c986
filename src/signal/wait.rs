//! `SignalWait`: the operation behind `SignalSet::async_wait`.

use std::future::Future;
use std::io;
use std::pin::Pin;
use std::sync::Arc;
use std::task::{Context, Poll};

use super::registry;
use super::state::{SetState, Waiter};
use crate::executor::Executor;
use crate::op::cancellation::CancellationType;
use crate::op::drive::{self, Begin};
use crate::op::readiness::{Direction, IoOpState};
use crate::op::Operation;
use crate::runtime::tracking;

/// A pending wait for a signal: the operation behind
/// [`SignalSet::async_wait`](super::SignalSet::async_wait). Completes with the signal
/// number.
#[must_use = "futures do nothing unless you `.await` or poll them"]
#[derive(Debug)]
pub struct SignalWait {
    set: Arc<SetState>,
    /// The set's cancel epoch when the wait was started.
    epoch: usize,
    /// The wait's entry among the set's waiters, once polled.
    key: Option<usize>,
    /// The state of the readiness wait on the self-pipe.
    pipe: IoOpState,
    done: bool,
}

impl SignalWait {
    pub(super) fn new(set: Arc<SetState>) -> SignalWait {
        let epoch = set.lock().epoch;
        let pipe = set.wake.start();
        SignalWait {
            set,
            epoch,
            key: None,
            pipe,
            done: false,
        }
    }

    /// Leaves the set's waiters; a signal given to this wait and not taken is queued again.
    fn leave(&mut self) {
        if let Some(key) = self.key.take() {
            let mut inner = self.set.lock();
            if let Some(Waiter {
                delivered: Some(signo),
                ..
            }) = inner.waiters.try_remove(key)
            {
                inner.requeue(signo);
            }
        }
    }

    fn finish(&mut self, out: io::Result<i32>) -> Poll<io::Result<i32>> {
        self.leave();
        self.pipe.release();
        self.done = true;
        Poll::Ready(out)
    }

    /// Looks at the set once: the signal delivered to this wait, then the lowest queued one,
    /// then a cancel or the set's drop; else stores the waker. `None`: keep waiting.
    fn look(&mut self, cx: &Context<'_>) -> Option<io::Result<i32>> {
        let mut inner = self.set.lock();
        if let Some(key) = self.key {
            if let Some(signo) = inner.waiters[key].delivered {
                inner.waiters.remove(key);
                self.key = None;
                return Some(Ok(signo));
            }
        }
        if inner.closed || inner.epoch != self.epoch {
            return Some(Err(tracking::aborted(crate::error::aborted())));
        }
        if let Some(signo) = inner.take_queued() {
            return Some(Ok(signo));
        }
        match self.key {
            Some(key) => {
                let w = &mut inner.waiters[key].waker;
                if !w.will_wake(cx.waker()) {
                    *w = cx.waker().clone();
                }
            }
            None => {
                self.key = Some(inner.waiters.insert(Waiter {
                    waker: cx.waker().clone(),
                    epoch: self.epoch,
                    delivered: None,
                }))
            }
        }
        None
    }
}

impl Future for SignalWait {
    type Output = io::Result<i32>;

    fn poll(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<i32>> {
        let this = &mut *self;
        assert!(!this.done, "SignalWait polled after completion");
        // A wait has no side effect (a signal it was given is queued again): every
        // cancellation type is honoured.
        match drive::begin(this.set.wake.executor(), cx, CancellationType::ALL) {
            Begin::Go(_) => {}
            Begin::Yield => return Poll::Pending,
            Begin::Abort(e) => return this.finish(Err(e)),
        }
        loop {
            // 1. What the set holds for this wait (or a cancel); else the waker is stored.
            if let Some(out) = this.look(cx) {
                return this.finish(out);
            }
            // 2. Drain the self-pipe and deliver, or wait for it to be written.
            let polled = this
                .set
                .wake
                .poll_io(cx, Direction::Read, &mut this.pipe, |_| registry::deliver());
            match polled {
                Poll::Ready(Ok(())) => continue, // Something arrived: look again.
                Poll::Ready(Err(e)) => return this.finish(Err(e)),
                Poll::Pending => return Poll::Pending,
            }
        }
    }
}

impl Drop for SignalWait {
    fn drop(&mut self) {
        self.leave();
    }
}

impl Operation for SignalWait {
    type Executor = Executor;
    fn executor(&self) -> Executor {
        self.set.wake.executor().clone()
    }
}
