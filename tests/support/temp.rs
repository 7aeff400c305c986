//! `TempFile`: a path under `std::env::temp_dir()` unique to this process and name, removed
//! when dropped.

use std::path::PathBuf;

/// A temporary file's path, removed (if it exists) when dropped.
#[derive(Debug)]
pub struct TempFile(pub PathBuf);

impl TempFile {
    /// A fresh path for `test`/`name` in this process; any old file there is removed.
    pub fn new(test: &str, name: &str) -> TempFile {
        let path =
            std::env::temp_dir().join(format!("jeton-test-{test}-{}-{name}", std::process::id()));
        let _ = std::fs::remove_file(&path);
        TempFile(path)
    }
}

impl Drop for TempFile {
    fn drop(&mut self) {
        let _ = std::fs::remove_file(&self.0);
    }
}
