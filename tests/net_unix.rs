//! Unix domain sockets: stream round trips (listener on a temporary path, connect_pair) in
//! callback, future and blocking styles, datagrams (bound paths and pairs), peer close, and
//! cancellation.

#[path = "support/net_udp.rs"]
mod support;

use std::io::{self, Read, Write};
use std::net::Shutdown;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{mpsc, Arc};
use std::time::Duration;

use jeton::net::unix::{self, SocketAddr};
use jeton::net::{UnixDatagram, UnixListener, UnixStream};
use jeton::{co_spawn, error, Blocking, IoContext, UseFuture};
use support::{watchdog, TempPath};

#[test]
fn stream_round_trip_with_callbacks() {
    let _watchdog = watchdog(20);
    let io = IoContext::new().unwrap();
    let ex = io.executor();
    let path = TempPath::new("cb");
    let listener = UnixListener::bind(&ex, &path).unwrap();
    assert_eq!(
        listener.local_addr().unwrap().as_pathname(),
        Some(path.path())
    );
    let calls = Arc::new(AtomicUsize::new(0));
    let (tx, rx) = mpsc::channel();

    // Server: accept, read once, echo back.
    let c = calls.clone();
    listener.async_accept(move |r: io::Result<(UnixStream, SocketAddr)>| {
        c.fetch_add(1, Ordering::SeqCst);
        let s = Arc::new(r.unwrap().0);
        let s2 = s.clone();
        s.async_read_some(
            vec![0u8; 64],
            move |(r, mut buf): (io::Result<usize>, Vec<u8>)| {
                c.fetch_add(1, Ordering::SeqCst);
                buf.truncate(r.unwrap());
                // The handler keeps the stream alive: dropping it would abort the write.
                let keep = s2.clone();
                s2.async_write_some(buf, move |(r, _): (io::Result<usize>, Vec<u8>)| {
                    c.fetch_add(1, Ordering::SeqCst);
                    assert_eq!(r.unwrap(), 5);
                    drop(keep);
                });
            },
        );
    });
    // Client: connect, write, read the echo.
    let c = calls.clone();
    let client = Arc::new(UnixStream::new(&ex));
    let s = client.clone();
    client.async_connect(path.path(), move |r: io::Result<()>| {
        c.fetch_add(1, Ordering::SeqCst);
        r.unwrap();
        let s2 = s.clone();
        s.async_write_some(
            b"hello".to_vec(),
            move |(r, _): (io::Result<usize>, Vec<u8>)| {
                c.fetch_add(1, Ordering::SeqCst);
                assert_eq!(r.unwrap(), 5);
                s2.clone().async_read_some(
                    vec![0u8; 64],
                    move |(r, buf): (io::Result<usize>, Vec<u8>)| {
                        c.fetch_add(1, Ordering::SeqCst);
                        tx.send(buf[..r.unwrap()].to_vec()).unwrap();
                        drop(s2);
                    },
                );
            },
        );
    });
    assert_eq!(
        calls.load(Ordering::SeqCst),
        0,
        "no handler inside initiation (G2)"
    );
    io.run();
    assert_eq!(
        calls.load(Ordering::SeqCst),
        6,
        "each handler ran exactly once"
    );
    assert_eq!(rx.try_recv().unwrap(), b"hello");
}

#[test]
fn stream_round_trip_blocking_needs_no_running_context() {
    let _watchdog = watchdog(20);
    let io = IoContext::new().unwrap();
    let ex = io.executor();
    let path = TempPath::new("blk");
    let listener = UnixListener::bind(&ex, &path).unwrap();
    // The connection completes against the backlog; accept picks it up after.
    let client = UnixStream::new(&ex);
    client.connect(&path).unwrap();
    let (server, _peer) = listener.accept().unwrap();
    assert_eq!(client.peer_addr().unwrap().as_pathname(), Some(path.path()));

    (&client).write_all(b"blocking bytes").unwrap();
    let mut buf = [0u8; 14];
    (&server).read_exact(&mut buf).unwrap();
    assert_eq!(&buf, b"blocking bytes");
    assert_eq!(server.write_some(b"ok").unwrap(), 2);
    let mut back = [0u8; 2];
    assert_eq!(client.read_some(&mut back).unwrap(), 2);
    assert_eq!(&back, b"ok");
    assert_eq!(io.poll(), 0, "nothing was queued on the context");
}

#[test]
fn accept_in_a_coroutine() {
    let _watchdog = watchdog(20);
    let io = IoContext::new().unwrap();
    let ex = io.executor();
    let path = TempPath::new("co");
    let listener = UnixListener::bind(&ex, &path).unwrap();
    let server = co_spawn(
        &ex,
        async move {
            let (s, _) = listener.async_accept(UseFuture).await?;
            let mut buf = [0u8; 16];
            let n = s.async_read_some(&mut buf[..], UseFuture).await?;
            Ok::<_, io::Error>(buf[..n].to_vec())
        },
        UseFuture,
    );
    let p = path.path().to_owned();
    let client = std::thread::spawn(move || {
        let ex = ex;
        let s = UnixStream::new(&ex);
        s.connect(&p).unwrap();
        s.write_some(b"future").unwrap();
    });
    assert_eq!(io.block_on(server).unwrap(), b"future");
    client.join().unwrap();
}

#[test]
fn connect_pair_round_trip_through_the_stream_traits() {
    let _watchdog = watchdog(20);
    let io = IoContext::new().unwrap();
    let (a, b) = unix::connect_pair(&io.executor()).unwrap();
    let out = io.block_on(async {
        // The free functions of jeton::io work on the stream through its traits.
        jeton::io::async_write_some(&a, &b"via traits"[..], UseFuture).await?;
        let mut buf = [0u8; 32];
        let n = jeton::io::async_read_some(&b, &mut buf[..], UseFuture).await?;
        Ok::<_, io::Error>(buf[..n].to_vec())
    });
    assert_eq!(out.unwrap(), b"via traits");
    // And blocking, on the same pair.
    b.write_some(b"back").unwrap();
    let mut buf = [0u8; 4];
    a.async_read_some(&mut buf[..], Blocking).unwrap();
    assert_eq!(&buf, b"back");
}

#[test]
fn zero_length_stream_operations_complete_at_once() {
    let _watchdog = watchdog(20);
    let io = IoContext::new().unwrap();
    let (a, _b) = unix::connect_pair(&io.executor()).unwrap();
    assert_eq!(a.read_some(&mut []).unwrap(), 0);
    assert_eq!(a.write_some(&[]).unwrap(), 0);
}

#[test]
fn peer_close_makes_reads_return_zero() {
    let _watchdog = watchdog(20);
    let io = IoContext::new().unwrap();
    let (a, b) = unix::connect_pair(&io.executor()).unwrap();
    // Closure style: the read is pending when the peer goes away.
    let (tx, rx) = mpsc::channel();
    b.async_read_some(vec![0u8; 8], move |(r, _): (io::Result<usize>, Vec<u8>)| {
        tx.send(r.unwrap()).unwrap();
    });
    io.poll();
    a.write_some(b"last").unwrap();
    drop(a);
    io.run();
    assert_eq!(
        rx.try_recv().unwrap(),
        4,
        "data before the close is delivered"
    );
    let mut buf = [0u8; 8];
    assert_eq!(b.read_some(&mut buf).unwrap(), 0, "then end of stream");

    // Shutdown of the write half is seen the same way.
    let (c, d) = unix::connect_pair(&io.executor()).unwrap();
    c.shutdown(Shutdown::Write).unwrap();
    assert_eq!(d.read_some(&mut buf).unwrap(), 0);
}

#[test]
fn cancel_and_close_abort_pending_reads_once() {
    let _watchdog = watchdog(20);
    let io = IoContext::new().unwrap();
    let (a, b) = unix::connect_pair(&io.executor()).unwrap();
    let calls = Arc::new(AtomicUsize::new(0));
    let (tx, rx) = mpsc::channel();

    // cancel() with a pending read: aborted, and the stream stays usable.
    let (c, t) = (calls.clone(), tx.clone());
    a.async_read_some(vec![0u8; 8], move |(r, _): (io::Result<usize>, Vec<u8>)| {
        c.fetch_add(1, Ordering::SeqCst);
        t.send(r.map(|_| ())).unwrap();
    });
    io.poll();
    assert_eq!(calls.load(Ordering::SeqCst), 0, "the read is pending");
    a.cancel();
    io.run();
    assert!(error::is_aborted(&rx.try_recv().unwrap().unwrap_err()));
    assert_eq!(calls.load(Ordering::SeqCst), 1);
    b.write_some(b"still").unwrap();
    let mut buf = [0u8; 8];
    assert_eq!(a.read_some(&mut buf).unwrap(), 5);

    // close() with a pending read.
    io.restart();
    let c = calls.clone();
    a.async_read_some(vec![0u8; 8], move |(r, _): (io::Result<usize>, Vec<u8>)| {
        c.fetch_add(1, Ordering::SeqCst);
        tx.send(r.map(|_| ())).unwrap();
    });
    io.poll();
    a.close();
    assert!(!a.is_open());
    io.run();
    assert!(error::is_aborted(&rx.try_recv().unwrap().unwrap_err()));
    assert_eq!(calls.load(Ordering::SeqCst), 2);
    assert!(a.write_some(b"x").is_err(), "a closed stream fails");
}

#[test]
fn cancel_aborts_a_pending_accept() {
    let _watchdog = watchdog(20);
    let io = IoContext::new().unwrap();
    let path = TempPath::new("acc");
    let listener = UnixListener::bind(&io.executor(), &path).unwrap();
    let (tx, rx) = mpsc::channel();
    listener.async_accept(move |r: io::Result<(UnixStream, SocketAddr)>| {
        tx.send(r.map(|_| ())).unwrap();
    });
    io.poll();
    listener.cancel();
    io.run();
    assert!(error::is_aborted(&rx.try_recv().unwrap().unwrap_err()));
    assert_eq!(rx.try_recv().ok().map(|_| ()), None, "exactly once");
}

#[test]
fn connect_to_a_missing_path_fails_through_the_handler() {
    let _watchdog = watchdog(20);
    let io = IoContext::new().unwrap();
    let path = TempPath::new("missing");
    let called = Arc::new(AtomicUsize::new(0));
    let c = called.clone();
    let client = UnixStream::new(&io.executor());
    client.async_connect(path.path(), move |r: io::Result<()>| {
        c.fetch_add(1, Ordering::SeqCst);
        assert_eq!(r.unwrap_err().kind(), io::ErrorKind::NotFound);
    });
    assert_eq!(
        called.load(Ordering::SeqCst),
        0,
        "not inside the initiating call (G2)"
    );
    io.run();
    assert_eq!(called.load(Ordering::SeqCst), 1);
    assert!(UnixStream::new(&io.executor())
        .connect(path.path())
        .is_err());
}

#[test]
fn datagram_round_trip_between_bound_paths() {
    let _watchdog = watchdog(20);
    let io = IoContext::new().unwrap();
    let ex = io.executor();
    let (pa, pb) = (TempPath::new("dga"), TempPath::new("dgb"));
    let a = UnixDatagram::bind(&ex, &pa).unwrap();
    let b = Arc::new(UnixDatagram::bind(&ex, &pb).unwrap());

    // Blocking.
    assert_eq!(a.send_to(b"hi", &pb).unwrap(), 2);
    let mut buf = [0u8; 8];
    let (n, from) = b.recv_from(&mut buf).unwrap();
    assert_eq!(&buf[..n], b"hi");
    assert_eq!(from.as_pathname(), Some(pa.path()));

    // Closures: b echoes to the sender's path; the path is an owned PathBuf.
    let (tx, rx) = mpsc::channel();
    let b2 = b.clone();
    b.async_recv_from(
        vec![0u8; 16],
        move |(r, mut buf): (io::Result<(usize, SocketAddr)>, Vec<u8>)| {
            let (n, from) = r.unwrap();
            buf.truncate(n);
            let to = from.as_pathname().unwrap().to_owned();
            b2.async_send_to(buf, to, |(r, _): (io::Result<usize>, Vec<u8>)| {
                assert_eq!(r.unwrap(), 5);
            });
        },
    );
    a.async_send_to(
        b"again".to_vec(),
        pb.path().to_owned(),
        |(r, _): (io::Result<usize>, Vec<u8>)| assert_eq!(r.unwrap(), 5),
    );
    a.async_recv_from(
        vec![0u8; 16],
        move |(r, buf): (io::Result<(usize, SocketAddr)>, Vec<u8>)| {
            let (n, _) = r.unwrap();
            tx.send(buf[..n].to_vec()).unwrap();
        },
    );
    io.run();
    assert_eq!(rx.try_recv().unwrap(), b"again");
}

#[test]
fn datagram_pair_and_connected_sockets() {
    let _watchdog = watchdog(20);
    let io = IoContext::new().unwrap();
    let ex = io.executor();
    let (a, b) = UnixDatagram::pair(&ex).unwrap();
    let got = io.block_on(async {
        a.async_send(&b"one"[..], UseFuture).await?;
        a.async_send(&[][..], UseFuture).await?; // a zero-length datagram
        let mut buf = [0u8; 8];
        let n = b.async_recv(&mut buf[..], UseFuture).await?;
        let m = b.async_recv(&mut buf[n..], UseFuture).await?;
        Ok::<_, io::Error>((buf[..n].to_vec(), m))
    });
    assert_eq!(got.unwrap(), (b"one".to_vec(), 0));

    // An unbound socket connected to a bound one.
    let path = TempPath::new("dgc");
    let server = UnixDatagram::bind(&ex, &path).unwrap();
    let client = UnixDatagram::unbound(&ex).unwrap();
    client.connect(&path).unwrap();
    assert_eq!(client.peer_addr().unwrap().as_pathname(), Some(path.path()));
    client.send(b"connected").unwrap();
    let mut buf = [0u8; 16];
    let (n, from) = server.recv_from(&mut buf).unwrap();
    assert_eq!(&buf[..n], b"connected");
    assert!(from.is_unnamed());
}

#[test]
fn datagram_cancel_aborts_a_pending_recv() {
    let _watchdog = watchdog(20);
    let io = IoContext::new().unwrap();
    let (a, _b) = UnixDatagram::pair(&io.executor()).unwrap();
    let a = Arc::new(a);
    let canceller = {
        let a = a.clone();
        std::thread::spawn(move || {
            std::thread::sleep(Duration::from_millis(50));
            a.cancel();
        })
    };
    let mut buf = [0u8; 4];
    let r = a.recv(&mut buf); // blocking, interrupted by cancel() from another thread
    canceller.join().unwrap();
    assert!(error::is_aborted(&r.unwrap_err()));
}

#[test]
fn types_are_send_and_sync() {
    fn send_sync<T: Send + Sync>() {}
    send_sync::<UnixStream>();
    send_sync::<UnixListener>();
    send_sync::<UnixDatagram>();
}
