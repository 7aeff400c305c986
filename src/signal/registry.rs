//! The process-wide registry of signal sets: for each signal number, the sets that watch
//! it, and the delivery of what the signal handler counted to each of them.
//!
//! Whoever drains the self-pipe (a wait of any set, on any context or a blocking call)
//! delivers every signal that arrived to every set watching it, under the registry's lock, so
//! that each set is told once per occurrence. Adding or removing a signal delivers first, so
//! a signal goes to the sets that watched it when it arrived.

use std::io;
use std::sync::{Arc, Mutex, MutexGuard, Weak};

use super::state::SetState;
use crate::sys::signal::{self, NSIG};

/// Per signal number, the sets that watch it.
static REGISTRY: Mutex<Vec<Vec<Weak<SetState>>>> = Mutex::new(Vec::new());

fn lock() -> MutexGuard<'static, Vec<Vec<Weak<SetState>>>> {
    let mut reg = REGISTRY.lock().unwrap_or_else(|e| e.into_inner());
    if reg.is_empty() {
        reg.resize_with(NSIG, Vec::new);
    }
    reg
}

/// Drains the self-pipe and delivers every signal counted since the last delivery, in
/// ascending signal number, to the sets watching it. Returns whether anything was there.
fn deliver_locked(reg: &[Vec<Weak<SetState>>]) -> bool {
    let mut any = signal::drain();
    for (n, sets) in reg.iter().enumerate().skip(1) {
        let count = signal::take_pending(n);
        if count == 0 {
            continue;
        }
        any = true;
        let signo = n as i32; // n < NSIG
        for set in sets.iter().filter_map(Weak::upgrade) {
            set.deliver(signo, count);
        }
    }
    any
}

/// Delivers what arrived (see [`deliver_locked`]).
///
/// # Errors
///
/// `WouldBlock` if nothing was there: the caller waits for the self-pipe.
pub(super) fn deliver() -> io::Result<()> {
    if deliver_locked(&lock()) {
        Ok(())
    } else {
        Err(io::ErrorKind::WouldBlock.into())
    }
}

/// Makes `set` watch `signo`; a signal it watches already is left as it is.
///
/// # Errors
///
/// `InvalidInput` for a signal that cannot be waited for, or the system's error.
pub(super) fn add(set: &Arc<SetState>, signo: i32) -> io::Result<()> {
    let n = signal::check(signo)?;
    let mut reg = lock();
    deliver_locked(&reg);
    if set.lock().signals.contains(&signo) {
        return Ok(());
    }
    signal::watch(signo)?;
    reg[n].push(Arc::downgrade(set));
    set.lock().signals.insert(signo);
    Ok(())
}

/// Makes `set` stop watching `signo`, discarding its queued notifications of it.
///
/// # Errors
///
/// `InvalidInput` for a number no set can watch.
pub(super) fn remove(set: &Arc<SetState>, signo: i32) -> io::Result<()> {
    let n = signal::check(signo)?;
    let mut reg = lock();
    deliver_locked(&reg);
    remove_locked(&mut reg, set, n, signo);
    Ok(())
}

/// Makes `set` watch no signal, discarding every queued notification.
pub(super) fn clear(set: &Arc<SetState>) {
    let mut reg = lock();
    deliver_locked(&reg);
    let signals: Vec<i32> = set.lock().signals.iter().copied().collect();
    for signo in signals {
        if let Ok(n) = signal::check(signo) {
            remove_locked(&mut reg, set, n, signo);
        }
    }
}

fn remove_locked(reg: &mut [Vec<Weak<SetState>>], set: &Arc<SetState>, n: usize, signo: i32) {
    let mut inner = set.lock();
    if !inner.signals.remove(&signo) {
        return;
    }
    inner.queued.remove(&signo);
    drop(inner);
    let me = Arc::as_ptr(set);
    reg[n].retain(|w| w.as_ptr() != me && w.strong_count() > 0);
    signal::unwatch(signo);
}
