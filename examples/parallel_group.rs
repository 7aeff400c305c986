//! Parallel groups: a connect raced against a timer, and a read raced against a shutdown
//! signal, each printing every operation's result (Asio's `parallel_group` examples, with the
//! races of the issue).
//!
//! `make_parallel_group((a, b)).async_wait(wait_for_one(), token)` starts both operations;
//! when the first completes, the other is asked to stop, and the group completes once both
//! have: with the completion order and *both* results. The loser's result is not lost: a
//! read cut short reports the bytes it had read, a cancelled connect says it was aborted.
//!
//! 1. **connect vs timer** (blocking style, no thread runs the context): a connect to a
//!    listening server beats a 5-second timer; a connect to a server whose accept queue is
//!    full (the kernel drops the handshake, so the connect would retry for a minute) loses to
//!    a short timer and is cancelled.
//! 2. **read vs shutdown** (callback style): a read of a 16-byte record races a receive on a
//!    shutdown channel. When the record arrives whole, the read wins and the receive is
//!    cancelled; when only `hello` has arrived and the shutdown comes, the read is cancelled
//!    and reports its 5 bytes.
//!
//! Run it with `cargo run --example parallel_group`.

use std::io;
use std::net::SocketAddr;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use jeton::channel::Channel;
use jeton::net::{TcpAcceptor, TcpSocket};
use jeton::parallel_group::{make_parallel_group, wait_for_one};
use jeton::{error, io as jio, Blocking, Executor, IoContext, SteadyTimer, UseFuture};

/// How a result reads in the output.
fn describe<T>(r: &io::Result<T>) -> String {
    match r {
        Ok(_) => "ok".to_owned(),
        Err(e) if error::is_channel_cancelled(e) => "cancelled".to_owned(),
        Err(e) if error::is_aborted(e) => match jio::transferred(e) {
            0 => "aborted".to_owned(),
            n => format!("aborted after {n} bytes"),
        },
        Err(e) => format!("failed: {e}"),
    }
}

/// What a connect raced against a timer reports: the socket, whether the connect won, and
/// both results, as printed.
struct ConnectRace {
    sock: TcpSocket,
    connect_won: bool,
    lines: [String; 3],
}

/// Races a connect to `addr` against a timer of `timeout`, with no thread running the context.
fn race_connect(ex: &Executor, addr: SocketAddr, timeout: Duration) -> ConnectRace {
    let sock = TcpSocket::new(ex);
    let timer = SteadyTimer::with_duration(ex, timeout);
    let (order, (connected, waited)) = make_parallel_group((
        sock.async_connect(addr, UseFuture),
        timer.async_wait(UseFuture),
    ))
    .async_wait(wait_for_one(), Blocking);
    let connect_won = order[0] == 0;
    let first = if connect_won { "connect" } else { "timer" };
    let lines = [
        format!("  first: {first}"),
        format!("  connect: {}", describe(&connected)),
        format!("  timer: {}", describe(&waited)),
    ];
    ConnectRace {
        sock,
        connect_won,
        lines,
    }
}

fn connect_vs_timer(ex: &Executor) -> io::Result<()> {
    println!("connect vs timer: a server that accepts");
    let server = TcpAcceptor::bind(ex, "127.0.0.1:0")?;
    let race = race_connect(ex, server.local_addr()?, Duration::from_secs(5));
    race.lines.iter().for_each(|line| println!("{line}"));

    println!("connect vs timer: a server whose accept queue is full");
    let full = TcpAcceptor::bind_with_backlog(ex, "127.0.0.1:0", 1)?;
    let addr = full.local_addr()?;
    // The queue holds backlog + 1 connections that are never accepted; the connects that
    // win fill it (and are kept). Once it is full, the kernel drops further handshakes, and
    // the connect, which would retry for a minute, loses to the timer.
    let mut queued = Vec::new();
    for _ in 0..16 {
        let race = race_connect(ex, addr, Duration::from_millis(100));
        if !race.connect_won {
            race.lines.iter().for_each(|line| println!("{line}"));
            break;
        }
        queued.push(race.sock);
    }
    Ok(())
}

/// What the read-vs-shutdown group completes with: the order, the read's result and buffer
/// (an owned buffer comes back with the result), and the receive's result.
type ReadRace = ([usize; 2], ((io::Result<usize>, Vec<u8>), io::Result<()>));

/// Starts a read of a 16-byte record raced against a receive on `shutdown`; the handler prints
/// both results (and what was read) once the group completes.
fn start_reader(
    sock: &jeton::net::UnixStream,
    shutdown: &Channel<()>,
    out: Arc<Mutex<Vec<String>>>,
) {
    make_parallel_group((
        jio::async_read(sock.handle(), vec![0u8; 16], UseFuture),
        shutdown.async_receive(UseFuture),
    ))
    .async_wait(
        wait_for_one(),
        move |(order, ((read, buf), stop)): ReadRace| {
            let first = if order[0] == 0 { "read" } else { "shutdown" };
            let n = match &read {
                Ok(n) => *n,
                Err(e) => jio::transferred(e),
            };
            let mut out = out.lock().unwrap();
            out.push(format!("  first: {first}"));
            out.push(format!(
                "  read: {} {:?}",
                describe(&read),
                String::from_utf8_lossy(&buf[..n])
            ));
            out.push(format!("  shutdown: {}", describe(&stop)));
        },
    );
}

fn read_vs_shutdown(io: &IoContext) -> io::Result<()> {
    let ex = io.executor();
    let (client, server) = jeton::net::unix::connect_pair(&ex)?;
    let shutdown = Channel::new(&ex, 0);
    let out = Arc::new(Mutex::new(Vec::new()));

    println!("read vs shutdown: the record arrives");
    client.write_some(b"sixteen bytes!!!")?;
    start_reader(&server, &shutdown, out.clone());
    io.run();
    out.lock()
        .unwrap()
        .drain(..)
        .for_each(|line| println!("{line}"));

    println!("read vs shutdown: shutdown after 5 bytes");
    client.write_some(b"hello")?;
    // The closure token starts the group inside the call: the read takes the 5 bytes now,
    // and both operations wait.
    start_reader(&server, &shutdown, out.clone());
    shutdown.try_send(()).expect("the group's receive waits");
    io.restart();
    io.run();
    out.lock()
        .unwrap()
        .drain(..)
        .for_each(|line| println!("{line}"));
    Ok(())
}

fn main() -> io::Result<()> {
    let io = IoContext::new()?;
    connect_vs_timer(&io.executor())?;
    read_vs_shutdown(&io)
}
