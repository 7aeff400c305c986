//! `Deferred`: an operation packaged without being started, started later with any token, and
//! chained (`then`, `deferred(f)`, `values`, `when`, the `|` pipe).

mod support;

use std::io;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use jeton::channel::Channel;
use jeton::deferred::{values, when, DeferredOp};
use jeton::op::Operation;
use jeton::{
    bind_cancellation_slot, deferred, error, Blocking, CancellationSignal, CancellationType,
    Deferred, IoContext, SteadyTimer, UseFuture,
};
use support::{check_result, synth, watchdog, Case, When};

#[test]
fn a_deferred_operation_does_nothing_until_started() {
    let _w = watchdog(20);
    let io = IoContext::new().unwrap();
    let ch = Channel::new(&io.executor(), 1);
    let send = ch.async_send(1, Deferred);
    assert!(ch.try_receive().is_err(), "nothing sent yet");
    send.start(Blocking).unwrap();
    assert_eq!(ch.try_receive().unwrap(), 1);
    // Dropped unstarted: never sent.
    drop(ch.async_send(2, Deferred));
    assert!(ch.try_receive().is_err());
}

#[test]
fn a_deferred_operation_starts_with_every_token() {
    let _w = watchdog(20);
    let io = IoContext::new().unwrap();
    let ex = io.executor();
    for case in support::all_cases() {
        check_result(case, &Deferred.launch_synth(&ex, case).start(Blocking));
        check_result(
            case,
            &support::block_on_restarted(&io, Deferred.launch_synth(&ex, case).start(UseFuture)),
        );
        // Awaited as it is.
        check_result(
            case,
            &support::block_on_restarted(&io, Deferred.launch_synth(&ex, case)),
        );
        let got = Arc::new(Mutex::new(None));
        let g = got.clone();
        Deferred
            .launch_synth(&ex, case)
            .start(move |r: io::Result<i32>| *g.lock().unwrap() = Some(r));
        assert!(got.lock().unwrap().is_none(), "G2: {case:?}");
        io.restart();
        io.run();
        check_result(case, &got.lock().unwrap().take().expect("the handler ran"));
    }
}

/// `Deferred.launch(synth(..))`, named.
trait LaunchSynth {
    fn launch_synth(
        self,
        ex: &jeton::Executor,
        case: Case,
    ) -> DeferredOp<support::SynthOp<jeton::Executor>>;
}

impl LaunchSynth for Deferred {
    fn launch_synth(
        self,
        ex: &jeton::Executor,
        case: Case,
    ) -> DeferredOp<support::SynthOp<jeton::Executor>> {
        jeton::CompletionToken::launch(self, synth(ex, case))
    }
}

#[test]
fn then_runs_the_continuation_and_the_operation_it_returns() {
    let _w = watchdog(20);
    let io = IoContext::new().unwrap();
    let timer = SteadyTimer::with_duration(&io.executor(), Duration::from_millis(1));
    let events = Mutex::new(Vec::new());
    let chain = timer
        .async_wait(Deferred)
        .then(|r| {
            events.lock().unwrap().push(format!("first: {}", r.is_ok()));
            timer.expires_after(Duration::from_millis(1));
            timer.async_wait(Deferred)
        })
        .then(|r| {
            events
                .lock()
                .unwrap()
                .push(format!("second: {}", r.is_ok()));
            values(42)
        });
    assert!(
        events.lock().unwrap().is_empty(),
        "nothing runs before start"
    );
    assert_eq!(chain.start(Blocking), 42);
    assert_eq!(*events.lock().unwrap(), ["first: true", "second: true"]);
}

#[test]
fn the_deferred_fn_token_and_the_pipe_chain_like_then() {
    let _w = watchdog(20);
    let io = IoContext::new().unwrap();
    let timer = SteadyTimer::new(&io.executor());
    let op = timer.async_wait(deferred(|r: io::Result<()>| values(r.map(|()| 1))));
    assert_eq!(op.start(Blocking).unwrap(), 1);
    let n = timer.async_wait(Deferred)
        | deferred(|r: io::Result<()>| values(r.map(|()| 2)))
        | deferred(|r: io::Result<i32>| values(r.map(|n| n * 10)))
        | Blocking;
    assert_eq!(n.unwrap(), 20);
}

#[test]
fn when_chooses_the_branch_that_runs() {
    let _w = watchdog(20);
    let io = IoContext::new().unwrap();
    let timer = SteadyTimer::new(&io.executor());
    // As Asio's deferred_5: a second wait only if the first succeeded, else its error.
    fn chain(timer: &SteadyTimer) -> DeferredOp<impl Operation<Output = i32> + '_> {
        timer
            .async_wait(Deferred)
            .then(move |r| {
                when(r.is_ok())
                    .then(timer.async_wait(Deferred))
                    .otherwise(values(r))
            })
            .then(|r| when(r.is_ok()).then(values(42)).otherwise(values(0)))
    }
    assert_eq!(chain(&timer).start(Blocking), 42);
    timer.expires_after(Duration::from_secs(60));
    let op = chain(&timer);
    let signal = CancellationSignal::new();
    let slot = signal.slot();
    let r = std::thread::scope(|s| {
        s.spawn(|| {
            std::thread::sleep(Duration::from_millis(5));
            signal.emit(CancellationType::TERMINAL);
        });
        op.start(bind_cancellation_slot(slot, Blocking))
    });
    assert_eq!(
        r, 0,
        "the first wait was cancelled: the otherwise branches ran"
    );
}

#[test]
fn a_request_reaches_the_step_in_flight() {
    let _w = watchdog(20);
    let io = IoContext::new().unwrap();
    let ex = io.executor();
    let long = SteadyTimer::with_duration(&ex, Duration::from_secs(60));
    let signal = CancellationSignal::new();
    let reached = Mutex::new(false);
    let chain = DeferredOp::new(synth(
        &ex,
        Case {
            when: When::Timer,
            ok: true,
        },
    ))
    .then(|r| {
        assert!(r.is_ok());
        *reached.lock().unwrap() = true;
        long.async_wait(UseFuture)
    });
    let r = support::block_on_restarted(&io, async {
        let mut op = std::pin::pin!(chain.start(bind_cancellation_slot(signal.slot(), UseFuture)));
        while !*reached.lock().unwrap() {
            assert!(futures::poll!(op.as_mut()).is_pending());
            jeton::SteadyTimer::with_duration(&ex, Duration::from_millis(1))
                .async_wait(UseFuture)
                .await
                .unwrap();
        }
        signal.emit(CancellationType::TOTAL);
        op.await
    });
    assert!(error::is_aborted(&r.unwrap_err()));
}

#[test]
fn a_function_returns_a_deferred_chain_and_its_caller_picks_the_token() {
    let _w = watchdog(20);
    fn async_wait_twice(
        timer: Arc<SteadyTimer>,
    ) -> DeferredOp<impl Operation<Output = io::Result<()>>> {
        timer.clone().async_wait(Deferred).then(move |r| {
            r.expect("the first wait");
            timer.expires_after(Duration::from_millis(1));
            timer.async_wait(Deferred)
        })
    }
    let io = IoContext::new().unwrap();
    let timer = Arc::new(SteadyTimer::with_duration(
        &io.executor(),
        Duration::from_millis(1),
    ));
    async_wait_twice(timer.clone()).start(Blocking).unwrap();
    let got = Arc::new(Mutex::new(None));
    let g = got.clone();
    timer.expires_after(Duration::from_millis(1));
    // The test keeps a handle: a timer dropped while a wait is pending aborts the wait.
    async_wait_twice(timer.clone())
        .start(move |r: io::Result<()>| *g.lock().unwrap() = Some(r.is_ok()));
    io.run();
    assert_eq!(*got.lock().unwrap(), Some(true));
}

#[test]
fn deferred_operations_are_send() {
    fn send<T: Send>(_: &T) {}
    let io = IoContext::new().unwrap();
    let timer = SteadyTimer::new(&io.executor());
    send(&timer.async_wait(Deferred));
    send(&timer.async_wait(Deferred).then(values));
}
