//! `SetState`: what a signal set shares with its pending waits and with the process-wide
//! registry that delivers signals to it.

use std::collections::{BTreeMap, BTreeSet};
use std::os::fd::OwnedFd;
use std::sync::{Mutex, MutexGuard};
use std::task::Waker;

use slab::Slab;

use crate::op::io_source::IoSource;

/// The state of one signal set.
#[derive(Debug)]
pub(crate) struct SetState {
    /// A descriptor of the process-wide self-pipe, registered with the set's context: waits
    /// poll it to drain the pipe and deliver what arrived. Closed when the set is dropped,
    /// which aborts waits polling it.
    pub(super) wake: IoSource<OwnedFd>,
    /// Locked by the set's methods, its waits' polls and the registry's delivery (always
    /// after the registry's lock, never before it).
    inner: Mutex<Inner>,
}

/// The lockable part of a [`SetState`].
#[derive(Debug, Default)]
pub(super) struct Inner {
    /// The signals the set watches.
    pub(super) signals: BTreeSet<i32>,
    /// Per signal, notifications that arrived with no wait to take them (G13), delivered to
    /// later waits in ascending signal number.
    pub(super) queued: BTreeMap<i32, usize>,
    /// The waits that have been polled and not completed.
    pub(super) waiters: Slab<Waiter>,
    /// Bumped by `cancel()`: a wait started under an older epoch and not yet given a signal
    /// completes aborted.
    pub(super) epoch: usize,
    /// The set was dropped: every wait completes aborted.
    pub(super) closed: bool,
}

/// One pending wait.
#[derive(Debug)]
pub(super) struct Waiter {
    pub(super) waker: Waker,
    /// The set's cancel epoch when the wait started: a wait cancelled and not yet polled is
    /// given no signal.
    pub(super) epoch: usize,
    /// The signal delivered to this wait, which completes with it when next polled.
    pub(super) delivered: Option<i32>,
}

impl SetState {
    pub(super) fn new(wake: IoSource<OwnedFd>) -> SetState {
        SetState {
            wake,
            inner: Mutex::new(Inner::default()),
        }
    }

    pub(super) fn lock(&self) -> MutexGuard<'_, Inner> {
        self.inner.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// Delivers `n` occurrences of `signo` (Asio's `deliver_signal`): the first completes every
    /// wait that has no signal yet; the rest, or all of them if no wait is pending, are queued.
    pub(super) fn deliver(&self, signo: i32, mut n: usize) {
        let mut wake = Vec::new();
        {
            let mut inner = self.lock();
            if n == 0 || inner.closed || !inner.signals.contains(&signo) {
                return;
            }
            let epoch = inner.epoch;
            let waiting = inner
                .waiters
                .iter_mut()
                .filter(|(_, w)| w.delivered.is_none() && w.epoch == epoch);
            for (_, w) in waiting {
                w.delivered = Some(signo);
                wake.push(w.waker.clone());
            }
            if !wake.is_empty() {
                n -= 1;
            }
            if n > 0 {
                *inner.queued.entry(signo).or_insert(0) += n;
            }
        }
        wake.into_iter().for_each(Waker::wake);
    }

    /// Wakes every pending wait (after a cancel or the set's drop).
    pub(super) fn wake_all(inner: &Inner) -> Vec<Waker> {
        inner.waiters.iter().map(|(_, w)| w.waker.clone()).collect()
    }
}

impl Inner {
    /// Takes the queued notification of the lowest signal number, if any.
    pub(super) fn take_queued(&mut self) -> Option<i32> {
        let mut entry = self.queued.first_entry()?;
        let signo = *entry.key();
        *entry.get_mut() -= 1;
        if *entry.get() == 0 {
            entry.remove();
        }
        Some(signo)
    }

    /// Puts back a notification a wait was given but did not complete with (it was cancelled
    /// or dropped first), so a wait has no side effect.
    pub(super) fn requeue(&mut self, signo: i32) {
        if self.signals.contains(&signo) {
            *self.queued.entry(signo).or_insert(0) += 1;
        }
    }
}
