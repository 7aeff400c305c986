//! `TimerSlots`: the timer queue's entries at addresses that never change, each beside its
//! timer's [`TimerCell`], with generational keys.
//!
//! A timer object keeps a pointer to its cell and uses it without the queue's lock (see
//! `timer_cell`); the queue changes the rest of the entry under its lock. So the slots live in
//! pages that are never moved nor freed before the queue is dropped, and the queue is dropped
//! with its engine, which every timer object keeps alive (by its executor). The slab it replaces
//! moved its entries when it grew.
//!
//! A slot's value is only reached through `&self` or `&mut self` of the slots, so the borrow
//! rules of the slots themselves order every access to values; a slot's cell is reached by
//! shared reference only, from anywhere. No reference to a whole slot is ever made, so a
//! mutable reference to a value never overlaps a reader of its cell.
//!
//! A freed slot keeps its value, which its owner left empty (a timer entry is removed once it
//! lists no wait), with whatever capacity it had: inserting resets it in place, and removing
//! drops nothing.
//!
//! A key names only the entry it was made for: every insert takes the next value of a 64-bit
//! counter as its generation, and a lookup with another generation finds nothing.
#![allow(unsafe_code)]

use std::mem::MaybeUninit;
use std::ptr::{addr_of, addr_of_mut, NonNull};

use super::gen_slab::Key;
use super::timer_cell::TimerCell;

/// Slots per page.
const PAGE: usize = 256;

/// One slot: a cell, and a value that is an entry while `generation` is not 0.
struct Slot<T> {
    cell: TimerCell,
    /// The entry's generation, or 0 while the slot is free.
    generation: u64,
    value: T,
}

/// Entries with generational keys at stable addresses. Not thread-safe: its owner locks it.
pub(crate) struct TimerSlots<T> {
    /// Pages of [`PAGE`] slots, each from a leaked `Box<[MaybeUninit<Slot<T>>]>`, freed by
    /// `drop`. The slots below `made` are initialised, the others not.
    pages: Vec<NonNull<Slot<T>>>,
    /// Slots given back, reused last in, first out.
    free: Vec<u32>,
    /// Slots ever handed out.
    made: u32,
    next_generation: u64,
}

// SAFETY: the pages are owned (like a `Vec<Box<[Slot<T>]>>`); values are reached only through
// `&self`/`&mut self`, and cells are atomics, shared by design.
unsafe impl<T: Send> Send for TimerSlots<T> {}
// SAFETY: as above; `&self` gives out only `&T` and `&TimerCell`.
unsafe impl<T: Sync> Sync for TimerSlots<T> {}

impl<T: Default> TimerSlots<T> {
    pub(crate) fn new() -> TimerSlots<T> {
        TimerSlots {
            pages: Vec::new(),
            free: Vec::new(),
            made: 0,
            next_generation: 0,
        }
    }

    /// Returns the slot at `index`, which must be below `made`.
    #[inline]
    fn slot(&self, index: usize) -> *mut Slot<T> {
        debug_assert!(index < self.made as usize);
        // SAFETY: every slot below `made` is in a page, and the offset is within it.
        unsafe {
            self.pages
                .get_unchecked(index / PAGE)
                .as_ptr()
                .add(index % PAGE)
        }
    }

    /// Makes an entry: a slot whose cell is new, its value passed to `init` (a default value,
    /// or one its last entry left empty). Returns its key and its cell, which stays at its
    /// address until the queue is dropped.
    ///
    /// # Panics
    ///
    /// Panics if more than `u32::MAX` entries are live at once.
    #[inline]
    pub(crate) fn insert(&mut self, init: impl FnOnce(&mut T)) -> (Key, NonNull<TimerCell>) {
        self.next_generation += 1;
        let generation = self.next_generation;
        let index = match self.free.pop() {
            Some(i) => i,
            None => self.fresh(),
        };
        let slot = self.slot(index as usize);
        // SAFETY: the slot is below `made`, so initialised. `&mut self` excludes every other
        // reference to a value, and the projections make none to the cell, which no timer
        // holds: the slot was free (its last owner was dropped and its waits were removed), or
        // is new.
        unsafe {
            (*addr_of!((*slot).cell)).reset();
            *addr_of_mut!((*slot).generation) = generation;
            init(&mut *addr_of_mut!((*slot).value));
        }
        let cell = self.cell_ptr(index as usize);
        (Key::from_parts(generation, index), cell)
    }

    /// Initialises the first slot never used, making a page if need be; returns its index.
    #[cold]
    fn fresh(&mut self) -> u32 {
        let i = self.made;
        if i as usize == self.pages.len() * PAGE {
            let page: Box<[MaybeUninit<Slot<T>>]> =
                (0..PAGE).map(|_| MaybeUninit::uninit()).collect();
            let page = NonNull::from(Box::leak(page)).cast::<Slot<T>>();
            self.pages.push(page);
        }
        self.made = i
            .checked_add(1)
            .expect("fewer than 2^32 live timer entries");
        let slot = Slot {
            cell: TimerCell::new(),
            generation: 0,
            value: T::default(),
        };
        // SAFETY: slot `i` is in a page (made above if need be) and not initialised yet.
        unsafe { self.slot(i as usize).write(slot) };
        i
    }

    /// Returns the cell of slot `index` (below `made`).
    #[inline]
    fn cell_ptr(&self, index: usize) -> NonNull<TimerCell> {
        // SAFETY: the slot is in a live page, so the field's address is not null.
        unsafe { NonNull::new_unchecked(addr_of_mut!((*self.slot(index)).cell)) }
    }

    /// Returns the cell of slot `index`, which holds an entry.
    #[inline]
    pub(crate) fn cell(&self, index: usize) -> &TimerCell {
        // SAFETY: a live page, never freed before `self`; cells are only ever shared.
        unsafe { self.cell_ptr(index).as_ref() }
    }

    /// Returns the generation of slot `index` (0: free, or never made).
    #[inline]
    fn generation(&self, index: usize) -> u64 {
        if index >= self.made as usize {
            return 0;
        }
        // SAFETY: an initialised slot; `&self` excludes a mutable reference to it.
        unsafe { *addr_of!((*self.slot(index)).generation) }
    }

    /// Hints the CPU to fetch slot `index` (if it was ever handed out) ahead of its use.
    #[inline]
    pub(crate) fn prefetch(&self, index: usize) {
        if index < self.made as usize {
            let first = self.slot(index).cast::<u8>();
            let last = first.wrapping_add(std::mem::size_of::<Slot<T>>() - 1);
            crate::sys::prefetch(first);
            crate::sys::prefetch(first.wrapping_add(64).min(last));
            crate::sys::prefetch(last);
        }
    }

    /// Returns the entry `key` names and its cell, if it is still there.
    #[inline]
    pub(crate) fn get_mut(&mut self, key: Key) -> Option<(&mut T, &TimerCell)> {
        if self.generation(key.index()) != key.generation() {
            return None;
        }
        Some(self.both(key.index()))
    }

    /// Returns the entry in slot `index` and its cell, whatever its generation (for a caller
    /// whose id carries its own proof of identity, as a timer wait's ticket does).
    #[inline]
    pub(crate) fn get_index_mut(&mut self, index: usize) -> Option<(&mut T, &TimerCell)> {
        (self.generation(index) != 0).then(|| self.both(index))
    }

    /// Returns the value and the cell of slot `index`, which holds an entry.
    #[inline]
    fn both(&mut self, index: usize) -> (&mut T, &TimerCell) {
        let slot = self.slot(index);
        // SAFETY: an initialised slot; `&mut self` excludes every other reference to its value,
        // and the cell, another field, is only ever shared.
        unsafe { (&mut *addr_of_mut!((*slot).value), &*addr_of!((*slot).cell)) }
    }

    /// Returns the entry in slot `index`, whatever its generation.
    #[inline]
    pub(crate) fn get_index(&self, index: usize) -> Option<&T> {
        (self.generation(index) != 0).then(|| {
            // SAFETY: an initialised slot; `&self` excludes a mutable reference to its value.
            unsafe { &*addr_of!((*self.slot(index)).value) }
        })
    }

    /// Frees the slot of the entry `key` names, if it is still there, for reuse. Its value
    /// stays, as the caller left it.
    #[inline]
    pub(crate) fn remove(&mut self, key: Key) {
        if self.generation(key.index()) == key.generation() {
            // SAFETY: an initialised slot; `&mut self` excludes every other reference to it
            // but its cell's.
            unsafe { *addr_of_mut!((*self.slot(key.index())).generation) = 0 };
            self.free.push(key.slot());
        }
    }

    /// Calls `f` on every live entry.
    pub(crate) fn for_each_mut(&mut self, mut f: impl FnMut(&mut T)) {
        for i in 0..self.made as usize {
            if let Some((v, _)) = self.get_index_mut(i) {
                f(v);
            }
        }
    }
}

impl<T> Drop for TimerSlots<T> {
    fn drop(&mut self) {
        for i in 0..self.made as usize {
            let slot = self.pages[i / PAGE].as_ptr().wrapping_add(i % PAGE);
            // SAFETY: slots below `made` are initialised, and each is dropped once, here; no
            // timer object is left (each keeps the engine, and so the queue, alive).
            unsafe { slot.drop_in_place() };
        }
        for page in self.pages.drain(..) {
            let page = page.as_ptr().cast::<MaybeUninit<Slot<T>>>();
            let slice = std::ptr::slice_from_raw_parts_mut(page, PAGE);
            // SAFETY: each page came from `Box::leak` of a boxed slice of `PAGE` uninitialised
            // slots (whose contents were dropped above), and is freed once, here.
            drop(unsafe { Box::from_raw(slice) });
        }
    }
}

impl<T> std::fmt::Debug for TimerSlots<T> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("TimerSlots")
            .field("made", &self.made)
            .field("free", &self.free.len())
            .finish()
    }
}

#[cfg(all(test, not(jeton_loom)))]
mod tests {
    use super::{TimerSlots, PAGE};

    fn get(s: &mut TimerSlots<String>, k: super::Key) -> Option<String> {
        s.get_mut(k).map(|(v, _)| v.clone())
    }

    fn put(s: &mut TimerSlots<String>, v: &str) -> super::Key {
        s.insert(|x| {
            assert!(x.is_empty(), "a reused value was left empty");
            x.push_str(v);
        })
        .0
    }

    #[test]
    fn a_stale_key_names_nothing_and_cells_stay_put_as_pages_are_added() {
        let mut s = TimerSlots::new();
        let (a, cell_a) = s.insert(|x: &mut String| x.push('a'));
        let keys: Vec<_> = (0..3 * PAGE).map(|i| put(&mut s, &i.to_string())).collect();
        assert_eq!(s.cell(a.index()) as *const _, cell_a.as_ptr() as *const _);
        s.get_mut(a).unwrap().0.clear(); // Its owner empties it, then removes it.
        s.remove(a);
        assert!(get(&mut s, a).is_none(), "a removed entry is gone");
        s.remove(a); // A stale key removes nothing.
        let b = put(&mut s, "b");
        assert_eq!(b.index(), a.index(), "its slot is reused");
        assert!(
            get(&mut s, a).is_none(),
            "the stale key does not name the new entry"
        );
        assert_eq!(get(&mut s, b).as_deref(), Some("b"));
        let mut n = 0;
        s.for_each_mut(|_| n += 1);
        assert_eq!(n, 3 * PAGE + 1);
        assert_eq!(get(&mut s, keys[PAGE + 1]).as_deref(), Some("257"));
    }

    #[test]
    fn a_timer_entry_takes_104_bytes() {
        // The cell (40), the generation (8), and the entry: one inline wait (40), the
        // overflow's box (8) and the owner flag. Each byte is a megabyte for a million timers,
        // and the 1 M-timer schedule loop is bound by first-touch page faults.
        let size = std::mem::size_of::<super::Slot<crate::runtime::timer_entries::TimerData>>();
        assert!(size <= 104, "a timer slot grew to {size} bytes");
    }
}
