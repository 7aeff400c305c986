//! Runs `stream_descriptor`, `posix_chat_client` (against `chat_server`) and
//! `blocking_tcp_client` (against a line echo server and a silent one, on loopback) and checks
//! what they print and how they exit.

#[path = "support/examples.rs"]
mod examples_support;
#[path = "support/procs.rs"]
mod procs;
#[path = "support/watchdog.rs"]
mod watchdog;

use std::io::{BufRead, BufReader, Write};
use std::net::TcpListener;
use std::path::PathBuf;
use std::process::{Command, Stdio};
use std::time::Duration;

use procs::Running;
use watchdog::watchdog;

const EXAMPLES: [&str; 4] = [
    "stream_descriptor",
    "posix_chat_client",
    "blocking_tcp_client",
    "chat_server",
];

fn example(name: &str) -> PathBuf {
    examples_support::example_path(name, &EXAMPLES, Duration::from_secs(900))
}

#[test]
fn stream_descriptor_prints_hello_world() {
    let path = example("stream_descriptor");
    let _w = watchdog(60);
    for stdout in ["pipe", "file"] {
        let out_file = std::env::temp_dir().join(format!("jeton-sd-{}", std::process::id()));
        let mut cmd = Command::new(&path);
        cmd.stdin(Stdio::null()).stderr(Stdio::piped());
        let output = if stdout == "pipe" {
            let out = cmd.output().unwrap();
            (out.status, out.stdout)
        } else {
            // A regular file: epoll refuses it; the write is performed at once.
            let file = std::fs::File::create(&out_file).unwrap();
            let status = cmd.stdout(file).status().unwrap();
            (status, std::fs::read(&out_file).unwrap())
        };
        let _ = std::fs::remove_file(&out_file);
        assert!(output.0.success(), "{stdout}: {}", output.0);
        assert_eq!(
            String::from_utf8_lossy(&output.1),
            "Hello, world!\n",
            "{stdout}"
        );
    }
}

/// Starts `chat_server` on a free port; returns it and the port.
fn chat_server() -> (Running, u16) {
    let server = Running::start(Command::new(example("chat_server")).arg("0"));
    let port = server.port_from_stderr("listening on 127.0.0.1:");
    (server, port)
}

fn posix_client(port: u16) -> Running {
    Running::start(
        Command::new(example("posix_chat_client")).args(["127.0.0.1", &port.to_string()]),
    )
}

#[test]
fn posix_chat_client_chats_through_stdin_and_stdout_descriptors() {
    for name in EXAMPLES {
        example(name);
    }
    let _w = watchdog(120);
    let (_server, port) = chat_server();
    let mut a = posix_client(port);
    let mut b = posix_client(port);
    let type_in = |c: &mut Running, text: &str| {
        let stdin = c.stdin.as_mut().unwrap();
        stdin.write_all(text.as_bytes()).unwrap();
        stdin.flush().unwrap();
    };
    // A knows it has joined when it hears its own message; then B's reach both.
    type_in(&mut a, "a joined\n");
    assert_eq!(a.stdout.next(), "a joined");
    type_in(&mut b, "b joined\n");
    assert_eq!(
        b.stdout.next(),
        "a joined",
        "B is sent the recent messages first"
    );
    assert_eq!(b.stdout.next(), "b joined");
    assert_eq!(a.stdout.next(), "b joined");
    // A line longer than a message's 512 bytes is sent in pieces (Asio's not_found branch).
    type_in(&mut a, &format!("{}\n", "x".repeat(600)));
    for c in [&a, &b] {
        assert_eq!(c.stdout.next(), "x".repeat(512));
        assert_eq!(c.stdout.next(), "x".repeat(88));
    }
    // The end of A's stdin closes A: it exits 0, and B goes on.
    drop(a.stdin.take());
    let status = a.exit();
    assert!(status.success(), "A: {status}");
    assert_eq!(a.stdout.rest(), Vec::<String>::new());
    type_in(&mut b, "still here\n");
    assert_eq!(b.stdout.next(), "still here");
    drop(b.stdin.take());
    assert!(b.exit().success());
}

#[test]
fn posix_chat_client_fails_when_it_cannot_connect() {
    let path = example("posix_chat_client");
    let _w = watchdog(60);
    let port = TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let out = Command::new(path)
        .args(["127.0.0.1", &port.to_string()])
        .stdin(Stdio::piped())
        .output()
        .unwrap();
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).starts_with("connect: "));
}

/// A server that sends a line of noise, then echoes each line it reads; and its port.
fn line_echo_server() -> u16 {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let port = listener.local_addr().unwrap().port();
    std::thread::spawn(move || {
        let (sock, _) = listener.accept().unwrap();
        let mut w = sock.try_clone().unwrap();
        w.write_all(b"noise first\n").unwrap();
        for line in BufReader::new(sock).lines() {
            let Ok(line) = line else { return };
            if w.write_all(format!("{line}\n").as_bytes()).is_err() {
                return;
            }
        }
    });
    port
}

#[test]
fn blocking_tcp_client_gets_its_line_back_and_times_out_on_a_silent_server() {
    let path = example("blocking_tcp_client");
    let _w = watchdog(60);
    let port = line_echo_server();
    let client = |port: u16, extra: &[&str]| {
        Command::new(&path)
            .args(["127.0.0.1", &port.to_string()])
            .args(extra)
            .stdin(Stdio::null())
            .output()
            .unwrap()
    };
    let out = client(port, &["hello there"]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let text = String::from_utf8(out.stdout).unwrap();
    let micros = text
        .strip_prefix("Round trip time: ")
        .and_then(|t| t.strip_suffix(" microseconds\n"))
        .unwrap_or_else(|| panic!("unexpected output {text:?}"));
    micros.parse::<u64>().unwrap();

    // A server that accepts and says nothing: read_line's deadline (200 ms) ends it.
    let silent = TcpListener::bind("127.0.0.1:0").unwrap();
    let port = silent.local_addr().unwrap().port();
    let out = client(port, &["hello", "200"]);
    assert!(!out.status.success());
    assert_eq!(
        String::from_utf8_lossy(&out.stderr),
        "Exception: read_line: timed out\n"
    );
    drop(silent);

    // Nobody listening: connect fails with the system's error.
    let out = client(port, &["hello", "200"]);
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).starts_with("Exception: connect: "));
}
