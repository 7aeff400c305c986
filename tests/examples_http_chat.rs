//! Runs the `http_client`, `chat_server` and `chat_client` examples against real peers on
//! loopback and checks what they print.
//!
//! - `http_client`, synchronous and `--async`, fetches a small page and a 200 KiB binary file
//!   from `python3 -m http.server` (which CI installs) and must print the body byte for byte;
//!   a missing file prints the status error and fails.
//! - `chat_server` with two rooms and `chat_client`s: a late joiner gets the recent messages
//!   first, every message reaches every participant of its room in one order, rooms do not
//!   mix, and `--max-msgs` ends server and clients cleanly.
//!
//! The examples are built first, as in `examples_timers.rs` (see [`example_path`]). Every
//! child process is killed when its guard drops (also when a test panics), and a watchdog kills
//! every child still running before it aborts a hung test.

use std::io::{BufRead, BufReader, Read, Write};
use std::path::PathBuf;
use std::process::{Child, ChildStdin, Command, ExitStatus, Stdio};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{mpsc, Mutex};
use std::time::{Duration, Instant};

#[path = "support/examples.rs"]
mod examples_support;

/// The examples these tests run, built before the first run.
const EXAMPLES: [&str; 3] = ["http_client", "chat_server", "chat_client"];

/// How long building the examples may take (other builds may hold cargo's lock meanwhile).
const BUILD_TIMEOUT: Duration = Duration::from_secs(900);

/// How long one test may run once the examples are built.
const TEST_TIMEOUT: Duration = Duration::from_secs(180);

/// How long one step (a fetch, a line to arrive, a process to exit) may take.
const STEP: Duration = Duration::from_secs(30);

// ----- building and locating the examples -----

/// Returns the path of the example `name`, built (with the others in [`EXAMPLES`]) for this
/// test's profile.
fn example_path(name: &str) -> PathBuf {
    examples_support::example_path(name, &EXAMPLES, BUILD_TIMEOUT)
}

// ----- child processes: killed on drop, and by the watchdog -----

/// The ids of the child processes running now, for the watchdog to kill.
static RUNNING: Mutex<Vec<u32>> = Mutex::new(Vec::new());

/// A child process, killed and reaped when dropped.
struct Proc {
    name: String,
    child: Child,
}

impl Proc {
    /// Starts `cmd` (its stdio already set up) and registers it with the watchdog.
    fn spawn(name: &str, cmd: &mut Command) -> Result<Proc, std::io::Error> {
        let child = cmd.spawn()?;
        RUNNING.lock().unwrap().push(child.id());
        Ok(Proc {
            name: name.to_owned(),
            child,
        })
    }

    /// Waits until the process exits, at most `timeout`.
    fn wait_timeout(&mut self, timeout: Duration) -> Result<ExitStatus, String> {
        let start = Instant::now();
        loop {
            if let Some(status) = self.child.try_wait().map_err(|e| e.to_string())? {
                return Ok(status);
            }
            if start.elapsed() > timeout {
                return Err(format!("{} still running after {timeout:?}", self.name));
            }
            std::thread::sleep(Duration::from_millis(5));
        }
    }

    /// Waits for the process to exit within [`STEP`]; panics if it does not.
    fn wait(&mut self) -> ExitStatus {
        self.wait_timeout(STEP).unwrap_or_else(|e| panic!("{e}"))
    }
}

impl Drop for Proc {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
        let id = self.child.id();
        RUNNING.lock().unwrap().retain(|&p| p != id);
    }
}

/// Aborts the test process `timeout` after it was made, unless dropped first; before aborting
/// it kills every child still running (an abort skips the [`Proc`] guards).
struct Watchdog {
    _disarm: mpsc::Sender<()>,
}

fn watchdog(timeout: Duration) -> Watchdog {
    let (tx, rx) = mpsc::channel::<()>();
    let name = std::thread::current()
        .name()
        .unwrap_or("<unnamed>")
        .to_owned();
    std::thread::spawn(move || {
        if let Err(mpsc::RecvTimeoutError::Timeout) = rx.recv_timeout(timeout) {
            for id in RUNNING.lock().unwrap().iter() {
                let _ = Command::new("kill").args(["-9", &id.to_string()]).status();
            }
            let msg =
                format!("watchdog: test `{name}` still running after {timeout:?}: aborting\n");
            let _ = std::io::stderr().write_all(msg.as_bytes());
            std::process::abort();
        }
    });
    Watchdog { _disarm: tx }
}

/// What a child process printed, and how it ended.
struct Output {
    status: ExitStatus,
    stdout: Vec<u8>,
    stderr: String,
}

/// Runs `cmd` to the end with captured output, killing it after `timeout`.
fn run_bounded(cmd: &mut Command, timeout: Duration) -> Result<Output, String> {
    cmd.stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    let mut proc =
        Proc::spawn(&format!("{cmd:?}"), cmd).map_err(|e| format!("cannot start {cmd:?}: {e}"))?;
    let mut out = proc.child.stdout.take().expect("stdout is piped");
    let mut err = proc.child.stderr.take().expect("stderr is piped");
    // Drain both pipes while waiting, so a chatty child cannot block on a full pipe.
    let reader = std::thread::spawn(move || {
        let (mut stdout, mut stderr) = (Vec::new(), String::new());
        let _ = out.read_to_end(&mut stdout);
        let _ = err.read_to_string(&mut stderr);
        (stdout, stderr)
    });
    let status = proc.wait_timeout(timeout)?;
    let (stdout, stderr) = reader.join().expect("the reader thread does not panic");
    Ok(Output {
        status,
        stdout,
        stderr,
    })
}

/// The lines a child writes to one of its pipes, collected by a thread.
struct Lines {
    name: String,
    rx: mpsc::Receiver<String>,
}

impl Lines {
    fn new(name: &str, pipe: impl Read + Send + 'static) -> Lines {
        let (tx, rx) = mpsc::channel();
        std::thread::spawn(move || {
            let mut pipe = BufReader::new(pipe);
            let mut line = Vec::new();
            while matches!(pipe.read_until(b'\n', &mut line), Ok(n) if n > 0) {
                let text = String::from_utf8_lossy(&line);
                let _ = tx.send(text.trim_end_matches(['\r', '\n']).to_owned());
                line.clear();
            }
        });
        Lines {
            name: name.to_owned(),
            rx,
        }
    }

    /// Returns the next line; panics if none comes within [`STEP`].
    fn next(&self) -> String {
        self.rx
            .recv_timeout(STEP)
            .unwrap_or_else(|e| panic!("{}: no line within {STEP:?} ({e})", self.name))
    }

    /// Returns the next `n` lines.
    fn take(&self, n: usize) -> Vec<String> {
        (0..n).map(|_| self.next()).collect()
    }

    /// Checks that the next lines are `expected`.
    fn expect(&self, expected: &[&str]) {
        assert_eq!(self.take(expected.len()), expected, "{}", self.name);
    }

    /// Returns the lines left once the pipe closes.
    fn rest(&self) -> Vec<String> {
        let deadline = Instant::now() + STEP;
        let mut rest = Vec::new();
        loop {
            let left = deadline.saturating_duration_since(Instant::now());
            match self.rx.recv_timeout(left) {
                Ok(line) => rest.push(line),
                Err(mpsc::RecvTimeoutError::Disconnected) => return rest,
                Err(mpsc::RecvTimeoutError::Timeout) => {
                    panic!("{}: still open after {STEP:?}", self.name)
                }
            }
        }
    }
}

// ----- http_client against python3 -m http.server -----

/// A temporary directory, removed when dropped.
struct TempDir(PathBuf);

impl TempDir {
    fn new(tag: &str) -> TempDir {
        static NEXT: AtomicUsize = AtomicUsize::new(0);
        let path = std::env::temp_dir().join(format!(
            "jeton-{tag}-{}-{}",
            std::process::id(),
            NEXT.fetch_add(1, Ordering::Relaxed)
        ));
        std::fs::create_dir_all(&path).expect("cannot create a temporary directory");
        TempDir(path)
    }
}

impl Drop for TempDir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

/// The small page the server serves.
const INDEX_HTML: &str =
    "<!DOCTYPE html>\n<html><body><p>Hello from jeton's http_client test.</p></body></html>\n";

/// The size of the binary file the server serves.
const BIG_LEN: usize = 200 * 1024;

/// Returns the binary file: every byte value, in a pseudo-random order (xorshift).
fn big_file() -> Vec<u8> {
    let mut x: u32 = 0x9e37_79b9;
    (0..BIG_LEN)
        .map(|_| {
            x ^= x << 13;
            x ^= x >> 17;
            x ^= x << 5;
            (x >> 24) as u8
        })
        .collect()
}

/// A running `python3 -m http.server` serving `index.html` and `big.bin`.
struct HttpServer {
    port: u16,
    _proc: Proc,
    _dir: TempDir,
}

impl HttpServer {
    fn start() -> HttpServer {
        let dir = TempDir::new("http");
        std::fs::write(dir.0.join("index.html"), INDEX_HTML).unwrap();
        std::fs::write(dir.0.join("big.bin"), big_file()).unwrap();
        let mut cmd = Command::new("python3");
        cmd.args([
            "-m",
            "http.server",
            "0",
            "--bind",
            "127.0.0.1",
            "--directory",
        ])
        .arg(&dir.0)
        .env("PYTHONUNBUFFERED", "1")
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::null());
        let mut proc = match Proc::spawn("python3 -m http.server", &mut cmd) {
            Ok(proc) => proc,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => panic!(
                "this test needs python3 (`python3 -m http.server`) but it is not installed: {e}"
            ),
            Err(e) => panic!("cannot start python3 -m http.server: {e}"),
        };
        let stdout = Lines::new("http.server stdout", proc.child.stdout.take().unwrap());
        // "Serving HTTP on 127.0.0.1 port 39979 (http://127.0.0.1:39979/) ..."
        let line = stdout.next();
        let port = line
            .split_once(" port ")
            .and_then(|(_, rest)| rest.split_whitespace().next())
            .and_then(|p| p.parse().ok())
            .unwrap_or_else(|| panic!("unexpected first line from http.server: {line:?}"));
        HttpServer {
            port,
            _proc: proc,
            _dir: dir,
        }
    }

    /// Runs `http_client [--async] 127.0.0.1 PORT path`.
    fn fetch(&self, async_mode: bool, path: &str) -> Output {
        let mut cmd = Command::new(example_path("http_client"));
        if async_mode {
            cmd.arg("--async");
        }
        cmd.args(["127.0.0.1", &self.port.to_string(), path]);
        run_bounded(&mut cmd, STEP).unwrap_or_else(|e| panic!("http_client: {e}"))
    }
}

/// Fetches `path` and checks that the client printed headers, an empty line, then exactly
/// `body`.
fn check_fetch(server: &HttpServer, async_mode: bool, path: &str, body: &[u8]) {
    let out = server.fetch(async_mode, path);
    assert!(
        out.status.success(),
        "http_client (async: {async_mode}) {path} failed ({}): {}",
        out.status,
        out.stderr
    );
    let at = out
        .stdout
        .windows(2)
        .position(|w| w == b"\n\n")
        .expect("an empty line after the headers");
    let headers = String::from_utf8_lossy(&out.stdout[..at]);
    assert!(
        headers
            .lines()
            .any(|h| h == format!("Content-Length: {}", body.len())),
        "headers of {path}:\n{headers}"
    );
    assert!(
        !headers.contains('\r') && !headers.starts_with("HTTP/"),
        "header lines only, without the status line or CRs:\n{headers}"
    );
    let got = &out.stdout[at + 2..];
    assert_eq!(got.len(), body.len(), "body length of {path}");
    assert!(got == body, "the body of {path} differs from the file");
}

/// Checks that a missing file prints Asio's status error and fails.
fn check_not_found(server: &HttpServer, async_mode: bool) {
    let out = server.fetch(async_mode, "/no-such-file");
    assert!(!out.status.success(), "a 404 fails");
    assert_eq!(
        out.stderr.trim_end(),
        "Response returned with status code 404"
    );
    assert!(out.stdout.is_empty(), "nothing on stdout for a 404");
}

#[test]
fn http_client_sync_fetches_exact_bytes() {
    example_path("http_client");
    let _wd = watchdog(TEST_TIMEOUT);
    let server = HttpServer::start();
    check_fetch(&server, false, "/index.html", INDEX_HTML.as_bytes());
    check_fetch(&server, false, "/big.bin", &big_file());
    check_not_found(&server, false);
}

#[test]
fn http_client_async_fetches_exact_bytes() {
    example_path("http_client");
    let _wd = watchdog(TEST_TIMEOUT);
    let server = HttpServer::start();
    check_fetch(&server, true, "/index.html", INDEX_HTML.as_bytes());
    check_fetch(&server, true, "/big.bin", &big_file());
    check_not_found(&server, true);
}

#[test]
fn http_client_reports_connection_refused() {
    example_path("http_client");
    let _wd = watchdog(TEST_TIMEOUT);
    // A port that was just free: nothing listens there.
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .unwrap()
        .port();
    for async_mode in [false, true] {
        let mut cmd = Command::new(example_path("http_client"));
        if async_mode {
            cmd.arg("--async");
        }
        cmd.args(["127.0.0.1", &port.to_string(), "/"]);
        let out = run_bounded(&mut cmd, STEP).unwrap();
        assert!(!out.status.success());
        assert!(
            out.stderr.starts_with("Error: ") && out.stderr.contains("refused"),
            "async: {async_mode}: {}",
            out.stderr
        );
    }
}

// ----- chat_server and chat_client -----

/// A running `chat_server`, with the lines it writes to stderr.
struct ChatServer {
    proc: Proc,
    stderr: Lines,
    ports: Vec<u16>,
}

impl ChatServer {
    /// Starts `chat_server --max-msgs max 0 0 ...` with `rooms` ports.
    fn start(max_msgs: usize, rooms: usize) -> ChatServer {
        let mut cmd = Command::new(example_path("chat_server"));
        cmd.args(["--max-msgs", &max_msgs.to_string()])
            .args(std::iter::repeat_n("0", rooms))
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::piped());
        let mut proc = Proc::spawn("chat_server", &mut cmd).expect("cannot start chat_server");
        let stderr = Lines::new("chat_server stderr", proc.child.stderr.take().unwrap());
        let ports = (0..rooms)
            .map(|_| {
                let line = stderr.next();
                line.strip_prefix("listening on 127.0.0.1:")
                    .and_then(|p| p.parse().ok())
                    .unwrap_or_else(|| panic!("unexpected line from chat_server: {line:?}"))
            })
            .collect();
        ChatServer {
            proc,
            stderr,
            ports,
        }
    }
}

/// A running `chat_client`: its stdin, and the lines it prints.
struct ChatClient {
    proc: Proc,
    stdin: Option<ChildStdin>,
    stdout: Lines,
    stderr: Lines,
}

impl ChatClient {
    fn start(name: &str, port: u16) -> ChatClient {
        let mut cmd = Command::new(example_path("chat_client"));
        cmd.args(["127.0.0.1", &port.to_string()])
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped());
        let mut proc = Proc::spawn(name, &mut cmd).expect("cannot start chat_client");
        ChatClient {
            stdin: proc.child.stdin.take(),
            stdout: Lines::new(&format!("{name} stdout"), proc.child.stdout.take().unwrap()),
            stderr: Lines::new(&format!("{name} stderr"), proc.child.stderr.take().unwrap()),
            proc,
        }
    }

    /// Types `lines` on the client's stdin.
    fn send(&mut self, lines: &[&str]) {
        let stdin = self.stdin.as_mut().expect("stdin is open");
        let text: String = lines.iter().map(|l| format!("{l}\n")).collect();
        stdin.write_all(text.as_bytes()).unwrap();
        stdin.flush().unwrap();
    }
}

/// Checks that `seen` holds each of `sent` once, in the order it was sent.
fn assert_in_order(seen: &[String], sent: &[&str]) {
    let positions: Vec<usize> = sent
        .iter()
        .map(|s| {
            let mut at = seen.iter().enumerate().filter(|(_, l)| l == s);
            let (i, _) = at
                .next()
                .unwrap_or_else(|| panic!("{s:?} missing: {seen:?}"));
            assert!(at.next().is_none(), "{s:?} twice: {seen:?}");
            i
        })
        .collect();
    assert!(
        positions.windows(2).all(|w| w[0] < w[1]),
        "{sent:?} out of order in {seen:?}"
    );
}

#[test]
fn chat_late_joiner_gets_recent_messages_then_all_see_one_order() {
    for name in EXAMPLES {
        example_path(name);
    }
    let _wd = watchdog(TEST_TIMEOUT);

    // Messages: 1 in room 2, then 3 + 4 + 10 in room 1.
    let mut server = ChatServer::start(18, 2);
    let (room1, room2) = (server.ports[0], server.ports[1]);

    // C, alone in room 2, hears its own message.
    let mut c = ChatClient::start("client C", room2);
    c.send(&["c1"]);
    c.stdout.expect(&["c1"]);

    // A sends three messages; each is broadcast to the whole room, A included.
    let mut a = ChatClient::start("client A", room1);
    a.send(&["a1", "a2", "a3"]);
    a.stdout.expect(&["a1", "a2", "a3"]);

    // B joins later and is sent the recent messages first.
    let mut b = ChatClient::start("client B", room1);
    b.stdout.expect(&["a1", "a2", "a3"]);

    // One at a time: both see each message. A long line is cut to 512 bytes; an empty line
    // is an empty message.
    let long = "x".repeat(600);
    let cut = "x".repeat(512);
    for (sender, line, seen) in [
        ("A", "a4", "a4"),
        ("B", "b1", "b1"),
        ("A", &long[..], &cut[..]),
        ("B", "", ""),
    ] {
        match sender {
            "A" => a.send(&[line]),
            _ => b.send(&[line]),
        }
        a.stdout.expect(&[seen]);
        b.stdout.expect(&[seen]);
    }

    // Both at once: the server serialises them, and both clients see the same order, each
    // sender's messages in the order sent.
    let from_a = ["a5", "a6", "a7", "a8", "a9"];
    let from_b = ["b2", "b3", "b4", "b5", "b6"];
    a.send(&from_a);
    b.send(&from_b);
    let seen_a = a.stdout.take(10);
    let seen_b = b.stdout.take(10);
    assert_eq!(seen_a, seen_b, "A and B see one order");
    assert_in_order(&seen_a, &from_a);
    assert_in_order(&seen_a, &from_b);

    // That was the 18th message: the server finishes every session in both rooms, each
    // client sees the end and exits, then the server exits.
    for (client, name) in [(&mut a, "A"), (&mut b, "B"), (&mut c, "C")] {
        let status = client.proc.wait();
        assert!(status.success(), "client {name}: {status}");
        assert_eq!(client.stdout.rest(), Vec::<String>::new(), "client {name}");
        assert_eq!(client.stderr.rest(), ["connection closed"], "client {name}");
    }
    let status = server.proc.wait();
    assert!(status.success(), "chat_server: {status}");
    assert_eq!(server.stderr.rest(), ["relayed 18 messages: finishing"]);
}

#[test]
fn chat_client_flushes_its_messages_at_end_of_input() {
    for name in EXAMPLES {
        example_path(name);
    }
    let _wd = watchdog(TEST_TIMEOUT);
    let mut server = ChatServer::start(3, 1);

    // Each sender's stdin ends right after its lines: the messages are still sent, then
    // the client closes the connection and exits.
    let mut reader = ChatClient::start("reader", server.ports[0]);
    // An empty message, to know the reader has joined before the sender starts.
    reader.send(&[""]);
    reader.stdout.expect(&[""]);
    let mut sender = ChatClient::start("sender", server.ports[0]);
    sender.send(&["one", "two"]);
    drop(sender.stdin.take());
    let status = sender.proc.wait();
    assert!(status.success(), "sender: {status}");
    reader.stdout.expect(&["one", "two"]);

    // The third message was the last: the reader and the server end too.
    assert!(reader.proc.wait().success());
    assert_eq!(reader.stdout.rest(), Vec::<String>::new());
    assert!(server.proc.wait().success());
}
