//! Everything jeton keeps per thread, in one place: what the current thread is running and how
//! the operation it is polling is being driven.
//!
//! | state | set by | read by |
//! |---|---|---|
//! | run frames: the contexts this thread is running, innermost last, each with its private queue | the run loop (`runtime::runner`), for each `run`/`poll` call | `post`/`defer` (private queue), `Executor::running_in_this_thread` |
//! | the task being polled: its context | `executor::task`, around each poll of a task | `op::drive` (a leaf inside a task of its own context holds no work of its own) |
//! | launching: the initiating call is polling its operation | `tokens::closure`, around the first poll inside the initiating call; `co_spawn`'s inline first step | `tokens::closure` (a handler ready then is posted, [G2](crate::guarantees#g2)) |
//! | inline starts: nested first steps of tasks run inside `co_spawn` | `executor::task::start_task` | the same, which queues the step beyond a bound |
//! | blocking mode: the poll is a `Blocking` call's | `op::blocking::block_on` (on), `tokens::closure` launch (off) | `op::drive` |
//! | the wait set: descriptors and deadline the blocking poll asked for | leaf waits, through `op::blocking` | the blocking driver, which waits on it |
//! | blocking calls: depth, notifiers, spare wait sets | the blocking driver | the blocking driver |
//! | strands running on this thread, innermost last | the strand invoker | `Strand::running_in_this_thread` |
//! | the cooperative budget: leaf polls left in this poll | tasks (and `IoContext::block_on`) per poll; blocking calls (unconstrained) | `op::drive`: a leaf yields when it is spent |
//! | the cancellation request of the operation being polled, and the types its callers honour | cancellation adapters (`bind_cancellation_slot`, `cancel_after`), around their operation's poll; composed operations narrow it; tasks and blocking calls clear it | `op::drive`: a leaf that honours the request completes with it |
//! | this thread's number (unique in the process) | the first call of [`thread_no`] | run calls (`runtime::runner`: which mailbox is theirs), posting to a home thread (`runtime::mailbox`) |
//! | stackful coroutines pinned to this thread, their spare stacks, the list of those dropped elsewhere (feature `stackful`; its own thread-local, see [`pinned`]) | `stackful` (the coroutine driver) | `stackful`; run calls sweep the dropped ones |
//!
//! Each piece is touched only by its own thread. Guards restore the outer value on drop, so
//! nested run calls, tasks polled inside tasks and blocking calls inside handlers all unwind
//! correctly, panics included.

use std::cell::{Cell, RefCell};
use std::collections::VecDeque;
use std::os::fd::RawFd;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;
use std::task::Waker;
use std::time::Instant;

use super::engine::Engine;
use super::job::Job;
use crate::sys::{Interest, Notifier};

/// One active run call on this thread.
struct Frame {
    /// Identity of the context being run (compared, never dereferenced).
    engine: *const Engine,
    /// Handlers posted from this thread while it runs `engine`, not yet published (Asio's
    /// `thread_info` private queue).
    private: VecDeque<Job>,
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
    const fn new() -> WaitSet {
        WaitSet {
            fds: Vec::new(),
            deadline: None,
        }
    }

    /// Empties the set, keeping its capacity.
    pub(crate) fn clear(&mut self) {
        self.fds.clear();
        self.deadline = None;
    }
}

/// A blocking call's wake-up descriptor and a waker that signals it.
pub(crate) type BlockingNotifier = (Arc<Notifier>, Waker);

/// The per-thread state that is read on every poll: plain values, no destructor, so a read is a
/// single thread-local access with no lazy-registration check. Only its own thread touches it.
#[derive(Clone, Copy)]
struct Hot {
    /// The context of the task being polled (compared, never dereferenced), or null.
    task: *const Engine,
    launching: bool,
    blocking: bool,
    /// How many blocking calls are active.
    depth: usize,
    /// Leaf polls the current poll may still make; `None`: unconstrained.
    budget: Option<u32>,
    /// The cancellation requested of the operation being polled.
    cancel: Cancel,
    /// How many tasks are being started inline (`co_spawn` on its own executor), nested.
    inline_starts: u8,
}

/// The per-thread state that owns memory: touched by run calls, blocking calls and strands,
/// not on every poll. Only its own thread touches it.
struct Cold {
    frames: RefCell<Vec<Frame>>,
    wait_set: RefCell<WaitSet>,
    /// Emptied wait sets of finished blocking calls, kept for their capacity.
    spare_wait_sets: RefCell<Vec<WaitSet>>,
    /// One notifier per nesting depth of blocking calls, made on first use.
    notifiers: RefCell<Vec<BlockingNotifier>>,
    /// Strands whose handlers run now (by address), innermost last.
    strands: RefCell<Vec<usize>>,
    /// This thread's number, or 0 before [`thread_no`] first runs.
    number: Cell<u64>,
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
    static HOT: Cell<Hot> = const {
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
    static COLD: Cold = const {
        Cold {
            frames: RefCell::new(Vec::new()),
            wait_set: RefCell::new(WaitSet::new()),
            spare_wait_sets: RefCell::new(Vec::new()),
            notifiers: RefCell::new(Vec::new()),
            strands: RefCell::new(Vec::new()),
            number: Cell::new(0),
        }
    };
}

/// What a leaf's poll needs to know of the thread's state, read in one access.
#[derive(Clone, Copy, Debug)]
pub(crate) struct PollView {
    /// The context of the task being polled, or null.
    pub(crate) task: *const Engine,
    /// The poll is a blocking call's.
    pub(crate) blocking: bool,
    /// The poll's cooperative budget is spent.
    pub(crate) budget_spent: bool,
    /// The cancellation request in effect.
    pub(crate) cancel: Cancel,
}

/// Returns what a leaf's poll needs to know, and spends one unit of the poll's budget unless it
/// is spent: one thread-local access.
#[inline]
pub(crate) fn poll_view_spending() -> PollView {
    let h = update(|h| {
        if let Some(n) = h.budget {
            h.budget = Some(n.saturating_sub(1));
        }
    });
    PollView {
        task: h.task,
        blocking: h.blocking,
        budget_spent: h.budget == Some(0),
        cancel: h.cancel,
    }
}

/// Returns the hot state.
#[inline]
fn hot() -> Hot {
    HOT.with(Cell::get)
}

/// Changes the hot state with `f`; returns the state before.
#[inline]
fn update(f: impl FnOnce(&mut Hot)) -> Hot {
    HOT.with(|h| {
        let old = h.get();
        let mut new = old;
        f(&mut new);
        h.set(new);
        old
    })
}

// ----- run frames -----

/// Marks the current thread as running `engine` until [`exit_run`]; returns the thread's
/// number ([`thread_no`]).
pub(crate) fn enter_run(engine: &Engine) -> u64 {
    COLD.with(|c| {
        c.frames.borrow_mut().push(Frame {
            engine,
            private: VecDeque::new(),
        })
    });
    thread_no()
}

/// Returns this thread's number: unique in the process, never 0, the same for the thread's
/// whole life. A mailbox (`runtime::mailbox`) is addressed by it.
#[inline]
pub(crate) fn thread_no() -> u64 {
    static NEXT: AtomicU64 = AtomicU64::new(1);
    COLD.with(|c| match c.number.get() {
        0 => {
            let n = NEXT.fetch_add(1, Ordering::Relaxed);
            c.number.set(n);
            n
        }
        n => n,
    })
}

/// Returns whether this is thread number `thread`; false once the thread's state is gone (in
/// a destructor at thread exit).
#[inline]
#[cfg_attr(not(feature = "stackful"), allow(dead_code))]
pub(crate) fn is_thread(thread: u64) -> bool {
    COLD.try_with(|c| c.number.get() == thread).unwrap_or(false)
}

/// Queues `job` privately if this thread is number `thread` and its innermost run call is
/// `engine`'s; otherwise hands the job back. One look at the thread's state.
#[inline]
#[cfg_attr(not(feature = "stackful"), allow(dead_code))]
pub(crate) fn try_push_private_on(thread: u64, engine: &Engine, job: Job) -> Result<(), Job> {
    let ptr: *const Engine = engine;
    COLD.with(|c| {
        if c.number.get() != thread {
            return Err(job);
        }
        match c.frames.borrow_mut().last_mut() {
            Some(top) if top.engine == ptr => {
                top.private.push_back(job);
                Ok(())
            }
            _ => Err(job),
        }
    })
}

/// Ends the innermost run call; returns its unpublished handlers.
pub(crate) fn exit_run() -> VecDeque<Job> {
    COLD.with(|c| {
        c.frames
            .borrow_mut()
            .pop()
            .map(|f| f.private)
            .unwrap_or_default()
    })
}

/// Returns whether the current thread is inside a run call of `engine`.
#[inline]
pub(crate) fn is_running(engine: &Engine) -> bool {
    let ptr: *const Engine = engine;
    COLD.with(|c| c.frames.borrow().iter().any(|f| f.engine == ptr))
}

/// Queues `job` privately if the innermost run call on this thread is `engine`'s; otherwise
/// hands the job back.
#[inline]
pub(crate) fn try_push_private(engine: &Engine, job: Job) -> Result<(), Job> {
    let ptr: *const Engine = engine;
    COLD.with(|c| match c.frames.borrow_mut().last_mut() {
        Some(top) if top.engine == ptr => {
            top.private.push_back(job);
            Ok(())
        }
        _ => Err(job),
    })
}

/// Swaps the innermost frame's private queue with `spare` (which should be empty), so the
/// caller can publish the handlers while the frame keeps a queue with capacity.
pub(crate) fn swap_private(spare: &mut VecDeque<Job>) {
    COLD.with(|c| {
        if let Some(top) = c.frames.borrow_mut().last_mut() {
            std::mem::swap(&mut top.private, spare);
        }
    })
}

/// Returns whether the innermost frame has no unpublished handlers.
#[inline]
pub(crate) fn private_is_empty() -> bool {
    COLD.with(|c| {
        c.frames
            .borrow()
            .last()
            .map_or(true, |f| f.private.is_empty())
    })
}

// ----- the task being polled -----

/// Marks a task's poll on this thread: the task's context, a fresh cooperative budget, and no
/// cancellation request (a task is an operation of its own, which the request of the operation
/// around it does not reach). Restores the outer poll's state on drop (a task may be polled
/// inside another, e.g. a closure token's first poll inside a handler).
pub(crate) struct TaskGuard(Hot);

impl TaskGuard {
    /// Marks the current poll as a task's of `engine`'s context.
    #[inline]
    pub(crate) fn enter(engine: &Engine) -> TaskGuard {
        TaskGuard(update(|h| {
            h.task = engine;
            h.budget = Some(TASK_BUDGET);
            h.cancel = Cancel::NONE;
        }))
    }
}

impl Drop for TaskGuard {
    #[inline]
    fn drop(&mut self) {
        let outer = self.0;
        update(|h| {
            h.task = outer.task;
            h.budget = outer.budget;
            h.cancel = outer.cancel;
        });
    }
}

/// Marks the poll of a future that is driven like a task without being one
/// (`IoContext::block_on`'s): a fresh budget and no cancellation request; restores on drop.
pub(crate) struct TopGuard(Hot);

impl TopGuard {
    #[inline]
    pub(crate) fn enter() -> TopGuard {
        TopGuard(update(|h| {
            h.budget = Some(TASK_BUDGET);
            h.cancel = Cancel::NONE;
        }))
    }
}

impl Drop for TopGuard {
    #[inline]
    fn drop(&mut self) {
        let outer = self.0;
        update(|h| {
            h.budget = outer.budget;
            h.cancel = outer.cancel;
        });
    }
}

/// Returns whether the current poll is a task's of `engine`'s context.
#[inline]
pub(crate) fn in_task_of(engine: &Engine) -> bool {
    std::ptr::eq(hot().task, engine)
}

// ----- launching -----

/// Marks the first poll of an operation inside its initiating call, never in blocking mode (an
/// initiating call made inside a `Blocking` call's poll still starts a reactor-driven
/// operation); restores on drop.
pub(crate) struct LaunchGuard(Hot);

impl LaunchGuard {
    #[inline]
    pub(crate) fn enter() -> LaunchGuard {
        LaunchGuard(update(|h| {
            h.launching = true;
            h.blocking = false;
        }))
    }
}

impl Drop for LaunchGuard {
    #[inline]
    fn drop(&mut self) {
        let outer = self.0;
        update(|h| {
            h.launching = outer.launching;
            h.blocking = outer.blocking;
        });
    }
}

/// Marks a task's first step run inline by the call that spawned it (`co_spawn` on the
/// executor it runs on) until dropped. Nesting is bounded: beyond [`INLINE_STARTS`] nested
/// starts, `try_enter` refuses and the step is queued instead, so a chain of tasks each
/// spawning the next cannot overflow the stack.
pub(crate) struct InlineStartGuard(u8);

/// The deepest nesting of inline task starts.
pub(crate) const INLINE_STARTS: u8 = 16;

impl InlineStartGuard {
    #[inline]
    pub(crate) fn try_enter() -> Option<InlineStartGuard> {
        let old = hot().inline_starts;
        if old >= INLINE_STARTS {
            return None;
        }
        update(|h| h.inline_starts = old + 1);
        Some(InlineStartGuard(old))
    }
}

impl Drop for InlineStartGuard {
    #[inline]
    fn drop(&mut self) {
        let outer = self.0;
        update(|h| h.inline_starts = outer);
    }
}

/// Returns whether the current poll happens inside an initiating call.
#[inline]
pub(crate) fn is_launching() -> bool {
    hot().launching
}

// ----- blocking mode -----

/// Marks a blocking call's poll: blocking mode, no budget (the caller's thread is the call's
/// own, and a spent budget of an enclosing task would make it spin), and no cancellation
/// request but the call's own. Restores the outer poll's state on drop.
pub(crate) struct BlockingGuard(Hot);

impl BlockingGuard {
    #[inline]
    pub(crate) fn enter() -> BlockingGuard {
        BlockingGuard(update(|h| {
            h.blocking = true;
            h.budget = None;
            h.cancel = Cancel::NONE;
        }))
    }
}

impl Drop for BlockingGuard {
    #[inline]
    fn drop(&mut self) {
        let outer = self.0;
        update(|h| {
            h.blocking = outer.blocking;
            h.budget = outer.budget;
            h.cancel = outer.cancel;
        });
    }
}

/// Returns whether the current poll is in blocking mode.
#[inline]
pub(crate) fn is_blocking() -> bool {
    hot().blocking
}

/// Adds `fd` and `interest` to the current blocking poll's wait set.
#[inline]
pub(crate) fn wait_fd(fd: RawFd, interest: Interest) {
    COLD.with(|c| c.wait_set.borrow_mut().fds.push((fd, interest)));
}

/// Lowers the current blocking poll's deadline to `deadline`.
#[inline]
pub(crate) fn wait_until(deadline: Instant) {
    COLD.with(|c| {
        let mut w = c.wait_set.borrow_mut();
        w.deadline = Some(w.deadline.map_or(deadline, |d| d.min(deadline)));
    });
}

/// Replaces the wait set being collected with `set`; returns the old one.
#[inline]
pub(crate) fn replace_wait_set(set: WaitSet) -> WaitSet {
    COLD.with(|c| std::mem::replace(&mut *c.wait_set.borrow_mut(), set))
}

/// Returns an empty wait set, with capacity if one was recycled.
#[inline]
pub(crate) fn spare_wait_set() -> WaitSet {
    COLD.with(|c| c.spare_wait_sets.borrow_mut().pop().unwrap_or_default())
}

/// Keeps an emptied wait set for a later blocking call.
#[inline]
pub(crate) fn recycle_wait_set(mut set: WaitSet) {
    set.clear();
    COLD.with(|c| c.spare_wait_sets.borrow_mut().push(set));
}

/// Enters a blocking call; returns its nesting depth (0 for the outermost).
#[inline]
pub(crate) fn enter_blocking_call() -> usize {
    update(|h| h.depth += 1).depth
}

/// Leaves the blocking call of `depth`.
#[inline]
pub(crate) fn exit_blocking_call(depth: usize) {
    update(|h| h.depth = depth);
}

/// Returns the notifier of the blocking call at `depth`, made by `make` on first use.
pub(crate) fn blocking_notifier<E>(
    depth: usize,
    make: impl Fn() -> Result<BlockingNotifier, E>,
) -> Result<BlockingNotifier, E> {
    COLD.with(|c| {
        let mut n = c.notifiers.borrow_mut();
        while n.len() <= depth {
            n.push(make()?);
        }
        Ok(n[depth].clone())
    })
}

// ----- strands -----

/// Marks the strand `id` as running its handlers on this thread.
#[inline]
pub(crate) fn push_strand(id: usize) {
    COLD.with(|c| c.strands.borrow_mut().push(id));
}

/// Ends the innermost strand's batch on this thread.
#[inline]
pub(crate) fn pop_strand() {
    COLD.with(|c| {
        c.strands.borrow_mut().pop();
    });
}

/// Returns whether strand `id` is running a handler on this thread.
#[inline]
pub(crate) fn in_strand(id: usize) -> bool {
    COLD.with(|c| c.strands.borrow().contains(&id))
}

// ----- the cooperative budget -----

/// Leaf polls one poll of a task may make before its leaves yield (tokio's budget).
pub(crate) const TASK_BUDGET: u32 = 128;

// ----- the cancellation request -----

/// Puts a cancellation request in effect until dropped, then restores the outer one.
pub(crate) struct CancelGuard(Cancel);

impl CancelGuard {
    /// Adds `requested` to the request in effect for the operation polled under the guard;
    /// a leaf that honours it completes with `code` (unless an outer request set one first).
    pub(crate) fn request(requested: u8, code: i32) -> CancelGuard {
        CancelGuard(
            update(|h| {
                let outer = h.cancel;
                h.cancel = Cancel {
                    requested: outer.requested | requested,
                    mask: outer.mask,
                    code: if outer.requested != 0 {
                        outer.code
                    } else {
                        code
                    },
                };
            })
            .cancel,
        )
    }

    /// Clears any request for the polls under the guard: a task, or a blocking call, is an
    /// operation of its own, which the request of the operation around it does not reach.
    pub(crate) fn isolate() -> CancelGuard {
        CancelGuard(update(|h| h.cancel = Cancel::NONE).cancel)
    }

    /// Narrows the honoured types to `mask` for the polls under the guard: an operation that
    /// honours only these polls its inner operations so.
    #[inline]
    pub(crate) fn narrow(mask: u8) -> CancelGuard {
        CancelGuard(update(|h| h.cancel.mask &= mask).cancel)
    }
}

impl Drop for CancelGuard {
    #[inline]
    fn drop(&mut self) {
        let outer = self.0;
        update(|h| h.cancel = outer);
    }
}

/// Returns the cancellation request in effect for the current poll.
#[inline]
pub(crate) fn cancel() -> Cancel {
    hot().cancel
}

thread_local! {
    /// The id of the handler this thread is running, for handler tracking (0: none). Set only
    /// while tracking is on (`runtime::tracking`).
    static HANDLER: Cell<u64> = const { Cell::new(0) };
}

/// Returns the id of the tracked handler this thread is running (0: none).
pub(crate) fn handler() -> u64 {
    HANDLER.with(Cell::get)
}

/// Makes `id` the tracked handler this thread is running; returns the one it replaces.
pub(crate) fn set_handler(id: u64) -> u64 {
    HANDLER.with(|h| h.replace(id))
}

// ----- stackful coroutines pinned to this thread -----

/// The stackful coroutines whose home is this thread, their spare stacks, and the list of
/// those dropped on other threads (feature `stackful`).
///
/// A coroutine's stack may only ever run on the thread that first ran it (moving a stack
/// between threads is undefined behaviour with thread-locals in Rust), so the coroutine itself
/// lives here, in its home thread's table, and the task that drives it holds only its key: a
/// poll on any other thread cannot reach it.
///
/// This is a thread-local of its own, not part of `COLD`: its destructor unwinds the
/// coroutines still suspended when the thread exits, and their destructors may post handlers
/// or look at the thread's state, which needs `COLD` alive. It is first touched after `COLD`
/// (every access goes through [`thread_no`] first), and thread-locals are destroyed in the
/// reverse order of their first use (glibc's `__cxa_thread_atexit_impl`; macOS does the same).
/// Its own functions used from destructors fall back to doing nothing once it is gone.
#[cfg(feature = "stackful")]
pub(crate) mod pinned {
    use std::any::Any;
    use std::cell::{Cell, RefCell};
    use std::sync::atomic::{AtomicBool, Ordering};
    use std::sync::{Arc, Mutex};

    use corosensei::stack::DefaultStack;

    use super::super::gen_slab::{GenSlab, Key};
    use super::thread_no;

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
}
