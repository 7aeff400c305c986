//! `GenSlab`: a slab whose keys carry a generation, so that a key names only the entry it was
//! made for, never a later occupant of the same slot.
//!
//! Every insert takes the next value of a 64-bit counter as the entry's generation; a lookup
//! with a key whose generation differs from the slot's finds nothing. The counter cannot wrap
//! in practice (2^64 inserts), so a stale key can never name another entry.

use slab::Slab;

/// The key of a [`GenSlab`] entry: its slot and its generation.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub(crate) struct Key {
    generation: u64,
    index: u32,
}

impl Key {
    /// The key of `index` at `generation` (a key taken apart and stored, as `KeyCell` does).
    #[inline]
    pub(crate) fn from_parts(generation: u64, index: u32) -> Key {
        Key { generation, index }
    }

    /// Returns the slot index as stored.
    #[inline]
    pub(crate) fn slot(self) -> u32 {
        self.index
    }

    /// Returns the slot index (for packing into a mio token).
    pub(crate) fn index(self) -> usize {
        self.index as usize
    }

    /// Returns the generation: never 0 (the first insert takes 1).
    pub(crate) fn generation(self) -> u64 {
        self.generation
    }
}

/// A slab with generational keys. Not thread-safe: its owner locks it.
#[derive(Debug)]
pub(crate) struct GenSlab<T> {
    slab: Slab<(u64, T)>,
    next_generation: u64,
}

impl<T> Default for GenSlab<T> {
    fn default() -> GenSlab<T> {
        GenSlab::new()
    }
}

impl<T> GenSlab<T> {
    pub(crate) const fn new() -> GenSlab<T> {
        GenSlab {
            slab: Slab::new(),
            next_generation: 0,
        }
    }

    /// Inserts `value`; returns its key.
    ///
    /// # Panics
    ///
    /// Panics if more than `u32::MAX` entries are live at once.
    pub(crate) fn insert(&mut self, value: T) -> Key {
        self.next_generation += 1;
        let generation = self.next_generation;
        let index = self.slab.insert((generation, value));
        let index = u32::try_from(index).expect("fewer than 2^32 live entries");
        Key { generation, index }
    }

    /// Returns the entry `key` names, if it is still there.
    #[inline]
    pub(crate) fn get(&self, key: Key) -> Option<&T> {
        match self.slab.get(key.index()) {
            Some((g, v)) if *g == key.generation => Some(v),
            _ => None,
        }
    }

    /// Returns the entry `key` names, if it is still there.
    #[inline]
    pub(crate) fn get_mut(&mut self, key: Key) -> Option<&mut T> {
        match self.slab.get_mut(key.index()) {
            Some((g, v)) if *g == key.generation => Some(v),
            _ => None,
        }
    }

    /// Returns the entry in slot `index` whose generation's low 32 bits are `low` (a key packed
    /// into 64 bits, as a mio token is).
    pub(crate) fn get_packed(&self, index: usize, low: u32) -> Option<&T> {
        match self.slab.get(index) {
            Some((g, v)) if *g as u32 == low => Some(v),
            _ => None,
        }
    }

    /// Removes the entry `key` names, if it is still there.
    pub(crate) fn remove(&mut self, key: Key) -> Option<T> {
        self.get(key)?;
        Some(self.slab.remove(key.index()).1)
    }

    /// Removes every entry.
    pub(crate) fn drain(&mut self) -> impl Iterator<Item = T> + '_ {
        self.slab.drain().map(|(_, v)| v)
    }
}

#[cfg(test)]
mod tests {
    use super::GenSlab;

    #[test]
    fn a_stale_key_names_nothing_after_its_slot_is_reused() {
        let mut s = GenSlab::new();
        let a = s.insert("a");
        assert_eq!(s.remove(a), Some("a"));
        let b = s.insert("b");
        assert_eq!(a.index(), b.index(), "the slot is reused");
        assert_eq!(s.get(a), None);
        assert_eq!(s.remove(a), None);
        assert_eq!(s.get(b), Some(&"b"));
        assert_eq!(s.get_packed(b.index(), b.generation() as u32), Some(&"b"));
        assert_eq!(s.get_packed(a.index(), a.generation() as u32), None);
    }
}
