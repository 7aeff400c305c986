//! Helpers for the UDP, Unix domain socket and resolver tests: the watchdog that bounds each
//! test in time (`watchdog.rs`), and unique socket paths removed on drop.
#![allow(dead_code)]

use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};

#[path = "watchdog.rs"]
mod watchdog;
#[allow(unused_imports)] // not every test binary names the guard's type
pub use watchdog::{watchdog, Watchdog};

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
