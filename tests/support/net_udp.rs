//! Helpers for the UDP, Unix domain socket and resolver tests: a watchdog that bounds each
//! test in time, and unique socket paths removed on drop.
#![allow(dead_code)]

use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::mpsc::{self, RecvTimeoutError};
use std::time::Duration;

/// Aborts the whole test process if the calling test is still running after `secs` seconds.
/// Keep the returned guard alive for the whole test: dropping it disarms the watchdog.
#[must_use = "the watchdog is disarmed when the guard is dropped"]
pub fn watchdog(secs: u64) -> Watchdog {
    let name = std::thread::current()
        .name()
        .unwrap_or("<unnamed>")
        .to_owned();
    let (tx, rx) = mpsc::channel::<()>();
    std::thread::spawn(move || {
        if let Err(RecvTimeoutError::Timeout) = rx.recv_timeout(Duration::from_secs(secs)) {
            eprintln!("watchdog: test `{name}` still running after {secs} s; aborting");
            std::process::abort();
        }
    });
    Watchdog { _disarm: tx }
}

/// Disarms its watchdog when dropped.
#[derive(Debug)]
pub struct Watchdog {
    _disarm: mpsc::Sender<()>,
}

/// A unique path in the temporary directory for a Unix domain socket, removed on drop.
#[derive(Debug)]
pub struct TempPath(PathBuf);

impl TempPath {
    /// Makes a fresh path tagged with `tag` (no file is created).
    pub fn new(tag: &str) -> TempPath {
        static NEXT: AtomicUsize = AtomicUsize::new(0);
        let n = NEXT.fetch_add(1, Ordering::Relaxed);
        let path =
            std::env::temp_dir().join(format!("jeton-{tag}-{}-{n}.sock", std::process::id()));
        let _ = std::fs::remove_file(&path);
        TempPath(path)
    }

    /// Returns the path.
    pub fn path(&self) -> &Path {
        &self.0
    }
}

impl AsRef<Path> for TempPath {
    fn as_ref(&self) -> &Path {
        &self.0
    }
}

impl Drop for TempPath {
    fn drop(&mut self) {
        let _ = std::fs::remove_file(&self.0);
    }
}
