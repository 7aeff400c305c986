//! `close()` in each style: a statement closes now (Asio); `.close().await` in async code,
//! with the `futures::io` traits in scope, shuts down the writing side as
//! `AsyncWriteExt::close` does, so the peer reads to its end and this side can still read.

mod support;

use std::io;
use std::time::Duration;

#[allow(unused_imports)]
use futures::io::{AsyncReadExt, AsyncWriteExt};
use jeton::net::{TcpAcceptor, TcpSocket};
use jeton::{error, IoContext, SteadyTimer, UseFuture};
use support::watchdog;

fn pair(io: &IoContext) -> (TcpSocket, TcpSocket) {
    let acceptor = TcpAcceptor::bind(&io.executor(), "127.0.0.1:0").unwrap();
    let client = TcpSocket::new(&io.executor());
    client.connect(acceptor.local_addr().unwrap()).unwrap();
    let (server, _) = acceptor.accept().unwrap();
    (client, server)
}

#[test]
fn close_await_shuts_down_writing_and_the_socket_still_reads() {
    let _w = watchdog(20);
    let io = IoContext::new().unwrap();
    let (client, server) = pair(&io);
    io.block_on(async {
        client.async_write_some(&b"request"[..], UseFuture).await?;
        // The code async Rust writes, with AsyncWriteExt in scope: the inherent close.
        client.close().await?;
        let mut got = Vec::new();
        (&server).read_to_end(&mut got).await?; // ends: the client's writing side is shut
        assert_eq!(got, b"request");
        server.write_some(b"reply")?;
        let mut reply = [0u8; 5];
        (&client).read_exact(&mut reply).await?; // the client still reads
        assert_eq!(&reply, b"reply");
        Ok::<(), io::Error>(())
    })
    .unwrap();
    assert!(client.is_open());
}

#[test]
fn close_as_a_statement_or_in_a_handler_closes_now() {
    let _w = watchdog(20);
    let io = IoContext::new().unwrap();
    let (client, _server) = pair(&io);
    client.close();
    assert!(!client.is_open());
    assert!(error::is_bad_descriptor(
        &client.write_some(b"x").unwrap_err()
    ));

    // A timer handler that closes a socket through its handle, as Asio's timeouts do.
    let (client, _server) = pair(&io);
    let timer = SteadyTimer::with_duration(&io.executor(), Duration::from_millis(1));
    let handle = client.handle();
    timer.async_wait(move |_| handle.close());
    io.run();
    assert!(!client.is_open());
}

#[test]
fn futures_io_close_shuts_down_writing_like_the_socket_itself() {
    // The same behaviour through the adapter: the peer's read_to_end ends, the stream reads on.
    let _w = watchdog(20);
    let io = IoContext::new().unwrap();
    let (client, server) = pair(&io);
    let mut client = jeton::io::FuturesIo::new(client);
    io.block_on(async {
        client.write_all(b"request").await?;
        AsyncWriteExt::close(&mut client).await?;
        let mut got = Vec::new();
        (&server).read_to_end(&mut got).await?;
        assert_eq!(got, b"request");
        server.write_some(b"reply")?;
        let mut reply = [0u8; 5];
        client.read_exact(&mut reply).await?;
        assert_eq!(&reply, b"reply");
        Ok::<(), io::Error>(())
    })
    .unwrap();
}
