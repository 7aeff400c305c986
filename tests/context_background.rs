//! A context run in the background (`IoContext::run_in_background`), and the rule for a wait
//! that nobody would ever run: started on a stopped context from outside it, it fails with
//! `error::not_running` instead of hanging.

mod support;

use std::future::Future;
use std::io;
use std::sync::mpsc;
use std::time::Duration;

use jeton::net::unix;
use jeton::{error, IoContext, SteadyTimer, UseFuture};
use support::watchdog;

/// Polls `fut` once on this thread with a no-op waker; returns whether it is still pending.
fn poll_once<F: Future>(fut: std::pin::Pin<&mut F>) -> bool {
    let waker = futures::task::noop_waker();
    let mut cx = std::task::Context::from_waker(&waker);
    fut.poll(&mut cx).is_pending()
}

#[test]
fn a_background_run_serves_the_first_await_every_time() {
    let _w = watchdog(60);
    // The race of a bare `run()` thread: the future's first poll comes before or after the
    // thread looks for work. The handle's work guard closes it: every round completes.
    for _ in 0..200 {
        let io = IoContext::new().unwrap();
        let running = io.run_in_background(1).unwrap();
        let timer = SteadyTimer::with_duration(&io.executor(), Duration::from_micros(50));
        futures::executor::block_on(timer.async_wait(UseFuture)).unwrap();
        drop(running);
    }
}

#[test]
fn its_threads_are_named_and_run_handlers() {
    let _w = watchdog(20);
    let io = IoContext::new().unwrap();
    let running = io.run_in_background(2).unwrap();
    assert_eq!(running.threads(), 2);
    assert_eq!(running.executor(), io.executor());
    let (tx, rx) = mpsc::channel();
    for _ in 0..20 {
        let tx = tx.clone();
        io.executor().post(move || {
            let name = std::thread::current().name().map(str::to_owned);
            tx.send(name).unwrap();
        });
    }
    for _ in 0..20 {
        let name = rx.recv().unwrap().unwrap();
        assert!(name.starts_with("jeton-bg-"), "ran on {name}");
    }
}

#[test]
fn dropping_the_handle_stops_and_joins_join_waits_for_the_work() {
    let _w = watchdog(20);
    let io = IoContext::new().unwrap();
    let running = io.run_in_background(2).unwrap();
    // A one-hour wait is pending: drop must not wait for it.
    let long = SteadyTimer::with_duration(&io.executor(), Duration::from_secs(3600));
    long.async_wait(|_: io::Result<()>| {});
    drop(running);
    assert!(io.stopped());

    // join() returns once the work runs out: after the timer fires.
    long.cancel();
    let io = IoContext::new().unwrap();
    let running = io.run_in_background(1).unwrap();
    let (tx, rx) = mpsc::channel();
    let timer = SteadyTimer::with_duration(&io.executor(), Duration::from_millis(2));
    timer.async_wait(move |r: io::Result<()>| tx.send(r.is_ok()).unwrap());
    running.join();
    assert!(
        rx.try_recv().unwrap(),
        "join returned before the handler ran"
    );
}

#[test]
fn a_handler_may_drop_its_own_background_run() {
    let _w = watchdog(20);
    let io = IoContext::new().unwrap();
    let running = io.run_in_background(2).unwrap();
    let (tx, rx) = mpsc::channel();
    io.executor().post(move || {
        drop(running); // joins the other thread, not this one
        tx.send(()).unwrap();
    });
    rx.recv().unwrap();
}

#[test]
fn a_panicking_handler_does_not_end_a_background_thread() {
    let _w = watchdog(20);
    let io = IoContext::new().unwrap();
    let _running = io.run_in_background(1).unwrap();
    io.executor()
        .post(|| panic!("a handler's panic (expected by the test)"));
    let timer = SteadyTimer::with_duration(&io.executor(), Duration::from_millis(1));
    futures::executor::block_on(timer.async_wait(UseFuture)).unwrap();
}

// ----- nobody runs the context -----

#[test]
fn a_wait_on_a_stopped_context_fails_instead_of_hanging() {
    // Before `error::not_running`, each of these waited forever (the watchdog fired).
    let _w = watchdog(20);
    let io = IoContext::new().unwrap();
    assert_eq!(io.run(), 0); // no work: returns, and marks the context stopped
    assert!(io.stopped());

    let timer = SteadyTimer::with_duration(&io.executor(), Duration::from_millis(1));
    let e = futures::executor::block_on(timer.async_wait(UseFuture)).unwrap_err();
    assert!(error::is_not_running(&e) && error::is_aborted(&e), "{e}");
    assert!(!error::is_shut_down(&e));

    let (a, _b) = unix::connect_pair(&io.executor()).unwrap();
    let mut buf = [0u8; 4];
    let e = futures::executor::block_on(a.async_read_some(&mut buf[..], UseFuture)).unwrap_err();
    assert!(error::is_not_running(&e), "{e}");

    // Stopped by stop(), with a thread that has left run().
    let io = IoContext::new().unwrap();
    io.stop();
    let timer = SteadyTimer::with_duration(&io.executor(), Duration::from_millis(1));
    let r = smol::block_on(timer.async_wait(UseFuture));
    assert!(r.is_err_and(|e| error::is_not_running(&e)));

    // What completes without waiting still completes: an expired timer, a ready read.
    let expired = SteadyTimer::new(&io.executor());
    futures::executor::block_on(expired.async_wait(UseFuture)).unwrap();
    let (a, b) = unix::connect_pair(&io.executor()).unwrap();
    b.write_some(b"hi").unwrap();
    let n = futures::executor::block_on(a.async_read_some(&mut buf[..], UseFuture)).unwrap();
    assert_eq!(&buf[..n], b"hi");

    // Blocking calls never need a running context.
    let timer = SteadyTimer::with_duration(&io.executor(), Duration::from_millis(1));
    timer.wait().unwrap();
}

#[test]
fn a_bare_run_thread_either_serves_the_wait_or_it_fails_never_hangs() {
    let _w = watchdog(60);
    let (mut ok, mut refused) = (0, 0);
    for _ in 0..100 {
        let io = std::sync::Arc::new(IoContext::new().unwrap());
        let runner = {
            let io = io.clone();
            std::thread::spawn(move || io.run())
        };
        let timer = SteadyTimer::with_duration(&io.executor(), Duration::from_micros(50));
        match futures::executor::block_on(timer.async_wait(UseFuture)) {
            Ok(()) => ok += 1,
            Err(e) if error::is_not_running(&e) => refused += 1,
            Err(e) => panic!("unexpected error: {e}"),
        }
        runner.join().unwrap();
    }
    assert_eq!(ok + refused, 100);
}

#[test]
fn a_wait_pending_when_the_context_stops_is_kept_for_restart() {
    let _w = watchdog(20);
    let io = IoContext::new().unwrap();
    let running = io.run_in_background(1).unwrap();
    let timer = SteadyTimer::with_duration(&io.executor(), Duration::from_millis(20));
    let mut wait = Box::pin(timer.async_wait(UseFuture));
    assert!(poll_once(wait.as_mut()), "started, pending");
    drop(running); // stops the context: the wait stays pending (G5)
    assert!(io.stopped());
    assert!(
        poll_once(wait.as_mut()),
        "a pending wait is kept, not failed"
    );
    io.restart();
    let (tx, rx) = mpsc::channel();
    let waiter = std::thread::spawn(move || {
        let r = futures::executor::block_on(wait);
        tx.send(r.is_ok()).unwrap();
    });
    io.run(); // returns once the wait has fired and released its work
    waiter.join().unwrap();
    assert!(rx.recv().unwrap());
}

#[test]
fn a_future_in_block_on_fails_its_next_wait_after_stop() {
    let _w = watchdog(20);
    let io = IoContext::new().unwrap();
    let ex = io.executor();
    let r = io.block_on(async {
        let first = SteadyTimer::with_duration(&ex, Duration::from_millis(1));
        first.async_wait(UseFuture).await?;
        io.stop(); // block_on stops running handlers: nobody runs the context any more
        let second = SteadyTimer::with_duration(&ex, Duration::from_millis(1));
        second.async_wait(UseFuture).await // before: waited forever
    });
    assert!(r.is_err_and(|e| error::is_not_running(&e)));
}
