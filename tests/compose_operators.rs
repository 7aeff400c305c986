//! `a.and(b)` and `a.or(b)` (Asio's awaitable operators `&&` and `||`): which result wins,
//! which error is reported, the other operation cancelled, under every token.

mod support;

use std::io;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use jeton::deferred::Either;
use jeton::parallel_group::OperationExt;
use jeton::{co_spawn, Blocking, IoContext, SteadyTimer, UseFuture};
use support::{is_synthetic_error, synth, watchdog, Case, When, VALUE};

fn case(when: When, ok: bool) -> Case {
    Case { when, ok }
}

#[test]
fn and_completes_with_both_values() {
    let _w = watchdog(20);
    let io = IoContext::new().unwrap();
    let ex = io.executor();
    let (a, b) = synth(&ex, case(When::Timer, true))
        .and(synth(&ex, case(When::Now, true)))
        .start(Blocking)
        .unwrap();
    assert_eq!((a, b), (VALUE, VALUE));
}

#[test]
fn and_short_circuits_on_the_first_error_and_cancels_the_other() {
    let _w = watchdog(20);
    let io = IoContext::new().unwrap();
    let ex = io.executor();
    let long = SteadyTimer::with_duration(&ex, Duration::from_secs(60));
    // The wait would take a minute: the error ends the pair at once.
    let e = long
        .async_wait(UseFuture)
        .and(synth(&ex, case(When::Timer, false)))
        .start(Blocking)
        .unwrap_err();
    assert!(
        is_synthetic_error(&e),
        "the real error, not the other's abort: {e:?}"
    );
    // Both fail: the first to fail is reported.
    let e = synth(&ex, case(When::Timer, false))
        .and(operation_failing_with(&ex, "second"))
        .start(Blocking)
        .unwrap_err();
    assert_eq!(e.to_string(), "second");
}

fn operation_failing_with(
    ex: &jeton::Executor,
    msg: &'static str,
) -> impl jeton::op::Operation<Output = io::Result<i32>> {
    jeton::op::operation(ex, async move { Err(io::Error::other(msg)) })
}

#[test]
fn or_completes_with_the_first_success_and_cancels_the_other() {
    let _w = watchdog(20);
    let io = IoContext::new().unwrap();
    let ex = io.executor();
    let long = SteadyTimer::with_duration(&ex, Duration::from_secs(60));
    let first = long
        .async_wait(UseFuture)
        .or(synth(&ex, case(When::Timer, true)))
        .start(Blocking)
        .unwrap();
    assert!(matches!(first, Either::Right(VALUE)));
    // A failure does not win: the other success does.
    let first = synth(&ex, case(When::Now, false))
        .or(synth(&ex, case(When::Thread, true)))
        .start(Blocking)
        .unwrap();
    assert!(matches!(first, Either::Right(VALUE)));
    let first = synth(&ex, case(When::Now, true))
        .or(synth(&ex, case(When::Thread, true)))
        .start(Blocking)
        .unwrap();
    assert!(matches!(first, Either::Left(VALUE)));
}

#[test]
fn or_fails_with_the_first_error_when_both_fail() {
    let _w = watchdog(20);
    let io = IoContext::new().unwrap();
    let ex = io.executor();
    let e = synth(&ex, case(When::Timer, false))
        .or(operation_failing_with(&ex, "first"))
        .start(Blocking)
        .unwrap_err();
    assert_eq!(e.to_string(), "first");
}

#[test]
fn operators_work_under_every_token_and_nest() {
    let _w = watchdog(20);
    let io = IoContext::new().unwrap();
    let ex = io.executor();
    // A closure.
    let got = Arc::new(Mutex::new(None));
    let g = got.clone();
    synth(&ex, case(When::Timer, true))
        .and(synth(&ex, case(When::Now, true)))
        .start(move |r: io::Result<(i32, i32)>| *g.lock().unwrap() = Some(r.unwrap()));
    assert!(got.lock().unwrap().is_none(), "G2");
    io.run();
    assert_eq!(got.lock().unwrap().take(), Some((VALUE, VALUE)));
    // UseFuture, awaited in a coroutine; operators nest.
    let ex2 = ex.clone();
    let out = support::block_on_restarted(
        &io,
        co_spawn(
            &ex,
            async move {
                let timeout = SteadyTimer::with_duration(&ex2, Duration::from_secs(60));
                synth(&ex2, case(When::Timer, true))
                    .and(synth(&ex2, case(When::Thread, true)))
                    .or(timeout.async_wait(UseFuture))
                    .await
            },
            UseFuture,
        ),
    );
    assert!(matches!(out.unwrap(), Either::Left((VALUE, VALUE))));
}
