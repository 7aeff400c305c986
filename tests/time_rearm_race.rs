//! One timer re-armed, cancelled and waited on from several threads at once, with two threads
//! in `run()` (G10). `expires_at` skips the timer-queue lock when its timer lists no wait, so
//! a wait that starts as the expiry changes must either see the new expiry or be aborted (and
//! counted) by the re-arm: never left pending on an expiry that was replaced.
//!
//! The first test races one re-arm against one wait, round after round: the re-arm returns 1
//! exactly when the wait ends aborted, and a wait it does not count fires at once. In the
//! second, the re-arming thread alternates between an expiry an hour out and one in the past, and ends
//! on the past. Every wait must then be over: fired (it started after a past expiry), or
//! aborted, and the aborted ones are exactly as many as `expires_at` and `cancel_one` said. A
//! wait left pending on the hour would keep `run()` from returning: the watchdog fails it.
//! Waits made before the race can only be aborted and one made after it can only fire, so
//! both outcomes are checked whichever way the threads were scheduled.
//! (`tests/loom_timer_cell.rs` checks the protocol itself over every interleaving.)

mod support;

use std::io;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{mpsc, Arc, Barrier};
use std::time::{Duration, Instant};

use jeton::{error, IoContext, SteadyTimer, WorkGuard};
use support::watchdog;

const WAITS: usize = 20_000;

/// Starts two threads in `run()`; returns the guard that keeps them there and their handles.
fn runners(io: &Arc<IoContext>) -> (WorkGuard, Vec<std::thread::JoinHandle<usize>>) {
    let guard = WorkGuard::new(&io.executor());
    let threads = (0..2)
        .map(|_| {
            let io = io.clone();
            std::thread::spawn(move || io.run())
        })
        .collect();
    (guard, threads)
}

#[test]
fn a_rearm_racing_a_wait_aborts_it_exactly_when_it_says_so() {
    const ROUNDS: usize = 2_000;
    let _w = watchdog(60);
    let io = Arc::new(IoContext::new().unwrap());
    let timer = Arc::new(SteadyTimer::new(&io.executor()));
    let (guard, threads) = runners(&io);
    let go = Arc::new(Barrier::new(3));
    let (results, outcome) = mpsc::channel();
    let rearmer = {
        let (timer, go) = (timer.clone(), go.clone());
        std::thread::spawn(move || {
            (0..ROUNDS)
                .map(|_| {
                    go.wait();
                    timer.expires_at(Instant::now() - Duration::from_millis(1))
                })
                .collect::<Vec<usize>>()
        })
    };
    let waiter = {
        let (timer, go) = (timer.clone(), go.clone());
        std::thread::spawn(move || {
            for _ in 0..ROUNDS {
                go.wait();
                let results = results.clone();
                timer.async_wait(move |r: io::Result<()>| results.send(r).unwrap());
            }
        })
    };
    let mut outcomes = Vec::with_capacity(ROUNDS);
    for round in 0..ROUNDS {
        // No wait is listed (the last one ended): this re-arm takes no lock.
        assert_eq!(timer.expires_after(Duration::from_secs(3600)), 0);
        go.wait();
        // An uncounted wait that kept the hour-out expiry would never end.
        let r = outcome
            .recv_timeout(Duration::from_secs(20))
            .unwrap_or_else(|_| panic!("round {round}: the wait never ended"));
        outcomes.push(r);
    }
    let counts = rearmer.join().unwrap();
    waiter.join().unwrap();
    drop(guard);
    for t in threads {
        t.join().unwrap();
    }
    for (round, (n, r)) in counts.iter().zip(&outcomes).enumerate() {
        match r {
            Ok(()) => assert_eq!(*n, 0, "round {round}: fired, so not aborted by the re-arm"),
            Err(e) => {
                assert!(error::is_aborted(e), "round {round}: {e}");
                assert_eq!(*n, 1, "round {round}: aborted, so counted by the re-arm");
            }
        }
    }
}

#[derive(Default)]
struct Outcomes {
    fired: AtomicUsize,
    aborted: AtomicUsize,
}

#[test]
fn every_wait_ends_once_and_every_abort_is_counted_by_the_call_that_made_it() {
    let _w = watchdog(60);
    let io = Arc::new(IoContext::new().unwrap());
    let timer = Arc::new(SteadyTimer::with_duration(
        &io.executor(),
        Duration::from_secs(3600),
    ));
    let outcomes = Arc::new(Outcomes::default());
    let (guard, runners) = runners(&io);

    let counted = |outcomes: Arc<Outcomes>| {
        move |r: io::Result<()>| match r {
            Ok(()) => outcomes.fired.fetch_add(1, Ordering::SeqCst),
            Err(e) => {
                assert!(error::is_aborted(&e), "a wait ends fired or aborted: {e}");
                outcomes.aborted.fetch_add(1, Ordering::SeqCst)
            }
        }
    };
    // Both outcomes are made certain, whatever the threads' timing: the first waits start on
    // the hour-out expiry before any re-arm or cancel, so they can only end aborted; the last
    // one starts after every re-arm and cancel is over, on a past expiry, so it fires.
    const FIRST: usize = 100;
    for _ in 0..FIRST {
        timer.async_wait(counted(outcomes.clone()));
    }
    let go = Arc::new(Barrier::new(3));
    let waiter = {
        let (timer, outcomes, go) = (timer.clone(), outcomes.clone(), go.clone());
        std::thread::spawn(move || {
            go.wait();
            for _ in FIRST..WAITS - 1 {
                timer.async_wait(counted(outcomes.clone()));
            }
        })
    };
    let rearmer = {
        let (timer, go) = (timer.clone(), go.clone());
        std::thread::spawn(move || {
            go.wait();
            let mut aborted = 0;
            for i in 0..WAITS {
                aborted += if i % 2 == 0 {
                    timer.expires_after(Duration::from_secs(3600))
                } else {
                    timer.expires_at(Instant::now() - Duration::from_millis(1))
                };
            }
            aborted + timer.expires_at(Instant::now() - Duration::from_millis(1))
        })
    };
    let canceller = {
        let timer = timer.clone();
        std::thread::spawn(move || {
            go.wait();
            (0..WAITS / 4).map(|_| timer.cancel_one()).sum::<usize>()
        })
    };

    waiter.join().unwrap();
    let reported = rearmer.join().unwrap() + canceller.join().unwrap();
    timer.async_wait(counted(outcomes.clone()));
    // The last expiry is in the past: a wait still pending now waits for it and fires. One left
    // on an hour-out expiry would keep the runners from returning.
    drop(guard);
    for r in runners {
        r.join().unwrap();
    }
    let fired = outcomes.fired.load(Ordering::SeqCst);
    let aborted = outcomes.aborted.load(Ordering::SeqCst);
    assert_eq!(fired + aborted, WAITS, "every handler ran exactly once");
    assert_eq!(
        aborted, reported,
        "every abort was counted by the call that made it"
    );
    assert!(
        aborted >= FIRST && fired >= 1,
        "the first waits end aborted and the last one fires: fired {fired}, aborted {aborted}"
    );
}
