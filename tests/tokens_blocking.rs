//! The `Blocking` token (G14): a plain synchronous call that needs no thread running the
//! context and never deadlocks on its own thread, even from inside a handler.

mod support;

use std::io;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use jeton::{
    cancel_after, co_spawn, error, op, Blocking, IoContext, SteadyTimer, UseFuture, WorkGuard,
};
use support::watchdog;

#[test]
fn blocking_wait_completes_with_no_thread_running_the_context() {
    let _w = watchdog(20);
    let io = IoContext::new().unwrap();
    let start = Instant::now();
    let timer = SteadyTimer::with_duration(&io.executor(), Duration::from_millis(5));
    timer.async_wait(Blocking).unwrap();
    assert!(start.elapsed() >= Duration::from_millis(5));
    // The context was never run, and the wait left no work behind.
    assert!(!io.stopped());
    assert_eq!(io.run(), 0);
}

#[test]
fn blocking_wait_inside_a_handler_completes_with_only_that_thread_running_the_context() {
    let _w = watchdog(20);
    let io = IoContext::new().unwrap();
    let ex = io.executor();
    let result = Arc::new(Mutex::new(None));
    let after = Arc::new(AtomicUsize::new(0));
    {
        let (ex2, result) = (ex.clone(), result.clone());
        ex.post(move || {
            let start = Instant::now();
            let timer = SteadyTimer::with_duration(&ex2, Duration::from_millis(5));
            let r = timer.wait();
            *result.lock().unwrap() = Some((r.is_ok(), start.elapsed()));
        });
    }
    // Handlers queued behind the blocking one still run afterwards.
    for _ in 0..3 {
        let after = after.clone();
        ex.post(move || {
            after.fetch_add(1, Ordering::SeqCst);
        });
    }
    assert_eq!(io.run(), 4);
    let (ok, elapsed) = result.lock().unwrap().take().expect("the handler ran");
    assert!(ok);
    assert!(elapsed >= Duration::from_millis(5));
    assert_eq!(after.load(Ordering::SeqCst), 3);
}

#[test]
fn blocking_wait_inside_a_handler_on_a_timer_other_waits_also_use() {
    // An async wait and a blocking wait on the same timer, the blocking one inside a handler
    // of the only run thread: both complete.
    let _w = watchdog(20);
    let io = IoContext::new().unwrap();
    let ex = io.executor();
    let timer = Arc::new(SteadyTimer::with_duration(&ex, Duration::from_millis(5)));
    let log = Arc::new(Mutex::new(Vec::new()));
    {
        let log = log.clone();
        timer.async_wait(move |r: io::Result<()>| log.lock().unwrap().push(("async", r.is_ok())));
    }
    {
        let (timer, log) = (timer.clone(), log.clone());
        ex.post(move || {
            let r = timer.wait();
            log.lock().unwrap().push(("blocking", r.is_ok()));
        });
    }
    io.run();
    let mut log = log.lock().unwrap().clone();
    log.sort();
    assert_eq!(log, [("async", true), ("blocking", true)]);
}

#[test]
fn blocking_wait_is_aborted_by_cancel_from_another_thread() {
    let _w = watchdog(20);
    let io = IoContext::new().unwrap();
    let timer = Arc::new(SteadyTimer::with_duration(
        &io.executor(),
        Duration::from_secs(60),
    ));
    let canceller = {
        let timer = timer.clone();
        std::thread::spawn(move || {
            // The wait exists once the blocking call has started it.
            let mut n = 0;
            while n == 0 {
                std::thread::sleep(Duration::from_millis(1));
                n = timer.cancel();
            }
            n
        })
    };
    let r = timer.wait();
    assert!(error::is_aborted(&r.unwrap_err()));
    assert_eq!(canceller.join().unwrap(), 1);
}

#[test]
fn cancel_after_bounds_a_blocking_call() {
    let _w = watchdog(20);
    let io = IoContext::new().unwrap();
    let timer = SteadyTimer::with_duration(&io.executor(), Duration::from_secs(60));
    let start = Instant::now();
    let r = timer.async_wait(cancel_after(Duration::from_millis(5), Blocking));
    assert!(error::is_aborted(&r.unwrap_err()));
    assert!(start.elapsed() >= Duration::from_millis(5));
    // The cut-short wait was withdrawn: nothing is left to cancel.
    assert_eq!(timer.cancel(), 0);
}

#[test]
fn cancel_after_bounds_a_whole_composed_blocking_call() {
    let _w = watchdog(20);
    let io = IoContext::new().unwrap();
    let ex = io.executor();
    let steps = Arc::new(AtomicUsize::new(0));
    let composed = {
        let (ex, steps) = (ex.clone(), steps.clone());
        op::operation(&ex.clone(), async move {
            let timer = SteadyTimer::new(&ex);
            for _ in 0..1000 {
                timer.expires_after(Duration::from_millis(2));
                timer.async_wait(UseFuture).await?;
                steps.fetch_add(1, Ordering::SeqCst);
            }
            Ok::<(), io::Error>(())
        })
    };
    let start = Instant::now();
    let r =
        jeton::CompletionToken::launch(cancel_after(Duration::from_millis(20), Blocking), composed);
    assert!(error::is_aborted(&r.unwrap_err()));
    assert!(start.elapsed() >= Duration::from_millis(20));
    assert!(steps.load(Ordering::SeqCst) < 1000);
}

#[test]
fn nested_blocking_calls_complete() {
    let _w = watchdog(20);
    let io = IoContext::new().unwrap();
    let ex = io.executor();
    let outer = {
        let ex = ex.clone();
        op::operation(&ex.clone(), async move {
            let inner = SteadyTimer::with_duration(&ex, Duration::from_millis(2));
            // A blocking call made while a blocking call is being driven.
            inner.wait()?;
            let t = SteadyTimer::with_duration(&ex, Duration::from_millis(2));
            t.async_wait(UseFuture).await
        })
    };
    let start = Instant::now();
    jeton::CompletionToken::launch(Blocking, outer).unwrap();
    assert!(start.elapsed() >= Duration::from_millis(4));
}

#[test]
fn blocking_co_spawn_waits_for_the_task_while_another_thread_runs_the_context() {
    let _w = watchdog(20);
    let io = Arc::new(IoContext::new().unwrap());
    let ex = io.executor();
    let guard = WorkGuard::new(&ex);
    let runner = {
        let io = io.clone();
        std::thread::spawn(move || io.run())
    };
    let ex2 = ex.clone();
    let v = co_spawn(
        &ex,
        async move {
            assert!(ex2.running_in_this_thread());
            let t = SteadyTimer::with_duration(&ex2, Duration::from_millis(2));
            t.async_wait(UseFuture).await.unwrap();
            Ok::<_, std::io::Error>(11)
        },
        Blocking,
    );
    assert_eq!(v.unwrap(), 11);
    drop(guard);
    runner.join().unwrap();
}

#[test]
fn blocking_calls_from_many_threads_at_once_complete() {
    let _w = watchdog(20);
    let io = IoContext::new().unwrap();
    let ex = io.executor();
    let threads: Vec<_> = (0..4)
        .map(|i| {
            let ex = ex.clone();
            std::thread::spawn(move || {
                let timer = SteadyTimer::new(&ex);
                for _ in 0..5 {
                    timer.expires_after(Duration::from_millis(1 + i));
                    timer.wait().unwrap();
                }
            })
        })
        .collect();
    for t in threads {
        t.join().unwrap();
    }
}
