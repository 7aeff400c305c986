//! Connecting: the leaf `async_connect` (auto-open, refused, cancel, close) and
//! `net::connect`/`net::async_connect` over a list of endpoints, in every token style.

#[path = "support/net.rs"]
mod net_support;

use std::io;
use std::net::SocketAddr;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{mpsc, Arc};
use std::time::{Duration, Instant};

use jeton::net::{self, TcpAcceptor, TcpSocket};
use jeton::{cancel_after, error, Blocking, Executor, IoContext, SteadyTimer, UseFuture};
use net_support::*;

/// A listener whose accept queue is full (backlog 1, never accepted): further connection
/// attempts stay pending (Linux drops their SYNs), which makes a connect that does not
/// complete, on loopback. Returns the acceptor and the connections that fill it.
fn full_listener(ex: &Executor) -> (TcpAcceptor, Vec<std::net::TcpStream>, SocketAddr) {
    let acceptor = TcpAcceptor::bind_with_backlog(ex, loopback(), 1).unwrap();
    let addr = acceptor.local_addr().unwrap();
    let mut fill = Vec::new();
    for _ in 0..64 {
        match std::net::TcpStream::connect_timeout(&addr, Duration::from_millis(200)) {
            Ok(s) => fill.push(s),
            Err(e) if e.kind() == io::ErrorKind::TimedOut => return (acceptor, fill, addr),
            Err(e) => panic!("filling the backlog: {e}"),
        }
    }
    panic!("the accept queue never filled up");
}

#[test]
fn connect_opens_a_closed_socket() {
    let _w = watchdog(20);
    let io = IoContext::new().unwrap();
    let acceptor = TcpAcceptor::bind(&io.executor(), loopback()).unwrap();
    let sock = TcpSocket::new(&io.executor());
    assert!(!sock.is_open());
    sock.connect(acceptor.local_addr().unwrap()).unwrap();
    assert!(sock.is_open());
    assert_eq!(sock.peer_addr().unwrap(), acceptor.local_addr().unwrap());
}

#[test]
fn open_bind_then_connect_uses_the_bound_address() {
    let _w = watchdog(20);
    let io = IoContext::new().unwrap();
    let acceptor = TcpAcceptor::bind(&io.executor(), loopback()).unwrap();
    let sock = TcpSocket::new(&io.executor());
    let e = sock.bind(loopback()).unwrap_err();
    assert_eq!(e.raw_os_error(), Some(libc::EBADF)); // closed
    sock.open(jeton::net::IpFamily::V4).unwrap();
    sock.bind(loopback()).unwrap();
    let local = sock.local_addr().unwrap();
    assert_ne!(local.port(), 0);
    sock.connect(acceptor.local_addr().unwrap()).unwrap();
    let (_, peer) = acceptor.accept().unwrap();
    assert_eq!(peer, local);
}

#[test]
fn connect_in_every_style() {
    let _w = watchdog(20);
    let io = IoContext::new().unwrap();
    let ex = io.executor();
    let acceptor = TcpAcceptor::bind(&ex, loopback()).unwrap();
    let addr = acceptor.local_addr().unwrap();

    // Closure: never called inline.
    let sock = TcpSocket::new(&ex);
    let returned = Arc::new(AtomicBool::new(false));
    let (tx, rx) = mpsc::channel();
    let r = returned.clone();
    sock.async_connect(addr, move |res: io::Result<()>| {
        assert!(r.load(Ordering::SeqCst), "handler called inline");
        tx.send(res).unwrap();
    });
    returned.store(true, Ordering::SeqCst);
    io.run();
    rx.try_recv().unwrap().unwrap();
    assert_eq!(sock.peer_addr().unwrap(), addr);

    // UseFuture, awaited in block_on (run() stopped the context: restart it).
    io.restart();
    let sock = TcpSocket::new(&ex);
    io.block_on(sock.async_connect(addr, UseFuture)).unwrap();
    assert_eq!(sock.peer_addr().unwrap(), addr);

    // Blocking, no thread running the context.
    let sock = TcpSocket::new(&ex);
    sock.async_connect(addr, Blocking).unwrap();
    assert_eq!(sock.peer_addr().unwrap(), addr);
}

#[test]
fn connect_refused_is_an_error_not_a_hang() {
    let _w = watchdog(20);
    let io = IoContext::new().unwrap();
    let ex = io.executor();
    let addr = refused_addr();

    let e = TcpSocket::new(&ex).connect(addr).unwrap_err();
    assert_eq!(e.kind(), io::ErrorKind::ConnectionRefused, "{e:?}");

    let sock = TcpSocket::new(&ex);
    let (tx, rx) = mpsc::channel();
    sock.async_connect(addr, move |r: io::Result<()>| tx.send(r).unwrap());
    io.run();
    let e = rx.try_recv().unwrap().unwrap_err();
    assert_eq!(e.kind(), io::ErrorKind::ConnectionRefused, "{e:?}");

    io.restart(); // run() stopped the context
    let e = io
        .block_on(TcpSocket::new(&ex).async_connect(addr, UseFuture))
        .unwrap_err();
    assert_eq!(e.kind(), io::ErrorKind::ConnectionRefused, "{e:?}");
}

#[test]
fn connect_over_ipv6_loopback_when_available() {
    let _w = watchdog(20);
    let io = IoContext::new().unwrap();
    let Ok(acceptor) = TcpAcceptor::bind(&io.executor(), "[::1]:0") else {
        eprintln!("no IPv6 loopback here: skipped");
        return;
    };
    let sock = TcpSocket::new(&io.executor());
    sock.connect(acceptor.local_addr().unwrap()).unwrap();
    let (_, peer) = acceptor.accept().unwrap();
    assert_eq!(peer, sock.local_addr().unwrap());
    assert!(peer.is_ipv6());
}

#[test]
fn pending_connect_is_aborted_by_cancel_and_close() {
    let _w = watchdog(30);
    let io = IoContext::new().unwrap();
    let ex = io.executor();
    let (_acceptor, _fill, addr) = full_listener(&ex);

    for close in [false, true] {
        let sock = TcpSocket::new(&ex);
        let (tx, rx) = mpsc::channel();
        sock.async_connect(addr, move |r: io::Result<()>| tx.send(r).unwrap());
        io.restart();
        io.poll();
        assert!(rx.try_recv().is_err(), "connect completed early");
        if close {
            sock.close();
        } else {
            sock.cancel();
        }
        io.run();
        let e = rx.try_recv().unwrap().unwrap_err();
        assert!(error::is_aborted(&e), "{e:?}");
        assert!(rx.try_recv().is_err());
    }
}

#[test]
fn connect_cancelled_before_its_first_poll_is_aborted() {
    let _w = watchdog(20);
    let io = IoContext::new().unwrap();
    let acceptor = TcpAcceptor::bind(&io.executor(), loopback()).unwrap();
    let sock = TcpSocket::new(&io.executor());
    let (tx, rx) = mpsc::channel();
    sock.async_connect(acceptor.local_addr().unwrap(), move |r: io::Result<()>| {
        tx.send(r).unwrap()
    });
    sock.cancel();
    io.run();
    assert!(error::is_aborted(&rx.try_recv().unwrap().unwrap_err()));
}

#[test]
fn connect_completes_when_the_connection_closed_before_it_was_seen() {
    let _w = watchdog(20);
    let io = IoContext::new().unwrap(); // not run until the connection is over
    let acceptor = TcpAcceptor::bind(&io.executor(), loopback()).unwrap();
    let sock = TcpSocket::new(&io.executor());
    let (tx, rx) = mpsc::channel();
    sock.async_connect(acceptor.local_addr().unwrap(), move |r: io::Result<()>| {
        tx.send(r).unwrap()
    });
    // Both sides shut the connection down before the connect operation is polled again.
    let (server, _) = acceptor.accept().unwrap();
    sock.shutdown(std::net::Shutdown::Write).unwrap();
    assert_eq!(server.read_some(&mut [0u8; 1]).unwrap(), 0);
    drop(server);
    assert_eq!(sock.read_some(&mut [0u8; 1]).unwrap(), 0);
    io.run();
    rx.try_recv().unwrap().unwrap(); // the connection was made: done, not in progress
}

// ---------------------------------------------------------------------------------------------
// Over a list of endpoints.

#[test]
fn list_first_refuses_second_accepts_in_every_style() {
    let _w = watchdog(20);
    let io = IoContext::new().unwrap();
    let ex = io.executor();
    let acceptor = TcpAcceptor::bind(&ex, loopback()).unwrap();
    let good = acceptor.local_addr().unwrap();
    let bad = refused_addr();

    // Blocking.
    let sock = TcpSocket::new(&ex);
    assert_eq!(net::connect(&sock, [bad, good]).unwrap(), good);
    assert_eq!(sock.peer_addr().unwrap(), good);

    // Closure, through a handle; never called inline.
    let sock = TcpSocket::new(&ex);
    let returned = Arc::new(AtomicBool::new(false));
    let (tx, rx) = mpsc::channel();
    let r = returned.clone();
    net::async_connect(
        sock.handle(),
        vec![bad, good],
        move |res: io::Result<SocketAddr>| {
            assert!(r.load(Ordering::SeqCst), "handler called inline");
            tx.send(res).unwrap();
        },
    );
    returned.store(true, Ordering::SeqCst);
    io.run();
    assert_eq!(rx.try_recv().unwrap().unwrap(), good);
    assert_eq!(sock.peer_addr().unwrap(), good);

    // UseFuture (run() stopped the context: restart it).
    io.restart();
    let sock = TcpSocket::new(&ex);
    let ep = io
        .block_on(net::async_connect(&sock, [bad, good], UseFuture))
        .unwrap();
    assert_eq!(ep, good);

    // The server sees the three connections.
    for _ in 0..3 {
        acceptor.accept().unwrap();
    }
}

#[test]
fn list_mixing_families_reopens_the_socket() {
    let _w = watchdog(20);
    let io = IoContext::new().unwrap();
    let acceptor = TcpAcceptor::bind(&io.executor(), loopback()).unwrap();
    let good = acceptor.local_addr().unwrap();
    // Refused, or no IPv6 at all: either way an error, then the IPv4 endpoint.
    let v6: SocketAddr = format!("[::1]:{}", refused_addr().port()).parse().unwrap();
    let sock = TcpSocket::new(&io.executor());
    sock.open(jeton::net::IpFamily::V6).ok();
    assert_eq!(net::connect(&sock, [v6, good]).unwrap(), good);
    assert!(sock.local_addr().unwrap().is_ipv4());
}

#[test]
fn list_empty_is_not_found() {
    let _w = watchdog(20);
    let io = IoContext::new().unwrap();
    let sock = TcpSocket::new(&io.executor());
    let none: Vec<SocketAddr> = Vec::new();
    assert!(error::is_not_found(
        &net::connect(&sock, none.clone()).unwrap_err()
    ));

    let returned = Arc::new(AtomicBool::new(false));
    let (tx, rx) = mpsc::channel();
    let r = returned.clone();
    net::async_connect(&sock, none, move |res: io::Result<SocketAddr>| {
        assert!(r.load(Ordering::SeqCst), "handler called inline");
        tx.send(res).unwrap();
    });
    returned.store(true, Ordering::SeqCst);
    io.run();
    assert!(error::is_not_found(&rx.try_recv().unwrap().unwrap_err()));
}

#[test]
fn list_all_failing_gives_the_last_error() {
    let _w = watchdog(20);
    let io = IoContext::new().unwrap();
    let sock = TcpSocket::new(&io.executor());
    let e = net::connect(&sock, [refused_addr(), refused_addr()]).unwrap_err();
    assert_eq!(e.kind(), io::ErrorKind::ConnectionRefused, "{e:?}");
}

#[test]
fn list_closed_during_an_attempt_is_aborted_and_stops() {
    let _w = watchdog(30);
    let io = IoContext::new().unwrap();
    let ex = io.executor();
    let (_full, _fill, stuck) = full_listener(&ex);
    let acceptor = TcpAcceptor::bind(&ex, loopback()).unwrap();
    let good = acceptor.local_addr().unwrap();

    let sock = TcpSocket::new(&ex);
    let timer = SteadyTimer::with_duration(&ex, Duration::from_millis(50));
    let handle = sock.handle();
    timer.async_wait(move |_| handle.close());
    let (tx, rx) = mpsc::channel();
    let start = Instant::now();
    net::async_connect(&sock, [stuck, good], move |r: io::Result<SocketAddr>| {
        tx.send(r).unwrap()
    });
    io.run();
    assert!(start.elapsed() >= Duration::from_millis(50));
    let e = rx.try_recv().unwrap().unwrap_err();
    assert!(error::is_aborted(&e), "{e:?}");
    assert!(!sock.is_open(), "the second endpoint was tried");
}

#[test]
fn list_under_blocking_with_a_deadline() {
    let _w = watchdog(30);
    let io = IoContext::new().unwrap();
    let ex = io.executor();
    let (_full, _fill, stuck) = full_listener(&ex);
    let sock = TcpSocket::new(&ex);
    let start = Instant::now();
    let r = net::async_connect(
        &sock,
        [stuck],
        cancel_after(Duration::from_millis(50), Blocking),
    );
    assert!(error::is_aborted(&r.unwrap_err()));
    assert!(start.elapsed() >= Duration::from_millis(50));
}
