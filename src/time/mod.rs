//! Timers: `SteadyTimer` and `SystemTimer`.

mod clock;
mod timer;

pub use clock::{Clock, Steady, System};
pub use timer::{BasicTimer, SteadyTimer, SystemTimer, TimerWait};
