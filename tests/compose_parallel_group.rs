//! Parallel groups: each wait condition, the completion order, the rest cancelled with what they
//! did reported (bytes a cancelled read moved), Asio's parallel_group unit behaviours, a request
//! on the group forwarded to every member, and every token.

mod support;

use std::future::Future;
use std::io;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use jeton::channel::Channel;
use jeton::op::{operation, Operation};
use jeton::parallel_group::{
    make_parallel_group, make_ranged_parallel_group, wait_for_all, wait_for_one,
    wait_for_one_error, wait_for_one_success, GroupWait, Members2, WaitForOne,
};
use jeton::{
    bind_cancellation_slot, cancel_after, co_spawn, error, io as jio, Blocking, CancellationSignal,
    CancellationType, Deferred, Executor, IoContext, SteadyTimer, TimerWait, UseFuture,
};
use support::{synth, watchdog, Case, When};

fn timer(ex: &Executor, ms: u64) -> SteadyTimer {
    SteadyTimer::with_duration(ex, Duration::from_millis(ms))
}

fn ok(case_when: When) -> Case {
    Case {
        when: case_when,
        ok: true,
    }
}

fn failing(case_when: When) -> Case {
    Case {
        when: case_when,
        ok: false,
    }
}

#[test]
fn wait_for_all_reports_the_completion_order_and_every_result() {
    let _w = watchdog(20);
    let io = IoContext::new().unwrap();
    let ex = io.executor();
    // Wide gaps: a stall of the thread as long as one would change the order.
    let (slow, fast) = (timer(&ex, 200), timer(&ex, 20));
    let (order, (a, b, c)) = make_parallel_group((
        slow.async_wait(UseFuture),
        fast.async_wait(Deferred),
        synth(&ex, failing(When::Now)),
    ))
    .async_wait(wait_for_all(), Blocking);
    assert_eq!(order, [2, 1, 0]);
    assert!(a.is_ok() && b.is_ok());
    assert!(
        support::is_synthetic_error(&c.unwrap_err()),
        "errors do not stop wait_for_all"
    );
}

#[test]
fn wait_for_one_cancels_the_rest_as_soon_as_one_completes() {
    let _w = watchdog(20);
    let io = IoContext::new().unwrap();
    let ex = io.executor();
    let (t0, t1, t2) = (timer(&ex, 60_000), timer(&ex, 1), timer(&ex, 60_000));
    let (order, (a, b, c)) = make_parallel_group((
        t0.async_wait(UseFuture),
        t1.async_wait(UseFuture),
        t2.async_wait(UseFuture),
    ))
    .async_wait(wait_for_one(), Blocking);
    assert_eq!(order[0], 1);
    assert!(b.is_ok());
    assert!(error::is_aborted(&a.unwrap_err()) && error::is_aborted(&c.unwrap_err()));
}

#[test]
fn wait_for_one_success_skips_failures_and_waits_for_all_if_none_succeeds() {
    let _w = watchdog(20);
    let io = IoContext::new().unwrap();
    let ex = io.executor();
    let long = timer(&ex, 60_000);
    let (order, (failed, won, cut)) = make_parallel_group((
        synth(&ex, failing(When::Now)),
        synth(&ex, ok(When::Timer)),
        long.async_wait(UseFuture),
    ))
    .async_wait(wait_for_one_success(), Blocking);
    assert_eq!(order, [0, 1, 2]);
    assert!(failed.is_err());
    assert_eq!(won.unwrap(), support::VALUE);
    assert!(error::is_aborted(&cut.unwrap_err()));

    let (order, (a, b)) = make_parallel_group((
        synth(&ex, failing(When::Timer)),
        synth(&ex, failing(When::Now)),
    ))
    .async_wait(wait_for_one_success(), Blocking);
    assert_eq!(order, [1, 0]);
    assert!(support::is_synthetic_error(&a.unwrap_err()));
    assert!(support::is_synthetic_error(&b.unwrap_err()));
}

#[test]
fn wait_for_one_error_stops_at_the_first_failure_and_waits_for_all_successes() {
    let _w = watchdog(20);
    let io = IoContext::new().unwrap();
    let ex = io.executor();
    let long = timer(&ex, 60_000);
    let (order, (fine, failed, cut)) = make_parallel_group((
        synth(&ex, ok(When::Now)),
        synth(&ex, failing(When::Thread)),
        long.async_wait(UseFuture),
    ))
    .async_wait(wait_for_one_error(), Blocking);
    assert_eq!(order, [0, 1, 2]);
    assert!(fine.is_ok() && failed.is_err());
    assert!(error::is_aborted(&cut.unwrap_err()));

    let (order, (a, b)) =
        make_parallel_group((synth(&ex, ok(When::Timer)), synth(&ex, ok(When::Now))))
            .async_wait(wait_for_one_error(), Blocking);
    assert_eq!(order, [1, 0]);
    assert!(a.is_ok() && b.is_ok());
}

#[test]
fn a_cancelled_read_reports_the_bytes_it_moved_so_nothing_is_lost() {
    let _w = watchdog(20);
    let io = IoContext::new().unwrap();
    let ex = io.executor();
    let (a, b) = jeton::net::unix::connect_pair(&ex).unwrap();
    a.write_some(b"hello").unwrap();
    let mut buf = [0u8; 10];
    let deadline = timer(&ex, 20);
    for types in [
        CancellationType::ALL,
        CancellationType::PARTIAL,
        CancellationType::TERMINAL,
    ] {
        deadline.expires_after(Duration::from_millis(20));
        let (order, (read, waited)) = make_parallel_group((
            jio::async_read(&b, &mut buf[..], UseFuture),
            deadline.async_wait(UseFuture),
        ))
        .async_wait(wait_for_one().cancellation_type(types), Blocking);
        assert_eq!(order, [1, 0], "{types:?}");
        assert!(waited.is_ok());
        let e = read.unwrap_err();
        assert!(error::is_aborted(&e), "{types:?}: {e:?}");
        // Five bytes were read before the cancel: in the buffer, and counted in the error.
        assert_eq!(jio::transferred(&e), 5, "{types:?}");
        assert_eq!(&buf[..5], b"hello");
        a.write_some(b"hello").unwrap(); // for the next round
    }
    // The stream is still usable: the bytes written for a fourth round are there.
    assert_eq!(b.read_some(&mut buf).unwrap(), 5);
}

#[test]
fn asio_wait_for_one_with_a_partial_cancel_from_outside_aborts_both_in_order() {
    let _w = watchdog(20);
    let io = IoContext::new().unwrap();
    let ex = io.executor();
    let (t0, t1) = (timer(&ex, 60_000), timer(&ex, 60_000));
    let signal = CancellationSignal::new();
    let result = Arc::new(Mutex::new(None));
    let r = result.clone();
    make_parallel_group((t0.async_wait(UseFuture), t1.async_wait(UseFuture))).async_wait(
        wait_for_one(),
        bind_cancellation_slot(
            signal.slot(),
            move |out: ([usize; 2], (io::Result<()>, io::Result<()>))| {
                *r.lock().unwrap() = Some(out);
            },
        ),
    );
    signal.emit(CancellationType::PARTIAL);
    io.run();
    let (order, (a, b)) = result.lock().unwrap().take().expect("the handler ran");
    assert_eq!(order, [0, 1]);
    assert!(error::is_aborted(&a.unwrap_err()) && error::is_aborted(&b.unwrap_err()));
}

#[test]
fn asio_ranged_groups_report_the_order_for_all_and_cut_the_rest_for_one() {
    let _w = watchdog(20);
    let io = IoContext::new().unwrap();
    let ex = io.executor();
    // One origin for the five expiries: under load, making the timers takes time too.
    let start = Instant::now();
    let timers: Vec<_> = [100, 60, 80, 20, 40]
        .iter()
        .map(|&ms| SteadyTimer::with_expiry(&ex, start + Duration::from_millis(ms)))
        .collect();
    // Each member notes when it completed, to check the order the group reports against.
    let done = Arc::new(Mutex::new(Vec::new()));
    let members = timers.iter().enumerate().map(|(i, t)| {
        let done = done.clone();
        operation(&ex, async move {
            let r = t.async_wait(UseFuture).await;
            done.lock().unwrap().push((i, Instant::now()));
            r
        })
    });
    let (order, results) =
        make_ranged_parallel_group(&ex, members).async_wait(wait_for_all(), Blocking);
    assert!(results.iter().all(|r| r.is_ok()));
    let done = done.lock().unwrap();
    let completed: Vec<usize> = done.iter().map(|&(i, _)| i).collect();
    assert_eq!(order, completed, "the order the members completed in");
    for &(i, at) in done.iter() {
        assert!(
            at >= timers[i].expiry(),
            "member {i} completed before its expiry"
        );
    }
    // Shortest first, unless the thread stalled past the 20 ms between two expiries: then
    // waits that one poll finds expired complete in member order.
    let stalled = done
        .iter()
        .any(|&(i, at)| at - timers[i].expiry() >= Duration::from_millis(20));
    if !stalled {
        assert_eq!(order, [3, 4, 1, 2, 0]);
    }

    let timers: Vec<_> = [60_000, 60_000, 10, 60_000]
        .iter()
        .map(|&ms| timer(&ex, ms))
        .collect();
    let (order, results) =
        make_ranged_parallel_group(&ex, timers.iter().map(|t| t.async_wait(UseFuture)))
            .async_wait(wait_for_one(), Blocking);
    assert_eq!(order.len(), 4);
    assert_eq!(order[0], 2);
    for (i, r) in results.iter().enumerate() {
        if i == 2 {
            assert!(r.is_ok());
        } else {
            assert!(error::is_aborted(r.as_ref().unwrap_err()), "member {i}");
        }
    }
}

#[test]
fn an_empty_ranged_group_completes_but_never_inside_the_initiating_call() {
    let _w = watchdog(20);
    let io = IoContext::new().unwrap();
    let ex = io.executor();
    let done = Arc::new(Mutex::new(None));
    let d = done.clone();
    make_ranged_parallel_group(&ex, Vec::<TimerWait>::new()).async_wait(
        wait_for_all(),
        move |(order, results): (Vec<usize>, Vec<io::Result<()>>)| {
            *d.lock().unwrap() = Some((order.len(), results.len()));
        },
    );
    assert!(done.lock().unwrap().is_none(), "G2");
    io.run();
    assert_eq!(*done.lock().unwrap(), Some((0, 0)));
}

#[test]
fn a_request_on_the_group_reaches_every_member() {
    let _w = watchdog(20);
    let io = IoContext::new().unwrap();
    let ex = io.executor();
    let (t0, t1) = (timer(&ex, 60_000), timer(&ex, 60_000));
    let ch = Channel::<u8>::new(&ex, 0);
    // A deadline on a chain that holds the group (cancel_after needs an io::Result).
    let group = make_parallel_group((
        t0.async_wait(UseFuture),
        t1.async_wait(UseFuture),
        ch.async_receive(UseFuture),
    ))
    .async_wait(wait_for_all(), Deferred)
    .then(|out| jeton::deferred::values(Ok::<_, io::Error>(out)));
    let (order, (a, b, c)) = group
        .start(cancel_after(Duration::from_millis(5), Blocking))
        .unwrap();
    assert_eq!(order, [0, 1, 2]);
    assert!(error::is_aborted(&a.unwrap_err()) && error::is_aborted(&b.unwrap_err()));
    assert!(error::is_channel_cancelled(&c.unwrap_err()));
}

#[test]
fn the_group_cancels_its_members_inside_an_operation_that_honours_only_terminal_requests() {
    let _w = watchdog(20);
    let io = IoContext::new().unwrap();
    let ex = io.executor();
    let (slow, fast) = (timer(&ex, 60_000), timer(&ex, 1));
    // `operation` honours terminal requests only; the group's own partial request still
    // reaches its members.
    let composed = operation(&ex, async {
        make_parallel_group((slow.async_wait(UseFuture), fast.async_wait(UseFuture)))
            .async_wait(
                wait_for_one().cancellation_type(CancellationType::PARTIAL),
                UseFuture,
            )
            .await
    });
    let (order, (a, b)) = Blocking.launch_op(composed);
    assert_eq!(order, [1, 0]);
    assert!(b.is_ok() && error::is_aborted(&a.unwrap_err()));
}

/// `token.launch(op)` as a method, to keep the test readable.
trait LaunchOp {
    fn launch_op<Op: Operation>(self, op: Op) -> Op::Output;
}

impl LaunchOp for Blocking {
    fn launch_op<Op: Operation>(self, op: Op) -> Op::Output {
        jeton::CompletionToken::launch(self, op)
    }
}

#[test]
fn a_member_that_ignores_the_request_runs_to_its_end_and_the_group_waits_for_it() {
    let _w = watchdog(20);
    let io = IoContext::new().unwrap();
    let ex = io.executor();
    // A future no request reaches: it completes only when another thread sets it.
    let stubborn = operation(
        &ex,
        support::SetByThread::new(Ok::<_, io::Error>(5), support::LATER),
    );
    let (order, (a, b)) = make_parallel_group((synth(&ex, ok(When::Now)), stubborn))
        .async_wait(wait_for_one(), Blocking);
    assert_eq!(order, [0, 1]);
    assert!(a.is_ok());
    assert_eq!(b.unwrap(), 5);
}

type TwoTimers = GroupWait<Members2<TimerWait, TimerWait>, WaitForOne, Executor>;

#[test]
fn every_token_runs_the_group() {
    let _w = watchdog(20);
    let io = IoContext::new().unwrap();
    let ex = io.executor();
    let fast = Arc::new(timer(&ex, 1));
    let slow = Arc::new(timer(&ex, 60_000));
    let group = || make_parallel_group((slow.async_wait(UseFuture), fast.async_wait(UseFuture)));
    let check = |(order, (a, b)): <TwoTimers as std::future::Future>::Output| {
        assert_eq!(order, [1, 0]);
        assert!(error::is_aborted(&a.unwrap_err()) && b.is_ok());
    };

    // Blocking, with no thread running the context.
    check(group().async_wait(wait_for_one(), Blocking));
    fast.expires_after(Duration::from_millis(1));
    // UseFuture, in IoContext::block_on.
    check(support::block_on_restarted(
        &io,
        group().async_wait(wait_for_one(), UseFuture),
    ));
    fast.expires_after(Duration::from_millis(1));
    // A closure: not called inside the initiating call.
    let got = Arc::new(Mutex::new(None));
    let g = got.clone();
    group().async_wait(wait_for_one(), move |out| *g.lock().unwrap() = Some(out));
    assert!(got.lock().unwrap().is_none(), "G2");
    io.restart();
    io.run();
    check(got.lock().unwrap().take().expect("the handler ran"));
    fast.expires_after(Duration::from_millis(1));
    // Awaited in a co_spawn coroutine.
    let (s, f) = (slow.clone(), fast.clone());
    let out = support::block_on_restarted(
        &io,
        co_spawn(
            &ex,
            async move {
                let out = make_parallel_group((s.async_wait(UseFuture), f.async_wait(UseFuture)))
                    .async_wait(wait_for_one(), UseFuture)
                    .await;
                Some(out)
            },
            UseFuture,
        ),
    );
    check(out.expect("the coroutine ran"));
}

#[test]
fn a_closure_group_with_owned_buffers_gets_the_buffers_back() {
    let _w = watchdog(20);
    let io = IoContext::new().unwrap();
    let ex = io.executor();
    let (a, b) = jeton::net::unix::connect_pair(&ex).unwrap();
    a.write_some(b"abc").unwrap();
    let deadline = timer(&ex, 10);
    let got = Arc::new(Mutex::new(None));
    let g = got.clone();
    make_parallel_group((
        jio::async_read(b.handle(), vec![0u8; 8], UseFuture),
        deadline.async_wait(UseFuture),
    ))
    .async_wait(wait_for_one(), move |(order, ((read, buf), waited))| {
        *g.lock().unwrap() = Some((order, read, buf, waited));
    });
    io.run();
    let (order, read, buf, waited): ([usize; 2], io::Result<usize>, Vec<u8>, io::Result<()>) =
        got.lock().unwrap().take().expect("the handler ran");
    assert_eq!(order, [1, 0]);
    assert!(waited.is_ok());
    assert_eq!(jio::transferred(&read.unwrap_err()), 3);
    assert_eq!(&buf[..3], b"abc");
}

#[test]
fn a_long_wait_for_all_polls_only_the_members_that_were_woken() {
    let _w = watchdog(20);
    let io = IoContext::new().unwrap();
    let ex = io.executor();
    let polls = Arc::new(std::sync::atomic::AtomicUsize::new(0));
    let counted = |ms: u64| {
        let (polls, t) = (polls.clone(), timer(&ex, ms));
        let mut wait = t.async_wait(UseFuture);
        operation(
            &ex,
            futures::future::poll_fn(move |cx| {
                let _keep = &t;
                polls.fetch_add(1, std::sync::atomic::Ordering::SeqCst);
                std::pin::Pin::new(&mut wait).poll(cx)
            }),
        )
    };
    let members: Vec<_> = (0..20).map(|i| counted(1 + i)).collect();
    let (_, results) = support::block_on_restarted(
        &io,
        make_ranged_parallel_group(&ex, members).async_wait(wait_for_all(), UseFuture),
    );
    assert!(results.iter().all(|r| r.is_ok()));
    // Each member is polled about twice (once to start, once when its timer fires), not once
    // per wake-up of any member (20 x 20).
    let n = polls.load(std::sync::atomic::Ordering::SeqCst);
    assert!(n < 100, "{n} polls for 20 members");
}

#[test]
fn groups_and_their_operations_are_send() {
    fn send<T: Send>() {}
    send::<jeton::parallel_group::ParallelGroup<Members2<TimerWait, TimerWait>, Executor>>();
    send::<TwoTimers>();
    send::<GroupWait<jeton::parallel_group::RangedMembers<TimerWait>, WaitForOne, Executor>>();
    send::<jeton::parallel_group::And<TimerWait, TimerWait>>();
    send::<jeton::parallel_group::Or<TimerWait, TimerWait>>();
}
