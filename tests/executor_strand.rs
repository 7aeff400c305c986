//! `Strand` (G7): order, no concurrency (for closures and tasks), dispatch nesting, panics.
//! Ported from Asio's `strand_test`.

mod support;

use std::io;
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use jeton::{co_spawn, Detached, IoContext, SteadyTimer, Strand, UseFuture};
use support::watchdog;

/// Marks entry into a strand handler; fails the test on overlap.
fn enter(inside: &AtomicBool, overlaps: &AtomicUsize) {
    if inside.swap(true, Ordering::SeqCst) {
        overlaps.fetch_add(1, Ordering::SeqCst);
    }
}

fn leave(inside: &AtomicBool) {
    inside.store(false, Ordering::SeqCst);
}

fn run_on_threads(io: &Arc<IoContext>, n: usize) -> usize {
    let threads: Vec<_> = (0..n)
        .map(|_| {
            let io = io.clone();
            std::thread::spawn(move || io.run())
        })
        .collect();
    threads.into_iter().map(|t| t.join().unwrap()).sum()
}

#[test]
fn strand_runs_handlers_posted_in_order_in_that_order() {
    let _w = watchdog(20);
    let io = Arc::new(IoContext::new().unwrap());
    let strand = Strand::new(&io.executor());
    let log = Arc::new(Mutex::new(Vec::new()));
    for i in 0..1000 {
        let log = log.clone();
        strand.post(move || log.lock().unwrap().push(i));
    }
    // Unrelated handlers on the same context, to interleave with the strand's.
    for _ in 0..1000 {
        io.executor().post(|| {});
    }
    assert!(log.lock().unwrap().is_empty());
    run_on_threads(&io, 2);
    assert_eq!(*log.lock().unwrap(), (0..1000).collect::<Vec<_>>());
}

#[test]
fn strand_never_runs_two_handlers_at_once_with_two_run_threads() {
    let _w = watchdog(20);
    let io = Arc::new(IoContext::new().unwrap());
    let strand = Strand::new(&io.executor());
    let inside = Arc::new(AtomicBool::new(false));
    let overlaps = Arc::new(AtomicUsize::new(0));
    let log = Arc::new(Mutex::new(Vec::new()));
    let others = Arc::new(AtomicUsize::new(0));
    for i in 0..20 {
        let (s, inside, overlaps, log) = (
            strand.clone(),
            inside.clone(),
            overlaps.clone(),
            log.clone(),
        );
        strand.post(move || {
            enter(&inside, &overlaps);
            assert!(s.running_in_this_thread());
            std::thread::sleep(Duration::from_millis(2));
            log.lock().unwrap().push(i);
            leave(&inside);
        });
        // Non-strand handlers keep the second thread busy and free to run strand handlers.
        let others = others.clone();
        io.executor().post(move || {
            std::thread::sleep(Duration::from_millis(1));
            others.fetch_add(1, Ordering::SeqCst);
        });
    }
    run_on_threads(&io, 2);
    assert_eq!(
        overlaps.load(Ordering::SeqCst),
        0,
        "two strand handlers ran at once"
    );
    assert_eq!(*log.lock().unwrap(), (0..20).collect::<Vec<_>>());
    assert_eq!(others.load(Ordering::SeqCst), 20);
}

#[test]
fn strand_handlers_posted_from_many_threads_never_overlap() {
    let _w = watchdog(20);
    let io = Arc::new(IoContext::new().unwrap());
    let strand = Strand::new(&io.executor());
    let guard = jeton::WorkGuard::new(&io.executor());
    let inside = Arc::new(AtomicBool::new(false));
    let overlaps = Arc::new(AtomicUsize::new(0));
    let count = Arc::new(AtomicUsize::new(0));
    let runs: Vec<_> = (0..2)
        .map(|_| {
            let io = io.clone();
            std::thread::spawn(move || io.run())
        })
        .collect();
    let posters: Vec<_> = (0..3)
        .map(|p| {
            let (strand, inside, overlaps, count) = (
                strand.clone(),
                inside.clone(),
                overlaps.clone(),
                count.clone(),
            );
            std::thread::spawn(move || {
                let last = Arc::new(Mutex::new(None::<usize>));
                for i in 0..300 {
                    let (inside, overlaps, count, last) = (
                        inside.clone(),
                        overlaps.clone(),
                        count.clone(),
                        last.clone(),
                    );
                    let handler = move || {
                        enter(&inside, &overlaps);
                        // Per-poster order is kept too.
                        let mut l = last.lock().unwrap();
                        assert!(l.is_none_or(|prev| prev < i), "poster {p}: {i} after {l:?}");
                        *l = Some(i);
                        count.fetch_add(1, Ordering::SeqCst);
                        leave(&inside);
                    };
                    if i % 2 == 0 {
                        strand.post(handler);
                    } else {
                        strand.dispatch(handler); // outside the strand: queued in order
                    }
                }
            })
        })
        .collect();
    for p in posters {
        p.join().unwrap();
    }
    drop(guard);
    for r in runs {
        r.join().unwrap();
    }
    assert_eq!(count.load(Ordering::SeqCst), 900);
    assert_eq!(overlaps.load(Ordering::SeqCst), 0);
}

#[test]
fn strand_dispatch_from_inside_the_strand_nests() {
    let _w = watchdog(20);
    let io = IoContext::new().unwrap();
    let strand = Strand::new(&io.executor());
    let count = Arc::new(AtomicUsize::new(0));
    {
        let (s, c) = (strand.clone(), count.clone());
        strand.post(move || {
            assert!(s.running_in_this_thread());
            let c2 = c.clone();
            s.dispatch(move || {
                c2.fetch_add(1, Ordering::SeqCst);
            });
            // Dispatch from inside the strand runs at once.
            assert_eq!(c.load(Ordering::SeqCst), 1);
            let c3 = c.clone();
            s.post(move || {
                c3.fetch_add(1, Ordering::SeqCst);
            });
            // Post never does.
            assert_eq!(c.load(Ordering::SeqCst), 1);
        });
    }
    io.run();
    assert_eq!(count.load(Ordering::SeqCst), 2);
}

#[test]
fn strand_dispatch_on_an_idle_strand_from_a_handler_of_its_context_nests() {
    let _w = watchdog(20);
    let io = IoContext::new().unwrap();
    let strand = Strand::new(&io.executor());
    let count = Arc::new(AtomicUsize::new(0));
    {
        let (s, c) = (strand.clone(), count.clone());
        io.executor().post(move || {
            assert!(!s.running_in_this_thread());
            let (s2, c2) = (s.clone(), c.clone());
            s.dispatch(move || {
                assert!(s2.running_in_this_thread());
                c2.fetch_add(1, Ordering::SeqCst);
            });
            // Asio's strand_test: the idle strand's invoker is dispatched on the context, which
            // this thread runs, so the handler has already run.
            assert_eq!(c.load(Ordering::SeqCst), 1);
            assert!(!s.running_in_this_thread());
        });
    }
    io.run();
    assert_eq!(count.load(Ordering::SeqCst), 1);
}

#[test]
fn strand_dispatch_from_outside_run_is_queued() {
    let _w = watchdog(20);
    let io = IoContext::new().unwrap();
    let strand = Strand::new(&io.executor());
    let count = Arc::new(AtomicUsize::new(0));
    let c = count.clone();
    strand.dispatch(move || {
        c.fetch_add(1, Ordering::SeqCst);
    });
    assert_eq!(count.load(Ordering::SeqCst), 0);
    assert!(!strand.running_in_this_thread());
    io.run();
    assert_eq!(count.load(Ordering::SeqCst), 1);
}

#[test]
fn strand_defer_never_runs_inline() {
    let _w = watchdog(20);
    let io = IoContext::new().unwrap();
    let strand = Strand::new(&io.executor());
    let events = Arc::new(Mutex::new(Vec::new()));
    {
        let (s, ev) = (strand.clone(), events.clone());
        strand.post(move || {
            ev.lock().unwrap().push("start");
            let ev2 = ev.clone();
            s.defer(move || ev2.lock().unwrap().push("deferred"));
            ev.lock().unwrap().push("end");
        });
    }
    io.run();
    assert_eq!(*events.lock().unwrap(), ["start", "end", "deferred"]);
}

#[test]
fn running_in_this_thread_is_true_only_inside_that_strands_handlers() {
    let _w = watchdog(20);
    let io = IoContext::new().unwrap();
    let a = Strand::new(&io.executor());
    let b = Strand::new(&io.executor());
    assert!(a != b);
    assert!(a == a.clone());
    let checks = Arc::new(AtomicUsize::new(0));
    {
        let (a2, b2, checks) = (a.clone(), b.clone(), checks.clone());
        a.post(move || {
            assert!(a2.running_in_this_thread());
            assert!(!b2.running_in_this_thread());
            // Dispatch to another strand from inside the first: nests through the idle b.
            let (a3, b3, checks2) = (a2.clone(), b2.clone(), checks.clone());
            b2.dispatch(move || {
                assert!(b3.running_in_this_thread());
                assert!(
                    a3.running_in_this_thread(),
                    "still inside a's handler, nested"
                );
                checks2.fetch_add(1, Ordering::SeqCst);
            });
            assert!(!b2.running_in_this_thread());
            checks.fetch_add(1, Ordering::SeqCst);
        });
    }
    io.executor().post({
        let (a, b) = (a.clone(), b.clone());
        move || {
            assert!(!a.running_in_this_thread());
            assert!(!b.running_in_this_thread());
        }
    });
    io.run();
    assert_eq!(checks.load(Ordering::SeqCst), 2);
    assert!(!a.running_in_this_thread());
}

#[test]
fn strand_serialises_tasks_spawned_on_it() {
    let _w = watchdog(20);
    let io = Arc::new(IoContext::new().unwrap());
    let ex = io.executor();
    let strand = Strand::new(&ex);
    let inside = Arc::new(AtomicBool::new(false));
    let overlaps = Arc::new(AtomicUsize::new(0));
    let steps = Arc::new(AtomicUsize::new(0));
    for _ in 0..4 {
        let (ex, s, inside, overlaps, steps) = (
            ex.clone(),
            strand.clone(),
            inside.clone(),
            overlaps.clone(),
            steps.clone(),
        );
        co_spawn(
            &strand,
            async move {
                let timer = SteadyTimer::new(&ex);
                for _ in 0..5 {
                    // Each stretch between awaits is one strand handler.
                    enter(&inside, &overlaps);
                    assert!(s.running_in_this_thread());
                    std::thread::sleep(Duration::from_millis(1));
                    steps.fetch_add(1, Ordering::SeqCst);
                    leave(&inside);
                    timer.expires_after(Duration::from_millis(1));
                    timer.async_wait(UseFuture).await.unwrap();
                }
            },
            Detached,
        );
    }
    run_on_threads(&io, 2);
    assert_eq!(steps.load(Ordering::SeqCst), 20);
    assert_eq!(overlaps.load(Ordering::SeqCst), 0);
}

#[test]
fn strand_over_a_strand_keeps_order_and_is_inside_both() {
    let _w = watchdog(20);
    let io = Arc::new(IoContext::new().unwrap());
    let outer = Strand::new(&io.executor());
    let inner: Strand<Strand> = Strand::new(&outer);
    let log = Arc::new(Mutex::new(Vec::new()));
    for i in 0..50 {
        let (inner2, outer2, log) = (inner.clone(), outer.clone(), log.clone());
        inner.post(move || {
            assert!(inner2.running_in_this_thread());
            assert!(outer2.running_in_this_thread());
            log.lock().unwrap().push(i);
        });
    }
    run_on_threads(&io, 2);
    assert_eq!(*log.lock().unwrap(), (0..50).collect::<Vec<_>>());
}

#[test]
fn a_panic_in_a_strand_handler_propagates_and_the_strand_continues() {
    let _w = watchdog(20);
    let io = IoContext::new().unwrap();
    let strand = Strand::new(&io.executor());
    let log = Arc::new(Mutex::new(Vec::new()));
    for i in 0..5 {
        let log = log.clone();
        strand.post(move || {
            if i == 1 || i == 3 {
                panic!("strand handler panic {i}");
            }
            log.lock().unwrap().push(i);
        });
    }
    let mut panics = 0;
    for _ in 0..10 {
        match catch_unwind(AssertUnwindSafe(|| io.run())) {
            Ok(_) => break,
            Err(_) => panics += 1,
        }
    }
    assert_eq!(panics, 2);
    assert_eq!(
        *log.lock().unwrap(),
        [0, 2, 4],
        "order kept across the panics"
    );
    // The strand is usable afterwards.
    let log2 = log.clone();
    strand.post(move || log2.lock().unwrap().push(5));
    io.restart();
    io.run();
    assert_eq!(*log.lock().unwrap(), [0, 2, 4, 5]);
}

#[test]
fn timer_handlers_bound_to_a_strand_count_to_ten_on_two_threads() {
    // Asio tutorial Timer.5: two timers, handlers on one strand, run() on two threads.
    let _w = watchdog(20);
    let io = Arc::new(IoContext::new().unwrap());
    let ex = io.executor();
    let strand = Strand::new(&ex);
    let count = Arc::new(Mutex::new(0));
    fn tick(t: Arc<SteadyTimer>, strand: Strand, count: Arc<Mutex<i32>>, inside: Arc<AtomicBool>) {
        let (t2, s2) = (t.clone(), strand.clone());
        t.async_wait(jeton::bind_executor(&strand, move |r: io::Result<()>| {
            r.unwrap();
            assert!(
                !inside.swap(true, Ordering::SeqCst),
                "timer handlers overlapped"
            );
            let mut c = count.lock().unwrap();
            if *c < 10 {
                *c += 1;
                drop(c);
                inside.store(false, Ordering::SeqCst);
                t2.expires_after(Duration::from_millis(1));
                tick(t2, s2, count, inside);
            } else {
                inside.store(false, Ordering::SeqCst);
            }
        }));
    }
    let inside = Arc::new(AtomicBool::new(false));
    for _ in 0..2 {
        let t = Arc::new(SteadyTimer::with_duration(&ex, Duration::from_millis(1)));
        tick(t, strand.clone(), count.clone(), inside.clone());
    }
    run_on_threads(&io, 2);
    assert_eq!(*count.lock().unwrap(), 10);
}
