//! The closure token's operation memory (issue 11, item 1): each operation's task lives in a
//! block recycled per thread, so a loop of closure-token operations allocates nothing per
//! operation once warm; and the task keeps every promise: each handler runs exactly once, wakes
//! from another thread work, a wake after completion does nothing, a cancelled operation
//! completes with aborted, and a dropped context drops handlers uncalled, each captured value
//! exactly once (G3).
//!
//! This binary's global allocator counts the allocations of each thread; every loop here runs
//! its context on the test thread, and measures between two handlers of that thread.

mod support;

use std::alloc::{GlobalAlloc, Layout, System};
use std::cell::Cell;
use std::future::Future;
use std::io;
use std::pin::Pin;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{mpsc, Arc, Mutex};
use std::task::{Context, Poll, Waker};
use std::time::Duration;

use jeton::net::{TcpAcceptor, TcpSocket};
use jeton::op::operation;
use jeton::{error, Executor, IoContext, SteadyTimer};
use support::{watchdog, DropCounter};

// ----- the counting allocator -----

/// The system allocator, counting each thread's allocations.
struct Counting;

thread_local! {
    static ALLOCATIONS: Cell<u64> = const { Cell::new(0) };
    /// Allocations of [`SIZE_WATCHED`] bytes.
    static OF_WATCHED_SIZE: Cell<u64> = const { Cell::new(0) };
}

/// The size [`of_watched_size`] counts: a 120-byte task block.
const SIZE_WATCHED: usize = 120;

// SAFETY: both methods forward to `System` with the caller's arguments (`alloc_zeroed` and
// `realloc` are the defaults, which call these); counting touches a thread-local `Cell` with no
// destructor (`try_with`: nothing is counted once it is gone).
unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        count(layout.size());
        // SAFETY: the caller upholds `alloc`'s contract, forwarded as is.
        unsafe { System.alloc(layout) }
    }
    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        // SAFETY: `ptr` and `layout` come from this allocator, i.e. from `System`.
        unsafe { System.dealloc(ptr, layout) }
    }
}

#[global_allocator]
static GLOBAL: Counting = Counting;

fn count(size: usize) {
    let _ = ALLOCATIONS.try_with(|n| n.set(n.get() + 1));
    if size == SIZE_WATCHED {
        let _ = OF_WATCHED_SIZE.try_with(|n| n.set(n.get() + 1));
    }
}

/// Allocations of [`SIZE_WATCHED`] bytes made so far by this thread.
fn of_watched_size() -> u64 {
    OF_WATCHED_SIZE.with(Cell::get)
}

/// Allocations made so far by this thread.
fn allocations() -> u64 {
    ALLOCATIONS.with(Cell::get)
}

/// Round trips (or waits) before the measured window: the caches, queues and slabs grow to
/// their working size there.
const WARM_UP: usize = 200;
/// Round trips (or waits) measured.
const MEASURED: usize = 2000;

/// Allocation counts taken by handlers at the start and the end of the measured window.
#[derive(Default)]
struct Window {
    start: AtomicUsize,
    end: AtomicUsize,
}

impl Window {
    /// Notes step `i` of a loop (called from its handler).
    fn note(&self, i: usize) {
        if i == WARM_UP {
            self.start.store(allocations() as usize, Ordering::SeqCst);
        } else if i == WARM_UP + MEASURED {
            self.end.store(allocations() as usize, Ordering::SeqCst);
        }
    }

    fn allocations(&self) -> usize {
        let (a, b) = (
            self.start.load(Ordering::SeqCst),
            self.end.load(Ordering::SeqCst),
        );
        assert!(b >= a && a > 0, "both ends of the window were noted");
        b - a
    }
}

// ----- steady state: no allocation per operation -----

/// A connected pair on loopback: `(client, server)`.
fn pair(ex: &Executor) -> (TcpSocket, TcpSocket) {
    let acceptor = TcpAcceptor::bind(ex, "127.0.0.1:0").expect("bind");
    let client = TcpSocket::new(ex);
    client
        .connect(acceptor.local_addr().expect("addr"))
        .expect("connect");
    (client, acceptor.accept().expect("accept").0)
}

type Done = (io::Result<usize>, Vec<u8>);

/// The server side of the ping-pong: reads a message, writes it back, again.
fn serve(sock: Arc<TcpSocket>, buf: Vec<u8>) {
    let s = sock.clone();
    sock.async_read_some(buf, move |(r, buf): Done| {
        let n = r.expect("server read");
        if n == 0 {
            return; // The client closed.
        }
        let s2 = s.clone();
        let mut out = buf;
        out.truncate(n);
        s.async_write_some(out, move |(r, mut buf): Done| {
            assert_eq!(r.expect("server write"), n);
            buf.resize(64, 0);
            serve(s2, buf);
        });
    });
}

/// The client side: writes a message, reads the echo, `left` more times, then closes.
fn ping(
    sock: Arc<TcpSocket>,
    buf: Vec<u8>,
    i: usize,
    window: Arc<Window>,
    calls: Arc<AtomicUsize>,
) {
    window.note(i);
    if i == WARM_UP + MEASURED {
        drop(sock.close()); // Closed now: the server reads 0 bytes and stops.
        return;
    }
    let s = sock.clone();
    sock.async_write_some(buf, move |(r, mut buf): Done| {
        calls.fetch_add(1, Ordering::SeqCst);
        assert_eq!(r.expect("client write"), 8);
        buf.resize(64, 0);
        let s2 = s.clone();
        s.async_read_some(buf, move |(r, mut buf): Done| {
            calls.fetch_add(1, Ordering::SeqCst);
            assert_eq!(
                r.expect("client read"),
                8,
                "loopback delivers 8 bytes at once"
            );
            buf.truncate(8);
            ping(s2, buf, i + 1, window, calls);
        });
    });
}

#[test]
fn a_socket_ping_pong_allocates_nothing_per_round_trip() {
    let _w = watchdog(60);
    let io = IoContext::new().unwrap();
    let ex = io.executor();
    let (client, server) = pair(&ex);
    let window = Arc::new(Window::default());
    let calls = Arc::new(AtomicUsize::new(0));
    serve(Arc::new(server), vec![0; 64]);
    ping(
        Arc::new(client),
        vec![7; 8],
        0,
        window.clone(),
        calls.clone(),
    );
    io.run();
    assert_eq!(
        calls.load(Ordering::SeqCst),
        2 * (WARM_UP + MEASURED),
        "each handler ran exactly once"
    );
    assert_eq!(
        window.allocations(),
        0,
        "no allocation in {MEASURED} round trips (4 closure-token operations each)"
    );
}

/// A chain of timer waits: each handler arms the timer again and waits. `after` is the expiry:
/// zero completes the wait inside its initiating call (the handler is queued from there), one
/// microsecond goes through the timer queue.
fn wait_loop(
    timer: Arc<SteadyTimer>,
    after: Duration,
    i: usize,
    window: Arc<Window>,
    calls: Arc<AtomicUsize>,
) {
    window.note(i);
    if i == WARM_UP + MEASURED {
        return;
    }
    timer.expires_after(after);
    let t = timer.clone();
    timer.async_wait(move |r: io::Result<()>| {
        r.expect("the wait completes");
        calls.fetch_add(1, Ordering::SeqCst);
        wait_loop(t, after, i + 1, window, calls);
    });
}

#[test]
fn a_chain_of_timer_waits_allocates_nothing_per_wait() {
    let _w = watchdog(60);
    for after in [Duration::ZERO, Duration::from_micros(1)] {
        let io = IoContext::new().unwrap();
        let timer = Arc::new(SteadyTimer::new(&io.executor()));
        let window = Arc::new(Window::default());
        let calls = Arc::new(AtomicUsize::new(0));
        wait_loop(timer, after, 0, window.clone(), calls.clone());
        io.run();
        assert_eq!(
            calls.load(Ordering::SeqCst),
            WARM_UP + MEASURED,
            "{after:?}"
        );
        assert_eq!(
            window.allocations(),
            0,
            "no allocation in {MEASURED} waits of {after:?}"
        );
    }
}

// ----- wakes -----

/// An operation's future that another thread completes: it hands its waker over on its first
/// poll, and is ready once `done` is set.
struct Handoff {
    done: Arc<Mutex<bool>>,
    wakers: mpsc::Sender<(Arc<Mutex<bool>>, Waker)>,
    sent: bool,
}

impl Future for Handoff {
    type Output = usize;
    fn poll(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<usize> {
        if *self.done.lock().unwrap() {
            return Poll::Ready(7);
        }
        if !self.sent {
            self.sent = true;
            let _ = self.wakers.send((self.done.clone(), cx.waker().clone()));
        }
        Poll::Pending
    }
}

#[test]
#[cfg_attr(
    feature = "tracing",
    ignore = "the `tracing` feature's span makes the task larger"
)]
fn a_pending_timer_wait_with_a_16_byte_handler_takes_one_120_byte_block() {
    // Its task is 120 bytes, and so is its block: with glibc's one-word chunk header, two
    // cache lines, and a chunk small enough (128 bytes) that glibc frees it to a fast bin. A
    // million such waits pending: 16 MB less than with 128-byte blocks, and no merging of
    // free neighbours when they fire in an order other than the one they were made in.
    static ABORTED: AtomicUsize = AtomicUsize::new(0);
    const WAITS: usize = 10_000;
    let _w = watchdog(20);
    let io = IoContext::new().unwrap();
    let ex = io.executor();
    let timers: Vec<SteadyTimer> = (0..WAITS)
        .map(|_| SteadyTimer::with_duration(&ex, Duration::from_secs(60)))
        .collect();
    let (all, sized) = (allocations(), of_watched_size());
    for t in &timers {
        let made = std::time::Instant::now(); // the handler's 16 bytes
        t.async_wait(move |r: io::Result<()>| {
            assert!(error::is_aborted(&r.unwrap_err()));
            assert!(made.elapsed() < Duration::from_secs(60));
            ABORTED.fetch_add(1, Ordering::SeqCst);
        });
    }
    let (all, sized) = (allocations() - all, of_watched_size() - sized);
    assert!(
        sized >= WAITS as u64,
        "{sized} blocks of 120 bytes for {WAITS} waits"
    );
    // The rest: the timer queue's vectors, grown by doubling.
    assert!(all - sized < 100, "{} other allocations", all - sized);
    drop(timers);
    io.run();
    assert_eq!(
        ABORTED.load(Ordering::SeqCst),
        WAITS,
        "each handler ran once"
    );
}

#[test]
fn wakes_from_another_thread_and_after_completion() {
    let _w = watchdog(60);
    let io = IoContext::new().unwrap();
    let ex: Executor = io.executor();
    let (tx, rx) = mpsc::channel::<(Arc<Mutex<bool>>, Waker)>();
    let (kept_tx, kept_rx) = mpsc::channel::<Waker>();
    // The other thread completes each operation and wakes it, twice; it sends the waker back,
    // to be woken again after the handler ran.
    let helper = std::thread::spawn(move || {
        for (done, waker) in rx {
            *done.lock().unwrap() = true;
            waker.wake_by_ref();
            waker.wake_by_ref();
            let _ = kept_tx.send(waker);
        }
    });
    let calls = Arc::new(AtomicUsize::new(0));
    let rounds = 200;
    for _ in 0..rounds {
        let op = operation(
            &ex,
            Handoff {
                done: Arc::new(Mutex::new(false)),
                wakers: tx.clone(),
                sent: false,
            },
        );
        let c = calls.clone();
        jeton::CompletionToken::launch(
            move |v: usize| {
                assert_eq!(v, 7);
                c.fetch_add(1, Ordering::SeqCst);
            },
            op,
        );
        io.run();
        io.restart();
    }
    assert_eq!(
        calls.load(Ordering::SeqCst),
        rounds,
        "each handler ran once"
    );
    // Every operation is complete: waking it again queues nothing.
    drop(tx);
    helper.join().unwrap();
    let stale: Vec<Waker> = kept_rx.iter().collect();
    assert_eq!(stale.len(), rounds);
    for w in &stale {
        w.wake_by_ref();
    }
    assert_eq!(io.poll(), 0, "a wake after completion runs nothing");
    drop(io);
    // Wakers outlive the tasks and their context.
    for w in stale {
        w.wake();
    }
    assert_eq!(calls.load(Ordering::SeqCst), rounds);
}

// ----- cancellation and a dropped context -----

#[test]
fn a_cancelled_wait_completes_once_with_aborted() {
    let _w = watchdog(30);
    let io = IoContext::new().unwrap();
    let timer = SteadyTimer::with_duration(&io.executor(), Duration::from_secs(3600));
    let counter = DropCounter::new();
    let aborted = Arc::new(AtomicUsize::new(0));
    for _ in 0..10 {
        let (t, a) = (counter.token(), aborted.clone());
        timer.async_wait(move |r: io::Result<()>| {
            t.call();
            if r.as_ref().is_err_and(error::is_aborted) {
                a.fetch_add(1, Ordering::SeqCst);
            }
        });
    }
    io.poll();
    assert_eq!(timer.cancel(), 10);
    io.run();
    assert_eq!(counter.called(), 10);
    assert_eq!(aborted.load(Ordering::SeqCst), 10);
    assert_eq!(counter.dropped(), 10, "each captured value dropped once");
}

#[test]
fn a_dropped_context_drops_queued_and_pending_handlers_uncalled() {
    let _w = watchdog(30);
    let io = IoContext::new().unwrap();
    let ex = io.executor();
    let counter = DropCounter::new();
    let (client, server) = pair(&ex);
    let long = SteadyTimer::with_duration(&ex, Duration::from_secs(3600));
    let expired = SteadyTimer::new(&ex);
    for _ in 0..3 {
        // Pending: a read with no data, and a long wait.
        let t = counter.token();
        server.async_read_some(vec![0; 16], move |_: Done| t.call());
        let t = counter.token();
        long.async_wait(move |_: io::Result<()>| t.call());
        // Queued: completed inside the initiating call, the handler waits in the queue with
        // the output, in the operation's block.
        let t = counter.token();
        expired.async_wait(move |_: io::Result<()>| t.call());
        let t = counter.token();
        client.async_write_some(vec![1; 4], move |_: Done| t.call());
    }
    assert_eq!(counter.dropped(), 0);
    drop(io);
    drop((client, server, long, expired));
    assert_eq!(counter.called(), 0, "no handler is called");
    assert_eq!(
        counter.dropped(),
        12,
        "each captured value dropped exactly once"
    );
}

#[test]
fn a_panicking_handler_drops_its_captures_once_and_the_context_goes_on() {
    let _w = watchdog(30);
    let io = IoContext::new().unwrap();
    let timer = SteadyTimer::new(&io.executor());
    let counter = DropCounter::new();
    let t = counter.token();
    timer.async_wait(move |_: io::Result<()>| {
        t.call();
        panic!("a handler panics");
    });
    let t = counter.token();
    timer.async_wait(move |_: io::Result<()>| t.call());
    let r = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| io.run()));
    assert!(r.is_err(), "the panic propagates out of run (G8)");
    assert_eq!((counter.called(), counter.dropped()), (1, 1));
    io.run(); // No restart needed (G8).
    assert_eq!((counter.called(), counter.dropped()), (2, 2));
}
