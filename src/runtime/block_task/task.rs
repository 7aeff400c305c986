//! A task block's contents and [`BlockTask`], its job: making, running and dropping a task, and
//! its memory, which is taken ([`Reserved`]) before the task is made.

use std::cell::UnsafeCell;
use std::future::Future;
use std::mem::{ManuallyDrop, MaybeUninit};
use std::pin::Pin;
use std::ptr::NonNull;
use std::sync::atomic::AtomicUsize;
use std::task::{Context, Poll, Waker};

use super::state::{drop_unrun, run, Header, TaskVTable, REF, SCHEDULED};
use super::waker::raw_waker;
use crate::runtime::current::{give_block, take_block, Block, BLOCK_ALIGN};
use crate::runtime::job::Job;

/// What queues a task's job whenever the task is woken, with whether it was woken while
/// running. A closure `Fn(Job, bool)` is one; a type of its own can be named before the task is
/// made, as [`Reserved`] needs.
pub(crate) trait Schedule: Send + Sync + 'static {
    /// Queues `job`.
    fn schedule(&self, job: Job, woken_while_running: bool);
}

impl<T: Fn(Job, bool) + Send + Sync + 'static> Schedule for T {
    #[inline]
    fn schedule(&self, job: Job, woken_while_running: bool) {
        self(job, woken_while_running);
    }
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
    S: Schedule,
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
    /// `SCHEDULED` set for it) to the job made here, and holds another for the call
    /// (`state::schedule`).
    #[allow(unsafe_code)]
    unsafe fn schedule(ptr: NonNull<Header>, woken_while_running: bool) {
        let task = BlockTask(ptr);
        let job = Job::from_fn(move || task.run());
        // SAFETY: the block is live (the caller's reference) and of this type (caller).
        let cell = unsafe { ptr.cast::<Self>().as_ref() };
        cell.schedule.schedule(job, woken_while_running);
    }

    /// # Safety
    /// `ptr` is a block of this type with no reference left; the future is gone.
    #[allow(unsafe_code)]
    unsafe fn free(ptr: NonNull<Header>) {
        let cell = ptr.cast::<Self>();
        // SAFETY: no reference is left, so nothing else touches the block: the schedule
        // function is dropped once, then the memory goes back as it was taken (`alloc`).
        unsafe {
            let size = cell.as_ref().header.size;
            std::ptr::drop_in_place(std::ptr::addr_of_mut!((*cell.as_ptr()).schedule));
            dealloc(cell, size);
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
    /// Polls the task once: it completes (the future is dropped), or waits for a wake, or is
    /// queued again at once when it was woken during the poll.
    pub(crate) fn run(self) {
        let ptr = ManuallyDrop::new(self).0;
        // SAFETY: the waker's functions take a live block; this one holds no reference of its
        // own (it is never dropped): the poll's keeps the block alive while it is lent out.
        #[allow(unsafe_code)]
        let waker = ManuallyDrop::new(unsafe { Waker::from_raw(raw_waker(ptr)) });
        // SAFETY: by this value's invariant the block is live and we hold its job, which this
        // turns into the poll (and whose reference the poll keeps).
        #[allow(unsafe_code)]
        unsafe {
            run(ptr, &waker)
        }
    }
}

impl Drop for BlockTask {
    fn drop(&mut self) {
        // SAFETY: by this value's invariant the block is live and we hold its job.
        #[allow(unsafe_code)]
        unsafe {
            drop_unrun(self.0)
        }
    }
}

impl std::fmt::Debug for BlockTask {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("BlockTask")
    }
}

/// A block taken for a task of future type `F` and schedule type `S`, the task not made yet.
/// Taking the block first lets the caller gather the future's parts straight into it
/// ([`Reserved::make`]): nothing the future holds is moved while the block is taken (a call
/// that may unwind, so whatever crossed it would be copied aside to be dropped there), and the
/// future is written into the block once, not copied through the stack. Dropped unused, the
/// block goes back.
pub(crate) struct Reserved<F, S> {
    /// # Invariant
    /// Memory for one `Cell<F, S>`, unused, from `alloc`, which gave its size, `size`.
    ptr: NonNull<Cell<F, S>>,
    size: usize,
}

impl<F, S> Reserved<F, S>
where
    F: Future<Output = ()> + Send + 'static,
    S: Schedule,
{
    /// Takes a block for the task (from this thread's cache, in steady state).
    #[inline]
    pub(crate) fn new() -> Self {
        let (ptr, size) = alloc::<Cell<F, S>>();
        Reserved { ptr, size }
    }

    /// Makes the task in the block: of `future`, which `schedule` queues whenever it is woken.
    /// Nothing is scheduled yet: the caller runs the task or drops it.
    #[inline]
    pub(crate) fn make(self, future: F, schedule: S) -> BlockTask {
        let this = ManuallyDrop::new(self);
        let cell = this.ptr.as_ptr();
        // SAFETY: the memory is for one `Cell<F, S>`, aligned and unused (invariant); each
        // field is written once, in place (no copy of the whole cell through the stack),
        // which makes the block live with one reference and `SCHEDULED`: `BlockTask`'s
        // invariant. `UnsafeCell<MaybeUninit<F>>` has the layout of `F`.
        #[allow(unsafe_code)]
        unsafe {
            std::ptr::addr_of_mut!((*cell).header).write(Header {
                state: AtomicUsize::new(SCHEDULED | REF),
                vtable: &Cell::<F, S>::VTABLE,
                size: this.size,
            });
            std::ptr::addr_of_mut!((*cell).schedule).write(schedule);
            std::ptr::addr_of_mut!((*cell).future)
                .cast::<F>()
                .write(future);
        }
        BlockTask(this.ptr.cast())
    }
}

impl<F, S> Drop for Reserved<F, S> {
    fn drop(&mut self) {
        // SAFETY: the memory is unused and from `alloc` with `size` (invariant); `make`
        // forgets `self`, so this runs only for a block never made into a task.
        #[allow(unsafe_code)]
        unsafe {
            dealloc(self.ptr, self.size);
        }
    }
}

impl<F, S> std::fmt::Debug for Reserved<F, S> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Reserved")
    }
}

/// Memory for one `T`, and its size for `Header::size`: a block from this thread's cache, or
/// a `Box` of its own (size 0) for a type aligned beyond a block.
fn alloc<T>() -> (NonNull<T>, usize) {
    if std::mem::align_of::<T>() <= BLOCK_ALIGN {
        let block = take_block(std::mem::size_of::<T>());
        let size = block.size();
        (block.into_raw().cast(), size)
    } else {
        let own = Box::new(MaybeUninit::<T>::uninit());
        (NonNull::from(Box::leak(own)).cast(), 0)
    }
}

/// Gives back the memory of one `T` that `alloc` returned with `size`.
///
/// # Safety
/// `ptr` and `size` are what one `alloc::<T>()` returned, the memory holds nothing left to
/// drop, and nothing touches it any more.
#[allow(unsafe_code)]
unsafe fn dealloc<T>(ptr: NonNull<T>, size: usize) {
    // SAFETY: the memory is a block that `alloc` took for `size` bytes, or for 0 a `Box` of
    // this shape that it leaked (caller).
    unsafe {
        if size == 0 {
            drop(Box::from_raw(ptr.as_ptr().cast::<MaybeUninit<T>>()));
        } else {
            give_block(Block::from_raw(ptr.cast(), size));
        }
    }
}
