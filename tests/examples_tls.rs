//! The TLS examples (feature `tls`): `tls_echo_server` serving a jeton TLS client (and
//! `openssl s_client` where present), and `https_client` fetching a page from a local TLS
//! server made in the test. Certificates are made by rcgen at test time; every child process
//! is killed when its test ends.

#![cfg(feature = "tls")]

#[path = "support/programs.rs"]
mod child;
#[path = "support/examples.rs"]
mod examples_support;
#[path = "support/tls.rs"]
mod tls;
#[path = "support/watchdog.rs"]
mod watchdog;

use std::io::{self, Write};
use std::path::PathBuf;
use std::process::Command;
use std::time::Duration;

use child::{have, run, Running};
use jeton::io as jio;
use jeton::net::{TcpAcceptor, TcpSocket};
use jeton::ssl::{self, Role};
use jeton::IoContext;
use tls::TestPki;

const EXAMPLES: &[&str] = &["tls_echo_server", "https_client"];
const WAIT: Duration = Duration::from_secs(20);

fn example(name: &str) -> PathBuf {
    examples_support::example_path(name, EXAMPLES, Duration::from_secs(240))
}

/// Starts `tls_echo_server` with the test certificate; returns it and its address.
fn echo_server(pki: &TestPki) -> (Running, String) {
    let mut cmd = Command::new(example("tls_echo_server"));
    cmd.arg("--cert")
        .arg(pki.path("server.pem"))
        .arg("--key")
        .arg(pki.path("server.key"))
        .args(["--port", "0", "--threads", "2"]);
    let mut server = Running::start(cmd);
    let line = server.line_with("listening on ", WAIT);
    let addr = line.trim_start_matches("listening on ").trim().to_owned();
    (server, addr)
}

#[test]
fn tls_echo_server_echoes_to_a_jeton_client() {
    let _w = watchdog::watchdog(300);
    let pki = TestPki::new();
    let (server, addr) = echo_server(&pki);
    let io = IoContext::new().unwrap();
    for round in 0..3 {
        let sock = TcpSocket::new(&io.executor());
        sock.connect(addr.parse::<std::net::SocketAddr>().unwrap())
            .unwrap();
        let tls = ssl::Stream::new(sock, &pki.client_context());
        tls.set_host_name("localhost").unwrap();
        tls.handshake(Role::Client).unwrap();
        let data: Vec<u8> = (0..100_000 + round).map(|i| (i % 253) as u8).collect();
        // Write on one thread while this one reads: the echo needs both directions at once.
        let writer = {
            let (tls, data) = (tls.handle(), data.clone());
            std::thread::spawn(move || jio::write(&tls, &data[..]))
        };
        let mut got = vec![0u8; data.len()];
        jio::read(&tls, &mut got[..]).unwrap();
        writer.join().unwrap().unwrap();
        assert!(got == data, "round {round}: the echo differs");
        tls.shutdown().unwrap();
        assert_eq!(
            tls.read_some(&mut [0u8; 1]).unwrap(),
            0,
            "the server's close_notify"
        );
    }
    drop(server);
}

#[test]
fn tls_echo_server_echoes_to_openssl_s_client() {
    let _w = watchdog::watchdog(300);
    if !have("openssl") {
        eprintln!("skipped: openssl is not installed (apt-get install openssl)");
        return;
    }
    let pki = TestPki::new();
    let (_server, addr) = echo_server(&pki);
    let mut cmd = Command::new("openssl");
    cmd.args(["s_client", "-connect", &addr])
        .args(["-servername", "localhost", "-verify_return_error", "-quiet"])
        .arg("-CAfile")
        .arg(pki.path("ca.pem"));
    let mut client = Running::start(cmd);
    let mut stdin = client.child.stdin.take().unwrap();
    stdin.write_all(b"echo me\n").unwrap();
    assert_eq!(client.line_with("echo", WAIT), "echo me");
    drop(client); // killed
}

/// Serves one HTTPS request on a thread: reads the request head, answers `response`, and
/// closes with `close_notify` when `clean`, or with a bare TCP close otherwise.
fn one_page_server(
    pki: &TestPki,
    response: &'static str,
    clean: bool,
) -> (String, std::thread::JoinHandle<io::Result<String>>) {
    let io = IoContext::new().unwrap();
    let acceptor = TcpAcceptor::bind(&io.executor(), "127.0.0.1:0").unwrap();
    let port = acceptor.local_addr().unwrap().port().to_string();
    let ctx = pki.server_context();
    let server = std::thread::spawn(move || {
        let _io = io;
        let (sock, _) = acceptor.accept()?;
        let tls = ssl::Stream::new(sock, &ctx);
        tls.handshake(Role::Server)?;
        let mut head = jio::DynamicBuffer::new(Vec::new());
        let n = jio::read_until(&tls, &mut head, "\r\n\r\n")?;
        let request = String::from_utf8_lossy(&head.data()[..n]).into_owned();
        jio::write(&tls, response.as_bytes())?;
        if clean {
            tls.shutdown()?;
        } else {
            tls.next_layer().close();
        }
        Ok(request)
    });
    (port, server)
}

#[test]
fn https_client_fetches_a_page_and_verifies_the_server() {
    let _w = watchdog::watchdog(300);
    let pki = TestPki::new();
    const PAGE: &str = "HTTP/1.1 200 OK\r\nContent-Length: 6\r\nConnection: close\r\n\r\nhello\n";

    let (port, server) = one_page_server(&pki, PAGE, true);
    let mut cmd = Command::new(example("https_client"));
    cmd.args(["localhost", &port, "/index.html", "--cafile"])
        .arg(pki.path("ca.pem"));
    let out = run(cmd, WAIT);
    assert!(
        out.status.success(),
        "https_client failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert_eq!(String::from_utf8_lossy(&out.stdout), PAGE);
    let request = server.join().unwrap().unwrap();
    assert!(
        request.starts_with("GET /index.html HTTP/1.1\r\n"),
        "{request}"
    );
    assert!(request.contains("Host: localhost\r\n"), "{request}");

    // A server that closes without close_notify after a complete response: accepted.
    let (port, server) = one_page_server(&pki, PAGE, false);
    let mut cmd = Command::new(example("https_client"));
    cmd.args(["127.0.0.1", &port, "/", "--cafile"])
        .arg(pki.path("ca.pem"));
    let out = run(cmd, WAIT);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert_eq!(String::from_utf8_lossy(&out.stdout), PAGE);
    server.join().unwrap().unwrap();

    // A server the CA file does not vouch for: refused, exit status 1.
    let other = TestPki::new();
    let (port, server) = one_page_server(&pki, PAGE, true);
    let mut cmd = Command::new(example("https_client"));
    cmd.args(["localhost", &port, "/", "--cafile"])
        .arg(other.path("ca.pem"));
    let out = run(cmd, WAIT);
    assert_eq!(out.status.code(), Some(1));
    assert!(out.stdout.is_empty());
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("error:"), "{stderr}");
    assert!(
        server.join().unwrap().is_err(),
        "the handshake failed on the server too"
    );
}
