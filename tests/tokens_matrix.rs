//! The token matrix: one synthetic operation with no I/O (tests/support), completing with a
//! value or an error, at once or later (after a timer, or when another thread sets it), run
//! through every completion token and adapter. A token bug then never looks like an I/O bug.
//!
//! Every initiation goes through [`async_synth`], a model initiating function that marks the
//! calling thread as "inside the initiating call" while it runs, so handlers can assert G2.

mod support;

use std::cell::Cell;
use std::io;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use jeton::{
    bind_executor, cancel_after, co_spawn, error, redirect_error, Blocking, CompletionToken,
    Detached, Execute, Executor, IoContext, Strand, UseFuture, WorkGuard,
};
use support::{all_cases, check_result, synth, watchdog, Case, SynthOp, When, VALUE};

thread_local! {
    /// Set while this thread is inside [`async_synth`].
    static INITIATING: Cell<bool> = const { Cell::new(false) };
}

/// Clears [`INITIATING`] even if the launch panics.
struct Initiating;

impl Initiating {
    fn enter() -> Initiating {
        INITIATING.with(|f| f.set(true));
        Initiating
    }
}

impl Drop for Initiating {
    fn drop(&mut self) {
        INITIATING.with(|f| f.set(false));
    }
}

/// A model initiating function: builds the synthetic operation and hands it to the token.
fn async_synth<E: Execute, T: CompletionToken<SynthOp<E>>>(
    ex: &E,
    case: Case,
    token: T,
) -> T::Output {
    let _inside = Initiating::enter();
    token.launch(synth(ex, case))
}

/// Asserts G2 from inside a handler.
fn assert_not_initiating() {
    assert!(
        !INITIATING.with(Cell::get),
        "a handler ran inside its initiating call (G2)"
    );
}

type Results = Arc<Mutex<Vec<(Case, io::Result<i32>)>>>;

/// Checks that every case completed exactly once with the right result.
fn check_all(results: &Results, cases: &[Case]) {
    let results = results.lock().unwrap();
    assert_eq!(results.len(), cases.len(), "each handler runs exactly once");
    for case in cases {
        let mine: Vec<_> = results.iter().filter(|(c, _)| c == case).collect();
        assert_eq!(mine.len(), 1, "{case:?} completed {} times", mine.len());
        check_result(*case, &mine[0].1);
    }
}

#[test]
fn closure_token_delivers_every_outcome_only_inside_run() {
    let _w = watchdog(20);
    let io = IoContext::new().unwrap();
    let ex = io.executor();
    let cases = all_cases();
    let results: Results = Arc::default();
    for &case in &cases {
        let r2 = results.clone();
        let ex2 = ex.clone();
        async_synth(&ex, case, move |r: io::Result<i32>| {
            assert_not_initiating();
            assert!(ex2.running_in_this_thread(), "G1: handler outside run()");
            r2.lock().unwrap().push((case, r));
        });
        assert!(
            results.lock().unwrap().is_empty(),
            "G2: nothing runs before run()"
        );
    }
    assert!(!io.stopped());
    assert!(io.run() >= cases.len());
    assert!(io.stopped());
    check_all(&results, &cases);
}

#[test]
fn closure_token_initiated_inside_a_handler_never_runs_inline() {
    let _w = watchdog(20);
    let io = IoContext::new().unwrap();
    let ex = io.executor();
    let cases = all_cases();
    let results: Results = Arc::default();
    {
        let (ex, results, cases) = (ex.clone(), results.clone(), cases.clone());
        ex.clone().post(move || {
            for &case in &cases {
                let results2 = results.clone();
                async_synth(&ex, case, move |r: io::Result<i32>| {
                    assert_not_initiating();
                    results2.lock().unwrap().push((case, r));
                });
                // Even completing at once, on a thread running the context, it is posted.
                assert!(
                    results.lock().unwrap().is_empty(),
                    "G2: {case:?} ran inline"
                );
            }
        });
    }
    io.run();
    check_all(&results, &cases);
}

#[test]
fn use_future_awaited_in_a_co_spawn_task_delivers_every_outcome() {
    let _w = watchdog(20);
    let io = IoContext::new().unwrap();
    let ex = io.executor();
    let cases = all_cases();
    let results: Results = Arc::default();
    let done = Arc::new(AtomicUsize::new(0));
    {
        let (ex2, results, cases, done) =
            (ex.clone(), results.clone(), cases.clone(), done.clone());
        co_spawn(
            &ex,
            async move {
                for case in cases {
                    let r = async_synth(&ex2, case, UseFuture).await;
                    assert!(ex2.running_in_this_thread());
                    results.lock().unwrap().push((case, r));
                }
                Ok::<_, std::io::Error>(7)
            },
            move |v: std::io::Result<i32>| {
                assert_not_initiating();
                assert_eq!(v.unwrap(), 7);
                done.fetch_add(1, Ordering::SeqCst);
            },
        );
    }
    assert_eq!(done.load(Ordering::SeqCst), 0);
    io.run();
    assert_eq!(done.load(Ordering::SeqCst), 1);
    check_all(&results, &cases);
}

#[test]
fn use_future_awaited_in_io_block_on_delivers_every_outcome() {
    let _w = watchdog(20);
    let io = IoContext::new().unwrap();
    let ex = io.executor();
    for case in all_cases() {
        let r = support::block_on_restarted(&io, async_synth(&ex, case, UseFuture));
        check_result(case, &r);
    }
}

#[test]
fn use_future_awaited_in_foreign_block_on_while_another_thread_runs_the_context() {
    let _w = watchdog(20);
    let io = Arc::new(IoContext::new().unwrap());
    let ex = io.executor();
    let guard = WorkGuard::new(&ex);
    let runner = {
        let io = io.clone();
        std::thread::spawn(move || io.run())
    };
    let waiter = {
        let ex = ex.clone();
        std::thread::spawn(move || {
            for case in all_cases() {
                let fut = async_synth(&ex, case, UseFuture);
                let r = futures::executor::block_on(fut);
                check_result(case, &r);
            }
        })
    };
    waiter.join().unwrap();
    drop(guard);
    runner.join().unwrap();
    assert!(io.stopped());
}

#[test]
fn blocking_token_delivers_every_outcome_with_no_thread_running_the_context() {
    let _w = watchdog(20);
    let io = IoContext::new().unwrap();
    let ex = io.executor();
    for case in all_cases() {
        let start = Instant::now();
        let r = async_synth(&ex, case, Blocking);
        check_result(case, &r);
        if case.when != When::Now {
            assert!(start.elapsed() >= support::LATER, "{case:?} returned early");
        }
    }
    assert_eq!(io.poll(), 0, "blocking calls leave nothing for the context");
}

#[test]
fn blocking_token_delivers_every_outcome_while_another_thread_runs_the_context() {
    let _w = watchdog(20);
    let io = Arc::new(IoContext::new().unwrap());
    let ex = io.executor();
    let guard = WorkGuard::new(&ex);
    let runner = {
        let io = io.clone();
        std::thread::spawn(move || io.run())
    };
    for case in all_cases() {
        check_result(case, &async_synth(&ex, case, Blocking));
    }
    drop(guard);
    runner.join().unwrap();
}

#[test]
fn detached_token_runs_every_operation_to_completion_inside_run() {
    let _w = watchdog(20);
    let io = IoContext::new().unwrap();
    let ex = io.executor();
    let done = Arc::new(AtomicUsize::new(0));
    for case in all_cases() {
        let _inside = Initiating::enter();
        Detached.launch(support::synth_counted(&ex, case, done.clone()));
    }
    // Operations start inside the initiating call, as in Asio: those that complete at once
    // are done already; every one that waits needs run(). (Detached has no handler for G2.)
    let immediate = all_cases().iter().filter(|c| c.when == When::Now).count();
    assert_eq!(done.load(Ordering::SeqCst), immediate);
    io.run();
    assert_eq!(done.load(Ordering::SeqCst), all_cases().len());
}

#[test]
fn redirect_error_with_blocking_stores_the_error_and_delivers_the_value() {
    let _w = watchdog(20);
    let io = IoContext::new().unwrap();
    let ex = io.executor();
    for case in all_cases() {
        let mut ec = Some(io::Error::other("stale"));
        let v = async_synth(&ex, case, redirect_error(Blocking, &mut ec));
        if case.ok {
            assert_eq!(v, VALUE, "{case:?}");
            assert!(ec.is_none(), "{case:?}: success clears ec, got {ec:?}");
        } else {
            assert_eq!(v, 0, "{case:?}: the value is V::default() on error");
            let e = ec.expect("the error is stored");
            assert!(support::is_synthetic_error(&e), "{case:?}: {e:?}");
        }
    }
}

#[test]
fn redirect_error_with_use_future_stores_the_error_and_delivers_the_value() {
    let _w = watchdog(20);
    let io = IoContext::new().unwrap();
    let ex = io.executor();
    for case in all_cases() {
        let mut ec = None;
        let v = support::block_on_restarted(
            &io,
            async_synth(&ex, case, redirect_error(UseFuture, &mut ec)),
        );
        if case.ok {
            assert_eq!(v, VALUE, "{case:?}");
            assert!(ec.is_none(), "{case:?}");
        } else {
            assert_eq!(v, 0, "{case:?}");
            assert!(
                support::is_synthetic_error(&ec.expect("stored")),
                "{case:?}"
            );
        }
    }
    // The same, awaited inside a task on the context (the error variable lives in the task).
    let results: Results = Arc::default();
    {
        let (ex2, results) = (ex.clone(), results.clone());
        co_spawn(
            &ex,
            async move {
                for case in all_cases() {
                    let mut ec = None;
                    let v = async_synth(&ex2, case, redirect_error(UseFuture, &mut ec)).await;
                    let r = match ec {
                        None => Ok(v),
                        Some(e) => {
                            assert_eq!(v, 0);
                            Err(e)
                        }
                    };
                    results.lock().unwrap().push((case, r));
                }
            },
            Detached,
        );
    }
    io.restart();
    io.run();
    check_all(&results, &all_cases());
}

#[test]
fn bind_executor_to_a_strand_runs_the_closure_inside_the_strand() {
    let _w = watchdog(20);
    let io = Arc::new(IoContext::new().unwrap());
    let ex = io.executor();
    let strand = Strand::new(&ex);
    let cases = all_cases();
    let results: Results = Arc::default();
    let inside = Arc::new(AtomicUsize::new(0));
    for &case in &cases {
        let (s, results, inside) = (strand.clone(), results.clone(), inside.clone());
        async_synth(
            &ex,
            case,
            bind_executor(&strand, move |r: io::Result<i32>| {
                assert_not_initiating();
                assert!(
                    s.running_in_this_thread(),
                    "{case:?}: handler outside its strand"
                );
                assert_eq!(inside.fetch_add(1, Ordering::SeqCst), 0, "strand overlap");
                std::thread::sleep(Duration::from_millis(1));
                inside.fetch_sub(1, Ordering::SeqCst);
                results.lock().unwrap().push((case, r));
            }),
        );
    }
    assert!(results.lock().unwrap().is_empty());
    // Two threads run the context: the strand still serialises the handlers.
    let other = {
        let io = io.clone();
        std::thread::spawn(move || io.run())
    };
    io.run();
    other.join().unwrap();
    check_all(&results, &cases);
}

#[test]
fn bind_executor_passes_through_use_future_and_blocking() {
    let _w = watchdog(20);
    let io = IoContext::new().unwrap();
    let ex = io.executor();
    let strand = Strand::new(&ex);
    for case in all_cases() {
        check_result(
            case,
            &support::block_on_restarted(
                &io,
                async_synth(&ex, case, bind_executor(&strand, UseFuture)),
            ),
        );
        check_result(
            case,
            &async_synth(&ex, case, bind_executor(&strand, Blocking)),
        );
    }
}

/// The operations that would complete later than a short `cancel_after`.
fn slow_cases() -> Vec<Case> {
    let mut v = Vec::new();
    for when in [When::TimerLong, When::Never] {
        for ok in [true, false] {
            v.push(Case { when, ok });
        }
    }
    v
}

const SHORT: Duration = Duration::from_millis(5);
const LONG: Duration = Duration::from_secs(30);

#[test]
fn cancel_after_cuts_short_an_operation_that_would_complete_later() {
    let _w = watchdog(20);
    let io = IoContext::new().unwrap();
    let ex = io.executor();
    for case in slow_cases() {
        // Blocking: no thread runs the context.
        let start = Instant::now();
        let r = async_synth(&ex, case, cancel_after(SHORT, Blocking));
        assert!(error::is_aborted(&r.unwrap_err()), "{case:?} Blocking");
        assert!(start.elapsed() >= SHORT);

        // UseFuture, awaited in IoContext::block_on.
        let start = Instant::now();
        let r = support::block_on_restarted(
            &io,
            async_synth(&ex, case, cancel_after(SHORT, UseFuture)),
        );
        assert!(error::is_aborted(&r.unwrap_err()), "{case:?} UseFuture");
        assert!(start.elapsed() >= SHORT);

        // Closure.
        let got = Arc::new(Mutex::new(None));
        let got2 = got.clone();
        let start = Instant::now();
        async_synth(
            &ex,
            case,
            cancel_after(SHORT, move |r: io::Result<i32>| {
                assert_not_initiating();
                *got2.lock().unwrap() = Some((r, start.elapsed()));
            }),
        );
        io.restart();
        io.run();
        let (r, elapsed) = got.lock().unwrap().take().expect("handler ran once");
        assert!(error::is_aborted(&r.unwrap_err()), "{case:?} closure");
        assert!(elapsed >= SHORT);
    }
}

#[test]
fn cancel_after_does_not_abort_an_operation_that_completes_in_time() {
    let _w = watchdog(20);
    let io = IoContext::new().unwrap();
    let ex = io.executor();
    for case in all_cases() {
        // At once under a short limit; later (a few ms) under a long one.
        let limit = if case.when == When::Now {
            Duration::ZERO
        } else {
            LONG
        };
        check_result(case, &async_synth(&ex, case, cancel_after(limit, Blocking)));
        check_result(
            case,
            &support::block_on_restarted(
                &io,
                async_synth(&ex, case, cancel_after(limit, UseFuture)),
            ),
        );
        let results: Results = Arc::default();
        let r2 = results.clone();
        async_synth(
            &ex,
            case,
            cancel_after(limit, move |r: io::Result<i32>| {
                r2.lock().unwrap().push((case, r));
            }),
        );
        io.restart();
        // run() returns although the long limit is still far away: the deadline wait is
        // withdrawn with the completed operation.
        io.run();
        check_all(&results, &[case]);
    }
}

#[test]
fn cancel_after_bounds_a_task_awaiting_use_future() {
    let _w = watchdog(20);
    let io = IoContext::new().unwrap();
    let ex = io.executor();
    let results: Results = Arc::default();
    {
        let (ex2, results) = (ex.clone(), results.clone());
        co_spawn(
            &ex,
            async move {
                for case in slow_cases() {
                    let r = async_synth(&ex2, case, cancel_after(SHORT, UseFuture)).await;
                    results.lock().unwrap().push((case, r));
                }
            },
            Detached,
        );
    }
    io.run();
    let results = results.lock().unwrap();
    assert_eq!(results.len(), slow_cases().len());
    for (case, r) in results.iter() {
        let e = r.as_ref().expect_err("cut short");
        assert!(error::is_aborted(e), "{case:?}: {e:?}");
    }
}

#[test]
fn public_handles_and_futures_are_send_and_sync() {
    fn send_sync<T: Send + Sync>() {}
    fn send<T: Send>() {}
    send_sync::<IoContext>();
    send_sync::<Executor>();
    send_sync::<Strand>();
    send_sync::<Strand<Strand>>();
    send_sync::<WorkGuard>();
    send_sync::<jeton::ThreadPool>();
    send_sync::<jeton::SteadyTimer>();
    send_sync::<jeton::SystemTimer>();
    send_sync::<jeton::TimerWait>();
    send_sync::<jeton::JoinOp<i32, Executor>>();
    send_sync::<jeton::JoinOp<i32, Strand>>();
    send::<SynthOp<Executor>>();
    send::<jeton::WithTimeout<jeton::TimerWait>>();
    send::<jeton::Bound<jeton::TimerWait, Strand>>();
    send::<jeton::Redirected<jeton::TimerWait>>();
    send::<jeton::Redirected<jeton::TimerWait, &'static mut Option<std::io::Error>>>();
    send_sync::<Blocking>();
    send_sync::<UseFuture>();
    send_sync::<Detached>();
}
