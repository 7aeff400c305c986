//! A loom model of the timer cell (`src/runtime/timer_cell.rs`, included here over loom's
//! atomics): the protocol that lets `expires_at` skip the timer-queue lock when its timer lists
//! no wait, and the expiry's sequence lock with racing writers.
//!
//! The model queue is a mutex over the listed waits, each with the expiry it read and whether it
//! was aborted. A setter stores a new expiry and, if the cell counts a wait, locks the queue and
//! aborts every wait listed; a wait's start locks the queue, counts itself, reads the expiry and
//! lists itself. Whatever the interleaving, a wait that was not aborted waits for the expiry
//! that is current at the end, and the setter's count of aborted waits is exact.
//!
//! Run: `RUSTFLAGS="--cfg jeton_loom" cargo test --release --test loom_timer_cell` (or
//! `scripts/loom.sh`). Without the cfg this file is empty.
#![cfg(jeton_loom)]

use loom::sync::{Arc, Mutex};
use loom::thread;

/// What `timer_cell.rs` knows as `super::atomic`.
mod atomic {
    pub(crate) use loom::hint::spin_loop;
    pub(crate) use loom::sync::atomic::{fence, AtomicU64, Ordering};
}

#[allow(dead_code)]
#[path = "../src/runtime/timer_cell.rs"]
mod timer_cell;

use timer_cell::{Expiry, TimerCell};

fn expiry(n: i64) -> Expiry {
    Expiry {
        parts: (n, n as u32),
        instant: (-n, 7 * n as u32),
    }
}

/// The model queue: the waits listed, each with the expiry it waits for and whether aborted.
struct Queue {
    waits: Mutex<Vec<(Option<Expiry>, bool)>>,
    cell: TimerCell,
}

impl Queue {
    /// `expires_at`: store, then abort under the lock if any wait is listed; returns how many.
    fn set(&self, e: Expiry) -> usize {
        if !self.cell.store_then_any_wait(e) {
            return 0;
        }
        let mut waits = self.waits.lock().unwrap();
        let mut n = 0;
        for w in waits.iter_mut().filter(|w| !w.1) {
            w.1 = true;
            n += 1;
        }
        n
    }

    /// A wait's start, under the lock.
    fn start_wait(&self) {
        let mut waits = self.waits.lock().unwrap();
        let e = self.cell.add_wait_then_load();
        waits.push((e, false));
    }
}

#[test]
fn a_wait_racing_a_rearm_sees_the_new_expiry_or_is_aborted_and_counted() {
    loom::model(|| {
        let q = Arc::new(Queue {
            waits: Mutex::new(Vec::new()),
            cell: TimerCell::new(),
        });
        q.cell.store(expiry(1));
        let setter = {
            let q = q.clone();
            thread::spawn(move || q.set(expiry(2)))
        };
        q.start_wait();
        let aborted = setter.join().unwrap();
        let waits = q.waits.lock().unwrap();
        let (e, was_aborted) = waits[0];
        assert_eq!(usize::from(was_aborted), aborted, "the count is exact");
        assert!(
            was_aborted || e == Some(expiry(2)),
            "a wait left pending waits for the current expiry: {e:?}"
        );
    });
}

#[test]
fn two_waits_and_a_rearm_after_one_was_collected() {
    loom::model(|| {
        let q = Arc::new(Queue {
            waits: Mutex::new(Vec::new()),
            cell: TimerCell::new(),
        });
        q.cell.store(expiry(1));
        // A first wait, already over and removed: the count went back to 0.
        q.start_wait();
        {
            let mut waits = q.waits.lock().unwrap();
            waits.clear();
            q.cell.remove_wait();
        }
        let waiter = {
            let q = q.clone();
            thread::spawn(move || q.start_wait())
        };
        let aborted = q.set(expiry(3));
        waiter.join().unwrap();
        let waits = q.waits.lock().unwrap();
        let (e, was_aborted) = waits[0];
        assert_eq!(usize::from(was_aborted), aborted);
        assert!(was_aborted || e == Some(expiry(3)), "{e:?}");
    });
}

#[test]
fn a_reader_racing_a_writer_never_sees_a_torn_expiry() {
    loom::model(|| {
        let cell = Arc::new(TimerCell::new());
        cell.store(expiry(1));
        let writer = {
            let cell = cell.clone();
            thread::spawn(move || cell.store(expiry(2)))
        };
        let seen = cell.load().expect("set");
        assert!([1, 2].map(expiry).contains(&seen), "torn: {seen:?}");
        writer.join().unwrap();
        assert_eq!(cell.load(), Some(expiry(2)));
    });
}

#[test]
fn racing_writers_take_turns() {
    loom::model(|| {
        let cell = Arc::new(TimerCell::new());
        let writer = {
            let cell = cell.clone();
            thread::spawn(move || cell.store(expiry(2)))
        };
        cell.store(expiry(3));
        writer.join().unwrap();
        let last = cell.load().expect("set");
        assert!(
            [2, 3].map(expiry).contains(&last),
            "a writer's value: {last:?}"
        );
    });
}
