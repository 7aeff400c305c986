//! Wall-clock and on-CPU time of a measured section. The machine may be shared: on-CPU time
//! (from /proc/thread-self/schedstat) shows how much of the wall time this thread really ran.

use std::time::{Duration, Instant};

/// Both clocks of one measurement.
#[derive(Clone, Copy, Debug)]
pub struct Timing {
    pub wall: Duration,
    /// `None` where schedstat is unavailable.
    pub cpu: Option<Duration>,
}

/// A running measurement, started by [`Stopwatch::start`].
#[derive(Debug)]
pub struct Stopwatch {
    wall: Instant,
    cpu: Option<Duration>,
}

impl Stopwatch {
    pub fn start() -> Stopwatch {
        let cpu = thread_cpu();
        Stopwatch {
            wall: Instant::now(),
            cpu,
        }
    }

    pub fn stop(&self) -> Timing {
        let wall = self.wall.elapsed();
        let cpu = match (self.cpu, thread_cpu()) {
            (Some(a), Some(b)) => Some(b.saturating_sub(a)),
            _ => None,
        };
        Timing { wall, cpu }
    }
}

/// On-CPU time of the calling thread so far.
fn thread_cpu() -> Option<Duration> {
    let text = std::fs::read_to_string("/proc/thread-self/schedstat").ok()?;
    let ns = text.split_whitespace().next()?.parse().ok()?;
    Some(Duration::from_nanos(ns))
}
