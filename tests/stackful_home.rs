//! Stackful coroutines never migrate: each runs only on its home thread (the thread that first
//! ran it), whichever thread's reactor, timer or handler wakes it, with two threads in
//! `run()`; and a home thread that leaves `run()` takes its coroutines with it.

#![cfg(feature = "stackful")]

mod support;

use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::thread::{self, ThreadId};
use std::time::Duration;

use futures::channel::oneshot;
use jeton::io::{async_read_exact, async_write};
use jeton::net::{TcpAcceptor, TcpSocket};
use jeton::{spawn, Detached, IoContext, SteadyTimer, WorkGuard, YieldContext};
use support::{watchdog, SetByThread};

/// Rounds of each kind of suspension per coroutine.
const ROUNDS: usize = 100;

/// Records the thread a coroutine runs on after each suspension.
#[derive(Clone, Default)]
struct Trace(Arc<Mutex<Vec<ThreadId>>>);

impl Trace {
    fn here(&self) {
        self.0.lock().unwrap().push(thread::current().id());
    }

    /// Asserts that every record names one thread; returns how many there are.
    fn assert_one_thread(&self, what: &str) -> usize {
        let t = self.0.lock().unwrap();
        assert!(!t.is_empty(), "{what}: never ran");
        assert!(
            t.iter().all(|id| *id == t[0]),
            "{what}: resumed on another thread than its home"
        );
        t.len()
    }
}

/// A connected pair of TCP sockets on `io`'s context.
fn pair(io: &IoContext) -> (TcpSocket, TcpSocket) {
    let ex = io.executor();
    let acceptor = TcpAcceptor::bind(&ex, "127.0.0.1:0").unwrap();
    let client = TcpSocket::new(&ex);
    client.connect(acceptor.local_addr().unwrap()).unwrap();
    let (server, _) = acceptor.accept().unwrap();
    (client, server)
}

/// Shared state of the coroutines of the pinning test.
#[derive(Clone)]
struct Run {
    started: Arc<AtomicUsize>,
    left: Arc<AtomicUsize>,
    guard: Arc<Mutex<Option<WorkGuard>>>,
}

/// Spawns two ping-pong partners over TCP (woken by whichever thread polls the reactor), each
/// also waiting on timers, on another OS thread, and on handlers either run thread may run.
fn start_pair(io: &IoContext, i: usize, run: &Run, traces: &mut Vec<(usize, Trace)>) {
    let (a, b) = pair(io);
    for (me, sock) in [(2 * i, a), (2 * i + 1, b)] {
        let trace = Trace::default();
        traces.push((me, trace.clone()));
        let run = run.clone();
        run.left.fetch_add(1, Ordering::SeqCst);
        spawn(
            &io.executor(),
            move |y: &YieldContext| {
                trace.here();
                run.started.fetch_add(1, Ordering::SeqCst);
                let timer = SteadyTimer::new(y.executor());
                let mut buf = [0u8; 4];
                for round in 0..ROUNDS {
                    if me % 2 == 0 {
                        async_write(&sock, &(round as u32).to_le_bytes()[..], y).unwrap();
                        async_read_exact(&sock, &mut buf[..], y).unwrap();
                    } else {
                        async_read_exact(&sock, &mut buf[..], y).unwrap();
                        async_write(&sock, &buf[..], y).unwrap();
                    }
                    assert_eq!(u32::from_le_bytes(buf), round as u32);
                    trace.here();
                    timer.expires_after(Duration::from_micros(50));
                    timer.async_wait(y).unwrap();
                    trace.here();
                    if round % 10 == 0 {
                        // Woken by a thread outside the context.
                        let v = y.wait(SetByThread::new(round, Duration::from_micros(100)));
                        assert_eq!(v, round);
                        trace.here();
                    }
                    // Woken by a handler, which either run thread may run.
                    let (tx, rx) = oneshot::channel();
                    y.executor().post(move || tx.send(round).unwrap());
                    assert_eq!(y.wait(rx).unwrap(), round);
                    trace.here();
                }
                if run.left.fetch_sub(1, Ordering::SeqCst) == 1 {
                    run.guard.lock().unwrap().take(); // The last one lets run() return.
                }
            },
            |r: thread::Result<()>| r.unwrap(),
        );
    }
}

#[test]
fn a_coroutine_resumes_only_on_its_home_thread_with_two_threads_running() {
    let _w = watchdog(60);
    let io = IoContext::new().unwrap();
    let run = Run {
        started: Arc::default(),
        left: Arc::default(),
        guard: Arc::new(Mutex::new(Some(WorkGuard::new(&io.executor())))),
    };
    let mut traces = Vec::new();
    // Two pairs homed on this thread ...
    start_pair(&io, 0, &run, &mut traces);
    start_pair(&io, 1, &run, &mut traces);
    while run.started.load(Ordering::SeqCst) < 4 {
        io.run_one();
    }
    let mut theirs = Vec::new();
    thread::scope(|s| {
        // ... two on the other one; then both run the context.
        s.spawn(|| {
            start_pair(&io, 2, &run, &mut theirs);
            start_pair(&io, 3, &run, &mut theirs);
            while run.started.load(Ordering::SeqCst) < 8 {
                io.run_one();
            }
            io.run();
        });
        while run.started.load(Ordering::SeqCst) < 8 {
            thread::sleep(Duration::from_millis(1));
        }
        io.run();
    });
    assert_eq!(
        run.left.load(Ordering::SeqCst),
        0,
        "every coroutine finished"
    );
    traces.append(&mut theirs);
    let mut homes = Vec::new();
    for (me, trace) in traces {
        let n = trace.assert_one_thread(&format!("coroutine {me}"));
        assert!(n > 3 * ROUNDS, "coroutine {me} suspended {n} times");
        homes.push(trace.0.lock().unwrap()[0]);
    }
    homes.dedup();
    assert_eq!(homes.len(), 2, "four coroutines homed on each thread");
}

#[test]
fn a_coroutine_waits_for_its_home_thread_to_run_the_context_again() {
    let _w = watchdog(30);
    let io = Arc::new(IoContext::new().unwrap());
    let trace = Trace::default();
    let (started, done) = (
        Arc::new(AtomicBool::new(false)),
        Arc::new(AtomicBool::new(false)),
    );
    {
        let (trace, started, done) = (trace.clone(), started.clone(), done.clone());
        spawn(
            &io.executor(),
            move |y: &YieldContext| {
                trace.here();
                started.store(true, Ordering::SeqCst);
                let timer = SteadyTimer::new(y.executor());
                timer.expires_after(Duration::from_millis(20));
                timer.async_wait(y).unwrap();
                trace.here();
                done.store(true, Ordering::SeqCst);
            },
            Detached,
        );
    }
    // This thread runs the coroutine to its first suspension: it is its home.
    while !started.load(Ordering::SeqCst) {
        io.run_one();
    }
    // Another thread runs the context now; the timer fires there, but the coroutine cannot
    // run there, and that run() does not return while it is pending.
    let other = {
        let io = io.clone();
        thread::spawn(move || io.run())
    };
    thread::sleep(Duration::from_millis(100));
    assert!(
        !done.load(Ordering::SeqCst),
        "ran away from its home thread"
    );
    assert!(
        !other.is_finished(),
        "run() returned with a coroutine pending"
    );
    // Home runs the context again: the coroutine finishes here, and both runs return.
    io.run();
    other.join().unwrap();
    assert!(done.load(Ordering::SeqCst));
    trace.assert_one_thread("the coroutine");
    assert_eq!(trace.0.lock().unwrap()[0], thread::current().id());
}
