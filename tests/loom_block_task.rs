//! A loom model of the closure token's task state word: the crate's own
//! `src/runtime/block_task/state.rs` and `waker.rs` (included here over loom's atomics), under a
//! model block whose future, schedule function and memory are the test's. `SCHEDULED`,
//! `RUNNING`, `COMPLETE`, `CLOSED` and the reference count share one atomic; a job runs the task
//! (the poll), wakers wake it by value or by reference from other threads, the last reference
//! frees the block, and a waiting task that loses its last waker is queued once more, closed,
//! to be dropped by its executor.
//!
//! loom explores every interleaving of a thread running the task's jobs and two threads
//! waking, cloning and dropping wakers: the future is never touched by two threads at once (its
//! state is a loom `UnsafeCell`), never polled after it is dropped, dropped exactly once, and
//! the block is freed exactly once, after every reference is gone (loom also reports the
//! block's `Arc` if it leaks).
//!
//! Run: `RUSTFLAGS="--cfg jeton_loom" cargo test --release --test loom_block_task` (or
//! `scripts/loom.sh`). Without the cfg this file is empty.
#![cfg(jeton_loom)]
#![allow(unsafe_code)]

use std::collections::VecDeque;
use std::mem::ManuallyDrop;
use std::ptr::NonNull;
use std::task::{Context, Poll, Waker};

use loom::cell::UnsafeCell;
use loom::sync::atomic::{AtomicBool, AtomicUsize};
use loom::sync::{Arc, Mutex};
use loom::thread;

/// What `state.rs` and `waker.rs` know as `super::atomic`.
mod atomic {
    pub(crate) use loom::sync::atomic::{AtomicUsize, Ordering};
}

#[allow(dead_code)]
#[path = "../src/runtime/block_task/state.rs"]
mod state;
#[allow(dead_code)]
#[path = "../src/runtime/block_task/waker.rs"]
mod waker;

use atomic::Ordering;
use state::{Header, TaskVTable, REF};

/// The model future: `Pending` on a fresh poll, `Ready` on the next.
#[derive(Debug, PartialEq)]
enum Fut {
    Fresh,
    Polled,
    Dropped,
}

/// What outlives the block: its queue of jobs and the counts checked at the end.
struct Shared {
    /// Jobs (a block pointer each) and whether each was woken while running.
    queue: Mutex<VecDeque<(Job, bool)>>,
    drops: AtomicUsize,
    freed: AtomicUsize,
    /// The future wakes itself by reference during its fresh poll.
    wake_during_poll: bool,
}

struct Job(NonNull<Header>);
// SAFETY: a block pointer, used as the crate's `BlockTask` is (sent to the running thread).
unsafe impl Send for Job {}

/// The model block: the crate's header, then the test's future and queue.
#[repr(C)]
struct Block {
    header: Header,
    fut: UnsafeCell<Fut>,
    shared: Arc<Shared>,
}

static VTABLE: TaskVTable = TaskVTable {
    poll,
    drop_future,
    schedule,
    free,
};

unsafe fn block<'a>(ptr: NonNull<Header>) -> &'a Block {
    unsafe { ptr.cast::<Block>().as_ref() }
}

unsafe fn poll(ptr: NonNull<Header>, cx: &mut Context<'_>) -> Poll<()> {
    let b = unsafe { block(ptr) };
    let ready = b.fut.with_mut(|f| {
        let f = unsafe { &mut *f };
        match f {
            Fut::Fresh => {
                *f = Fut::Polled;
                false
            }
            Fut::Polled => true,
            Fut::Dropped => panic!("polled after it was dropped"),
        }
    });
    if ready {
        return Poll::Ready(());
    }
    if b.shared.wake_during_poll {
        cx.waker().wake_by_ref();
    }
    Poll::Pending
}

unsafe fn drop_future(ptr: NonNull<Header>) {
    let b = unsafe { block(ptr) };
    b.fut.with_mut(|f| {
        let f = unsafe { &mut *f };
        assert_ne!(*f, Fut::Dropped, "dropped once");
        *f = Fut::Dropped;
    });
    b.shared.drops.fetch_add(1, Ordering::SeqCst);
}

unsafe fn schedule(ptr: NonNull<Header>, woken_while_running: bool) {
    let b = unsafe { block(ptr) };
    b.shared
        .queue
        .lock()
        .unwrap()
        .push_back((Job(ptr), woken_while_running));
}

unsafe fn free(ptr: NonNull<Header>) {
    let b = unsafe { Box::from_raw(ptr.cast::<Block>().as_ptr()) };
    b.fut
        .with(|f| assert_eq!(unsafe { &*f }, &Fut::Dropped, "freed after the drop"));
    b.shared.freed.fetch_add(1, Ordering::SeqCst);
}

/// A waker of the block holding one of its references.
fn waker(ptr: NonNull<Header>) -> Waker {
    unsafe { Waker::from_raw(waker::raw_waker(ptr)) }
}

/// A task polled once (pending) with two wakers out, each given to a thread doing `act`, while
/// one thread runs the task's jobs (or drops them unrun: `shut_down`).
fn model(wake_during_poll: bool, shut_down: bool, acts: [fn(Waker); 2]) {
    loom::model(move || {
        let shared = Arc::new(Shared {
            queue: Mutex::new(VecDeque::new()),
            drops: AtomicUsize::new(0),
            freed: AtomicUsize::new(0),
            wake_during_poll,
        });
        let ptr = NonNull::from(Box::leak(Box::new(Block {
            // The first poll is over: the two wakers hold the references.
            header: Header {
                state: atomic::AtomicUsize::new(2 * REF),
                vtable: &VTABLE,
                chunks: 0,
            },
            // Woken during its first poll: its fresh poll comes next; else ready.
            fut: UnsafeCell::new(if wake_during_poll {
                Fut::Fresh
            } else {
                Fut::Polled
            }),
            shared: shared.clone(),
        })))
        .cast::<Header>();
        let wakers = [waker(ptr), waker(ptr)];
        let done = Arc::new(AtomicBool::new(false));
        let runner = {
            let (shared, done) = (shared.clone(), done.clone());
            thread::spawn(move || loop {
                let job = shared.queue.lock().unwrap().pop_front();
                match job {
                    Some((Job(p), _)) if shut_down => unsafe { state::drop_unrun(p) },
                    Some((Job(p), _)) => {
                        let w = ManuallyDrop::new(unsafe { Waker::from_raw(waker::raw_waker(p)) });
                        unsafe { state::run(p, &w) };
                    }
                    None if done.load(Ordering::Acquire) => {
                        if shared.queue.lock().unwrap().is_empty() {
                            return;
                        }
                    }
                    None => thread::yield_now(),
                }
            })
        };
        let threads: Vec<_> = acts
            .into_iter()
            .zip(wakers)
            .map(|(act, w)| thread::spawn(move || act(w)))
            .collect();
        for t in threads {
            t.join().unwrap();
        }
        done.store(true, Ordering::Release);
        runner.join().unwrap();
        assert_eq!(
            shared.drops.load(Ordering::SeqCst),
            1,
            "the future dropped once"
        );
        assert_eq!(
            shared.freed.load(Ordering::SeqCst),
            1,
            "the block freed once"
        );
    });
}

/// Wakes by value (the waker's reference goes with it).
fn wake(w: Waker) {
    w.wake();
}

/// Wakes by reference, then drops the waker.
fn wake_by_ref_then_drop(w: Waker) {
    w.wake_by_ref();
    drop(w);
}

/// Clones the waker, wakes the clone, then drops the original.
fn clone_wake_drop(w: Waker) {
    w.clone().wake();
    drop(w);
}

/// Drops the waker without waking.
fn drop_waker(w: Waker) {
    drop(w);
}

#[test]
fn two_wakes_from_two_threads() {
    model(false, false, [wake, wake_by_ref_then_drop]);
}

#[test]
fn a_wake_races_a_waker_clone() {
    model(false, false, [wake, clone_wake_drop]);
}

#[test]
fn wakes_while_the_task_wakes_itself_in_its_poll() {
    model(true, false, [wake, wake_by_ref_then_drop]);
}

#[test]
fn the_last_waker_dropped_while_waiting_closes_the_task() {
    model(false, false, [drop_waker, drop_waker]);
}

#[test]
fn a_wake_races_the_last_waker_drop() {
    model(true, false, [wake_by_ref_then_drop, drop_waker]);
}

#[test]
fn jobs_dropped_unrun_by_a_shut_down_context() {
    model(false, true, [wake, clone_wake_drop]);
}
