//! Clocks a timer can measure its expiry with.

use std::time::{Duration, Instant, SystemTime};

use crate::runtime::Offset;

/// How far ahead an expiry that cannot be represented saturates to: about 100 years, later
/// than any deadline a program means (Asio saturates to the clock's largest time point; `Instant`
/// has no public maximum).
const FAR: Duration = Duration::from_secs(100 * 365 * 86_400);

/// A clock for [`BasicTimer`](super::BasicTimer): the monotonic [`Steady`] or the wall-clock
/// [`System`]. Sealed: jeton's timer queue knows how each represents its time points.
pub trait Clock: private::Sealed + Send + Sync + 'static {
    /// A point in time on this clock.
    type TimePoint: Copy + Send + std::fmt::Debug;

    /// The name of a timer on this clock in traces (`SteadyTimer`, `SystemTimer`). The
    /// default is `"timer"`.
    const NAME: &'static str = "timer";

    /// Returns the current time.
    fn now() -> Self::TimePoint;

    /// Returns `tp + d`, or the latest time point this clock can represent if that overflows.
    fn saturating_add(tp: Self::TimePoint, d: Duration) -> Self::TimePoint;

    /// Converts a point on this clock to the monotonic clock the timer queue uses, saturating
    /// to about 100 years from now for points beyond what `Instant` represents.
    fn to_instant(tp: Self::TimePoint) -> Instant;

    /// Converts a monotonic instant to a point on this clock.
    fn from_instant(i: Instant) -> Self::TimePoint;

    /// Returns `tp` exactly, as signed whole seconds and nanoseconds (`0..10^9`) from a fixed
    /// origin of this clock, given `instant`: `tp` on the monotonic clock, in the same form
    /// from the timer queue's origin (free for [`Steady`], whose points are those instants). A
    /// timer keeps its expiry so, to return it from [`expiry`](super::BasicTimer::expiry)
    /// unchanged and without a lock.
    fn to_parts(tp: Self::TimePoint, instant: (i64, u32)) -> (i64, u32);

    /// The inverse of [`to_parts`](Clock::to_parts).
    fn from_parts(parts: (i64, u32)) -> Self::TimePoint;
}

fn offset((secs, nanos): (i64, u32)) -> Offset {
    Offset { secs, nanos }
}

/// Returns `i + d`, saturating to [`FAR`] from `i` (or `i` itself if even that overflows).
fn instant_add(i: Instant, d: Duration) -> Instant {
    i.checked_add(d).or_else(|| i.checked_add(FAR)).unwrap_or(i)
}

/// The monotonic clock (`std::time::Instant`), for [`SteadyTimer`](super::SteadyTimer).
#[derive(Clone, Copy, Debug)]
pub struct Steady;

impl Clock for Steady {
    const NAME: &'static str = "SteadyTimer";
    type TimePoint = Instant;
    fn now() -> Instant {
        Instant::now()
    }
    fn saturating_add(tp: Instant, d: Duration) -> Instant {
        instant_add(tp, d)
    }
    fn to_instant(tp: Instant) -> Instant {
        tp
    }
    fn from_instant(i: Instant) -> Instant {
        i
    }
    fn to_parts(_: Instant, instant: (i64, u32)) -> (i64, u32) {
        instant
    }
    fn from_parts(parts: (i64, u32)) -> Instant {
        offset(parts).instant()
    }
}

/// The wall clock (`std::time::SystemTime`), for [`SystemTimer`](super::SystemTimer). An expiry
/// is converted to the monotonic clock when set: later changes to the wall clock do not move it.
#[derive(Clone, Copy, Debug)]
pub struct System;

impl Clock for System {
    const NAME: &'static str = "SystemTimer";
    type TimePoint = SystemTime;
    fn now() -> SystemTime {
        SystemTime::now()
    }
    fn saturating_add(tp: SystemTime, d: Duration) -> SystemTime {
        tp.checked_add(d)
            .or_else(|| tp.checked_add(FAR))
            .unwrap_or(tp)
    }
    fn to_instant(tp: SystemTime) -> Instant {
        let (now_s, now_i) = (SystemTime::now(), Instant::now());
        match tp.duration_since(now_s) {
            Ok(ahead) => instant_add(now_i, ahead),
            Err(behind) => now_i.checked_sub(behind.duration()).unwrap_or(now_i),
        }
    }
    fn from_instant(i: Instant) -> SystemTime {
        let (now_s, now_i) = (SystemTime::now(), Instant::now());
        if i >= now_i {
            System::saturating_add(now_s, i - now_i)
        } else {
            now_s
                .checked_sub(now_i - i)
                .unwrap_or(SystemTime::UNIX_EPOCH)
        }
    }
    fn to_parts(tp: SystemTime, _: (i64, u32)) -> (i64, u32) {
        let since = tp.duration_since(SystemTime::UNIX_EPOCH);
        let o = Offset::from_signed(since.map_err(|e| e.duration()));
        (o.secs, o.nanos)
    }
    fn from_parts(parts: (i64, u32)) -> SystemTime {
        match offset(parts).signed() {
            Ok(d) => SystemTime::UNIX_EPOCH.checked_add(d),
            Err(d) => SystemTime::UNIX_EPOCH.checked_sub(d),
        }
        .expect("parts made by to_parts name a time point")
    }
}

mod private {
    /// Keeps [`Clock`](super::Clock) to the clocks defined here.
    pub trait Sealed {}
    impl Sealed for super::Steady {}
    impl Sealed for super::System {}
}
