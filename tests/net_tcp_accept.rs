//! TCP acceptor: accept in every style, the peer address, cancel/close/drop abort, the
//! `incoming()` stream, accepting onto another context, and running out of descriptors.

#[path = "support/net.rs"]
mod net_support;

use std::io;
use std::net::SocketAddr;
use std::sync::{mpsc, Arc, Mutex};

use futures::{FutureExt, StreamExt};
use jeton::net::{TcpAcceptor, TcpSocket};
use jeton::{co_spawn, error, IoContext, UseFuture};
use net_support::*;

type Accepted = io::Result<(TcpSocket, SocketAddr)>;

#[test]
fn accept_peer_address_is_the_client_local_address() {
    let _w = watchdog(20);
    let io = IoContext::new().unwrap();
    let ex = io.executor();
    let acceptor = TcpAcceptor::bind(&ex, loopback()).unwrap();
    let addr = acceptor.local_addr().unwrap();
    assert!(acceptor.reuse_address().unwrap(), "bind sets SO_REUSEADDR");

    // Blocking.
    let client = TcpSocket::new(&ex);
    client.connect(addr).unwrap();
    let (server, peer) = acceptor.accept().unwrap();
    assert_eq!(peer, client.local_addr().unwrap());
    assert_eq!(server.peer_addr().unwrap(), client.local_addr().unwrap());
    assert_eq!(server.local_addr().unwrap(), addr);

    // Closure, with an asynchronous connect.
    let client = TcpSocket::new(&ex);
    let (tx, rx) = mpsc::channel();
    acceptor.async_accept(move |r: Accepted| tx.send(r.unwrap().1).unwrap());
    client.async_connect(addr, |r: io::Result<()>| r.unwrap());
    io.run();
    assert_eq!(rx.try_recv().unwrap(), client.local_addr().unwrap());

    // UseFuture (run() stopped the context: restart it).
    io.restart();
    let client = TcpSocket::new(&ex);
    client.connect(addr).unwrap();
    let (_, peer) = io.block_on(acceptor.async_accept(UseFuture)).unwrap();
    assert_eq!(peer, client.local_addr().unwrap());
}

#[test]
fn accept_handler_is_not_called_inline_even_when_a_connection_waits() {
    let _w = watchdog(20);
    let io = IoContext::new().unwrap();
    let acceptor = TcpAcceptor::bind(&io.executor(), loopback()).unwrap();
    let client = TcpSocket::new(&io.executor());
    client.connect(acceptor.local_addr().unwrap()).unwrap();
    let calls = Arc::new(Mutex::new(0));
    let c = calls.clone();
    acceptor.async_accept(move |r: Accepted| {
        r.unwrap();
        *c.lock().unwrap() += 1;
    });
    assert_eq!(*calls.lock().unwrap(), 0);
    io.run();
    assert_eq!(*calls.lock().unwrap(), 1);
}

/// Starts an accept with a closure and checks `poll()` does not complete it.
fn pending_accept(io: &IoContext, acceptor: &TcpAcceptor) -> Arc<Mutex<Vec<io::Error>>> {
    let errors = Arc::new(Mutex::new(Vec::new()));
    let e = errors.clone();
    acceptor.async_accept(move |r: Accepted| e.lock().unwrap().push(r.unwrap_err()));
    io.poll();
    assert!(errors.lock().unwrap().is_empty(), "accept completed early");
    errors
}

fn assert_aborted_once(errors: &Mutex<Vec<io::Error>>) {
    let errors = errors.lock().unwrap();
    assert_eq!(errors.len(), 1, "handler not called exactly once");
    assert!(error::is_aborted(&errors[0]), "got {:?}", errors[0]);
}

#[test]
fn cancel_aborts_pending_accept_and_acceptor_stays_usable() {
    let _w = watchdog(20);
    let io = IoContext::new().unwrap();
    let acceptor = TcpAcceptor::bind(&io.executor(), loopback()).unwrap();
    let errors = pending_accept(&io, &acceptor);
    acceptor.cancel();
    io.run();
    assert_aborted_once(&errors);

    let client = TcpSocket::new(&io.executor());
    client.connect(acceptor.local_addr().unwrap()).unwrap();
    let (_, peer) = acceptor.accept().unwrap();
    assert_eq!(peer, client.local_addr().unwrap());
}

#[test]
fn close_and_drop_abort_pending_accept() {
    let _w = watchdog(20);
    let io = IoContext::new().unwrap();
    let acceptor = TcpAcceptor::bind(&io.executor(), loopback()).unwrap();
    let errors = pending_accept(&io, &acceptor);
    acceptor.close();
    io.run();
    assert_aborted_once(&errors);
    assert!(!acceptor.is_open());
    let e = acceptor.accept().unwrap_err();
    assert_eq!(e.raw_os_error(), Some(libc::EBADF));

    io.restart();
    let acceptor = TcpAcceptor::bind(&io.executor(), loopback()).unwrap();
    let errors = pending_accept(&io, &acceptor);
    drop(acceptor);
    io.run();
    assert_aborted_once(&errors);
}

#[test]
fn incoming_stream_accepts_in_a_coroutine_and_ends_on_close() {
    let _w = watchdog(20);
    let io = IoContext::new().unwrap();
    let ex = io.executor();
    let acceptor = Arc::new(TcpAcceptor::bind(&ex, loopback()).unwrap());
    let addr = acceptor.local_addr().unwrap();
    let (tx, rx) = mpsc::channel();
    let mut incoming = acceptor.incoming();
    let a = acceptor.clone();
    co_spawn(
        &ex,
        async move {
            let mut peers = Vec::new();
            while let Some(r) = incoming.next().await {
                let (sock, peer) = r?;
                assert_eq!(sock.peer_addr()?, peer);
                peers.push(peer);
                if peers.len() == 3 {
                    a.close(); // the next poll ends the stream
                }
            }
            Ok::<_, io::Error>(peers)
        },
        move |r: io::Result<Vec<SocketAddr>>| tx.send(r.unwrap()).unwrap(),
    );
    let clients: Vec<TcpSocket> = (0..3)
        .map(|_| {
            let c = TcpSocket::new(&ex);
            c.connect(addr).unwrap();
            c
        })
        .collect();
    io.run();
    let mut peers = rx.try_recv().unwrap();
    let mut expected: Vec<SocketAddr> = clients.iter().map(|c| c.local_addr().unwrap()).collect();
    peers.sort();
    expected.sort();
    assert_eq!(peers, expected);
}

#[test]
fn incoming_yields_aborted_on_cancel_and_goes_on() {
    let _w = watchdog(20);
    let io = IoContext::new().unwrap();
    let ex = io.executor();
    let acceptor = TcpAcceptor::bind(&ex, loopback()).unwrap();
    let mut incoming = acceptor.incoming();
    let mut next = incoming.next();
    let mut cx = std::task::Context::from_waker(futures::task::noop_waker_ref());
    assert!(next.poll_unpin(&mut cx).is_pending());
    acceptor.cancel();
    let e = io.block_on(next).unwrap().unwrap_err();
    assert!(error::is_aborted(&e));

    let client = TcpSocket::new(&ex);
    client.connect(acceptor.local_addr().unwrap()).unwrap();
    let (_, peer) = io.block_on(incoming.next()).unwrap().unwrap();
    assert_eq!(peer, client.local_addr().unwrap());
}

#[test]
fn accept_on_another_context() {
    let _w = watchdog(20);
    let io = IoContext::new().unwrap();
    let other = IoContext::new().unwrap();
    let acceptor = TcpAcceptor::bind(&io.executor(), loopback()).unwrap();
    let client = TcpSocket::new(&io.executor());
    client.connect(acceptor.local_addr().unwrap()).unwrap();
    let (tx, rx) = mpsc::channel();
    acceptor.async_accept_on(&other.executor(), move |r: Accepted| {
        tx.send(r.unwrap().0).unwrap();
    });
    io.run(); // the handler runs on the acceptor's context
    let server = rx.try_recv().unwrap();

    // The accepted socket's operations run on `other`.
    client.write_some(b"x").unwrap();
    let (tx, rx) = mpsc::channel();
    server.async_read_some(vec![0u8; 4], move |(r, _): (io::Result<usize>, Vec<u8>)| {
        tx.send(r.unwrap()).unwrap();
    });
    io.restart();
    io.run();
    assert!(rx.try_recv().is_err(), "ran on the acceptor's context");
    other.run();
    assert_eq!(rx.try_recv().unwrap(), 1);
}

// ---------------------------------------------------------------------------------------------
// Running out of descriptors. The limit is lowered in a child process (this test binary
// re-executed for this one test), so the rest of the suite is unaffected.

const EMFILE_CHILD: &str = "JETON_TEST_EMFILE_CHILD";

#[test]
fn accept_emfile_is_delivered_and_acceptor_recovers() {
    if std::env::var_os(EMFILE_CHILD).is_some() {
        emfile_child();
        return;
    }
    let _w = watchdog(60);
    let out = std::process::Command::new(std::env::current_exe().unwrap())
        .args([
            "--exact",
            "accept_emfile_is_delivered_and_acceptor_recovers",
            "--nocapture",
            "--test-threads=1",
        ])
        .env(EMFILE_CHILD, "1")
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        out.status.success(),
        "child failed: {}\n{stdout}\n{stderr}",
        out.status
    );
    assert!(stdout.contains("emfile child: done"), "{stdout}\n{stderr}");
}

/// Sets the soft descriptor limit to `n`.
fn set_nofile_limit(n: u64) {
    let mut lim = libc::rlimit {
        rlim_cur: 0,
        rlim_max: 0,
    };
    // SAFETY: getrlimit/setrlimit read and write the valid local `lim`.
    unsafe {
        assert_eq!(libc::getrlimit(libc::RLIMIT_NOFILE, &mut lim), 0);
        lim.rlim_cur = n as libc::rlim_t;
        assert_eq!(libc::setrlimit(libc::RLIMIT_NOFILE, &lim), 0);
    }
}

/// Opens `/dev/null` until the descriptor table is full; returns the files.
fn fill_descriptors() -> Vec<std::fs::File> {
    let mut files = Vec::new();
    loop {
        match std::fs::File::open("/dev/null") {
            Ok(f) => files.push(f),
            Err(e) if e.raw_os_error() == Some(libc::EMFILE) => return files,
            Err(e) => panic!("unexpected error filling descriptors: {e}"),
        }
    }
}

fn emfile_child() {
    let _w = watchdog(30);
    let io = IoContext::new().unwrap();
    let ex = io.executor();
    let acceptor = TcpAcceptor::bind(&ex, loopback()).unwrap();
    let addr = acceptor.local_addr().unwrap();
    // Warm up the blocking driver of this thread (its wake-up pipe is made on first use).
    let warm = TcpSocket::new(&ex);
    warm.connect(addr).unwrap();
    drop(acceptor.accept().unwrap());
    drop(warm);

    set_nofile_limit(256);
    let mut files = fill_descriptors();
    // Free one descriptor for the client, so the table is full again after it connects.
    files.pop();
    let client = TcpSocket::new(&ex);
    client.connect(addr).unwrap();

    // Closure: the handler gets EMFILE, run() returns (no retry loop, no hang).
    let (tx, rx) = mpsc::channel();
    let t = tx.clone();
    acceptor.async_accept(move |r: Accepted| t.send(r.map(|(_, peer)| peer)).unwrap());
    io.run();
    let e = rx.try_recv().unwrap().unwrap_err();
    assert_eq!(e.raw_os_error(), Some(libc::EMFILE), "{e:?}");
    assert!(rx.try_recv().is_err(), "handler called more than once");

    // Blocking: the same.
    let e = acceptor.accept().unwrap_err();
    assert_eq!(e.raw_os_error(), Some(libc::EMFILE), "{e:?}");

    // Free descriptors: the queued connection is accepted.
    files.truncate(files.len().saturating_sub(8));
    io.restart();
    acceptor.async_accept(move |r: Accepted| tx.send(r.map(|(_, peer)| peer)).unwrap());
    io.run();
    let peer = rx.try_recv().unwrap().unwrap();
    assert_eq!(peer, client.local_addr().unwrap());
    drop(files);
    println!("emfile child: done");
}
