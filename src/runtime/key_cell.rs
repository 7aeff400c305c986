//! `KeyCell`: a slab [`Key`] set once, then read without a lock.
//!
//! A timer object gets its timer-queue entry lazily, under the queue's lock, and reads its key
//! on every later call: two atomic words (generation, then index) with release/acquire order,
//! where `std::sync::OnceLock` would run its `Once` machinery on the set.

use std::sync::atomic::{AtomicU32, AtomicU64, Ordering};

use super::gen_slab::Key;

/// A [`Key`], or nothing until set. A generation is never 0, so 0 means "not set".
#[derive(Debug, Default)]
pub(crate) struct KeyCell {
    /// Stored last (release): once non-zero, `index` holds the key's slot.
    generation: AtomicU64,
    index: AtomicU32,
}

impl KeyCell {
    /// Returns the key, once set.
    #[inline]
    pub(crate) fn get(&self) -> Option<Key> {
        let generation = self.generation.load(Ordering::Acquire);
        (generation != 0).then(|| Key::from_parts(generation, self.index.load(Ordering::Relaxed)))
    }

    /// Sets the key. Callers set it at most once, and serialize the check and the set (they
    /// hold the lock of the slab that made the key).
    #[inline]
    pub(crate) fn set(&self, key: Key) {
        self.index.store(key.slot(), Ordering::Relaxed);
        self.generation.store(key.generation(), Ordering::Release);
    }
}
