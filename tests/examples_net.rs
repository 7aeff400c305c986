//! Runs the networking examples against each other on 127.0.0.1 and checks what they print:
//! the tutorial's daytime clients (Daytime.1, Daytime.4) against its servers (Daytime.2, .3,
//! .5, .6, .7), and `echo_client` against `echo_server` in each style on one and two threads.
//!
//! The examples are separate binaries in `target/<profile>/examples/`, built on first use as
//! in `examples_timers.rs` (see [`example_path`]). Each server is started on port 0 with a
//! bound on the requests it serves (`--count`, `--max-conns`), and prints `listening on
//! 127.0.0.1:PORT` on stderr, which gives the port to the clients; the test then checks that
//! it exits by itself, with success. Every process is killed if it outlives [`TIMEOUT`], and
//! every test runs under a watchdog.

mod support;

use std::io::{BufRead, BufReader, Read, Write};
use std::net::SocketAddr;
use std::path::PathBuf;
use std::process::{Child, Command, ExitStatus, Stdio};
use std::sync::mpsc;
use std::thread::JoinHandle;
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

use support::{watchdog, Watchdog};

#[path = "support/examples.rs"]
mod examples_support;

/// The examples this test runs, built before the first run.
const EXAMPLES: [&str; 9] = [
    "daytime1",
    "daytime2",
    "daytime3",
    "daytime4",
    "daytime5",
    "daytime6",
    "daytime7",
    "echo_server",
    "echo_client",
];

/// How long building the examples may take (other builds may hold cargo's lock meanwhile).
const BUILD_TIMEOUT: Duration = Duration::from_secs(900);

/// How long one example process may run before it is killed and the test fails.
const TIMEOUT: Duration = Duration::from_secs(60);

/// How long one test may run, once the examples are built.
const WATCHDOG_SECS: u64 = 240;

/// Returns the path of the example `name`, built (with the others in [`EXAMPLES`]) for this
/// test's profile.
fn example_path(name: &str) -> PathBuf {
    examples_support::example_path(name, &EXAMPLES, BUILD_TIMEOUT)
}

/// Builds the examples (outside the watchdog: a build may wait for cargo's lock), then starts
/// the test's watchdog.
fn setup() -> Watchdog {
    example_path(EXAMPLES[0]);
    watchdog(WATCHDOG_SECS)
}

/// What a child process printed, and how it ended.
struct Output {
    status: ExitStatus,
    stdout: Vec<u8>,
    stderr: String,
}

impl Output {
    fn stdout(&self) -> String {
        String::from_utf8_lossy(&self.stdout).into_owned()
    }
}

/// Reads all of `r` on a new thread.
fn drain(mut r: impl Read + Send + 'static) -> JoinHandle<Vec<u8>> {
    std::thread::spawn(move || {
        let mut all = Vec::new();
        let _ = r.read_to_end(&mut all);
        all
    })
}

/// Waits for `child` to exit, killing it after `timeout`.
fn wait_bounded(child: &mut Child, timeout: Duration) -> Result<ExitStatus, String> {
    let start = Instant::now();
    loop {
        if let Some(status) = child.try_wait().map_err(|e| e.to_string())? {
            return Ok(status);
        }
        if start.elapsed() > timeout {
            let _ = child.kill();
            let _ = child.wait();
            return Err(format!("still running after {timeout:?}: killed"));
        }
        std::thread::sleep(Duration::from_millis(5));
    }
}

/// Runs `cmd` to the end with captured output and `stdin` as its input (none: empty), killing
/// it after `timeout`.
fn run_bounded(
    cmd: &mut Command,
    stdin: Option<Vec<u8>>,
    timeout: Duration,
) -> Result<Output, String> {
    let mut child = cmd
        .stdin(if stdin.is_some() {
            Stdio::piped()
        } else {
            Stdio::null()
        })
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .map_err(|e| format!("cannot start {cmd:?}: {e}"))?;
    // Feed stdin and drain both pipes on their own threads, so a child blocked on one pipe
    // cannot block the others.
    if let (Some(input), Some(mut pipe)) = (stdin, child.stdin.take()) {
        std::thread::spawn(move || {
            let _ = pipe.write_all(&input);
        });
    }
    let out = drain(child.stdout.take().expect("stdout is piped"));
    let err = drain(child.stderr.take().expect("stderr is piped"));
    let status = wait_bounded(&mut child, timeout).map_err(|e| format!("{cmd:?} {e}"))?;
    Ok(Output {
        status,
        stdout: out.join().expect("the reader thread does not panic"),
        stderr: String::from_utf8_lossy(&err.join().expect("the reader does not panic"))
            .into_owned(),
    })
}

/// Runs example `name` with `args` (and `stdin`) to the end; panics if it fails or times out.
fn client<S: AsRef<std::ffi::OsStr>>(name: &str, args: &[S], stdin: Option<Vec<u8>>) -> Output {
    let mut cmd = Command::new(example_path(name));
    cmd.args(args);
    let out = run_bounded(&mut cmd, stdin, TIMEOUT).unwrap_or_else(|e| panic!("{name}: {e}"));
    assert!(
        out.status.success(),
        "{name} failed ({}):\n--- stdout\n{}--- stderr\n{}",
        out.status,
        out.stdout(),
        out.stderr
    );
    out
}

/// A server example running in the background; killed if dropped before it exits.
struct Server {
    name: String,
    child: Option<Child>,
    addr: SocketAddr,
    stdout: Option<JoinHandle<Vec<u8>>>,
    stderr: Option<JoinHandle<String>>,
}

impl Server {
    /// Starts example `name` with `args`, and waits for its `listening on ADDR` line.
    fn start(name: &str, args: &[&str]) -> Server {
        let mut child = Command::new(example_path(name))
            .args(args)
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap_or_else(|e| panic!("cannot start {name}: {e}"));
        let stdout = drain(child.stdout.take().expect("stdout is piped"));
        let err = child.stderr.take().expect("stderr is piped");
        let (tx, rx) = mpsc::channel();
        // Reads stderr line by line: sends the listening address, keeps the whole text.
        let stderr = std::thread::spawn(move || {
            let mut all = String::new();
            for line in BufReader::new(err).lines() {
                let Ok(line) = line else { break };
                if let Some(addr) = line.strip_prefix("listening on ") {
                    let _ = tx.send(addr.to_owned());
                }
                all.push_str(&line);
                all.push('\n');
            }
            all
        });
        let mut server = Server {
            name: name.to_owned(),
            child: Some(child),
            addr: SocketAddr::from(([0, 0, 0, 0], 0)),
            stdout: Some(stdout),
            stderr: Some(stderr),
        };
        match rx.recv_timeout(TIMEOUT) {
            Ok(addr) => {
                server.addr = addr
                    .parse()
                    .unwrap_or_else(|e| panic!("{name}: bad address {addr:?}: {e}"))
            }
            Err(e) => {
                let out = server.kill();
                panic!("{name} did not print its address ({e}):\n{}", out.stderr);
            }
        }
        assert_eq!(
            server.addr.ip(),
            std::net::Ipv4Addr::LOCALHOST,
            "{name} listens on loopback"
        );
        assert_ne!(server.addr.port(), 0, "{name} reports the port it got");
        server
    }

    /// The port, as a command-line argument.
    fn port(&self) -> String {
        self.addr.port().to_string()
    }

    /// Waits for the server to exit by itself (it was given a request bound); panics if it
    /// fails or times out.
    fn finish(mut self) -> Output {
        let mut child = self.child.take().expect("the server runs");
        let status = wait_bounded(&mut child, TIMEOUT).unwrap_or_else(|e| {
            let out = self.collect(None);
            panic!("{} {e}\n--- stderr\n{}", self.name, out.stderr)
        });
        let out = self.collect(Some(status));
        assert!(
            out.status.success(),
            "{} failed ({}):\n--- stdout\n{}--- stderr\n{}",
            self.name,
            out.status,
            out.stdout(),
            out.stderr
        );
        out
    }

    /// Kills the server and returns what it printed.
    fn kill(&mut self) -> Output {
        let status = self.child.take().and_then(|mut c| {
            let _ = c.kill();
            c.wait().ok()
        });
        self.collect(status)
    }

    /// Joins the pipe readers (the process has exited).
    fn collect(&mut self, status: Option<ExitStatus>) -> Output {
        let stdout = self.stdout.take().map(|h| h.join().unwrap_or_default());
        let stderr = self.stderr.take().map(|h| h.join().unwrap_or_default());
        Output {
            status: status.unwrap_or_else(|| {
                // Only reached on failure paths, to build the panic message.
                use std::os::unix::process::ExitStatusExt;
                ExitStatus::from_raw(-1)
            }),
            stdout: stdout.unwrap_or_default(),
            stderr: stderr.unwrap_or_default(),
        }
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        if let Some(mut child) = self.child.take() {
            let _ = child.kill();
            let _ = child.wait();
        }
    }
}

// ----- the daytime string -----

/// Asserts that `out` is one `ctime` line, `"Sat Nov 21 23:40:00 2026\n"`, within five minutes
/// of the current UTC time, with the right weekday.
fn assert_daytime(out: &Output) {
    let text = out.stdout();
    let bad = || format!("not a daytime string: {text:?}");
    assert_eq!(text.len(), 25, "{}", bad());
    let b = text.as_bytes();
    let seps = [
        (3, b' '),
        (7, b' '),
        (10, b' '),
        (13, b':'),
        (16, b':'),
        (19, b' '),
        (24, b'\n'),
    ];
    for (i, c) in seps {
        assert_eq!(b[i], c, "{}", bad());
    }
    let num = |range: std::ops::Range<usize>| -> i64 {
        text[range]
            .trim_start()
            .parse()
            .unwrap_or_else(|_| panic!("{}", bad()))
    };
    const DAYS: [&str; 7] = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"];
    const MONTHS: [&str; 12] = [
        "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
    ];
    let weekday = DAYS
        .iter()
        .position(|d| *d == &text[0..3])
        .unwrap_or_else(|| panic!("{}", bad()));
    let month = MONTHS
        .iter()
        .position(|m| *m == &text[4..7])
        .unwrap_or_else(|| panic!("{}", bad()));
    let (day, hour, min, sec, year) = (
        num(8..10),
        num(11..13),
        num(14..16),
        num(17..19),
        num(20..24),
    );
    assert!(
        (1..=31).contains(&day) && hour < 24 && min < 60 && sec < 60,
        "{}",
        bad()
    );
    let days = days_from_civil(year, month as i64 + 1, day);
    assert_eq!(
        (days + 4).rem_euclid(7),
        weekday as i64,
        "wrong weekday in {text:?}"
    );
    let then = days * 86_400 + hour * 3600 + min * 60 + sec;
    let now = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .expect("after 1970")
        .as_secs() as i64;
    assert!(
        (then - now).abs() < 300,
        "{text:?} is not the current UTC time"
    );
}

/// Returns the days from 1970-01-01 to the date (Howard Hinnant's `days_from_civil`, the
/// inverse of the examples' `civil_from_days`).
fn days_from_civil(year: i64, month: i64, day: i64) -> i64 {
    let y = if month <= 2 { year - 1 } else { year };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let mp = (month + 9) % 12; // March = 0
    let doy = (153 * mp + 2) / 5 + day - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

#[test]
fn the_daytime_check_knows_the_calendar() {
    assert_eq!(days_from_civil(1970, 1, 1), 0);
    assert_eq!(days_from_civil(2000, 3, 1), 11_017);
    assert_eq!(days_from_civil(2024, 2, 29), 19_782);
}

/// Runs the daytime client `client_name` against `server` once per host name in `hosts`, all
/// at once; checks each answer.
fn daytime_clients(client_name: &'static str, hosts: &[&'static str], server: &Server) {
    let port = server.port();
    let clients: Vec<_> = hosts
        .iter()
        .map(|&host| {
            let port = port.clone();
            std::thread::spawn(move || client(client_name, &[host, port.as_str()], None))
        })
        .collect();
    for c in clients {
        assert_daytime(&c.join().expect("the client succeeds"));
    }
}

/// Asserts that a server printed only its address on stderr.
fn assert_quiet(out: &Output) {
    assert_eq!(
        out.stderr.lines().count(),
        1,
        "unexpected stderr:\n{}",
        out.stderr
    );
}

// ----- Daytime.1 to Daytime.7 -----

#[test]
fn daytime1_reads_the_time_from_the_sync_tcp_server_daytime2() {
    let _dog = setup();
    let server = Server::start("daytime2", &["0", "--count", "2"]);
    // One after the other: the synchronous server serves one connection at a time.
    daytime_clients("daytime1", &["127.0.0.1"], &server);
    daytime_clients("daytime1", &["127.0.0.1"], &server);
    assert_quiet(&server.finish());
}

#[test]
fn daytime1_reads_the_time_from_the_async_tcp_server_daytime3() {
    let _dog = setup();
    let server = Server::start("daytime3", &["0", "--count", "3"]);
    // Three clients at once; "localhost" may resolve to ::1 first, which refuses, and then
    // to 127.0.0.1: net::connect tries the endpoints in turn.
    daytime_clients(
        "daytime1",
        &["127.0.0.1", "localhost", "127.0.0.1"],
        &server,
    );
    assert_quiet(&server.finish());
}

#[test]
fn daytime4_reads_the_time_from_the_sync_udp_server_daytime5() {
    let _dog = setup();
    let server = Server::start("daytime5", &["0", "--count", "2"]);
    daytime_clients("daytime4", &["127.0.0.1"], &server);
    daytime_clients("daytime4", &["localhost"], &server);
    assert_quiet(&server.finish());
}

#[test]
fn daytime4_reads_the_time_from_the_async_udp_server_daytime6() {
    let _dog = setup();
    let server = Server::start("daytime6", &["0", "--count", "3"]);
    daytime_clients(
        "daytime4",
        &["127.0.0.1", "localhost", "127.0.0.1"],
        &server,
    );
    assert_quiet(&server.finish());
}

#[test]
fn daytime7_serves_tcp_and_udp_clients_on_one_context() {
    let _dog = setup();
    let server = Server::start("daytime7", &["0", "--count", "5"]);
    daytime_clients("daytime1", &["127.0.0.1"], &server);
    daytime_clients("daytime4", &["127.0.0.1"], &server);
    // Both protocols at once; the last request (5th) is counted by whichever server gets it,
    // which then cancels the other's pending operation so that run() returns.
    let udp = std::thread::spawn({
        let port = server.port();
        move || {
            let a = client("daytime4", &["127.0.0.1", port.as_str()], None);
            let b = client("daytime4", &["127.0.0.1", port.as_str()], None);
            (a, b)
        }
    });
    daytime_clients("daytime1", &["127.0.0.1"], &server);
    let (a, b) = udp.join().expect("the UDP clients succeed");
    assert_daytime(&a);
    assert_daytime(&b);
    assert_quiet(&server.finish());
}

#[test]
fn daytime7_stops_when_the_last_request_is_udp_or_tcp() {
    let _dog = setup();
    for (last, other) in [("daytime4", "daytime1"), ("daytime1", "daytime4")] {
        let server = Server::start("daytime7", &["0", "--count", "2"]);
        daytime_clients(other, &["127.0.0.1"], &server);
        daytime_clients(last, &["127.0.0.1"], &server);
        assert_quiet(&server.finish());
    }
}

#[test]
fn daytime_clients_report_errors_and_usage() {
    let _dog = setup();
    // Nothing listens on a port whose listener was just closed: connect fails, the error is
    // printed and the exit status is not 0.
    let refused = {
        let l = std::net::TcpListener::bind("127.0.0.1:0").expect("bind");
        l.local_addr().expect("addr").port().to_string()
    };
    let mut cmd = Command::new(example_path("daytime1"));
    cmd.args(["127.0.0.1", refused.as_str()]);
    let out = run_bounded(&mut cmd, None, TIMEOUT).expect("daytime1 runs");
    assert!(!out.status.success(), "daytime1 to a closed port succeeded");
    assert!(
        out.stderr.to_lowercase().contains("refused"),
        "stderr: {}",
        out.stderr
    );
    assert!(out.stdout.is_empty());

    let bad: [(&str, &[&str]); 6] = [
        ("daytime1", &[]),
        ("daytime4", &["a", "b", "c"]),
        ("daytime2", &["0", "--count", "0"]),
        ("daytime7", &["not-a-port"]),
        ("echo_server", &["--style", "threads"]),
        ("echo_client", &["127.0.0.1"]),
    ];
    for (name, args) in bad {
        let mut cmd = Command::new(example_path(name));
        cmd.args(args);
        let out = run_bounded(&mut cmd, None, TIMEOUT).expect("the example runs");
        assert_eq!(out.status.code(), Some(1), "{name} {args:?}");
        assert!(
            out.stderr.starts_with("Usage: "),
            "{name} {args:?}: {}",
            out.stderr
        );
    }
}

// ----- echo_server and echo_client -----

/// `n` printable bytes, without spaces, that do not repeat with a short period.
fn pattern(n: usize) -> String {
    (0..n)
        .map(|i| char::from(b'!' + ((i * 7 + i / 94) % 94) as u8))
        .collect()
}

/// What `echo_client` prints for `messages`.
fn replies(messages: &[String]) -> String {
    messages
        .iter()
        .map(|m| format!("Reply is: {m}\n"))
        .collect()
}

/// Runs two echo clients at once against `echo_server --style style --threads threads`: one
/// with messages as arguments, one reading lines from stdin; checks every reply byte for byte
/// and that the server exits after the two connections.
fn echo(style: &str, threads: usize) {
    echo_on(style, threads, 1);
}

/// [`echo`] on a pool of `contexts` contexts sharing the port (`--contexts`), which serves
/// without a bound: the server is killed after the clients' checks.
fn echo_on(style: &str, threads: usize, contexts: usize) {
    let _dog = setup();
    let threads = threads.to_string();
    let contexts_arg = contexts.to_string();
    let mut args = vec!["--port", "0", "--style", style, "--threads", &threads];
    if contexts == 1 {
        args.extend(["--max-conns", "2"]);
    } else {
        args.extend(["--contexts", contexts_arg.as_str()]);
    }
    let mut server = Server::start("echo_server", &args);
    let port = server.port();

    // Sizes around the servers' 1024-byte read, up to 64 KiB (as one argument).
    let args_messages: Vec<String> = [1, 1023, 1024, 1025, 4096, 65536]
        .into_iter()
        .map(pattern)
        .chain(["hello world".to_owned()])
        .collect();
    let args_client = std::thread::spawn({
        let mut args = vec!["127.0.0.1".to_owned(), port.clone()];
        args.extend(args_messages.iter().cloned());
        move || client("echo_client", &args, None)
    });

    // From stdin: each line is one message (an empty line is an empty message).
    let stdin_messages: Vec<String> = vec![
        "first line".to_owned(),
        String::new(),
        "x".to_owned(),
        pattern(65536),
        "last".to_owned(),
    ];
    let input: String = stdin_messages.iter().map(|m| format!("{m}\n")).collect();
    let stdin_client = std::thread::spawn({
        let port = port.clone();
        move || {
            client(
                "echo_client",
                &["localhost", port.as_str()],
                Some(input.into_bytes()),
            )
        }
    });

    let out = args_client.join().expect("the client succeeds");
    assert!(
        out.stdout == replies(&args_messages).as_bytes(),
        "replies differ from the messages"
    );
    let out = stdin_client.join().expect("the client succeeds");
    assert!(
        out.stdout == replies(&stdin_messages).as_bytes(),
        "replies differ from the lines"
    );

    if contexts == 1 {
        assert_quiet(&server.finish());
    } else {
        let out = server.kill();
        assert!(out.stderr.lines().count() == 1, "stderr: {}", out.stderr);
    }
}

#[test]
fn echo_callback_style_on_one_thread() {
    echo("callback", 1);
}

#[test]
fn echo_callback_style_on_two_threads() {
    echo("callback", 2);
}

#[test]
fn echo_coroutine_style_on_one_thread() {
    echo("coroutine", 1);
}

#[test]
fn echo_coroutine_style_on_two_threads() {
    echo("coroutine", 2);
}

#[test]
fn echo_blocking_style_on_one_thread() {
    echo("blocking", 1);
}

#[test]
fn echo_blocking_style_with_threads_2_ignored() {
    echo("blocking", 2);
}

#[test]
fn echo_callback_style_on_two_contexts() {
    echo_on("callback", 1, 2);
}

#[test]
fn echo_coroutine_style_on_two_contexts_of_two_threads() {
    echo_on("coroutine", 2, 2);
}
