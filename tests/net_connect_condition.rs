//! Connecting over a list with a connect condition (`net::connect_with`,
//! `async_connect_with`) and the position-returning form (`connect_index`,
//! `async_connect_index`), in every token style; ported from Asio's `connect.cpp`
//! (`test_connect_range_cond`, `test_connect_iter_cond`, and their async twins).

#[path = "support/net.rs"]
mod net_support;

use std::io;
use std::net::SocketAddr;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{mpsc, Arc, Mutex};

use jeton::net::{self, TcpAcceptor, TcpSocket};
use jeton::{error, IoContext, UseFuture};
use net_support::*;

/// How a scenario starts the operation.
#[derive(Clone, Copy, Debug)]
enum Tok {
    Closure,
    Future,
    Blocking,
}

const TOKENS: [Tok; 3] = [Tok::Closure, Tok::Future, Tok::Blocking];

/// A condition: Asio's `true_cond_1` or `false_cond`.
fn cond(accept: bool) -> impl FnMut(&io::Result<()>, &SocketAddr) -> bool + Send + 'static {
    move |_, _| accept
}

/// Runs `net::async_connect_with` (or `connect_with`) under `tok`; checks a closure handler
/// is called once, never inside the initiating call.
fn with_cond(
    tok: Tok,
    io: &IoContext,
    eps: Vec<SocketAddr>,
    accept: bool,
) -> io::Result<SocketAddr> {
    let sock = TcpSocket::new(&io.executor());
    match tok {
        Tok::Closure => {
            let (tx, rx) = mpsc::channel();
            let returned = Arc::new(AtomicBool::new(false));
            let r = returned.clone();
            net::async_connect_with(
                &sock,
                eps,
                cond(accept),
                move |res: io::Result<SocketAddr>| {
                    assert!(r.load(Ordering::SeqCst), "handler called inline");
                    tx.send(res).unwrap();
                },
            );
            returned.store(true, Ordering::SeqCst);
            io.restart();
            io.run();
            let res = rx.try_recv().expect("handler ran");
            assert!(rx.try_recv().is_err(), "handler ran once");
            res
        }
        Tok::Future => {
            io.restart();
            io.block_on(net::async_connect_with(&sock, eps, cond(accept), UseFuture))
        }
        Tok::Blocking => net::connect_with(&sock, eps, cond(accept)),
    }
}

/// As [`with_cond`], for the position-returning form.
fn with_index(tok: Tok, io: &IoContext, eps: Vec<SocketAddr>, accept: bool) -> io::Result<usize> {
    let sock = TcpSocket::new(&io.executor());
    match tok {
        Tok::Closure => {
            let (tx, rx) = mpsc::channel();
            net::async_connect_index(&sock, eps, cond(accept), move |res: io::Result<usize>| {
                tx.send(res).unwrap()
            });
            io.restart();
            io.run();
            rx.try_recv().expect("handler ran")
        }
        Tok::Future => {
            io.restart();
            io.block_on(net::async_connect_index(
                &sock,
                eps,
                cond(accept),
                UseFuture,
            ))
        }
        Tok::Blocking => net::connect_index(&sock, eps, cond(accept)),
    }
}

#[test]
fn true_condition_connects_as_the_plain_form() {
    let _w = watchdog(60);
    let io = IoContext::new().unwrap();
    let acceptor = TcpAcceptor::bind(&io.executor(), loopback()).unwrap();
    let good = acceptor.local_addr().unwrap();
    for tok in TOKENS {
        let e = with_cond(tok, &io, vec![], true).unwrap_err();
        assert!(error::is_not_found(&e), "{tok:?} {e:?}");
        assert_eq!(with_cond(tok, &io, vec![good], true).unwrap(), good);
        assert_eq!(with_cond(tok, &io, vec![good, good], true).unwrap(), good);
        // Asio inserts an endpoint nothing listens on in front: the next one connects.
        let eps = vec![refused_addr(), good];
        assert_eq!(with_cond(tok, &io, eps, true).unwrap(), good, "{tok:?}");
    }
}

#[test]
fn false_condition_tries_nothing_and_is_not_found() {
    let _w = watchdog(60);
    let io = IoContext::new().unwrap();
    let acceptor = TcpAcceptor::bind(&io.executor(), loopback()).unwrap();
    let good = acceptor.local_addr().unwrap();
    for tok in TOKENS {
        for eps in [
            vec![],
            vec![good],
            vec![good, good],
            vec![refused_addr(), good],
        ] {
            let e = with_cond(tok, &io, eps, false).unwrap_err();
            assert!(error::is_not_found(&e), "{tok:?} {e:?}");
        }
    }
}

#[test]
fn index_form_returns_the_position_or_not_found() {
    let _w = watchdog(60);
    let io = IoContext::new().unwrap();
    let acceptor = TcpAcceptor::bind(&io.executor(), loopback()).unwrap();
    let good = acceptor.local_addr().unwrap();
    for tok in TOKENS {
        assert!(error::is_not_found(
            &with_index(tok, &io, vec![], true).unwrap_err()
        ));
        assert_eq!(with_index(tok, &io, vec![good], true).unwrap(), 0);
        assert_eq!(with_index(tok, &io, vec![good, good], true).unwrap(), 0);
        assert_eq!(
            with_index(tok, &io, vec![refused_addr(), good], true).unwrap(),
            1
        );
        assert!(error::is_not_found(
            &with_index(tok, &io, vec![refused_addr(), good], false).unwrap_err()
        ));
    }
}

#[test]
fn condition_sees_the_last_error_and_each_endpoint() {
    let _w = watchdog(30);
    let io = IoContext::new().unwrap();
    let acceptor = TcpAcceptor::bind(&io.executor(), loopback()).unwrap();
    let (bad, good) = (refused_addr(), acceptor.local_addr().unwrap());
    let seen = Arc::new(Mutex::new(Vec::new()));
    let log = seen.clone();
    let sock = TcpSocket::new(&io.executor());
    let got = net::connect_with(&sock, [bad, good], move |last, next| {
        log.lock()
            .unwrap()
            .push((last.as_ref().err().map(|e| e.kind()), *next));
        true
    })
    .unwrap();
    assert_eq!(got, good);
    let seen = seen.lock().unwrap().clone();
    assert_eq!(
        seen,
        [(None, bad), (Some(io::ErrorKind::ConnectionRefused), good)]
    );
    assert_eq!(sock.peer_addr().unwrap(), good);
}

#[test]
fn skipping_after_a_failure_gives_that_failure() {
    let _w = watchdog(30);
    let io = IoContext::new().unwrap();
    let acceptor = TcpAcceptor::bind(&io.executor(), loopback()).unwrap();
    let good = acceptor.local_addr().unwrap();
    let sock = TcpSocket::new(&io.executor());
    // Only the first endpoint is tried; it is refused, and that is the outcome.
    let e = net::connect_with(&sock, [refused_addr(), good], |last, _| last.is_ok()).unwrap_err();
    assert_eq!(e.kind(), io::ErrorKind::ConnectionRefused, "{e:?}");
    let e = net::connect_index(&sock, [refused_addr(), good], |last, _| last.is_ok()).unwrap_err();
    assert_eq!(e.kind(), io::ErrorKind::ConnectionRefused, "{e:?}");
}

#[test]
fn any_endpoint_index_form_in_blocking() {
    let _w = watchdog(30);
    let io = IoContext::new().unwrap();
    let acceptor = TcpAcceptor::bind(&io.executor(), loopback()).unwrap();
    let good = acceptor.local_addr().unwrap();
    let sock = TcpSocket::new(&io.executor());
    let eps = [refused_addr(), refused_addr(), good];
    assert_eq!(
        net::connect_index(&sock, eps, net::any_endpoint).unwrap(),
        2
    );
    let (_peer, from) = acceptor.accept().unwrap();
    assert_eq!(from, sock.local_addr().unwrap());
}
