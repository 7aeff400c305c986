//! `ssl::Stream` between jeton peers on loopback (feature `tls`): the handshake and I/O in
//! every token, verification, truncation, close_notify, cancellation, and the stream
//! surface every stream object gets (composed operations, std::io, futures::io, tokio::io).

#![cfg(feature = "tls")]

#[path = "support/tls.rs"]
mod tls;
#[path = "support/watchdog.rs"]
mod watchdog;

use std::io;
use std::sync::mpsc;
use std::thread::JoinHandle;

use jeton::io as jio;
use jeton::net::{TcpAcceptor, TcpSocket};
use jeton::ssl::{self, Role, VerifyMode};
use jeton::{error, Blocking, IoContext, UseFuture};
use tls::TestPki;

/// A connected TCP pair on `io`: (client, server).
fn tcp_pair(io: &IoContext) -> (TcpSocket, TcpSocket) {
    let acceptor = TcpAcceptor::bind(&io.executor(), "127.0.0.1:0").unwrap();
    let client = TcpSocket::new(&io.executor());
    client.connect(acceptor.local_addr().unwrap()).unwrap();
    let (server, _) = acceptor.accept().unwrap();
    (client, server)
}

/// Runs `f` on the server stream on another thread (blocking style).
fn server_thread<T: Send + 'static>(
    sock: TcpSocket,
    ctx: ssl::Context,
    f: impl FnOnce(ssl::Stream<TcpSocket>) -> io::Result<T> + Send + 'static,
) -> JoinHandle<io::Result<T>> {
    std::thread::spawn(move || {
        let tls = ssl::Stream::new(sock, &ctx);
        tls.handshake(Role::Server)?;
        f(tls)
    })
}

/// A client stream with its handshake done, blocking style.
fn client(sock: TcpSocket, pki: &TestPki) -> io::Result<ssl::Stream<TcpSocket>> {
    let tls = ssl::Stream::new(sock, &pki.client_context());
    tls.set_host_name("localhost")?;
    tls.handshake(Role::Client)?;
    Ok(tls)
}

#[test]
fn blocking_handshake_read_write_and_close_notify() {
    use std::io::{Read, Write};
    let _w = watchdog::watchdog(30);
    let pki = TestPki::new();
    let io = IoContext::new().unwrap();
    let (c, s) = tcp_pair(&io);
    let server = server_thread(s, pki.server_context(), |tls| {
        let mut buf = [0u8; 64];
        let n = tls.read_some(&mut buf)?;
        jio::write(&tls, &buf[..n])?; // echo
        let mut rest = Vec::new();
        (&tls).read_to_end(&mut rest)?; // until close_notify: Ok, not truncated
        tls.shutdown()?;
        Ok(rest)
    });
    let tls = client(c, &pki).unwrap();
    assert_eq!(tls.write_some(b"ping").unwrap(), 4);
    let mut buf = [0u8; 4];
    jio::read(&tls, &mut buf[..]).unwrap();
    assert_eq!(&buf, b"ping");
    (&tls).write_all(b"the rest").unwrap();
    tls.shutdown().unwrap();
    assert_eq!(
        tls.read_some(&mut buf).unwrap(),
        0,
        "the server's close_notify"
    );
    assert_eq!(server.join().unwrap().unwrap(), b"the rest");
}

#[test]
fn every_token_drives_the_same_stream() {
    let _w = watchdog::watchdog(30);
    let pki = TestPki::new();
    let io = IoContext::new().unwrap();
    let (c, s) = tcp_pair(&io);
    // The server: callbacks, on io.run().
    let server = ssl::Stream::new(s, &pki.server_context());
    let (tx, rx) = mpsc::channel();
    {
        let handle = server.handle();
        server.async_handshake(Role::Server, move |r: io::Result<()>| {
            r.unwrap();
            handle.async_read_some(
                vec![0u8; 16],
                move |(r, buf): (io::Result<usize>, Vec<u8>)| {
                    let n = r.unwrap();
                    tx.send(buf[..n].to_vec()).unwrap();
                },
            );
        });
    }
    // The client: a future driven by block_on, then Blocking.
    let client = ssl::Stream::new(c, &pki.client_context());
    client.set_host_name("127.0.0.1").unwrap(); // an IP address name
    let runner = {
        let io = std::sync::Arc::new(io);
        let ex = io.executor();
        let guard = jeton::WorkGuard::new(&ex);
        let t = {
            let io = io.clone();
            std::thread::spawn(move || io.run())
        };
        futures::executor::block_on(client.async_handshake(Role::Client, UseFuture)).unwrap();
        client.async_write_some(&b"tokens"[..], Blocking).unwrap();
        assert_eq!(rx.recv().unwrap(), b"tokens");
        drop(guard);
        drop(server);
        t
    };
    runner.join().unwrap();
}

#[test]
fn futures_io_and_composed_operations_over_tls_with_block_on() {
    let _w = watchdog::watchdog(30);
    let pki = TestPki::new();
    let io = IoContext::new().unwrap();
    let (c, s) = tcp_pair(&io);
    let data: Vec<u8> = (0..300_000).map(|i| (i % 251) as u8).collect();
    let server = {
        let data = data.clone();
        server_thread(s, pki.server_context(), move |tls| {
            // Large writes: many records, partial next-layer writes.
            jio::write(&tls, &data[..])?;
            tls.shutdown()?;
            Ok(())
        })
    };
    let tls = ssl::Stream::new(c, &pki.client_context());
    tls.set_host_name("localhost").unwrap();
    let got = io
        .block_on(async {
            use futures::io::AsyncReadExt;
            tls.async_handshake(Role::Client, UseFuture).await?;
            let mut got = Vec::new();
            (&tls).read_to_end(&mut got).await?;
            Ok::<_, io::Error>(got)
        })
        .unwrap();
    assert_eq!(got.len(), data.len());
    assert!(got == data);
    server.join().unwrap().unwrap();
}

#[cfg(feature = "tokio")]
#[test]
fn tokio_io_over_tls_under_a_tokio_runtime() {
    use tokio::io::{AsyncReadExt, AsyncWriteExt};
    let _w = watchdog::watchdog(30);
    let pki = TestPki::new();
    let ex = jeton::system_executor();
    let acceptor = TcpAcceptor::bind(&ex, "127.0.0.1:0").unwrap();
    let addr = acceptor.local_addr().unwrap();
    let rt = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .build()
        .unwrap();
    let server_ctx = pki.server_context();
    let client_ctx = pki.client_context();
    rt.block_on(async move {
        let server = tokio::spawn(async move {
            let (sock, _) = acceptor.async_accept(UseFuture).await?;
            let mut tls = ssl::Stream::new(sock, &server_ctx);
            tls.async_handshake(Role::Server, UseFuture).await?;
            let mut line = String::new();
            tls.read_to_string(&mut line).await?;
            tls.write_all(line.to_uppercase().as_bytes()).await?;
            AsyncWriteExt::shutdown(&mut tls).await?;
            Ok::<_, io::Error>(())
        });
        let sock = TcpSocket::new(&ex);
        sock.async_connect(addr, UseFuture).await.unwrap();
        let mut tls = ssl::Stream::new(sock, &client_ctx);
        tls.set_host_name("localhost").unwrap();
        tls.async_handshake(Role::Client, UseFuture).await.unwrap();
        tls.write_all(b"over tokio").await.unwrap();
        AsyncWriteExt::shutdown(&mut tls).await.unwrap();
        let mut answer = String::new();
        tls.read_to_string(&mut answer).await.unwrap();
        assert_eq!(answer, "OVER TOKIO");
        server.await.unwrap().unwrap();
    });
}

#[test]
fn a_peer_that_closes_without_close_notify_truncates_the_stream() {
    use std::io::Read;
    let _w = watchdog::watchdog(30);
    let pki = TestPki::new();
    let io = IoContext::new().unwrap();
    let (c, s) = tcp_pair(&io);
    let server = server_thread(s, pki.server_context(), |tls| {
        tls.write_some(b"partial")?;
        tls.next_layer().close(); // TCP FIN, no close_notify
        Ok(())
    });
    let tls = client(c, &pki).unwrap();
    server.join().unwrap().unwrap();
    let mut got = Vec::new();
    let e = (&tls).read_to_end(&mut got).unwrap_err();
    assert_eq!(got, b"partial");
    assert!(error::is_stream_truncated(&e), "{e}");
    assert!(!error::is_eof(&e));
    assert_eq!(e.kind(), io::ErrorKind::UnexpectedEof);
}

#[test]
fn a_client_rejects_an_unknown_or_misnamed_server_unless_told_not_to_verify() {
    let _w = watchdog::watchdog(30);
    let pki = TestPki::new();
    let other = TestPki::new(); // another CA: does not know pki's server
    let io = IoContext::new().unwrap();

    // Unknown CA.
    let (c, s) = tcp_pair(&io);
    let server = server_thread(s, pki.server_context(), |_| Ok(()));
    let tls = ssl::Stream::new(c, &other.client_context());
    tls.set_host_name("localhost").unwrap();
    let e = tls.handshake(Role::Client).unwrap_err();
    assert_eq!(e.kind(), io::ErrorKind::InvalidData, "{e}");
    assert!(server.join().unwrap().is_err(), "the server saw the alert");

    // Known CA, wrong name.
    let (c, s) = tcp_pair(&io);
    let server = server_thread(s, pki.server_context(), |_| Ok(()));
    let tls = ssl::Stream::new(c, &pki.client_context());
    tls.set_host_name("example.com").unwrap();
    let e = tls.handshake(Role::Client).unwrap_err();
    assert_eq!(e.kind(), io::ErrorKind::InvalidData, "{e}");
    let _ = server.join().unwrap();

    // No verification: accepted.
    let (c, s) = tcp_pair(&io);
    let server = server_thread(s, pki.server_context(), |tls| tls.shutdown());
    let mut ctx = ssl::Context::new();
    ctx.set_verify_mode(VerifyMode::InsecureNone);
    let tls = ssl::Stream::new(c, &ctx);
    tls.set_host_name("anything.invalid").unwrap();
    tls.handshake(Role::Client).unwrap();
    server.join().unwrap().unwrap();

    // A client needs a name; a server needs a certificate.
    let (c, s) = tcp_pair(&io);
    let e = ssl::Stream::new(c, &pki.client_context())
        .handshake(Role::Client)
        .unwrap_err();
    assert_eq!(e.kind(), io::ErrorKind::InvalidInput, "{e}");
    let e = ssl::Stream::new(s, &ssl::Context::new())
        .handshake(Role::Server)
        .unwrap_err();
    assert_eq!(e.kind(), io::ErrorKind::InvalidInput, "{e}");
}

#[test]
fn a_server_can_require_a_client_certificate() {
    let _w = watchdog::watchdog(30);
    let pki = TestPki::new();
    let io = IoContext::new().unwrap();
    let mut server_ctx = pki.server_context();
    server_ctx
        .add_certificate_authority(pki.ca_pem.as_bytes())
        .unwrap();
    server_ctx.set_verify_mode(VerifyMode::RequirePeerCertificate);

    // Without one: refused.
    let (c, s) = tcp_pair(&io);
    let server = server_thread(s, server_ctx.clone(), |tls| {
        let mut b = [0u8; 1];
        tls.read_some(&mut b).map(|_| ())
    });
    let tls = client(c, &pki);
    let refused = tls.and_then(|t| t.read_some(&mut [0u8; 1]));
    assert!(refused.is_err());
    assert!(server.join().unwrap().is_err());

    // With one the CA signed (the server's own chain serves as a client certificate here).
    let (c, s) = tcp_pair(&io);
    let server = server_thread(s, server_ctx, |tls| {
        let mut b = [0u8; 2];
        jio::read(&tls, &mut b[..])?;
        Ok(b)
    });
    let mut ctx = pki.client_context();
    ctx.use_certificate_chain(pki.server_chain_pem.as_bytes())
        .unwrap();
    ctx.use_private_key(pki.server_key_pem.as_bytes()).unwrap();
    let tls = ssl::Stream::new(c, &ctx);
    tls.set_host_name("localhost").unwrap();
    tls.handshake(Role::Client).unwrap();
    jio::write(&tls, &b"ok"[..]).unwrap();
    assert_eq!(&server.join().unwrap().unwrap(), b"ok");
}

#[test]
fn cancel_aborts_a_pending_tls_read_and_io_before_the_handshake_fails() {
    use std::io::Write;
    let _w = watchdog::watchdog(30);
    let pki = TestPki::new();
    let io = IoContext::new().unwrap();
    let (c, s) = tcp_pair(&io);
    let (done_tx, done_rx) = mpsc::channel::<()>();
    let server = server_thread(s, pki.server_context(), move |_tls| {
        let _ = done_rx.recv(); // keeps the connection open, sends nothing
        Ok(())
    });
    let tls = client(c, &pki).unwrap();
    let (tx, rx) = mpsc::channel();
    tls.async_read_some(vec![0u8; 8], move |(r, _): (io::Result<usize>, Vec<u8>)| {
        tx.send(r).unwrap()
    });
    tls.cancel();
    io.run();
    assert!(error::is_aborted(&rx.recv().unwrap().unwrap_err()));
    done_tx.send(()).unwrap();
    server.join().unwrap().unwrap();

    let (c, _s) = tcp_pair(&io);
    let fresh = ssl::Stream::new(c, &pki.client_context());
    let e = fresh.write_some(b"x").unwrap_err();
    assert_eq!(e.kind(), io::ErrorKind::NotConnected);
    assert_eq!(
        fresh.write_some(b"").unwrap_err().kind(),
        io::ErrorKind::NotConnected
    );
    let _ = (&fresh).flush();
}

#[test]
fn tls_streams_are_send_sync_and_their_operations_send() {
    fn send_sync<T: Send + Sync>() {}
    fn send<T: Send>() {}
    send_sync::<ssl::Stream<TcpSocket>>();
    send_sync::<ssl::Context>();
    send::<ssl::Handshake<TcpSocket>>();
    send::<ssl::Shutdown<TcpSocket>>();
}
