//! The waits of one timer entry: the oldest inline in the entry, the others in an overflow
//! that allocates only for a second concurrent wait.
//!
//! A wait stays in its timer's list from its first poll until its `DeadlineWait` removes it
//! (it completes or is dropped), in every state: a fired or aborted wait keeps its outcome here
//! until its own poll collects it. So the list is in creation order, and "the oldest pending
//! wait" (`cancel_one`) is the first pending one in iteration order.

use std::task::Waker;

use super::wakers::Wakers;

/// The state of one wait.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum WaitState {
    /// Not yet expired nor cancelled.
    Pending,
    /// The deadline passed.
    Fired,
    /// Cancelled by `cancel`, `cancel_one`, `expires_*` or the timer's drop.
    Aborted,
}

/// One wait on a timer entry.
#[derive(Debug)]
pub(super) struct Wait {
    /// Unique in the timer queue (a queue-wide counter): a wheel entry and a `WaitKey` name
    /// only this wait, never a later one in the same entry or the same slot.
    pub(super) ticket: u64,
    pub(super) state: WaitState,
    /// The expiry it waits for (its timer's, at its start), as the wheel's nanoseconds since
    /// the timer origin.
    pub(super) ns: u64,
    /// Woken when the wait fires or is aborted; taken then.
    pub(super) waker: Option<Waker>,
    /// In the wheel. Blocking-mode waits never are.
    pub(super) in_wheel: bool,
    /// Holds one unit of outstanding work ([G4](crate::guarantees#g4)) until it fires, is
    /// cancelled or is removed: queued in the wheel by a poll that was not already covered by
    /// a task's own work.
    pub(super) counted: bool,
}

impl Wait {
    /// A pending wait for `ns` (the wheel's nanoseconds), not yet polled.
    pub(super) fn new(ticket: u64, ns: u64) -> Wait {
        Wait {
            ticket,
            state: WaitState::Pending,
            ns,
            waker: None,
            in_wheel: false,
            counted: false,
        }
    }

    /// Ends this pending wait in `state`, taking its waker into `wakers` and leaving the wheel
    /// (`queued` counts the waits in it); returns the work it released (0 or 1). The wait
    /// stays listed, with its outcome, until its poll removes it.
    #[inline]
    pub(super) fn finish(
        &mut self,
        state: WaitState,
        queued: &mut usize,
        wakers: &mut Wakers,
    ) -> usize {
        self.state = state;
        wakers.push(self.waker.take());
        *queued -= usize::from(std::mem::take(&mut self.in_wheel));
        usize::from(std::mem::take(&mut self.counted))
    }
}

/// The waits of one timer entry, oldest first; no allocation for the usual single wait.
#[derive(Debug, Default)]
pub(super) struct Waits {
    first: Option<Wait>,
    /// A plain vector: cheaper to drop than a ring buffer, and a second concurrent wait is
    /// rare enough that removing from its front may shift it. Boxed: one word in every timer
    /// entry rather than three (a million timers, 16 MB less), for a second wait's extra
    /// allocation. Kept, empty, once made.
    #[allow(clippy::box_collection)] // The box is the point: one word, not three.
    rest: Option<Box<Vec<Wait>>>,
}

impl Waits {
    /// Adds a wait, the newest.
    #[inline]
    pub(super) fn push(&mut self, wait: Wait) {
        if self.first.is_none() {
            self.first = Some(wait);
        } else {
            self.rest.get_or_insert_with(Box::default).push(wait);
        }
    }

    /// Returns whether no wait is listed.
    #[inline]
    pub(super) fn is_empty(&self) -> bool {
        self.first.is_none()
    }

    /// Returns the wait with `ticket`, if listed.
    #[inline]
    pub(super) fn find_mut(&mut self, ticket: u64) -> Option<&mut Wait> {
        match &mut self.first {
            Some(w) if w.ticket == ticket => Some(w),
            Some(_) => self.rest.as_mut()?.iter_mut().find(|w| w.ticket == ticket),
            None => None,
        }
    }

    /// Returns whether the wait with `ticket` is listed and pending.
    pub(super) fn is_pending(&self, ticket: u64) -> bool {
        self.iter()
            .any(|w| w.ticket == ticket && w.state == WaitState::Pending)
    }

    /// Removes the wait with `ticket`; the next oldest moves inline.
    #[inline]
    pub(super) fn remove(&mut self, ticket: u64) -> Option<Wait> {
        if self.first.as_ref()?.ticket == ticket {
            let next = match &mut self.rest {
                Some(rest) if !rest.is_empty() => Some(rest.remove(0)),
                _ => None,
            };
            return std::mem::replace(&mut self.first, next);
        }
        let rest = self.rest.as_mut()?;
        let pos = rest.iter().position(|w| w.ticket == ticket)?;
        Some(rest.remove(pos))
    }

    /// Aborts up to `max` pending waits, oldest first (see [`Wait::finish`]). Returns how many,
    /// and how many units of work that released.
    #[inline]
    pub(super) fn abort(
        &mut self,
        max: usize,
        queued: &mut usize,
        wakers: &mut Wakers,
    ) -> (usize, usize) {
        let (mut n, mut released) = (0, 0);
        let mut one = |w: &mut Wait| {
            if n < max && w.state == WaitState::Pending {
                released += w.finish(WaitState::Aborted, queued, wakers);
                n += 1;
            }
        };
        let Some(first) = self.first.as_mut() else {
            return (0, 0);
        };
        one(first);
        if let Some(rest) = &mut self.rest {
            rest.iter_mut().for_each(one);
        }
        (n, released)
    }

    /// Returns every wait, oldest first.
    pub(super) fn iter(&self) -> impl Iterator<Item = &Wait> {
        self.first
            .iter()
            .chain(self.rest.iter().flat_map(|r| r.iter()))
    }

    /// Returns every wait, oldest first.
    pub(super) fn iter_mut(&mut self) -> impl Iterator<Item = &mut Wait> {
        self.first
            .iter_mut()
            .chain(self.rest.iter_mut().flat_map(|r| r.iter_mut()))
    }
}
