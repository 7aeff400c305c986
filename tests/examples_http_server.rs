//! Runs the `http_server` example (Asio's `cpp11/http/server`) on loopback: it answers `curl`
//! for files byte for byte, gives 404 for a missing file and 400 for malformed or oversized
//! requests, and exits 0 within a second of SIGTERM (or SIGINT, with several threads) while
//! connections are open, closing them.

#[path = "support/examples.rs"]
mod examples_support;
#[path = "support/procs.rs"]
mod procs;
#[path = "support/watchdog.rs"]
mod watchdog;

use std::io::{Read, Write};
use std::net::TcpStream;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Duration;

use procs::Running;
use watchdog::watchdog;

fn example() -> PathBuf {
    examples_support::example_path("http_server", &["http_server"], Duration::from_secs(900))
}

/// A document root with an index page and a binary file, removed when dropped.
struct DocRoot(PathBuf);

impl DocRoot {
    fn new(tag: &str) -> DocRoot {
        // Unique per root: the tests run in parallel, and each removes its own.
        static NEXT: std::sync::atomic::AtomicUsize = std::sync::atomic::AtomicUsize::new(0);
        let n = NEXT.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
        let dir = std::env::temp_dir().join(format!("jeton-http-{tag}-{}-{n}", std::process::id()));
        std::fs::create_dir_all(dir.join("sub")).unwrap();
        std::fs::write(dir.join("index.html"), "<html><body>jeton</body></html>\n").unwrap();
        std::fs::write(dir.join("sub/data.bin"), binary()).unwrap();
        DocRoot(dir)
    }
}

impl Drop for DocRoot {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

/// 300 KiB of every byte value, in a pattern that does not repeat every 256 bytes.
fn binary() -> Vec<u8> {
    (0..300 * 1024u32)
        .map(|i| (i * 7 + i / 251) as u8)
        .collect()
}

/// Starts the server on a free port; returns it and its port.
fn start(root: &Path, extra: &[&str]) -> (Running, u16) {
    let server = Running::start(
        Command::new(example())
            .args(["127.0.0.1", "0"])
            .arg(root)
            .args(extra),
    );
    let port = server.port_from_stderr("http_server: listening on 127.0.0.1:");
    (server, port)
}

/// Runs `curl` for `path`: (HTTP status, body, content type).
fn curl(port: u16, path: &str) -> (u16, Vec<u8>, String) {
    let out = Command::new("curl")
        .args(["--silent", "--show-error", "--max-time", "20"])
        .args(["--write-out", "\n%{http_code} %{content_type}"])
        .arg(format!("http://127.0.0.1:{port}{path}"))
        .output()
        .expect("curl runs (CI installs it)");
    assert!(
        out.status.success(),
        "curl: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    let mut body = out.stdout;
    let at = body.iter().rposition(|&b| b == b'\n').unwrap();
    let trailer = String::from_utf8(body.split_off(at)).unwrap();
    let (code, ctype) = trailer.trim().split_once(' ').unwrap();
    (code.parse().unwrap(), body, ctype.to_owned())
}

/// Sends `request` on a new connection and returns the whole response.
fn raw(port: u16, request: &[u8]) -> String {
    let mut s = TcpStream::connect(("127.0.0.1", port)).unwrap();
    s.set_read_timeout(Some(Duration::from_secs(20))).unwrap();
    s.write_all(request).unwrap();
    let mut out = Vec::new();
    let mut buf = [0u8; 4096];
    // Until the end of the stream (or a reset after the reply): what arrived is the answer.
    while let Ok(n) = s.read(&mut buf) {
        if n == 0 {
            break;
        }
        out.extend_from_slice(&buf[..n]);
    }
    String::from_utf8_lossy(&out).into_owned()
}

fn check_serves(port: u16) {
    let (code, body, ctype) = curl(port, "/sub/data.bin");
    assert_eq!((code, ctype.as_str()), (200, "text/plain"));
    assert!(body == binary(), "the file arrives byte for byte");
    let (code, body, ctype) = curl(port, "/");
    assert_eq!((code, ctype.as_str()), (200, "text/html"));
    assert_eq!(body, b"<html><body>jeton</body></html>\n");
    let (code, body, _) = curl(port, "/missing.html");
    assert_eq!(code, 404);
    assert!(String::from_utf8_lossy(&body).contains("<h1>404 Not Found</h1>"));
}

fn sigterm(server: &Running, signo: rustix::process::Signal) {
    let pid = rustix::process::Pid::from_raw(server.child.id() as i32).unwrap();
    rustix::process::kill_process(pid, signo).unwrap();
}

#[test]
fn http_server_serves_files_to_curl_byte_exact_with_404_for_a_missing_one() {
    let _w = watchdog(120);
    let root = DocRoot::new("curl");
    let (mut server, port) = start(&root.0, &[]);
    check_serves(port);
    sigterm(&server, rustix::process::Signal::TERM);
    assert!(server.exit().success());
}

#[test]
fn http_server_answers_400_to_malformed_oversized_and_escaping_requests() {
    let _w = watchdog(120);
    let root = DocRoot::new("bad");
    let (mut server, port) = start(&root.0, &[]);
    let bad = |request: &[u8]| {
        let reply = raw(port, request);
        assert!(
            reply.starts_with("HTTP/1.0 400 Bad Request\r\n"),
            "{:?} -> {reply:?}",
            String::from_utf8_lossy(&request[..request.len().min(40)])
        );
    };
    bad(b"G(T / HTTP/1.0\r\n\r\n");
    bad(b"GET / HTTX/1.0\r\n\r\n");
    bad(b"GET / HTTP/1.0\r\nno colon here\r\n\r\n");
    bad(b"GET /../etc/passwd HTTP/1.0\r\n\r\n");
    bad(b"GET /%2e%2e/etc/passwd HTTP/1.0\r\n\r\n");
    bad(b"GET relative HTTP/1.0\r\n\r\n");
    // Over the 16 KiB limit, but within what the server has read when it sees that (it reads
    // 8 KiB at a time), so it closes with nothing unread and the client gets the reply
    // rather than a reset.
    bad(format!("GET /{} HTTP/1.0\r\n\r\n", "a".repeat(16_500)).as_bytes());
    let many: String = (0..100).map(|i| format!("X-{i}: v\r\n")).collect();
    bad(format!("GET / HTTP/1.0\r\n{many}\r\n").as_bytes());
    // A good request sent in pieces is still served.
    let ok = raw(port, b"GET /index.html HTTP/1.0\r\nHost: x\r\n\r\n");
    assert!(
        ok.starts_with("HTTP/1.0 200 OK\r\nContent-Length: 32\r\n"),
        "{ok:?}"
    );
    sigterm(&server, rustix::process::Signal::TERM);
    assert!(server.exit().success());
}

/// Opens connections that stay open: idle ones, and ones in the middle of a request.
fn open_connections(port: u16) -> Vec<TcpStream> {
    (0..6)
        .map(|i| {
            let mut s = TcpStream::connect(("127.0.0.1", port)).unwrap();
            if i % 2 == 1 {
                s.write_all(b"GET /index.html HTTP/1.0\r\nHost:").unwrap();
            }
            s.set_read_timeout(Some(Duration::from_secs(20))).unwrap();
            s
        })
        .collect()
}

fn check_stops(extra: &[&str], signo: rustix::process::Signal) {
    let root = DocRoot::new("stop");
    let (mut server, port) = start(&root.0, extra);
    check_serves(port);
    let conns = open_connections(port);
    // Wait until the server has accepted them all: a full request on one more connection is
    // answered after them (one acceptor, in order).
    assert!(raw(port, b"GET / HTTP/1.0\r\n\r\n").starts_with("HTTP/1.0 200 OK"));
    sigterm(&server, signo);
    let status = server.exit_within(Duration::from_secs(1));
    let status = status.expect("http_server exits within a second of the signal");
    assert!(status.success(), "{status}");
    // Every connection was closed by the server.
    for mut c in conns {
        let mut buf = [0u8; 64];
        let n = c.read(&mut buf).unwrap_or(0);
        assert_eq!(n, 0, "closed without a reply");
    }
    assert!(
        TcpStream::connect(("127.0.0.1", port)).is_err(),
        "the acceptor is closed"
    );
}

#[test]
fn http_server_exits_0_within_a_second_of_sigterm_with_connections_open() {
    let _w = watchdog(120);
    check_stops(&[], rustix::process::Signal::TERM);
}

#[test]
fn http_server_with_four_threads_stops_on_sigint() {
    let _w = watchdog(120);
    check_stops(&["--threads", "4"], rustix::process::Signal::INT);
}
