//! Timers with several waits (G10, G3): the timer queue keeps a timer's first wait inline in its
//! entry and the others in an overflow. These tests cross that boundary: completion order,
//! `cancel_one` order, re-arming, dropping the timer with waits in both places, a waker
//! replaced between polls, a fired wait collected after its timer was dropped, and a timer
//! whose queue entry is made lazily (first `expires_*` or first wait). Every handler must run
//! exactly once, and every cancelled wait must end aborted.

mod support;

use std::future::Future;
use std::io;
use std::pin::pin;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::Arc;
use std::task::{Context, Poll, Wake, Waker};
use std::time::{Duration, Instant, SystemTime};

use jeton::{IoContext, SteadyTimer, SystemTimer, UseFuture};
use support::timers::{aborted, log_wait, waited_timer, Log};
use support::watchdog;

/// Returns the log sorted by id, after checking that each of `0..n` appears exactly once.
fn once_each(log: &Log, n: usize) -> Vec<(usize, io::Result<()>)> {
    let mut log = std::mem::take(&mut *log.lock().unwrap());
    log.sort_by_key(|(id, _)| *id);
    let ids: Vec<usize> = log.iter().map(|(id, _)| *id).collect();
    assert_eq!(
        ids,
        (0..n).collect::<Vec<_>>(),
        "every handler ran exactly once"
    );
    log
}

/// A waker that counts its wakes.
#[derive(Default)]
struct Count(AtomicUsize);

impl Wake for Count {
    fn wake(self: Arc<Self>) {
        self.0.fetch_add(1, Ordering::SeqCst);
    }
}

impl Count {
    fn get(&self) -> usize {
        self.0.load(Ordering::SeqCst)
    }
}

#[test]
fn cancel_one_aborts_the_oldest_across_the_inline_wait_and_the_overflow() {
    let _w = watchdog(20);
    let io = IoContext::new().unwrap();
    let (timer, log) = waited_timer(&io, Duration::from_secs(60), 4);
    // The inline wait goes first, then the overflow's in order.
    for _ in 0..3 {
        assert_eq!(timer.cancel_one(), 1);
    }
    io.poll();
    {
        let log = log.lock().unwrap();
        let ids: Vec<usize> = log.iter().map(|(id, _)| *id).collect();
        assert_eq!(ids, [0, 1, 2], "oldest first");
        assert!(log.iter().all(|(_, r)| aborted(r)));
    }
    // A new wait joins behind the last pending one; cancel_one still takes the oldest.
    log_wait(&timer, &log, 4);
    assert_eq!(timer.cancel_one(), 1);
    io.poll();
    assert_eq!(log.lock().unwrap().last().unwrap().0, 3);
    assert_eq!(timer.cancel(), 1, "only wait 4 is left");
    assert_eq!(timer.cancel(), 0);
    io.run();
    let log = once_each(&log, 5);
    assert!(log.iter().all(|(_, r)| aborted(r)));
}

#[test]
fn waits_in_both_places_fire_once_and_a_wait_added_after_some_completed_fires_too() {
    let _w = watchdog(20);
    let io = IoContext::new().unwrap();
    let (timer, log) = waited_timer(&io, Duration::from_millis(2), 3);
    io.run();
    io.restart();
    // Fired waits have left the entry: new ones start inline again, on a re-armed timer.
    assert_eq!(timer.expires_after(Duration::from_millis(2)), 0);
    for i in 3..6 {
        log_wait(&timer, &log, i);
    }
    io.run();
    let log = once_each(&log, 6);
    assert!(log.iter().all(|(_, r)| r.is_ok()), "{log:?}");
}

#[test]
fn expires_at_aborts_pending_waits_in_both_places_and_counts_them() {
    let _w = watchdog(20);
    let io = IoContext::new().unwrap();
    let (timer, log) = waited_timer(&io, Duration::from_secs(60), 3);
    assert_eq!(timer.cancel_one(), 1, "wait 0 (inline) ends first");
    assert_eq!(
        timer.expires_at(Instant::now() + Duration::from_millis(2)),
        2,
        "the two pending ones, not the aborted one"
    );
    assert_eq!(timer.expires_at(timer.expiry()), 0, "nothing pending");
    log_wait(&timer, &log, 3);
    io.run();
    let log = once_each(&log, 4);
    for (id, r) in &log {
        if *id < 3 {
            assert!(aborted(r), "wait {id}: {r:?}");
        } else {
            assert!(r.is_ok(), "wait {id}: {r:?}");
        }
    }
}

#[test]
fn dropping_a_timer_with_waits_in_both_places_aborts_each_once() {
    let _w = watchdog(20);
    let io = IoContext::new().unwrap();
    let ex = io.executor();
    let (timer, log) = waited_timer(&io, Duration::from_secs(60), 5);
    assert_eq!(timer.cancel_one(), 1);
    drop(timer);
    // A timer made after the drop (possibly in the same slot) is not the one the waits named.
    let other = SteadyTimer::with_duration(&ex, Duration::from_millis(1));
    log_wait(&other, &log, 5);
    io.run();
    let log = once_each(&log, 6);
    assert!(log[..5].iter().all(|(_, r)| aborted(r)), "{log:?}");
    assert!(log[5].1.is_ok());
}

#[test]
fn a_future_wait_keeps_its_outcome_when_its_timer_is_dropped_after_it_fired() {
    let _w = watchdog(20);
    let io = IoContext::new().unwrap();
    let timer = SteadyTimer::with_duration(&io.executor(), Duration::from_millis(1));
    let count = Arc::new(Count::default());
    let waker = Waker::from(count.clone());
    let mut cx = Context::from_waker(&waker);
    let mut first = pin!(timer.async_wait(UseFuture));
    let mut second = pin!(timer.async_wait(UseFuture));
    assert!(first.as_mut().poll(&mut cx).is_pending());
    assert!(second.as_mut().poll(&mut cx).is_pending());
    // Fire both (run() returns once the timer queue holds no work; the futures hold none of
    // their own here, so keep the context busy until both are woken).
    let keep = jeton::WorkGuard::new(&io.executor());
    while count.get() < 2 {
        io.run_for(Duration::from_millis(5));
    }
    drop(keep);
    drop(timer);
    assert!(matches!(first.as_mut().poll(&mut cx), Poll::Ready(Ok(()))));
    assert!(matches!(second.as_mut().poll(&mut cx), Poll::Ready(Ok(()))));
}

#[test]
fn a_waker_replaced_between_polls_is_the_one_woken() {
    let _w = watchdog(20);
    let io = IoContext::new().unwrap();
    let timer = SteadyTimer::with_duration(&io.executor(), Duration::from_secs(60));
    let (a, b) = (Arc::new(Count::default()), Arc::new(Count::default()));
    let (wa, wb) = (Waker::from(a.clone()), Waker::from(b.clone()));
    let mut inline = pin!(timer.async_wait(UseFuture));
    let mut overflow = pin!(timer.async_wait(UseFuture));
    for wait in [inline.as_mut(), overflow.as_mut()] {
        assert!(wait.poll(&mut Context::from_waker(&wa)).is_pending());
    }
    for wait in [inline.as_mut(), overflow.as_mut()] {
        assert!(wait.poll(&mut Context::from_waker(&wb)).is_pending());
    }
    assert_eq!(timer.cancel(), 2);
    assert_eq!((a.get(), b.get()), (0, 2), "only the latest waker is woken");
    let mut cx = Context::from_waker(&wb);
    for wait in [inline.as_mut(), overflow.as_mut()] {
        match wait.poll(&mut cx) {
            Poll::Ready(r) => assert!(aborted(&r), "{r:?}"),
            Poll::Pending => panic!("a cancelled wait is over"),
        }
    }
}

#[test]
fn a_wait_made_before_the_timer_is_armed_uses_the_expiry_at_its_first_poll() {
    let _w = watchdog(20);
    let io = IoContext::new().unwrap();
    let timer = SteadyTimer::new(&io.executor());
    assert_eq!(timer.cancel(), 0, "a new timer has no wait");
    assert_eq!(timer.cancel_one(), 0);
    assert!(timer.expiry() <= Instant::now(), "a new timer has expired");
    let wait = timer.async_wait(UseFuture);
    let at = Instant::now() + Duration::from_millis(20);
    assert_eq!(timer.expires_at(at), 0, "the wait has not started");
    assert_eq!(timer.expiry(), at);
    io.block_on(wait).unwrap();
    assert!(
        Instant::now() >= at,
        "waited for the expiry set before its first poll"
    );
}

#[test]
fn expiry_read_from_other_threads_is_always_one_that_was_set() {
    let _w = watchdog(60);
    let io = IoContext::new().unwrap();
    // Two time points whose nanoseconds since the epoch differ in both 64-bit halves
    // (2^64 + 5 and -1): a torn read would be neither of them.
    let a = SystemTime::UNIX_EPOCH + Duration::new(18_446_744_073, 709_551_621);
    let b = SystemTime::UNIX_EPOCH - Duration::from_nanos(1);
    let timer = SystemTimer::with_expiry(&io.executor(), a);
    let done = AtomicBool::new(false);
    std::thread::scope(|s| {
        for _ in 0..2 {
            s.spawn(|| {
                while !done.load(Ordering::Relaxed) {
                    let e = timer.expiry();
                    assert!(e == a || e == b, "{e:?}");
                }
            });
        }
        for i in 0..20_000 {
            timer.expires_at(if i % 2 == 0 { b } else { a });
        }
        done.store(true, Ordering::Relaxed);
    });
    assert_eq!(timer.expiry(), a);
}
