//! Runs the stackful-coroutine examples and checks what they do: the Boost book's coroutine
//! time server (`spawn_time_server`) serves the time to two clients and exits; `echo_server
//! --style stackful` (Asio's `spawn/echo_server.cpp`) echoes for `echo_client` on one and two
//! threads, and closes a connection that stays idle past its timeout.

#![cfg(feature = "stackful")]

mod support;

use std::io::{BufRead, BufReader, Read, Write};
use std::net::{SocketAddr, TcpStream};
use std::process::{Child, Command, Stdio};
use std::time::Duration;

use support::watchdog;

#[path = "support/examples.rs"]
mod examples_support;

/// The examples this test runs, built before the first run.
const EXAMPLES: [&str; 3] = ["spawn_time_server", "echo_server", "echo_client"];

fn example_path(name: &str) -> std::path::PathBuf {
    examples_support::example_path(name, &EXAMPLES, Duration::from_secs(600))
}

/// A server child process and the address it listens on.
struct Server {
    child: Child,
    addr: SocketAddr,
}

impl Server {
    /// Starts example `name` with `args` (and `env`), and reads its `listening on ADDR` line.
    fn start(name: &str, args: &[&str], env: &[(&str, &str)]) -> Server {
        let mut child = Command::new(example_path(name))
            .args(args)
            .envs(env.iter().copied())
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap_or_else(|e| panic!("cannot start {name}: {e}"));
        let mut err = BufReader::new(child.stderr.take().expect("stderr is piped"));
        let mut line = String::new();
        err.read_line(&mut line).expect("the server prints a line");
        let addr = line
            .trim()
            .strip_prefix("listening on ")
            .unwrap_or_else(|| panic!("{name} printed {line:?}"))
            .parse()
            .expect("an address");
        // The rest of stderr must stay empty; keep draining it so the server never blocks.
        std::thread::spawn(move || {
            let mut rest = String::new();
            let _ = err.read_to_string(&mut rest);
            assert!(rest.is_empty(), "unexpected stderr: {rest}");
        });
        Server { child, addr }
    }

    /// Waits for the server to exit by itself, with success.
    fn finish(mut self) {
        let status = self.child.wait().expect("the server ends");
        assert!(status.success(), "server exited with {status}");
    }
}

/// `Www Mmm dd hh:mm:ss yyyy\n`, as `ctime` formats a time.
fn assert_ctime(s: &str) {
    let b = s.as_bytes();
    assert_eq!(b.len(), 25, "{s:?}");
    assert_eq!(
        (b[3], b[7], b[10], b[19], b[24]),
        (b' ', b' ', b' ', b' ', b'\n')
    );
    assert_eq!((b[13], b[16]), (b':', b':'), "{s:?}");
    assert!(s[20..24].parse::<u32>().unwrap() >= 2024, "{s:?}");
}

#[test]
fn the_time_server_writes_the_time_to_two_clients_and_exits() {
    let _w = watchdog(120);
    let server = Server::start("spawn_time_server", &["0"], &[]);
    let addr = server.addr;
    let clients: Vec<_> = (0..2)
        .map(|_| {
            std::thread::spawn(move || {
                let mut s = String::new();
                TcpStream::connect(addr)
                    .unwrap()
                    .read_to_string(&mut s)
                    .unwrap();
                s
            })
        })
        .collect();
    for c in clients {
        assert_ctime(&c.join().unwrap());
    }
    server.finish(); // Two connections served: run() ran out of work.
}

/// Runs `echo_client` against `echo_server --style stackful --threads threads` with messages
/// around the server's 128-byte read, and checks every reply.
fn echo_stackful(threads: &str) {
    let _w = watchdog(120);
    let server = Server::start(
        "echo_server",
        &[
            "--port",
            "0",
            "--style",
            "stackful",
            "--threads",
            threads,
            "--max-conns",
            "2",
        ],
        &[],
    );
    let port = server.addr.port().to_string();
    let messages: Vec<String> = [1, 127, 128, 129, 4096, 65536]
        .into_iter()
        .map(|n| "x".repeat(n))
        .chain(["hello world".to_owned()])
        .collect();
    let clients: Vec<_> = (0..2)
        .map(|_| {
            let mut cmd = Command::new(example_path("echo_client"));
            cmd.arg("127.0.0.1").arg(&port).args(&messages);
            std::thread::spawn(move || cmd.output().expect("echo_client runs"))
        })
        .collect();
    let expected: String = messages
        .iter()
        .map(|m| format!("Reply is: {m}\n"))
        .collect();
    for c in clients {
        let out = c.join().unwrap();
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        assert!(
            out.stdout == expected.as_bytes(),
            "replies differ from the messages"
        );
    }
    server.finish();
}

#[test]
fn echo_stackful_style_on_one_thread() {
    echo_stackful("1");
}

#[test]
fn echo_stackful_style_on_two_threads() {
    echo_stackful("2");
}

#[test]
fn echo_stackful_style_closes_an_idle_connection() {
    let _w = watchdog(120);
    let server = Server::start(
        "echo_server",
        &["--port", "0", "--style", "stackful", "--max-conns", "1"],
        &[("ECHO_IDLE_TIMEOUT_MS", "200")],
    );
    let mut sock = TcpStream::connect(server.addr).unwrap();
    sock.write_all(b"ping").unwrap();
    let mut buf = [0u8; 4];
    sock.read_exact(&mut buf).unwrap();
    assert_eq!(&buf, b"ping");
    // Then silence: the timeout coroutine closes the connection (end of stream here).
    assert_eq!(sock.read(&mut buf).unwrap(), 0);
    server.finish();
}
