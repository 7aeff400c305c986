//! UDP sockets: round trips with every token, sender addresses, connected sockets, options,
//! and cancellation (cancel, close, drop) of pending receives.

#[path = "support/net_udp.rs"]
mod support;

use std::io;
use std::net::{Ipv4Addr, SocketAddr};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{mpsc, Arc};
use std::time::Duration;

use jeton::net::{UdpRecvFrom, UdpSendTo, UdpSocket};
use jeton::{co_spawn, error, IoContext, UseFuture};
use support::watchdog;

fn loopback() -> SocketAddr {
    "127.0.0.1:0".parse().unwrap()
}

fn pair(io: &IoContext) -> (UdpSocket, UdpSocket) {
    let a = UdpSocket::bind(&io.executor(), loopback()).unwrap();
    let b = UdpSocket::bind(&io.executor(), loopback()).unwrap();
    (a, b)
}

#[test]
fn round_trip_with_closures_calls_each_handler_once() {
    let _watchdog = watchdog(20);
    let io = IoContext::new().unwrap();
    let (a, b) = pair(&io);
    let (a_addr, b_addr) = (a.local_addr().unwrap(), b.local_addr().unwrap());
    let b = Arc::new(b);
    let calls = Arc::new(AtomicUsize::new(0));
    let (tx, rx) = mpsc::channel();

    // Server: receive one datagram, report it, echo it back to its sender.
    let server = b.clone();
    let (c, t) = (calls.clone(), tx.clone());
    b.async_recv_from(
        vec![0u8; 64],
        move |(r, mut buf): (io::Result<(usize, SocketAddr)>, Vec<u8>)| {
            c.fetch_add(1, Ordering::SeqCst);
            let (n, from) = r.unwrap();
            buf.truncate(n);
            t.send(("server got", buf.clone(), from)).unwrap();
            let c = c.clone();
            server.async_send_to(buf, from, move |(r, _): (io::Result<usize>, Vec<u8>)| {
                c.fetch_add(1, Ordering::SeqCst);
                assert_eq!(r.unwrap(), 5);
            });
        },
    );
    let c = calls.clone();
    a.async_send_to(
        b"hello".to_vec(),
        b_addr,
        move |(r, buf): (io::Result<usize>, Vec<u8>)| {
            c.fetch_add(1, Ordering::SeqCst);
            assert_eq!(r.unwrap(), 5);
            assert_eq!(buf, b"hello"); // the buffer comes back
        },
    );
    let c = calls.clone();
    a.async_recv_from(
        vec![0u8; 64],
        move |(r, buf): (io::Result<(usize, SocketAddr)>, Vec<u8>)| {
            c.fetch_add(1, Ordering::SeqCst);
            let (n, from) = r.unwrap();
            tx.send(("client got", buf[..n].to_vec(), from)).unwrap();
        },
    );
    assert_eq!(
        calls.load(Ordering::SeqCst),
        0,
        "no handler inside initiation (G2)"
    );
    io.run(); // returns: every operation completed (G4)

    assert_eq!(calls.load(Ordering::SeqCst), 4);
    let got: Vec<_> = rx.try_iter().collect();
    assert_eq!(
        got,
        vec![
            ("server got", b"hello".to_vec(), a_addr),
            ("client got", b"hello".to_vec(), b_addr),
        ]
    );
}

#[test]
fn round_trip_with_use_future_in_a_coroutine() {
    let _watchdog = watchdog(20);
    let io = IoContext::new().unwrap();
    let (a, b) = pair(&io);
    let (a_addr, b_addr) = (a.local_addr().unwrap(), b.local_addr().unwrap());
    let (tx, rx) = mpsc::channel();
    co_spawn(
        &io.executor(),
        async move {
            let mut buf = [0u8; 32];
            let (n, from) = b.async_recv_from(&mut buf[..], UseFuture).await?;
            b.async_send_to(&buf[..n], from, UseFuture).await?;
            Ok::<_, io::Error>(from)
        },
        move |r: io::Result<SocketAddr>| tx.send(r.unwrap()).unwrap(),
    );
    let client = co_spawn(
        &io.executor(),
        async move {
            a.async_send_to(&b"coroutine"[..], b_addr, UseFuture)
                .await?;
            let mut buf = [0u8; 32];
            let (n, from) = a.async_recv_from(&mut buf[..], UseFuture).await?;
            Ok::<_, io::Error>((buf[..n].to_vec(), from))
        },
        UseFuture,
    );
    let (echo, from) = io.block_on(client).unwrap();
    io.run();
    assert_eq!(echo, b"coroutine");
    assert_eq!(from, b_addr);
    assert_eq!(rx.try_recv().unwrap(), a_addr);
}

#[test]
fn round_trip_blocking_needs_no_running_context() {
    let _watchdog = watchdog(20);
    let io = IoContext::new().unwrap();
    let (a, b) = pair(&io);
    let (a_addr, b_addr) = (a.local_addr().unwrap(), b.local_addr().unwrap());
    assert_eq!(a.send_to(b"block", b_addr).unwrap(), 5);
    let mut buf = [0u8; 16];
    let (n, from) = b.recv_from(&mut buf).unwrap();
    assert_eq!((&buf[..n], from), (&b"block"[..], a_addr));
    b.send_to(&buf[..n], from).unwrap();
    let mut back = [0u8; 16];
    let (m, from) = a.recv_from(&mut back).unwrap();
    assert_eq!((&back[..m], from), (&b"block"[..], b_addr));
    assert_eq!(io.poll(), 0, "nothing was queued on the context");
}

#[test]
fn recv_from_reports_each_sender() {
    let _watchdog = watchdog(20);
    let io = IoContext::new().unwrap();
    let server = UdpSocket::bind(&io.executor(), loopback()).unwrap();
    let to = server.local_addr().unwrap();
    let senders: Vec<UdpSocket> = (0..3)
        .map(|_| UdpSocket::bind(&io.executor(), loopback()).unwrap())
        .collect();
    for (i, s) in senders.iter().enumerate() {
        s.send_to(&[i as u8], to).unwrap();
    }
    let mut seen = Vec::new();
    for _ in 0..3 {
        let mut buf = [0u8; 4];
        let (n, from) = server.recv_from(&mut buf).unwrap();
        assert_eq!(n, 1);
        seen.push((buf[0], from));
    }
    seen.sort();
    let expected: Vec<_> = senders
        .iter()
        .enumerate()
        .map(|(i, s)| (i as u8, s.local_addr().unwrap()))
        .collect();
    assert_eq!(seen, expected);
}

#[test]
fn zero_length_datagrams_are_datagrams() {
    let _watchdog = watchdog(20);
    let io = IoContext::new().unwrap();
    let (a, b) = pair(&io);
    assert_eq!(a.send_to(&[], b.local_addr().unwrap()).unwrap(), 0);
    let mut buf = [0u8; 8];
    let (n, from) = b.recv_from(&mut buf).unwrap();
    assert_eq!((n, from), (0, a.local_addr().unwrap()));
}

#[test]
fn connected_send_and_recv() {
    let _watchdog = watchdog(20);
    let io = IoContext::new().unwrap();
    let (a, b) = pair(&io);
    let (a_addr, b_addr) = (a.local_addr().unwrap(), b.local_addr().unwrap());
    assert!(a.peer_addr().is_err(), "not connected yet");
    a.connect(b_addr).unwrap();
    b.connect(a_addr).unwrap();
    assert_eq!(a.peer_addr().unwrap(), b_addr);

    // Blocking.
    assert_eq!(a.send(b"one").unwrap(), 3);
    let mut buf = [0u8; 8];
    assert_eq!(b.recv(&mut buf).unwrap(), 3);
    assert_eq!(&buf[..3], b"one");

    // Closures.
    let (tx, rx) = mpsc::channel();
    let t = tx.clone();
    b.async_recv(
        vec![0u8; 8],
        move |(r, buf): (io::Result<usize>, Vec<u8>)| {
            t.send(buf[..r.unwrap()].to_vec()).unwrap();
        },
    );
    a.async_send(
        b"two".to_vec(),
        move |(r, _): (io::Result<usize>, Vec<u8>)| {
            tx.send(vec![r.unwrap() as u8]).unwrap();
        },
    );
    io.run();
    let mut got: Vec<Vec<u8>> = rx.try_iter().collect();
    got.sort();
    assert_eq!(got, vec![vec![3u8], b"two".to_vec()]);
}

#[test]
fn cancel_aborts_a_pending_recv_from_once() {
    let _watchdog = watchdog(20);
    let io = IoContext::new().unwrap();
    let sock = UdpSocket::bind(&io.executor(), loopback()).unwrap();
    let calls = Arc::new(AtomicUsize::new(0));
    let (tx, rx) = mpsc::channel();
    let c = calls.clone();
    sock.async_recv_from(
        vec![7u8; 16],
        move |(r, buf): (io::Result<(usize, SocketAddr)>, Vec<u8>)| {
            c.fetch_add(1, Ordering::SeqCst);
            tx.send((r.map(|_| ()), buf)).unwrap();
        },
    );
    io.poll(); // the receive is now waiting on the reactor
    assert_eq!(calls.load(Ordering::SeqCst), 0);
    sock.cancel();
    io.run();
    assert_eq!(calls.load(Ordering::SeqCst), 1);
    let (r, buf) = rx.try_recv().unwrap();
    assert!(error::is_aborted(&r.unwrap_err()));
    assert_eq!(buf, vec![7u8; 16], "the buffer comes back untouched");
    // The socket still works after cancel().
    let peer = UdpSocket::bind(&io.executor(), loopback()).unwrap();
    peer.send_to(b"x", sock.local_addr().unwrap()).unwrap();
    let mut b = [0u8; 4];
    assert_eq!(sock.recv_from(&mut b).unwrap().0, 1);
}

#[test]
fn cancel_before_the_first_poll_aborts() {
    let _watchdog = watchdog(20);
    let io = IoContext::new().unwrap();
    let sock = UdpSocket::bind(&io.executor(), loopback()).unwrap();
    let mut buf = [0u8; 4];
    let pending = sock.async_recv_from(&mut buf[..], UseFuture);
    sock.cancel();
    assert!(error::is_aborted(&io.block_on(pending).unwrap_err()));
}

#[test]
fn close_aborts_pending_operations_and_later_ones_fail() {
    let _watchdog = watchdog(20);
    let io = IoContext::new().unwrap();
    let sock = UdpSocket::bind(&io.executor(), loopback()).unwrap();
    let calls = Arc::new(AtomicUsize::new(0));
    let (tx, rx) = mpsc::channel();
    let c = calls.clone();
    sock.async_recv_from(
        vec![0u8; 16],
        move |(r, _): (io::Result<(usize, SocketAddr)>, Vec<u8>)| {
            c.fetch_add(1, Ordering::SeqCst);
            tx.send(r.map(|_| ())).unwrap();
        },
    );
    io.poll();
    assert!(sock.is_open());
    sock.close();
    sock.close(); // closing twice is a no-op
    assert!(!sock.is_open());
    io.run();
    assert_eq!(calls.load(Ordering::SeqCst), 1);
    assert!(error::is_aborted(&rx.try_recv().unwrap().unwrap_err()));
    assert!(sock.local_addr().is_err());
    assert!(sock.send_to(b"x", loopback()).is_err());
}

#[test]
fn drop_aborts_a_pending_recv_from() {
    let _watchdog = watchdog(20);
    let io = IoContext::new().unwrap();
    let sock = UdpSocket::bind(&io.executor(), loopback()).unwrap();
    let (tx, rx) = mpsc::channel();
    sock.async_recv_from(
        vec![0u8; 16],
        move |(r, _): (io::Result<(usize, SocketAddr)>, Vec<u8>)| tx.send(r.map(|_| ())).unwrap(),
    );
    io.poll();
    drop(sock);
    io.run();
    assert!(error::is_aborted(&rx.try_recv().unwrap().unwrap_err()));
}

#[test]
fn cancel_from_another_thread_interrupts_a_blocking_recv() {
    let _watchdog = watchdog(20);
    let io = IoContext::new().unwrap();
    let sock = Arc::new(UdpSocket::bind(&io.executor(), loopback()).unwrap());
    let canceller = {
        let sock = sock.clone();
        std::thread::spawn(move || {
            std::thread::sleep(Duration::from_millis(50));
            sock.cancel();
        })
    };
    let mut buf = [0u8; 4];
    let r = sock.recv_from(&mut buf);
    canceller.join().unwrap();
    assert!(error::is_aborted(&r.unwrap_err()));
}

#[test]
fn full_duplex_send_while_a_recv_is_pending() {
    let _watchdog = watchdog(20);
    let io = IoContext::new().unwrap();
    let (a, b) = pair(&io);
    let b_addr = b.local_addr().unwrap();
    let a = Arc::new(a);
    let (tx, rx) = mpsc::channel();
    let t = tx.clone();
    a.async_recv_from(
        vec![0u8; 8],
        move |(r, buf): (io::Result<(usize, SocketAddr)>, Vec<u8>)| {
            t.send(buf[..r.unwrap().0].to_vec()).unwrap();
        },
    );
    a.async_send_to(
        b"ping".to_vec(),
        b_addr,
        move |(r, _): (io::Result<usize>, Vec<u8>)| {
            tx.send(vec![r.unwrap() as u8]).unwrap();
        },
    );
    let echo = std::thread::spawn(move || {
        let mut buf = [0u8; 8];
        let (n, from) = b.recv_from(&mut buf).unwrap();
        b.send_to(&buf[..n], from).unwrap();
    });
    io.run();
    echo.join().unwrap();
    let mut got: Vec<Vec<u8>> = rx.try_iter().collect();
    got.sort();
    assert_eq!(got, vec![vec![4u8], b"ping".to_vec()]);
}

#[test]
fn options_round_trip() {
    let _watchdog = watchdog(20);
    let io = IoContext::new().unwrap();
    let sock = UdpSocket::bind(&io.executor(), loopback()).unwrap();
    sock.set_broadcast(true).unwrap();
    assert!(sock.broadcast().unwrap());
    sock.set_broadcast(false).unwrap();
    assert!(!sock.broadcast().unwrap());
    sock.set_ttl(42).unwrap();
    assert_eq!(sock.ttl().unwrap(), 42);
    sock.set_multicast_ttl_v4(3).unwrap();
    assert_eq!(sock.multicast_ttl_v4().unwrap(), 3);
    sock.set_multicast_loop_v4(false).unwrap();
    assert!(!sock.multicast_loop_v4().unwrap());
    sock.set_multicast_loop_v4(true).unwrap();
    assert!(sock.multicast_loop_v4().unwrap());
    assert!(sock.take_error().unwrap().is_none());
    sock.close();
    assert!(sock.set_ttl(1).is_err(), "options on a closed socket fail");
}

#[test]
fn multicast_v4_join_and_leave() {
    let _watchdog = watchdog(20);
    let io = IoContext::new().unwrap();
    let sock = UdpSocket::bind(&io.executor(), "0.0.0.0:0").unwrap();
    let group = Ipv4Addr::new(239, 255, 42, 99);
    // Leaving a group never joined is an error, not a panic.
    assert!(sock
        .leave_multicast_v4(group, Ipv4Addr::UNSPECIFIED)
        .is_err());
    // A unicast "group" is rejected.
    assert!(sock
        .join_multicast_v4(Ipv4Addr::LOCALHOST, Ipv4Addr::UNSPECIFIED)
        .is_err());
    match sock.join_multicast_v4(group, Ipv4Addr::UNSPECIFIED) {
        Ok(()) => {
            sock.leave_multicast_v4(group, Ipv4Addr::UNSPECIFIED)
                .unwrap();
            assert!(sock
                .leave_multicast_v4(group, Ipv4Addr::UNSPECIFIED)
                .is_err());
        }
        // Sandboxes without a multicast route refuse the join itself.
        Err(e) => eprintln!("multicast join unavailable here: {e}"),
    }
}

#[test]
fn ipv6_loopback_round_trip_and_multicast_loop() {
    let _watchdog = watchdog(20);
    let io = IoContext::new().unwrap();
    let Ok(a) = UdpSocket::bind(&io.executor(), "[::1]:0") else {
        eprintln!("no IPv6 loopback here");
        return;
    };
    let b = UdpSocket::bind(&io.executor(), "[::1]:0").unwrap();
    a.send_to(b"v6", b.local_addr().unwrap()).unwrap();
    let mut buf = [0u8; 4];
    let (n, from) = b.recv_from(&mut buf).unwrap();
    assert_eq!((&buf[..n], from), (&b"v6"[..], a.local_addr().unwrap()));
    a.set_multicast_loop_v6(false).unwrap();
    assert!(!a.multicast_loop_v6().unwrap());
    let group = "ff02::1:3".parse().unwrap();
    if a.join_multicast_v6(group, 0).is_ok() {
        a.leave_multicast_v6(group, 0).unwrap();
    }
}

#[test]
fn sockets_and_operations_are_send_and_sync() {
    fn send_sync<T: Send + Sync>() {}
    fn send<T: Send>() {}
    send_sync::<UdpSocket>();
    send::<UdpSendTo<Vec<u8>>>();
    send::<UdpRecvFrom<&mut [u8]>>();
}
