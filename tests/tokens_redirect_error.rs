//! `redirect_error` for every value type and every token: a value with no default through
//! `.optional()`, an owned `ErrorSlot` for closure tokens.

mod support;

use std::net::SocketAddr;
use std::sync::mpsc;
use std::time::Duration;

use jeton::net::{self, TcpAcceptor, TcpSocket, UdpSocket};
use jeton::{error, redirect_error, Blocking, ErrorSlot, IoContext, SteadyTimer, UseFuture};
use support::watchdog;

#[test]
fn a_value_with_no_default_is_delivered_as_an_option() {
    let _w = watchdog(20);
    let io = IoContext::new().unwrap();
    let acceptor = TcpAcceptor::bind(&io.executor(), "127.0.0.1:0").unwrap();
    let open = acceptor.local_addr().unwrap();
    let closed: SocketAddr = {
        let a = TcpAcceptor::bind(&io.executor(), "127.0.0.1:0").unwrap();
        a.local_addr().unwrap()
    };
    let sock = TcpSocket::new(&io.executor());
    let mut ec = None;
    let ep = net::async_connect(&sock, [open], redirect_error(Blocking, &mut ec).optional());
    assert_eq!(ep, Some(open));
    assert!(ec.is_none());
    let sock = TcpSocket::new(&io.executor());
    let ep = net::async_connect(
        &sock,
        [closed],
        redirect_error(Blocking, &mut ec).optional(),
    );
    assert_eq!(ep, None);
    assert_eq!(ec.unwrap().kind(), std::io::ErrorKind::ConnectionRefused);

    // A UDP receive: (usize, SocketAddr), with UseFuture.
    let a = UdpSocket::bind(&io.executor(), "127.0.0.1:0").unwrap();
    let b = UdpSocket::bind(&io.executor(), "127.0.0.1:0").unwrap();
    a.send_to(b"hi", b.local_addr().unwrap()).unwrap();
    let mut buf = [0u8; 8];
    let mut ec = None;
    let got =
        io.block_on(b.async_recv_from(&mut buf[..], redirect_error(UseFuture, &mut ec).optional()));
    assert_eq!(got, Some((2, a.local_addr().unwrap())));
}

#[test]
fn a_closure_token_redirects_to_an_error_slot() {
    let _w = watchdog(20);
    let io = IoContext::new().unwrap();
    let timer = SteadyTimer::new(&io.executor());
    timer.expires_after(Duration::from_secs(60));
    let slot = ErrorSlot::new();
    let (tx, rx) = mpsc::channel();
    let seen = slot.clone();
    timer.async_wait(redirect_error(
        move |()| tx.send(seen.take()).unwrap(),
        slot,
    ));
    timer.cancel();
    io.run();
    let e = rx
        .try_recv()
        .unwrap()
        .expect("the error is in the slot before the handler runs");
    assert!(error::is_aborted(&e));

    // Success stores None.
    let slot = ErrorSlot::new();
    let (tx, rx) = mpsc::channel();
    let seen = slot.clone();
    timer.expires_after(Duration::from_millis(1));
    timer.async_wait(redirect_error(
        move |()| tx.send(seen.is_set()).unwrap(),
        slot,
    ));
    io.restart();
    io.run();
    assert!(!rx.try_recv().unwrap());
}
