//! Clocks a timer can measure its expiry with.

use std::time::{Instant, SystemTime};

/// A clock for [`BasicTimer`](super::BasicTimer): the monotonic [`Steady`] or the wall-clock
/// [`System`]. Sealed.
pub trait Clock: Send + Sync + 'static {
    /// A point in time on this clock.
    type TimePoint: Copy + Send + std::fmt::Debug;

    /// Returns the current time.
    fn now() -> Self::TimePoint;

    /// Converts a point on this clock to the monotonic clock the timer queue uses.
    fn to_instant(tp: Self::TimePoint) -> Instant;

    /// Converts a monotonic instant to a point on this clock.
    fn from_instant(i: Instant) -> Self::TimePoint;
}

/// The monotonic clock (`std::time::Instant`), for [`SteadyTimer`](super::SteadyTimer).
#[derive(Clone, Copy, Debug)]
pub struct Steady;

impl Clock for Steady {
    type TimePoint = Instant;
    fn now() -> Instant {
        Instant::now()
    }
    fn to_instant(tp: Instant) -> Instant {
        tp
    }
    fn from_instant(i: Instant) -> Instant {
        i
    }
}

/// The wall clock (`std::time::SystemTime`), for [`SystemTimer`](super::SystemTimer). An expiry
/// is converted to the monotonic clock when set: later changes to the wall clock do not move it.
#[derive(Clone, Copy, Debug)]
pub struct System;

impl Clock for System {
    type TimePoint = SystemTime;
    fn now() -> SystemTime {
        SystemTime::now()
    }
    fn to_instant(tp: SystemTime) -> Instant {
        let (now_s, now_i) = (SystemTime::now(), Instant::now());
        match tp.duration_since(now_s) {
            Ok(ahead) => now_i + ahead,
            Err(behind) => now_i.checked_sub(behind.duration()).unwrap_or(now_i),
        }
    }
    fn from_instant(i: Instant) -> SystemTime {
        let (now_s, now_i) = (SystemTime::now(), Instant::now());
        if i >= now_i {
            now_s + (i - now_i)
        } else {
            now_s - (now_i - i)
        }
    }
}
