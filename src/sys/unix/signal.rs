//! Signals: the one process-wide handler of every signal a signal set watches, and the
//! self-pipe it wakes readers through.
//!
//! The handler is installed with `signal-hook-registry` (which chains any handler installed
//! before it) the first time a signal is watched, and stays installed. It runs no user code and
//! only makes async-signal-safe calls: when at least one signal set watches the signal it adds
//! one to the signal's pending count and writes one byte to the self-pipe; when none does, it
//! gives the signal the action it had before jeton watched it (the default action, through
//! `signal_hook::low_level::emulate_default_handler`, or nothing if it was ignored). Readers
//! (the signal sets' waits, in any context) watch duplicates of the pipe's read end, drain it
//! ([`drain`]), then take each signal's count ([`take_pending`]): a count taken after a drain
//! never misses a signal, because the handler counts before it writes.

use std::io;
use std::os::fd::{AsFd, AsRawFd, OwnedFd};
use std::sync::atomic::{AtomicBool, AtomicI32, AtomicUsize, Ordering};
use std::sync::{Mutex, OnceLock};

use super::descriptor;

/// One more than the largest signal number jeton handles (Linux's real-time signals end at 64).
pub(crate) const NSIG: usize = 65;

/// Per signal: occurrences not yet taken by a reader. Incremented by the handler.
static PENDING: [AtomicUsize; NSIG] = [const { AtomicUsize::new(0) }; NSIG];
/// Per signal: how many signal sets watch it. Read by the handler.
static WATCHERS: [AtomicUsize; NSIG] = [const { AtomicUsize::new(0) }; NSIG];
/// Per signal: whether its action was the default one before jeton's handler was installed.
static DEFAULT_BEFORE: [AtomicBool; NSIG] = [const { AtomicBool::new(false) }; NSIG];
/// The self-pipe's write end, as the handler reads it (-1 before the pipe exists).
static WAKE_WRITE: AtomicI32 = AtomicI32::new(-1);
/// The self-pipe: (read end, write end), made on first use, never closed.
static PIPE: OnceLock<(OwnedFd, OwnedFd)> = OnceLock::new();
/// Per signal: whether the handler is installed. Locked by `watch` only.
static INSTALLED: Mutex<[bool; NSIG]> = Mutex::new([false; NSIG]);

/// Common signal numbers, for [`SignalSet`](crate::signal::SignalSet).
pub(crate) mod numbers {
    pub use libc::{
        SIGALRM, SIGCHLD, SIGCONT, SIGHUP, SIGINT, SIGPIPE, SIGQUIT, SIGTERM, SIGTSTP, SIGUSR1,
        SIGUSR2, SIGWINCH,
    };
}

/// Returns the self-pipe, made on first use.
fn pipe() -> io::Result<&'static (OwnedFd, OwnedFd)> {
    if let Some(p) = PIPE.get() {
        return Ok(p);
    }
    let made = descriptor::pipe()?;
    let p = PIPE.get_or_init(|| made);
    WAKE_WRITE.store(p.1.as_raw_fd(), Ordering::SeqCst);
    Ok(p)
}

/// Checks that `signo` is a signal a set may watch.
///
/// # Errors
///
/// `InvalidInput` for a number out of range, or a signal that cannot be caught or must not be
/// (`SIGKILL`, `SIGSTOP`, `SIGILL`, `SIGFPE`, `SIGSEGV`).
pub(crate) fn check(signo: i32) -> io::Result<usize> {
    match usize::try_from(signo) {
        Ok(n) if n > 0 && n < NSIG && !signal_hook::consts::FORBIDDEN.contains(&signo) => Ok(n),
        _ => Err(io::Error::new(
            io::ErrorKind::InvalidInput,
            format!("signal {signo} cannot be waited for"),
        )),
    }
}

/// Returns whether the action of `signo` is the default one now.
fn is_default_now(signo: i32) -> io::Result<bool> {
    // SAFETY: `sigaction` is a plain C struct; all zeroes is a valid value to be overwritten.
    let mut old: libc::sigaction = unsafe { std::mem::zeroed() };
    // SAFETY: a null new action only reads the current one into `old`, a valid local.
    let rc = unsafe { libc::sigaction(signo, std::ptr::null(), &mut old) };
    if rc != 0 {
        return Err(io::Error::last_os_error());
    }
    Ok(old.sa_sigaction == libc::SIG_DFL)
}

/// The handler's action for `signo`: async-signal-safe (atomics and `write(2)` only).
fn on_signal(signo: i32, n: usize) {
    if WATCHERS[n].load(Ordering::SeqCst) == 0 {
        if DEFAULT_BEFORE[n].load(Ordering::SeqCst) {
            let _ = signal_hook::low_level::emulate_default_handler(signo);
        }
        return;
    }
    PENDING[n].fetch_add(1, Ordering::SeqCst);
    let fd = WAKE_WRITE.load(Ordering::SeqCst);
    if fd >= 0 {
        let byte = 0u8;
        // SAFETY: writes one byte from a valid local to the self-pipe, which is never closed.
        // A full pipe (EAGAIN) already holds a wake-up: the result may be ignored.
        unsafe { libc::write(fd, (&byte as *const u8).cast(), 1) };
    }
}

/// Starts watching `signo` for one more signal set: from now on it is counted and wakes the
/// self-pipe instead of taking its previous action.
///
/// # Errors
///
/// As [`check`], or the system's error when the pipe or the handler cannot be made.
pub(crate) fn watch(signo: i32) -> io::Result<()> {
    let n = check(signo)?;
    pipe()?;
    let mut installed = INSTALLED.lock().unwrap_or_else(|e| e.into_inner());
    WATCHERS[n].fetch_add(1, Ordering::SeqCst);
    if !installed[n] {
        let installing = is_default_now(signo).and_then(|default| {
            DEFAULT_BEFORE[n].store(default, Ordering::SeqCst);
            // SAFETY: the action only touches atomics and calls write(2) and, for a signal no
            // set watches, `emulate_default_handler`, all async-signal-safe; it never panics
            // (the index was checked) and never allocates.
            unsafe { signal_hook::low_level::register(signo, move || on_signal(signo, n)) }
        });
        if let Err(e) = installing {
            WATCHERS[n].fetch_sub(1, Ordering::SeqCst);
            return Err(e);
        }
        installed[n] = true;
    }
    Ok(())
}

/// Stops watching `signo` for one signal set (after a successful [`watch`]).
pub(crate) fn unwatch(signo: i32) {
    if let Ok(n) = check(signo) {
        let _ = WATCHERS[n].fetch_update(Ordering::SeqCst, Ordering::SeqCst, |w| w.checked_sub(1));
    }
}

/// Returns a new descriptor for the self-pipe's read end, to register with a reactor.
///
/// # Errors
///
/// The system's error (no descriptor left).
pub(crate) fn wake_fd() -> io::Result<OwnedFd> {
    descriptor::dup(pipe()?.0.as_fd())
}

/// Reads every byte in the self-pipe; returns whether there was any.
pub(crate) fn drain() -> bool {
    let Some((read, _)) = PIPE.get() else {
        return false;
    };
    let mut buf = [0u8; 64];
    let mut any = false;
    while let Ok(n) = descriptor::read(read, &mut buf) {
        if n == 0 {
            break;
        }
        any = true;
    }
    any
}

/// Takes the occurrences of signal `n` (a checked number) counted since the last call.
pub(crate) fn take_pending(n: usize) -> usize {
    PENDING[n].swap(0, Ordering::SeqCst)
}

/// Returns the name of `signo` (`"SIGINT"`), if it has one.
pub(crate) fn name(signo: i32) -> Option<&'static str> {
    signal_hook::low_level::signal_name(signo)
}
