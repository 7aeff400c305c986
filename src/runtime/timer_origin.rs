//! The process-wide origin of timer deadlines, and an instant as an exact offset from it.
//!
//! Every timer queue measures its wheel's deadlines from [`origin`], and a steady timer keeps
//! its exact expiry as an [`Offset`] from it: the one conversion of an expiry to numbers serves
//! both, in the `expires_at` call.

use std::sync::OnceLock;
use std::time::{Duration, Instant};

const NANOS_PER_SEC: u32 = 1_000_000_000;

/// Returns the origin: the instant of the first call in the process (so never ahead of any
/// later clock reading).
#[inline]
pub(crate) fn origin() -> Instant {
    static ORIGIN: OnceLock<Instant> = OnceLock::new();
    *ORIGIN.get_or_init(Instant::now)
}

/// An instant as a signed offset from [`origin`]: `secs * 10^9 + nanos` nanoseconds, with
/// `nanos < 10^9` (negative seconds before the origin). Exact, for any instant within about
/// 292 billion years of the origin.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct Offset {
    pub(crate) secs: i64,
    pub(crate) nanos: u32,
}

impl Offset {
    /// Returns the offset of `i`.
    #[inline]
    pub(crate) fn of(i: Instant) -> Offset {
        let origin = origin();
        Offset::from_signed(i.checked_duration_since(origin).ok_or_else(|| origin - i))
    }

    /// Returns the instant this offset names.
    pub(crate) fn instant(self) -> Instant {
        match self.signed() {
            Ok(d) => origin() + d,
            Err(d) => origin() - d,
        }
    }

    /// The offset of a duration after (`Ok`) or before (`Err`) an origin (saturating beyond
    /// `i64::MAX` seconds).
    #[inline]
    pub(crate) fn from_signed(d: Result<Duration, Duration>) -> Offset {
        match d {
            Ok(d) => Offset {
                secs: i64::try_from(d.as_secs()).unwrap_or(i64::MAX),
                nanos: d.subsec_nanos(),
            },
            Err(d) => {
                let secs = -i64::try_from(d.as_secs()).unwrap_or(i64::MAX);
                match d.subsec_nanos() {
                    0 => Offset { secs, nanos: 0 },
                    n => Offset {
                        secs: secs - 1,
                        nanos: NANOS_PER_SEC - n,
                    },
                }
            }
        }
    }

    /// The inverse of [`Offset::from_signed`].
    pub(crate) fn signed(self) -> Result<Duration, Duration> {
        if self.secs >= 0 {
            Ok(Duration::new(self.secs as u64, self.nanos))
        } else {
            let whole = Duration::from_secs(self.secs.unsigned_abs());
            Err(whole - Duration::from_nanos(self.nanos.into()))
        }
    }

    /// Returns the nanoseconds since the origin, 0 for an instant before it and saturating
    /// (the wheel's deadlines).
    #[inline]
    pub(crate) fn wheel_nanos(self) -> u64 {
        if self.secs < 0 {
            return 0;
        }
        (self.secs as u64)
            .saturating_mul(u64::from(NANOS_PER_SEC))
            .saturating_add(u64::from(self.nanos))
    }
}

#[cfg(test)]
mod tests {
    use super::{origin, Offset};
    use std::time::Duration;

    #[test]
    fn offsets_name_their_instant_exactly_on_both_sides_of_the_origin() {
        let o = origin();
        let later = o + Duration::new(5, 7);
        for i in [o, later, later + Duration::from_secs(3600)] {
            assert_eq!(Offset::of(i).instant(), i);
        }
        assert_eq!(Offset::of(later).wheel_nanos(), 5_000_000_007);
        // Before the origin (when the clock allows it).
        for d in [
            Duration::new(0, 1),
            Duration::new(2, 0),
            Duration::new(3, 999_999_999),
        ] {
            if let Some(i) = o.checked_sub(d) {
                let off = Offset::of(i);
                assert!(off.secs < 0 && off.nanos < 1_000_000_000, "{off:?}");
                assert_eq!(off.instant(), i);
                assert_eq!(off.wheel_nanos(), 0);
            }
        }
    }
}
