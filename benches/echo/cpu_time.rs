//! CPU time consumed by a process, from /proc.
//!
//! Prefers the sum of `/proc/<pid>/task/*/schedstat` (ns on CPU, per live
//! thread); falls back to utime+stime from `/proc/<pid>/stat` (clock ticks).
//! Threads that exited are missing from the schedstat sum, so sample while
//! the connections (and their threads) are still alive.

use std::fs;
use std::io::{self, ErrorKind};

/// Total CPU time of process `pid` in nanoseconds.
pub fn process_cpu_ns(pid: u32) -> io::Result<u64> {
    schedstat_ns(pid).or_else(|_| stat_ns(pid))
}

fn schedstat_ns(pid: u32) -> io::Result<u64> {
    let mut total = 0;
    for task in fs::read_dir(format!("/proc/{pid}/task"))? {
        let path = task?.path().join("schedstat");
        match fs::read_to_string(&path) {
            Ok(text) => total += first_field(&text)?,
            // The thread exited between listing and reading.
            Err(e) if e.kind() == ErrorKind::NotFound => {}
            Err(e) => return Err(e),
        }
    }
    Ok(total)
}

fn first_field(text: &str) -> io::Result<u64> {
    text.split_whitespace()
        .next()
        .and_then(|f| f.parse().ok())
        .ok_or_else(|| io::Error::new(ErrorKind::InvalidData, "bad schedstat"))
}

fn stat_ns(pid: u32) -> io::Result<u64> {
    let text = fs::read_to_string(format!("/proc/{pid}/stat"))?;
    let bad = || io::Error::new(ErrorKind::InvalidData, "bad /proc/<pid>/stat");
    // Fields after the parenthesised comm start at field 3 (state); utime
    // and stime are fields 14 and 15.
    let rest = &text[text.rfind(')').ok_or_else(bad)? + 1..];
    let fields: Vec<&str> = rest.split_whitespace().collect();
    let ticks = |i: usize| fields.get(i).and_then(|f| f.parse::<u64>().ok());
    let total = ticks(11).zip(ticks(12)).ok_or_else(bad)?;
    Ok((total.0 + total.1) * 1_000_000_000 / clock_ticks_per_sec())
}

fn clock_ticks_per_sec() -> u64 {
    // SAFETY: sysconf has no memory-safety preconditions.
    let hz = unsafe { libc::sysconf(libc::_SC_CLK_TCK) };
    if hz > 0 {
        hz as u64
    } else {
        100
    }
}
