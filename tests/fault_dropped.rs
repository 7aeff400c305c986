//! Faults: an operation that outlives its I/O object, or its context. Every such wait completes
//! with the aborted error, whoever drives it, and never reaches another object (G3).

mod support;

use std::io;
use std::sync::mpsc;
use std::time::{Duration, Instant};

use jeton::{co_spawn, error, IoContext, SteadyTimer, SystemTimer, UseFuture};
use support::watchdog;

#[test]
fn a_wait_on_a_dropped_timer_is_aborted_under_every_driver() {
    let _w = watchdog(20);
    let io = IoContext::new().unwrap();
    let ex = io.executor();
    let make = || {
        let t = SteadyTimer::new(&ex);
        t.expires_after(Duration::from_secs(3600));
        t.async_wait(UseFuture) // `t` is dropped here; the wait has not started
    };

    // A UseFuture awaited by IoContext::block_on.
    assert!(error::is_aborted(&io.block_on(make()).unwrap_err()));

    // Inside a task, delivered to a closure.
    let (tx, rx) = mpsc::channel();
    let wait = make();
    co_spawn(&ex, wait, move |r: io::Result<()>| tx.send(r).unwrap());
    io.restart();
    io.run();
    assert!(error::is_aborted(&rx.try_recv().unwrap().unwrap_err()));

    // Blocking, on another thread, with no thread running the context.
    let wait = make();
    let r = std::thread::spawn(move || jeton::op::block_on(wait))
        .join()
        .unwrap();
    assert!(error::is_aborted(&r.unwrap_err()));
}

#[test]
fn a_wait_on_a_dropped_timer_never_waits_on_the_timer_that_took_its_place() {
    let _w = watchdog(20);
    let io = IoContext::new().unwrap();
    let ex = io.executor();
    for _ in 0..100 {
        let old = SystemTimer::new(&ex);
        old.expires_after(Duration::from_secs(3600));
        let stale = old.async_wait(UseFuture);
        drop(old);
        // The new timer takes the dropped one's slot in the timer queue.
        let new = SteadyTimer::new(&ex);
        new.expires_after(Duration::from_millis(200));
        let start = Instant::now();
        let r = io.block_on(stale);
        assert!(r.as_ref().is_err_and(error::is_aborted), "completed {r:?}");
        assert!(start.elapsed() < Duration::from_millis(150), "it waited");
        // And the new timer's cancel() does not count the stale wait.
        assert_eq!(new.cancel(), 0);
    }
}
