//! `post`, `dispatch` and `defer` on an IoContext's executor (G2, G6), and handlers bound to
//! another context. Ported from Asio's `io_context_test` (`decrement_to_zero`,
//! `nested_decrement_to_zero`, `bind_executor` to a second context).

mod support;

use std::io;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{mpsc, Arc, Mutex};
use std::time::Duration;

use jeton::{bind_executor, co_spawn, Executor, IoContext, SteadyTimer, WorkGuard};
use support::watchdog;

/// Asio's `decrement_to_zero`: each step posts the next one.
fn decrement_to_zero(ex: Executor, count: Arc<AtomicUsize>) {
    if count.load(Ordering::SeqCst) > 0 {
        count.fetch_sub(1, Ordering::SeqCst);
        let before = count.load(Ordering::SeqCst);
        let (ex2, c) = (ex.clone(), count.clone());
        ex.post(move || decrement_to_zero(ex2, c));
        // Handler execution cannot nest, so the value is unchanged.
        assert_eq!(count.load(Ordering::SeqCst), before);
    }
}

/// Asio's `nested_decrement_to_zero`: each step dispatches the next one.
fn nested_decrement_to_zero(ex: Executor, count: Arc<AtomicUsize>) {
    if count.load(Ordering::SeqCst) > 0 {
        count.fetch_sub(1, Ordering::SeqCst);
        let (ex2, c) = (ex.clone(), count.clone());
        ex.dispatch(move || nested_decrement_to_zero(ex2, c));
        // Dispatch from inside run() nests all the way down.
        assert_eq!(count.load(Ordering::SeqCst), 0);
    }
}

#[test]
fn post_chain_does_not_nest() {
    let _w = watchdog(20);
    let io = IoContext::new().unwrap();
    let ex = io.executor();
    let count = Arc::new(AtomicUsize::new(10));
    {
        let (ex2, c) = (ex.clone(), count.clone());
        ex.post(move || decrement_to_zero(ex2, c));
    }
    assert_eq!(
        count.load(Ordering::SeqCst),
        10,
        "nothing runs before run()"
    );
    assert_eq!(io.run(), 11);
    assert_eq!(count.load(Ordering::SeqCst), 0);
}

#[test]
fn dispatch_from_inside_a_handler_nests_fully() {
    let _w = watchdog(20);
    let io = IoContext::new().unwrap();
    let ex = io.executor();
    let count = Arc::new(AtomicUsize::new(10));
    {
        let (ex2, c) = (ex.clone(), count.clone());
        ex.post(move || nested_decrement_to_zero(ex2, c));
    }
    assert_eq!(count.load(Ordering::SeqCst), 10);
    assert_eq!(io.run(), 1, "the whole chain ran inside one handler");
    assert_eq!(count.load(Ordering::SeqCst), 0);
}

#[test]
fn dispatch_from_outside_run_does_not_run_inline() {
    let _w = watchdog(20);
    let io = IoContext::new().unwrap();
    let ex = io.executor();
    let count = Arc::new(AtomicUsize::new(10));
    {
        let (ex2, c) = (ex.clone(), count.clone());
        ex.dispatch(move || nested_decrement_to_zero(ex2, c));
    }
    // This thread is not running the context: the call is queued.
    assert!(!ex.running_in_this_thread());
    assert_eq!(count.load(Ordering::SeqCst), 10);
    assert_eq!(io.run(), 1);
    assert_eq!(count.load(Ordering::SeqCst), 0);
}

#[test]
fn dispatch_from_a_thread_not_running_the_context_is_queued_while_another_runs_it() {
    let _w = watchdog(20);
    let io = Arc::new(IoContext::new().unwrap());
    let ex = io.executor();
    let guard = WorkGuard::new(&ex);
    let runner = {
        let io = io.clone();
        std::thread::spawn(move || {
            let _ = io.run();
            std::thread::current().id()
        })
    };
    let me = std::thread::current().id();
    let (tx, rx) = mpsc::channel();
    ex.dispatch(move || tx.send(std::thread::current().id()).unwrap());
    let ran_on = rx.recv().unwrap();
    assert_ne!(
        ran_on, me,
        "dispatch ran inline on a thread not running the context"
    );
    drop(guard);
    assert_eq!(runner.join().unwrap(), ran_on);
}

#[test]
fn post_never_runs_inline_from_outside_or_inside_run() {
    let _w = watchdog(20);
    let io = IoContext::new().unwrap();
    let ex = io.executor();
    let events = Arc::new(Mutex::new(Vec::new()));
    {
        let (ex2, ev) = (ex.clone(), events.clone());
        ex.post(move || {
            ev.lock().unwrap().push("outer start");
            let ev2 = ev.clone();
            ex2.post(move || ev2.lock().unwrap().push("posted"));
            ev.lock().unwrap().push("outer end");
        });
    }
    assert!(events.lock().unwrap().is_empty());
    assert_eq!(io.run(), 2);
    assert_eq!(
        *events.lock().unwrap(),
        ["outer start", "outer end", "posted"]
    );
}

#[test]
fn dispatch_inside_a_handler_runs_inline() {
    let _w = watchdog(20);
    let io = IoContext::new().unwrap();
    let ex = io.executor();
    let events = Arc::new(Mutex::new(Vec::new()));
    {
        let (ex2, ev) = (ex.clone(), events.clone());
        ex.post(move || {
            ev.lock().unwrap().push("outer start");
            let ev2 = ev.clone();
            ex2.dispatch(move || ev2.lock().unwrap().push("dispatched"));
            ev.lock().unwrap().push("outer end");
        });
    }
    assert_eq!(io.run(), 1);
    assert_eq!(
        *events.lock().unwrap(),
        ["outer start", "dispatched", "outer end"]
    );
}

#[test]
fn defer_never_runs_inline_and_runs_after_the_current_handler() {
    let _w = watchdog(20);
    let io = IoContext::new().unwrap();
    let ex = io.executor();
    let events = Arc::new(Mutex::new(Vec::new()));
    {
        let ev = events.clone();
        ex.defer(move || ev.lock().unwrap().push("deferred from outside"));
    }
    assert!(
        events.lock().unwrap().is_empty(),
        "defer from outside ran inline"
    );
    {
        let (ex2, ev) = (ex.clone(), events.clone());
        ex.post(move || {
            ev.lock().unwrap().push("outer start");
            let ev2 = ev.clone();
            ex2.defer(move || ev2.lock().unwrap().push("deferred"));
            ev.lock().unwrap().push("outer end");
        });
    }
    assert_eq!(io.run(), 3);
    assert_eq!(
        *events.lock().unwrap(),
        [
            "deferred from outside",
            "outer start",
            "outer end",
            "deferred"
        ]
    );
}

#[test]
fn deferred_continuations_run_in_order_and_all_exactly_once() {
    let _w = watchdog(20);
    let io = IoContext::new().unwrap();
    let ex = io.executor();
    let events = Arc::new(Mutex::new(Vec::new()));
    {
        let (ex2, ev) = (ex.clone(), events.clone());
        ex.post(move || {
            for i in 0..100 {
                let ev = ev.clone();
                ex2.defer(move || ev.lock().unwrap().push(i));
            }
        });
    }
    assert_eq!(io.run(), 101);
    assert_eq!(*events.lock().unwrap(), (0..100).collect::<Vec<_>>());
}

#[test]
fn dispatch_to_another_context_from_a_handler_is_queued_there() {
    let _w = watchdog(20);
    let io1 = IoContext::new().unwrap();
    let io2 = IoContext::new().unwrap();
    let (ex1, ex2) = (io1.executor(), io2.executor());
    let count = Arc::new(AtomicUsize::new(0));
    {
        let (ex2, c) = (ex2.clone(), count.clone());
        ex1.post(move || {
            assert!(!ex2.running_in_this_thread());
            let c2 = c.clone();
            ex2.dispatch(move || {
                c2.fetch_add(1, Ordering::SeqCst);
            });
            assert_eq!(
                c.load(Ordering::SeqCst),
                0,
                "ran inline on the wrong context"
            );
        });
    }
    assert_eq!(io1.run(), 1);
    assert_eq!(count.load(Ordering::SeqCst), 0);
    assert_eq!(io2.run(), 1);
    assert_eq!(count.load(Ordering::SeqCst), 1);
    assert!(!ex1.same_context(&ex2));
    assert_eq!(ex1, io1.executor());
}

#[test]
fn a_handler_bound_to_another_context_runs_only_when_that_context_runs() {
    let _w = watchdog(20);
    let io1 = IoContext::new().unwrap();
    let io2 = IoContext::new().unwrap();
    let (ex1, ex2) = (io1.executor(), io2.executor());
    let count = Arc::new(AtomicUsize::new(0));
    {
        let (c, ex2b) = (count.clone(), ex2.clone());
        co_spawn(
            &ex1,
            async { Ok::<_, std::io::Error>(5) },
            bind_executor(&ex2, move |v: std::io::Result<i32>| {
                assert_eq!(v.unwrap(), 5);
                assert!(ex2b.running_in_this_thread());
                c.fetch_add(1, Ordering::SeqCst);
            }),
        );
    }
    io1.run();
    // Running the first context does not run the handler.
    assert_eq!(count.load(Ordering::SeqCst), 0);
    io2.run();
    assert_eq!(count.load(Ordering::SeqCst), 1);
}

#[test]
fn an_operation_bound_to_another_context_still_completes_on_its_own_context() {
    let _w = watchdog(20);
    let io1 = IoContext::new().unwrap();
    let io2 = IoContext::new().unwrap();
    let (ex1, ex2) = (io1.executor(), io2.executor());
    let timer = SteadyTimer::with_duration(&ex1, Duration::from_millis(5));
    let result = Arc::new(Mutex::new(None));
    {
        let r = result.clone();
        timer.async_wait(bind_executor(&ex2, move |res: io::Result<()>| {
            *r.lock().unwrap() = Some(res.is_ok());
        }));
    }
    // Asio: the wait is outstanding work of the timer's context from the initiating call on,
    // so io1.run() lasts until the timer fires and hands the handler to io2.
    io1.run();
    assert_eq!(*result.lock().unwrap(), None, "the handler belongs to io2");
    // Bounded, so the test fails instead of hanging.
    io2.run_for(Duration::from_secs(2));
    assert_eq!(*result.lock().unwrap(), Some(true));
}
