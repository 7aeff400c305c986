//! The waker of a task block: a pointer to the block, holding one reference.

use std::ptr::NonNull;
use std::task::{RawWaker, RawWakerVTable};

use super::atomic::Ordering;
use super::state::{refs, release, schedule, Header, COMPLETE, REF, RUNNING, SCHEDULED};

static WAKER_VTABLE: RawWakerVTable =
    RawWakerVTable::new(waker_clone, waker_wake, waker_wake_by_ref, waker_drop);

pub(super) fn raw_waker(ptr: NonNull<Header>) -> RawWaker {
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
            // The waker's reference goes to the job, and one more is the schedule call's.
            (s | SCHEDULED) + REF
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
        // SAFETY: the waker's reference, with SCHEDULED set for it, goes to the job; the one
        // just taken is the call's.
        unsafe { schedule(ptr, false) };
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
            (s | SCHEDULED) + 2 * REF // References for the job and the schedule call.
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
        // SAFETY: one new reference, with SCHEDULED set for it, goes to the job; the other is
        // the call's.
        unsafe { schedule(ptr, false) };
    }
}

/// # Safety
/// As [`waker_clone`]; the waker's reference is dropped.
#[allow(unsafe_code)]
unsafe fn waker_drop(data: *const ()) {
    // SAFETY: as in `waker_clone`; the waker's reference is ours to drop.
    unsafe { release(NonNull::new_unchecked(data.cast_mut().cast::<Header>())) };
}
