//! CPU pinning with sched_{get,set}affinity.

use std::io;

/// CPUs the calling thread may run on, in ascending order.
pub fn allowed_cpus() -> io::Result<Vec<usize>> {
    let set = get_affinity()?;
    let max = 8 * std::mem::size_of::<libc::cpu_set_t>();
    // SAFETY: `cpu < max` is within the bounds of the set; CPU_ISSET only
    // reads the bitmask.
    Ok((0..max)
        .filter(|&cpu| unsafe { libc::CPU_ISSET(cpu, &set) })
        .collect())
}

/// Restricts the calling thread (and threads it spawns later) to `cpus`.
pub fn pin_current_thread(cpus: &[usize]) -> io::Result<()> {
    let mut set = empty_set();
    for &cpu in cpus {
        // SAFETY: CPU_SET only writes a bit in `set`; out-of-range CPUs are
        // ignored by libc's implementation (it checks against the set size).
        unsafe { libc::CPU_SET(cpu, &mut set) };
    }
    // SAFETY: `set` is a valid cpu_set_t of the size we pass; pid 0 means
    // the calling thread.
    let rc = unsafe { libc::sched_setaffinity(0, std::mem::size_of_val(&set), &set) };
    if rc == 0 {
        Ok(())
    } else {
        Err(io::Error::last_os_error())
    }
}

fn get_affinity() -> io::Result<libc::cpu_set_t> {
    let mut set = empty_set();
    // SAFETY: `set` is a valid, writable cpu_set_t of the size we pass; pid 0
    // means the calling thread.
    let rc = unsafe { libc::sched_getaffinity(0, std::mem::size_of_val(&set), &mut set) };
    if rc == 0 {
        Ok(set)
    } else {
        Err(io::Error::last_os_error())
    }
}

fn empty_set() -> libc::cpu_set_t {
    // SAFETY: cpu_set_t is a plain bitmask; all-zero is the empty set
    // (exactly what CPU_ZERO produces).
    unsafe { std::mem::zeroed() }
}
