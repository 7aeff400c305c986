//! Runs the file examples (Asio's `files/async_file_copy` and `blocking_file_copy`) on a file of
//! pseudo-random bytes and compares the copies byte for byte.

#[path = "support/examples.rs"]
mod examples_support;
#[path = "support/watchdog.rs"]
mod watchdog;

use std::path::PathBuf;
use std::process::Command;
use std::time::Duration;

const EXAMPLES: &[&str] = &["async_file_copy", "blocking_file_copy"];

/// Temporary files removed when dropped.
struct Temps(Vec<PathBuf>);

impl Drop for Temps {
    fn drop(&mut self) {
        for p in &self.0 {
            let _ = std::fs::remove_file(p);
        }
    }
}

fn temp(name: &str) -> PathBuf {
    std::env::temp_dir().join(format!(
        "jeton-test-examples-files-{}-{name}",
        std::process::id()
    ))
}

#[test]
fn file_copies_are_byte_exact() {
    let _w = watchdog::watchdog(300);
    // 300 KiB and a bit: many 1 KiB chunks and a short last one.
    let mut x: u32 = 12345;
    let data: Vec<u8> = (0..300 * 1024 + 17)
        .map(|_| {
            x ^= x << 13;
            x ^= x >> 17;
            x ^= x << 5;
            x as u8
        })
        .collect();
    let from = temp("from");
    let mut temps = Temps(vec![from.clone()]);
    std::fs::write(&from, &data).unwrap();
    for name in EXAMPLES {
        let exe = examples_support::example_path(name, EXAMPLES, Duration::from_secs(240));
        let to = temp(name);
        temps.0.push(to.clone());
        std::fs::write(&to, b"old content, longer than nothing").unwrap();
        let out = Command::new(exe).arg(&from).arg(&to).output().unwrap();
        assert!(out.status.success(), "{name}: {out:?}");
        let copy = std::fs::read(&to).unwrap();
        assert_eq!(copy.len(), data.len(), "{name}");
        assert!(copy == data, "{name}: the copy differs");
    }
    // An empty source gives an empty copy.
    std::fs::write(&from, b"").unwrap();
    for name in EXAMPLES {
        let exe = examples_support::example_path(name, EXAMPLES, Duration::from_secs(240));
        let to = temp(name);
        let out = Command::new(exe).arg(&from).arg(&to).output().unwrap();
        assert!(out.status.success(), "{name}: {out:?}");
        assert_eq!(std::fs::read(&to).unwrap(), b"", "{name}");
    }
    // A missing source fails.
    let exe =
        examples_support::example_path("blocking_file_copy", EXAMPLES, Duration::from_secs(240));
    let out = Command::new(exe)
        .arg(temp("missing"))
        .arg(temp("x"))
        .output()
        .unwrap();
    assert!(!out.status.success());
}
