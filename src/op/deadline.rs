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
use crate::runtime::{PollArgs, Target, TimerKey, WaitKey, WaitState};

/// A wait in the context's timer queue. Its first poll adds the wait to its timer's entry,
/// with the timer's expiry at that moment, and queues it for the reactor (closure tokens poll
/// inside the initiating call); the poll that finds it over removes it, and so does its drop.
/// While queued, the wait may hold one unit of the context's work
/// ([G4](crate::guarantees#g4)), released when it fires or is cancelled: the completion then
/// belongs to whoever was woken.
#[derive(Debug)]
pub(crate) struct DeadlineWait {
    ex: Executor,
    state: State,
}

#[derive(Debug)]
enum State {
    NotStarted(Target),
    Waiting(WaitKey),
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

    /// One locked step per poll: the first adds the wait (and parks it, or completes it at
    /// once); a later one finds it pending (a spurious or repeated poll: the waker is
    /// refreshed) or collects its outcome and removes it.
    fn poll(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        let this = &mut *self;
        // A wait has no side effect: every cancellation type is honoured.
        let drive = match drive::begin(&this.ex, cx, CancellationType::ALL) {
            Begin::Go(drive) => drive,
            Begin::Yield => return Poll::Pending,
            Begin::Abort(e) => {
                if let State::Waiting(key) = std::mem::replace(&mut this.state, State::Done) {
                    let released = this.ex.engine().lock_timers().remove_wait(key);
                    this.ex.engine().work_finished_n(released);
                }
                return Poll::Ready(Err(e));
            }
        };
        let blocking = drive.is_blocking();
        // Blocking mode watches the deadline itself and needs the real time; otherwise the
        // reactor does, and the timer queue's last reading is enough.
        let args = PollArgs {
            now: blocking.then(Instant::now),
            waker: cx.waker(),
            blocking,
            count: drive.needs_work(),
        };
        let engine = this.ex.engine();
        let mut tq = engine.lock_timers();
        let (key, mut polled) = match this.state {
            State::NotStarted(target) => tq.start_wait(target, &args),
            State::Waiting(key) => (Some(key), tq.poll_wait(key, &args)),
            State::Done => panic!("DeadlineWait polled after completion"),
        };
        if polled.started {
            engine.work_started(); // Under the lock: counted before it can be released.
        }
        if let (Some(k), WaitState::Pending) = (key, polled.state) {
            // A new wait that would park on a stopped context: nobody would fire it.
            let refused = matches!(this.state, State::NotStarted(_))
                .then(|| drive.unrunnable(&this.ex))
                .flatten();
            let Some(e) = refused else {
                drop(tq);
                this.state = State::Waiting(k);
                if let (true, Some(deadline)) = (blocking, polled.deadline) {
                    blocking::wait_until(deadline);
                } else if polled.wake_reactor && engine.timer_poller_sleeps() {
                    engine.reactor.wake();
                }
                return Poll::Pending;
            };
            polled.released += tq.remove_wait(k);
            drop(tq);
            engine.work_finished_n(polled.released);
            this.state = State::Done;
            return Poll::Ready(Err(e));
        }
        // Over: the queue has removed the wait (or never added it).
        drop(tq);
        engine.work_finished_n(polled.released);
        this.state = State::Done;
        Poll::Ready(match polled.state {
            WaitState::Fired => Ok(()),
            _ => Err(tracking::aborted(crate::error::aborted())),
        })
    }
}

impl Drop for DeadlineWait {
    fn drop(&mut self) {
        if let State::Waiting(key) = self.state {
            let engine = self.ex.engine();
            let released = engine.lock_timers().remove_wait(key);
            engine.work_finished_n(released);
        }
    }
}
