//! Timers (G10): waits, re-arming, `cancel`/`cancel_one`/`expires_*` counts, drop, and waits on
//! an expired timer. Ported from Asio's `system_timer_test`, `system_timer_cancel_test` and the
//! Timer tutorial.

mod support;

use std::cell::Cell;
use std::io;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant, SystemTime};

use jeton::{Executor, IoContext, SteadyTimer, SystemTimer, UseFuture};
use support::timers::{aborted, log_wait, waited_timer, Log};
use support::watchdog;

#[test]
fn blocking_wait_lasts_at_least_the_expiry() {
    let _w = watchdog(20);
    let io = IoContext::new().unwrap();
    let timer = SteadyTimer::new(&io.executor());
    let start = Instant::now();
    assert_eq!(timer.expires_after(Duration::from_millis(10)), 0);
    timer.wait().unwrap();
    assert!(start.elapsed() >= Duration::from_millis(10));

    let at = Instant::now() + Duration::from_millis(5);
    timer.expires_at(at);
    assert_eq!(timer.expiry(), at);
    timer.wait().unwrap();
    assert!(Instant::now() >= at);
}

#[test]
fn system_timer_blocking_wait_lasts_at_least_the_expiry() {
    let _w = watchdog(20);
    let io = IoContext::new().unwrap();
    let start = Instant::now();
    let timer = SystemTimer::with_duration(&io.executor(), Duration::from_millis(10));
    let expiry = timer.expiry();
    assert!(expiry > SystemTime::now());
    timer.wait().unwrap();
    assert!(
        start.elapsed() >= Duration::from_millis(9),
        "within clock conversion slack"
    );
    assert!(SystemTime::now() >= expiry);
}

#[test]
fn async_wait_completes_only_inside_run_after_the_expiry() {
    let _w = watchdog(20);
    let io = IoContext::new().unwrap();
    let ex = io.executor();
    let start = Instant::now();
    let timer = SteadyTimer::with_duration(&ex, Duration::from_millis(10));
    let done = Arc::new(Mutex::new(None));
    {
        let (d, ex2) = (done.clone(), ex.clone());
        timer.async_wait(move |r: io::Result<()>| {
            assert!(ex2.running_in_this_thread());
            *d.lock().unwrap() = Some((r.is_ok(), start.elapsed()));
        });
    }
    // The expiry passes, but no thread runs the context: nothing is called.
    std::thread::sleep(Duration::from_millis(15));
    assert!(done.lock().unwrap().is_none());
    io.run();
    let (ok, elapsed) = done.lock().unwrap().take().expect("handler ran once");
    assert!(ok);
    assert!(elapsed >= Duration::from_millis(10));
}

#[test]
fn handler_rearming_its_timer_counts_to_five() {
    // Asio tutorial Timer.3: re-arm via expires_at(expiry() + period).
    let _w = watchdog(20);
    let io = IoContext::new().unwrap();
    let timer = Arc::new(SteadyTimer::with_duration(
        &io.executor(),
        Duration::from_millis(1),
    ));
    let count = Arc::new(AtomicUsize::new(0));
    fn print(timer: Arc<SteadyTimer>, count: Arc<AtomicUsize>) {
        let t = timer.clone();
        timer.async_wait(move |r: io::Result<()>| {
            r.unwrap();
            if count.fetch_add(1, Ordering::SeqCst) + 1 < 5 {
                t.expires_at(t.expiry() + Duration::from_millis(1));
                print(t, count);
            }
        });
    }
    let start = Instant::now();
    print(timer, count.clone());
    io.run();
    assert_eq!(count.load(Ordering::SeqCst), 5);
    assert!(start.elapsed() >= Duration::from_millis(5));
}

#[test]
fn cancel_returns_one_per_waiter_among_fifty_timers() {
    let _w = watchdog(20);
    let io = IoContext::new().unwrap();
    let ex = io.executor();
    let log: Log = Arc::default();
    let timers: Vec<SteadyTimer> = (0..50)
        .map(|i| {
            let t = SteadyTimer::with_duration(&ex, Duration::from_secs(60));
            log_wait(&t, &log, i);
            t
        })
        .collect();
    // Let the waits reach the timer queue, as in Asio where async_wait starts them.
    io.poll();
    for t in &timers {
        assert_eq!(t.cancel(), 1);
    }
    for t in &timers {
        assert_eq!(t.cancel(), 0, "nothing left to cancel");
    }
    io.run();
    let log = log.lock().unwrap();
    assert_eq!(log.len(), 50);
    assert!(log.iter().all(|(_, r)| aborted(r)));
}

#[test]
fn cancel_counts_waits_started_but_not_yet_polled() {
    let _w = watchdog(20);
    let io = IoContext::new().unwrap();
    let (timer, log) = waited_timer(&io, Duration::from_secs(60), 3);
    // No run yet: the waits were started by the initiating calls (Asio semantics).
    assert_eq!(timer.cancel(), 3);
    io.run();
    let log = log.lock().unwrap();
    assert_eq!(log.len(), 3);
    assert!(log.iter().all(|(_, r)| aborted(r)));
}

#[test]
fn cancel_one_aborts_exactly_the_oldest_waiter() {
    let _w = watchdog(20);
    let io = IoContext::new().unwrap();
    let log: Log = Arc::default();
    let timer = SteadyTimer::with_duration(&io.executor(), Duration::from_millis(5));
    assert_eq!(timer.cancel_one(), 0);
    log_wait(&timer, &log, 0);
    log_wait(&timer, &log, 1);
    io.poll();
    assert_eq!(timer.cancel_one(), 1);
    io.run();
    let log = log.lock().unwrap();
    assert_eq!(log.len(), 2);
    let first = log.iter().find(|(id, _)| *id == 0).unwrap();
    let second = log.iter().find(|(id, _)| *id == 1).unwrap();
    assert!(aborted(&first.1), "the oldest wait is the one cancelled");
    assert!(
        second.1.is_ok(),
        "the other completes normally: {:?}",
        second.1
    );
}

#[test]
fn expires_after_with_pending_waits_aborts_them_and_returns_the_count() {
    let _w = watchdog(20);
    let io = IoContext::new().unwrap();
    let (timer, log) = waited_timer(&io, Duration::from_secs(60), 3);
    io.poll();
    assert_eq!(timer.expires_after(Duration::from_millis(2)), 3);
    // A wait started after re-arming uses the new expiry.
    log_wait(&timer, &log, 3);
    assert_eq!(timer.expires_at(timer.expiry()), 1, "expires_at counts too");
    log_wait(&timer, &log, 4);
    io.run();
    let log = log.lock().unwrap();
    assert_eq!(log.len(), 5);
    for (id, r) in log.iter() {
        if *id < 4 {
            assert!(aborted(r), "wait {id}: {r:?}");
        } else {
            assert!(r.is_ok(), "wait {id}: {r:?}");
        }
    }
}

#[test]
fn a_timer_cancelled_by_another_timers_handler_sees_aborted_and_run_ends_early() {
    let _w = watchdog(20);
    let io = IoContext::new().unwrap();
    let ex = io.executor();
    let log: Log = Arc::default();
    let long = Arc::new(SteadyTimer::with_duration(&ex, Duration::from_secs(60)));
    log_wait(&long, &log, 1);
    let short = SteadyTimer::with_duration(&ex, Duration::from_millis(2));
    {
        let (long, log) = (long.clone(), log.clone());
        short.async_wait(move |r: io::Result<()>| {
            log.lock().unwrap().push((0, r));
            assert_eq!(long.cancel(), 1);
        });
    }
    // Bounded by the watchdog: without the cancel this would last a minute.
    io.run();
    let log = log.lock().unwrap();
    assert_eq!(log.len(), 2);
    assert_eq!(log[0].0, 0);
    assert!(log[0].1.is_ok());
    assert_eq!(log[1].0, 1);
    assert!(aborted(&log[1].1));
}

#[test]
fn cancel_after_a_wait_fired_cannot_cancel_it() {
    let _w = watchdog(20);
    let io = IoContext::new().unwrap();
    let ex = io.executor();
    let log: Log = Arc::default();
    // `early` fires no later than `late`, so when late's handler runs, early's wait has
    // fired (and its handler is queued or has run).
    let early = Arc::new(SteadyTimer::with_duration(&ex, Duration::from_millis(1)));
    let late = SteadyTimer::with_duration(&ex, Duration::from_millis(3));
    log_wait(&early, &log, 0);
    {
        let (early, log) = (early.clone(), log.clone());
        late.async_wait(move |r: io::Result<()>| {
            assert_eq!(early.cancel(), 0);
            log.lock().unwrap().push((1, r));
        });
    }
    io.run();
    let log = log.lock().unwrap();
    assert_eq!(log.len(), 2);
    assert!(log.iter().all(|(_, r)| r.is_ok()), "{log:?}");
}

thread_local! {
    static INITIATING: Cell<bool> = const { Cell::new(false) };
}

#[test]
fn a_wait_on_an_expired_timer_completes_through_the_queue_not_inline() {
    let _w = watchdog(20);
    let io = IoContext::new().unwrap();
    let ex = io.executor();
    let timer = Arc::new(SteadyTimer::new(&ex)); // a new timer has already expired
    let count = Arc::new(AtomicUsize::new(0));
    let wait = |timer: &SteadyTimer, count: &Arc<AtomicUsize>| {
        let c = count.clone();
        INITIATING.with(|f| f.set(true));
        timer.async_wait(move |r: io::Result<()>| {
            assert!(!INITIATING.with(Cell::get), "ran inside async_wait (G2)");
            r.unwrap();
            c.fetch_add(1, Ordering::SeqCst);
        });
        INITIATING.with(|f| f.set(false));
    };
    // From outside run().
    wait(&timer, &count);
    assert_eq!(count.load(Ordering::SeqCst), 0);
    // From inside a handler on the context.
    {
        let (timer, count) = (timer.clone(), count.clone());
        ex.post(move || {
            let before = count.load(Ordering::SeqCst);
            wait(&timer, &count);
            assert_eq!(
                count.load(Ordering::SeqCst),
                before,
                "completed inline (G2)"
            );
        });
    }
    io.run();
    assert_eq!(count.load(Ordering::SeqCst), 2);
    // The future form is ready at its first poll.
    assert!(futures::executor::block_on(timer.async_wait(UseFuture)).is_ok());
}

#[test]
fn dropping_a_timer_aborts_its_pending_waits() {
    let _w = watchdog(20);
    let io = IoContext::new().unwrap();
    let log: Log = Arc::default();
    let timer = SteadyTimer::with_duration(&io.executor(), Duration::from_secs(60));
    log_wait(&timer, &log, 0);
    log_wait(&timer, &log, 1);
    io.poll();
    drop(timer);
    io.run();
    let log = log.lock().unwrap();
    assert_eq!(log.len(), 2);
    assert!(log.iter().all(|(_, r)| aborted(r)));
}

#[test]
fn many_waiters_on_one_timer_all_complete_once() {
    let _w = watchdog(20);
    let io = IoContext::new().unwrap();
    let (_timer, log) = waited_timer(&io, Duration::from_millis(3), 20);
    io.run();
    let mut log = log.lock().unwrap();
    log.sort_by_key(|(id, _)| *id);
    assert_eq!(
        log.iter().map(|(id, _)| *id).collect::<Vec<_>>(),
        (0..20).collect::<Vec<_>>()
    );
    assert!(log.iter().all(|(_, r)| r.is_ok()));
}

#[test]
fn timers_fire_in_deadline_order() {
    let _w = watchdog(20);
    let io = IoContext::new().unwrap();
    let ex: Executor = io.executor();
    let log: Log = Arc::default();
    let timers: Vec<SteadyTimer> = [6u64, 2, 4]
        .iter()
        .enumerate()
        .map(|(i, ms)| {
            let t = SteadyTimer::with_duration(&ex, Duration::from_millis(*ms));
            log_wait(&t, &log, i);
            t
        })
        .collect();
    io.run();
    let order: Vec<usize> = log.lock().unwrap().iter().map(|(id, _)| *id).collect();
    assert_eq!(order, [1, 2, 0]);
    drop(timers);
}

#[test]
fn an_expiry_too_far_to_represent_saturates_instead_of_panicking() {
    let _w = watchdog(20);
    let io = IoContext::new().unwrap();
    let steady = SteadyTimer::new(&io.executor());
    steady.expires_after(Duration::MAX);
    assert!(steady.expiry() > Instant::now() + Duration::from_secs(50 * 365 * 86_400));
    let system = SystemTimer::new(&io.executor());
    system.expires_after(Duration::MAX);
    let far = std::time::SystemTime::now() + Duration::from_secs(50 * 365 * 86_400);
    assert!(system.expiry() > far);
    // A time point beyond what the monotonic clock represents: the wait is pending, "never".
    let beyond = std::time::SystemTime::UNIX_EPOCH + Duration::from_secs(u64::MAX / 4);
    system.expires_at(beyond);
    assert_eq!(system.expiry(), beyond);
    let waits = [steady.async_wait(UseFuture), system.async_wait(UseFuture)];
    let (tx, rx) = std::sync::mpsc::channel();
    for w in waits {
        let tx = tx.clone();
        jeton::co_spawn(&io.executor(), w, move |r: std::io::Result<()>| {
            tx.send(r).unwrap()
        });
    }
    io.poll(); // The two tasks start their waits; neither is due.
    assert!(rx.try_recv().is_err(), "nothing is due");
    assert_eq!(steady.cancel() + system.cancel(), 2);
    io.run();
    let got: Vec<_> = rx.try_iter().collect();
    assert_eq!(got.len(), 2);
    assert!(got
        .iter()
        .all(|r| r.as_ref().is_err_and(jeton::error::is_aborted)));
}

#[test]
fn expiry_returns_exactly_what_was_set_so_chains_do_not_drift() {
    let io = IoContext::new().unwrap();
    let t = SystemTimer::new(&io.executor());
    let start = std::time::SystemTime::now();
    t.expires_at(start);
    for _ in 0..1000 {
        t.expires_at(t.expiry() + Duration::from_millis(1));
    }
    assert_eq!(t.expiry(), start + Duration::from_secs(1));
    let s = SteadyTimer::new(&io.executor());
    let now = Instant::now();
    s.expires_at(now);
    assert_eq!(s.expiry(), now);
}

#[test]
fn a_timer_made_with_its_expiry_in_one_call() {
    let io = IoContext::new().unwrap();
    let at = SystemTime::now() + Duration::from_millis(5);
    let timer = jeton::SystemTimer::with_expiry(&io.executor(), at);
    assert_eq!(timer.expiry(), at);
    timer.async_wait(jeton::Blocking).unwrap();
    assert!(SystemTime::now() >= at);
}
