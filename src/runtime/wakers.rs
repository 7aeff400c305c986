//! `Wakers`: the wakers a locked step collects, to wake once the lock is released, with no
//! allocation for the usual single one.

use std::task::Waker;

/// Wakers collected under a lock, woken after it: the first one inline, the rest in a vector
/// that allocates only for a second one (cancelling a timer with its one waiter allocates
/// nothing).
#[derive(Debug, Default)]
pub(crate) struct Wakers {
    first: Option<Waker>,
    rest: Vec<Waker>,
}

impl Wakers {
    /// No wakers.
    #[inline]
    pub(crate) const fn new() -> Wakers {
        Wakers {
            first: None,
            rest: Vec::new(),
        }
    }

    /// Adds a waker, if there is one.
    #[inline]
    pub(crate) fn push(&mut self, waker: Option<Waker>) {
        let Some(w) = waker else { return };
        if self.first.is_none() {
            self.first = Some(w);
        } else {
            self.rest.push(w);
        }
    }

    /// Wakes every collected waker, in the order collected.
    #[inline]
    pub(crate) fn wake(self) {
        let Wakers { first, rest } = self;
        if let Some(w) = first {
            w.wake();
        }
        if !rest.is_empty() {
            rest.into_iter().for_each(Waker::wake);
        }
    }
}
