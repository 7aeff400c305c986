//! `tokio::io::{AsyncRead, AsyncWrite}` on jeton's stream objects (feature `tokio`): tokio-util
//! codecs and tokio's extension traits work on a jeton socket directly, driven by jeton's own
//! context (`block_on`, `co_spawn`) with no tokio runtime, or under a tokio runtime.

#![cfg(feature = "tokio")]

mod support;

use std::io;

use futures::{SinkExt, StreamExt};
use jeton::net::{unix, TcpAcceptor, TcpSocket};
use jeton::{co_spawn, system_executor, IoContext};
use support::watchdog;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio_util::codec::{Framed, LinesCodec};

/// A connected pair of TCP sockets on the context of `ex`.
fn tcp_pair(ex: &jeton::Executor) -> (TcpSocket, TcpSocket) {
    let acceptor = TcpAcceptor::bind(ex, "127.0.0.1:0").unwrap();
    let client = TcpSocket::new(ex);
    client.connect(acceptor.local_addr().unwrap()).unwrap();
    let (server, _) = acceptor.accept().unwrap();
    (client, server)
}

/// Echoes every line back in upper case, until the peer closes.
async fn upper_echo(sock: TcpSocket) -> io::Result<()> {
    let mut lines = Framed::new(sock, LinesCodec::new());
    while let Some(line) = lines.next().await {
        let line = line.map_err(io::Error::other)?;
        lines
            .send(line.to_uppercase())
            .await
            .map_err(io::Error::other)?;
    }
    Ok(())
}

/// Sends three lines and collects the answers.
async fn three_lines(sock: TcpSocket) -> io::Result<Vec<String>> {
    let mut lines = Framed::new(sock, LinesCodec::new());
    let mut got = Vec::new();
    for word in ["alpha", "beta", "gamma"] {
        lines.send(word).await.map_err(io::Error::other)?;
        let answer = lines.next().await.expect("an answer");
        got.push(answer.map_err(io::Error::other)?);
    }
    Ok(got)
}

#[test]
fn a_lines_codec_over_a_jeton_socket_with_block_on_and_co_spawn() {
    let _w = watchdog(20);
    let io = IoContext::new().unwrap();
    let ex = io.executor();
    let (client, server) = tcp_pair(&ex);
    // The server is a jeton task; the client is the future io.block_on drives.
    co_spawn(&ex, upper_echo(server), |r: io::Result<()>| r.unwrap());
    let got = io.block_on(three_lines(client)).unwrap();
    assert_eq!(got, ["ALPHA", "BETA", "GAMMA"]);
}

#[test]
fn a_lines_codec_between_two_jeton_tasks() {
    let _w = watchdog(20);
    let io = IoContext::new().unwrap();
    let ex = io.executor();
    let (client, server) = tcp_pair(&ex);
    co_spawn(&ex, upper_echo(server), |r: io::Result<()>| r.unwrap());
    let (tx, rx) = std::sync::mpsc::channel();
    co_spawn(
        &ex,
        three_lines(client),
        move |r: io::Result<Vec<String>>| tx.send(r.unwrap()).unwrap(),
    );
    io.run();
    assert_eq!(rx.recv().unwrap(), ["ALPHA", "BETA", "GAMMA"]);
}

#[test]
fn a_lines_codec_under_a_tokio_runtime() {
    let _w = watchdog(20);
    let rt = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .build()
        .unwrap();
    rt.block_on(async {
        let (client, server) = tcp_pair(&system_executor());
        let echo = tokio::spawn(upper_echo(server));
        let got = three_lines(client).await.unwrap();
        assert_eq!(got, ["ALPHA", "BETA", "GAMMA"]);
        echo.await.unwrap().unwrap(); // the client's drop ended the echo
    });
}

#[test]
fn tokio_extension_traits_on_a_socket_and_a_reference() {
    let _w = watchdog(20);
    let io = IoContext::new().unwrap();
    let (a, b) = unix::connect_pair(&io.executor()).unwrap();
    io.block_on(async {
        let mut writer = &a;
        writer.write_all(b"hello, ").await?;
        // The inherent (blocking) write_vectored shadows the extension method: name it.
        AsyncWriteExt::write_vectored(&mut writer, &[io::IoSlice::new(b"tokio")]).await?;
        AsyncWriteExt::flush(&mut writer).await?;
        AsyncWriteExt::shutdown(&mut writer).await?; // the peer reads end of stream
        let mut got = String::new();
        (&b).read_to_string(&mut got).await?;
        assert_eq!(got, "hello, tokio");
        Ok::<(), io::Error>(())
    })
    .unwrap();

    // tokio::io::copy between two jeton sockets, on the system context, under tokio.
    let rt = tokio::runtime::Builder::new_current_thread()
        .build()
        .unwrap();
    rt.block_on(async {
        let (mut src_w, mut src_r) = tcp_pair(&system_executor());
        let (mut dst_w, dst_r) = tcp_pair(&system_executor());
        let data: Vec<u8> = (0..256 * 1024).map(|i| (i % 251) as u8).collect();
        let writer = {
            let data = data.clone();
            tokio::spawn(async move {
                src_w.write_all(&data).await.unwrap();
                AsyncWriteExt::shutdown(&mut src_w).await.unwrap();
            })
        };
        let copier = tokio::spawn(async move {
            let n = tokio::io::copy(&mut src_r, &mut dst_w).await.unwrap();
            AsyncWriteExt::shutdown(&mut dst_w).await.unwrap();
            n
        });
        let mut got = Vec::new();
        let mut reader = &dst_r;
        reader.read_to_end(&mut got).await.unwrap();
        writer.await.unwrap();
        assert_eq!(copier.await.unwrap(), data.len() as u64);
        assert_eq!(got, data);
    });
}
