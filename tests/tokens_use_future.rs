//! The `UseFuture` token and `co_spawn`: futures awaited on the context (coroutine style), in
//! `IoContext::block_on`, and on foreign executors while another thread runs the context.

mod support;

use std::future::Future;
use std::io;
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::pin::pin;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{mpsc, Arc, Mutex};
use std::task::Poll;
use std::time::{Duration, Instant};

use jeton::{co_spawn, Detached, Executor, IoContext, SteadyTimer, UseFuture, WorkGuard};
use support::watchdog;

/// Runs `io` on a new thread with a work guard; returns the guard and the thread.
fn run_in_background(io: &Arc<IoContext>) -> (WorkGuard, std::thread::JoinHandle<usize>) {
    let guard = WorkGuard::new(&io.executor());
    let io = io.clone();
    (guard, std::thread::spawn(move || io.run()))
}

async fn three_waits(ex: Executor) -> io::Result<usize> {
    let timer = SteadyTimer::new(&ex);
    let mut n = 0;
    for _ in 0..3 {
        timer.expires_after(Duration::from_millis(2));
        timer.async_wait(UseFuture).await?;
        n += 1;
    }
    Ok(n)
}

#[test]
fn use_future_awaited_in_futures_block_on_while_another_thread_runs_the_context() {
    let _w = watchdog(20);
    let io = Arc::new(IoContext::new().unwrap());
    let (guard, runner) = run_in_background(&io);
    let ex = io.executor();
    let start = Instant::now();
    let n = std::thread::spawn(move || futures::executor::block_on(three_waits(ex)))
        .join()
        .unwrap()
        .unwrap();
    assert_eq!(n, 3);
    assert!(start.elapsed() >= Duration::from_millis(6));
    drop(guard);
    runner.join().unwrap();
}

#[test]
fn use_future_awaited_on_a_tokio_runtime_while_another_thread_runs_the_context() {
    let _w = watchdog(20);
    let io = Arc::new(IoContext::new().unwrap());
    let (guard, runner) = run_in_background(&io);
    let rt = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap();
    let ex = io.executor();
    let timer = SteadyTimer::with_duration(&ex, Duration::from_millis(2));
    let (a, b) =
        rt.block_on(async { tokio::join!(timer.async_wait(UseFuture), three_waits(ex.clone())) });
    a.unwrap();
    assert_eq!(b.unwrap(), 3);
    drop(guard);
    runner.join().unwrap();
}

#[test]
fn use_future_awaited_in_a_co_spawn_task_coroutine_style() {
    let _w = watchdog(20);
    let io = IoContext::new().unwrap();
    let ex = io.executor();
    let result = Arc::new(Mutex::new(None));
    {
        let (ex2, r) = (ex.clone(), result.clone());
        co_spawn(
            &ex,
            async move {
                assert!(ex2.running_in_this_thread());
                three_waits(ex2).await
            },
            move |n: io::Result<usize>| *r.lock().unwrap() = Some(n.unwrap()),
        );
    }
    assert_eq!(*result.lock().unwrap(), None, "nothing runs before run()");
    io.run();
    assert_eq!(*result.lock().unwrap(), Some(3));
}

#[test]
fn tasks_await_each_others_join_ops() {
    let _w = watchdog(20);
    let io = IoContext::new().unwrap();
    let ex = io.executor();
    let inner = co_spawn(&ex, three_waits(ex.clone()), UseFuture);
    let outer = co_spawn(&ex, async move { inner.await.map(|n| n * 10) }, UseFuture);
    assert_eq!(io.block_on(outer).unwrap(), 30);
}

#[test]
fn co_spawn_completion_is_never_invoked_before_run_nor_inline() {
    let _w = watchdog(20);
    let io = IoContext::new().unwrap();
    let ex = io.executor();
    let count = Arc::new(AtomicUsize::new(0));
    {
        let c = count.clone();
        co_spawn(
            &ex,
            async { Ok::<_, io::Error>(1) },
            move |v: io::Result<i32>| {
                c.fetch_add(v.unwrap() as usize, Ordering::SeqCst);
            },
        );
    }
    assert_eq!(count.load(Ordering::SeqCst), 0);
    {
        let (ex2, c) = (ex.clone(), count.clone());
        ex.post(move || {
            let c2 = c.clone();
            // From inside a handler, with a task that completes at its first poll.
            co_spawn(
                &ex2,
                async { Ok::<_, io::Error>(10) },
                move |v: io::Result<i32>| {
                    c2.fetch_add(v.unwrap() as usize, Ordering::SeqCst);
                },
            );
            assert!(
                c.load(Ordering::SeqCst) < 10,
                "the completion ran inline (G2)"
            );
        });
    }
    io.run();
    assert_eq!(count.load(Ordering::SeqCst), 11);
}

#[test]
fn a_use_future_is_lazy_and_holds_no_work_until_first_polled() {
    let _w = watchdog(20);
    let io = IoContext::new().unwrap();
    let ex = io.executor();
    let timer = SteadyTimer::with_duration(&ex, Duration::from_millis(2));
    let wait = timer.async_wait(UseFuture);
    // Not polled yet: not outstanding work, so run() returns at once.
    assert_eq!(io.run(), 0);
    assert!(io.stopped());
    io.restart();
    assert!(io.block_on(wait).is_ok());
}

#[test]
fn dropping_a_polled_use_future_withdraws_the_wait() {
    let _w = watchdog(20);
    let io = IoContext::new().unwrap();
    let ex = io.executor();
    let timer = SteadyTimer::with_duration(&ex, Duration::from_secs(60));
    let polled = io.block_on(async {
        let mut wait = pin!(timer.async_wait(UseFuture));
        std::future::poll_fn(|cx| Poll::Ready(wait.as_mut().poll(cx).is_pending())).await
        // `wait` is dropped here, pending.
    });
    assert!(polled, "a minute-long wait is pending at its first poll");
    assert_eq!(timer.cancel(), 0, "the dropped wait is gone");
    io.restart();
    assert_eq!(io.run(), 0, "and holds no work");
}

#[test]
fn dropping_a_join_op_detaches_the_task_which_runs_to_the_end() {
    let _w = watchdog(20);
    let io = IoContext::new().unwrap();
    let ex = io.executor();
    let done = Arc::new(AtomicUsize::new(0));
    {
        let (ex2, d) = (ex.clone(), done.clone());
        let join = co_spawn(
            &ex,
            async move {
                three_waits(ex2).await.unwrap();
                d.fetch_add(1, Ordering::SeqCst);
            },
            UseFuture,
        );
        drop(join);
    }
    io.run();
    assert_eq!(done.load(Ordering::SeqCst), 1);
}

#[test]
fn io_block_on_runs_posted_handlers_while_it_waits() {
    let _w = watchdog(20);
    let io = IoContext::new().unwrap();
    let ex = io.executor();
    let (tx, rx) = futures::channel::oneshot::channel();
    {
        let ex2 = ex.clone();
        ex.post(move || {
            assert!(ex2.running_in_this_thread());
            tx.send(5).unwrap();
        });
    }
    assert_eq!(io.block_on(rx).unwrap(), 5);
}

#[test]
fn io_block_on_can_be_called_again_without_restart() {
    let _w = watchdog(20);
    let io = IoContext::new().unwrap();
    let ex = io.executor();
    io.block_on(async {});
    let timer = SteadyTimer::with_duration(&ex, Duration::from_millis(2));
    // Must complete, not park forever: bounded by a second thread that reports a hang.
    let (tx, rx) = mpsc::channel();
    let io = Arc::new(io);
    let io2 = io.clone();
    let t = std::thread::spawn(move || {
        let r = io2.block_on(timer.async_wait(UseFuture));
        tx.send(r.is_ok()).unwrap();
    });
    match rx.recv_timeout(Duration::from_secs(2)) {
        Ok(ok) => {
            assert!(ok);
            t.join().unwrap();
        }
        Err(_) => panic!("the second IoContext::block_on never completed"),
    }
}

#[test]
fn a_panic_in_a_co_spawn_task_propagates_out_of_run_and_the_context_stays_usable() {
    let _w = watchdog(20);
    let io = IoContext::new().unwrap();
    let ex = io.executor();
    co_spawn(&ex, async { panic!("task panic") as () }, Detached);
    let mut panics = 0;
    for _ in 0..10 {
        match catch_unwind(AssertUnwindSafe(|| io.run())) {
            Ok(_) => break,
            Err(_) => panics += 1,
        }
    }
    assert!(panics >= 1, "the task's panic came out of run()");
    assert!(panics < 10, "run() returned normally in the end");
    let count = Arc::new(AtomicUsize::new(0));
    let c = count.clone();
    ex.post(move || {
        c.fetch_add(1, Ordering::SeqCst);
    });
    io.restart();
    io.run();
    assert_eq!(count.load(Ordering::SeqCst), 1);
}
