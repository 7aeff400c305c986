//! Faults: peers that misbehave on a TCP connection.
//!
//! - A reset mid-write (the peer sets `SO_LINGER` 0 and closes while a large write is in
//!   flight): the write fails with the reset (or a broken pipe) under every token, reports the
//!   bytes it moved, and the socket's next operations fail at once instead of hanging.
//! - A half-close: one side shuts down its sending side; the other reads to the end of the
//!   stream and still writes its reply, which arrives whole.
//! - A slow reader: a client that sends without end and never reads. An echo server in
//!   process holds at most one read buffer for it (bytes read minus bytes written back), the
//!   client is pushed back by TCP instead of being buffered for, and another client on the
//!   same context is still served.

mod support;

use std::io::{Read, Write};
use std::net::Shutdown;
use std::sync::atomic::{AtomicU64, Ordering::SeqCst};
use std::sync::{mpsc, Arc};
use std::time::{Duration, Instant};

use jeton::io::{async_read, async_write, transferred, write};
use jeton::net::{TcpAcceptor, TcpSocket};
use jeton::{co_spawn, error, IoContext, UseFuture};
use support::watchdog;

/// The size of the write a reset interrupts: far more than loopback buffers hold.
const BIG: usize = 32 << 20;

/// How many bytes the peer reads before it resets the connection.
const READ_BEFORE_RESET: usize = 256 << 10;

/// Returns whether `e` is how a reset shows on a write.
fn is_reset(e: &std::io::Error) -> bool {
    use std::io::ErrorKind::*;
    matches!(e.kind(), ConnectionReset | BrokenPipe)
}

/// A connection: the jeton side (accepted) and the peer (std), which reads
/// [`READ_BEFORE_RESET`] bytes on a thread and then resets.
fn resetting_peer(io: &IoContext) -> (TcpSocket, std::thread::JoinHandle<()>) {
    let acceptor = TcpAcceptor::bind(&io.executor(), "127.0.0.1:0").unwrap();
    let mut peer = std::net::TcpStream::connect(acceptor.local_addr().unwrap()).unwrap();
    let (sock, _) = acceptor.accept().unwrap();
    let thread = std::thread::spawn(move || {
        let mut buf = vec![0u8; READ_BEFORE_RESET];
        peer.read_exact(&mut buf).unwrap();
        socket2::SockRef::from(&peer)
            .set_linger(Some(Duration::ZERO))
            .unwrap();
        drop(peer); // RST, with data still queued towards it
    });
    (sock, thread)
}

/// Checks a write that a reset interrupted, and that the socket fails fast afterwards.
fn check_reset_write(how: &str, r: std::io::Result<usize>, sock: &TcpSocket) {
    let e = r.expect_err(how);
    assert!(is_reset(&e), "{how}: {e:?}");
    let moved = transferred(&e);
    assert!(
        (READ_BEFORE_RESET..BIG).contains(&moved),
        "{how}: {moved} bytes reported moved"
    );
    let again = sock.write_some(b"more");
    assert!(again.as_ref().is_err_and(is_reset), "{how}: {again:?}");
    let mut buf = [0u8; 16];
    match sock.read_some(&mut buf) {
        Ok(0) => {}
        Err(e) if is_reset(&e) => {}
        other => panic!("{how}: a read after the reset gave {other:?}"),
    }
}

#[test]
fn a_write_reset_by_its_peer_fails_with_its_count_under_every_token() {
    let _w = watchdog(60);
    let data = vec![0x5au8; BIG];

    let io = IoContext::new().unwrap();
    let (sock, peer) = resetting_peer(&io);
    check_reset_write("Blocking", write(&sock, &data[..]), &sock);
    peer.join().unwrap();

    let io = IoContext::new().unwrap();
    let (sock, peer) = resetting_peer(&io);
    let r = io.block_on(async_write(&sock, &data[..], UseFuture));
    check_reset_write("UseFuture", r, &sock);
    peer.join().unwrap();

    let io = IoContext::new().unwrap();
    let (sock, peer) = resetting_peer(&io);
    let (tx, rx) = mpsc::channel();
    async_write(
        sock.handle(),
        data,
        move |(r, _): (std::io::Result<usize>, Vec<u8>)| tx.send(r).unwrap(),
    );
    io.run();
    check_reset_write("closure", rx.try_recv().unwrap(), &sock);
    peer.join().unwrap();
}

#[test]
fn a_half_closed_side_reads_to_the_end_and_still_gets_the_reply() {
    let _w = watchdog(30);
    let io = IoContext::new().unwrap();
    let ex = io.executor();
    let acceptor = TcpAcceptor::bind(&ex, "127.0.0.1:0").unwrap();
    let addr = acceptor.local_addr().unwrap();
    // The server (a task): reads the request to the end of the stream, then replies.
    let (tx, rx) = mpsc::channel();
    co_spawn(
        &ex,
        async move {
            let (sock, _) = acceptor.async_accept(UseFuture).await?;
            let mut request = vec![0u8; 1 << 20];
            let e = async_read(&sock, &mut request[..], UseFuture)
                .await
                .expect_err("the request is shorter than the buffer");
            assert!(error::is_eof(&e), "{e:?}");
            let n = transferred(&e);
            let reply = format!("got {n} bytes");
            async_write(&sock, reply.as_bytes(), UseFuture).await?;
            sock.shutdown(Shutdown::Write)
        },
        move |r: std::io::Result<()>| tx.send(r).unwrap(),
    );
    // The client (blocking calls on another thread): sends, shuts down, reads the reply.
    let client = std::thread::spawn(move || {
        let io = IoContext::new().unwrap();
        let sock = TcpSocket::new(&io.executor());
        sock.connect(addr).unwrap();
        write(&sock, &[b'r'; 100_000][..]).unwrap();
        sock.shutdown(Shutdown::Write).unwrap();
        let mut reply = Vec::new();
        let mut buf = [0u8; 64];
        loop {
            match sock.read_some(&mut buf).unwrap() {
                0 => return String::from_utf8(reply).unwrap(),
                n => reply.extend_from_slice(&buf[..n]),
            }
        }
    });
    io.run();
    rx.try_recv().unwrap().unwrap();
    assert_eq!(client.join().unwrap(), "got 100000 bytes");
}

/// The echo server's read buffer.
const ECHO_BUF: usize = 4096;

/// What an in-process echo server measured: bytes read, bytes written back, and the most
/// it ever held (read but not yet written).
#[derive(Default)]
struct EchoStats {
    read: AtomicU64,
    written: AtomicU64,
    max_queued: AtomicU64,
}

/// Spawns an echo session for each of `n` connections accepted on `acceptor`: read some,
/// write it all back, read again.
fn echo_sessions(acceptor: TcpAcceptor, n: usize, stats: Arc<EchoStats>) {
    let ex = acceptor.executor();
    co_spawn(
        &ex.clone(),
        async move {
            for _ in 0..n {
                let (sock, _) = acceptor.async_accept(UseFuture).await.unwrap();
                let stats = stats.clone();
                co_spawn(&ex, echo(sock, stats), |_: std::io::Result<()>| {});
            }
        },
        |()| {},
    );
}

async fn echo(sock: TcpSocket, stats: Arc<EchoStats>) -> std::io::Result<()> {
    let mut buf = vec![0u8; ECHO_BUF];
    loop {
        let n = sock.async_read_some(&mut buf[..], UseFuture).await?;
        if n == 0 {
            return Ok(());
        }
        let read = stats.read.fetch_add(n as u64, SeqCst) + n as u64;
        let queued = read - stats.written.load(SeqCst);
        stats.max_queued.fetch_max(queued, SeqCst);
        async_write(&sock, &buf[..n], UseFuture).await?;
        stats.written.fetch_add(n as u64, SeqCst);
    }
}

#[test]
fn a_client_that_never_reads_is_pushed_back_not_buffered_for() {
    let _w = watchdog(60);
    let io = Arc::new(IoContext::new().unwrap());
    let acceptor = TcpAcceptor::bind(&io.executor(), "127.0.0.1:0").unwrap();
    let addr = acceptor.local_addr().unwrap();
    let stats = Arc::new(EchoStats::default());
    echo_sessions(acceptor, 2, stats.clone());
    let runner = {
        let io = io.clone();
        std::thread::spawn(move || io.run())
    };

    // The slow client sends until TCP has pushed it back for half a second.
    let mut slow = std::net::TcpStream::connect(addr).unwrap();
    slow.set_nonblocking(true).unwrap();
    let chunk = vec![0xa5u8; 64 << 10];
    let (mut pushed, mut stalled_since) = (0u64, None::<Instant>);
    while pushed < (256 << 20) {
        match slow.write(&chunk) {
            Ok(n) => (pushed, stalled_since) = (pushed + n as u64, None),
            Err(e) if e.kind() == std::io::ErrorKind::WouldBlock => {
                let since = *stalled_since.get_or_insert_with(Instant::now);
                if since.elapsed() > Duration::from_millis(500) {
                    break;
                }
                std::thread::sleep(Duration::from_millis(5));
            }
            Err(e) => panic!("the slow client's write failed: {e}"),
        }
    }
    assert!(
        pushed < (256 << 20),
        "never pushed back: {pushed} bytes taken"
    );

    // Meanwhile another client is served.
    let mut other = std::net::TcpStream::connect(addr).unwrap();
    other
        .set_read_timeout(Some(Duration::from_secs(10)))
        .unwrap();
    other.write_all(b"hello").unwrap();
    let mut reply = [0u8; 5];
    other.read_exact(&mut reply).unwrap();
    assert_eq!(&reply, b"hello");

    let (read, max_queued) = (stats.read.load(SeqCst), stats.max_queued.load(SeqCst));
    assert!(
        read <= pushed + 5,
        "the server read {read} of {pushed} bytes"
    );
    // At most one buffer per session (the two share the counters).
    assert!(
        max_queued <= 2 * ECHO_BUF as u64,
        "the server held {max_queued} bytes for its clients"
    );
    eprintln!("slow reader: pushed {pushed} bytes, server read {read}, held at most {max_queued}");
    // Dropping the clients ends both sessions (the slow one's write fails), then run().
    drop((slow, other));
    runner.join().unwrap();
}
