//! `--phases`: prints the CLOCK_MONOTONIC time of each phase boundary of the jeton side, so a
//! profile recorded with `perf record -k CLOCK_MONOTONIC` can be cut per phase with
//! `perf report --time <start>,<end>`.

use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Instant;

static ENABLED: AtomicBool = AtomicBool::new(false);

/// Turns the phase printout on.
pub fn enable() {
    ENABLED.store(true, Ordering::Relaxed);
}

/// Prints `label` and the current monotonic time as `seconds.micros` when enabled.
pub fn mark(label: &str) {
    if ENABLED.load(Ordering::Relaxed) {
        // `Instant`'s Debug form on Unix is its CLOCK_MONOTONIC timespec.
        let raw = format!("{:?}", Instant::now());
        let num = |key: &str| -> u64 {
            raw.split(key)
                .nth(1)
                .and_then(|r| {
                    r.trim_start_matches([':', ' '])
                        .split(|c: char| !c.is_ascii_digit())
                        .next()
                })
                .and_then(|d| d.parse().ok())
                .unwrap_or(0)
        };
        println!(
            "  phase {label:<28} {}.{:06}",
            num("tv_sec"),
            num("tv_nsec") / 1000
        );
    }
}
