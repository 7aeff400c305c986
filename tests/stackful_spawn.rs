//! `spawn`: a stackful coroutine's result or panic comes back in its completion, never inside
//! `spawn`; it yields to the queue after a bounded number of immediate completions (the
//! cooperative budget); stacks of any chosen size work and are recycled.

#![cfg(feature = "stackful")]

mod support;

use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::thread;
use std::time::{Duration, Instant};

use jeton::{spawn, spawn_with, Detached, IoContext, SpawnOptions, SteadyTimer, YieldContext};
use support::watchdog;

#[test]
fn a_panic_comes_back_in_the_completion_and_run_goes_on() {
    let _w = watchdog(20);
    let io = IoContext::new().unwrap();
    let ex = io.executor();
    let got = Arc::new(Mutex::new(Vec::new()));
    for i in 0..3 {
        let got = got.clone();
        spawn(
            &ex,
            move |y: &YieldContext| -> u32 {
                let timer = SteadyTimer::new(y.executor());
                timer.expires_after(Duration::from_millis(1));
                timer.async_wait(y).unwrap();
                if i == 1 {
                    panic!("coroutine {i} failed");
                }
                i
            },
            move |r: thread::Result<u32>| {
                let r = r.map_err(|p| *p.downcast::<String>().expect("a String payload"));
                got.lock().unwrap().push(r);
            },
        );
    }
    io.run(); // Does not panic: the panic went to the completion.
    let mut got = got.lock().unwrap().clone();
    got.sort();
    assert_eq!(
        got,
        vec![Ok(0), Ok(2), Err("coroutine 1 failed".to_string())]
    );
    // The context is as usable as before.
    io.restart();
    let ran = Arc::new(AtomicBool::new(false));
    let r = ran.clone();
    spawn(
        &ex,
        |_y: &YieldContext| {},
        move |_: thread::Result<()>| r.store(true, Ordering::SeqCst),
    );
    io.run();
    assert!(ran.load(Ordering::SeqCst));
}

#[test]
fn a_resumed_panic_propagates_out_of_run() {
    let _w = watchdog(20);
    let io = IoContext::new().unwrap();
    spawn(
        &io.executor(),
        |_y: &YieldContext| panic!("boom"),
        |r: thread::Result<()>| {
            if let Err(p) = r {
                std::panic::resume_unwind(p);
            }
        },
    );
    let r = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| io.run()));
    assert_eq!(*r.unwrap_err().downcast::<&str>().unwrap(), "boom");
}

#[test]
fn the_coroutine_and_its_completion_never_run_inside_spawn() {
    let _w = watchdog(20);
    let io = IoContext::new().unwrap();
    let ran = Arc::new(AtomicUsize::new(0));
    let (a, b) = (ran.clone(), ran.clone());
    spawn(
        &io.executor(),
        move |_y: &YieldContext| {
            a.fetch_add(1, Ordering::SeqCst);
        },
        move |_: thread::Result<()>| {
            b.fetch_add(1, Ordering::SeqCst);
        },
    );
    assert_eq!(ran.load(Ordering::SeqCst), 0, "G2");
    assert_eq!(io.run(), 2, "the coroutine, then its handler");
    assert_eq!(ran.load(Ordering::SeqCst), 2);
}

#[test]
fn a_coroutine_looping_on_an_expired_timer_lets_a_posted_handler_run() {
    let _w = watchdog(20);
    let io = IoContext::new().unwrap();
    let flag = Arc::new(AtomicBool::new(false));
    let rounds = Arc::new(AtomicUsize::new(0));
    let (f, n) = (flag.clone(), rounds.clone());
    spawn(
        &io.executor(),
        move |y: &YieldContext| {
            let timer = SteadyTimer::new(y.executor());
            timer.expires_at(Instant::now() - Duration::from_secs(1));
            let f2 = f.clone();
            y.executor().post(move || f2.store(true, Ordering::SeqCst));
            // Each wait completes at once; without the budget this would never end.
            while !f.load(Ordering::SeqCst) {
                timer.async_wait(y).unwrap();
                n.fetch_add(1, Ordering::SeqCst);
                assert!(n.load(Ordering::SeqCst) < 1_000_000, "never yielded");
            }
        },
        |r: thread::Result<()>| r.unwrap(),
    );
    io.run();
    assert!(flag.load(Ordering::SeqCst));
    let n = rounds.load(Ordering::SeqCst);
    // The budget's 128, then the wait it yielded in, completed on resumption.
    assert!(
        (1..=129).contains(&n),
        "yielded after {n} immediate completions"
    );
}

#[test]
fn a_chosen_stack_size_holds_a_large_frame() {
    let _w = watchdog(20);
    let io = IoContext::new().unwrap();
    let opts = SpawnOptions::new().stack_size(8 << 20);
    let sum = Arc::new(AtomicUsize::new(0));
    let s = sum.clone();
    spawn_with(
        &io.executor(),
        opts,
        move |y: &YieldContext| {
            let mut big = [1u8; 4 << 20]; // Would not fit in the default 1 MiB.
            let timer = SteadyTimer::new(y.executor());
            timer.expires_after(Duration::from_millis(1));
            timer.async_wait(y).unwrap(); // Suspended with the frame live.
            big[0] = 2;
            let total: usize = std::hint::black_box(&big).iter().map(|&b| b as usize).sum();
            s.store(total, Ordering::SeqCst);
        },
        |r: thread::Result<()>| r.unwrap(),
    );
    io.run();
    assert_eq!(sum.load(Ordering::SeqCst), (4 << 20) + 1);
    assert_eq!(
        SpawnOptions::new().stack_size(1).get_stack_size(),
        SpawnOptions::MIN_STACK_SIZE
    );
}

#[test]
fn many_coroutines_live_at_once_and_one_after_another() {
    let _w = watchdog(60);
    let io = IoContext::new().unwrap();
    let done = Arc::new(AtomicUsize::new(0));
    // 2000 suspended at the same time ...
    for _ in 0..2000 {
        let done = done.clone();
        spawn(
            &io.executor(),
            move |y: &YieldContext| {
                let timer = SteadyTimer::new(y.executor());
                timer.expires_after(Duration::from_millis(20));
                timer.async_wait(y).unwrap();
                done.fetch_add(1, Ordering::SeqCst);
            },
            Detached,
        );
    }
    io.run();
    assert_eq!(done.load(Ordering::SeqCst), 2000);
    // ... and 20000 in a chain, each started by the one before (recycled stacks).
    io.restart();
    fn chain(y: &YieldContext, left: usize, done: Arc<AtomicUsize>) {
        done.fetch_add(1, Ordering::SeqCst);
        if left > 0 {
            spawn(
                y.executor(),
                move |y: &YieldContext| chain(y, left - 1, done),
                Detached,
            );
        }
    }
    let d = done.clone();
    spawn(
        &io.executor(),
        move |y: &YieldContext| chain(y, 19_999, d),
        Detached,
    );
    io.run();
    assert_eq!(done.load(Ordering::SeqCst), 22_000);
}
