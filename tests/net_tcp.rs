//! TCP sockets: echo round trips in every style (closures, coroutines, futures on a foreign
//! executor, blocking, mixed), and Asio's runtime behaviours (`ip/tcp.cpp`): zero-length
//! operations, cancel/close/drop abort, peer close, full duplex, options, std and futures I/O.

#[path = "support/net.rs"]
mod net_support;

use std::io::{self, IoSlice, Read, Write};
use std::net::Shutdown;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::{mpsc, Arc, Mutex};
use std::time::{Duration, Instant};

use futures::FutureExt;
use jeton::net::{IpFamily, TcpAcceptor, TcpSocket, TcpStreamRef};
use jeton::{co_spawn, error, Blocking, IoContext, UseFuture, WorkGuard};
use net_support::*;

type ReadDone = (io::Result<usize>, Vec<u8>);

// ---------------------------------------------------------------------------------------------
// Callback-style echo: a server session and a client, each a chain of closure handlers.

/// Server session: read some, write it all back, repeat; at end of stream report the total
/// and drop the socket (the last `Arc`), which closes it.
fn session_read(sock: Arc<TcpSocket>, total: usize, done: mpsc::Sender<usize>) {
    let s = sock.clone();
    sock.async_read_some(vec![0u8; 64 * 1024], move |(r, mut buf): ReadDone| {
        let n = r.expect("server read");
        if n == 0 {
            done.send(total).unwrap();
            return;
        }
        buf.truncate(n);
        session_write(s, buf, total + n, done);
    });
}

fn session_write(sock: Arc<TcpSocket>, buf: Vec<u8>, total: usize, done: mpsc::Sender<usize>) {
    let s = sock.clone();
    sock.async_write_some(buf, move |(r, mut buf): ReadDone| {
        let n = r.expect("server write");
        buf.drain(..n);
        if buf.is_empty() {
            session_read(s, total, done);
        } else {
            session_write(s, buf, total, done);
        }
    });
}

/// Accepts one connection with a closure and serves it with [`session_read`].
fn serve_callbacks(acceptor: &TcpAcceptor, done: mpsc::Sender<usize>) {
    acceptor.async_accept(move |r: io::Result<(TcpSocket, std::net::SocketAddr)>| {
        let (sock, _) = r.expect("accept");
        session_read(Arc::new(sock), 0, done);
    });
}

/// Client writer chain: 64 KiB chunks, then shut down the writing side.
fn client_write(sock: Arc<TcpSocket>, data: Arc<Vec<u8>>, off: usize) {
    if off == data.len() {
        sock.shutdown(Shutdown::Write).expect("shutdown");
        return;
    }
    let chunk = data[off..(off + 64 * 1024).min(data.len())].to_vec();
    let s = sock.clone();
    sock.async_write_some(chunk, move |(r, _): ReadDone| {
        let n = r.expect("client write");
        client_write(s, data, off + n);
    });
}

/// Client reader chain, running at the same time as the writer (full duplex).
fn client_read(sock: Arc<TcpSocket>, mut got: Vec<u8>, result: mpsc::Sender<Vec<u8>>) {
    let s = sock.clone();
    sock.async_read_some(vec![0u8; 64 * 1024], move |(r, buf): ReadDone| {
        let n = r.expect("client read");
        if n == 0 {
            result.send(got).unwrap();
            return;
        }
        got.extend_from_slice(&buf[..n]);
        client_read(s, got, result);
    });
}

#[test]
fn echo_closure_handlers() {
    let _w = watchdog(60);
    for size in SIZES {
        let io = IoContext::new().unwrap();
        let ex = io.executor();
        let acceptor = TcpAcceptor::bind(&ex, loopback()).unwrap();
        let (done_tx, done_rx) = mpsc::channel();
        serve_callbacks(&acceptor, done_tx);

        let data = Arc::new(pattern(size));
        let (res_tx, res_rx) = mpsc::channel();
        let sock = Arc::new(TcpSocket::new(&ex));
        let s = sock.clone();
        let d = data.clone();
        sock.async_connect(acceptor.local_addr().unwrap(), move |r: io::Result<()>| {
            r.expect("connect");
            client_write(s.clone(), d, 0);
            client_read(s, Vec::new(), res_tx);
        });
        drop(sock);
        io.run();

        assert_eq!(done_rx.try_recv().unwrap(), size);
        let got = res_rx.try_recv().unwrap();
        assert!(got == *data, "echo of {size} bytes differs");
    }
}

// ---------------------------------------------------------------------------------------------

#[test]
fn echo_coroutines() {
    let _w = watchdog(60);
    for size in SIZES {
        let io = IoContext::new().unwrap();
        let ex = io.executor();
        let acceptor = TcpAcceptor::bind(&ex, loopback()).unwrap();
        let addr = acceptor.local_addr().unwrap();
        let (tx, rx) = mpsc::channel();
        let tx2 = tx.clone();
        co_spawn(
            &ex,
            async move {
                let (sock, _) = acceptor.async_accept(UseFuture).await?;
                echo_async(&sock).await
            },
            move |r: io::Result<usize>| tx.send(("server", r.unwrap())).unwrap(),
        );
        let data = pattern(size);
        let expected = data.clone();
        let client_ex = ex.clone();
        co_spawn(
            &ex,
            async move {
                let sock = TcpSocket::new(&client_ex);
                sock.async_connect(addr, UseFuture).await?;
                round_trip_async(&sock, &data).await
            },
            move |r: io::Result<Vec<u8>>| {
                assert!(r.unwrap() == expected, "echo of {size} bytes differs");
                tx2.send(("client", size)).unwrap();
            },
        );
        io.run();
        let mut got: Vec<_> = rx.try_iter().collect();
        got.sort();
        assert_eq!(got, [("client", size), ("server", size)]);
    }
}

#[test]
fn echo_use_future_on_foreign_executor() {
    let _w = watchdog(60);
    let io = Arc::new(IoContext::new().unwrap());
    let ex = io.executor();
    let guard = WorkGuard::new(&ex);
    let runner = {
        let io = io.clone();
        std::thread::spawn(move || io.run())
    };
    for size in SIZES {
        let acceptor = TcpAcceptor::bind(&ex, loopback()).unwrap();
        let addr = acceptor.local_addr().unwrap();
        let server = std::thread::spawn(move || {
            futures::executor::block_on(async {
                let (sock, _) = acceptor.async_accept(UseFuture).await?;
                echo_async(&sock).await
            })
        });
        let data = pattern(size);
        let got = futures::executor::block_on(async {
            let sock = TcpSocket::new(&ex);
            sock.async_connect(addr, UseFuture).await?;
            round_trip_async(&sock, &data).await
        })
        .unwrap();
        assert!(got == data, "echo of {size} bytes differs");
        assert_eq!(server.join().unwrap().unwrap(), size);
    }
    drop(guard);
    runner.join().unwrap();
}

#[test]
fn echo_blocking_thread_per_connection() {
    let _w = watchdog(60);
    let io = IoContext::new().unwrap(); // never run: blocking calls drive themselves
    let ex = io.executor();
    for size in SIZES {
        let acceptor = TcpAcceptor::bind(&ex, loopback()).unwrap();
        let addr = acceptor.local_addr().unwrap();
        let server = std::thread::spawn(move || {
            let (sock, _) = acceptor.accept()?;
            echo_blocking(&sock)
        });
        let client = Arc::new(TcpSocket::new(&ex));
        client.connect(addr).unwrap();
        let data = Arc::new(pattern(size));
        let writer = {
            let (c, d) = (client.clone(), data.clone());
            std::thread::spawn(move || {
                write_all(&c, &d)?;
                c.shutdown(Shutdown::Write)
            })
        };
        let got = read_to_end(&client).unwrap();
        writer.join().unwrap().unwrap();
        assert!(got == *data, "echo of {size} bytes differs");
        assert_eq!(server.join().unwrap().unwrap(), size);
    }
}

#[test]
fn echo_blocking_client_against_callback_server() {
    let _w = watchdog(60);
    for size in SIZES {
        let io = Arc::new(IoContext::new().unwrap());
        let ex = io.executor();
        let acceptor = TcpAcceptor::bind(&ex, loopback()).unwrap();
        let addr = acceptor.local_addr().unwrap();
        let (done_tx, done_rx) = mpsc::channel();
        serve_callbacks(&acceptor, done_tx);
        let runner = {
            let io = io.clone();
            std::thread::spawn(move || io.run())
        };

        let client = Arc::new(TcpSocket::new(&ex));
        client.connect(addr).unwrap();
        let data = Arc::new(pattern(size));
        let writer = {
            let (c, d) = (client.clone(), data.clone());
            std::thread::spawn(move || {
                write_all(&c, &d)?;
                c.shutdown(Shutdown::Write)
            })
        };
        let got = read_to_end(&client).unwrap();
        writer.join().unwrap().unwrap();
        runner.join().unwrap();
        assert!(got == *data, "echo of {size} bytes differs");
        assert_eq!(done_rx.try_recv().unwrap(), size);
    }
}

// ---------------------------------------------------------------------------------------------
// Asio's runtime behaviours.

#[test]
fn zero_length_read_and_write_complete_at_once_with_zero() {
    let _w = watchdog(20);
    let io = IoContext::new().unwrap();
    let (client, _server) = pair(&io.executor());

    // Closures: completed with 0, never from inside the initiating call (G2).
    let returned = Arc::new(AtomicBool::new(false));
    let calls = Arc::new(AtomicUsize::new(0));
    let (r1, c1) = (returned.clone(), calls.clone());
    client.async_read_some(Vec::new(), move |(r, _): ReadDone| {
        assert!(r1.load(Ordering::SeqCst), "handler called inline");
        assert_eq!(r.unwrap(), 0);
        c1.fetch_add(1, Ordering::SeqCst);
    });
    let (r2, c2) = (returned.clone(), calls.clone());
    client.async_write_some(Vec::new(), move |(r, _): ReadDone| {
        assert!(r2.load(Ordering::SeqCst), "handler called inline");
        assert_eq!(r.unwrap(), 0);
        c2.fetch_add(1, Ordering::SeqCst);
    });
    returned.store(true, Ordering::SeqCst);
    assert_eq!(calls.load(Ordering::SeqCst), 0);
    io.run();
    assert_eq!(calls.load(Ordering::SeqCst), 2);

    // Futures: ready at the first poll, although no data is there.
    let mut empty = [0u8; 0];
    let read = client
        .async_read_some(&mut empty[..], UseFuture)
        .now_or_never();
    assert_eq!(read.unwrap().unwrap(), 0);
    let write = client.async_write_some(&b""[..], UseFuture).now_or_never();
    assert_eq!(write.unwrap().unwrap(), 0);
    let write = client
        .async_write_vectored(&[&b""[..]][..], UseFuture)
        .now_or_never();
    assert_eq!(write.unwrap().unwrap(), 0);

    // Blocking: returns at once (would hang otherwise: nothing is ever sent).
    assert_eq!(client.read_some(&mut empty).unwrap(), 0);
    assert_eq!(client.write_some(b"").unwrap(), 0);
}

/// Starts a read with a closure that records its result; checks `poll()` does not complete it.
fn pending_read(io: &IoContext, sock: &TcpSocket) -> Arc<Mutex<Vec<io::Result<usize>>>> {
    let results = Arc::new(Mutex::new(Vec::new()));
    let r = results.clone();
    sock.async_read_some(vec![0u8; 16], move |(res, _): ReadDone| {
        r.lock().unwrap().push(res);
    });
    io.poll();
    assert!(results.lock().unwrap().is_empty(), "read completed early");
    results
}

fn assert_aborted_once(results: &Mutex<Vec<io::Result<usize>>>) {
    let results = results.lock().unwrap();
    assert_eq!(results.len(), 1, "handler not called exactly once");
    let e = results[0].as_ref().unwrap_err();
    assert!(error::is_aborted(e), "expected aborted, got {e:?}");
}

#[test]
fn cancel_aborts_pending_read_and_socket_stays_usable() {
    let _w = watchdog(20);
    let io = IoContext::new().unwrap();
    let (client, server) = pair(&io.executor());
    let results = pending_read(&io, &client);
    client.cancel();
    io.run();
    assert_aborted_once(&results);

    // The socket is still open; a new read gets data sent afterwards.
    assert!(client.is_open());
    server.write_some(b"x").unwrap();
    let mut buf = [0u8; 4];
    assert_eq!(client.read_some(&mut buf).unwrap(), 1);
}

#[test]
fn close_aborts_pending_read_then_ops_fail_with_ebadf() {
    let _w = watchdog(20);
    let io = IoContext::new().unwrap();
    let (client, _server) = pair(&io.executor());
    let results = pending_read(&io, &client);
    client.close();
    io.run();
    assert_aborted_once(&results);

    assert!(!client.is_open());
    let mut buf = [0u8; 4];
    let e = client.read_some(&mut buf).unwrap_err();
    assert_eq!(e.raw_os_error(), Some(libc::EBADF));
    let e = client.async_write_some(&b"x"[..], Blocking).unwrap_err();
    assert_eq!(e.raw_os_error(), Some(libc::EBADF));
    assert_eq!(
        client.local_addr().unwrap_err().raw_os_error(),
        Some(libc::EBADF)
    );
}

#[test]
fn dropping_the_socket_aborts_pending_read() {
    let _w = watchdog(20);
    let io = IoContext::new().unwrap();
    let (client, _server) = pair(&io.executor());
    let results = pending_read(&io, &client);
    drop(client);
    io.run();
    assert_aborted_once(&results);
}

#[test]
fn close_from_a_handle_in_a_timer_handler_aborts_read() {
    let _w = watchdog(20);
    let io = IoContext::new().unwrap();
    let (client, _server) = pair(&io.executor());
    let handle: TcpStreamRef = client.handle();
    let timer = jeton::SteadyTimer::with_duration(&io.executor(), Duration::from_millis(20));
    timer.async_wait(move |r: io::Result<()>| {
        r.unwrap();
        handle.close();
    });
    let start = Instant::now();
    let e = io
        .block_on(client.async_read_some(&mut [0u8; 8][..], UseFuture))
        .unwrap_err();
    assert!(error::is_aborted(&e));
    assert!(start.elapsed() >= Duration::from_millis(20));
}

#[test]
fn close_from_another_thread_interrupts_a_blocking_read() {
    let _w = watchdog(20);
    let io = IoContext::new().unwrap(); // never run
    let (client, _server) = pair(&io.executor());
    let client = Arc::new(client);
    // Taken before the closer starts its sleep, so "at least 20 ms" cannot race.
    let start = Instant::now();
    let closer = {
        let c = client.clone();
        std::thread::spawn(move || {
            std::thread::sleep(Duration::from_millis(20));
            c.close();
        })
    };
    let e = client.read_some(&mut [0u8; 8]).unwrap_err();
    assert!(error::is_aborted(&e), "{e:?}");
    assert!(start.elapsed() >= Duration::from_millis(20));
    closer.join().unwrap();
}

#[test]
fn socket_and_handle_are_streams_for_generic_operations() {
    let _w = watchdog(20);
    let io = IoContext::new().unwrap();
    let (client, server) = pair(&io.executor());
    let server = Arc::new(server);
    client.write_some(b"abc").unwrap();

    // Arc<TcpSocket> with a closure token.
    let (tx, rx) = mpsc::channel();
    jeton::io::async_read_some(server.clone(), vec![0u8; 8], move |(r, buf): ReadDone| {
        tx.send(buf[..r.unwrap()].to_vec()).unwrap();
    });
    io.run();
    assert_eq!(rx.try_recv().unwrap(), b"abc");

    // &TcpSocket and a handle, blocking.
    let n = jeton::io::async_write_some(&*server, &b"de"[..], Blocking).unwrap();
    assert_eq!(n, 2);
    let handle = client.handle();
    let mut buf = [0u8; 2];
    let mut got = 0;
    while got < 2 {
        got += jeton::io::async_read_some(handle.clone(), &mut buf[got..], Blocking).unwrap();
    }
    assert_eq!(&buf, b"de");
    assert_eq!(handle.peer_addr().unwrap(), server.local_addr().unwrap());
    assert!(handle.is_open());
}

#[test]
fn from_std_adopts_a_connected_stream() {
    let _w = watchdog(20);
    let io = IoContext::new().unwrap();
    let acceptor = TcpAcceptor::bind(&io.executor(), loopback()).unwrap();
    let std_stream = std::net::TcpStream::connect(acceptor.local_addr().unwrap()).unwrap();
    let client = TcpSocket::from_std(&io.executor(), std_stream).unwrap();
    let (server, peer) = acceptor.accept().unwrap();
    assert_eq!(peer, client.local_addr().unwrap());
    client.write_some(b"adopted").unwrap();
    client.shutdown(Shutdown::Write).unwrap();
    assert_eq!(read_to_end(&server).unwrap(), b"adopted");
}

#[test]
fn peer_close_reads_zero() {
    let _w = watchdog(20);
    let io = IoContext::new().unwrap();
    let (client, server) = pair(&io.executor());
    server.write_some(b"last").unwrap();
    drop(server);
    let mut buf = [0u8; 16];
    let mut got = Vec::new();
    loop {
        let n = io
            .block_on(client.async_read_some(&mut buf[..], UseFuture))
            .unwrap();
        if n == 0 {
            break;
        }
        got.extend_from_slice(&buf[..n]);
    }
    assert_eq!(got, b"last");
    assert_eq!(client.read_some(&mut buf).unwrap(), 0); // and again
}

#[test]
fn full_duplex_read_pending_while_write_completes() {
    let _w = watchdog(20);
    let io = IoContext::new().unwrap();
    let (client, server) = pair(&io.executor());
    let events = Arc::new(Mutex::new(Vec::new()));

    let ev = events.clone();
    client.async_read_some(vec![0u8; 16], move |(r, buf): ReadDone| {
        let n = r.unwrap();
        assert_eq!(&buf[..n], b"pong");
        ev.lock().unwrap().push("read");
    });
    io.poll();
    assert!(events.lock().unwrap().is_empty());

    let ev = events.clone();
    client.async_write_some("ping", move |r: io::Result<usize>| {
        assert_eq!(r.unwrap(), 4);
        ev.lock().unwrap().push("write");
    });
    while events.lock().unwrap().is_empty() {
        io.run_one();
    }
    assert_eq!(*events.lock().unwrap(), ["write"]); // the read is still pending

    let mut buf = [0u8; 4];
    let mut got = 0;
    while got < 4 {
        got += server.read_some(&mut buf[got..]).unwrap();
    }
    assert_eq!(&buf, b"ping");
    server.write_some(b"pong").unwrap();
    io.run();
    assert_eq!(*events.lock().unwrap(), ["write", "read"]);
}

#[test]
fn open_close_reopen() {
    let _w = watchdog(20);
    let io = IoContext::new().unwrap();
    let ex = io.executor();
    let acceptor = TcpAcceptor::bind(&ex, loopback()).unwrap();
    let sock = TcpSocket::new(&ex);
    assert!(!sock.is_open());
    let e = sock.read_some(&mut [0u8; 4]).unwrap_err();
    assert_eq!(e.raw_os_error(), Some(libc::EBADF));

    sock.open(IpFamily::V4).unwrap();
    assert!(sock.is_open());
    let e = sock.open(IpFamily::V4).unwrap_err();
    assert_eq!(e.kind(), io::ErrorKind::AlreadyExists);

    // An operation started before a close never runs on the reopened socket.
    let mut buf = [0u8; 4];
    let stale = sock.async_read_some(&mut buf[..], UseFuture);
    sock.close();
    sock.open(IpFamily::V4).unwrap();
    sock.connect(acceptor.local_addr().unwrap()).unwrap();
    let (server, _) = acceptor.accept().unwrap();
    server.write_some(b"new").unwrap();
    assert!(error::is_aborted(&jeton::op::block_on(stale).unwrap_err()));

    let mut buf = [0u8; 4];
    let mut got = 0;
    while got < 3 {
        got += sock.read_some(&mut buf[got..]).unwrap();
    }
    assert_eq!(&buf[..3], b"new");
}

#[test]
fn socket_options_and_addresses() {
    let _w = watchdog(20);
    let io = IoContext::new().unwrap();
    let (client, server) = pair(&io.executor());
    assert_eq!(client.peer_addr().unwrap(), server.local_addr().unwrap());
    assert_eq!(server.peer_addr().unwrap(), client.local_addr().unwrap());

    client.set_nodelay(true).unwrap();
    assert!(client.nodelay().unwrap());
    client.set_keepalive(true).unwrap();
    assert!(client.keepalive().unwrap());
    client.set_linger(Some(Duration::from_secs(1))).unwrap();
    assert_eq!(client.linger().unwrap(), Some(Duration::from_secs(1)));
    client.set_reuse_address(true).unwrap();
    assert!(client.reuse_address().unwrap());
    client.set_send_buffer_size(64 * 1024).unwrap();
    assert!(client.send_buffer_size().unwrap() >= 64 * 1024);
    client.set_recv_buffer_size(64 * 1024).unwrap();
    assert!(client.recv_buffer_size().unwrap() >= 64 * 1024);

    let closed = TcpSocket::new(&io.executor());
    assert_eq!(
        closed.nodelay().unwrap_err().raw_os_error(),
        Some(libc::EBADF)
    );
}

#[test]
fn available_counts_readable_bytes() {
    let _w = watchdog(20);
    let io = IoContext::new().unwrap();
    let (client, server) = pair(&io.executor());
    assert_eq!(client.available().unwrap(), 0);
    write_all(&server, b"12345").unwrap();
    // Loopback delivers at once, but do not assume it: wait for the count (the watchdog
    // bounds the wait).
    while client.available().unwrap() < 5 {
        std::thread::sleep(Duration::from_millis(1));
    }
    assert_eq!(client.available().unwrap(), 5);
    let mut buf = [0u8; 8];
    assert_eq!(client.read_some(&mut buf).unwrap(), 5);
    assert_eq!(client.available().unwrap(), 0);
}

#[test]
fn user_non_blocking_mode_returns_would_block() {
    let _w = watchdog(20);
    let io = IoContext::new().unwrap();
    let (client, server) = pair(&io.executor());
    client.set_non_blocking(true);
    assert!(client.non_blocking());
    let mut buf = [0u8; 8];
    let e = client.read_some(&mut buf).unwrap_err();
    assert_eq!(e.kind(), io::ErrorKind::WouldBlock);
    // Asynchronous operations still wait.
    server.write_some(b"ok").unwrap();
    let n = io
        .block_on(client.async_read_some(&mut buf[..], UseFuture))
        .unwrap();
    assert_eq!(&buf[..n], b"ok");
    client.set_non_blocking(false);
}

#[test]
fn vectored_writes_round_trip() {
    let _w = watchdog(20);
    let io = IoContext::new().unwrap();
    let (client, server) = pair(&io.executor());

    // Owned buffers with a closure: handed back.
    let done = Arc::new(AtomicUsize::new(0));
    let d = done.clone();
    client.async_write_vectored(
        vec![b"ab".to_vec(), Vec::new(), b"cde".to_vec()],
        move |(r, bufs): (io::Result<usize>, Vec<Vec<u8>>)| {
            assert_eq!(r.unwrap(), 5);
            assert_eq!(bufs.len(), 3);
            d.fetch_add(1, Ordering::SeqCst);
        },
    );
    io.run();
    assert_eq!(done.load(Ordering::SeqCst), 1);

    // Blocking, and std::io::Write::write_vectored.
    assert_eq!(
        client
            .write_vectored(&[IoSlice::new(b"f"), IoSlice::new(b"g")])
            .unwrap(),
        2
    );
    assert_eq!(
        Write::write_vectored(&mut &client, &[IoSlice::new(b"h")]).unwrap(),
        1
    );
    client.shutdown(Shutdown::Write).unwrap();
    assert_eq!(read_to_end(&server).unwrap(), b"abcdefgh");
}

#[test]
fn std_io_read_write_round_trip() {
    let _w = watchdog(30);
    let io = IoContext::new().unwrap();
    let (client, server) = pair(&io.executor());
    let server = std::thread::spawn(move || {
        let mut buf = vec![0u8; 16 * 1024];
        loop {
            let n = (&server).read(&mut buf).unwrap();
            if n == 0 {
                return;
            }
            (&server).write_all(&buf[..n]).unwrap();
        }
    });
    let client = Arc::new(client);
    let data = Arc::new(pattern(256 * 1024));
    let writer = {
        let (c, d) = (client.clone(), data.clone());
        std::thread::spawn(move || {
            (&*c).write_all(&d).unwrap();
            (&*c).flush().unwrap();
            c.shutdown(Shutdown::Write).unwrap();
        })
    };
    let mut got = Vec::new();
    (&*client).read_to_end(&mut got).unwrap();
    writer.join().unwrap();
    server.join().unwrap();
    assert!(got == *data);
}

#[test]
fn futures_io_round_trip_in_coroutines() {
    // Called by trait path: `std::io::{Read, Write}` are in scope too, and the inherent
    // `TcpSocket::close` shadows `AsyncWriteExt::close`.
    use futures::io::{AsyncReadExt as R, AsyncWriteExt as W};
    let _w = watchdog(30);
    let io = IoContext::new().unwrap();
    let ex = io.executor();
    let acceptor = TcpAcceptor::bind(&ex, loopback()).unwrap();
    let addr = acceptor.local_addr().unwrap();
    let (tx, rx) = mpsc::channel();
    let tx2 = tx.clone();

    // Server: an owned socket (`&mut TcpSocket`): read_exact a header, then echo to the end.
    co_spawn(
        &ex,
        async move {
            let (mut sock, _) = acceptor.async_accept(UseFuture).await?;
            let mut header = [0u8; 4];
            R::read_exact(&mut sock, &mut header).await?;
            let len = u32::from_be_bytes(header) as usize;
            let mut body = vec![0u8; len];
            R::read_exact(&mut sock, &mut body).await?;
            W::write_all(&mut sock, &body).await?;
            W::close(&mut sock).await?; // shuts down the writing side
            let mut rest = Vec::new();
            R::read_to_end(&mut sock, &mut rest).await?;
            Ok::<_, io::Error>(len + rest.len())
        },
        move |r: io::Result<usize>| tx.send(r.unwrap()).unwrap(),
    );

    // Client: `&TcpSocket` used for reading and writing at once.
    let data = pattern(100 * 1024);
    let expected = data.clone();
    let client_ex = ex.clone();
    co_spawn(
        &ex,
        async move {
            let sock = TcpSocket::new(&client_ex);
            sock.async_connect(addr, UseFuture).await?;
            let (mut rd, mut wr) = (&sock, &sock);
            let write = async {
                W::write_all(&mut wr, &(data.len() as u32).to_be_bytes()).await?;
                W::write_all(&mut wr, &data).await?;
                W::close(&mut wr).await
            };
            let mut got = Vec::new();
            let (w, r) = futures::join!(write, R::read_to_end(&mut rd, &mut got));
            w?;
            r?;
            Ok::<_, io::Error>(got)
        },
        move |r: io::Result<Vec<u8>>| {
            assert!(r.unwrap() == expected);
            tx2.send(0).unwrap();
        },
    );
    io.run();
    let mut got: Vec<usize> = rx.try_iter().collect();
    got.sort();
    assert_eq!(got, [0, 100 * 1024]);
}

#[test]
fn public_types_are_send_and_sync() {
    fn send<T: Send>() {}
    fn sync<T: Sync>() {}
    send::<TcpSocket>();
    sync::<TcpSocket>();
    send::<TcpStreamRef>();
    sync::<TcpStreamRef>();
    send::<TcpAcceptor>();
    sync::<TcpAcceptor>();
    send::<jeton::io::ReadSome<TcpStreamRef, Vec<u8>>>();
    send::<jeton::io::WriteSome<TcpStreamRef, Vec<u8>>>();
    send::<jeton::io::WriteSomeVectored<TcpStreamRef, Vec<Vec<u8>>>>();
    send::<jeton::net::Connect>();
    send::<jeton::net::Accept>();
    send::<jeton::net::Incoming>();
    send::<jeton::net::ConnectEndpoints>();
}
