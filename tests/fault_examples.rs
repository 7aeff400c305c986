//! Faults: peers that abuse the example clients and servers people copy into their own.
//!
//! - `http_client` against a server that sends headers without end: it stops at 64 KiB with
//!   a clear error, in both modes, instead of growing its buffer until memory runs out.
//! - `chat_server` with a client that never reads while another sends many messages: the slow
//!   client is dropped once it is too far behind (the server's queue stays bounded), and the
//!   others still get every message, in order.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::{SocketAddr, TcpListener, TcpStream};
use std::path::PathBuf;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

#[path = "support/examples.rs"]
mod examples_support;

#[path = "support/child.rs"]
mod child;

/// The examples these tests run, built before the first run.
const EXAMPLES: [&str; 2] = ["http_client", "chat_server"];

fn example_path(name: &str) -> PathBuf {
    examples_support::example_path(name, &EXAMPLES, Duration::from_secs(900))
}

/// Returns the resident set size of process `pid` in KiB, if it still runs.
fn rss_kib(pid: u32) -> Option<u64> {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).ok()?;
    let line = status.lines().find(|l| l.starts_with("VmRSS:"))?;
    line.split_whitespace().nth(1)?.parse().ok()
}

// ----- http_client and endless headers -----

/// The most an endless-header server sends: enough to take an unbounded client far past
/// any sane memory use, few enough that the test ends either way.
const ENDLESS_MAX: usize = 64 << 20;

/// Serves one connection: reads the request's head, sends a status line and then header
/// lines until the client goes away (or [`ENDLESS_MAX`]). Returns the address and the thread,
/// which yields the bytes it sent.
fn endless_header_server() -> (SocketAddr, std::thread::JoinHandle<usize>) {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let addr = listener.local_addr().unwrap();
    let thread = std::thread::spawn(move || {
        let (sock, _) = listener.accept().unwrap();
        let mut reader = BufReader::new(sock.try_clone().unwrap());
        let mut line = String::new();
        while reader.read_line(&mut line).is_ok_and(|n| n > 2) {
            line.clear();
        }
        let mut sock = sock;
        let mut sent = 0;
        let filler = "a".repeat(1000);
        let _ = sock.write_all(b"HTTP/1.0 200 OK\r\n");
        for i in 0.. {
            let header = format!("X-Filler-{i}: {filler}\r\n");
            if sent > ENDLESS_MAX || sock.write_all(header.as_bytes()).is_err() {
                break;
            }
            sent += header.len();
        }
        sent
    });
    (addr, thread)
}

fn http_client_stops_endless_headers(async_mode: bool) {
    let exe = example_path("http_client");
    let _w = child::watchdog(120);
    let (addr, server) = endless_header_server();
    let mut cmd = Command::new(exe);
    if async_mode {
        cmd.arg("--async");
    }
    let mut client = cmd
        .args(["127.0.0.1", &addr.port().to_string(), "/"])
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let (mut out, mut err) = (client.stdout.take().unwrap(), client.stderr.take().unwrap());
    let pipes = std::thread::spawn(move || {
        let (mut o, mut e) = (Vec::new(), String::new());
        let _ = out.read_to_end(&mut o);
        let _ = err.read_to_string(&mut e);
        (o, e)
    });
    // Watch its memory while it runs, and give it 30 s.
    let (start, mut peak) = (Instant::now(), 0);
    let status = loop {
        if let Some(status) = client.try_wait().unwrap() {
            break status;
        }
        peak = peak.max(rss_kib(client.id()).unwrap_or(0));
        if start.elapsed() > Duration::from_secs(30) {
            let _ = client.kill();
            let _ = client.wait();
            panic!("http_client still reading headers after 30 s (peak RSS {peak} KiB)");
        }
        std::thread::sleep(Duration::from_millis(5));
    };
    let (stdout, stderr) = pipes.join().unwrap();
    let sent = server.join().unwrap();
    assert!(!status.success(), "endless headers succeeded");
    assert_eq!(
        stderr.trim_end(),
        "Response headers exceed 65536 bytes",
        "async: {async_mode} (server sent {sent} bytes, client peak RSS {peak} KiB)"
    );
    assert!(stdout.is_empty(), "no header is printed");
    assert!(peak < 32 * 1024, "peak RSS {peak} KiB");
}

#[test]
fn http_client_sync_stops_at_64_kib_of_headers() {
    http_client_stops_endless_headers(false);
}

#[test]
fn http_client_async_stops_at_64_kib_of_headers() {
    http_client_stops_endless_headers(true);
}

// ----- chat_server and a client that never reads -----

/// How many messages the sender sends: far more than a session may queue (1000).
const MESSAGES: usize = 20_000;

/// Encodes one chat message carrying `body`.
fn chat_message(body: &[u8]) -> Vec<u8> {
    let mut m = format!("{:4}", body.len()).into_bytes();
    m.extend_from_slice(body);
    m
}

/// The body of message `i`: its number, padded to 500 bytes.
fn body(i: usize) -> Vec<u8> {
    let mut b = format!("{i:08}").into_bytes();
    b.resize(500, b'.');
    b
}

/// Reads chat messages from `s` until the end of the stream (or an error); returns their
/// bodies.
fn read_messages(s: &mut TcpStream) -> Vec<Vec<u8>> {
    let mut bodies = Vec::new();
    let mut header = [0u8; 4];
    while s.read_exact(&mut header).is_ok() {
        let len: usize = std::str::from_utf8(&header)
            .unwrap()
            .trim()
            .parse()
            .unwrap();
        let mut b = vec![0u8; len];
        if s.read_exact(&mut b).is_err() {
            break;
        }
        bodies.push(b);
    }
    bodies
}

fn connect(addr: SocketAddr) -> TcpStream {
    let s = TcpStream::connect(addr).unwrap();
    s.set_read_timeout(Some(Duration::from_secs(30))).unwrap();
    s
}

#[test]
fn chat_server_drops_a_client_that_never_reads_and_serves_the_others() {
    let exe = example_path("chat_server");
    let _w = child::watchdog(180);
    let total = (MESSAGES + 1).to_string();
    let mut server = child::Server::start(&exe, &["--max-msgs", &total, "0"], None);

    // The slow client joins first and never reads; the reader joins second, and its empty
    // message, once it comes back, says that both are in the room.
    let mut slow = connect(server.addr);
    let mut reader = connect(server.addr);
    reader.write_all(&chat_message(b"")).unwrap();
    let mut sync = [0u8; 4];
    reader.read_exact(&mut sync).unwrap();
    assert_eq!(&sync, b"   0");
    let reading = std::thread::spawn(move || read_messages(&mut reader));

    // The sender sends every message while it drains its own copies.
    let mut sender = connect(server.addr);
    let mut echo = sender.try_clone().unwrap();
    let echoes = std::thread::spawn(move || read_messages(&mut echo).len());
    let (mut peak, start) = (0, Instant::now());
    for i in 0..MESSAGES {
        sender.write_all(&chat_message(&body(i))).unwrap();
        if i % 1000 == 0 {
            peak = peak.max(server.rss_kib().unwrap_or(0));
        }
    }
    let got = reading.join().unwrap();
    assert_eq!(got.len(), MESSAGES, "the reader gets every message");
    assert!(
        got.iter().enumerate().all(|(i, b)| *b == body(i)),
        "in order"
    );
    // The sender joined after the reader's empty message: it gets it first, as a recent one.
    assert_eq!(
        echoes.join().unwrap(),
        MESSAGES + 1,
        "and so does the sender"
    );
    let dropped = server.wait_line(|l| l.starts_with("dropping a participant"), STEP);
    assert_eq!(
        dropped.as_deref(),
        Some("dropping a participant 1000 messages behind"),
        "{:?}",
        server.lines()
    );
    // The slow client's stream ends early: what the kernel had buffered, then the end.
    let slow_got = read_messages(&mut slow).len();
    assert!(
        slow_got < MESSAGES,
        "the slow client got all {slow_got} messages"
    );
    eprintln!(
        "{MESSAGES} messages in {:?}; slow client got {slow_got}; peak server RSS {peak} KiB",
        start.elapsed()
    );
    drop((slow, sender));
    assert_eq!(server.wait_exit(STEP), Some(true), "{:?}", server.lines());
}

/// How long a step (a line, an exit) may take.
const STEP: Duration = Duration::from_secs(30);
