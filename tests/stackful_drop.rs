//! Dropping a context unwinds its suspended stackful coroutines (their destructors run), on
//! their home thread only: at once when the context is dropped there; otherwise when the home
//! thread next starts or ends a run call, or exits. Their completion handlers are dropped
//! uncalled (G3).

#![cfg(feature = "stackful")]

mod support;

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::mpsc;
use std::sync::{Arc, Mutex};
use std::thread::{self, ThreadId};
use std::time::Duration;

use jeton::{spawn, IoContext, SteadyTimer, UseFuture, YieldContext};
use support::{watchdog, DropCounter};

/// Counts its drops and records the thread each ran on.
struct OnStack {
    dropped: Arc<Mutex<Vec<ThreadId>>>,
}

impl Drop for OnStack {
    fn drop(&mut self) {
        let mut d = self.dropped.lock().unwrap_or_else(|e| e.into_inner());
        d.push(thread::current().id());
    }
}

/// Spawns `n` coroutines that each put an [`OnStack`] on their stack and wait on a one-minute
/// timer; their handlers are `handlers`' tokens. Returns how many have started, to poll.
fn spawn_sleepers(
    io: &IoContext,
    n: usize,
    dropped: &Arc<Mutex<Vec<ThreadId>>>,
    handlers: &DropCounter,
) -> Arc<AtomicUsize> {
    let started = Arc::new(AtomicUsize::new(0));
    for _ in 0..n {
        let (dropped, started, handler) = (dropped.clone(), started.clone(), handlers.token());
        spawn(
            &io.executor(),
            move |y: &YieldContext| {
                let _guard = OnStack { dropped };
                let timer = SteadyTimer::new(y.executor());
                timer.expires_after(Duration::from_secs(60));
                started.fetch_add(1, Ordering::SeqCst);
                timer.async_wait(y)
            },
            move |_: thread::Result<std::io::Result<()>>| handler.call(),
        );
    }
    started
}

#[test]
fn dropping_the_context_on_the_home_thread_unwinds_its_coroutines_at_once() {
    let _w = watchdog(20);
    let io = IoContext::new().unwrap();
    let dropped = Arc::new(Mutex::new(Vec::new()));
    let handlers = DropCounter::new();
    let started = spawn_sleepers(&io, 100, &dropped, &handlers);
    while started.load(Ordering::SeqCst) < 100 {
        io.run_one();
    }
    assert!(dropped.lock().unwrap().is_empty());
    drop(io);
    let dropped = dropped.lock().unwrap();
    assert_eq!(dropped.len(), 100, "every suspended coroutine was unwound");
    assert!(dropped.iter().all(|t| *t == thread::current().id()));
    assert_eq!(handlers.called(), 0, "handlers are dropped uncalled (G3)");
    assert_eq!(handlers.dropped(), 100);
}

/// Runs `io` on a new thread until `n` coroutines have started there (their home), then waits
/// for a message and does what it says.
fn home_thread(
    io: Arc<IoContext>,
    n: usize,
    dropped: Arc<Mutex<Vec<ThreadId>>>,
    handlers: &DropCounter,
) -> (thread::JoinHandle<ThreadId>, mpsc::Sender<&'static str>) {
    let started = spawn_sleepers(&io, n, &dropped, handlers);
    let (tx, rx) = mpsc::channel();
    let (ready_tx, ready_rx) = mpsc::channel();
    let home = thread::spawn(move || {
        while started.load(Ordering::SeqCst) < n {
            io.run_one();
        }
        drop(io);
        ready_tx.send(()).unwrap();
        if rx.recv().unwrap() == "run" {
            // A run call of any context sweeps the coroutines orphaned here.
            IoContext::new().unwrap().poll();
            assert_eq!(dropped.lock().unwrap().len(), n);
        }
        thread::current().id()
    });
    ready_rx.recv().unwrap();
    (home, tx)
}

#[test]
fn a_context_dropped_elsewhere_is_unwound_when_the_home_thread_next_runs() {
    let _w = watchdog(20);
    let io = Arc::new(IoContext::new().unwrap());
    let dropped = Arc::new(Mutex::new(Vec::new()));
    let handlers = DropCounter::new();
    let (home, tx) = home_thread(io.clone(), 10, dropped.clone(), &handlers);
    drop(io); // The last handle: the context is dropped here, not on the home thread.
    assert!(
        dropped.lock().unwrap().is_empty(),
        "never unwound off its home"
    );
    assert_eq!(handlers.dropped(), 10);
    assert_eq!(handlers.called(), 0);
    tx.send("run").unwrap();
    let home = home.join().unwrap();
    let dropped = dropped.lock().unwrap();
    assert_eq!(dropped.len(), 10);
    assert!(
        dropped.iter().all(|t| *t == home),
        "unwound on the home thread"
    );
}

#[test]
fn a_context_dropped_elsewhere_is_unwound_when_the_home_thread_exits() {
    let _w = watchdog(20);
    let io = Arc::new(IoContext::new().unwrap());
    let dropped = Arc::new(Mutex::new(Vec::new()));
    let handlers = DropCounter::new();
    let (home, tx) = home_thread(io.clone(), 10, dropped.clone(), &handlers);
    drop(io);
    assert!(dropped.lock().unwrap().is_empty());
    tx.send("exit").unwrap();
    let home = home.join().unwrap();
    let dropped = dropped.lock().unwrap();
    assert_eq!(dropped.len(), 10, "unwound by the home thread's exit");
    assert!(dropped.iter().all(|t| *t == home));
}

#[test]
fn a_spawn_op_awaited_elsewhere_completes_with_shut_down_when_the_context_is_dropped() {
    let _w = watchdog(20);
    let io = IoContext::new().unwrap();
    let started = Arc::new(AtomicUsize::new(0));
    let s = started.clone();
    let op = spawn(
        &io.executor(),
        move |y: &YieldContext| {
            let timer = SteadyTimer::new(y.executor());
            timer.expires_after(Duration::from_secs(60));
            s.fetch_add(1, Ordering::SeqCst);
            timer.async_wait(y)
        },
        UseFuture,
    );
    while started.load(Ordering::SeqCst) == 0 {
        io.run_one();
    }
    drop(io);
    let payload = futures::executor::block_on(op).unwrap_err();
    let e = payload
        .downcast::<std::io::Error>()
        .expect("an io::Error payload");
    assert!(jeton::error::is_shut_down(&e), "{e:?}");
}
