//! A loom model of the closure token's task state word (`src/runtime/block_task/`: `state.rs`,
//! `waker.rs`, `task.rs`): `SCHEDULED`, `RUNNING`, `COMPLETE`, `CLOSED` and the reference count
//! in one atomic; a job runs the task (the poll), wakers wake it by value or by reference from
//! other threads, the last reference frees the block, and a waiting task that loses its last
//! waker is queued once more, closed, to be dropped by its executor.
//!
//! loom explores every interleaving of a thread running the task's jobs and two threads
//! waking and dropping wakers: the future is never polled by two threads at once (its state is
//! a loom `UnsafeCell`), never polled after it is dropped, dropped exactly once, and the block
//! is freed exactly once, after every reference is gone.
//!
//! Run: `RUSTFLAGS="--cfg jeton_loom" cargo test --release --test loom_block_task` (or
//! `scripts/loom.sh`). Without the cfg this file is empty.
#![cfg(jeton_loom)]

use std::collections::VecDeque;

use loom::cell::UnsafeCell;
use loom::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use loom::sync::{Arc, Mutex};
use loom::thread;

const SCHEDULED: usize = 1 << 0;
const RUNNING: usize = 1 << 1;
const COMPLETE: usize = 1 << 2;
const CLOSED: usize = 1 << 3;
const REF: usize = 1 << 4;

fn refs(s: usize) -> usize {
    s / REF
}

/// The model future: `Pending` on its first poll, `Ready` on its second.
#[derive(Debug, PartialEq)]
enum Fut {
    Fresh,
    Polled,
    Dropped,
}

/// One block: the state word, the future, the queue its schedule function pushes jobs to,
/// and what the checks count.
struct Task {
    state: AtomicUsize,
    fut: UnsafeCell<Fut>,
    /// Jobs (each holds a reference and `SCHEDULED`) and whether each was woken while running.
    queue: Mutex<VecDeque<bool>>,
    freed: AtomicUsize,
    wake_during_poll: bool,
}

impl Task {
    fn schedule(&self, woken_while_running: bool) {
        self.state.fetch_add(REF, Ordering::Relaxed);
        self.queue.lock().unwrap().push_back(woken_while_running);
        self.release();
    }

    fn free(&self) {
        assert_eq!(self.fut.with(|f| unsafe { &*f } == &Fut::Dropped), true);
        assert_eq!(self.freed.fetch_add(1, Ordering::SeqCst), 0, "freed once");
    }

    fn drop_future(&self) {
        self.fut.with_mut(|f| {
            let f = unsafe { &mut *f };
            assert_ne!(*f, Fut::Dropped, "dropped once");
            *f = Fut::Dropped;
        });
    }

    /// `run`: the job becomes the poll.
    fn run(&self) {
        let s = self.state.fetch_xor(SCHEDULED | RUNNING, Ordering::AcqRel);
        assert_eq!(s & (SCHEDULED | RUNNING | COMPLETE), SCHEDULED);
        if s & CLOSED != 0 {
            self.drop_future();
            self.complete();
            return;
        }
        let ready = self.fut.with_mut(|f| {
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
        if !ready && self.wake_during_poll {
            self.wake_by_ref();
        }
        if ready {
            self.drop_future();
            self.complete();
        } else {
            self.after_pending();
        }
    }

    fn complete(&self) {
        let s = self
            .state
            .fetch_sub(RUNNING + REF - COMPLETE, Ordering::AcqRel);
        if refs(s) == 1 {
            self.free();
        }
    }

    fn after_pending(&self) {
        let mut s = self.state.load(Ordering::Acquire);
        loop {
            let new = if s & SCHEDULED != 0 {
                s & !RUNNING
            } else {
                (s & !RUNNING) - REF
            };
            match self
                .state
                .compare_exchange_weak(s, new, Ordering::AcqRel, Ordering::Acquire)
            {
                Ok(_) => break,
                Err(a) => s = a,
            }
        }
        if s & SCHEDULED != 0 {
            self.schedule(true);
        } else if refs(s) == 1 {
            self.drop_future();
            self.free();
        }
    }

    /// A job dropped unrun (its context is shut down).
    fn drop_unrun(&self) {
        self.drop_future();
        let s = self
            .state
            .fetch_sub(SCHEDULED + REF - COMPLETE, Ordering::AcqRel);
        if refs(s) == 1 {
            self.free();
        }
    }

    fn release(&self) {
        let s = self.state.fetch_sub(REF, Ordering::AcqRel);
        if refs(s) != 1 {
            return;
        }
        if s & COMPLETE != 0 {
            self.free();
        } else {
            self.state
                .store(SCHEDULED | CLOSED | REF, Ordering::Release);
            self.schedule(false);
        }
    }

    fn clone_waker(&self) {
        self.state.fetch_add(REF, Ordering::Relaxed);
    }

    fn wake(&self) {
        let mut s = self.state.load(Ordering::Acquire);
        loop {
            let new = if s & (COMPLETE | SCHEDULED) != 0 {
                s - REF
            } else if s & RUNNING != 0 {
                (s | SCHEDULED) - REF
            } else {
                s | SCHEDULED
            };
            match self
                .state
                .compare_exchange_weak(s, new, Ordering::AcqRel, Ordering::Acquire)
            {
                Ok(_) => break,
                Err(a) => s = a,
            }
        }
        if s & (COMPLETE | SCHEDULED | RUNNING) == 0 {
            self.schedule(false);
        } else if refs(s) == 1 {
            self.free();
        }
    }

    fn wake_by_ref(&self) {
        let mut s = self.state.load(Ordering::Acquire);
        loop {
            if s & COMPLETE != 0 {
                return;
            }
            let new = if s & (SCHEDULED | RUNNING) != 0 {
                s | SCHEDULED
            } else {
                (s | SCHEDULED) + REF
            };
            match self
                .state
                .compare_exchange_weak(s, new, Ordering::AcqRel, Ordering::Acquire)
            {
                Ok(_) => break,
                Err(a) => s = a,
            }
        }
        if s & (SCHEDULED | RUNNING) == 0 {
            self.schedule(false);
        }
    }
}

/// A task polled once (pending) with `wakers` wakers out, whose jobs one thread runs while the
/// wakers' threads do `act`; then the runner drains the queue (or drops it, `shut_down`).
fn model(wake_during_poll: bool, shut_down: bool, acts: [fn(&Task); 2]) {
    loom::model(move || {
        let t = Arc::new(Task {
            // The first poll is over: two wakers hold the references.
            state: AtomicUsize::new(2 * REF),
            fut: UnsafeCell::new(Fut::Polled),
            queue: Mutex::new(VecDeque::new()),
            freed: AtomicUsize::new(0),
            wake_during_poll,
        });
        // Polled once already: the second poll is ready, unless woken during the first.
        if wake_during_poll {
            t.fut.with_mut(|f| unsafe { *f = Fut::Fresh });
        }
        let done = Arc::new(AtomicBool::new(false));
        let runner = {
            let (t, done) = (t.clone(), done.clone());
            thread::spawn(move || loop {
                let job = t.queue.lock().unwrap().pop_front();
                match job {
                    Some(_) if shut_down => t.drop_unrun(),
                    Some(_) => t.run(),
                    None if done.load(Ordering::Acquire) => {
                        if t.queue.lock().unwrap().is_empty() {
                            return;
                        }
                    }
                    None => thread::yield_now(),
                }
            })
        };
        let wakers: Vec<_> = acts
            .into_iter()
            .map(|act| {
                let t = t.clone();
                thread::spawn(move || act(&t))
            })
            .collect();
        for w in wakers {
            w.join().unwrap();
        }
        done.store(true, Ordering::Release);
        runner.join().unwrap();
        assert_eq!(
            t.freed.load(Ordering::SeqCst),
            1,
            "freed once every reference went"
        );
        t.fut.with(|f| assert_eq!(unsafe { &*f }, &Fut::Dropped));
    });
}

/// Wakes by value (the waker's reference goes with it).
fn wake(t: &Task) {
    t.wake();
}

/// Wakes by reference, then drops the waker.
fn wake_by_ref_then_drop(t: &Task) {
    t.wake_by_ref();
    t.release();
}

/// Clones the waker, wakes the clone, then drops the original.
fn clone_wake_drop(t: &Task) {
    t.clone_waker();
    t.wake();
    t.release();
}

/// Drops the waker without waking.
fn drop_waker(t: &Task) {
    t.release();
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
    model(false, false, [wake_by_ref_then_drop, drop_waker]);
}

#[test]
fn jobs_dropped_unrun_by_a_shut_down_context() {
    model(false, true, [wake, clone_wake_drop]);
}
