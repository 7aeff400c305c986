//! The header of a task block: the state word, its transitions, and the vtable of the
//! block's types.

use std::ptr::NonNull;
use std::task::{Context, Poll, Waker};

use super::atomic::{AtomicUsize, Ordering};

/// A job for the task exists (queued, or about to be), or a poll will queue it once it ends.
pub(super) const SCHEDULED: usize = 1 << 0;
/// The task is being polled.
pub(super) const RUNNING: usize = 1 << 1;
/// The future is gone (completed, dropped unrun, or dropped closed).
pub(super) const COMPLETE: usize = 1 << 2;
/// The next run drops the future instead of polling it: nothing can wake it any more.
pub(super) const CLOSED: usize = 1 << 3;
/// One reference: the job, a poll in progress, or a waker. The count is the state's high bits.
pub(super) const REF: usize = 1 << 4;

/// The number of references in state `s`.
#[inline]
pub(super) fn refs(s: usize) -> usize {
    s / REF
}

/// The start of every block.
pub(super) struct Header {
    /// # Invariant
    /// [`SCHEDULED`], [`RUNNING`], [`COMPLETE`], [`CLOSED`] and the reference count (its high
    /// bits). At most one of "a job exists" and "a poll is in progress" holds at a time; only
    /// the holder of the job or of the poll touches the future, and only while `COMPLETE` is
    /// clear. A job or a poll in progress holds one reference; each waker holds one; a call of
    /// the schedule function in progress holds one (see [`schedule`]). The block
    /// is freed by whoever drops the last reference with `COMPLETE` set.
    pub(super) state: AtomicUsize,
    /// The functions of this block's future and schedule types.
    pub(super) vtable: &'static TaskVTable,
    /// The block's size in bytes, or 0 if the block is a `Box` of the cell type of its own
    /// (over-aligned cells).
    pub(super) size: usize,
}

/// What can be done with a block, by its types.
pub(super) struct TaskVTable {
    /// Polls the future.
    pub(super) poll: unsafe fn(NonNull<Header>, &mut Context<'_>) -> Poll<()>,
    /// Drops the future in place.
    pub(super) drop_future: unsafe fn(NonNull<Header>),
    /// Hands a job for the task, which takes one reference, to the schedule function.
    pub(super) schedule: unsafe fn(NonNull<Header>, bool),
    /// Drops the schedule function and frees the block.
    pub(super) free: unsafe fn(NonNull<Header>),
}

/// Ends the poll of a completed task whose future is gone: RUNNING off, COMPLETE on, the
/// poll's reference dropped (the block freed if it was the last).
///
/// # Safety
/// `ptr` is a live block, the caller's poll is in progress and the future was just dropped.
#[allow(unsafe_code)]
pub(super) unsafe fn complete(ptr: NonNull<Header>) {
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
/// poll (the poll's reference goes to the job, and one more is taken for the schedule call, in
/// the same transition), else the poll's reference is dropped.
///
/// # Safety
/// `ptr` is a live block and the caller's poll is in progress.
#[allow(unsafe_code)]
pub(super) unsafe fn after_pending(ptr: NonNull<Header>) {
    // SAFETY: live (caller).
    let header = unsafe { ptr.as_ref() };
    let mut s = header.state.load(Ordering::Acquire);
    loop {
        let new = if s & SCHEDULED != 0 {
            (s & !RUNNING) + REF
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
        // SAFETY: the poll's reference goes to the job, with SCHEDULED set for it; the one
        // just taken is the call's.
        unsafe { schedule(ptr, true) };
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

/// Drops one reference; the last one frees the block, or, if the future still waits (no job,
/// no poll, no waker: nothing can wake it), closes the task and queues it once more so that its
/// executor drops the future.
///
/// # Safety
/// `ptr` is a live block and the caller holds one of its references.
#[allow(unsafe_code)]
pub(super) unsafe fn release(ptr: NonNull<Header>) {
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
        // The last reference and no job: nobody else can touch the block now. Two new
        // references: the job's and the schedule call's.
        header
            .state
            .store(SCHEDULED | CLOSED | (2 * REF), Ordering::Release);
        // SAFETY: one new reference, with SCHEDULED set for it, goes to the job; the other is
        // the call's.
        unsafe { schedule(ptr, false) };
    }
}

/// Polls the task whose job the caller holds.
///
/// # Safety
/// `ptr` is a live block, and the caller holds its job (and the job's reference); `waker` is
/// the block's waker, lent the poll's reference (never dropped).
#[allow(unsafe_code)]
pub(super) unsafe fn run(ptr: NonNull<Header>, waker: &Waker) {
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
    let mut cx = Context::from_waker(waker);
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

/// Drops a task's job unrun: the future is dropped uncalled.
///
/// # Safety
/// `ptr` is a live block and the caller holds its job (and the job's reference).
#[allow(unsafe_code)]
pub(super) unsafe fn drop_unrun(ptr: NonNull<Header>) {
    // SAFETY: live (caller). The job is ours, so no poll is in progress and the future is ours
    // to drop (COMPLETE is clear: a job is only made for a task not complete). A wake meanwhile
    // sees SCHEDULED and does nothing.
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

/// Hands the task to its schedule function as a job, which takes one reference the caller gives
/// (with `SCHEDULED` set for it). The call holds a second reference the caller gives: the
/// schedule function may drop the job at once (its context is shut down), or another thread may
/// run and finish the queued job before the function returns, and neither may free the block
/// the function lives in while it runs. The caller takes both references in the one transition
/// that sets `SCHEDULED` (no read-modify-write of its own here, before the call).
///
/// # Safety
/// `ptr` is a live block, and the caller hands two references, one with `SCHEDULED` set for
/// it.
#[allow(unsafe_code)]
pub(super) unsafe fn schedule(ptr: NonNull<Header>, woken_while_running: bool) {
    // SAFETY: live (caller).
    let header = unsafe { ptr.as_ref() };
    // SAFETY: one of the caller's references goes to the job; the other keeps the block for
    // the call, and is dropped after it.
    unsafe {
        (header.vtable.schedule)(ptr, woken_while_running);
        release(ptr);
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
