//! Handlers posted from handlers (the thread-private queue) and operations completed inside
//! their initiating call: what a user relies on when a thread runs its context alone and when
//! a second thread joins: run() returns only when all work is done (G4), each handler runs once
//! and never inside its initiating call (G2, G3), a blocked handler does not hold back handlers
//! queued behind it while another run thread is idle (G9), panics propagate (G8), and dropping
//! the context drops queued handlers uncalled (G3).

mod support;

use std::io;
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::{mpsc, Arc};
use std::time::Duration;

use jeton::{Executor, IoContext, SteadyTimer, WorkGuard};
use support::{watchdog, DropCounter};

/// A chain of `left` steps on one thread: each step waits on an already expired timer (the
/// wait completes inside `async_wait`, so its handler is queued from inside the running
/// handler and its task ends there) and posts nothing else.
fn expired_wait_chain(timer: Arc<SteadyTimer>, left: usize, done: Arc<AtomicUsize>) {
    let inside = Arc::new(AtomicBool::new(true));
    let flag = inside.clone();
    let t2 = timer.clone();
    timer.async_wait(move |r: io::Result<()>| {
        assert!(
            !flag.load(Ordering::SeqCst),
            "G2: the handler ran inside async_wait"
        );
        r.expect("an expired timer's wait succeeds");
        done.fetch_add(1, Ordering::SeqCst);
        if left > 1 {
            expired_wait_chain(t2, left - 1, done);
        }
    });
    inside.store(false, Ordering::SeqCst);
}

#[test]
fn run_alone_returns_only_after_a_chain_of_operations_completed_at_launch() {
    let _w = watchdog(30);
    let io = IoContext::new().unwrap();
    let ex = io.executor();
    // Long enough to cross the run loop's periodic publish and reactor turn several times.
    const STEPS: usize = 1000;
    for _ in 0..3 {
        let done = Arc::new(AtomicUsize::new(0));
        let timer = Arc::new(SteadyTimer::new(&ex));
        {
            let done = done.clone();
            ex.post(move || expired_wait_chain(timer, STEPS, done));
        }
        // One run() call does the whole chain: the count never touched zero on the way.
        assert!(io.run() > STEPS, "every handler ran, in this run() call");
        assert_eq!(done.load(Ordering::SeqCst), STEPS);
        assert!(io.stopped());
        io.restart();
    }
}

/// A chain of posted handlers, each posting the next; the `panic_at`-th panics after posting.
fn post_chain(ex: Executor, left: usize, panic_at: usize, ran: Arc<AtomicUsize>) {
    let ex2 = ex.clone();
    ex.post(move || {
        let n = ran.fetch_add(1, Ordering::SeqCst) + 1;
        if left > 1 {
            post_chain(ex2, left - 1, panic_at, ran);
        }
        if n == panic_at {
            panic!("handler {n} panics");
        }
    });
}

#[test]
fn a_panic_in_a_chained_handler_propagates_and_run_finishes_the_chain_afterwards() {
    let _w = watchdog(30);
    let io = IoContext::new().unwrap();
    let ran = Arc::new(AtomicUsize::new(0));
    post_chain(io.executor(), 200, 100, ran.clone());
    let first = catch_unwind(AssertUnwindSafe(|| io.run()));
    assert!(first.is_err(), "G8: the handler's panic leaves run()");
    assert_eq!(ran.load(Ordering::SeqCst), 100);
    assert!(!io.stopped(), "work is left: the context is not stopped");
    // No restart needed; the handler the panicking one posted is still queued.
    assert_eq!(io.run(), 100);
    assert_eq!(
        ran.load(Ordering::SeqCst),
        200,
        "each handler ran exactly once"
    );
    assert!(io.stopped());
}

#[test]
fn a_blocked_handler_does_not_hold_back_one_queued_behind_it_when_a_second_thread_joins() {
    let _w = watchdog(30);
    let io = Arc::new(IoContext::new().unwrap());
    let ex = io.executor();
    let guard = WorkGuard::new(&ex);
    let (started_tx, started_rx) = mpsc::channel::<()>();
    let (tx, rx) = mpsc::channel::<()>();
    let got = Arc::new(AtomicBool::new(false));
    {
        // One handler posts two: B, which blocks until C has run, then C. Both are posted
        // while one thread runs the context alone; the second thread joins only once B runs.
        let (ex2, got) = (ex.clone(), got.clone());
        ex.post(move || {
            ex2.post(move || {
                let _ = started_tx.send(());
                let ok = rx.recv_timeout(Duration::from_secs(5)).is_ok();
                got.store(ok, Ordering::SeqCst);
            });
            ex2.post(move || {
                let _ = tx.send(());
            });
        });
    }
    let first = {
        let io = io.clone();
        std::thread::spawn(move || io.run())
    };
    started_rx
        .recv_timeout(Duration::from_secs(10))
        .expect("B runs");
    let second = {
        let io = io.clone();
        std::thread::spawn(move || io.run())
    };
    drop(guard);
    let total = first.join().unwrap() + second.join().unwrap();
    assert_eq!(total, 3);
    assert!(
        got.load(Ordering::SeqCst),
        "C waited behind the blocked B while the second run thread was idle (G9)"
    );
}

#[test]
fn handlers_posted_across_threads_each_run_once_beside_a_local_chain() {
    let _w = watchdog(30);
    let io = Arc::new(IoContext::new().unwrap());
    let ex = io.executor();
    let guard = WorkGuard::new(&ex);
    let ran = Arc::new(AtomicUsize::new(0));
    // A long local chain keeps the run thread in its fast path while others post to it.
    post_chain(ex.clone(), 20_000, 0, ran.clone());
    let run = {
        let io = io.clone();
        std::thread::spawn(move || io.run())
    };
    let remote = Arc::new(AtomicUsize::new(0));
    let posters: Vec<_> = (0..2)
        .map(|_| {
            let (ex, remote) = (ex.clone(), remote.clone());
            std::thread::spawn(move || {
                for _ in 0..1000 {
                    let remote = remote.clone();
                    ex.post(move || {
                        remote.fetch_add(1, Ordering::SeqCst);
                    });
                }
            })
        })
        .collect();
    for p in posters {
        p.join().unwrap();
    }
    drop(guard);
    assert_eq!(run.join().unwrap(), 22_000);
    assert_eq!(ran.load(Ordering::SeqCst), 20_000);
    assert_eq!(remote.load(Ordering::SeqCst), 2000);
}

#[test]
fn dropping_the_context_drops_a_handler_queued_by_an_operation_completed_at_launch() {
    let _w = watchdog(20);
    let io = IoContext::new().unwrap();
    let ex = io.executor();
    let counter = DropCounter::new();
    let timer = SteadyTimer::new(&ex);
    // Completes inside async_wait (already expired): its handler is queued, not yet run.
    let t = counter.token();
    timer.async_wait(move |_: io::Result<()>| t.call());
    let t = counter.token();
    ex.post(move || t.call());
    drop(timer);
    drop(io);
    assert_eq!(counter.called(), 0, "no handler is called");
    assert_eq!(counter.dropped(), 2, "both handlers are dropped");
}

/// A chain of `len` handlers, each posting the next, the last of which sleeps past the
/// deadline of a timer wait the first started; the timer's handler posts one more handler.
/// Returns whether that one ran inside the same `run()` call.
fn chain_then_timer_handler_posts(len: usize) -> bool {
    let io = IoContext::new().unwrap();
    let ex = io.executor();
    let posted_ran = Arc::new(AtomicBool::new(false));
    let timer = Arc::new(SteadyTimer::new(&ex));
    fn step(ex: Executor, left: usize) {
        let ex2 = ex.clone();
        ex.post(move || {
            if left > 1 {
                step(ex2, left - 1);
            } else {
                std::thread::sleep(Duration::from_millis(3));
            }
        });
    }
    {
        let (ex, timer, posted_ran) = (ex.clone(), timer.clone(), posted_ran.clone());
        ex.clone().post(move || {
            timer.expires_after(Duration::from_millis(1));
            let ex2 = ex.clone();
            timer.async_wait(move |r: io::Result<()>| {
                r.expect("the wait fires");
                ex2.post(move || posted_ran.store(true, Ordering::SeqCst));
            });
            step(ex, len);
        });
    }
    io.run();
    posted_ran.load(Ordering::SeqCst)
}

#[test]
fn a_timer_firing_between_chained_handlers_keeps_the_work_its_handler_posts() {
    let _w = watchdog(60);
    // Whatever handler the run loop's periodic reactor turn falls after (the timer fires
    // there, with no other work queued), run() returns only once the timer's handler and the
    // handler it posted have run (G4).
    for len in 1..=130 {
        assert!(
            chain_then_timer_handler_posts(len),
            "run() returned before the timer handler's posted handler ran (chain of {len})"
        );
    }
}
