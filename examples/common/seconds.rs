//! `seconds(n)`, Asio's `chrono::seconds(n)` for the examples that wait on timers: one second
//! lasts `JETON_TIMER_SCALE_MS` milliseconds (default 1000), so tests can run them quickly.
//!
//! Included by path (`#[path = "common/seconds.rs"] mod seconds;`).

use std::time::Duration;

/// Returns `asio::chrono::seconds(n)`, where one second lasts `JETON_TIMER_SCALE_MS`
/// milliseconds (default 1000).
pub fn seconds(n: u64) -> Duration {
    let ms = std::env::var("JETON_TIMER_SCALE_MS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(1000);
    Duration::from_millis(n * ms)
}
