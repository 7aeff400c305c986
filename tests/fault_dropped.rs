//! Faults: an operation that outlives its I/O object, or its context. Every such wait completes
//! with the aborted error, whoever drives it, and never reaches another object (G3).

mod support;

use std::io;
use std::sync::mpsc;
use std::time::Duration;

use jeton::{co_spawn, error, IoContext, SteadyTimer, SystemTimer, UseFuture};
use support::watchdog;

#[test]
fn a_wait_on_a_dropped_timer_is_aborted_under_every_driver() {
    let _w = watchdog(20);
    let io = IoContext::new().unwrap();
    let ex = io.executor();
    let make = || {
        let t = SteadyTimer::new(&ex);
        t.expires_after(Duration::from_secs(3600));
        t.async_wait(UseFuture) // `t` is dropped here; the wait has not started
    };

    // A UseFuture awaited by IoContext::block_on.
    assert!(error::is_aborted(&io.block_on(make()).unwrap_err()));

    // Inside a task, delivered to a closure.
    let (tx, rx) = mpsc::channel();
    let wait = make();
    co_spawn(&ex, wait, move |r: io::Result<()>| tx.send(r).unwrap());
    io.restart();
    io.run();
    assert!(error::is_aborted(&rx.try_recv().unwrap().unwrap_err()));

    // Blocking, on another thread, with no thread running the context.
    let wait = make();
    let r = std::thread::spawn(move || jeton::op::block_on(wait))
        .join()
        .unwrap();
    assert!(error::is_aborted(&r.unwrap_err()));
}

#[test]
fn a_wait_on_a_dropped_timer_never_waits_on_the_timer_that_took_its_place() {
    let _w = watchdog(20);
    let io = IoContext::new().unwrap();
    let ex = io.executor();
    for _ in 0..100 {
        let old = SystemTimer::new(&ex);
        old.expires_after(Duration::from_secs(3600));
        let stale = old.async_wait(UseFuture);
        drop(old);
        // The new timer takes the dropped one's slot in the timer queue.
        // An hour: a stale wait that waited on it would hang (the watchdog ends the test).
        let new = SteadyTimer::new(&ex);
        new.expires_after(Duration::from_secs(3600));
        let r = io.block_on(stale);
        assert!(r.as_ref().is_err_and(error::is_aborted), "completed {r:?}");
        // And the new timer's cancel() does not count the stale wait.
        assert_eq!(new.cancel(), 0);
    }
}

/// Runs `io` on a thread until [`Running::drop_context`] stops it and drops the context.
struct Running {
    io: Option<std::sync::Arc<IoContext>>,
    guard: Option<jeton::WorkGuard>,
    thread: Option<std::thread::JoinHandle<()>>,
}

impl Running {
    fn new() -> Running {
        let io = std::sync::Arc::new(IoContext::new().unwrap());
        let guard = jeton::WorkGuard::new(&io.executor());
        let runner = io.clone();
        let thread = std::thread::spawn(move || {
            runner.run();
        });
        Running {
            io: Some(io),
            guard: Some(guard),
            thread: Some(thread),
        }
    }

    fn ex(&self) -> jeton::Executor {
        self.io.as_ref().unwrap().executor()
    }

    fn drop_context(&mut self) {
        self.io.as_ref().unwrap().stop();
        self.thread.take().unwrap().join().unwrap();
        self.guard = None;
        let io = self.io.take().unwrap();
        assert_eq!(std::sync::Arc::strong_count(&io), 1);
        drop(io); // the IoContext's drop: shutdown
    }
}

/// Awaits `fut` on a foreign executor on its own thread; returns its output.
fn await_elsewhere<F>(fut: F) -> std::thread::JoinHandle<F::Output>
where
    F: std::future::Future + Send + 'static,
    F::Output: Send,
{
    std::thread::spawn(move || futures::executor::block_on(fut))
}

#[test]
fn waits_awaited_on_a_foreign_executor_are_aborted_when_their_context_is_dropped() {
    let _w = watchdog(20);
    let mut ctx = Running::new();
    let ex = ctx.ex();
    // An hour: a wait that was not aborted would hang (the watchdog ends the test).
    let timer = SteadyTimer::new(&ex);
    timer.expires_after(Duration::from_secs(3600));
    // The peer is a plain std socket: data can still arrive after the context is dropped.
    let (mut a, b) = std::os::unix::net::UnixStream::pair().unwrap();
    let b = std::sync::Arc::new(jeton::net::UnixStream::from_std(&ex, b).unwrap());
    let (started_tx, started_rx) = mpsc::channel();
    let wait = {
        let tx = started_tx.clone();
        let wait = timer.async_wait(UseFuture);
        await_elsewhere(async move {
            tx.send(()).unwrap();
            wait.await
        })
    };
    let read = {
        let b = b.clone();
        await_elsewhere(async move {
            started_tx.send(()).unwrap();
            let mut buf = [0u8; 8];
            b.async_read_some(&mut buf[..], UseFuture).await
        })
    };
    started_rx.recv().unwrap();
    started_rx.recv().unwrap();
    std::thread::sleep(Duration::from_millis(20)); // both are parked in the context
    ctx.drop_context();
    std::io::Write::write_all(&mut a, b"late").unwrap(); // data arriving now changes nothing
    let r = wait.join().unwrap();
    assert!(
        r.as_ref().is_err_and(error::is_aborted),
        "timer wait: {r:?}"
    );
    let r = read.join().unwrap();
    assert!(r.as_ref().is_err_and(error::is_aborted), "read: {r:?}");
}

#[test]
fn a_co_spawn_future_awaited_elsewhere_completes_with_an_error_when_its_context_is_dropped() {
    let _w = watchdog(20);
    let mut ctx = Running::new();
    let ex = ctx.ex();
    let timer = SteadyTimer::new(&ex);
    timer.expires_after(Duration::from_secs(60));
    let join = co_spawn(&ex, timer.async_wait(UseFuture), UseFuture);
    let waiter = await_elsewhere(join);
    std::thread::sleep(Duration::from_millis(20));
    ctx.drop_context();
    let r = waiter.join().unwrap();
    let e = r.unwrap_err();
    assert!(error::is_aborted(&e) && error::is_shut_down(&e), "{e:?}");
}

#[test]
fn a_blocking_call_on_an_object_of_a_dropped_context_fails_at_once() {
    let _w = watchdog(20);
    let io = IoContext::new().unwrap();
    let ex = io.executor();
    let timer = SteadyTimer::new(&ex);
    let (a, b) = jeton::net::unix::connect_pair(&ex).unwrap();
    drop(io);
    timer.expires_after(Duration::from_secs(60));
    let e = timer.wait().unwrap_err();
    assert!(error::is_aborted(&e) && error::is_shut_down(&e), "{e:?}");
    a.write_some(b"x").unwrap_err(); // every operation, reads and writes alike
    let mut buf = [0u8; 1];
    let e = b.read_some(&mut buf).unwrap_err();
    assert!(error::is_shut_down(&e), "{e:?}");
}

#[test]
fn a_blocking_call_pending_when_its_context_is_dropped_is_aborted() {
    let _w = watchdog(20);
    let io = IoContext::new().unwrap();
    let ex = io.executor();
    let (_a, b) = jeton::net::unix::connect_pair(&ex).unwrap();
    let reader = std::thread::spawn(move || {
        let mut buf = [0u8; 1];
        b.read_some(&mut buf)
    });
    std::thread::sleep(Duration::from_millis(50)); // the read is waiting
    drop(io);
    let e = reader.join().unwrap().unwrap_err();
    assert!(error::is_aborted(&e) && error::is_shut_down(&e), "{e:?}");
}

// ----- sockets, acceptors and resolvers dropped under their operations -----

/// Runs a wait made by `make` (whose I/O object is dropped before it starts) under each
/// driver: `IoContext::block_on`, a task delivering to a closure, `Blocking` on another
/// thread; checks that each completes with the aborted error.
fn aborted_under_every_driver<F, T>(what: &str, make: impl Fn(&jeton::Executor) -> F)
where
    F: std::future::Future<Output = io::Result<T>> + Send + 'static,
    T: Send + std::fmt::Debug + 'static,
{
    let io = IoContext::new().unwrap();
    let ex = io.executor();
    let r = io.block_on(make(&ex));
    assert!(
        r.as_ref().is_err_and(error::is_aborted),
        "{what}, block_on: {r:?}"
    );

    let (tx, rx) = mpsc::channel();
    co_spawn(&ex, make(&ex), move |r: io::Result<T>| tx.send(r).unwrap());
    io.restart();
    io.run();
    let r = rx.try_recv().unwrap();
    assert!(
        r.as_ref().is_err_and(error::is_aborted),
        "{what}, closure: {r:?}"
    );

    let wait = make(&ex);
    let r = std::thread::spawn(move || jeton::op::block_on(wait))
        .join()
        .unwrap();
    assert!(
        r.as_ref().is_err_and(error::is_aborted),
        "{what}, Blocking: {r:?}"
    );
}

#[test]
fn a_read_on_a_dropped_socket_is_aborted_under_every_driver() {
    let _w = watchdog(20);
    aborted_under_every_driver("read", |ex| {
        let (a, _b) = jeton::net::unix::connect_pair(ex).unwrap();
        let read = a.async_read_some(vec![0u8; 16], UseFuture);
        async move { read.await.0 } // `a` is dropped here, before the read starts
    });
    aborted_under_every_driver("tcp read", |ex| {
        let acceptor = jeton::net::TcpAcceptor::bind(ex, "127.0.0.1:0").unwrap();
        let client = jeton::net::TcpSocket::new(ex);
        client.connect(acceptor.local_addr().unwrap()).unwrap();
        let read = client.async_read_some(vec![0u8; 16], UseFuture);
        async move { read.await.0 }
    });
}

#[test]
fn a_write_on_a_dropped_socket_is_aborted_under_every_driver() {
    let _w = watchdog(20);
    aborted_under_every_driver("write", |ex| {
        let (a, _b) = jeton::net::unix::connect_pair(ex).unwrap();
        let write = a.async_write_some(vec![7u8; 16], UseFuture);
        async move { write.await.0 }
    });
}

#[test]
fn an_accept_on_a_dropped_acceptor_is_aborted_under_every_driver() {
    let _w = watchdog(20);
    aborted_under_every_driver("accept", |ex| {
        let acceptor = jeton::net::TcpAcceptor::bind(ex, "127.0.0.1:0").unwrap();
        acceptor.async_accept(UseFuture)
    });
}

#[test]
fn a_connect_of_a_dropped_socket_is_aborted_under_every_driver() {
    let _w = watchdog(20);
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let addr = listener.local_addr().unwrap();
    aborted_under_every_driver("connect", move |ex| {
        let sock = jeton::net::TcpSocket::new(ex);
        sock.async_connect(addr, UseFuture)
    });
}

#[test]
fn a_resolve_on_a_dropped_resolver_is_aborted_under_every_driver() {
    let _w = watchdog(20);
    aborted_under_every_driver("resolve", |ex| {
        let resolver = jeton::net::Resolver::new(ex);
        resolver.async_resolve("localhost", "80", UseFuture)
    });
}

// ----- a context dropped under foreign waiters: TCP and the resolver -----

/// A listener whose queue is full, so that a connect to it waits (loopback drops the SYN):
/// the listener, kept alive, and the connections that fill it.
fn full_listener() -> (socket2::Socket, Vec<socket2::Socket>, std::net::SocketAddr) {
    use socket2::{Domain, Socket, Type};
    let l = Socket::new(Domain::IPV4, Type::STREAM, None).unwrap();
    l.bind(
        &"127.0.0.1:0"
            .parse::<std::net::SocketAddr>()
            .unwrap()
            .into(),
    )
    .unwrap();
    l.listen(0).unwrap();
    let addr = l.local_addr().unwrap().as_socket().unwrap();
    let fill: Vec<Socket> = (0..4)
        .map(|_| {
            let s = Socket::new(Domain::IPV4, Type::STREAM, None).unwrap();
            s.set_nonblocking(true).unwrap();
            let _ = s.connect(&addr.into());
            s
        })
        .collect();
    std::thread::sleep(Duration::from_millis(50)); // the handshakes that can complete, do
    (l, fill, addr)
}

#[test]
fn tcp_waits_awaited_on_a_foreign_executor_are_aborted_when_their_context_is_dropped() {
    let _w = watchdog(20);
    let mut ctx = Running::new();
    let ex = ctx.ex();
    let acceptor = jeton::net::TcpAcceptor::bind(&ex, "127.0.0.1:0").unwrap();
    let accept = await_elsewhere(acceptor.async_accept(UseFuture));
    let (_listener, _fill, full) = full_listener();
    let sock = jeton::net::TcpSocket::new(&ex);
    let connect = await_elsewhere(sock.async_connect(full, UseFuture));
    let resolver = jeton::net::Resolver::new(&ex);
    let resolve = await_elsewhere(resolver.async_resolve("localhost", "80", UseFuture));
    std::thread::sleep(Duration::from_millis(50)); // all parked in the context
    ctx.drop_context();
    let r = accept.join().unwrap();
    assert!(
        r.as_ref().is_err_and(error::is_shut_down),
        "accept: {:?}",
        r.map(|_| ())
    );
    let r = connect.join().unwrap();
    assert!(r.as_ref().is_err_and(error::is_shut_down), "connect: {r:?}");
    // The resolution may have finished before the drop; it never hangs.
    let r = resolve.join().unwrap();
    assert!(
        r.as_ref().map_or_else(error::is_shut_down, |_| true),
        "resolve: {r:?}"
    );
}

#[test]
fn a_connect_on_a_socket_closed_after_it_started_is_aborted_and_before_it_opens_it() {
    let _w = watchdog(20);
    let io = IoContext::new().unwrap();
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let addr = listener.local_addr().unwrap();
    let sock = jeton::net::TcpSocket::new(&io.executor());
    let connect = sock.async_connect(addr, UseFuture);
    sock.close(); // the socket was never opened: the close still aborts the connect
    let r = io.block_on(connect);
    assert!(r.as_ref().is_err_and(error::is_aborted), "{r:?}");
    assert!(!sock.is_open());
    // Closed before the connect started: the connect opens it, as Asio's.
    let r = support::block_on_restarted(&io, sock.async_connect(addr, UseFuture));
    assert!(r.is_ok(), "{r:?}");
    assert!(sock.is_open());
}

#[test]
fn channel_waits_awaited_elsewhere_or_blocking_are_aborted_when_their_context_is_dropped() {
    use jeton::channel::Channel;
    let _w = watchdog(20);
    let mut ctx = Running::new();
    let ex = ctx.ex();
    let empty = Channel::<u32>::new(&ex, 0); // a receive waits
    let full = Channel::<u32>::new(&ex, 1); // a send waits, once the buffer holds one
    full.try_send(1).unwrap();
    let blocking = Channel::<u32>::new(&ex, 0); // a Blocking receive waits
    let (started_tx, started_rx) = mpsc::channel::<()>();
    let receive = {
        let (ch, tx) = (empty.clone(), started_tx.clone());
        await_elsewhere(async move {
            tx.send(()).unwrap();
            ch.async_receive(UseFuture).await
        })
    };
    let send = {
        let (ch, tx) = (full.clone(), started_tx.clone());
        await_elsewhere(async move {
            tx.send(()).unwrap();
            ch.async_send(2, UseFuture)
                .await
                .map_err(|e| e.into_parts().0)
        })
    };
    let blocked = {
        let ch = blocking.clone();
        std::thread::spawn(move || {
            started_tx.send(()).unwrap();
            ch.receive()
        })
    };
    for _ in 0..3 {
        started_rx.recv().unwrap();
    }
    std::thread::sleep(Duration::from_millis(20)); // all three are waiting in their channels
    ctx.drop_context();
    for (what, r) in [
        ("receive", receive.join().unwrap()),
        ("send", send.join().unwrap().map(|()| 0)),
        ("blocking receive", blocked.join().unwrap()),
    ] {
        assert!(r.as_ref().is_err_and(error::is_shut_down), "{what}: {r:?}");
    }
}
