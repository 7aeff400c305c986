//! Timer lateness samples (time from deadline to handler) and the deadlines to use.

use std::cell::RefCell;
use std::time::{Duration, Instant};

thread_local! {
    static SAMPLES: RefCell<Vec<u64>> = const { RefCell::new(Vec::new()) };
    static MARK: std::cell::Cell<Option<Instant>> = const { std::cell::Cell::new(None) };
}

/// Clears the samples and reserves room for `n`; clears the mark.
pub fn reset(n: usize) {
    SAMPLES.with(|s| {
        let mut s = s.borrow_mut();
        s.clear();
        s.reserve(n);
    });
    MARK.with(|m| m.set(None));
}

/// Records how late a handler for `deadline` runs.
#[inline]
pub fn record(deadline: Instant) {
    let late = Instant::now()
        .saturating_duration_since(deadline)
        .as_nanos() as u64;
    SAMPLES.with(|s| s.borrow_mut().push(late));
}

/// Records the time all initial tasks have been polled once (run by a marker handler).
pub fn mark() {
    MARK.with(|m| m.set(Some(Instant::now())));
}

/// Returns the marked time.
pub fn marked() -> Instant {
    MARK.with(|m| m.get()).expect("marker handler ran")
}

/// Lateness percentiles of one run.
#[derive(Clone, Copy, Debug)]
pub struct Percentiles {
    pub p50: Duration,
    pub p99: Duration,
    pub max: Duration,
}

/// Takes the samples, checks there are `n`, and returns their percentiles.
pub fn percentiles(who: &str, n: usize) -> Percentiles {
    let mut v = SAMPLES.with(|s| std::mem::take(&mut *s.borrow_mut()));
    assert_eq!(
        v.len(),
        n,
        "{who} fire: {} timers fired, expected {n}",
        v.len()
    );
    v.sort_unstable();
    let at = |q: usize| Duration::from_nanos(v[(v.len() * q / 100).min(v.len() - 1)]);
    Percentiles {
        p50: at(50),
        p99: at(99),
        max: Duration::from_nanos(*v.last().expect("at least one timer")),
    }
}

/// `n` deadline offsets, uniform over [0, 1 s), in a pseudo-random order (xorshift), the same
/// for every contestant.
pub fn offsets(n: usize) -> Vec<Duration> {
    let mut x: u64 = 0x9E37_79B9_7F4A_7C15;
    (0..n)
        .map(|_| {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            Duration::from_nanos(x % 1_000_000_000)
        })
        .collect()
}

/// When the backlog scenario's deadlines start, after its first initiating call, and when
/// every one of them has passed (they spread over 100 ms from the start). Far enough ahead
/// that none passes while tokio's tasks make their first polls (about 1 s for 1 M): its
/// driver would fire those during the initiation, outside the timed phase.
pub const BACKLOG_AHEAD: Duration = Duration::from_secs(2);
pub const BACKLOG_ALL_DUE: Duration = Duration::from_millis(2_100);

/// The backlog scenario's offsets from `BACKLOG_AHEAD`: [`offsets`] scaled to 100 ms.
pub fn backlog_offsets(n: usize) -> Vec<Duration> {
    offsets(n).into_iter().map(|d| d / 10).collect()
}
