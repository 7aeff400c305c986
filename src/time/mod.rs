//! Timers: `SteadyTimer` and `SystemTimer`.

mod cancel_after_timer;
mod clock;
mod timer;

pub use cancel_after_timer::cancel_after_timer;
pub use clock::{Clock, Steady, System};
pub use timer::{BasicTimer, SteadyTimer, SystemTimer, TimerWait};
