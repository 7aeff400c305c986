//! Faults of blocking calls: a `cancel()` from another thread while a `Blocking` call waits,
//! and a thread that cannot get a wake-up descriptor.

mod support;

use std::io::Write;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{mpsc, Arc};
use std::time::{Duration, Instant};

use jeton::{error, IoContext, UseFuture};
use support::watchdog;

/// One trial: a blocking write on a socket whose buffer is full, and one `cancel()` from another
/// thread `jitter` after the write operation has started (its cancel epoch is taken). The
/// cancel lands before, during or after the write's first wait; it must abort it every time.
fn cancel_trial(io: &IoContext, jitter: Duration) -> Result<(), String> {
    let (ours, peer) = std::os::unix::net::UnixStream::pair().unwrap();
    ours.set_nonblocking(true).unwrap();
    let chunk = [0u8; 4096];
    while (&ours).write(&chunk).is_ok() {} // fill the buffer: the first write must wait
    let sock = Arc::new(jeton::net::UnixStream::from_std(&io.executor(), ours).unwrap());
    let started = Arc::new(AtomicBool::new(false));
    let (tx, rx) = mpsc::channel();
    {
        let (sock, started) = (sock.clone(), started.clone());
        std::thread::spawn(move || {
            let r = jeton::op::block_on(async move {
                let write = sock.async_write_some(&chunk[..], UseFuture);
                started.store(true, Ordering::SeqCst); // the operation exists: cancel aborts it
                write.await
            });
            let _ = tx.send(r);
        });
    }
    while !started.load(Ordering::SeqCst) {
        std::hint::spin_loop();
    }
    spin_for(jitter);
    sock.cancel();
    let r = rx.recv_timeout(Duration::from_secs(3));
    drop(peer); // ends a hung writer (its write fails), so no thread stays behind
    match r {
        Ok(Err(e)) if error::is_aborted(&e) => Ok(()),
        Ok(other) => Err(format!("completed with {other:?}")),
        Err(_) => Err("the cancelled blocking write hung".into()),
    }
}

fn spin_for(d: Duration) {
    let start = Instant::now();
    while start.elapsed() < d {
        std::hint::spin_loop();
    }
}

/// Trials per run: `JETON_STRESS_TRIALS`, else 2000 (a second or two).
fn trials() -> u64 {
    std::env::var("JETON_STRESS_TRIALS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(2000)
}

#[test]
fn a_cancel_from_another_thread_always_aborts_a_blocking_write() {
    let _w = watchdog(120);
    let io = IoContext::new().unwrap();
    let mut hung = Vec::new();
    for i in 0..trials() {
        let jitter = Duration::from_nanos((i * 7919) % 5_000);
        if let Err(e) = cancel_trial(&io, jitter) {
            hung.push(format!("trial {i} (jitter {jitter:?}): {e}"));
            if hung.len() == 3 {
                break; // each hang costs 3 s
            }
        }
    }
    assert!(hung.is_empty(), "{} failures: {hung:?}", hung.len());
}
