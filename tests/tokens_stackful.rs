//! The token matrix for the stackful token: the synthetic operations of `tests/support` (at
//! once, after a timer, set by another thread; value or error) awaited by a coroutine through
//! `&YieldContext`, bare and under the adapters (`redirect_error`, `cancel_after`), and
//! `spawn`'s own completion through every token.

#![cfg(feature = "stackful")]

mod support;

use std::io;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::thread;
use std::time::Duration;

use jeton::{
    cancel_after, error, redirect_error, spawn, Blocking, CompletionToken, Detached, Execute,
    IoContext, UseFuture, WorkGuard, YieldContext,
};
use support::{all_cases, check_result, synth, watchdog, Case, SynthOp, When, VALUE};

/// A model initiating function: builds the synthetic operation and hands it to the token.
fn async_synth<E: Execute, T: CompletionToken<SynthOp<E>>>(
    ex: &E,
    case: Case,
    token: T,
) -> T::Output {
    token.launch(synth(ex, case))
}

type Results = Arc<Mutex<Vec<(Case, io::Result<i32>)>>>;

/// Runs every case in a coroutine of its own on `io`, with `threads` threads in `run()`.
fn run_all_cases(threads: usize) {
    let _w = watchdog(20);
    let io = IoContext::new().unwrap();
    let ex = io.executor();
    let results: Results = Arc::default();
    for case in all_cases() {
        let results = results.clone();
        spawn(
            &ex,
            move |y: &YieldContext| {
                let r = async_synth(y.executor(), case, y);
                results.lock().unwrap().push((case, r));
            },
            |r: thread::Result<()>| r.unwrap(),
        );
    }
    thread::scope(|s| {
        for _ in 1..threads {
            s.spawn(|| io.run());
        }
        io.run();
    });
    let results = results.lock().unwrap();
    assert_eq!(
        results.len(),
        all_cases().len(),
        "each coroutine finished once"
    );
    for (case, r) in results.iter() {
        check_result(*case, r);
    }
}

#[test]
fn yield_context_returns_every_outcome_on_one_thread() {
    run_all_cases(1);
}

#[test]
fn yield_context_returns_every_outcome_on_two_threads() {
    run_all_cases(2);
}

#[test]
fn one_coroutine_awaits_every_case_in_turn() {
    let _w = watchdog(20);
    let io = IoContext::new().unwrap();
    let done = Arc::new(AtomicUsize::new(0));
    let d = done.clone();
    spawn(
        &io.executor(),
        move |y: &YieldContext| {
            for case in all_cases() {
                check_result(case, &async_synth(y.executor(), case, y));
                d.fetch_add(1, Ordering::SeqCst);
            }
        },
        Detached,
    );
    io.run();
    assert_eq!(done.load(Ordering::SeqCst), all_cases().len());
}

#[test]
fn redirect_error_with_yield_context_stores_the_error_and_returns_the_value() {
    let _w = watchdog(20);
    let io = IoContext::new().unwrap();
    let checked = Arc::new(AtomicUsize::new(0));
    let c = checked.clone();
    spawn(
        &io.executor(),
        move |y: &YieldContext| {
            for case in all_cases() {
                let mut ec = Some(io::Error::other("stale"));
                let v = async_synth(y.executor(), case, redirect_error(y, &mut ec));
                if case.ok {
                    assert_eq!(v, VALUE, "{case:?}");
                    assert!(ec.is_none(), "{case:?}: success clears ec");
                } else {
                    assert_eq!(v, 0, "{case:?}: V::default() on error");
                    assert!(support::is_synthetic_error(&ec.expect("stored")));
                }
                c.fetch_add(1, Ordering::SeqCst);
            }
        },
        |r: thread::Result<()>| r.unwrap(),
    );
    io.run();
    assert_eq!(checked.load(Ordering::SeqCst), all_cases().len());
}

#[test]
fn cancel_after_with_yield_context_cuts_short_a_long_operation() {
    let _w = watchdog(20);
    let io = IoContext::new().unwrap();
    let got = Arc::new(Mutex::new(Vec::new()));
    let g = got.clone();
    spawn(
        &io.executor(),
        move |y: &YieldContext| {
            for when in [When::TimerLong, When::Never] {
                let case = Case { when, ok: true };
                let r = async_synth(
                    y.executor(),
                    case,
                    cancel_after(Duration::from_millis(5), y),
                );
                g.lock().unwrap().push(r.map_err(|e| error::is_aborted(&e)));
            }
            // In time: not aborted.
            let case = Case {
                when: When::Now,
                ok: true,
            };
            let r = async_synth(y.executor(), case, cancel_after(Duration::from_secs(30), y));
            g.lock().unwrap().push(r.map_err(|e| error::is_aborted(&e)));
        },
        |r: thread::Result<()>| r.unwrap(),
    );
    io.run();
    let got = got.lock().unwrap();
    assert_eq!(
        got.iter().map(|r| r.as_ref().copied()).collect::<Vec<_>>(),
        vec![Err(&true), Err(&true), Ok(VALUE)]
    );
}

#[test]
fn spawn_completes_through_every_token() {
    let _w = watchdog(20);
    let io = Arc::new(IoContext::new().unwrap());
    let ex = io.executor();

    // A closure, inside run().
    let got = Arc::new(Mutex::new(None));
    let g = got.clone();
    spawn(
        &ex,
        |_y: &YieldContext| 1,
        move |r: thread::Result<i32>| *g.lock().unwrap() = Some(r.unwrap()),
    );
    assert!(got.lock().unwrap().is_none(), "never inside spawn (G2)");
    io.run();
    assert_eq!(*got.lock().unwrap(), Some(1));

    // UseFuture, awaited by IoContext::block_on.
    let op = spawn(&ex, |_y: &YieldContext| 2, UseFuture);
    assert_eq!(support::block_on_restarted(&io, op).unwrap(), 2);

    // Blocking, while another thread runs the context.
    io.restart();
    let guard = WorkGuard::new(&ex);
    let runner = {
        let io = io.clone();
        thread::spawn(move || io.run())
    };
    assert_eq!(spawn(&ex, |_y: &YieldContext| 3, Blocking).unwrap(), 3);
    drop(guard);
    runner.join().unwrap();

    // Another coroutine's YieldContext: the parent waits for its child.
    io.restart();
    let got = Arc::new(Mutex::new(None));
    let g = got.clone();
    spawn(
        &ex,
        move |y: &YieldContext| {
            let child = spawn(y.executor(), |_y: &YieldContext| 4, y);
            *g.lock().unwrap() = Some(child.unwrap());
        },
        Detached,
    );
    io.run();
    assert_eq!(*got.lock().unwrap(), Some(4));
}

#[test]
fn spawn_op_is_send_and_sync() {
    fn send_sync<T: Send + Sync>(_: &T) {}
    let io = IoContext::new().unwrap();
    let op = spawn(&io.executor(), |_y: &YieldContext| 5, UseFuture);
    send_sync(&op);
    assert_eq!(io.block_on(op).unwrap(), 5);
}
