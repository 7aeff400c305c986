//! The one watchdog of the test suite: it bounds a test in time and aborts the whole test
//! process, with the test's name on stderr, if the test is still running when its time is up.
//! A hung test then fails loudly instead of hanging CI.
//!
//! It is disarmed when the test is over, so it can never kill a test binary that is still
//! running other tests after this one passed. "Over" means both: the returned guard is dropped
//! and the test's thread has ended (the harness runs each test on a thread of its own). So both
//! ways the tests call it are bounded for the whole test:
//!
//! ```ignore
//! let _w = watchdog(20); // the guard lives until the end of the test
//! watchdog(60);          // the guard is dropped at once; the test's thread keeps it armed
//! ```
//!
//! Included by `support/mod.rs`, `support/net.rs`, `support/net_udp.rs` and
//! `support/test_stream.rs`, which re-export [`watchdog`] and [`Watchdog`]; a test file that
//! uses none of them can include it alone (`#[path = "support/watchdog.rs"] mod watchdog;`).

#![allow(dead_code)]

use std::cell::RefCell;
use std::io::Write;
use std::sync::mpsc::{self, RecvTimeoutError};
use std::time::Duration;

thread_local! {
    /// One disarm handle per watchdog armed on this thread; dropped when the thread ends.
    static ARMED: RefCell<Vec<mpsc::Sender<()>>> = const { RefCell::new(Vec::new()) };
}

/// Keeps a watchdog armed; see the [module docs](self) for when it is disarmed.
#[derive(Debug)]
pub struct Watchdog {
    /// The watchdog thread waits until every clone of this sender is gone: this one, and the
    /// one in the arming thread's [`ARMED`] list.
    _disarm: mpsc::Sender<()>,
}

/// Arms a watchdog that aborts the process if the calling test still runs `secs` seconds from
/// now.
pub fn watchdog(secs: u64) -> Watchdog {
    watchdog_then(secs, || {})
}

/// Like [`watchdog`], and calls `before_abort` (for example to kill child processes, which an
/// abort leaves running) just before it aborts.
pub fn watchdog_then(secs: u64, before_abort: impl FnOnce() + Send + 'static) -> Watchdog {
    let name = std::thread::current()
        .name()
        .unwrap_or("<unnamed>")
        .to_owned();
    let (tx, rx) = mpsc::channel::<()>();
    ARMED.with(|armed| armed.borrow_mut().push(tx.clone()));
    std::thread::Builder::new()
        .name(format!("watchdog {name}"))
        .spawn(move || {
            // Nothing is ever sent: the wait ends with a timeout, or with `Disconnected` once
            // the guard and the thread's handle are both dropped.
            if let Err(RecvTimeoutError::Timeout) = rx.recv_timeout(Duration::from_secs(secs)) {
                before_abort();
                // Straight to the stderr handle: the test harness captures `eprintln!`.
                let msg =
                    format!("watchdog: test `{name}` still running after {secs} s: aborting\n");
                let _ = std::io::stderr().write_all(msg.as_bytes());
                std::process::abort();
            }
        })
        .expect("cannot start the watchdog thread");
    Watchdog { _disarm: tx }
}
