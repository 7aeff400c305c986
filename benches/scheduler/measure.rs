//! What one contestant's run of a timer scenario measures.

use std::time::Duration;

use crate::lateness::Percentiles;

/// The timers-fire scenario: `n` timers with deadlines spread over the next second.
#[derive(Clone, Copy, Debug)]
pub struct Fire {
    /// The loop of initiating calls (create, set expiry, wait).
    pub initiate: Duration,
    /// Until every wait has been polled once, i.e. is in the timer queue.
    pub armed: Duration,
    /// Until the last handler ran.
    pub total: Duration,
    pub late: Percentiles,
}

/// The timers-cancel scenario: `n` timers 10 s out, each with one waiter, each cancelled.
#[derive(Clone, Copy, Debug)]
pub struct Cancel {
    /// The loop of initiating calls.
    pub initiate: Duration,
    /// The first poll of every wait (enters the timer queue).
    pub arm: Duration,
    /// The loop of cancel calls.
    pub cancel: Duration,
    /// Running the aborted handlers until the last one ran.
    pub deliver: Duration,
}

impl Cancel {
    /// Schedule + cancel, from the first initiating call to the last aborted handler.
    pub fn total(&self) -> Duration {
        self.initiate + self.arm + self.cancel + self.deliver
    }
}

/// The due-backlog scenario: `n` timers 2 s out whose deadlines (spread over 100 ms) have all
/// passed when the context starts running.
#[derive(Clone, Copy, Debug)]
pub struct Backlog {
    /// The loop of initiating calls.
    pub initiate: Duration,
    /// Running every handler: firing a backlog of due timers in deadline order.
    pub fire: Duration,
}
