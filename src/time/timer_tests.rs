//! Which timer calls take the timer-queue lock: each test holds the lock on this thread and
//! makes the call on another. A call that takes the lock cannot finish until it is released.

use std::sync::mpsc;
use std::sync::Arc;
use std::time::{Duration, Instant};

use super::SteadyTimer;
use crate::executor::{Executor, IoContext};

/// Runs `f` on another thread while this one holds the timer-queue lock of `ex`'s context;
/// returns `f`'s result if it finished without the lock.
fn without_the_lock<R: Send + 'static>(
    ex: &Executor,
    f: impl FnOnce() -> R + Send + 'static,
) -> Option<R> {
    let guard = ex.engine().lock_timers();
    let (tx, rx) = mpsc::channel();
    let t = std::thread::spawn(move || tx.send(f()).unwrap());
    // Long enough for a loaded machine; only a failing test waits it out.
    let r = rx.recv_timeout(Duration::from_secs(10)).ok();
    drop(guard);
    t.join().unwrap();
    r
}

#[test]
fn rearming_cancelling_and_reading_a_timer_with_no_wait_take_no_lock() {
    let io = IoContext::new().unwrap();
    let ex = io.executor();
    let timer = Arc::new(SteadyTimer::new(&ex));
    let start = Instant::now();
    timer.expires_at(start); // The first arming makes the entry (under the lock).
    let t = timer.clone();
    let r = without_the_lock(&ex, move || {
        let at = t.expiry() + Duration::from_secs(60);
        (t.expires_at(at), t.cancel(), t.cancel_one(), t.expiry())
    });
    let at = start + Duration::from_secs(60);
    assert_eq!(
        r,
        Some((0, 0, 0, at)),
        "finished without the lock, nothing aborted"
    );
    assert_eq!(timer.expiry(), at);
}

#[test]
fn rearming_from_the_handler_of_the_last_wait_takes_no_lock() {
    let io = IoContext::new().unwrap();
    let ex = io.executor();
    let timer = Arc::new(SteadyTimer::with_duration(&ex, Duration::from_millis(1)));
    timer.wait().unwrap(); // Started, fired and collected: no wait is listed now.
    let t = timer.clone();
    let r = without_the_lock(&ex, move || t.expires_after(Duration::from_secs(60)));
    assert_eq!(r, Some(0), "re-armed without the lock");
    // The new expiry holds for the next wait: it is still pending after a run that finds it so.
    let fired = Arc::new(std::sync::atomic::AtomicBool::new(false));
    let f = fired.clone();
    timer.async_wait(move |r: std::io::Result<()>| {
        assert!(crate::error::is_aborted(&r.unwrap_err()));
        f.store(true, std::sync::atomic::Ordering::SeqCst);
    });
    assert_eq!(io.poll(), 0, "the wait waits for the new expiry, 60 s out");
    assert_eq!(timer.cancel(), 1);
    io.run();
    assert!(fired.load(std::sync::atomic::Ordering::SeqCst));
}

#[test]
fn a_timer_never_armed_reads_its_expiry_without_the_lock() {
    let io = IoContext::new().unwrap();
    let ex = io.executor();
    let timer = Arc::new(SteadyTimer::new(&ex));
    let t = timer.clone();
    let r = without_the_lock(&ex, move || t.expiry() <= Instant::now());
    assert_eq!(r, Some(true), "already expired, read without the lock");
}

#[test]
fn a_timer_wait_is_small_enough_for_a_two_line_task() {
    // A closure-token wait's task is the block header (24 bytes), its schedule function (8),
    // the work guard (8), the handler tracking (8, without the `tracing` feature), the wait
    // and the handler: 120 bytes with a 16-byte handler (an `Instant`), a block that fills
    // two 64-byte cache lines with the allocator's header (`tokens_closure_memory.rs` checks
    // it). A larger wait takes a third line per pending wait: 64 MB more for a million.
    assert!(
        std::mem::size_of::<super::TimerWait>() <= 56,
        "TimerWait grew to {} bytes",
        std::mem::size_of::<super::TimerWait>()
    );
}
