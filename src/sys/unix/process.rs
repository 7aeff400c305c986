//! Child processes: a pidfd (a descriptor that becomes readable when the process exits) where
//! the kernel has them, and sending signals, through `rustix::process`.

use std::io;
use std::os::fd::{AsFd, OwnedFd};

use rustix::process::{Pid, PidfdFlags, Signal};

/// `SIGKILL`, sent by `Child::kill` (no signal set can watch it).
pub(crate) const SIGKILL: i32 = libc::SIGKILL;

/// Opens a pidfd for the child `pid` (`pidfd_open(2)`, Linux 5.3 and later).
///
/// # Errors
///
/// `ENOSYS` where the kernel has no pidfds (the caller falls back to `SIGCHLD`), or the
/// system's error.
#[cfg(any(target_os = "linux", target_os = "android"))]
pub(crate) fn pidfd_open(pid: u32) -> io::Result<OwnedFd> {
    let pid = i32::try_from(pid)
        .ok()
        .and_then(Pid::from_raw)
        .ok_or_else(|| io::Error::from(io::ErrorKind::InvalidInput))?;
    Ok(rustix::process::pidfd_open(pid, PidfdFlags::NONBLOCK)?)
}

/// Where the system has no pidfds: always `Unsupported` (the caller uses `SIGCHLD`).
#[cfg(not(any(target_os = "linux", target_os = "android")))]
pub(crate) fn pidfd_open(_pid: u32) -> io::Result<OwnedFd> {
    Err(io::Error::from(io::ErrorKind::Unsupported))
}

/// Sends `signo` to the process of `pidfd` (`pidfd_send_signal(2)`): no race with the reuse
/// of its process id.
pub(crate) fn pidfd_send_signal(pidfd: impl AsFd, signo: i32) -> io::Result<()> {
    let sig = signal_from(signo)?;
    Ok(rustix::process::pidfd_send_signal(pidfd, sig)?)
}

/// Sends `signo` to the process `pid` (`kill(2)`), for a child not yet reaped.
pub(crate) fn kill(pid: u32, signo: i32) -> io::Result<()> {
    let sig = signal_from(signo)?;
    let pid = i32::try_from(pid)
        .ok()
        .and_then(Pid::from_raw)
        .ok_or_else(|| io::Error::from(io::ErrorKind::InvalidInput))?;
    Ok(rustix::process::kill_process(pid, sig)?)
}

fn signal_from(signo: i32) -> io::Result<Signal> {
    Signal::from_named_raw(signo).ok_or_else(|| {
        io::Error::new(
            io::ErrorKind::InvalidInput,
            format!("{signo} is not a signal number"),
        )
    })
}
