//! Every I/O object's operations with the stackful token: timers, TCP (accept, connect,
//! connect over a list of endpoints, read_some, write_some, peer close), UDP, Unix stream and
//! datagram sockets, the resolver, and the composed operations (read, read_exact, read_until,
//! write, write_all, write_vectored), each with buffers borrowed from the coroutine's stack.

#![cfg(feature = "stackful")]

#[path = "support/net_udp.rs"]
mod support;

use std::io;
use std::sync::{Arc, Mutex};
use std::thread;
use std::time::Duration;

use jeton::io::{
    async_read, async_read_exact, async_read_until, async_write, async_write_all,
    async_write_vectored, DynamicBuffer,
};
use jeton::net::unix::{self, UnixDatagram, UnixListener, UnixStream};
use jeton::net::{self, Resolver, TcpAcceptor, TcpSocket, UdpSocket};
use jeton::{error, spawn, Executor, IoContext, SteadyTimer, YieldContext};
use support::{watchdog, TempPath};

type Part = Box<dyn FnOnce(&YieldContext) -> io::Result<()> + Send>;

fn part(f: impl FnOnce(&YieldContext) -> io::Result<()> + Send + 'static) -> Part {
    Box::new(f)
}

#[test]
fn timer_waits_and_is_cancelled_by_another_coroutine() {
    let shared: Arc<Mutex<Option<Arc<SteadyTimer>>>> = Arc::default();
    let s2 = shared.clone();
    run_coroutines_with(|_| {
        vec![
            part(move |y| {
                let timer = Arc::new(SteadyTimer::new(y.executor()));
                timer.expires_after(Duration::from_millis(2));
                timer.async_wait(y)?;
                timer.expires_after(Duration::from_secs(60));
                *shared.lock().unwrap() = Some(timer.clone());
                let e = timer.async_wait(y).unwrap_err();
                assert!(error::is_aborted(&e), "{e:?}");
                Ok(())
            }),
            part(move |y| {
                let pause = SteadyTimer::new(y.executor());
                loop {
                    if let Some(t) = s2.lock().unwrap().take() {
                        assert_eq!(t.cancel(), 1);
                        return Ok(());
                    }
                    pause.expires_after(Duration::from_millis(1));
                    pause.async_wait(y)?;
                }
            }),
        ]
    });
}

/// An acceptor on a free loopback port, and the port.
fn acceptor(ex: &Executor) -> (TcpAcceptor, std::net::SocketAddr) {
    let a = TcpAcceptor::bind(ex, "127.0.0.1:0").unwrap();
    let addr = a.local_addr().unwrap();
    (a, addr)
}

#[test]
fn tcp_accept_connect_read_write_and_peer_close() {
    run_coroutines_with(|ex| {
        let (acc, addr) = acceptor(ex);
        vec![
            part(move |y| {
                let (sock, peer) = acc.async_accept(y)?;
                assert!(peer.ip().is_loopback());
                let mut buf = [0u8; 64];
                let n = sock.async_read_some(&mut buf[..], y)?;
                assert_eq!(sock.async_write_some(&buf[..n], y)?, n);
                // Composed reads and writes.
                let mut four = [0u8; 4];
                async_read_exact(&sock, &mut four[..], y)?;
                assert_eq!(&four, b"abcd");
                let mut rest = [0u8; 3];
                assert_eq!(async_read(&sock, &mut rest[..], y)?, 3);
                assert_eq!(&rest, b"xyz");
                let mut line = DynamicBuffer::with_max_size(Vec::new(), 1024);
                let n = async_read_until(&sock, &mut line, b'\n', y)?;
                assert_eq!(&line.data()[..n], b"a line\n");
                async_write(&sock, &b"done"[..], y)?;
                // The peer closes: a read gets 0, a composed read the end of stream.
                assert_eq!(sock.async_read_some(&mut buf[..], y)?, 0);
                let e = async_read_exact(&sock, &mut four[..], y).unwrap_err();
                assert_eq!(e.kind(), io::ErrorKind::UnexpectedEof);
                Ok(())
            }),
            part(move |y| {
                let sock = TcpSocket::new(y.executor());
                sock.async_connect(addr, y)?;
                async_write_all(&sock, &b"hello"[..], y)?;
                let mut buf = [0u8; 5];
                async_read_exact(&sock, &mut buf[..], y)?;
                assert_eq!(&buf, b"hello");
                let parts: [&[u8]; 3] = [b"ab", b"cd", b"xyza line\n"];
                let n = async_write_vectored(&sock, &parts[..], y)?;
                assert_eq!(n, 14);
                let mut done = [0u8; 4];
                async_read_exact(&sock, &mut done[..], y)?;
                assert_eq!(&done, b"done");
                Ok(()) // Dropping the socket closes it.
            }),
        ]
    });
}

#[test]
fn tcp_connect_over_a_list_of_endpoints_skips_the_refused_one() {
    run_coroutines_with(|ex| {
        let (acc, addr) = acceptor(ex);
        let refused = {
            let l = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
            l.local_addr().unwrap()
        };
        vec![
            part(move |y| {
                let (_sock, _) = acc.async_accept(y)?;
                Ok(())
            }),
            part(move |y| {
                let sock = TcpSocket::new(y.executor());
                let chosen = net::async_connect(&sock, [refused, addr], y)?;
                assert_eq!(chosen, addr);
                Ok(())
            }),
        ]
    });
}

/// Runs the functions `make` returns as coroutines on one context until all return; panics
/// with the first coroutine's panic or error.
fn run_coroutines_with(make: impl FnOnce(&Executor) -> Vec<Part>) {
    let _w = watchdog(30);
    let io = IoContext::new().unwrap();
    let results = Arc::new(Mutex::new(Vec::new()));
    let parts = make(&io.executor());
    let n = parts.len();
    for (i, p) in parts.into_iter().enumerate() {
        let results = results.clone();
        spawn(
            &io.executor(),
            move |y: &YieldContext| p(y),
            move |r: thread::Result<io::Result<()>>| results.lock().unwrap().push((i, r)),
        );
    }
    io.run();
    let results = std::mem::take(&mut *results.lock().unwrap());
    assert_eq!(results.len(), n, "every coroutine completed");
    for (i, r) in results {
        match r {
            Ok(r) => r.unwrap_or_else(|e| panic!("coroutine {i}: {e}")),
            Err(p) => std::panic::resume_unwind(p),
        }
    }
}

#[test]
fn udp_send_to_recv_from_and_connected_send_recv() {
    run_coroutines_with(|ex| {
        let a = UdpSocket::bind(ex, "127.0.0.1:0").unwrap();
        let b = UdpSocket::bind(ex, "127.0.0.1:0").unwrap();
        let (a_addr, b_addr) = (a.local_addr().unwrap(), b.local_addr().unwrap());
        vec![
            part(move |y| {
                let mut buf = [0u8; 16];
                let (n, from) = b.async_recv_from(&mut buf[..], y)?;
                assert_eq!((&buf[..n], from), (&b"ping"[..], a_addr));
                b.async_send_to(&b"pong"[..], from, y)?;
                b.connect(a_addr)?;
                let n = b.async_recv(&mut buf[..], y)?;
                assert_eq!(&buf[..n], b"again");
                Ok(())
            }),
            part(move |y| {
                a.async_send_to(&b"ping"[..], b_addr, y)?;
                let mut buf = [0u8; 16];
                let (n, from) = a.async_recv_from(&mut buf[..], y)?;
                assert_eq!((&buf[..n], from), (&b"pong"[..], b_addr));
                a.connect(b_addr)?;
                assert_eq!(a.async_send(&b"again"[..], y)?, 5);
                Ok(())
            }),
        ]
    });
}

#[test]
fn unix_streams_and_datagrams() {
    let path = TempPath::new("stackful-unix");
    let p = path.path().to_path_buf();
    run_coroutines_with(move |ex| {
        let listener = UnixListener::bind(ex, &p).unwrap();
        let (s1, s2) = unix::connect_pair(ex).unwrap();
        let (d1, d2) = UnixDatagram::pair(ex).unwrap();
        vec![
            part(move |y| {
                let (sock, _) = listener.async_accept(y)?;
                let mut buf = [0u8; 3];
                async_read_exact(&sock, &mut buf[..], y)?;
                async_write(&sock, &buf[..], y)?;
                // The connected pair, and the datagram pair.
                async_write(&s1, &b"pair"[..], y)?;
                let n = d1.async_recv(&mut buf[..], y)?;
                assert_eq!(&buf[..n], b"dgr");
                Ok(())
            }),
            part(move |y| {
                let sock = UnixStream::new(y.executor());
                sock.async_connect(p.as_path(), y)?;
                async_write(&sock, &b"abc"[..], y)?;
                let mut buf = [0u8; 4];
                async_read_exact(&sock, &mut buf[..3], y)?;
                assert_eq!(&buf[..3], b"abc");
                async_read_exact(&s2, &mut buf[..], y)?;
                assert_eq!(&buf, b"pair");
                d2.async_send(&b"dgr"[..], y)?;
                Ok(())
            }),
        ]
    });
}

#[test]
fn the_resolver_resolves_localhost() {
    run_coroutines_with(|ex| {
        let resolver = Resolver::new(ex);
        vec![part(move |y| {
            let results = resolver.async_resolve("localhost", "80", y)?;
            let mut n = 0;
            for entry in &results {
                assert!(entry.endpoint().ip().is_loopback());
                assert_eq!(entry.endpoint().port(), 80);
                n += 1;
            }
            assert!(n > 0);
            Ok(())
        })]
    });
}
