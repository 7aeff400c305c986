//! Behaviours of Asio's own unit tests that jeton keeps: the outer `bind_executor` decides,
//! `co_spawn` starts inline on its own executor, `post`/`dispatch`/`defer` take a completion
//! token, `cancel_after` with the caller's timer.

mod support;

use std::io;
use std::sync::mpsc;
use std::time::Duration;

use jeton::{bind_executor, co_spawn, Detached, IoContext, SteadyTimer, Strand, UseFuture};
use support::watchdog;

#[test]
fn the_outer_bind_executor_decides() {
    let _w = watchdog(20);
    let io = IoContext::new().unwrap();
    let outer = Strand::new(&io.executor());
    let inner = Strand::new(&io.executor());
    let timer = SteadyTimer::new(&io.executor());
    let (tx, rx) = mpsc::channel();
    let (o, i) = (outer.clone(), inner.clone());
    timer.async_wait(bind_executor(
        &outer,
        bind_executor(&inner, move |r: io::Result<()>| {
            tx.send((
                r.is_ok(),
                o.running_in_this_thread(),
                i.running_in_this_thread(),
            ))
            .unwrap();
        }),
    ));
    assert_eq!(io.run(), 1);
    assert_eq!(rx.try_recv().unwrap(), (true, true, false));

    // Through another adapter in between, the outer binding still decides.
    let (tx, rx) = mpsc::channel();
    let (o, i) = (outer.clone(), inner.clone());
    let slot = jeton::ErrorSlot::new();
    timer.async_wait(bind_executor(
        &outer,
        jeton::redirect_error(
            bind_executor(&inner, move |_: ()| {
                tx.send((o.running_in_this_thread(), i.running_in_this_thread()))
                    .unwrap();
            }),
            slot.clone(),
        ),
    ));
    io.restart();
    io.run();
    assert_eq!(rx.try_recv().unwrap(), (true, false));
}

#[test]
fn co_spawn_on_its_own_executor_starts_the_body_inline_and_never_completes_inline() {
    let _w = watchdog(20);
    let io = IoContext::new().unwrap();
    let ex = io.executor();
    let (tx, rx) = mpsc::channel::<&'static str>();
    let ex2 = ex.clone();
    ex.post(move || {
        let t = tx.clone();
        co_spawn(
            &ex2,
            async move {
                t.send("body").unwrap();
                Ok::<i32, io::Error>(42)
            },
            {
                let tx = tx.clone();
                move |v: io::Result<i32>| {
                    assert_eq!(v.unwrap(), 42);
                    tx.send("handler").unwrap();
                }
            },
        );
        tx.send("after co_spawn").unwrap();
    });
    io.run();
    let order: Vec<_> = rx.try_iter().collect();
    assert_eq!(order, ["body", "after co_spawn", "handler"]);

    // From outside the context the first step is queued: nothing runs inside co_spawn.
    let (tx, rx) = mpsc::channel::<&'static str>();
    io.restart();
    let t = tx.clone();
    co_spawn(&ex, async move { t.send("body").unwrap() }, Detached);
    tx.send("after co_spawn").unwrap();
    io.run();
    assert_eq!(
        rx.try_iter().collect::<Vec<_>>(),
        ["after co_spawn", "body"]
    );
}

#[test]
fn a_chain_of_inline_starts_is_bounded() {
    // Each task spawns the next from its first step: inline starts nest, up to a bound, then
    // queue, so a long chain neither overflows the stack nor loses a task.
    fn spawn_next(ex: jeton::Executor, left: usize, done: mpsc::Sender<()>) {
        let ex2 = ex.clone();
        co_spawn(
            &ex,
            async move {
                match left {
                    0 => done.send(()).unwrap(),
                    _ => spawn_next(ex2, left - 1, done),
                }
            },
            Detached,
        );
    }
    let _w = watchdog(60);
    let io = IoContext::new().unwrap();
    let (tx, rx) = mpsc::channel();
    let ex = io.executor();
    io.executor().post(move || spawn_next(ex, 100_000, tx));
    io.run();
    rx.try_recv().unwrap();
}

#[test]
fn post_dispatch_and_defer_run_the_function_on_the_executor_and_deliver_through_any_token() {
    let _w = watchdog(20);
    let io = IoContext::new().unwrap();
    let strand = Strand::new(&io.executor());

    // post to a strand: f runs inside it, never inside post; the handler gets f's result.
    let (tx, rx) = mpsc::channel();
    let s = strand.clone();
    let t = tx.clone();
    jeton::post(
        &strand,
        move || {
            t.send("f").unwrap();
            s.running_in_this_thread()
        },
        move |r: io::Result<bool>| {
            tx.send(if r.unwrap() { "in strand" } else { "outside" })
                .unwrap()
        },
    );
    assert!(rx.try_recv().is_err(), "nothing runs inside post");
    io.run();
    assert_eq!(rx.try_iter().collect::<Vec<_>>(), ["f", "in strand"]);

    // defer from a handler: after the current handler; dispatch from a handler: inline.
    let (tx, rx) = mpsc::channel();
    let ex = io.executor();
    io.restart();
    io.executor().post(move || {
        let (a, b) = (tx.clone(), tx.clone());
        jeton::defer(&ex, move || a.send("deferred").unwrap(), Detached);
        jeton::dispatch(&ex, move || b.send("dispatched").unwrap(), Detached);
        tx.send("handler ends").unwrap();
    });
    io.run();
    assert_eq!(
        rx.try_iter().collect::<Vec<_>>(),
        ["dispatched", "handler ends", "deferred"]
    );

    // The future and blocking styles.
    assert_eq!(
        io.block_on(jeton::post(&io.executor(), || 6 * 7, UseFuture))
            .unwrap(),
        42
    );
    let pool = jeton::ThreadPool::new(1).unwrap();
    assert_eq!(
        jeton::post(&pool.executor(), || 5, jeton::Blocking).unwrap(),
        5
    );
    pool.join();
}

#[test]
fn post_to_a_dropped_context_is_shut_down_and_the_function_is_dropped_unrun() {
    let _w = watchdog(20);
    let io = IoContext::new().unwrap();
    let ran = std::sync::Arc::new(std::sync::atomic::AtomicBool::new(false));
    let r = ran.clone();
    let fut = jeton::post(
        &io.executor(),
        move || r.store(true, std::sync::atomic::Ordering::SeqCst),
        UseFuture,
    );
    drop(io);
    let out = futures::executor::block_on(fut);
    assert!(jeton::error::is_shut_down(&out.unwrap_err()));
    assert!(!ran.load(std::sync::atomic::Ordering::SeqCst));
}

#[test]
fn cancel_after_with_the_callers_timer_cancels_at_its_expiry_and_not_once_it_is_cancelled() {
    let _w = watchdog(20);
    let io = IoContext::new().unwrap();
    let (a, b) = jeton::net::unix::connect_pair(&io.executor()).unwrap();
    let timer = SteadyTimer::new(&io.executor());

    // The timer expires first: the read is aborted, through a closure token.
    let (tx, rx) = mpsc::channel();
    let token = jeton::cancel_after_timer(&timer, Duration::from_millis(5), move |r| {
        tx.send(r).unwrap()
    });
    let late = SteadyTimer::new(&io.executor());
    late.expires_after(Duration::from_secs(60));
    late.async_wait(token);
    io.run();
    assert!(jeton::error::is_aborted(
        &rx.try_recv().unwrap().unwrap_err()
    ));
    assert_eq!(late.cancel(), 0, "the aborted wait is gone");

    // The caller cancels its timer: the deadline is lifted and the read completes with the
    // bytes that arrive well after the timer's original expiry.
    io.restart();
    let mut buf = [0u8; 4];
    let n = io
        .block_on(async {
            let token = jeton::cancel_after_timer(&timer, Duration::from_millis(5), UseFuture);
            let read = a.async_read_some(&mut buf[..], token);
            assert_eq!(timer.cancel(), 0, "the wait starts at the first poll");
            futures::pin_mut!(read);
            assert!(futures::poll!(read.as_mut()).is_pending());
            assert_eq!(timer.cancel(), 1, "the adapter waits on the caller's timer");
            let write_late = async {
                let t = SteadyTimer::with_duration(&io.executor(), Duration::from_millis(30));
                t.async_wait(UseFuture).await.unwrap();
                b.write_some(b"late").unwrap();
            };
            let (n, ()) = futures::join!(read, write_late);
            n
        })
        .unwrap();
    assert_eq!(&buf[..n], b"late");
}
