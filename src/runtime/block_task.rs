//! `BlockTask`: a task in one recycled block, for closure-token operations.
//!
//! One block holds the task's header (a state word with its reference count, a vtable and the
//! block's size), its schedule function and its future. The block comes from this thread's
//! cache (`current::take_block`) and goes back to the cache of the thread that frees it, so a
//! closure-token operation in steady state allocates nothing (Asio's recycling allocator). The
//! task is queued as a one-word [`Job`]; its `Waker` points at the block.
//!
//! It gives what async-task gave the closure token, minus the join handle: wakes from any
//! thread; a wake while the task runs makes it queued once, after the poll, with
//! `woken_while_running` set (a continuation: the scheduler keeps it on the thread's private
//! queue); a wake after completion is a no-op; wakers may outlive the task (the block lives
//! until the last reference goes; the future is dropped when the task completes); dropping a
//! queued task unrun drops its future uncalled ([G3](crate::guarantees#g3)); a future whose
//! last waker is dropped while it waits is queued once more, to be dropped by the executor
//! rather than inside whatever dropped the waker (a reactor's lock); a panic in the poll drops
//! the future and propagates.
//!
//! This is one of the two places outside `sys/` with `unsafe` code (see `sys`): the block is
//! shared by raw pointer between the queued job, the wakers and the thread running it, and
//! the state word decides who may touch the future and who frees the block.

use std::cell::UnsafeCell;
use std::future::Future;
use std::mem::{ManuallyDrop, MaybeUninit};
use std::pin::Pin;
use std::ptr::NonNull;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::task::{Context, Poll, RawWaker, RawWakerVTable, Waker};

use super::current::{give_block, take_block, Chunk};
use super::job::Job;

/// A job for the task exists (queued, or about to be), or a poll will queue it once it ends.
const SCHEDULED: usize = 1 << 0;
/// The task is being polled.
const RUNNING: usize = 1 << 1;
/// The future is gone (completed, dropped unrun, or dropped closed).
const COMPLETE: usize = 1 << 2;
/// The next run drops the future instead of polling it: nothing can wake it any more.
const CLOSED: usize = 1 << 3;
/// One reference: the job, a poll in progress, or a waker. The count is the state's high bits.
const REF: usize = 1 << 4;

/// The number of references in state `s`.
#[inline]
fn refs(s: usize) -> usize {
    s / REF
}

/// The start of every block.
struct Header {
    /// # Invariant
    /// [`SCHEDULED`], [`RUNNING`], [`COMPLETE`], [`CLOSED`] and the reference count (its high
    /// bits). At most one of "a job exists" and "a poll is in progress" holds at a time; only
    /// the holder of the job or of the poll touches the future, and only while `COMPLETE` is
    /// clear. A job or a poll in progress holds one reference; each waker holds one. The block
    /// is freed by whoever drops the last reference with `COMPLETE` set.
    state: AtomicUsize,
    /// The functions of this block's future and schedule types.
    vtable: &'static TaskVTable,
    /// The block's size in chunks, or 0 if the block is a `Box` of the cell type of its own
    /// (over-aligned cells).
    chunks: usize,
}

/// What can be done with a block, by its types.
struct TaskVTable {
    /// Polls the future.
    poll: unsafe fn(NonNull<Header>, &mut Context<'_>) -> Poll<()>,
    /// Drops the future in place.
    drop_future: unsafe fn(NonNull<Header>),
    /// Hands a job for the task, which takes one reference, to the schedule function.
    schedule: unsafe fn(NonNull<Header>, bool),
    /// Drops the schedule function and frees the block.
    free: unsafe fn(NonNull<Header>),
}

/// A block's contents.
#[repr(C)]
struct Cell<F, S> {
    header: Header,
    schedule: S,
    /// Initialised until `COMPLETE` is set (see [`Header::state`]).
    future: UnsafeCell<MaybeUninit<F>>,
}

impl<F, S> Cell<F, S>
where
    F: Future<Output = ()> + Send + 'static,
    S: Fn(Job, bool) + Send + Sync + 'static,
{
    const VTABLE: TaskVTable = TaskVTable {
        poll: Self::poll,
        drop_future: Self::drop_future,
        schedule: Self::schedule,
        free: Self::free,
    };

    /// # Safety
    /// `ptr` is a live block of this type, and the caller is the task's poll in progress.
    #[allow(unsafe_code)]
    unsafe fn poll(ptr: NonNull<Header>, cx: &mut Context<'_>) -> Poll<()> {
        // SAFETY: the block is live and of this type (caller); the poll in progress is the
        // only one touching the future, which is initialised (`COMPLETE` clear: invariant of
        // `Header::state`), and it never moves inside its block.
        unsafe {
            let cell = ptr.cast::<Self>().as_ref();
            Pin::new_unchecked(&mut *(*cell.future.get()).as_mut_ptr()).poll(cx)
        }
    }

    /// # Safety
    /// `ptr` is a live block of this type; the caller holds the job or the poll, and
    /// `COMPLETE` is clear.
    #[allow(unsafe_code)]
    unsafe fn drop_future(ptr: NonNull<Header>) {
        // SAFETY: as in `poll`: the caller alone touches the initialised future, dropped once
        // (the caller sets `COMPLETE` next).
        unsafe {
            let cell = ptr.cast::<Self>().as_ref();
            std::ptr::drop_in_place((*cell.future.get()).as_mut_ptr());
        }
    }

    /// # Safety
    /// `ptr` is a live block of this type, and the caller hands one reference (with
    /// `SCHEDULED` set for it) to the job made here.
    #[allow(unsafe_code)]
    unsafe fn schedule(ptr: NonNull<Header>, woken_while_running: bool) {
        // A reference of our own for the call: the schedule function may drop the job (its
        // context is shut down), which may free the block the function lives in.
        // SAFETY: the block is live (caller).
        let header = unsafe { ptr.as_ref() };
        header.state.fetch_add(REF, Ordering::Relaxed);
        let task = BlockTask(ptr);
        let job = Job::from_fn(move || task.run());
        {
            // SAFETY: the block is live (our reference) and of this type (caller).
            let cell = unsafe { ptr.cast::<Self>().as_ref() };
            (cell.schedule)(job, woken_while_running);
        }
        // SAFETY: we hold the reference taken above.
        unsafe { release(ptr) };
    }

    /// # Safety
    /// `ptr` is a block of this type with no reference left; the future is gone.
    #[allow(unsafe_code)]
    unsafe fn free(ptr: NonNull<Header>) {
        let cell = ptr.cast::<Self>();
        // SAFETY: no reference is left, so nothing else touches the block: the schedule
        // function is dropped once, then the memory goes back as it was taken (`alloc`).
        unsafe {
            let chunks = cell.as_ref().header.chunks;
            std::ptr::drop_in_place(std::ptr::addr_of_mut!((*cell.as_ptr()).schedule));
            if chunks == 0 {
                drop(Box::from_raw(cell.as_ptr().cast::<MaybeUninit<Self>>()));
            } else {
                give_block(Box::from_raw(std::ptr::slice_from_raw_parts_mut(
                    cell.as_ptr().cast::<MaybeUninit<Chunk>>(),
                    chunks,
                )));
            }
        }
    }
}

/// A task in a block, ready to run: the one job of its task. Running it polls the future;
/// dropping it unrun drops the future uncalled.
pub(crate) struct BlockTask(
    /// # Invariant
    /// A live block whose state has `SCHEDULED` set for this value, which holds one of its
    /// references.
    NonNull<Header>,
);

// SAFETY: the block's future and schedule function are `Send` (and the schedule function
// `Sync`: wakers on any thread call it), bounds of `BlockTask::new`; the header is atomics.
#[allow(unsafe_code)]
unsafe impl Send for BlockTask {}

impl BlockTask {
    /// Makes a task of `future` in a block, which `schedule` queues (with whether it was woken
    /// while running) whenever it is woken. Nothing is scheduled yet: the caller runs the task
    /// or drops it.
    pub(crate) fn new<F, S>(future: F, schedule: S) -> BlockTask
    where
        F: Future<Output = ()> + Send + 'static,
        S: Fn(Job, bool) + Send + Sync + 'static,
    {
        let (ptr, chunks) = alloc::<Cell<F, S>>();
        let cell = Cell {
            header: Header {
                state: AtomicUsize::new(SCHEDULED | REF),
                vtable: &Cell::<F, S>::VTABLE,
                chunks,
            },
            schedule,
            future: UnsafeCell::new(MaybeUninit::new(future)),
        };
        // SAFETY: `alloc` returns memory for one `Cell<F, S>`, aligned and unused; writing it
        // makes the block live with one reference and `SCHEDULED`: this value's invariant.
        #[allow(unsafe_code)]
        unsafe {
            ptr.as_ptr().write(cell)
        };
        BlockTask(ptr.cast())
    }

    /// Polls the task once: it completes (the future is dropped), or waits for a wake, or is
    /// queued again at once when it was woken during the poll.
    pub(crate) fn run(self) {
        let ptr = ManuallyDrop::new(self).0;
        // SAFETY: by this value's invariant the block is live and we hold its job, which this
        // turns into the poll (and whose reference the poll keeps).
        #[allow(unsafe_code)]
        unsafe {
            run(ptr)
        }
    }
}

impl Drop for BlockTask {
    fn drop(&mut self) {
        let ptr = self.0;
        // SAFETY: by this value's invariant the block is live and we hold its job, so no poll
        // is in progress and the future is ours to drop (`COMPLETE` is clear: a job is only
        // made for a task not complete). A wake meanwhile sees `SCHEDULED` and does nothing.
        #[allow(unsafe_code)]
        unsafe {
            let header = ptr.as_ref();
            (header.vtable.drop_future)(ptr);
            // SCHEDULED off, COMPLETE on (it was clear), one reference less.
            let s = header
                .state
                .fetch_sub(SCHEDULED + REF - COMPLETE, Ordering::AcqRel);
            if refs(s) == 1 {
                (header.vtable.free)(ptr);
            }
        }
    }
}

impl std::fmt::Debug for BlockTask {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("BlockTask")
    }
}

/// Memory for one `T`, and its size in chunks for `Header::chunks`: a block from this thread's
/// cache, or a `Box` of its own for a type aligned beyond a chunk.
fn alloc<T>() -> (NonNull<T>, usize) {
    if std::mem::align_of::<T>() <= std::mem::align_of::<Chunk>() {
        let block = take_block(std::mem::size_of::<T>());
        let chunks = block.len();
        (NonNull::from(Box::leak(block)).cast(), chunks)
    } else {
        let own = Box::new(MaybeUninit::<T>::uninit());
        (NonNull::from(Box::leak(own)).cast(), 0)
    }
}

/// Polls the task whose job the caller holds.
///
/// # Safety
/// `ptr` is a live block, and the caller holds its job (and the job's reference).
#[allow(unsafe_code)]
unsafe fn run(ptr: NonNull<Header>) {
    // SAFETY: live (caller).
    let header = unsafe { ptr.as_ref() };
    // The job becomes the poll: SCHEDULED off, RUNNING on (they were on and off).
    let s = header
        .state
        .fetch_xor(SCHEDULED | RUNNING, Ordering::AcqRel);
    debug_assert_eq!(s & (SCHEDULED | RUNNING | COMPLETE), SCHEDULED);
    if s & CLOSED != 0 {
        // SAFETY: the poll is ours and the future still there (COMPLETE clear).
        unsafe {
            (header.vtable.drop_future)(ptr);
            complete(ptr);
        }
        return;
    }
    // SAFETY: the waker's functions take a live block; this one holds no reference of its
    // own (it is never dropped), the poll's keeps the block alive while it is lent out.
    let waker = ManuallyDrop::new(unsafe { Waker::from_raw(raw_waker(ptr)) });
    let mut cx = Context::from_waker(&waker);
    let unwinding = CompleteOnUnwind(ptr);
    // SAFETY: the poll is ours, on a future still there.
    let poll = unsafe { (header.vtable.poll)(ptr, &mut cx) };
    std::mem::forget(unwinding);
    match poll {
        // SAFETY: as above; the future is dropped once, then COMPLETE set.
        Poll::Ready(()) => unsafe {
            (header.vtable.drop_future)(ptr);
            complete(ptr);
        },
        // SAFETY: the poll is ours.
        Poll::Pending => unsafe { after_pending(ptr) },
    }
}

/// Ends the poll of a completed task whose future is gone: RUNNING off, COMPLETE on, the
/// poll's reference dropped (the block freed if it was the last).
///
/// # Safety
/// `ptr` is a live block, the caller's poll is in progress and the future was just dropped.
#[allow(unsafe_code)]
unsafe fn complete(ptr: NonNull<Header>) {
    // SAFETY: live (caller).
    let header = unsafe { ptr.as_ref() };
    // RUNNING was on and COMPLETE off: one subtraction clears, sets and drops the reference.
    let s = header
        .state
        .fetch_sub(RUNNING + REF - COMPLETE, Ordering::AcqRel);
    if refs(s) == 1 {
        // SAFETY: the last reference, and the future is gone.
        unsafe { (header.vtable.free)(ptr) };
    }
}

/// Ends a poll that returned `Pending`: the task is queued again if it was woken during the
/// poll (the poll's reference goes to the job), else the poll's reference is dropped.
///
/// # Safety
/// `ptr` is a live block and the caller's poll is in progress.
#[allow(unsafe_code)]
unsafe fn after_pending(ptr: NonNull<Header>) {
    // SAFETY: live (caller).
    let header = unsafe { ptr.as_ref() };
    let mut s = header.state.load(Ordering::Acquire);
    loop {
        let new = if s & SCHEDULED != 0 {
            s & !RUNNING
        } else {
            (s & !RUNNING) - REF
        };
        match header
            .state
            .compare_exchange_weak(s, new, Ordering::AcqRel, Ordering::Acquire)
        {
            Ok(_) => break,
            Err(actual) => s = actual,
        }
    }
    if s & SCHEDULED != 0 {
        // SAFETY: the poll's reference goes to the job, with SCHEDULED set for it.
        unsafe { (header.vtable.schedule)(ptr, true) };
    } else if refs(s) == 1 {
        // No waker is left and no job: nothing can wake the future. It is ours (the poll's
        // reference was the last), so it is dropped here, on the thread that ran it.
        // SAFETY: the last reference: nobody else touches the block.
        unsafe {
            (header.vtable.drop_future)(ptr);
            (header.vtable.free)(ptr);
        }
    }
}

/// Drops the future and ends the poll when the poll panics.
struct CompleteOnUnwind(NonNull<Header>);

impl Drop for CompleteOnUnwind {
    fn drop(&mut self) {
        // SAFETY: made by `run` around the poll, whose reference it holds; the future is still
        // there (it panicked inside its poll).
        #[allow(unsafe_code)]
        unsafe {
            (self.0.as_ref().vtable.drop_future)(self.0);
            complete(self.0);
        }
    }
}

/// Drops one reference; the last one frees the block, or, if the future still waits (no job,
/// no poll, no waker: nothing can wake it), closes the task and queues it once more so that its
/// executor drops the future.
///
/// # Safety
/// `ptr` is a live block and the caller holds one of its references.
#[allow(unsafe_code)]
unsafe fn release(ptr: NonNull<Header>) {
    // SAFETY: live (caller).
    let header = unsafe { ptr.as_ref() };
    let s = header.state.fetch_sub(REF, Ordering::AcqRel);
    if refs(s) != 1 {
        return;
    }
    if s & COMPLETE != 0 {
        // SAFETY: the last reference, and the future is gone.
        unsafe { (header.vtable.free)(ptr) };
    } else {
        // The last reference and no job: nobody else can touch the block now.
        header
            .state
            .store(SCHEDULED | CLOSED | REF, Ordering::Release);
        // SAFETY: the new reference, with SCHEDULED set for it, goes to the job.
        unsafe { (header.vtable.schedule)(ptr, false) };
    }
}

// ----- the waker: a pointer to the block, holding one reference -----

static WAKER_VTABLE: RawWakerVTable =
    RawWakerVTable::new(waker_clone, waker_wake, waker_wake_by_ref, waker_drop);

fn raw_waker(ptr: NonNull<Header>) -> RawWaker {
    RawWaker::new(ptr.as_ptr().cast_const().cast(), &WAKER_VTABLE)
}

/// # Safety
/// `data` is the live block of a waker, which holds a reference (or the poll's, lent).
#[allow(unsafe_code)]
unsafe fn waker_clone(data: *const ()) -> RawWaker {
    // SAFETY: a waker's data is its block, non-null and live (caller).
    let ptr = unsafe { NonNull::new_unchecked(data.cast_mut().cast::<Header>()) };
    // SAFETY: live (caller).
    let old = unsafe { ptr.as_ref() }
        .state
        .fetch_add(REF, Ordering::Relaxed);
    if old > isize::MAX as usize {
        std::process::abort(); // Leaked wakers by the billion: as `Arc` does.
    }
    raw_waker(ptr)
}

/// # Safety
/// As [`waker_clone`]; the waker's reference is handed to this call.
#[allow(unsafe_code)]
unsafe fn waker_wake(data: *const ()) {
    // SAFETY: as in `waker_clone`.
    let ptr = unsafe { NonNull::new_unchecked(data.cast_mut().cast::<Header>()) };
    // SAFETY: live: the waker's reference.
    let header = unsafe { ptr.as_ref() };
    let mut s = header.state.load(Ordering::Acquire);
    loop {
        let new = if s & (COMPLETE | SCHEDULED) != 0 {
            s - REF // Done, or queued already: the waker's reference goes.
        } else if s & RUNNING != 0 {
            (s | SCHEDULED) - REF // The poll queues it when it ends.
        } else {
            s | SCHEDULED // The waker's reference goes to the job.
        };
        match header
            .state
            .compare_exchange_weak(s, new, Ordering::AcqRel, Ordering::Acquire)
        {
            Ok(_) => break,
            Err(actual) => s = actual,
        }
    }
    if s & (COMPLETE | SCHEDULED | RUNNING) == 0 {
        // SAFETY: the waker's reference, with SCHEDULED set for it, goes to the job.
        unsafe { (header.vtable.schedule)(ptr, false) };
    } else if refs(s) == 1 {
        // Only possible with COMPLETE: a job or a poll would hold a reference.
        // SAFETY: the last reference, and the future is gone.
        unsafe { (header.vtable.free)(ptr) };
    }
}

/// # Safety
/// As [`waker_clone`].
#[allow(unsafe_code)]
unsafe fn waker_wake_by_ref(data: *const ()) {
    // SAFETY: as in `waker_clone`.
    let ptr = unsafe { NonNull::new_unchecked(data.cast_mut().cast::<Header>()) };
    // SAFETY: live: the waker's reference.
    let header = unsafe { ptr.as_ref() };
    let mut s = header.state.load(Ordering::Acquire);
    loop {
        if s & COMPLETE != 0 {
            return;
        }
        // Queued already: the same state written back, so that the coming poll sees what
        // this thread did before waking (a release, as any wake is).
        let new = if s & (SCHEDULED | RUNNING) != 0 {
            s | SCHEDULED
        } else {
            (s | SCHEDULED) + REF // A reference for the job.
        };
        match header
            .state
            .compare_exchange_weak(s, new, Ordering::AcqRel, Ordering::Acquire)
        {
            Ok(_) => break,
            Err(actual) => s = actual,
        }
    }
    if s & (SCHEDULED | RUNNING) == 0 {
        // SAFETY: the new reference, with SCHEDULED set for it, goes to the job.
        unsafe { (header.vtable.schedule)(ptr, false) };
    }
}

/// # Safety
/// As [`waker_clone`]; the waker's reference is dropped.
#[allow(unsafe_code)]
unsafe fn waker_drop(data: *const ()) {
    // SAFETY: as in `waker_clone`; the waker's reference is ours to drop.
    unsafe { release(NonNull::new_unchecked(data.cast_mut().cast::<Header>())) };
}

#[cfg(test)]
#[path = "block_task/tests.rs"]
mod tests;
