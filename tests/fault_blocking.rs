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

/// Runs the test `name` of this binary again in a child process with `JETON_FAULT_CHILD` set
/// (for scenarios that change process-wide limits); returns whether it passed, and its output.
fn in_child(name: &str) -> (bool, String) {
    let out = std::process::Command::new(std::env::current_exe().unwrap())
        .args([name, "--exact", "--nocapture", "--test-threads=1"])
        .env("JETON_FAULT_CHILD", "1")
        .output()
        .unwrap();
    let text =
        String::from_utf8_lossy(&out.stdout).into_owned() + &String::from_utf8_lossy(&out.stderr);
    (out.status.success(), text)
}

/// Lowers the descriptor limit to what is open now, so nothing new can be opened.
fn exhaust_descriptors() -> Vec<std::fs::File> {
    let mut open = Vec::new();
    while let Ok(f) = std::fs::File::open("/dev/null") {
        open.push(f);
        if open.len() > 100_000 {
            panic!("no descriptor limit");
        }
    }
    open
}

#[test]
fn a_blocking_call_without_a_free_descriptor_returns_the_error_instead_of_panicking() {
    if std::env::var("JETON_FAULT_CHILD").is_err() {
        let _w = watchdog(60);
        let (ok, out) = in_child(
            "a_blocking_call_without_a_free_descriptor_returns_the_error_instead_of_panicking",
        );
        assert!(ok, "the child failed:\n{out}");
        return;
    }
    // The child: a low limit, everything made first, then every descriptor taken.
    let limit = libc::rlimit {
        rlim_cur: 64,
        rlim_max: 64,
    };
    // SAFETY: setrlimit reads the struct, which outlives the call.
    assert_eq!(unsafe { libc::setrlimit(libc::RLIMIT_NOFILE, &limit) }, 0);
    let io = IoContext::new().unwrap();
    let (a, b) = jeton::net::unix::connect_pair(&io.executor()).unwrap();
    let timer = jeton::SteadyTimer::new(&io.executor());
    a.write_some(b"ready").unwrap();
    let _held = exhaust_descriptors();
    // A fresh thread: its wake-up descriptor cannot be made.
    std::thread::spawn(move || {
        // A call that completes at once needs no descriptor: it just works.
        let mut buf = [0u8; 8];
        assert_eq!(b.read_some(&mut buf).unwrap(), 5);
        // A call that must wait fails with the reason, promptly, and hands back its buffer.
        let e = b.read_some(&mut buf).unwrap_err();
        assert_eq!(e.raw_os_error(), Some(libc::EMFILE), "{e:?}");
        let (r, buf) = jeton::op::block_on(b.async_read_some(vec![0u8; 4], UseFuture));
        assert_eq!(r.unwrap_err().raw_os_error(), Some(libc::EMFILE));
        assert_eq!(buf.len(), 4);
        timer.expires_after(Duration::from_secs(60));
        // (A wait of the whole minute would end Ok, not with the error.)
        assert_eq!(timer.wait().unwrap_err().raw_os_error(), Some(libc::EMFILE));
        // A foreign future (no jeton operation inside) still completes, woken or not.
        let flag = Arc::new(AtomicBool::new(false));
        let f = flag.clone();
        std::thread::spawn(move || {
            std::thread::sleep(Duration::from_millis(30));
            f.store(true, Ordering::SeqCst);
        });
        jeton::op::block_on(std::future::poll_fn(|cx| {
            if flag.load(Ordering::SeqCst) {
                std::task::Poll::Ready(())
            } else {
                cx.waker().wake_by_ref();
                std::task::Poll::Pending
            }
        }));
    })
    .join()
    .unwrap();
}
