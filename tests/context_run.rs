//! `IoContext` run calls: counts, stopped state, work (G1, G4), stop/restart (G5), panics in
//! handlers (G8) and many threads in `run()` (G9). Ported from Asio's `io_context_test`.

mod support;

use std::collections::HashSet;
use std::io;
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::{mpsc, Arc, Mutex};
use std::thread::ThreadId;
use std::time::{Duration, Instant};

use jeton::{Executor, IoContext, SteadyTimer, WorkGuard};
use support::watchdog;

fn increment(ex: &Executor, count: &Arc<AtomicUsize>) {
    let count = count.clone();
    ex.post(move || {
        count.fetch_add(1, Ordering::SeqCst);
    });
}

#[test]
fn run_returns_the_number_of_handlers_and_marks_the_context_stopped() {
    let _w = watchdog(20);
    let io = IoContext::new().unwrap();
    let ex = io.executor();
    let count = Arc::new(AtomicUsize::new(0));

    increment(&ex, &count);
    // No handler runs until run() is called.
    assert!(!io.stopped());
    assert_eq!(count.load(Ordering::SeqCst), 0);
    assert_eq!(io.run(), 1);
    assert!(io.stopped());
    assert_eq!(count.load(Ordering::SeqCst), 1);

    io.restart();
    for _ in 0..5 {
        increment(&ex, &count);
    }
    assert!(!io.stopped());
    assert_eq!(count.load(Ordering::SeqCst), 1);
    assert_eq!(io.run(), 5);
    assert!(io.stopped());
    assert_eq!(count.load(Ordering::SeqCst), 6);
}

#[test]
fn run_with_no_work_returns_zero_and_marks_the_context_stopped() {
    let _w = watchdog(20);
    let io = IoContext::new().unwrap();
    assert!(!io.stopped());
    assert_eq!(io.run(), 0);
    assert!(io.stopped());
    // Stopped: work posted now waits for restart().
    let count = Arc::new(AtomicUsize::new(0));
    increment(&io.executor(), &count);
    assert_eq!(io.run(), 0);
    assert_eq!(io.poll(), 0);
    assert_eq!(count.load(Ordering::SeqCst), 0);
    io.restart();
    assert_eq!(io.run(), 1);
    assert_eq!(count.load(Ordering::SeqCst), 1);
}

#[test]
fn poll_and_run_one_run_ready_handlers_without_waiting() {
    let _w = watchdog(20);
    let io = IoContext::new().unwrap();
    let ex = io.executor();
    let count = Arc::new(AtomicUsize::new(0));
    for _ in 0..3 {
        increment(&ex, &count);
    }
    assert_eq!(io.run_one(), 1);
    assert_eq!(count.load(Ordering::SeqCst), 1);
    assert_eq!(io.poll_one(), 1);
    assert_eq!(count.load(Ordering::SeqCst), 2);
    assert_eq!(io.poll(), 1);
    assert_eq!(count.load(Ordering::SeqCst), 3);
    assert!(io.stopped(), "out of work");
    // A pending timer wait is work, but not ready: poll returns 0 without waiting for it.
    io.restart();
    let timer = SteadyTimer::with_duration(&ex, Duration::from_secs(60));
    let fired = Arc::new(AtomicBool::new(false));
    let f = fired.clone();
    timer.async_wait(move |r: io::Result<()>| {
        f.store(true, Ordering::SeqCst);
        assert!(jeton::error::is_aborted(&r.unwrap_err()));
    });
    io.poll(); // polls the wait's task once: the wait is now pending
    assert!(!io.stopped(), "a pending wait is outstanding work (G4)");
    assert_eq!(io.poll(), 0);
    assert!(!fired.load(Ordering::SeqCst));
    assert_eq!(timer.cancel(), 1);
    assert_eq!(io.run(), 1);
    assert!(fired.load(Ordering::SeqCst));
    assert!(io.stopped());
}

#[test]
fn run_for_returns_at_its_deadline_while_work_remains() {
    let _w = watchdog(20);
    let io = IoContext::new().unwrap();
    let guard = WorkGuard::new(&io.executor());
    let start = Instant::now();
    assert_eq!(io.run_for(Duration::from_millis(10)), 0);
    assert!(start.elapsed() >= Duration::from_millis(10));
    assert!(
        !io.stopped(),
        "returning at the deadline is not running out of work"
    );
    drop(guard);
    assert_eq!(io.run(), 0);
    assert!(io.stopped());
}

#[test]
fn run_does_not_return_while_an_operation_is_pending() {
    let _w = watchdog(20);
    let io = IoContext::new().unwrap();
    let start = Instant::now();
    let timer = SteadyTimer::with_duration(&io.executor(), Duration::from_millis(10));
    let done = Arc::new(Mutex::new(None));
    let d = done.clone();
    timer.async_wait(move |r: io::Result<()>| *d.lock().unwrap() = Some(r.is_ok()));
    io.run();
    assert!(start.elapsed() >= Duration::from_millis(10));
    assert_eq!(*done.lock().unwrap(), Some(true));
    assert!(io.stopped());
}

#[test]
fn work_guard_keeps_run_going_until_a_posted_stop_then_restart_runs_the_rest() {
    let _w = watchdog(20);
    let io = Arc::new(IoContext::new().unwrap());
    let ex = io.executor();
    let count = Arc::new(AtomicUsize::new(0));
    let mut guard = WorkGuard::new(&ex);
    assert!(guard.owns_work());
    {
        let io2 = io.clone();
        ex.post(move || io2.stop());
    }
    assert!(!io.stopped());
    // The only handler run is the one that stops run().
    assert_eq!(io.run(), 1);
    assert!(io.stopped());
    assert_eq!(count.load(Ordering::SeqCst), 0);

    io.restart();
    increment(&ex, &count);
    guard.reset();
    assert!(!guard.owns_work());
    assert!(!io.stopped());
    assert_eq!(count.load(Ordering::SeqCst), 0);
    // run() returns only when all work has finished.
    assert_eq!(io.run(), 1);
    assert!(io.stopped());
    assert_eq!(count.load(Ordering::SeqCst), 1);
}

/// Asio's `sleep_increment`: waits on a timer, increments, and re-arms until `count` reaches
/// `target`.
fn start_sleep_increments(ex: &Executor, count: Arc<AtomicUsize>, target: usize) {
    let timer = Arc::new(SteadyTimer::with_duration(ex, Duration::from_millis(2)));
    sleep_increment(timer, count, target);
}

fn sleep_increment(timer: Arc<SteadyTimer>, count: Arc<AtomicUsize>, target: usize) {
    let t = timer.clone();
    timer.async_wait(move |r: io::Result<()>| {
        r.unwrap();
        if count.fetch_add(1, Ordering::SeqCst) + 1 < target {
            t.expires_after(Duration::from_millis(2));
            sleep_increment(t, count, target);
        }
    });
}

#[test]
fn two_threads_in_run_return_only_when_two_independent_chains_are_done() {
    let _w = watchdog(20);
    let io = Arc::new(IoContext::new().unwrap());
    let ex = io.executor();
    let count = Arc::new(AtomicUsize::new(0));
    let count2 = Arc::new(AtomicUsize::new(0));
    {
        let (ex2, c) = (ex.clone(), count.clone());
        ex.post(move || start_sleep_increments(&ex2, c, 3));
        let (ex2, c) = (ex.clone(), count2.clone());
        ex.post(move || start_sleep_increments(&ex2, c, 3));
    }
    let threads: Vec<_> = (0..2)
        .map(|_| {
            let io = io.clone();
            std::thread::spawn(move || io.run())
        })
        .collect();
    for t in threads {
        t.join().unwrap();
    }
    assert!(io.stopped());
    assert_eq!(count.load(Ordering::SeqCst), 3);
    assert_eq!(count2.load(Ordering::SeqCst), 3);
}

#[test]
fn stop_from_another_thread_returns_every_run_and_keeps_queued_work_for_restart() {
    let _w = watchdog(20);
    let io = Arc::new(IoContext::new().unwrap());
    let ex = io.executor();
    let guard = WorkGuard::new(&ex);
    let count = Arc::new(AtomicUsize::new(0));
    let (started_tx, started_rx) = mpsc::channel();
    let (go_tx, go_rx) = mpsc::channel::<()>();
    let runs: Vec<_> = (0..2)
        .map(|_| {
            let io = io.clone();
            std::thread::spawn(move || io.run())
        })
        .collect();

    // A pending timer wait, due soon, must survive the stop.
    let timer = SteadyTimer::with_duration(&ex, Duration::from_millis(5));
    let timer_result = Arc::new(Mutex::new(None));
    {
        let r = timer_result.clone();
        timer.async_wait(move |res: io::Result<()>| *r.lock().unwrap() = Some(res.is_ok()));
    }
    // A handler that queues three more while the context gets stopped under it.
    {
        let (ex2, count) = (ex.clone(), count.clone());
        ex.post(move || {
            started_tx.send(()).unwrap();
            go_rx.recv().unwrap();
            for _ in 0..3 {
                increment(&ex2, &count);
            }
        });
    }
    started_rx.recv().unwrap();
    io.stop(); // from a thread that is not running the context; does not block
    assert!(io.stopped());
    go_tx.send(()).unwrap();
    for t in runs {
        t.join().unwrap();
    }
    // The three handlers were queued, not run, and not lost.
    assert_eq!(count.load(Ordering::SeqCst), 0);
    assert_eq!(io.run(), 0, "a stopped context runs nothing until restart");
    assert_eq!(io.poll(), 0);
    assert_eq!(count.load(Ordering::SeqCst), 0);

    io.restart();
    drop(guard);
    io.run();
    assert_eq!(count.load(Ordering::SeqCst), 3);
    assert_eq!(
        *timer_result.lock().unwrap(),
        Some(true),
        "the pending wait completed normally"
    );
    assert!(io.stopped());
}

#[test]
fn stop_from_inside_a_handler_leaves_later_handlers_queued() {
    let _w = watchdog(20);
    let io = Arc::new(IoContext::new().unwrap());
    let ex = io.executor();
    let count = Arc::new(AtomicUsize::new(0));
    {
        let io2 = io.clone();
        ex.post(move || io2.stop());
    }
    for _ in 0..4 {
        increment(&ex, &count);
    }
    assert_eq!(io.run(), 1);
    assert_eq!(count.load(Ordering::SeqCst), 0);
    io.restart();
    assert_eq!(io.run(), 4);
    assert_eq!(count.load(Ordering::SeqCst), 4);
}

#[test]
fn panics_in_handlers_propagate_out_of_run_and_run_continues_without_restart() {
    let _w = watchdog(20);
    let io = IoContext::new().unwrap();
    let ex = io.executor();
    let count = Arc::new(AtomicUsize::new(0));
    ex.post(|| panic!("handler panic 1"));
    increment(&ex, &count);
    increment(&ex, &count);
    ex.post(|| panic!("handler panic 2"));
    increment(&ex, &count);
    assert!(!io.stopped());
    assert_eq!(count.load(Ordering::SeqCst), 0);

    let mut panics = 0;
    for _ in 0..10 {
        match catch_unwind(AssertUnwindSafe(|| io.run())) {
            Ok(_) => break,
            Err(_) => panics += 1,
        }
        assert!(!io.stopped(), "a panic does not stop the context");
    }
    assert_eq!(panics, 2);
    assert_eq!(count.load(Ordering::SeqCst), 3);
    assert!(io.stopped());
}

#[test]
fn a_panic_ends_only_the_run_call_of_the_panicking_thread() {
    let _w = watchdog(20);
    let io = Arc::new(IoContext::new().unwrap());
    let ex = io.executor();
    let guard = WorkGuard::new(&ex);
    let (exited_tx, exited_rx) = mpsc::channel();
    let runs: Vec<_> = (0..2)
        .map(|_| {
            let io = io.clone();
            let exited = exited_tx.clone();
            std::thread::spawn(move || {
                let r = catch_unwind(AssertUnwindSafe(|| io.run()));
                exited.send(()).unwrap();
                r.is_ok()
            })
        })
        .collect();
    ex.post(|| panic!("handler panic"));
    // One run call ends with the panic; the other thread keeps running the context.
    exited_rx.recv().unwrap();
    let count = Arc::new(AtomicUsize::new(0));
    let (tx, rx) = mpsc::channel();
    for _ in 0..10 {
        let (count, tx) = (count.clone(), tx.clone());
        ex.post(move || {
            if count.fetch_add(1, Ordering::SeqCst) + 1 == 10 {
                tx.send(()).unwrap();
            }
        });
    }
    rx.recv().unwrap();
    assert_eq!(count.load(Ordering::SeqCst), 10);
    assert!(!io.stopped());
    drop(guard);
    let outcomes: Vec<bool> = runs.into_iter().map(|t| t.join().unwrap()).collect();
    assert_eq!(
        outcomes.iter().filter(|ok| !**ok).count(),
        1,
        "{outcomes:?}"
    );
    assert_eq!(outcomes.iter().filter(|ok| **ok).count(), 1, "{outcomes:?}");
}

#[test]
fn many_threads_in_run_each_handler_runs_exactly_once_on_a_run_thread() {
    let _w = watchdog(20);
    const N: usize = 10_000;
    const THREADS: usize = 4;
    let io = Arc::new(IoContext::new().unwrap());
    let ex = io.executor();
    let guard = WorkGuard::new(&ex);
    let runs_of: Arc<Vec<AtomicUsize>> = Arc::new((0..N).map(|_| AtomicUsize::new(0)).collect());
    let ran_on: Arc<Mutex<HashSet<ThreadId>>> = Arc::default();
    let (ids_tx, ids_rx) = mpsc::channel();
    let runs: Vec<_> = (0..THREADS)
        .map(|_| {
            let io = io.clone();
            let ids_tx = ids_tx.clone();
            std::thread::spawn(move || {
                ids_tx.send(std::thread::current().id()).unwrap();
                io.run()
            })
        })
        .collect();
    let run_ids: HashSet<ThreadId> = (0..THREADS).map(|_| ids_rx.recv().unwrap()).collect();
    for i in 0..N {
        let (runs_of, ran_on, ex2) = (runs_of.clone(), ran_on.clone(), ex.clone());
        ex.post(move || {
            assert!(ex2.running_in_this_thread());
            runs_of[i].fetch_add(1, Ordering::SeqCst);
            if i % 64 == 0 {
                ran_on.lock().unwrap().insert(std::thread::current().id());
            }
        });
    }
    drop(guard);
    let total: usize = runs.into_iter().map(|t| t.join().unwrap()).sum();
    assert_eq!(total, N, "run() counts add up to the handlers posted");
    for (i, c) in runs_of.iter().enumerate() {
        assert_eq!(c.load(Ordering::SeqCst), 1, "handler {i}");
    }
    let ran_on = ran_on.lock().unwrap();
    assert!(
        ran_on.is_subset(&run_ids),
        "handlers ran only on run threads (G1)"
    );
    assert!(io.stopped());
}

#[test]
fn many_threads_in_run_share_sleeping_handlers() {
    let _w = watchdog(20);
    let io = Arc::new(IoContext::new().unwrap());
    let ex = io.executor();
    let guard = WorkGuard::new(&ex);
    let ran_on: Arc<Mutex<HashSet<ThreadId>>> = Arc::default();
    let runs: Vec<_> = (0..2)
        .map(|_| {
            let io = io.clone();
            std::thread::spawn(move || io.run())
        })
        .collect();
    for _ in 0..20 {
        let ran_on = ran_on.clone();
        ex.post(move || {
            std::thread::sleep(Duration::from_millis(1));
            ran_on.lock().unwrap().insert(std::thread::current().id());
        });
    }
    drop(guard);
    let total: usize = runs.into_iter().map(|t| t.join().unwrap()).sum();
    assert_eq!(total, 20);
    // Recorded, not asserted: which threads run which handlers is up to the scheduler.
    println!(
        "sleeping handlers ran on {} thread(s)",
        ran_on.lock().unwrap().len()
    );
}

/// Posts handler A, which waits (bounded) for handler B, then B; starts two run threads
/// before or after posting. Returns whether A saw B run: B can only run on the other thread.
fn blocked_handler_scenario(threads_first: bool) -> bool {
    let io = Arc::new(IoContext::new().unwrap());
    let ex = io.executor();
    let guard = WorkGuard::new(&ex);
    let start_runs = || -> Vec<_> {
        (0..2)
            .map(|_| {
                let io = io.clone();
                std::thread::spawn(move || io.run())
            })
            .collect()
    };
    let mut runs = Vec::new();
    if threads_first {
        runs = start_runs();
        // Lets both threads enter run(): only makes the scenario the one described.
        std::thread::sleep(Duration::from_millis(10));
    }
    let (tx, rx) = mpsc::channel::<()>();
    let got = Arc::new(AtomicBool::new(false));
    {
        let got = got.clone();
        ex.post(move || {
            got.store(
                rx.recv_timeout(Duration::from_secs(1)).is_ok(),
                Ordering::SeqCst,
            );
        });
    }
    ex.post(move || {
        let _ = tx.send(());
    });
    if !threads_first {
        runs = start_runs();
    }
    drop(guard);
    for t in runs {
        t.join().unwrap();
    }
    got.load(Ordering::SeqCst)
}

#[test]
fn a_blocked_handler_does_not_hold_back_a_handler_posted_while_threads_run() {
    let _w = watchdog(20);
    assert!(
        blocked_handler_scenario(true),
        "the second handler waited behind a blocked one while a run thread was idle (G9)"
    );
}

#[test]
fn a_blocked_handler_does_not_hold_back_handlers_queued_before_run() {
    let _w = watchdog(20);
    assert!(
        blocked_handler_scenario(false),
        "the second handler waited behind a blocked one while a run thread was idle (G9)"
    );
}
