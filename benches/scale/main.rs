//! Scale: N concurrent loopback connections (10,000 by default) against the echo server in
//! each style (`examples/echo_server.rs --style callback|coroutine|blocking`, release build)
//! and a tokio server with the same 1024-byte buffer (`tokio_server.rs`). Each server runs
//! in a child process; this process opens every connection, does one round trip on each,
//! holds them all open while it reads the server's RSS, then does more round trips on all
//! of them and closes them. Printed side by side: errors, bytes echoed and checked, the
//! server's RSS with no connection and with all N, and the difference per connection.
//!
//! Run by `scripts/scale.sh` (which raises the descriptor limit and builds the example):
//! `cargo bench --bench scale -- [--conns N] [--rounds R] [--styles callback,coroutine,blocking,tokio]`.
//! With `--tokio-server` the binary is the tokio server itself.

mod tokio_server;

use std::io::{BufRead, BufReader};
use std::net::SocketAddr;
use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use std::sync::atomic::{AtomicU64, Ordering::Relaxed};
use std::sync::Arc;
use std::time::{Duration, Instant};

use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::sync::{Barrier, Semaphore};

/// The bytes of one round trip: the servers' buffer size.
const MSG: usize = tokio_server::BUF;

/// How many connects may be in progress at once (the listen queue holds 1024).
const CONNECTS_IN_FLIGHT: usize = 256;

struct Opts {
    conns: usize,
    rounds: usize,
    styles: Vec<String>,
}

fn parse() -> Opts {
    let mut o = Opts {
        conns: 10_000,
        rounds: 10,
        styles: ["callback", "coroutine", "blocking", "tokio"]
            .map(String::from)
            .to_vec(),
    };
    let mut args = std::env::args().skip(1);
    while let Some(a) = args.next() {
        match a.as_str() {
            "--tokio-server" => tokio_server::main(),
            "--conns" => o.conns = args.next().and_then(|v| v.parse().ok()).expect("--conns N"),
            "--rounds" => {
                o.rounds = args
                    .next()
                    .and_then(|v| v.parse().ok())
                    .expect("--rounds R")
            }
            "--styles" => {
                o.styles = args
                    .next()
                    .expect("--styles a,b")
                    .split(',')
                    .map(String::from)
                    .collect()
            }
            _ => {} // cargo bench passes --bench
        }
    }
    o
}

/// A server child, killed when dropped.
struct Server {
    child: Child,
    addr: SocketAddr,
    /// What the server printed on stderr besides its address (a reader thread fills it).
    log: Arc<std::sync::Mutex<Vec<String>>>,
}

impl Server {
    fn start(style: &str) -> Server {
        let mut cmd = if style == "tokio" {
            let mut c = Command::new(std::env::current_exe().expect("own path"));
            c.arg("--tokio-server");
            c
        } else {
            let mut c = Command::new(echo_server_path());
            c.args(["--style", style]);
            c
        };
        let mut child = cmd
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::piped())
            .spawn()
            .expect("start the server");
        let mut lines = BufReader::new(child.stderr.take().expect("piped")).lines();
        let first = lines.next().and_then(Result::ok).unwrap_or_default();
        let addr = first
            .strip_prefix("listening on ")
            .and_then(|a| a.parse().ok())
            .unwrap_or_else(|| panic!("{style}: unexpected first line {first:?}"));
        let log = Arc::new(std::sync::Mutex::new(Vec::new()));
        let l = log.clone();
        std::thread::spawn(move || {
            lines
                .map_while(Result::ok)
                .for_each(|x| l.lock().unwrap().push(x))
        });
        Server { child, addr, log }
    }

    fn rss_kib(&self) -> u64 {
        let status = std::fs::read_to_string(format!("/proc/{}/status", self.child.id()))
            .unwrap_or_default();
        status
            .lines()
            .find_map(|l| l.strip_prefix("VmRSS:"))
            .and_then(|v| v.split_whitespace().next()?.parse().ok())
            .unwrap_or(0)
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// `target/release/examples/echo_server`, next to this bench's `target/release/deps/`.
fn echo_server_path() -> PathBuf {
    let exe = std::env::current_exe().expect("own path");
    let dir = exe
        .parent()
        .and_then(|d| d.parent())
        .expect("target/release");
    let path = dir.join("examples").join("echo_server");
    assert!(
        path.exists(),
        "{} missing: cargo build --release --example echo_server",
        path.display()
    );
    path
}

/// The byte at `i` of connection `c`'s messages.
fn byte(c: usize, i: usize) -> u8 {
    (c * 131 + i * 7 + i / 251) as u8
}

#[derive(Default)]
struct Tally {
    errors: AtomicU64,
    bytes: AtomicU64,
}

/// One round trip on `s`: a message out, the same bytes back.
async fn round_trip(s: &mut tokio::net::TcpStream, c: usize, round: usize) -> std::io::Result<()> {
    let msg: Vec<u8> = (0..MSG).map(|i| byte(c, i + round)).collect();
    s.write_all(&msg).await?;
    let mut back = vec![0u8; MSG];
    s.read_exact(&mut back).await?;
    if back != msg {
        return Err(std::io::Error::other("echoed bytes differ"));
    }
    Ok(())
}

/// Returns this process's descriptor limit (which the servers inherit), from
/// `/proc/self/limits`.
fn nofile() -> usize {
    std::fs::read_to_string("/proc/self/limits")
        .ok()
        .and_then(|l| {
            let line = l
                .lines()
                .find(|l| l.starts_with("Max open files"))?
                .to_owned();
            line.split_whitespace().nth(3)?.parse().ok()
        })
        .unwrap_or(1024)
}

/// How many connections `style` can hold under the descriptor limit: the blocking style
/// needs two a connection (the socket, and its thread's wake-up eventfd for blocking calls).
fn capacity(style: &str, wanted: usize) -> usize {
    match style {
        "blocking" => wanted.min(nofile().saturating_sub(64) / 2),
        _ => wanted,
    }
}

/// How long one round trip may take before it counts as an error.
const ROUND_TRIP_LIMIT: Duration = Duration::from_secs(60);

/// Runs `f`, failing it after [`ROUND_TRIP_LIMIT`] (a connection the server never accepts).
async fn bounded(f: impl std::future::Future<Output = std::io::Result<()>>) -> std::io::Result<()> {
    tokio::time::timeout(ROUND_TRIP_LIMIT, f)
        .await
        .unwrap_or_else(|_| Err(std::io::ErrorKind::TimedOut.into()))
}

/// What one style measured.
struct Row {
    style: String,
    conns: usize,
    errors: u64,
    bytes: u64,
    rss_idle: u64,
    rss_all: u64,
    secs: f64,
}

fn run_style(style: &str, o: &Opts) -> Row {
    let conns = capacity(style, o.conns);
    if conns < o.conns {
        eprintln!(
            "{style}: {conns} connections, not {}: it needs two descriptors each and the limit \
             is {}",
            o.conns,
            nofile()
        );
    }
    let server = Server::start(style);
    std::thread::sleep(Duration::from_millis(200));
    let rss_idle = server.rss_kib();
    let tally = Arc::new(Tally::default());
    let rt = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .expect("runtime");
    let start = Instant::now();
    let rss_all = rt.block_on(async {
        let all_open = Arc::new(Barrier::new(conns + 1));
        let measured = Arc::new(Barrier::new(conns + 1));
        let connects = Arc::new(Semaphore::new(CONNECTS_IN_FLIGHT));
        for c in 0..conns {
            let (all_open, measured, connects, tally) = (
                all_open.clone(),
                measured.clone(),
                connects.clone(),
                tally.clone(),
            );
            let (addr, rounds) = (server.addr, o.rounds);
            tokio::spawn(async move {
                let permit = connects.acquire_owned().await.expect("open semaphore");
                let first = match tokio::net::TcpStream::connect(addr).await {
                    Ok(mut s) => bounded(round_trip(&mut s, c, 0)).await.map(|()| s),
                    Err(e) => Err(e),
                };
                drop(permit);
                all_open.wait().await;
                measured.wait().await;
                let result = match first {
                    Ok(mut s) => {
                        let mut r = Ok(());
                        for round in 1..rounds {
                            r = bounded(round_trip(&mut s, c, round)).await;
                            if r.is_err() {
                                break;
                            }
                        }
                        r.map(|()| rounds)
                    }
                    Err(e) => Err(e),
                };
                match result {
                    Ok(n) => drop(tally.bytes.fetch_add((n * MSG * 2) as u64, Relaxed)),
                    Err(_) => drop(tally.errors.fetch_add(1, Relaxed)),
                }
            });
        }
        all_open.wait().await;
        tokio::time::sleep(Duration::from_millis(300)).await;
        let rss = server.rss_kib();
        measured.wait().await;
        while Arc::strong_count(&tally) > 1 {
            tokio::time::sleep(Duration::from_millis(10)).await;
        }
        rss
    });
    let row = Row {
        style: style.to_owned(),
        conns,
        errors: tally.errors.load(Relaxed),
        bytes: tally.bytes.load(Relaxed),
        rss_idle,
        rss_all,
        secs: start.elapsed().as_secs_f64(),
    };
    let log = server.log.lock().unwrap();
    if !log.is_empty() {
        eprintln!(
            "{style}: the server printed {} lines, the first: {:?}",
            log.len(),
            log[0]
        );
    }
    row
}

fn main() {
    let o = parse();
    println!(
        "scale: {} concurrent connections, {} round trips of {MSG} bytes each",
        o.conns, o.rounds
    );
    println!(
        "{:<10} {:>7} {:>7} {:>13} {:>11} {:>11} {:>13} {:>7}",
        "style", "conns", "errors", "bytes", "RSS idle", "RSS all", "RSS per conn", "secs"
    );
    for style in &o.styles {
        let r = run_style(style, &o);
        let per = (r.rss_all.saturating_sub(r.rss_idle)) as f64 / r.conns as f64;
        println!(
            "{:<10} {:>7} {:>7} {:>13} {:>8} KiB {:>8} KiB {:>9.2} KiB {:>7.1}",
            r.style, r.conns, r.errors, r.bytes, r.rss_idle, r.rss_all, per, r.secs
        );
    }
}
