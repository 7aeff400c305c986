//! `ShutdownWakes`: the waiting places outside the reactor and the timer queue (channels) that
//! the context's shutdown must wake, so that an operation waiting there on a foreign executor
//! or in a `Blocking` call completes with `error::shut_down()` instead of waiting for ever
//! ([G3](crate::guarantees#g3)).
//!
//! A place registers once, when it is made, as a `Weak` reference: the list never keeps one
//! alive, and entries of places gone are pruned as the list grows. At shutdown each live place
//! wakes every operation waiting in it; an operation woken so finds the context shut down at
//! its next poll (`drive::begin`) and completes with the error. An operation that starts
//! waiting while shutdown runs re-checks the flag after storing its waker (see
//! [`Engine::is_shut_down`](super::Engine::is_shut_down)).

use std::sync::{Mutex, MutexGuard, Weak};

/// A place where operations wait with their wakers.
pub(crate) trait WakeOnShutdown: Send + Sync {
    /// Wakes every operation waiting here, changing nothing else.
    fn wake_all(&self);
}

/// The registered places of one context.
#[derive(Default)]
pub(crate) struct ShutdownWakes {
    places: Mutex<Places>,
}

#[derive(Default)]
struct Places {
    list: Vec<Weak<dyn WakeOnShutdown>>,
    /// The length at which dead entries are next pruned: twice the live count at the last
    /// prune, so pruning costs O(1) per registration on average.
    prune_at: usize,
}

impl std::fmt::Debug for ShutdownWakes {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("ShutdownWakes").finish_non_exhaustive()
    }
}

impl ShutdownWakes {
    /// Locks the list, recovering from poisoning (no user code runs under the lock).
    fn lock(&self) -> MutexGuard<'_, Places> {
        self.places.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// Registers `place`, to be woken at shutdown if it still lives then.
    pub(crate) fn register(&self, place: Weak<dyn WakeOnShutdown>) {
        let mut places = self.lock();
        if places.list.len() >= places.prune_at {
            places.list.retain(|p| p.strong_count() > 0);
            places.prune_at = (places.list.len() * 2).max(16);
        }
        places.list.push(place);
    }

    /// Wakes every live place's waiting operations (called once, by shutdown).
    pub(crate) fn wake_all(&self) {
        let list = std::mem::take(&mut self.lock().list);
        // Outside the lock: a woken operation may register a new place.
        for place in list.iter().filter_map(Weak::upgrade) {
            place.wake_all();
        }
    }
}
