//! The chaos test's streams: a loopback TCP pair with one writer chain and one reader chain,
//! each driven by one token style (closure handlers, a task awaiting `UseFuture`, a thread
//! making `Blocking` calls), each operation picked at random and wrapped at random in
//! `cancel_after` or `bind_cancellation_slot`.
//!
//! The writer sends a pattern that depends on the pair and the byte's offset; the reader
//! checks every byte it gets against it. What a completion reports (its count, or
//! `io::transferred` of its error) is all that is counted: bytes written and acknowledged,
//! bytes read and verified. On a pair that is never closed the two must be equal once the
//! writer has shut down and the reader has seen the end of the stream.
//!
//! Included by path, after `chaos.rs`: `#[path = "support/chaos_pair.rs"] mod chaos_pair;`.

#![allow(dead_code)]

use std::io;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering::SeqCst};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use jeton::io::{async_read_with, async_write, transfer_at_least, transferred};
use jeton::net::{TcpSocket, TcpStreamRef};
use jeton::{co_spawn, error, Blocking};
use jeton::{CancellationSignal, CancellationType, Executor, UseFuture};

use super::chaos::{Kind, Ledger, Rng};

/// The largest single read or write.
const CHUNK_MAX: usize = 16 * 1024;

/// What the chains share with the rest of the test.
#[derive(Debug)]
pub struct Shared {
    pub ex: Executor,
    pub ledger: Arc<Ledger>,
    /// Set when the run is over: chains end after the operation in flight.
    pub stop: AtomicBool,
    /// Signals bound to recent operations, for the chaos driver to emit.
    pub signals: Mutex<Vec<CancellationSignal>>,
}

impl Shared {
    /// Keeps `signal` among the recent ones (the last 64).
    pub fn keep_signal(&self, signal: CancellationSignal) {
        let mut s = self.signals.lock().unwrap();
        if s.len() >= 64 {
            s.remove(0);
        }
        s.push(signal);
    }

    fn stopping(&self) -> bool {
        self.stop.load(SeqCst)
    }
}

/// How one operation is wrapped.
#[derive(Clone, Copy, Debug)]
pub enum Adapt {
    Plain,
    After(Duration, CancellationType),
    Slot,
}

impl Adapt {
    pub fn pick(rng: &mut Rng) -> Adapt {
        match rng.below(6) {
            0 => Adapt::After(rng.micros(3000), cancellation_type(rng)),
            1 => Adapt::Slot,
            _ => Adapt::Plain,
        }
    }
}

/// Returns one of the three cancellation types.
pub fn cancellation_type(rng: &mut Rng) -> CancellationType {
    [
        CancellationType::TERMINAL,
        CancellationType::PARTIAL,
        CancellationType::TOTAL,
    ][rng.below(3)]
}

/// Wraps the token `$base` as `$how` says, binds it to `$tok` and evaluates `$call`.
///
/// `adapt!(owned ...)` is for operations on owned buffers, which complete with
/// `(io::Result<T>, B)`: `cancel_after` wraps only operations that complete with an
/// `io::Result` (it must make the aborted error when it drops the operation), so there it is
/// replaced by a slot.
macro_rules! adapt {
    (owned $shared:expr, $how:expr, $base:expr, |$tok:ident| $call:expr) => {
        match $how {
            $crate::chaos_pair::Adapt::Plain => {
                let $tok = $base;
                $call
            }
            _ => {
                let signal = jeton::CancellationSignal::new();
                let $tok = jeton::bind_cancellation_slot(signal.slot(), $base);
                $shared.keep_signal(signal);
                $call
            }
        }
    };
    ($shared:expr, $how:expr, $base:expr, |$tok:ident| $call:expr) => {
        match $how {
            $crate::chaos_pair::Adapt::Plain => {
                let $tok = $base;
                $call
            }
            $crate::chaos_pair::Adapt::After(d, ty) => {
                let $tok = jeton::cancel_after(d, $base).cancellation_type(ty);
                $call
            }
            $crate::chaos_pair::Adapt::Slot => {
                let signal = jeton::CancellationSignal::new();
                let $tok = jeton::bind_cancellation_slot(signal.slot(), $base);
                $shared.keep_signal(signal);
                $call
            }
        }
    };
}

/// The token style of a chain.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Style {
    Closure,
    Task,
    Blocking,
}

/// The byte at `offset` of pair `id`'s stream.
fn byte(id: usize, offset: u64) -> u8 {
    (offset.wrapping_mul(31) ^ (offset >> 9) ^ (id as u64).wrapping_mul(77)) as u8
}

/// `n` bytes of pair `id`'s stream from `offset`.
fn pattern(id: usize, offset: u64, n: usize) -> Vec<u8> {
    (0..n as u64).map(|k| byte(id, offset + k)).collect()
}

/// A loopback pair, its chains' progress, and its owners (which the chaos may close or drop).
#[derive(Debug)]
pub struct Pair {
    pub id: usize,
    /// Whether the chaos may close or drop its sockets.
    pub doomed: bool,
    pub writer: Mutex<Option<TcpSocket>>,
    pub reader: Mutex<Option<TcpSocket>>,
    w: TcpStreamRef,
    r: TcpStreamRef,
    /// Bytes acknowledged by the writer's completions; bytes the reader checked.
    pub written: AtomicU64,
    pub read: AtomicU64,
    pub writer_done: AtomicBool,
    pub reader_done: AtomicBool,
}

impl Pair {
    pub fn new(id: usize, doomed: bool, (client, server): (TcpSocket, TcpSocket)) -> Pair {
        Pair {
            id,
            doomed,
            w: client.handle(),
            r: server.handle(),
            writer: Mutex::new(Some(client)),
            reader: Mutex::new(Some(server)),
            written: AtomicU64::new(0),
            read: AtomicU64::new(0),
            writer_done: AtomicBool::new(false),
            reader_done: AtomicBool::new(false),
        }
    }

    /// Cancels the operations in flight on one side.
    pub fn cancel(&self, writer_side: bool) {
        if writer_side {
            self.w.cancel()
        } else {
            self.r.cancel()
        }
    }

    /// Closes, resets or drops one side.
    pub fn doom(&self, rng: &mut Rng) {
        let side = if rng.chance(50) {
            &self.writer
        } else {
            &self.reader
        };
        let mut owner = side.lock().unwrap();
        match (rng.below(3), owner.as_ref()) {
            (0, Some(s)) => {
                s.close();
            }
            (1, Some(s)) => {
                let _ = s.set_linger(Some(Duration::ZERO)); // a reset, mid-write
                *owner = None;
            }
            _ => *owner = None,
        }
    }

    /// Returns whether both chains have ended.
    pub fn done(&self) -> bool {
        self.writer_done.load(SeqCst) && self.reader_done.load(SeqCst)
    }
}

/// Returns whether `e` ends a chain: anything but a cancellation of the one operation.
fn ended(e: &io::Error) -> bool {
    !error::is_aborted(e) || error::is_shut_down(e)
}

/// A connected loopback pair made with blocking calls.
pub fn loopback_pair(listener: &jeton::net::TcpAcceptor) -> (TcpSocket, TcpSocket) {
    let client = TcpSocket::new(&listener.executor());
    client.connect(listener.local_addr().unwrap()).unwrap();
    let (server, _) = listener.accept().unwrap();
    (client, server)
}

/// Records a write's completion; returns whether the writer goes on.
fn wrote(sh: &Shared, p: &Pair, r: io::Result<usize>, t: super::chaos::Ticket) -> bool {
    let n = r.as_ref().map_or_else(transferred, |n| *n);
    p.written.fetch_add(n as u64, SeqCst);
    sh.ledger.bytes_written.fetch_add(n as u64, SeqCst);
    // Aborted writes go on; a closed socket, a reset or the context gone end the chain.
    let failed = !p.w.is_open() || r.as_ref().is_err_and(ended);
    let go_on = !failed && !sh.stopping();
    t.complete(&r);
    if !go_on {
        if !failed {
            let _ = p.w.shutdown(std::net::Shutdown::Write);
        }
        p.writer_done.store(true, SeqCst);
    }
    go_on
}

/// Checks and records a read's completion into `buf`; returns whether the reader goes on.
fn got(sh: &Shared, p: &Pair, r: io::Result<usize>, buf: &[u8], t: super::chaos::Ticket) -> bool {
    let n = r.as_ref().map_or_else(transferred, |n| *n);
    let at = p.read.fetch_add(n as u64, SeqCst);
    if buf[..n] != pattern(p.id, at, n)[..] {
        sh.ledger
            .violation(format!("pair {}: wrong bytes at offset {at}", p.id));
    }
    sh.ledger.bytes_read.fetch_add(n as u64, SeqCst);
    // Aborted reads go on; the end of the stream, a closed socket or a reset end the chain.
    let go_on = p.r.is_open()
        && match &r {
            Ok(n) => *n > 0,
            Err(e) => !ended(e),
        };
    t.complete(&r);
    if !go_on {
        p.reader_done.store(true, SeqCst);
    }
    go_on
}

/// The next write: the pattern from the writer's offset, and how it is done.
fn next_write(p: &Pair, rng: &mut Rng) -> (Vec<u8>, bool, Adapt) {
    let data = pattern(p.id, p.written.load(SeqCst), 1 + rng.below(CHUNK_MAX));
    (data, rng.chance(50), Adapt::pick(rng))
}

/// The next read: a buffer, the least it waits for, and how it is done.
fn next_read(rng: &mut Rng) -> (Vec<u8>, usize, Adapt) {
    let len = 1 + rng.below(CHUNK_MAX);
    (vec![0; len], 1 + rng.below(len), Adapt::pick(rng))
}

/// The thread of a chain of blocking calls, to join once it ends.
pub type Chain = Option<std::thread::JoinHandle<()>>;

/// Starts the writer chain of `p` in `style`.
pub fn start_writer(sh: Arc<Shared>, p: Arc<Pair>, style: Style, mut rng: Rng) -> Chain {
    match style {
        Style::Closure => write_closure(sh, p, rng),
        Style::Task => {
            let ex = sh.ex.clone();
            co_spawn(
                &ex,
                async move {
                    loop {
                        let (data, all, how) = next_write(&p, &mut rng);
                        let t = sh.ledger.ticket(Kind::Write);
                        let r = adapt!(sh, how, UseFuture, |tok| if all {
                            async_write(&p.w, &data[..], tok).await
                        } else {
                            p.w.async_write_some(&data[..], tok).await
                        });
                        if !wrote(&sh, &p, r, t) {
                            break;
                        }
                    }
                },
                |()| {},
            );
        }
        Style::Blocking => {
            return Some(std::thread::spawn(move || loop {
                let (data, all, how) = next_write(&p, &mut rng);
                let t = sh.ledger.ticket(Kind::Write);
                let r = adapt!(sh, how, Blocking, |tok| if all {
                    async_write(&p.w, &data[..], tok)
                } else {
                    p.w.async_write_some(&data[..], tok)
                });
                if !wrote(&sh, &p, r, t) {
                    break;
                }
            }));
        }
    }
    None
}

fn write_closure(sh: Arc<Shared>, p: Arc<Pair>, mut rng: Rng) {
    let (data, all, how) = next_write(&p, &mut rng);
    let t = sh.ledger.ticket(Kind::Write);
    let (sh2, p2) = (sh.clone(), p.clone());
    let handler = move |(r, _data): (io::Result<usize>, Vec<u8>)| {
        if wrote(&sh2, &p2, r, t) {
            write_closure(sh2, p2, rng);
        }
    };
    adapt!(owned sh, how, handler, |tok| if all {
        async_write(p.w.clone(), data, tok)
    } else {
        p.w.async_write_some(data, tok)
    });
}

/// Starts the reader chain of `p` in `style`.
pub fn start_reader(sh: Arc<Shared>, p: Arc<Pair>, style: Style, mut rng: Rng) -> Chain {
    match style {
        Style::Closure => read_closure(sh, p, rng),
        Style::Task => {
            let ex = sh.ex.clone();
            co_spawn(
                &ex,
                async move {
                    loop {
                        let (mut buf, least, how) = next_read(&mut rng);
                        let t = sh.ledger.ticket(Kind::Read);
                        let r = adapt!(sh, how, UseFuture, |tok| {
                            async_read_with(&p.r, &mut buf[..], transfer_at_least(least), tok).await
                        });
                        if !got(&sh, &p, r, &buf, t) {
                            break;
                        }
                    }
                },
                |()| {},
            );
        }
        Style::Blocking => {
            return Some(std::thread::spawn(move || loop {
                let (mut buf, _, how) = next_read(&mut rng);
                let t = sh.ledger.ticket(Kind::Read);
                let r = adapt!(sh, how, Blocking, |tok| p
                    .r
                    .async_read_some(&mut buf[..], tok));
                if !got(&sh, &p, r, &buf, t) {
                    break;
                }
            }));
        }
    }
    None
}

fn read_closure(sh: Arc<Shared>, p: Arc<Pair>, mut rng: Rng) {
    let (buf, least, how) = next_read(&mut rng);
    let some = rng.chance(50);
    let t = sh.ledger.ticket(Kind::Read);
    let (sh2, p2) = (sh.clone(), p.clone());
    let handler = move |(r, buf): (io::Result<usize>, Vec<u8>)| {
        if got(&sh2, &p2, r, &buf, t) {
            read_closure(sh2, p2, rng);
        }
    };
    adapt!(owned sh, how, handler, |tok| if some {
        p.r.async_read_some(buf, tok)
    } else {
        async_read_with(p.r.clone(), buf, transfer_at_least(least), tok)
    });
}
