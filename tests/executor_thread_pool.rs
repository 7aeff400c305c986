//! `ThreadPool`: post, non-nesting post chains and nesting dispatch chains, then `join`.
//! Ported from Asio's `thread_pool_test`.

mod support;

use std::io;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{mpsc, Arc, Mutex};
use std::time::{Duration, Instant};

use jeton::{Executor, SteadyTimer, Strand, ThreadPool};
use support::watchdog;

fn decrement_to_zero(ex: Executor, count: Arc<AtomicUsize>) {
    if count.load(Ordering::SeqCst) > 0 {
        count.fetch_sub(1, Ordering::SeqCst);
        let before = count.load(Ordering::SeqCst);
        let (ex2, c) = (ex.clone(), count.clone());
        ex.post(move || decrement_to_zero(ex2, c));
        // One pool thread: nothing else can run the posted step yet.
        assert_eq!(count.load(Ordering::SeqCst), before);
    }
}

fn nested_decrement_to_zero(ex: Executor, count: Arc<AtomicUsize>) {
    if count.load(Ordering::SeqCst) > 0 {
        count.fetch_sub(1, Ordering::SeqCst);
        let (ex2, c) = (ex.clone(), count.clone());
        ex.dispatch(move || nested_decrement_to_zero(ex2, c));
        assert_eq!(count.load(Ordering::SeqCst), 0);
    }
}

#[test]
fn thread_pool_runs_posts_post_chains_and_dispatch_chains_before_join_returns() {
    let _w = watchdog(20);
    let pool = ThreadPool::new(1).unwrap();
    let ex = pool.executor();
    let count1 = Arc::new(AtomicUsize::new(0));
    let count2 = Arc::new(AtomicUsize::new(10));
    let count3 = Arc::new(AtomicUsize::new(10));
    {
        let c = count1.clone();
        ex.post(move || {
            c.fetch_add(1, Ordering::SeqCst);
        });
        let (ex2, c) = (ex.clone(), count2.clone());
        ex.post(move || decrement_to_zero(ex2, c));
        let (ex2, c) = (ex.clone(), count3.clone());
        ex.post(move || nested_decrement_to_zero(ex2, c));
    }
    pool.join();
    assert_eq!(count1.load(Ordering::SeqCst), 1);
    assert_eq!(count2.load(Ordering::SeqCst), 0);
    assert_eq!(count3.load(Ordering::SeqCst), 0);
}

#[test]
fn thread_pool_runs_every_handler_once_on_its_own_threads() {
    let _w = watchdog(20);
    let pool = ThreadPool::new(2).unwrap();
    let ex = pool.executor();
    let me = std::thread::current().id();
    let count = Arc::new(AtomicUsize::new(0));
    for _ in 0..1000 {
        let (c, ex2) = (count.clone(), ex.clone());
        ex.post(move || {
            assert_ne!(std::thread::current().id(), me);
            assert!(ex2.running_in_this_thread());
            c.fetch_add(1, Ordering::SeqCst);
        });
    }
    pool.join();
    assert_eq!(count.load(Ordering::SeqCst), 1000);
}

#[test]
fn thread_pool_join_waits_for_pending_timer_waits() {
    let _w = watchdog(20);
    let pool = ThreadPool::new(2).unwrap();
    let ex = pool.executor();
    let start = Instant::now();
    let timer = SteadyTimer::with_duration(&ex, Duration::from_millis(10));
    let result = Arc::new(Mutex::new(None));
    {
        let r = result.clone();
        timer.async_wait(move |res: io::Result<()>| *r.lock().unwrap() = Some(res.is_ok()));
    }
    pool.join();
    assert!(start.elapsed() >= Duration::from_millis(10));
    assert_eq!(*result.lock().unwrap(), Some(true));
}

#[test]
fn thread_pool_strand_serialises_on_two_threads() {
    let _w = watchdog(20);
    let pool = ThreadPool::new(2).unwrap();
    let strand = Strand::new(&pool.executor());
    let log = Arc::new(Mutex::new(Vec::new()));
    for i in 0..200 {
        let log = log.clone();
        strand.post(move || log.lock().unwrap().push(i));
    }
    pool.join();
    assert_eq!(*log.lock().unwrap(), (0..200).collect::<Vec<_>>());
}

#[test]
fn thread_pool_survives_a_panicking_handler() {
    let _w = watchdog(20);
    let pool = ThreadPool::new(1).unwrap();
    let ex = pool.executor();
    let count = Arc::new(AtomicUsize::new(0));
    ex.post(|| panic!("pool handler panic"));
    for _ in 0..5 {
        let c = count.clone();
        ex.post(move || {
            c.fetch_add(1, Ordering::SeqCst);
        });
    }
    pool.join();
    assert_eq!(count.load(Ordering::SeqCst), 5);
}

#[test]
fn dropping_a_thread_pool_stops_and_joins_it() {
    let _w = watchdog(20);
    let pool = ThreadPool::new(2).unwrap();
    let ex = pool.executor();
    let (tx, rx) = mpsc::channel();
    {
        // A wait that would last a minute: drop must not wait for it.
        let timer = Arc::new(SteadyTimer::with_duration(&ex, Duration::from_secs(60)));
        let t = timer.clone();
        ex.post(move || {
            t.async_wait(|_r: io::Result<()>| {});
            tx.send(()).unwrap();
        });
        rx.recv().unwrap();
        drop(pool); // stops the threads and joins them
        drop(timer);
    }
}

#[test]
fn thread_pool_stop_leaves_queued_work_unrun() {
    let _w = watchdog(20);
    let pool = ThreadPool::new(1).unwrap();
    let ex = pool.executor();
    let count = Arc::new(AtomicUsize::new(0));
    let (started_tx, started_rx) = mpsc::channel();
    let (go_tx, go_rx) = mpsc::channel::<()>();
    ex.post(move || {
        started_tx.send(()).unwrap();
        go_rx.recv().unwrap();
    });
    started_rx.recv().unwrap();
    for _ in 0..5 {
        let c = count.clone();
        ex.post(move || {
            c.fetch_add(1, Ordering::SeqCst);
        });
    }
    pool.stop();
    go_tx.send(()).unwrap();
    pool.join();
    assert_eq!(
        count.load(Ordering::SeqCst),
        0,
        "stop: queued work is not run"
    );
}
