//! Faults: the example servers' accept loops under abuse.
//!
//! - At the descriptor limit (a child process with a low `RLIMIT_NOFILE`, filled with
//!   connections), each echo style and the chat server back off after an accept error and log
//!   it once per back-off instead of spinning, keep serving the connections they have, and
//!   serve new ones once descriptors are free again; the blocking echo server does not exit.
//! - Under a connect-and-close flood (clean closes, resets, a byte then a close), each echo
//!   style survives, closes every socket it accepted and still echoes.

use std::io::{Read, Write};
use std::net::{SocketAddr, TcpStream};
use std::path::PathBuf;
use std::time::{Duration, Instant};

#[path = "support/examples.rs"]
mod examples_support;

#[path = "support/child.rs"]
mod child;

use child::Server;

/// The examples these tests run, built before the first run.
const EXAMPLES: [&str; 2] = ["echo_server", "chat_server"];

/// The descriptor limit of the server under test: a few for itself, the rest for clients.
const NOFILE: u64 = 48;

/// How many connections the test opens against it: more than it can hold.
const CONNS: usize = 100;

/// How long the server is left at its limit before its log is counted.
const AT_LIMIT: Duration = Duration::from_millis(1500);

/// The most accept-error lines the server may print meanwhile: one per back-off (100 ms)
/// is about 15; a spinning server prints hundreds of thousands.
const MAX_ERROR_LINES: usize = 60;

/// How long a server may take to serve again: it first works through the connections queued
/// before (1,500 after a flood; under a sanitizer each thread of the blocking style costs
/// several milliseconds).
const RECOVERY: Duration = Duration::from_secs(60);

fn example_path(name: &str) -> PathBuf {
    examples_support::example_path(name, &EXAMPLES, Duration::from_secs(900))
}

/// Connects to `addr`, failing after a few seconds instead of hanging.
fn connect(addr: SocketAddr) -> TcpStream {
    let s = TcpStream::connect_timeout(&addr, Duration::from_secs(5)).expect("connect");
    s.set_read_timeout(Some(Duration::from_secs(10))).unwrap();
    s
}

/// Sends `msg` on `s` and reads back exactly `reply`.
fn round_trip(s: &mut TcpStream, msg: &[u8], reply: &[u8]) -> std::io::Result<()> {
    s.write_all(msg)?;
    let mut got = vec![0u8; reply.len()];
    s.read_exact(&mut got)?;
    assert_eq!(got, reply);
    Ok(())
}

/// Checks that a new client is served, retrying while the server catches up with the
/// connections closed before it (at most `within`).
fn served_again(addr: SocketAddr, msg: &[u8], reply: &[u8], within: Duration) {
    let deadline = Instant::now() + within;
    loop {
        let mut s = connect(addr);
        s.set_read_timeout(Some(Duration::from_secs(2))).unwrap();
        match round_trip(&mut s, msg, reply) {
            Ok(()) => return,
            Err(e) if Instant::now() < deadline => eprintln!("not served yet: {e}"),
            Err(e) => panic!("not served again within {within:?}: {e}"),
        }
    }
}

fn is_accept_error(line: &str) -> bool {
    line.starts_with("accept:")
}

/// Fills a server limited to [`NOFILE`] descriptors with connections, then checks that it
/// backs off, keeps serving, and recovers; `msg` and `reply` are one exchange of its protocol.
fn at_the_descriptor_limit(exe: &str, args: &[&str], msg: &[u8], reply: &[u8]) {
    let exe = example_path(exe);
    let _w = child::watchdog(180);
    let mut server = Server::start(&exe, args, Some(NOFILE));
    let mut conns: Vec<TcpStream> = (0..CONNS).map(|_| connect(server.addr)).collect();
    let first = server.wait_line(is_accept_error, Duration::from_secs(20));
    assert!(first.is_some(), "no accept error: {:?}", server.lines());
    assert!(
        first.as_deref().unwrap().contains("Too many open files"),
        "{first:?}"
    );
    std::thread::sleep(AT_LIMIT);
    let errors = server.count(is_accept_error);
    assert!(
        errors <= MAX_ERROR_LINES,
        "{errors} accept-error lines in {AT_LIMIT:?}: it spins (last: {:?})",
        server.lines().last()
    );
    assert!(server.running(), "the server exited: {:?}", server.lines());
    // A connection accepted before the limit is still served.
    round_trip(&mut conns[0], msg, reply).expect("the first connection is served");
    drop(conns);
    served_again(server.addr, msg, reply, RECOVERY);
    assert!(server.running(), "the server exited: {:?}", server.lines());
}

#[test]
fn the_callback_echo_server_backs_off_at_the_descriptor_limit_and_recovers() {
    at_the_descriptor_limit("echo_server", &["--style", "callback"], b"ping", b"ping");
}

#[test]
fn the_coroutine_echo_server_backs_off_at_the_descriptor_limit_and_recovers() {
    at_the_descriptor_limit("echo_server", &["--style", "coroutine"], b"ping", b"ping");
}

#[test]
fn the_blocking_echo_server_backs_off_at_the_descriptor_limit_and_recovers() {
    at_the_descriptor_limit("echo_server", &["--style", "blocking"], b"ping", b"ping");
}

#[test]
fn the_chat_server_backs_off_at_the_descriptor_limit_and_recovers() {
    // A chat message comes back to its sender (and to every other participant: the test
    // does not read the others, whose queues the server bounds).
    at_the_descriptor_limit("chat_server", &["0"], b"   2hi", b"   2hi");
}

// ----- connect-and-close floods -----

/// How many connections each flooding thread makes.
const FLOOD: usize = 500;

/// Counts the server's open descriptors.
fn open_fds(pid: u32) -> usize {
    std::fs::read_dir(format!("/proc/{pid}/fd")).map_or(0, |d| d.count())
}

/// Opens and closes [`FLOOD`] connections from each of three threads: one closes cleanly, one
/// resets (`SO_LINGER` 0), one sends a byte and closes without reading the echo.
fn flood(addr: SocketAddr) {
    let threads: Vec<_> = (0..3)
        .map(|kind| {
            std::thread::spawn(move || {
                for _ in 0..FLOOD {
                    let Ok(mut s) = TcpStream::connect_timeout(&addr, Duration::from_secs(5))
                    else {
                        continue; // A full backlog may refuse one; the server must live on.
                    };
                    match kind {
                        0 => {}
                        1 => socket2::SockRef::from(&s)
                            .set_linger(Some(Duration::ZERO))
                            .unwrap(),
                        _ => {
                            let _ = s.write_all(b"x");
                        }
                    }
                }
            })
        })
        .collect();
    for t in threads {
        t.join().expect("a flooding thread does not panic");
    }
}

fn survives_a_connect_and_close_flood(style: &str) {
    let exe = example_path("echo_server");
    let _w = child::watchdog(180);
    let mut server = Server::start(&exe, &["--style", style], None);
    let baseline = open_fds(server.id());
    flood(server.addr);
    served_again(server.addr, b"still here", b"still here", RECOVERY);
    assert!(server.running(), "the server exited: {:?}", server.lines());
    // Every accepted socket is closed again: no descriptor leaks.
    let deadline = Instant::now() + RECOVERY;
    while open_fds(server.id()) > baseline + 2 && Instant::now() < deadline {
        std::thread::sleep(Duration::from_millis(20));
    }
    let now = open_fds(server.id());
    assert!(
        now <= baseline + 2,
        "{now} descriptors open, {baseline} before the flood"
    );
    // Resets may be logged, one line per connection at most; never an accept loop that spins.
    let lines = server.lines();
    assert!(lines.len() <= 3 * FLOOD + 1, "{} lines", lines.len());
    assert!(lines.iter().all(|l| !is_accept_error(l)), "{lines:?}");
}

#[test]
fn the_callback_echo_server_survives_a_connect_and_close_flood() {
    survives_a_connect_and_close_flood("callback");
}

#[test]
fn the_coroutine_echo_server_survives_a_connect_and_close_flood() {
    survives_a_connect_and_close_flood("coroutine");
}

#[test]
fn the_blocking_echo_server_survives_a_connect_and_close_flood() {
    survives_a_connect_and_close_flood("blocking");
}
