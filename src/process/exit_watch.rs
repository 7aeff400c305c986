//! `ExitWatch`: how a child's exit is watched, shared by the `Child` and its pending waits: a
//! pidfd registered with the reactor where the kernel has them, `SIGCHLD` through a
//! `SignalSet` otherwise.

use std::io;
use std::os::fd::OwnedFd;
use std::process::{self, ExitStatus};
use std::sync::{Mutex, MutexGuard};

use crate::executor::Executor;
use crate::op::io_source::IoSource;
use crate::signal::{SignalSet, SIGCHLD};
use crate::sys;

/// What tells a wait that the child may have exited.
#[derive(Debug)]
pub(super) enum Watch {
    /// A pidfd: readable once the child has exited.
    Pidfd(IoSource<OwnedFd>),
    /// `SIGCHLD`, made before the child was spawned, so none is missed.
    Sigchld(SignalSet),
}

/// The child process and how its exit is watched.
#[derive(Debug)]
pub(super) struct ExitWatch {
    /// The standard library's handle: `try_wait` reaps the child once and keeps its status.
    /// Locked for one `try_wait` or one signal sent.
    child: Mutex<process::Child>,
    pub(super) watch: Watch,
    pub(super) ex: Executor,
}

impl ExitWatch {
    /// Watches `child` with a pidfd if the kernel has them, else with `sigchld` (which the
    /// caller made before spawning it, or makes now).
    pub(super) fn new(
        ex: &Executor,
        child: process::Child,
        sigchld: Option<SignalSet>,
    ) -> io::Result<ExitWatch> {
        let watch = match sigchld {
            Some(set) => Watch::Sigchld(set),
            None => match sys::pidfd_open(child.id()) {
                Ok(fd) => Watch::Pidfd(IoSource::new(ex, fd)?),
                Err(_) => Watch::Sigchld(SignalSet::new(ex, &[SIGCHLD])?),
            },
        };
        Ok(ExitWatch {
            child: Mutex::new(child),
            watch,
            ex: ex.clone(),
        })
    }

    /// A `SIGCHLD` set to make before spawning a child watched without a pidfd.
    pub(super) fn sigchld_set(ex: &Executor) -> io::Result<SignalSet> {
        SignalSet::new(ex, &[SIGCHLD])
    }

    pub(super) fn lock(&self) -> MutexGuard<'_, process::Child> {
        self.child.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// Reaps the child if it has exited: its status (kept once reaped), or `WouldBlock`.
    pub(super) fn try_reap(&self) -> io::Result<ExitStatus> {
        self.lock()
            .try_wait()?
            .ok_or_else(|| io::ErrorKind::WouldBlock.into())
    }

    /// Sends `signo` to the child, unless it has been reaped (its id may have been reused).
    pub(super) fn signal(&self, signo: i32) -> io::Result<()> {
        let mut child = self.lock();
        if child.try_wait()?.is_some() {
            return Err(io::Error::new(
                io::ErrorKind::InvalidInput,
                "the child process has exited",
            ));
        }
        match &self.watch {
            Watch::Pidfd(src) => src.with(|fd| sys::pidfd_send_signal(fd, signo)),
            Watch::Sigchld(_) => sys::kill(child.id(), signo),
        }
    }

    /// Completes every pending wait with the aborted error.
    pub(super) fn cancel(&self) {
        match &self.watch {
            Watch::Pidfd(src) => src.cancel(),
            Watch::Sigchld(set) => set.cancel(),
        }
    }

    /// Ends the watch (the `Child` was dropped): pending waits complete aborted.
    pub(super) fn close(&self) {
        match &self.watch {
            Watch::Pidfd(src) => drop(src.close()),
            Watch::Sigchld(set) => set.close(),
        }
    }
}
