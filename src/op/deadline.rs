//! The deadline leaf: a wait on a timer's expiry or on a bare deadline.

use std::future::Future;
use std::io;
use std::pin::Pin;
use std::task::{Context, Poll};
use std::time::Instant;

use super::blocking;
use super::cancellation::CancellationType;
use super::drive::{self, Begin};
use crate::executor::Executor;
use crate::runtime::tracking;
use crate::runtime::{PollArgs, Target, TimerKey, WaitState, WaiterKey};

/// A wait in the context's timer queue. Its first poll creates the waiter with the timer's
/// expiry at that moment and queues it for the reactor (closure tokens poll inside the
/// initiating call); it is removed when it completes or is dropped. While queued, the waiter
/// holds one unit of the context's work ([G4](crate::guarantees#g4)), released when it fires or is
/// cancelled: the
/// completion then belongs to whoever was woken.
#[derive(Debug)]
pub(crate) struct DeadlineWait {
    ex: Executor,
    state: State,
}

#[derive(Debug)]
enum State {
    NotStarted(Target),
    Waiting(WaiterKey),
    Done,
}

impl DeadlineWait {
    /// A wait for `timer`'s expiry.
    pub(crate) fn for_timer(ex: &Executor, timer: TimerKey) -> DeadlineWait {
        DeadlineWait {
            ex: ex.clone(),
            state: State::NotStarted(Target::Timer(timer)),
        }
    }

    /// A wait for `deadline`, tied to no timer object.
    pub(crate) fn at(ex: &Executor, deadline: Instant) -> DeadlineWait {
        DeadlineWait {
            ex: ex.clone(),
            state: State::NotStarted(Target::At(deadline)),
        }
    }

    /// Returns the executor of the context whose timer queue holds this wait.
    pub(crate) fn executor(&self) -> &Executor {
        &self.ex
    }
}

impl Future for DeadlineWait {
    /// `Ok(())` at the deadline, or the aborted error if cancelled first.
    type Output = io::Result<()>;

    fn poll(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        let this = &mut *self;
        // A wait has no side effect: every cancellation type is honoured.
        let drive = match drive::begin(&this.ex, cx, CancellationType::ALL) {
            Begin::Go(drive) => drive,
            Begin::Yield => return Poll::Pending,
            Begin::Abort(e) => {
                if let State::Waiting(key) = std::mem::replace(&mut this.state, State::Done) {
                    let released = this.ex.engine().lock_timers().remove_waiter(key);
                    this.ex.engine().work_finished_n(released);
                }
                return Poll::Ready(Err(e));
            }
        };
        let blocking = drive.is_blocking();
        // Blocking mode watches the deadline itself and needs the real time; otherwise the
        // reactor does, and the timer queue's last reading is enough.
        let now = blocking.then(Instant::now);
        let engine = this.ex.engine();
        let args = PollArgs {
            now,
            waker: cx.waker(),
            blocking,
            count: drive.needs_work(),
        };
        let mut tq = engine.lock_timers();
        let (key, polled) = match this.state {
            State::NotStarted(target) => tq.start_waiter(target, &args),
            State::Waiting(key) => (Some(key), tq.poll_waiter(key, &args)),
            State::Done => panic!("DeadlineWait polled after completion"),
        };
        if polled.started {
            engine.work_started(); // Under the lock: counted before it can be released.
        }
        let starting = matches!(this.state, State::NotStarted(_));
        let key = match key {
            Some(key) if polled.state == WaitState::Pending => {
                // A new wait that would park on a stopped context: nobody would fire it.
                if let Some(e) = starting.then(|| drive.unrunnable(&this.ex)).flatten() {
                    let released = polled.released + tq.remove_waiter(key);
                    drop(tq);
                    engine.work_finished_n(released);
                    this.state = State::Done;
                    return Poll::Ready(Err(e));
                }
                key
            }
            key => {
                let released = polled.released + key.map_or(0, |k| tq.remove_waiter(k));
                drop(tq);
                engine.work_finished_n(released);
                this.state = State::Done;
                return Poll::Ready(match polled.state {
                    WaitState::Fired => Ok(()),
                    _ => Err(tracking::aborted(crate::error::aborted())),
                });
            }
        };
        this.state = State::Waiting(key);
        let deadline = tq.deadline(key);
        drop(tq);
        if blocking {
            blocking::wait_until(deadline);
        } else if polled.wake_reactor && engine.timer_poller_sleeps() {
            engine.reactor.wake();
        }
        Poll::Pending
    }
}

impl Drop for DeadlineWait {
    fn drop(&mut self) {
        if let State::Waiting(key) = self.state {
            let engine = self.ex.engine();
            let released = engine.lock_timers().remove_waiter(key);
            engine.work_finished_n(released);
        }
    }
}
