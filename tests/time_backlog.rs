//! A backlog of due timers (G4, G10): many waits already due when the context runs. A reactor
//! turn fires a bounded batch of them, not all, so that the woken tasks run while their memory
//! is still in cache; these tests check what that must keep: every handler runs exactly once,
//! in deadline order, `run()` returns once they are done (on one thread or two), `poll()` runs
//! them all (even when their wakers belong to no task of the context), `poll_one()` and
//! `run_one()` take them one at a time, and a handler posted by the first timer's handler does
//! not wait behind the whole backlog.

mod support;

use std::future::Future;
use std::io;
use std::pin::Pin;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::task::{Context, Wake, Waker};
use std::time::{Duration, Instant};

use jeton::{IoContext, SteadyTimer, UseFuture, WorkGuard};
use support::watchdog;

/// Timers in each backlog: well above one firing batch.
const N: usize = 10_000;

/// What ran, in order: a timer's handler (its deadline rank) or the handler it posted.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Event {
    Timer(usize),
    Posted,
}

/// A permutation of `0..n`, fixed (a multiplicative step coprime with `n`), so that timers
/// are started out of deadline order.
fn shuffled(n: usize) -> impl Iterator<Item = usize> {
    (0..n).map(move |i| (i * 7919) % n)
}

/// Sleeps until `at` has passed.
fn sleep_until(at: Instant) {
    while Instant::now() <= at {
        std::thread::sleep(at.saturating_duration_since(Instant::now()) + Duration::from_millis(1));
    }
}

#[test]
fn a_backlog_of_due_timers_fires_each_once_in_deadline_order_and_run_returns() {
    let _w = watchdog(60);
    let io = IoContext::new().unwrap();
    let ex = io.executor();
    let log = Arc::new(Mutex::new(Vec::with_capacity(N + 1)));
    let base = Instant::now();
    let mut timers = Vec::with_capacity(N);
    for rank in shuffled(N) {
        let timer = SteadyTimer::new(&ex);
        timer.expires_at(base + Duration::from_micros(rank as u64));
        let (log, ex) = (log.clone(), ex.clone());
        timer.async_wait(move |r: io::Result<()>| {
            r.expect("a due timer fires");
            log.lock().unwrap().push(Event::Timer(rank));
            if rank == 0 {
                let log = log.clone();
                ex.post(move || log.lock().unwrap().push(Event::Posted));
            }
        });
        timers.push(timer);
    }
    sleep_until(base + Duration::from_micros(N as u64));
    io.run(); // Returns: every wait fired, and no work is left.
    let log = std::mem::take(&mut *log.lock().unwrap());
    let fired: Vec<usize> = log
        .iter()
        .filter_map(|e| match e {
            Event::Timer(rank) => Some(*rank),
            Event::Posted => None,
        })
        .collect();
    assert_eq!(
        fired,
        (0..N).collect::<Vec<_>>(),
        "each once, in deadline order"
    );
    let posted = log
        .iter()
        .position(|e| *e == Event::Posted)
        .expect("posted ran");
    assert!(
        posted < N / 2,
        "a handler posted by the first timer runs at {posted}, behind the whole backlog"
    );
}

/// A waker that counts its wakes: it belongs to no task of the context.
#[derive(Default)]
struct Count(AtomicUsize);

impl Wake for Count {
    fn wake(self: Arc<Self>) {
        self.0.fetch_add(1, Ordering::SeqCst);
    }
}

#[test]
fn poll_fires_every_due_timer_even_with_no_task_to_run() {
    let _w = watchdog(60);
    let io = IoContext::new().unwrap();
    let ex = io.executor();
    let count = Arc::new(Count::default());
    let waker = Waker::from(count.clone());
    let mut cx = Context::from_waker(&waker);
    let base = Instant::now();
    let timers: Vec<SteadyTimer> = shuffled(N)
        .map(|rank| SteadyTimer::with_duration(&ex, Duration::from_millis(20 + rank as u64 % 7)))
        .collect();
    let mut waits: Vec<Pin<Box<_>>> = timers
        .iter()
        .map(|t| Box::pin(t.async_wait(UseFuture)))
        .collect();
    for wait in &mut waits {
        assert!(wait.as_mut().poll(&mut cx).is_pending());
    }
    sleep_until(base + Duration::from_millis(30));
    // The waits hold no work of their own (no task of the context awaits them): keep it busy.
    let keep = WorkGuard::new(&ex);
    // No handler runs (the wakers are foreign), yet one poll() fires every due wait: it turns
    // the reactor again while due timers are left, however many one turn fires.
    assert_eq!(io.poll(), 0);
    assert_eq!(
        count.0.load(Ordering::SeqCst),
        N,
        "every due wait was woken"
    );
    drop(keep);
    for wait in &mut waits {
        assert!(wait.as_mut().poll(&mut cx).is_ready());
    }
}

#[test]
fn two_threads_share_a_backlog_each_handler_once_and_both_runs_return() {
    let _w = watchdog(60);
    let io = Arc::new(IoContext::new().unwrap());
    let ex = io.executor();
    let ran: Arc<Vec<AtomicUsize>> = Arc::new((0..N).map(|_| AtomicUsize::new(0)).collect());
    let base = Instant::now();
    let mut timers = Vec::with_capacity(N);
    for rank in shuffled(N) {
        let timer = SteadyTimer::new(&ex);
        timer.expires_at(base + Duration::from_micros(rank as u64));
        let ran = ran.clone();
        timer.async_wait(move |r: io::Result<()>| {
            r.expect("a due timer fires");
            ran[rank].fetch_add(1, Ordering::SeqCst);
        });
        timers.push(timer);
    }
    sleep_until(base + Duration::from_micros(N as u64));
    let other = {
        let io = io.clone();
        std::thread::spawn(move || io.run())
    };
    let here = io.run();
    let there = other.join().unwrap();
    assert_eq!(
        here + there,
        N,
        "the two run() calls ran every handler between them"
    );
    assert!(
        ran.iter().all(|n| n.load(Ordering::SeqCst) == 1),
        "each handler once"
    );
}

#[test]
fn poll_one_and_run_one_take_a_backlog_one_handler_at_a_time_in_deadline_order() {
    let _w = watchdog(60);
    for run_one in [false, true] {
        let io = IoContext::new().unwrap();
        let ex = io.executor();
        let log = Arc::new(Mutex::new(Vec::with_capacity(N)));
        let base = Instant::now();
        let mut timers = Vec::with_capacity(N);
        for rank in shuffled(N) {
            let timer = SteadyTimer::new(&ex);
            timer.expires_at(base + Duration::from_micros(rank as u64));
            let log = log.clone();
            timer.async_wait(move |r: io::Result<()>| {
                r.expect("a due timer fires");
                log.lock().unwrap().push(rank);
            });
            timers.push(timer);
        }
        sleep_until(base + Duration::from_micros(N as u64));
        let mut calls = 0;
        while (if run_one { io.run_one() } else { io.poll_one() }) == 1 {
            calls += 1;
            assert_eq!(log.lock().unwrap().len(), calls, "one handler per call");
        }
        assert_eq!(calls, N, "run_one: {run_one}");
        let log = std::mem::take(&mut *log.lock().unwrap());
        assert_eq!(
            log,
            (0..N).collect::<Vec<_>>(),
            "each once, in deadline order"
        );
    }
}
