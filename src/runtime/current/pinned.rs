//! The stackful coroutines whose home is this thread, their spare stacks, and the list of
//! those dropped on other threads (feature `stackful`).
//!
//! A coroutine's stack may only ever run on the thread that first ran it (moving a stack
//! between threads is undefined behaviour with thread-locals in Rust), so the coroutine itself
//! lives here, in its home thread's table, and the task that drives it holds only its key: a
//! poll on any other thread cannot reach it.
//!
//! This is a thread-local of its own, not part of `COLD`: its destructor unwinds the
//! coroutines still suspended when the thread exits, and their destructors may post handlers
//! or look at the thread's state, which needs `COLD` alive. It is first touched after `COLD`
//! (every access goes through [`thread_no`] first), and thread-locals are destroyed in the
//! reverse order of their first use (glibc's `__cxa_thread_atexit_impl`; macOS does the same).
//! Its own functions used from destructors fall back to doing nothing once it is gone.

use std::any::Any;
use std::cell::{Cell, RefCell};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};

use corosensei::stack::DefaultStack;

use super::frames::thread_no;
use crate::runtime::gen_slab::{GenSlab, Key};

/// Spare stacks one thread keeps for its next coroutines.
const SPARE_STACKS: usize = 64;

/// Keys of coroutines whose task was dropped on another thread (their context was dropped
/// there): their home thread unwinds them at its next sweep. Any thread pushes; the home
/// thread drains.
#[derive(Debug, Default)]
pub(crate) struct Orphans {
    keys: Mutex<Vec<Key>>,
    /// Set when `keys` may be non-empty: a sweep that finds it clear takes no lock.
    any: AtomicBool,
}

impl Orphans {
    /// Hands coroutine `key` back to its home thread, to be unwound there.
    pub(crate) fn push(&self, key: Key) {
        self.keys
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .push(key);
        self.any.store(true, Ordering::Release);
    }
}

struct Pinned {
    /// The coroutines (type-erased: the driver downcasts them); a slot is `None` while
    /// its coroutine runs. Dropped first, while the stacks below are still there.
    coroutines: RefCell<GenSlab<Option<Box<dyn Any>>>>,
    /// Spare stacks and the size each was asked for, most recently used last.
    stacks: RefCell<Vec<(usize, DefaultStack)>>,
    /// This thread's orphan list, made on first use.
    orphans: RefCell<Option<Arc<Orphans>>>,
    /// This thread's number once a coroutine was pinned here (0 before): a resumption
    /// checks it and takes the coroutine in one access.
    number: Cell<u64>,
}

thread_local! {
    static PINNED: Pinned = const {
        Pinned {
            coroutines: RefCell::new(GenSlab::new()),
            stacks: RefCell::new(Vec::new()),
            orphans: RefCell::new(None),
            number: Cell::new(0),
        }
    };
}

/// Runs `f` on this thread's table; `None` once the thread is exiting and the table gone.
/// The functions that may touch the table first on a thread ([`insert`], [`sweep`]) touch
/// `COLD` before it (see the module docs); the others run after an insert.
#[inline]
fn with<R>(f: impl FnOnce(&Pinned) -> R) -> Option<R> {
    PINNED.try_with(f).ok()
}

/// Pins `coroutine` to this thread; returns its key.
///
/// # Panics
///
/// Panics if called while the thread exits.
pub(crate) fn insert(coroutine: Box<dyn Any>) -> Key {
    let number = thread_no(); // `COLD` first: see the module docs.
    with(|p| {
        p.number.set(number);
        p.coroutines.borrow_mut().insert(Some(coroutine))
    })
    .expect("a coroutine starts on a live thread")
}

/// Takes coroutine `key` out of its slot to resume it, if this is thread number `home`
/// (its home); `None` on any other thread.
#[inline]
pub(crate) fn take_at(home: u64, key: Key) -> Option<Box<dyn Any>> {
    with(|p| {
        if p.number.get() != home {
            return None;
        }
        p.coroutines
            .borrow_mut()
            .get_mut(key)
            .and_then(Option::take)
    })
    .flatten()
}

/// Puts a suspended coroutine back into its slot.
#[inline]
pub(crate) fn put(key: Key, coroutine: Box<dyn Any>) {
    with(|p| {
        if let Some(slot) = p.coroutines.borrow_mut().get_mut(key) {
            *slot = Some(coroutine);
        }
    });
}

/// Removes coroutine `key` from this thread's table and returns it, for the caller to drop
/// (unwind) outside the table; `None` if it is not pinned here or the table is gone.
pub(crate) fn remove(key: Key) -> Option<Box<dyn Any>> {
    with(|p| p.coroutines.borrow_mut().remove(key))
        .flatten()
        .flatten()
}

/// Returns this thread's orphan list.
pub(crate) fn orphans() -> Arc<Orphans> {
    with(|p| {
        p.orphans
            .borrow_mut()
            .get_or_insert_with(Arc::default)
            .clone()
    })
    .expect("a coroutine starts on a live thread")
}

/// Unwinds the coroutines pinned here whose tasks were dropped on other threads.
pub(crate) fn sweep() {
    thread_no(); // `COLD` first: see the module docs.
    let dropped: Vec<Box<dyn Any>> = with(|p| {
        let orphans = p.orphans.borrow();
        let Some(o) = orphans
            .as_ref()
            .filter(|o| o.any.swap(false, Ordering::AcqRel))
        else {
            return Vec::new();
        };
        let keys = std::mem::take(&mut *o.keys.lock().unwrap_or_else(|e| e.into_inner()));
        let mut table = p.coroutines.borrow_mut();
        keys.into_iter()
            .filter_map(|k| table.remove(k).flatten())
            .collect()
    })
    .unwrap_or_default();
    drop(dropped); // Unwinds each, outside the table: their destructors may use it.
}

/// Returns a spare stack of `size` bytes, if this thread keeps one.
pub(crate) fn take_stack(size: usize) -> Option<DefaultStack> {
    with(|p| {
        let mut stacks = p.stacks.borrow_mut();
        let i = stacks.iter().rposition(|(s, _)| *s == size)?;
        Some(stacks.swap_remove(i).1)
    })
    .flatten()
}

/// Keeps `stack`, asked for with `size`, for a later coroutine on this thread, unless
/// enough are kept already (then it is unmapped).
pub(crate) fn keep_stack(size: usize, stack: DefaultStack) {
    with(|p| {
        let mut stacks = p.stacks.borrow_mut();
        if stacks.len() < SPARE_STACKS {
            stacks.push((size, stack));
        }
    });
}
