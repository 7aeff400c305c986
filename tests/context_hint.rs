//! `IoContext::with_concurrency_hint(1)`: a context promised one run thread keeps the
//! handlers a run call takes to that call (no stealing) and takes the whole queue at once.
//! What it must still do: run every handler exactly once and in order, return from `run()`
//! when work runs out, keep unrun handlers across `stop`, `run_one` and a panic (G5, G8),
//! drive timers and sockets, and stay correct with several threads in `run()`.

#[path = "support/net.rs"]
mod net_support;

use std::collections::HashSet;
use std::io;
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use jeton::io::async_write;
use jeton::{Executor, IoContext, SteadyTimer, WorkGuard};
use net_support::watchdog;

fn one_thread() -> IoContext {
    IoContext::with_concurrency_hint(1).expect("context")
}

/// Posts `n` handlers from outside any run call; each records its index, and the one at
/// `act_at` runs `act` after recording.
fn post_recorders(
    ex: &Executor,
    n: usize,
    order: &Arc<Mutex<Vec<usize>>>,
    act_at: usize,
    act: impl Fn() + Send + Sync + 'static,
) {
    let act = Arc::new(act);
    for i in 0..n {
        let (order, act) = (order.clone(), act.clone());
        ex.post(move || {
            order.lock().unwrap().push(i);
            if i == act_at {
                act();
            }
        });
    }
}

fn chain(ex: Executor, chain_no: usize, left: usize, runs: Arc<Vec<AtomicUsize>>) {
    runs[chain_no].fetch_add(1, Ordering::SeqCst);
    if left > 1 {
        let next = ex.clone();
        ex.post(move || chain(next, chain_no, left - 1, runs));
    }
}

#[test]
fn every_handler_of_1000_chains_runs_once_and_run_returns_when_work_runs_out() {
    let _w = watchdog(30);
    let io = one_thread();
    let ex = io.executor();
    let runs: Arc<Vec<AtomicUsize>> = Arc::new((0..1000).map(|_| AtomicUsize::new(0)).collect());
    for c in 0..1000 {
        let (next, runs) = (ex.clone(), runs.clone());
        ex.post(move || chain(next, c, 100, runs));
    }
    assert_eq!(io.run(), 100_000);
    assert!(io.stopped());
    for (c, n) in runs.iter().enumerate() {
        assert_eq!(n.load(Ordering::SeqCst), 100, "chain {c}");
    }
}

#[test]
fn handlers_run_in_the_order_they_were_posted() {
    let _w = watchdog(30);
    let io = one_thread();
    let order = Arc::new(Mutex::new(Vec::new()));
    post_recorders(&io.executor(), 1000, &order, usize::MAX, || {});
    assert_eq!(io.run(), 1000);
    assert_eq!(*order.lock().unwrap(), (0..1000).collect::<Vec<_>>());
}

#[test]
fn stop_in_the_middle_of_the_taken_queue_keeps_the_rest_in_order_for_the_next_run() {
    let _w = watchdog(30);
    let io = Arc::new(one_thread());
    let ex = io.executor();
    let order = Arc::new(Mutex::new(Vec::new()));
    let (stopper, late, poster) = (Arc::downgrade(&io), order.clone(), ex.clone());
    post_recorders(&ex, 10, &order, 3, move || {
        // Queued behind the six this run call took, from a thread outside any run call.
        let (ex, late) = (poster.clone(), late.clone());
        std::thread::spawn(move || ex.post(move || late.lock().unwrap().push(10)))
            .join()
            .unwrap();
        stopper.upgrade().expect("context").stop();
    });
    // The run call took all ten at once; stopping after the fourth gives six back, ahead of
    // the one posted meanwhile.
    assert_eq!(io.run(), 4);
    assert_eq!(*order.lock().unwrap(), vec![0, 1, 2, 3]);
    io.restart();
    assert_eq!(io.run(), 7);
    assert_eq!(*order.lock().unwrap(), (0..11).collect::<Vec<_>>());
}

#[test]
fn a_panicking_handler_propagates_and_the_next_run_takes_the_rest_in_order() {
    let _w = watchdog(30);
    let io = one_thread();
    let order = Arc::new(Mutex::new(Vec::new()));
    post_recorders(&io.executor(), 10, &order, 2, || panic!("handler 2 panics"));
    let r = catch_unwind(AssertUnwindSafe(|| io.run()));
    assert!(r.is_err(), "the panic propagates out of run()");
    assert_eq!(*order.lock().unwrap(), vec![0, 1, 2]);
    assert!(!io.stopped(), "a panic does not stop the context (G8)");
    assert_eq!(io.run(), 7);
    assert_eq!(*order.lock().unwrap(), (0..10).collect::<Vec<_>>());
}

#[test]
fn run_one_and_poll_one_take_one_handler_at_a_time_in_order() {
    let _w = watchdog(30);
    let io = one_thread();
    let order = Arc::new(Mutex::new(Vec::new()));
    post_recorders(&io.executor(), 6, &order, usize::MAX, || {});
    for i in 0..3 {
        assert_eq!(io.run_one(), 1);
        assert_eq!(io.poll_one(), 1);
        assert_eq!(order.lock().unwrap().len(), 2 * i + 2);
    }
    assert_eq!(*order.lock().unwrap(), (0..6).collect::<Vec<_>>());
    assert_eq!(io.run_one(), 0, "no work left");
}

#[test]
fn several_threads_in_run_each_handler_runs_exactly_once_on_a_run_thread() {
    let _w = watchdog(60);
    let io = Arc::new(one_thread());
    let ex = io.executor();
    let runs: Arc<Vec<AtomicUsize>> = Arc::new((0..200).map(|_| AtomicUsize::new(0)).collect());
    let threads = Arc::new(Mutex::new(HashSet::new()));
    let mut guard = WorkGuard::new(&ex);
    let runners: Vec<_> = (0..3)
        .map(|_| {
            let (io, threads) = (io.clone(), threads.clone());
            std::thread::spawn(move || {
                threads.lock().unwrap().insert(std::thread::current().id());
                io.run()
            })
        })
        .collect();
    // Chains posted from outside, each link posting the next from inside a run call, and
    // plain handlers posted from this thread while the run threads are busy.
    let ran_on = Arc::new(Mutex::new(HashSet::new()));
    for c in 0..200 {
        let (next, runs) = (ex.clone(), runs.clone());
        ex.post(move || chain(next, c, 500, runs));
    }
    let plain = Arc::new(AtomicUsize::new(0));
    for _ in 0..10_000 {
        let (plain, ran_on) = (plain.clone(), ran_on.clone());
        ex.post(move || {
            plain.fetch_add(1, Ordering::SeqCst);
            ran_on.lock().unwrap().insert(std::thread::current().id());
        });
    }
    guard.reset();
    let total: usize = runners.into_iter().map(|t| t.join().unwrap()).sum();
    assert_eq!(
        total,
        200 * 500 + 10_000,
        "run() counts add up to every handler"
    );
    assert_eq!(plain.load(Ordering::SeqCst), 10_000);
    for (c, n) in runs.iter().enumerate() {
        assert_eq!(n.load(Ordering::SeqCst), 500, "chain {c}");
    }
    let run_threads = threads.lock().unwrap();
    assert!(ran_on.lock().unwrap().is_subset(&run_threads));
}

#[test]
fn a_post_from_another_thread_wakes_a_run_waiting_in_the_reactor() {
    let _w = watchdog(30);
    let io = one_thread();
    let ex = io.executor();
    let guard = Arc::new(Mutex::new(Some(WorkGuard::new(&ex))));
    let ran = Arc::new(AtomicUsize::new(0));
    let poster = {
        let (ex, guard, ran) = (ex.clone(), guard.clone(), ran.clone());
        std::thread::spawn(move || {
            std::thread::sleep(Duration::from_millis(50)); // run() is waiting by then
            ex.post(move || {
                ran.fetch_add(1, Ordering::SeqCst);
                guard.lock().unwrap().take(); // the last work: run() returns
            });
        })
    };
    assert_eq!(io.run(), 1);
    assert_eq!(ran.load(Ordering::SeqCst), 1);
    poster.join().unwrap();
}

#[test]
fn a_timer_fires_and_a_socket_echoes_on_a_one_thread_context() {
    let _w = watchdog(30);
    let io = one_thread();
    let ex = io.executor();
    let fired = Arc::new(AtomicUsize::new(0));
    let timer = SteadyTimer::with_duration(&ex, Duration::from_millis(5));
    let f = fired.clone();
    timer.async_wait(move |r: io::Result<()>| {
        r.expect("timer wait");
        f.fetch_add(1, Ordering::SeqCst);
    });
    let (client, server) = net_support::pair(&ex);
    let echoed = Arc::new(Mutex::new(Vec::new()));
    let writer = server.handle();
    server.async_read_some(
        vec![0u8; 64],
        move |(r, buf): (io::Result<usize>, Vec<u8>)| {
            let n = r.expect("server read");
            async_write(
                writer,
                buf[..n].to_vec(),
                |(r, _): (io::Result<usize>, Vec<u8>)| {
                    r.expect("server write");
                },
            );
        },
    );
    let (reader, got) = (client.handle(), echoed.clone());
    async_write(
        client.handle(),
        b"hello".to_vec(),
        move |(r, _): (io::Result<usize>, Vec<u8>)| {
            assert_eq!(r.expect("client write"), 5);
            reader.async_read_some(
                vec![0u8; 64],
                move |(r, buf): (io::Result<usize>, Vec<u8>)| {
                    got.lock()
                        .unwrap()
                        .extend_from_slice(&buf[..r.expect("client read")]);
                },
            );
        },
    );
    io.run();
    assert_eq!(
        fired.load(Ordering::SeqCst),
        1,
        "the timer's handler ran once"
    );
    assert_eq!(&*echoed.lock().unwrap(), b"hello");
}
