//! Helpers of the timer tests (`time_timer.rs`, `time_waits.rs`): a log of wait outcomes by id.

#![allow(dead_code)]

use std::io;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use jeton::{error, IoContext, SteadyTimer};

/// Outcomes of closure-token waits, by the id each was started with, in completion order.
pub type Log = Arc<Mutex<Vec<(usize, io::Result<()>)>>>;

/// Starts a closure-token wait on `timer` that records its outcome in `log` under `id`.
pub fn log_wait(timer: &SteadyTimer, log: &Log, id: usize) {
    let log = log.clone();
    timer.async_wait(move |r: io::Result<()>| log.lock().unwrap().push((id, r)));
}

/// Returns whether a wait ended with the aborted error.
pub fn aborted(r: &io::Result<()>) -> bool {
    r.as_ref().is_err_and(error::is_aborted)
}

/// Returns a timer on `io` expiring `d` from now, with `n` logged waits (ids `0..n`) started.
pub fn waited_timer(io: &IoContext, d: Duration, n: usize) -> (SteadyTimer, Log) {
    let log = Log::default();
    let timer = SteadyTimer::with_duration(&io.executor(), d);
    for i in 0..n {
        log_wait(&timer, &log, i);
    }
    (timer, log)
}
