//! Interoperability of `ssl::Stream` with OpenSSL (feature `tls`): a jeton client against
//! `openssl s_server` (TLS 1.3 and 1.2), a jeton server against `openssl s_client`, and a
//! truncated stream when `s_server` is killed. All on loopback, with certificates made by
//! rcgen at test time; each `openssl` process is killed when its test ends. Skipped, with a
//! message, where `openssl` is missing (CI installs it).

#![cfg(feature = "tls")]

#[path = "support/programs.rs"]
mod child;
#[path = "support/tls.rs"]
mod tls;
#[path = "support/watchdog.rs"]
mod watchdog;

use std::io::{self, Read, Write};
use std::process::Command;
use std::time::Duration;

use child::{have, Running};
use jeton::io as jio;
use jeton::net::{TcpAcceptor, TcpSocket};
use jeton::ssl::{self, Role};
use jeton::{error, IoContext, UseFuture};
use tls::TestPki;

const WAIT: Duration = Duration::from_secs(20);

/// Returns whether the tests can run; prints why not.
fn openssl_present() -> bool {
    let present = have("openssl");
    if !present {
        eprintln!("skipped: openssl is not installed (apt-get install openssl)");
    }
    present
}

/// Starts `openssl s_server` in reverse-echo mode (each line comes back reversed) on a free
/// port, with `extra` options; returns it and its address.
fn s_server(pki: &TestPki, extra: &[&str]) -> (Running, String) {
    let mut cmd = Command::new("openssl");
    cmd.args([
        "s_server",
        "-accept",
        "127.0.0.1:0",
        "-rev",
        "-naccept",
        "1",
    ])
    .arg("-cert")
    .arg(pki.path("server.pem"))
    .arg("-key")
    .arg(pki.path("server.key"))
    .args(extra);
    let mut server = Running::start(cmd);
    let line = server.line_with("ACCEPT ", WAIT);
    let addr = line.trim_start_matches("ACCEPT ").trim().to_owned();
    (server, addr)
}

/// A jeton client, connected and through its handshake with the server at `addr`.
fn jeton_client(io: &IoContext, pki: &TestPki, addr: &str) -> ssl::Stream<TcpSocket> {
    let sock = TcpSocket::new(&io.executor());
    sock.connect(addr.parse::<std::net::SocketAddr>().unwrap())
        .unwrap();
    let tls = ssl::Stream::new(sock, &pki.client_context());
    tls.set_host_name("localhost").unwrap();
    tls.handshake(Role::Client).unwrap();
    tls
}

/// Reads from `tls` until `want` bytes came.
fn read_n(tls: &ssl::Stream<TcpSocket>, want: usize) -> Vec<u8> {
    let mut buf = vec![0u8; want];
    jio::read(tls, &mut buf[..]).unwrap();
    buf
}

#[test]
fn a_jeton_client_talks_to_openssl_s_server_tls13_and_tls12() {
    let _w = watchdog::watchdog(60);
    if !openssl_present() {
        return;
    }
    let pki = TestPki::new();
    let io = IoContext::new().unwrap();
    for version in ["-tls1_3", "-tls1_2"] {
        let (mut server, addr) = s_server(&pki, &[version]);
        let tls = jeton_client(&io, &pki, &addr);
        // Blocking style.
        (&tls).write_all(b"hello jeton\n").unwrap();
        assert_eq!(read_n(&tls, 12), b"notej olleh\n", "{version}");
        // Future style on the same stream, driven by block_on.
        let echoed = io
            .block_on(async {
                jio::async_write(&tls, &b"abc\n"[..], UseFuture).await?;
                let mut buf = [0u8; 4];
                jio::async_read(&tls, &mut buf[..], UseFuture).await?;
                tls.async_shutdown(UseFuture).await?;
                Ok::<_, io::Error>(buf)
            })
            .unwrap();
        assert_eq!(&echoed, b"cba\n", "{version}");
        let stderr = server.kill_and_stderr();
        assert!(stderr.contains("CONNECTION ESTABLISHED"), "{stderr}");
    }
}

#[test]
fn a_jeton_server_talks_to_openssl_s_client() {
    let _w = watchdog::watchdog(60);
    if !openssl_present() {
        return;
    }
    let pki = TestPki::new();
    let io = IoContext::new().unwrap();
    let acceptor = TcpAcceptor::bind(&io.executor(), "127.0.0.1:0").unwrap();
    let addr = acceptor.local_addr().unwrap();
    let server_ctx = pki.server_context();
    let server = std::thread::spawn(move || -> io::Result<String> {
        let (sock, _) = acceptor.accept()?;
        let tls = ssl::Stream::new(sock, &server_ctx);
        tls.handshake(Role::Server)?;
        // Read one line, answer it in upper case, then close_notify.
        let mut line = Vec::new();
        let mut byte = [0u8; 1];
        while !line.ends_with(b"\n") {
            if tls.read_some(&mut byte)? == 0 {
                break;
            }
            line.extend_from_slice(&byte);
        }
        let text = String::from_utf8_lossy(&line).into_owned();
        (&tls).write_all(text.to_uppercase().as_bytes())?;
        tls.shutdown()?;
        Ok(text)
    });

    let mut cmd = Command::new("openssl");
    cmd.args(["s_client", "-connect", &addr.to_string()])
        .args(["-servername", "localhost", "-verify_return_error", "-quiet"])
        .arg("-CAfile")
        .arg(pki.path("ca.pem"));
    let mut client = Running::start(cmd);
    let mut stdin = client.child.stdin.take().unwrap();
    stdin.write_all(b"from openssl\n").unwrap();
    let answer = client.line_with("FROM", WAIT);
    assert_eq!(answer, "FROM OPENSSL");
    drop(stdin);
    let (ok, stderr) = client.wait(WAIT); // our close_notify ends s_client
    assert!(ok, "s_client failed: {stderr}");
    assert!(!stderr.contains("verify error"), "{stderr}");
    assert_eq!(server.join().unwrap().unwrap(), "from openssl\n");
}

#[test]
fn killing_s_server_truncates_the_stream() {
    let _w = watchdog::watchdog(60);
    if !openssl_present() {
        return;
    }
    let pki = TestPki::new();
    let io = IoContext::new().unwrap();
    let (mut server, addr) = s_server(&pki, &[]);
    let tls = jeton_client(&io, &pki, &addr);
    (&tls).write_all(b"x\n").unwrap();
    assert_eq!(read_n(&tls, 2), b"x\n");
    let _ = server.kill_and_stderr(); // the kernel closes the TCP connection: no close_notify
    let mut rest = Vec::new();
    let e = (&tls).read_to_end(&mut rest).unwrap_err();
    assert!(error::is_stream_truncated(&e), "{e}");
}
