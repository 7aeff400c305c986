//! The socket surfaces, called in full: every stream socket type (TCP, Unix), every datagram
//! socket type (UDP, Unix) and every acceptor (TCP, Unix) has the same method set. Each surface
//! is one function generic over the protocol, run for each; that it compiles for both
//! protocols is the proof that both have every method, and the calls check what each does.

#[path = "support/net_udp.rs"]
mod support;

use std::io::{self, IoSlice, Read, Write};
use std::net::Shutdown;
use std::sync::{mpsc, Arc};
use std::time::Duration;

use futures::io::{AsyncReadExt, AsyncWriteExt};
use futures::StreamExt;
use jeton::io::{Core, Handle, IoObject, Owner};
use jeton::net::local::{LocalDatagram, LocalFamily, LocalStream};
use jeton::net::{
    Acceptor, DatagramProtocol, DatagramSocket, Endpoint, IpFamily, Protocol, SocketCore,
    StreamProtocol, StreamSocket, Tcp, Udp,
};
use jeton::{error, Blocking, IoContext, UseFuture};
use support::{watchdog, TempPath};

type Family<P> = <<P as Protocol>::Endpoint as Endpoint>::Family;

/// What a generic test needs of a protocol that the library does not give: a fresh endpoint
/// to bind to, its family, and standard-library sockets for `from_std`.
trait Fixture: Protocol {
    /// A fresh local endpoint (port 0, or a new path) and the path to remove afterwards.
    fn endpoint(tag: &str) -> (Self::Endpoint, Option<TempPath>);
    /// The family sockets are opened for.
    fn family() -> Family<Self>;
}

/// Standard-library sockets of a stream protocol.
trait StreamFixture: Fixture + StreamProtocol {
    fn std_listener(ep: &Self::Endpoint) -> Self::StdListener;
    fn std_connect(ep: &Self::Endpoint) -> Self::StdStream;
}

/// Standard-library sockets of a datagram protocol.
trait DatagramFixture: Fixture + DatagramProtocol {
    fn std_bind(ep: &Self::Endpoint) -> Self::StdSocket;
}

fn loopback() -> std::net::SocketAddr {
    "127.0.0.1:0".parse().unwrap()
}

fn temp_endpoint(tag: &str) -> (jeton::net::local::SocketAddr, Option<TempPath>) {
    let path = TempPath::new(tag);
    let ep = jeton::net::local::SocketAddr::from_pathname(path.path()).unwrap();
    (ep, Some(path))
}

impl Fixture for Tcp {
    fn endpoint(_: &str) -> (std::net::SocketAddr, Option<TempPath>) {
        (loopback(), None)
    }
    fn family() -> IpFamily {
        IpFamily::V4
    }
}

impl StreamFixture for Tcp {
    fn std_listener(ep: &std::net::SocketAddr) -> std::net::TcpListener {
        std::net::TcpListener::bind(ep).unwrap()
    }
    fn std_connect(ep: &std::net::SocketAddr) -> std::net::TcpStream {
        std::net::TcpStream::connect(ep).unwrap()
    }
}

impl Fixture for Udp {
    fn endpoint(_: &str) -> (std::net::SocketAddr, Option<TempPath>) {
        (loopback(), None)
    }
    fn family() -> IpFamily {
        IpFamily::V4
    }
}

impl DatagramFixture for Udp {
    fn std_bind(ep: &std::net::SocketAddr) -> std::net::UdpSocket {
        std::net::UdpSocket::bind(ep).unwrap()
    }
}

impl Fixture for LocalStream {
    fn endpoint(tag: &str) -> (jeton::net::local::SocketAddr, Option<TempPath>) {
        temp_endpoint(tag)
    }
    fn family() -> LocalFamily {
        LocalFamily
    }
}

impl StreamFixture for LocalStream {
    fn std_listener(ep: &jeton::net::local::SocketAddr) -> std::os::unix::net::UnixListener {
        std::os::unix::net::UnixListener::bind(ep.as_pathname().unwrap()).unwrap()
    }
    fn std_connect(ep: &jeton::net::local::SocketAddr) -> std::os::unix::net::UnixStream {
        std::os::unix::net::UnixStream::connect(ep.as_pathname().unwrap()).unwrap()
    }
}

impl Fixture for LocalDatagram {
    fn endpoint(tag: &str) -> (jeton::net::local::SocketAddr, Option<TempPath>) {
        temp_endpoint(tag)
    }
    fn family() -> LocalFamily {
        LocalFamily
    }
}

impl DatagramFixture for LocalDatagram {
    fn std_bind(ep: &jeton::net::local::SocketAddr) -> std::os::unix::net::UnixDatagram {
        std::os::unix::net::UnixDatagram::bind(ep.as_pathname().unwrap()).unwrap()
    }
}

/// Runs `io` until it runs out of work (restarting it first: a `block_on` that ran out of
/// work leaves it stopped).
fn run(io: &IoContext) {
    io.restart();
    io.run();
}

/// The surface of every I/O object and every socket, whatever its protocol and role, on an
/// open socket.
fn every_socket<P: Protocol, R, O>(sock: &IoObject<SocketCore<P, R>, O>)
where
    R: jeton::net::role::Role,
    O: jeton::io::Ownership,
{
    // Every I/O object.
    let _ex = sock.executor();
    assert!(sock.is_open());
    let handle: IoObject<SocketCore<P, R>, Handle> = sock.handle();
    assert!(handle.clone().is_open());
    assert!(Core::is_open(sock.core()));
    // Every socket.
    sock.local_addr().unwrap();
    assert!(sock.take_error().unwrap().is_none());
    assert!(sock.native_handle().unwrap() >= 0);
    assert!(!sock.non_blocking());
    sock.set_non_blocking(true);
    assert!(
        handle.non_blocking(),
        "the mode is the socket's, seen through handles"
    );
    sock.set_non_blocking(false);
    // Options.
    sock.set_reuse_address(true).unwrap();
    assert!(sock.reuse_address().unwrap());
    sock.set_send_buffer_size(64 * 1024).unwrap();
    assert!(sock.send_buffer_size().unwrap() >= 64 * 1024);
    sock.set_recv_buffer_size(64 * 1024).unwrap();
    assert!(sock.recv_buffer_size().unwrap() >= 64 * 1024);
    sock.set_keepalive(true).unwrap();
    assert!(sock.keepalive().unwrap());
    sock.set_linger(Some(Duration::from_secs(1))).unwrap();
    assert_eq!(sock.linger().unwrap(), Some(Duration::from_secs(1)));
    sock.set_linger(None).unwrap();
}

/// The surface of every socket once closed: open again, options and addresses fail with
/// `EBADF`, `release` too.
fn every_closed_socket<P: Fixture, R: jeton::net::role::Role>(sock: &IoObject<SocketCore<P, R>>) {
    assert!(!sock.is_open());
    assert!(error::is_bad_descriptor(&sock.local_addr().unwrap_err()));
    assert!(error::is_bad_descriptor(&sock.reuse_address().unwrap_err()));
    assert!(error::is_bad_descriptor(&sock.release().unwrap_err()));
    sock.open(P::family()).unwrap();
    assert!(sock.is_open());
    let again = sock.open(P::family()).unwrap_err();
    assert_eq!(again.kind(), io::ErrorKind::AlreadyExists);
    let raw = sock.release().unwrap();
    assert!(!sock.is_open());
    let sock = IoObject::<SocketCore<P, R>, Owner>::from_socket(&sock.executor(), raw).unwrap();
    assert!(sock.is_open());
}

/// The surface of every acceptor; returns a connected pair `(client, server)`.
fn acceptor_surface<P: StreamFixture>(io: &IoContext) -> (StreamSocket<P>, StreamSocket<P>) {
    let ex = io.executor();
    let (ep, _path) = P::endpoint("acc");
    let acceptor = Acceptor::<P>::bind(&ex, ep).unwrap();
    every_socket(&acceptor);
    let addr = acceptor.local_addr().unwrap();

    // accept (blocking), with the peer's address.
    let client = StreamSocket::<P>::new(&ex);
    client.connect(addr.clone()).unwrap();
    let (server, peer) = acceptor.accept().unwrap();
    assert_eq!(
        format!("{peer:?}"),
        format!("{:?}", client.local_addr().unwrap())
    );

    // async_accept with a closure, async_accept_on another context, incoming.
    let (tx, rx) = mpsc::channel();
    acceptor.async_accept(move |r: io::Result<(StreamSocket<P>, P::Endpoint)>| {
        tx.send(r.map(|_| ())).unwrap();
    });
    let c2 = StreamSocket::<P>::new(&ex);
    c2.connect(addr.clone()).unwrap();
    run(io);
    rx.try_recv().unwrap().unwrap();
    let other = IoContext::new().unwrap();
    let c3 = StreamSocket::<P>::new(&ex);
    c3.connect(addr.clone()).unwrap();
    let (s3, _) = acceptor
        .async_accept_on(&other.executor(), Blocking)
        .unwrap();
    assert!(s3.is_open());
    let mut incoming = acceptor.incoming();
    let c4 = StreamSocket::<P>::new(&ex);
    c4.connect(addr.clone()).unwrap();
    let (s4, _) = io.block_on(incoming.next()).unwrap().unwrap();

    // cancel aborts a pending accept; close ends `incoming`.
    let pending = acceptor.async_accept(UseFuture);
    acceptor.cancel();
    assert!(error::is_aborted(&io.block_on(pending).unwrap_err()));
    acceptor.close();
    assert!(io.block_on(incoming.next()).is_none());

    // bind_with_backlog and from_std make listening acceptors too.
    let (ep, _path2) = P::endpoint("acc2");
    let a2 = Acceptor::<P>::bind_with_backlog(&ex, ep, 8).unwrap();
    assert!(a2.is_open());
    let (ep, _path3) = P::endpoint("acc3");
    let listener = P::std_listener(&ep);
    let a3 = Acceptor::<P>::from_std(&ex, listener).unwrap();
    let c5 = P::std_connect(&a3.local_addr().unwrap());
    let (s5, _) = a3.accept().unwrap();
    drop((c2, c3, c4, c5, s3, s4, s5));
    (client, server)
}

/// The surface of every stream socket, on a connected pair.
fn stream_surface<P: StreamFixture>(io: &IoContext, a: StreamSocket<P>, b: StreamSocket<P>) {
    every_socket(&a);
    assert_eq!(b.available().unwrap(), 0);
    assert_eq!(
        format!("{:?}", a.peer_addr().unwrap()),
        format!("{:?}", b.local_addr().unwrap())
    );

    // The stream surface, in each style.
    assert_eq!(a.write_some(b"abc").unwrap(), 3);
    let mut buf = [0u8; 3];
    jeton::io::read(&b, &mut buf[..]).unwrap();
    assert_eq!(&buf, b"abc");
    let n = io
        .block_on(a.async_write_some(&b"de"[..], UseFuture))
        .unwrap();
    assert_eq!(n, 2);
    let (tx, rx) = mpsc::channel();
    b.async_read_some(
        vec![0u8; 8],
        move |(r, buf): (io::Result<usize>, Vec<u8>)| {
            tx.send(buf[..r.unwrap()].to_vec()).unwrap();
        },
    );
    run(io);
    assert_eq!(rx.try_recv().unwrap(), b"de");
    let n = a
        .async_write_vectored(&[&b"f"[..], &b"g"[..]][..], Blocking)
        .unwrap();
    assert_eq!(n, 2);
    assert_eq!(a.write_vectored(&[IoSlice::new(b"h")]).unwrap(), 1);
    let mut buf = [0u8; 3];
    jeton::io::read(b.handle(), &mut buf[..]).unwrap();
    assert_eq!(&buf, b"fgh");
    assert_eq!(
        b.read_some(&mut []).unwrap(),
        0,
        "an empty read completes at once"
    );
    assert_eq!(b.async_read_some(&mut [][..], Blocking).unwrap(), 0);

    // std::io and futures::io, on the socket and on a reference to it.
    Write::write_all(&mut &a, b"std").unwrap();
    Write::flush(&mut &a).unwrap();
    let mut buf = [0u8; 3];
    Read::read_exact(&mut &b, &mut buf).unwrap();
    assert_eq!(&buf, b"std");
    let (mut fa, mut fb) = (&a, &b);
    io.block_on(async {
        AsyncWriteExt::write_all(&mut fa, b"fut").await.unwrap();
        let mut buf = [0u8; 3];
        AsyncReadExt::read_exact(&mut fb, &mut buf).await.unwrap();
        assert_eq!(&buf, b"fut");
    });

    // Non-blocking mode: a synchronous read says WouldBlock instead of waiting.
    b.set_non_blocking(true);
    let e = b.read_some(&mut [0u8; 4]).unwrap_err();
    assert_eq!(e.kind(), io::ErrorKind::WouldBlock);
    b.set_non_blocking(false);

    // cancel aborts a pending read; the socket stays usable.
    let pending = b.async_read_some(vec![0u8; 4], UseFuture);
    b.cancel();
    assert!(error::is_aborted(&io.block_on(pending).0.unwrap_err()));

    // futures::io close shuts the writing side down: the peer reads end of stream.
    let mut owned = a;
    io.block_on(async { AsyncWriteExt::close(&mut owned).await.unwrap() });
    assert_eq!(b.read_some(&mut [0u8; 4]).unwrap(), 0);
    b.shutdown(Shutdown::Both).unwrap();

    // A handle does not keep the socket open.
    let handle = b.handle();
    drop(b);
    assert!(!handle.is_open());
    assert!(error::is_bad_descriptor(
        &handle.write_some(b"x").unwrap_err()
    ));
    drop(owned);
}

/// What only stream sockets have: `bind` before `connect`, `from_std`, and connecting a
/// closed socket (which opens it).
fn stream_construction<P: StreamFixture>(io: &IoContext) {
    let ex = io.executor();
    let (ep, _path) = P::endpoint("lsn");
    let acceptor = Acceptor::<P>::bind(&ex, ep).unwrap();
    let addr = acceptor.local_addr().unwrap();

    let sock = StreamSocket::<P>::new(&ex);
    every_closed_socket(&sock);
    let sock = StreamSocket::<P>::new(&ex);
    sock.open(P::family()).unwrap();
    let (local, _path2) = P::endpoint("bnd");
    sock.bind(local).unwrap();
    io.block_on(sock.async_connect(addr.clone(), UseFuture))
        .unwrap();
    let (_s, peer) = acceptor.accept().unwrap();
    assert_eq!(
        format!("{peer:?}"),
        format!("{:?}", sock.local_addr().unwrap())
    );

    let adopted = StreamSocket::<P>::from_std(&ex, P::std_connect(&addr)).unwrap();
    let (server, _) = acceptor.accept().unwrap();
    adopted.write_some(b"adopted").unwrap();
    let mut buf = [0u8; 7];
    jeton::io::read(&server, &mut buf[..]).unwrap();
    assert_eq!(&buf, b"adopted");

    // connect over a list of endpoints, generic over the protocol.
    let sock = StreamSocket::<P>::new(&ex);
    assert_eq!(
        format!("{:?}", jeton::net::connect(&sock, [addr.clone()]).unwrap()),
        format!("{addr:?}")
    );
}

/// The surface of every datagram socket.
fn datagram_surface<P: DatagramFixture>(io: &IoContext) {
    let ex = io.executor();
    let (ea, _pa) = P::endpoint("dga");
    let (eb, _pb) = P::endpoint("dgb");
    let a = DatagramSocket::<P>::bind(&ex, ea).unwrap();
    let b = Arc::new(DatagramSocket::<P>::bind(&ex, eb).unwrap());
    every_socket(&a);
    let (a_addr, b_addr) = (a.local_addr().unwrap(), b.local_addr().unwrap());

    // send_to / recv_from, blocking, future and closure.
    assert_eq!(a.send_to(b"one", b_addr.clone()).unwrap(), 3);
    let mut buf = [0u8; 8];
    assert_eq!(b.available().unwrap(), 3, "the size of the next datagram");
    let (n, from) = b.recv_from(&mut buf).unwrap();
    assert_eq!(
        (&buf[..n], format!("{from:?}")),
        (&b"one"[..], format!("{a_addr:?}"))
    );
    io.block_on(a.async_send_to(&b"two"[..], b_addr.clone(), UseFuture))
        .unwrap();
    let (tx, rx) = mpsc::channel();
    b.async_recv_from(
        vec![0u8; 8],
        move |(r, buf): (io::Result<(usize, P::Endpoint)>, Vec<u8>)| {
            tx.send(buf[..r.unwrap().0].to_vec()).unwrap();
        },
    );
    run(io);
    assert_eq!(rx.try_recv().unwrap(), b"two");

    // connect, then send / recv and the peer's address.
    a.connect(b_addr.clone()).unwrap();
    assert_eq!(
        format!("{:?}", a.peer_addr().unwrap()),
        format!("{b_addr:?}")
    );
    b.connect(a_addr.clone()).unwrap();
    assert_eq!(a.send(b"three").unwrap(), 5);
    assert_eq!(b.recv(&mut buf).unwrap(), 5);
    io.block_on(a.async_send(&b""[..], UseFuture)).unwrap();
    assert_eq!(
        io.block_on(b.async_recv(&mut buf[..], UseFuture)).unwrap(),
        0
    );
    io.block_on(a.async_connect(b_addr, UseFuture)).unwrap();

    // cancel aborts a pending receive; shutdown works on a connected socket.
    let pending = b.async_recv(vec![0u8; 4], UseFuture);
    b.cancel();
    assert!(error::is_aborted(&io.block_on(pending).0.unwrap_err()));
    b.shutdown(Shutdown::Both).unwrap();

    // A closed socket, opened again; from_std.
    let sock = DatagramSocket::<P>::new(&ex);
    every_closed_socket(&sock);
    let (ec, _pc) = P::endpoint("dgc");
    let adopted = DatagramSocket::<P>::from_std(&ex, P::std_bind(&ec)).unwrap();
    let (ed, _pd) = P::endpoint("dgd");
    let d = DatagramSocket::<P>::bind(&ex, ed).unwrap();
    adopted.send_to(b"std", d.local_addr().unwrap()).unwrap();
    let (n, from) = d.recv_from(&mut buf).unwrap();
    assert_eq!(
        format!("{from:?}"),
        format!("{:?}", adopted.local_addr().unwrap())
    );
    assert_eq!(n, 3);
}

/// The surface of every acceptor once closed: open again, release, adopt.
fn acceptor_construction<P: StreamFixture>(io: &IoContext) {
    let acceptor = Acceptor::<P>::new(&io.executor());
    every_closed_socket(&acceptor);
}

fn streams<P: StreamFixture>() {
    let _watchdog = watchdog(30);
    let io = IoContext::new().unwrap();
    let (client, server) = acceptor_surface::<P>(&io);
    stream_surface::<P>(&io, client, server);
    stream_construction::<P>(&io);
    acceptor_construction::<P>(&io);
}

fn datagrams<P: DatagramFixture>() {
    let _watchdog = watchdog(30);
    let io = IoContext::new().unwrap();
    datagram_surface::<P>(&io);
}

#[test]
fn tcp_stream_sockets_and_acceptors_have_the_whole_surface() {
    streams::<Tcp>();
}

#[test]
fn unix_stream_sockets_and_listeners_have_the_whole_surface() {
    streams::<LocalStream>();
}

#[test]
fn udp_sockets_have_the_whole_datagram_surface() {
    datagrams::<Udp>();
}

#[test]
fn unix_datagram_sockets_have_the_whole_datagram_surface() {
    datagrams::<LocalDatagram>();
}

#[test]
fn the_usual_names_are_the_generic_types() {
    fn same<T: 'static, U: 'static>() -> bool {
        std::any::TypeId::of::<T>() == std::any::TypeId::of::<U>()
    }
    use jeton::net::*;
    assert!(same::<TcpSocket, StreamSocket<Tcp>>());
    assert!(same::<TcpStreamRef, StreamSocket<Tcp, Handle>>());
    assert!(same::<TcpAcceptor, Acceptor<Tcp>>());
    assert!(same::<UdpSocket, DatagramSocket<Udp>>());
    assert!(same::<UnixStream, StreamSocket<LocalStream>>());
    assert!(same::<UnixStreamRef, StreamSocket<LocalStream, Handle>>());
    assert!(same::<UnixListener, Acceptor<LocalStream>>());
    assert!(same::<UnixDatagram, DatagramSocket<LocalDatagram>>());
    assert!(same::<
        jeton::IoObject<SocketCore<Tcp, role::Stream>>,
        TcpSocket,
    >());
}
