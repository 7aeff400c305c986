//! `CancelScope`: the cancel state an I/O object shares with its pending helper waits, like a
//! socket's cancel epoch.

use std::sync::{Mutex, MutexGuard};
use std::task::Waker;

use slab::Slab;

/// The cancel state shared by an I/O object and its pending helper waits.
///
/// `cancel()` bumps the epoch and wakes every registered wait; a wait started under an older
/// epoch completes with the aborted error, and the helper's later result is dropped.
#[derive(Debug, Default)]
pub(crate) struct CancelScope {
    /// Locked by waits when they store or remove their waker, and by `cancel()`.
    state: Mutex<CancelState>,
}

#[derive(Debug, Default)]
struct CancelState {
    epoch: usize,
    /// Wakers of the waits pending under `epoch`; emptied by `cancel()`, so a key is only
    /// valid while the epoch it was made under is current.
    wakers: Slab<Waker>,
}

impl CancelScope {
    fn lock(&self) -> MutexGuard<'_, CancelState> {
        self.state.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// Returns the current epoch, for a wait being started.
    pub(crate) fn start(&self) -> usize {
        self.lock().epoch
    }

    /// Completes every wait started so far with the aborted error.
    pub(crate) fn cancel(&self) {
        let woken: Vec<Waker> = {
            let mut st = self.lock();
            st.epoch = st.epoch.wrapping_add(1);
            st.wakers.drain().collect()
        };
        woken.into_iter().for_each(Waker::wake);
    }

    /// Stores `waker` for the wait started at `epoch` (under `key`); returns `false` if the
    /// scope was cancelled since.
    pub(super) fn register(&self, epoch: usize, key: &mut Option<usize>, waker: &Waker) -> bool {
        let mut st = self.lock();
        if st.epoch != epoch {
            *key = None;
            return false;
        }
        match key.and_then(|k| st.wakers.get_mut(k)) {
            Some(w) if w.will_wake(waker) => {}
            Some(w) => w.clone_from(waker),
            None => *key = Some(st.wakers.insert(waker.clone())),
        }
        true
    }

    /// Removes the waker stored under `key`, if the epoch it was made under is current.
    pub(super) fn unregister(&self, epoch: usize, key: &mut Option<usize>) {
        if let Some(k) = key.take() {
            let mut st = self.lock();
            if st.epoch == epoch {
                st.wakers.try_remove(k);
            }
        }
    }
}
