//! `SignalSet`: G13 (a signal with no waiter is queued for the next wait, lowest number
//! first), several sets on one signal, `cancel`, `remove` and `clear`, dropping the set,
//! per-operation cancellation, and every token style; with SIGUSR1 and SIGUSR2 raised to this
//! process.
//!
//! Signals are process-wide state: the tests of this binary take one lock and run one at a
//! time, and raise a signal only while a set watches it (otherwise it would have its default
//! action and end the process). Every set is dropped at the end of its test, so the signals
//! have their default action again.

#[path = "support/cancel.rs"]
mod cancel;
#[path = "support/watchdog.rs"]
mod watchdog;

use std::io;
use std::sync::{mpsc, Mutex, MutexGuard};
use std::time::Duration;

use jeton::signal::{SignalSet, SIGUSR1, SIGUSR2};
use jeton::{cancel_after, error, Blocking, IoContext, UseFuture};
use watchdog::watchdog;

/// Serialises the tests of this binary.
fn serial() -> MutexGuard<'static, ()> {
    static LOCK: Mutex<()> = Mutex::new(());
    LOCK.lock().unwrap_or_else(|e| e.into_inner())
}

/// Raises `signo` on this thread (`raise(3)`): its handler has run when this returns. (A
/// `kill` of the process may be handled by another thread, later.)
fn raise(signo: i32) {
    // SAFETY: raise(3) only sends a signal to the calling thread; the signals raised here are
    // watched by a set, so their handler is jeton's, which only counts and writes a byte.
    let rc = unsafe { libc::raise(signo) };
    assert_eq!(rc, 0, "raise({signo})");
}

type Results = mpsc::Receiver<io::Result<i32>>;

/// Starts a closure-token wait on `set` whose result goes to the returned channel.
fn wait_closure(set: &SignalSet) -> Results {
    let (tx, rx) = mpsc::channel();
    set.async_wait(move |r: io::Result<i32>| tx.send(r).unwrap());
    rx
}

#[test]
fn a_signal_with_no_waiter_is_queued_for_the_next_wait_in_every_style() {
    let _s = serial();
    let _w = watchdog(30);
    let io = IoContext::new().unwrap();
    let set = SignalSet::new(&io.executor(), &[SIGUSR1]).unwrap();

    // Blocking.
    raise(SIGUSR1);
    assert_eq!(set.wait().unwrap(), SIGUSR1);
    // Closure: completes in run(), not inside the initiating call (G2).
    raise(SIGUSR1);
    let rx = wait_closure(&set);
    assert!(rx.try_recv().is_err(), "G2");
    io.run();
    assert_eq!(rx.recv().unwrap().unwrap(), SIGUSR1);
    // UseFuture.
    raise(SIGUSR1);
    io.restart();
    assert_eq!(io.block_on(set.async_wait(UseFuture)).unwrap(), SIGUSR1);
    // Nothing is left queued: a wait now is pending until the next signal.
    let r = set.async_wait(cancel_after(Duration::from_millis(30), Blocking));
    assert!(error::is_aborted(&r.unwrap_err()));
}

#[test]
fn queued_signals_are_delivered_one_per_wait_in_ascending_number() {
    let _s = serial();
    let _w = watchdog(30);
    let io = IoContext::new().unwrap();
    let set = SignalSet::new(&io.executor(), &[SIGUSR1, SIGUSR2]).unwrap();
    raise(SIGUSR2);
    raise(SIGUSR1);
    raise(SIGUSR2);
    let got: Vec<i32> = (0..3).map(|_| set.wait().unwrap()).collect();
    const { assert!(SIGUSR1 < SIGUSR2) };
    // Each occurrence counts; queued notifications come lowest number first.
    assert_eq!(got, [SIGUSR1, SIGUSR2, SIGUSR2]);
}

#[test]
fn several_sets_on_one_signal_are_each_told() {
    let _s = serial();
    let _w = watchdog(30);
    let io = IoContext::new().unwrap();
    let other = IoContext::new().unwrap();
    let a = SignalSet::new(&io.executor(), &[SIGUSR1]).unwrap();
    let b = SignalSet::new(&io.executor(), &[SIGUSR1, SIGUSR2]).unwrap();
    let c = SignalSet::new(&other.executor(), &[SIGUSR1]).unwrap();
    let (ra, rb) = (wait_closure(&a), wait_closure(&b));
    io.poll();
    raise(SIGUSR1);
    io.restart();
    io.run();
    assert_eq!(ra.recv().unwrap().unwrap(), SIGUSR1);
    assert_eq!(rb.recv().unwrap().unwrap(), SIGUSR1);
    // The set on the other context was told too: queued, as it had no wait.
    assert_eq!(c.wait().unwrap(), SIGUSR1);
}

#[test]
fn one_signal_completes_every_pending_wait_of_a_set() {
    let _s = serial();
    let _w = watchdog(30);
    let io = IoContext::new().unwrap();
    let set = SignalSet::new(&io.executor(), &[SIGUSR2]).unwrap();
    let waits: Vec<Results> = (0..3).map(|_| wait_closure(&set)).collect();
    io.poll();
    raise(SIGUSR2);
    io.restart();
    io.run();
    for rx in waits {
        assert_eq!(rx.recv().unwrap().unwrap(), SIGUSR2);
    }
}

#[test]
fn a_signal_from_another_thread_completes_a_pending_wait_and_run_waits_for_it() {
    let _s = serial();
    let _w = watchdog(30);
    let io = IoContext::new().unwrap();
    let set = SignalSet::new(&io.executor(), &[SIGUSR1]).unwrap();
    let rx = wait_closure(&set);
    let raiser = std::thread::spawn(|| {
        std::thread::sleep(Duration::from_millis(30));
        raise(SIGUSR1);
    });
    // The pending wait is outstanding work: run() returns only once it has completed.
    io.run();
    assert_eq!(rx.try_recv().unwrap().unwrap(), SIGUSR1);
    raiser.join().unwrap();

    // A blocking wait is woken by a signal raised on another thread.
    let raiser = std::thread::spawn(|| {
        std::thread::sleep(Duration::from_millis(30));
        raise(SIGUSR1);
    });
    assert_eq!(set.wait().unwrap(), SIGUSR1);
    raiser.join().unwrap();
}

#[test]
fn a_signal_sent_by_another_process_reaches_a_blocking_wait() {
    let _s = serial();
    let _w = watchdog(30);
    let io = IoContext::new().unwrap();
    let set = SignalSet::new(&io.executor(), &[SIGUSR2]).unwrap();
    // Sent to the process: any of its threads may run the handler.
    let status = std::process::Command::new("kill")
        .args(["-USR2", &std::process::id().to_string()])
        .status()
        .unwrap();
    assert!(status.success());
    assert_eq!(set.wait().unwrap(), SIGUSR2);
}

#[test]
fn cancel_aborts_pending_waits_and_keeps_queued_signals() {
    let _s = serial();
    let _w = watchdog(30);
    let io = IoContext::new().unwrap();
    let set = SignalSet::new(&io.executor(), &[SIGUSR1, SIGUSR2]).unwrap();
    let rx = wait_closure(&set);
    set.cancel();
    io.run();
    assert!(error::is_aborted(&rx.recv().unwrap().unwrap_err()));

    // A blocking wait cancelled from another thread.
    let canceller = {
        let set = std::sync::Arc::new(set);
        let s2 = set.clone();
        let t = std::thread::spawn(move || {
            std::thread::sleep(Duration::from_millis(30));
            s2.cancel();
        });
        assert!(error::is_aborted(&set.wait().unwrap_err()));
        t.join().unwrap();
        set
    };
    // A wait cancelled but not yet run is given no signal that arrives meanwhile: it
    // completes aborted, and the signal stays queued.
    let b = SignalSet::new(&io.executor(), &[SIGUSR1]).unwrap();
    let rx = wait_closure(&canceller);
    io.restart();
    io.poll();
    canceller.cancel();
    raise(SIGUSR1);
    assert_eq!(b.wait().unwrap(), SIGUSR1, "delivered to every set");
    io.restart();
    io.run();
    assert!(error::is_aborted(&rx.recv().unwrap().unwrap_err()));
    assert_eq!(canceller.wait().unwrap(), SIGUSR1);
    // Queued notifications survive a cancel.
    raise(SIGUSR2);
    canceller.cancel();
    assert_eq!(canceller.wait().unwrap(), SIGUSR2);
}

#[test]
fn remove_and_clear_discard_queued_notifications() {
    let _s = serial();
    let _w = watchdog(30);
    let io = IoContext::new().unwrap();
    let set = SignalSet::new(&io.executor(), &[SIGUSR1, SIGUSR2]).unwrap();
    // A second set keeps both signals watched, so raising them stays safe.
    let keep = SignalSet::new(&io.executor(), &[SIGUSR1, SIGUSR2]).unwrap();
    raise(SIGUSR1);
    raise(SIGUSR2);
    set.remove(SIGUSR1).unwrap();
    assert_eq!(set.signals(), [SIGUSR2]);
    assert_eq!(
        set.wait().unwrap(),
        SIGUSR2,
        "SIGUSR1's notification was discarded"
    );
    let r = set.async_wait(cancel_after(Duration::from_millis(30), Blocking));
    assert!(error::is_aborted(&r.unwrap_err()), "nothing left");
    // A removed signal no longer reaches the set.
    raise(SIGUSR1);
    let r = set.async_wait(cancel_after(Duration::from_millis(30), Blocking));
    assert!(error::is_aborted(&r.unwrap_err()));
    // Removing twice, or a signal never added, does nothing.
    set.remove(SIGUSR1).unwrap();

    raise(SIGUSR2);
    set.clear();
    assert!(set.signals().is_empty());
    set.add(SIGUSR2).unwrap();
    let r = set.async_wait(cancel_after(Duration::from_millis(30), Blocking));
    assert!(
        error::is_aborted(&r.unwrap_err()),
        "clear discarded the queued SIGUSR2"
    );

    // The other set was told of everything.
    let got: Vec<i32> = (0..4).map(|_| keep.wait().unwrap()).collect();
    assert_eq!(got, [SIGUSR1, SIGUSR1, SIGUSR2, SIGUSR2]);
}

#[test]
fn a_pending_wait_is_not_cancelled_by_remove() {
    let _s = serial();
    let _w = watchdog(30);
    let io = IoContext::new().unwrap();
    let set = SignalSet::new(&io.executor(), &[SIGUSR1, SIGUSR2]).unwrap();
    let rx = wait_closure(&set);
    io.poll();
    set.remove(SIGUSR1).unwrap();
    raise(SIGUSR2);
    io.restart();
    io.run();
    assert_eq!(rx.recv().unwrap().unwrap(), SIGUSR2);
}

#[test]
fn dropping_the_set_aborts_its_waits() {
    let _s = serial();
    let _w = watchdog(30);
    let io = IoContext::new().unwrap();
    let set = SignalSet::new(&io.executor(), &[SIGUSR1]).unwrap();
    let rx = wait_closure(&set);
    let fut = set.async_wait(UseFuture);
    drop(set);
    io.run();
    assert!(error::is_aborted(&rx.recv().unwrap().unwrap_err()));
    io.restart();
    assert!(error::is_aborted(&io.block_on(fut).unwrap_err()));
}

#[test]
fn every_cancellation_type_aborts_a_wait_and_a_signal_it_was_given_is_kept() {
    let _s = serial();
    let _w = watchdog(30);
    let io = IoContext::new().unwrap();
    let a = SignalSet::new(&io.executor(), &[SIGUSR1]).unwrap();
    let b = SignalSet::new(&io.executor(), &[SIGUSR1]).unwrap();
    // A pending wait, aborted by each type.
    cancel::each_type_aborts(&io, |token| a.async_wait(token));
    // A wait given a signal (by `b`'s wait, which delivered to both sets) but cancelled
    // before it completed with it: the signal is queued again (no side effect).
    cancel::each_type_aborts_with(
        &io,
        |token| a.async_wait(token),
        || {
            raise(SIGUSR1);
            assert_eq!(b.wait().unwrap(), SIGUSR1);
        },
        |t| assert_eq!(a.wait().unwrap(), SIGUSR1, "{t:?}: the signal was kept"),
    );
}

#[test]
fn signals_that_cannot_be_waited_for_are_refused() {
    let _s = serial();
    let io = IoContext::new().unwrap();
    let set = SignalSet::new(&io.executor(), &[]).unwrap();
    for bad in [0, -1, 9, 19, 11, 1000] {
        let e = set.add(bad).unwrap_err();
        assert_eq!(e.kind(), io::ErrorKind::InvalidInput, "{bad}");
    }
    assert!(SignalSet::new(&io.executor(), &[SIGUSR1, 9]).is_err());
    set.add(SIGUSR2).unwrap();
    assert_eq!(
        format!("{set:?}"),
        "SignalSet { signals: [\"SIGUSR2\"], .. }"
    );
}

#[test]
fn signal_set_futures_are_send_and_the_set_is_send_and_sync() {
    fn send<T: Send>() {}
    fn send_sync<T: Send + Sync>() {}
    send::<jeton::signal::SignalWait>();
    send_sync::<SignalSet>();
}
