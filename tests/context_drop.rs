//! Dropping the `IoContext` (G3): uninvoked handlers are dropped without being called, and
//! nothing leaks (every captured value is dropped). Asio's `io_context` destructor contract and
//! `strand_test`'s orphaned strand.

mod support;

use std::io;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use std::time::Duration;

use jeton::{bind_executor, co_spawn, Detached, IoContext, SteadyTimer, Strand, UseFuture};
use support::{watchdog, DropCounter};

#[test]
fn dropping_the_context_drops_posted_handlers_uncalled() {
    let _w = watchdog(20);
    let io = IoContext::new().unwrap();
    let ex = io.executor();
    let counter = DropCounter::new();
    let marker = Arc::new(());
    for _ in 0..10 {
        let (t, m, ex2) = (counter.token(), marker.clone(), ex.clone());
        // Each handler also holds an executor handle: a cycle through the context's queue.
        ex.post(move || {
            t.call();
            drop((m, ex2));
        });
        let t = counter.token();
        ex.defer(move || t.call());
    }
    assert_eq!(counter.dropped(), 0);
    drop(io);
    assert_eq!(counter.called(), 0, "no handler is called");
    assert_eq!(counter.dropped(), 20, "every handler is dropped");
    assert_eq!(Arc::strong_count(&marker), 1, "nothing leaks");
}

#[test]
fn dropping_the_context_drops_pending_timer_wait_handlers_uncalled() {
    let _w = watchdog(20);
    let io = IoContext::new().unwrap();
    let ex = io.executor();
    let counter = DropCounter::new();
    let marker = Arc::new(());
    let timer = SteadyTimer::with_duration(&ex, Duration::from_secs(60));
    // Polled once: these waits are in the timer queue with a waker.
    for _ in 0..5 {
        let (t, m) = (counter.token(), marker.clone());
        timer.async_wait(move |_r: io::Result<()>| {
            t.call();
            drop(m);
        });
    }
    io.poll();
    // Never polled: these are still queued tasks.
    for _ in 0..5 {
        let (t, m) = (counter.token(), marker.clone());
        timer.async_wait(move |_r: io::Result<()>| {
            t.call();
            drop(m);
        });
    }
    // An expired timer's wait, queued but not run.
    let expired = SteadyTimer::new(&ex);
    {
        let (t, m) = (counter.token(), marker.clone());
        expired.async_wait(move |_r: io::Result<()>| {
            t.call();
            drop(m);
        });
    }
    drop(io);
    assert_eq!(counter.called(), 0, "no handler is called");
    drop(timer);
    drop(expired);
    assert_eq!(counter.called(), 0, "not even with the aborted error");
    assert_eq!(counter.dropped(), 11, "every handler is dropped");
    assert_eq!(Arc::strong_count(&marker), 1, "nothing leaks");
}

/// Spawns four tasks that wait a minute on a timer, with a closure completion; polls the
/// context after the first and third so two tasks are parked on their timer and two queued.
/// Drops the context and returns (futures finished, handlers called, values dropped of 8).
fn drop_context_with_co_spawned_tasks(poll: bool) -> (bool, usize, usize) {
    let io = IoContext::new().unwrap();
    let ex = io.executor();
    let counter = DropCounter::new();
    let finished = Arc::new(AtomicBool::new(false));
    for i in 0..4 {
        let (t, ex2, done) = (counter.token(), ex.clone(), finished.clone());
        let t2 = counter.token();
        co_spawn(
            &ex,
            async move {
                let _held = t;
                let timer = SteadyTimer::with_duration(&ex2, Duration::from_secs(60));
                timer.async_wait(UseFuture).await.ok();
                done.store(true, Ordering::SeqCst);
            },
            move |()| t2.call(),
        );
        if poll && i % 2 == 0 {
            io.poll();
        }
    }
    drop(io);
    (
        finished.load(Ordering::SeqCst),
        counter.called(),
        counter.dropped(),
    )
}

#[test]
fn dropping_the_context_drops_queued_tasks_and_their_futures() {
    let _w = watchdog(20);
    let (finished, called, dropped) = drop_context_with_co_spawned_tasks(false);
    assert!(!finished);
    assert_eq!(called, 0);
    assert_eq!(dropped, 8, "futures and completion handlers dropped");
}

#[test]
fn dropping_the_context_drops_tasks_parked_on_a_timer_and_their_futures() {
    let _w = watchdog(20);
    let (finished, called, dropped) = drop_context_with_co_spawned_tasks(true);
    assert!(!finished);
    assert_eq!(called, 0);
    assert_eq!(dropped, 8, "futures and completion handlers dropped");
}

#[test]
fn dropping_the_context_drops_a_closure_tokens_task_parked_on_a_timer() {
    let _w = watchdog(20);
    let io = IoContext::new().unwrap();
    let ex = io.executor();
    let counter = DropCounter::new();
    let (t, t2, ex2) = (counter.token(), counter.token(), ex.clone());
    let op = jeton::op::operation(&ex, async move {
        let _held = t;
        let timer = SteadyTimer::with_duration(&ex2, Duration::from_secs(60));
        timer.async_wait(UseFuture).await
    });
    jeton::CompletionToken::launch(move |_r: io::Result<()>| t2.call(), op);
    io.poll();
    drop(io);
    assert_eq!(counter.called(), 0);
    assert_eq!(
        counter.dropped(),
        2,
        "the operation's future and the closure are dropped"
    );
}

#[test]
fn dropping_the_context_drops_handlers_queued_on_an_orphaned_strand() {
    let _w = watchdog(20);
    let io = IoContext::new().unwrap();
    let ex = io.executor();
    let counter = DropCounter::new();
    let strand = Strand::new(&ex);
    for _ in 0..3 {
        let t = counter.token();
        strand.post(move || t.call());
    }
    // A closure bound to the strand, for an operation that completes at once.
    {
        let t = counter.token();
        co_spawn(&ex, async {}, bind_executor(&strand, move |()| t.call()));
    }
    drop(io);
    drop(strand);
    assert_eq!(counter.called(), 0);
    assert_eq!(counter.dropped(), 4);
}

#[test]
fn posting_after_the_context_is_dropped_drops_the_handler() {
    let _w = watchdog(20);
    let io = IoContext::new().unwrap();
    let ex = io.executor();
    let timer = SteadyTimer::with_duration(&ex, Duration::from_millis(1));
    drop(io);
    let counter = DropCounter::new();
    let t = counter.token();
    ex.post(move || t.call());
    let t = counter.token();
    ex.dispatch(move || t.call());
    let t = counter.token();
    timer.async_wait(move |_r: io::Result<()>| t.call());
    let t = counter.token();
    co_spawn(&ex, async move { t.call() }, Detached);
    assert_eq!(counter.called(), 0);
    assert_eq!(counter.dropped(), 4);
}

#[test]
fn stopping_a_run_thread_then_dropping_the_context_drops_queued_handlers() {
    // The context is shared through an Arc: the last owner to let go drops it. Here a run
    // thread is stopped, joins, and the main thread drops the context with handlers queued.
    let _w = watchdog(20);
    let io = Arc::new(IoContext::new().unwrap());
    let ex = io.executor();
    let guard = jeton::WorkGuard::new(&ex);
    let runner = {
        let io = io.clone();
        std::thread::spawn(move || io.run())
    };
    let counter = DropCounter::new();
    let (tx, rx) = std::sync::mpsc::channel();
    {
        let io2 = io.clone();
        ex.post(move || {
            io2.stop();
            tx.send(()).unwrap();
        });
    }
    rx.recv().unwrap();
    runner.join().unwrap();
    for _ in 0..5 {
        let t = counter.token();
        ex.post(move || t.call());
    }
    drop(guard);
    let io = Arc::try_unwrap(io).expect("the run thread released the context");
    drop(io);
    assert_eq!(counter.called(), 0);
    assert_eq!(counter.dropped(), 5);
}
