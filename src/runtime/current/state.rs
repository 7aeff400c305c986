//! The two thread-locals every other file here works on: `HOT`, read on every poll, and
//! `COLD`, which owns memory.

use std::cell::{Cell, OnceCell, RefCell};
use std::collections::VecDeque;
use std::os::fd::RawFd;
use std::rc::Rc;
use std::sync::Arc;
use std::task::Waker;
use std::time::Instant;

use crate::runtime::engine::Engine;
use crate::runtime::job::Job;
use crate::sys::{Interest, Notifier};

/// One active run call on this thread.
pub(super) struct Frame {
    /// Identity of the context being run (compared, never dereferenced).
    pub(super) engine: *const Engine,
    /// Handlers posted from this thread while it runs `engine`, not yet published (Asio's
    /// `thread_info` private queue).
    pub(super) private: VecDeque<Job>,
}

/// What the leaf waits of one blocking poll asked to wait for.
#[derive(Debug, Default)]
pub(crate) struct WaitSet {
    /// Descriptors and the readiness each waits for.
    pub(crate) fds: Vec<(RawFd, Interest)>,
    /// The earliest deadline asked for.
    pub(crate) deadline: Option<Instant>,
}

impl WaitSet {
    /// Empties the set, keeping its capacity.
    pub(crate) fn clear(&mut self) {
        self.fds.clear();
        self.deadline = None;
    }
}

/// A blocking call's wake-up descriptor and a waker that signals it.
pub(crate) type BlockingNotifier = (Arc<Notifier>, Waker);

/// What the blocking calls at one nesting depth use on this thread, made on first use and kept.
#[derive(Default)]
pub(crate) struct CallSlot {
    /// The notifier, made by the first call at this depth that could make one.
    pub(crate) notifier: OnceCell<BlockingNotifier>,
    /// What the leaf waits of the call's current poll asked to wait for.
    pub(crate) set: RefCell<WaitSet>,
}

/// The per-thread state that is read on every poll: plain values, no destructor, so a read is a
/// single thread-local access with no lazy-registration check. Only its own thread touches it.
#[derive(Clone, Copy)]
pub(super) struct Hot {
    /// The context of the task being polled (compared, never dereferenced), or null.
    pub(super) task: *const Engine,
    pub(super) launching: bool,
    pub(super) blocking: bool,
    /// How many blocking calls are active.
    pub(super) depth: usize,
    /// Leaf polls the current poll may still make; `None`: unconstrained.
    pub(super) budget: Option<u32>,
    /// The cancellation requested of the operation being polled.
    pub(super) cancel: Cancel,
    /// How many tasks are being started inline (`co_spawn` on its own executor), nested.
    pub(super) inline_starts: u8,
}

/// The per-thread state that owns memory: touched by run calls, blocking calls and strands,
/// not on every poll. Only its own thread touches it.
pub(super) struct Cold {
    pub(super) frames: RefCell<Vec<Frame>>,
    /// What each nesting depth of blocking calls uses (index: depth - 1), kept for the thread's
    /// life: its notifier and its wait set, so a blocking call allocates nothing.
    pub(super) calls: RefCell<Vec<Rc<CallSlot>>>,
    /// Strands whose handlers run now (by address), innermost last.
    pub(super) strands: RefCell<Vec<usize>>,
    /// This thread's number, or 0 before [`thread_no`] first runs.
    pub(super) number: Cell<u64>,
}

/// A cancellation request in effect for the current poll: the types requested, the types every
/// operation between the adapter and the leaf honours, and the error to complete with.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct Cancel {
    /// Requested types (bits of `op::CancellationType`).
    pub(crate) requested: u8,
    /// Types every enclosing operation honours (its filter).
    pub(crate) mask: u8,
    /// The OS error code a leaf that honours the request completes with (`ECANCELED`).
    pub(crate) code: i32,
}

impl Cancel {
    /// No request.
    pub(crate) const NONE: Cancel = Cancel {
        requested: 0,
        mask: 0xff,
        code: 0,
    };
}

thread_local! {
    pub(super) static HOT: Cell<Hot> = const {
        Cell::new(Hot {
            task: std::ptr::null(),
            launching: false,
            blocking: false,
            depth: 0,
            budget: None,
            cancel: Cancel::NONE,
            inline_starts: 0,
        })
    };
    pub(super) static COLD: Cold = const {
        Cold {
            frames: RefCell::new(Vec::new()),
            calls: RefCell::new(Vec::new()),
            strands: RefCell::new(Vec::new()),
            number: Cell::new(0),
        }
    };
}

/// Returns the hot state.
#[inline]
pub(super) fn hot() -> Hot {
    HOT.with(Cell::get)
}

/// Changes the hot state with `f`; returns the state before.
#[inline]
pub(super) fn update(f: impl FnOnce(&mut Hot)) -> Hot {
    HOT.with(|h| {
        let old = h.get();
        let mut new = old;
        f(&mut new);
        h.set(new);
        old
    })
}
