//! The state of one channel under its lock: the buffer, the waiting senders and receivers, and
//! every move between them (Asio's `channel_service`).
//!
//! Invariants, kept by every method:
//! - receivers wait only while the buffer is empty and no sender waits;
//! - senders wait only while the buffer is full (a receive that makes room admits the first
//!   one at once);
//! - after `close`, nothing waits: senders fail at once, receivers drain the buffer and then
//!   fail.

use std::collections::VecDeque;
use std::io;
use std::sync::atomic::AtomicUsize;
use std::sync::{Mutex, MutexGuard};
use std::task::{Context, Waker};

use super::wait_list::WaitList;
use crate::error;
use crate::executor::Executor;
use crate::runtime::tracking;
use crate::runtime::WakeOnShutdown;

/// What the channel's handles and operations share.
#[derive(Debug)]
pub(super) struct Shared<T> {
    /// Locked by every operation and handle method, briefly; no waker is woken and no value is
    /// dropped under it.
    state: Mutex<State<T>>,
    /// Live `Channel` handles: the last one dropped cancels the waiting operations (operations
    /// keep the state alive, not the channel).
    pub(super) handles: AtomicUsize,
    /// The buffer's capacity, fixed at creation.
    pub(super) capacity: usize,
}

impl<T> Shared<T> {
    pub(super) fn new(capacity: usize) -> Shared<T> {
        Shared {
            state: Mutex::new(State {
                capacity,
                buffer: VecDeque::new(),
                open: true,
                senders: WaitList::new(),
                receivers: WaitList::new(),
            }),
            handles: AtomicUsize::new(1),
            capacity,
        }
    }

    /// Locks the state, recovering from poisoning (no user code runs under the lock).
    pub(super) fn lock(&self) -> MutexGuard<'_, State<T>> {
        self.state.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// Closes the channel (see [`State::close`]) and wakes whoever it completed.
    pub(super) fn close(&self) {
        let mut woken = Vec::new();
        self.lock().close(&mut woken);
        woken.into_iter().for_each(Waker::wake);
    }

    /// Fails every waiting operation with the cancelled error and wakes it.
    pub(super) fn cancel(&self) {
        let mut woken = Vec::new();
        self.lock().fail_all(Failure::Cancelled, &mut woken);
        woken.into_iter().for_each(Waker::wake);
    }

    /// Resets the channel (see [`State::reset`]) and wakes whoever it completed.
    pub(super) fn reset(&self) {
        let mut woken = Vec::new();
        let dropped = self.lock().reset(&mut woken);
        drop(dropped); // Outside the lock: a value's drop may use the channel.
        woken.into_iter().for_each(Waker::wake);
    }
}

impl<T: Send> WakeOnShutdown for Shared<T> {
    /// Wakes every waiting operation: at its next poll it finds the context shut down and
    /// completes with `error::shut_down()` ([G3](crate::guarantees#g3)).
    fn wake_all(&self) {
        let mut woken = Vec::new();
        {
            let st = self.lock();
            st.senders.waiting_wakers(&mut woken);
            st.receivers.waiting_wakers(&mut woken);
        }
        woken.into_iter().for_each(Waker::wake);
    }
}

/// Called by an operation that has just stored its waker in the channel (and released the
/// lock): if the context of `ex` was shut down meanwhile, its shutdown may have woken the
/// channel's waiters before this waker was there, so the operation is woken now. (Shutdown
/// sets its flag before it locks the channel to wake; an operation that locked after it sees
/// the flag.)
pub(super) fn recheck_shutdown(ex: &Executor, cx: &Context<'_>) {
    if ex.engine().is_shut_down() {
        cx.waker().wake_by_ref();
    }
}

/// The buffer and the waiting operations.
#[derive(Debug)]
pub(super) struct State<T> {
    capacity: usize,
    buffer: VecDeque<T>,
    open: bool,
    pub(super) senders: WaitList<SendState<T>>,
    pub(super) receivers: WaitList<ReceiveState<T>>,
}

/// Why a waiting operation failed.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Failure {
    /// The channel was closed.
    Closed,
    /// The channel's waiting operations were cancelled.
    Cancelled,
}

impl Failure {
    pub(super) fn error(self) -> io::Error {
        match self {
            Failure::Closed => error::channel_closed(),
            Failure::Cancelled => tracking::aborted(error::channel_cancelled()),
        }
    }
}

/// Where a waiting send stands.
#[derive(Debug)]
pub(super) enum SendState<T> {
    /// With its value, until a receive or the buffer takes it.
    Waiting(T),
    /// A receiver, or the buffer, took the value.
    Delivered,
    /// The value was never delivered and is handed back.
    Failed(Failure, T),
}

/// Where a waiting receive stands.
#[derive(Debug)]
pub(super) enum ReceiveState<T> {
    Waiting,
    Delivered(T),
    Failed(Failure),
}

/// The outcome of [`State::try_send`].
pub(super) enum TrySend<T> {
    /// Taken; wake this receiver.
    Sent(Option<Waker>),
    /// No receiver waits and the buffer is full.
    Full(T),
    Closed(T),
}

/// The outcome of [`State::try_receive`].
pub(super) enum TryReceive<T> {
    /// A value; wake this sender.
    Received(T, Option<Waker>),
    /// Nothing buffered and no sender waits.
    Empty,
    /// Closed and drained.
    Closed,
}

impl<T> State<T> {
    /// Hands `value` to the first waiting receiver, or to the buffer if it has room.
    pub(super) fn try_send(&mut self, value: T) -> TrySend<T> {
        if !self.open {
            return TrySend::Closed(value);
        }
        if let Some((r, waker)) = self.receivers.pop_front() {
            *r = ReceiveState::Delivered(value);
            return TrySend::Sent(waker);
        }
        if self.buffer.len() < self.capacity {
            self.buffer.push_back(value);
            return TrySend::Sent(None);
        }
        TrySend::Full(value)
    }

    /// Takes the oldest value: from the buffer (admitting the first waiting sender's value in
    /// its place), else from the first waiting sender.
    pub(super) fn try_receive(&mut self) -> TryReceive<T> {
        if let Some(value) = self.buffer.pop_front() {
            let mut woken = None;
            if self.buffer.len() < self.capacity {
                if let Some((s, waker)) = self.senders.pop_front() {
                    self.buffer.push_back(take_value(s));
                    woken = waker;
                }
            }
            return TryReceive::Received(value, woken);
        }
        if let Some((s, waker)) = self.senders.pop_front() {
            return TryReceive::Received(take_value(s), waker);
        }
        if self.open {
            TryReceive::Empty
        } else {
            TryReceive::Closed
        }
    }

    /// Puts back a value a receive took but never delivered (it was dropped): to the next
    /// waiting receiver, or first in the buffer (possibly over its capacity: it was sent
    /// already). Returns the receiver to wake.
    pub(super) fn give_back(&mut self, value: T) -> Option<Waker> {
        if let Some((r, waker)) = self.receivers.pop_front() {
            *r = ReceiveState::Delivered(value);
            return waker;
        }
        self.buffer.push_front(value);
        None
    }

    /// Closes the channel: waiting senders fail with their values, waiting receivers fail;
    /// what is buffered can still be received.
    fn close(&mut self, woken: &mut Vec<Waker>) {
        self.open = false;
        self.fail_all(Failure::Closed, woken);
    }

    /// Fails every waiting operation with `failure`, collecting their wakers.
    fn fail_all(&mut self, failure: Failure, woken: &mut Vec<Waker>) {
        let fail_send = |s: &mut SendState<T>| {
            let value = take_value(s);
            *s = SendState::Failed(failure, value);
        };
        self.senders.unlink_all(fail_send, woken);
        self.receivers
            .unlink_all(|r| *r = ReceiveState::Failed(failure), woken);
    }

    /// Cancels every waiting operation, empties the buffer and opens the channel again;
    /// returns the buffered values, for the caller to drop outside the lock.
    fn reset(&mut self, woken: &mut Vec<Waker>) -> VecDeque<T> {
        self.fail_all(Failure::Cancelled, woken);
        self.open = true;
        std::mem::take(&mut self.buffer)
    }

    /// Returns whether a receive would complete at once (Asio's `ready`): a value is buffered,
    /// a sender waits, or the channel is closed.
    pub(super) fn ready(&self) -> bool {
        !self.buffer.is_empty() || !self.senders.is_empty() || !self.open
    }

    pub(super) fn is_open(&self) -> bool {
        self.open
    }
}

/// Takes the value of a sender that waits, marking it delivered.
fn take_value<T>(s: &mut SendState<T>) -> T {
    match std::mem::replace(s, SendState::Delivered) {
        SendState::Waiting(value) => value,
        _ => unreachable!("only waiting senders are linked"),
    }
}

/// Returns the error a channel operation completes with when its poll is aborted with `e`: a
/// cancellation request becomes [`error::channel_cancelled`] (as in Asio, whose channel
/// operations report every cancellation so); a dropped context, or any other error, is kept.
pub(super) fn abort_error(e: io::Error) -> io::Error {
    if error::is_aborted(&e) && !error::is_shut_down(&e) {
        error::channel_cancelled()
    } else {
        e
    }
}

/// Wakes `woken`, if any (after the lock is released).
pub(super) fn wake(woken: Option<Waker>) {
    if let Some(w) = woken {
        w.wake();
    }
}
