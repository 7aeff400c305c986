//! A loom model of the readiness waiters (`src/sys/waker_slot.rs`, `src/runtime/scheduled_io.rs`,
//! the non-blocking wait of `Registration::poll_io` in `src/op/readiness.rs`).
//!
//! Every step is the same as in the crate, bit for bit and ordering for ordering (`WakerSlot`'s
//! `REGISTERING`, `WAKING`, `OVERFLOW`), with a waker modelled as a shared counter of
//! wake-ups. loom explores every interleaving of an operation registering against the
//! reactor's `set_readiness` and against `cancel()`: a lost wake-up shows as an operation left
//! pending with no wake, a leaked waker as one still stored after a final take, a race on the
//! cell as loom's concurrent-access error. The descriptor cell is `loom_io_source.rs`.
//!
//! `JETON_LOOM_MUTANT=early-read` runs the models with a deliberate bug, the readiness read
//! before the waker is published; `lost_wake_is_found` then expects loom to find the lost
//! wake-up, and the other models fail. `JETON_LOOM_MUTANT=replace` makes a registration
//! replace another task's waker (as futures' `AtomicWaker` does) instead of using the overflow
//! list: the two-waiter models then fail.
//!
//! Run: `RUSTFLAGS="--cfg jeton_loom" cargo test --release --test loom_scheduled_io` (or
//! `scripts/loom.sh`). Without the cfg this file is empty.
#![cfg(jeton_loom)]

use loom::cell::UnsafeCell;
use loom::sync::atomic::{AtomicUsize, Ordering};
use loom::sync::{Arc, Mutex};
use loom::thread;

/// Whether the mutation `name` is under test (see the module docs).
fn mutant_is(name: &str) -> bool {
    std::env::var("JETON_LOOM_MUTANT").is_ok_and(|m| m == name)
}

/// Whether the early-read mutation is under test.
fn mutant() -> bool {
    mutant_is("early-read")
}

/// A task: counts its wake-ups. Its waker is an `Arc` of it (`will_wake`: the same task).
#[derive(Default)]
struct Task {
    woken: AtomicUsize,
}

#[derive(Clone)]
struct Waker(Arc<Task>);

impl Waker {
    fn will_wake(&self, other: &Waker) -> bool {
        Arc::ptr_eq(&self.0, &other.0)
    }

    fn wake(self) {
        self.0.woken.fetch_add(1, Ordering::SeqCst);
    }
}

const REGISTERING: usize = 0b001;
const WAKING: usize = 0b010;
const OVERFLOW: usize = 0b100;

/// `WakerSlot`.
#[derive(Default)]
struct WakerSlot {
    state: AtomicUsize,
    cell: UnsafeCell<Option<Waker>>,
    overflow: Mutex<Vec<Waker>>,
}

impl WakerSlot {
    fn register(&self, waker: &Waker) {
        let mut s = self.state.load(Ordering::Relaxed);
        loop {
            if s & (REGISTERING | WAKING) != 0 {
                return self.push_overflow(waker);
            }
            match self.state.compare_exchange_weak(
                s,
                s | REGISTERING,
                Ordering::Acquire,
                Ordering::Relaxed,
            ) {
                Ok(_) => break,
                Err(actual) => s = actual,
            }
        }
        // SAFETY: REGISTERING is ours, as in the crate (loom checks it).
        let spill = self.cell.with_mut(|cell| unsafe {
            let cell = &mut *cell;
            match cell {
                None => {
                    *cell = Some(waker.clone());
                    false
                }
                Some(w) if mutant_is("replace") && !w.will_wake(waker) => {
                    *w = waker.clone();
                    false
                }
                Some(w) => !w.will_wake(waker),
            }
        });
        if spill {
            self.push_overflow(waker);
        }
        let prev = self.state.fetch_and(!REGISTERING, Ordering::AcqRel);
        if prev & WAKING != 0 {
            self.finish_take().into_iter().for_each(Waker::wake);
        }
    }

    fn take(&self) -> Vec<Waker> {
        let prev = self.state.fetch_or(WAKING, Ordering::AcqRel);
        if prev & (REGISTERING | WAKING) != 0 {
            return Vec::new();
        }
        self.finish_take()
    }

    fn finish_take(&self) -> Vec<Waker> {
        // SAFETY: WAKING is ours, as in the crate (loom checks it).
        let first = self.cell.with_mut(|cell| unsafe { (*cell).take() });
        let prev = self.state.fetch_and(!WAKING, Ordering::AcqRel);
        let mut out: Vec<Waker> = first.into_iter().collect();
        if prev & OVERFLOW != 0 {
            out.extend(self.drain_overflow());
        }
        out
    }

    fn push_overflow(&self, waker: &Waker) {
        let mut list = self.overflow.lock().unwrap();
        if !list.iter().any(|w| w.will_wake(waker)) {
            list.push(waker.clone());
        }
        self.state.fetch_or(OVERFLOW, Ordering::AcqRel);
    }

    fn drain_overflow(&self) -> Vec<Waker> {
        let mut list = self.overflow.lock().unwrap();
        self.state.fetch_and(!OVERFLOW, Ordering::AcqRel);
        std::mem::take(&mut *list)
    }

    /// How many wakers are stored (after every thread has finished).
    fn stored(&self) -> usize {
        // SAFETY: called with every other thread joined.
        let cell = self.cell.with(|cell| unsafe { (*cell).is_some() });
        usize::from(cell) + self.overflow.lock().unwrap().len()
    }
}

const READABLE: usize = 0b1;
const TICK: usize = 0b10;

/// `ScheduledIo`, one direction.
#[derive(Default)]
struct Io {
    readiness: AtomicUsize,
    epoch: AtomicUsize,
    waiters: WakerSlot,
}

impl Io {
    /// `ScheduledIo::set_readiness` (the reactor), waking at once.
    fn set_readiness(&self) {
        let mut cur = self.readiness.load(Ordering::Acquire);
        loop {
            let next = ((cur & !READABLE) + TICK) | READABLE;
            match self.readiness.compare_exchange_weak(
                cur,
                next,
                Ordering::AcqRel,
                Ordering::Acquire,
            ) {
                Ok(_) => break,
                Err(actual) => cur = actual,
            }
        }
        self.waiters.take().into_iter().for_each(Waker::wake);
    }

    /// `ScheduledIo::cancel`.
    fn cancel(&self) {
        self.epoch.fetch_add(1, Ordering::AcqRel);
        self.waiters.take().into_iter().for_each(Waker::wake);
    }

    /// `ScheduledIo::register`: the readiness read after the waker is published (before, in
    /// the mutant).
    fn register(&self, waker: &Waker) -> usize {
        if mutant() {
            let now = self.readiness.load(Ordering::Acquire);
            self.waiters.register(waker);
            return now;
        }
        self.waiters.register(waker);
        self.readiness.load(Ordering::Acquire)
    }

    /// One poll of `Registration::poll_io` (non-blocking drive) for an operation started under
    /// `epoch`: the syscall succeeds once readiness is seen.
    fn poll(&self, epoch: usize, waker: &Waker) -> Outcome {
        loop {
            if self.epoch.load(Ordering::Acquire) != epoch {
                return Outcome::Aborted;
            }
            let seen = self.readiness.load(Ordering::Acquire);
            if seen & READABLE != 0 {
                return Outcome::Done;
            }
            let _ = self.readiness.compare_exchange(
                seen,
                seen & !READABLE,
                Ordering::AcqRel,
                Ordering::Acquire,
            );
            let now = self.register(waker);
            if now & READABLE != 0 || self.epoch.load(Ordering::Acquire) != epoch {
                continue;
            }
            return Outcome::Pending;
        }
    }
}

#[derive(Debug, PartialEq)]
enum Outcome {
    Done,
    Aborted,
    Pending,
}

/// A pending operation must have been woken; then a final take (a later edge) empties the
/// slot, and no waker is left anywhere.
fn check(io: &Io, outcome: &Outcome, task: &Arc<Task>) {
    if *outcome == Outcome::Pending {
        assert!(
            task.woken.load(Ordering::SeqCst) > 0,
            "lost wake-up: the operation waits and nothing wakes it"
        );
    }
    io.waiters.take().into_iter().for_each(drop);
    assert_eq!(io.waiters.stored(), 0, "a waker stayed stored after a take");
    assert_eq!(Arc::strong_count(task), 1, "a waker leaked");
}

/// One operation waits for read readiness while `event` (the reactor's `set_readiness`, or
/// `cancel()`) runs on another thread.
fn one_waiter_against(event: fn(&Io)) {
    loom::model(move || {
        let io = Arc::new(Io::default());
        let task = Arc::new(Task::default());
        let other = {
            let io = io.clone();
            thread::spawn(move || event(&io))
        };
        let outcome = io.poll(0, &Waker(task.clone()));
        other.join().unwrap();
        check(&io, &outcome, &task);
    });
}

/// An operation waits for read readiness while the reactor reports it.
#[test]
fn register_against_set_readiness() {
    one_waiter_against(Io::set_readiness);
}

/// An operation waits while `cancel()` runs on another thread.
#[test]
fn register_against_cancel() {
    one_waiter_against(Io::cancel);
}

/// Two operations of two tasks wait on the same direction (two outstanding reads) on two
/// threads while the reactor reports readiness: the second goes to the overflow list, and
/// both are woken.
#[test]
fn two_waiters_against_set_readiness() {
    loom::model(|| {
        let io = Arc::new(Io::default());
        let (a, b) = (Arc::new(Task::default()), Arc::new(Task::default()));
        let other = {
            let (io, b) = (io.clone(), b.clone());
            thread::spawn(move || io.poll(0, &Waker(b)))
        };
        let reactor = {
            let io = io.clone();
            thread::spawn(move || io.set_readiness())
        };
        let first = io.poll(0, &Waker(a.clone()));
        let second = other.join().unwrap();
        reactor.join().unwrap();
        check(&io, &first, &a);
        check(&io, &second, &b);
    });
}

/// A stale waker (an operation that completed without being woken) holds the cell while a
/// second task waits and a cancel races with readiness: every waiter is woken, none leaks.
#[test]
fn stale_cell_cancel_and_readiness() {
    loom::model(|| {
        let io = Arc::new(Io::default());
        let (stale, task) = (Arc::new(Task::default()), Arc::new(Task::default()));
        io.waiters.register(&Waker(stale.clone()));
        let reactor = {
            let io = io.clone();
            thread::spawn(move || io.set_readiness())
        };
        let canceller = {
            let io = io.clone();
            thread::spawn(move || io.cancel())
        };
        let outcome = io.poll(0, &Waker(task.clone()));
        reactor.join().unwrap();
        canceller.join().unwrap();
        check(&io, &outcome, &task);
        assert_eq!(Arc::strong_count(&stale), 1, "the stale waker leaked");
    });
}

/// The mutant's lost wake-up is found: with `JETON_LOOM_MUTANT=early-read` this test expects
/// a failing interleaving; without it, it is the same as `register_against_set_readiness`.
#[test]
fn lost_wake_is_found() {
    let run = || one_waiter_against(Io::set_readiness);
    if mutant() {
        let found = std::panic::catch_unwind(run).is_err();
        assert!(found, "loom found no lost wake-up in the mutant");
    } else {
        run();
    }
}
