//! `asio-callback` and `asio-coroutine` styles: the C++ Asio peers of `benches/asio/`
//! (`echo_callback.cpp`, `echo_coroutine.cpp`). The child has bound the listeners, reported
//! the port and been pinned; it then execs the peer with the listeners' descriptors (pinning
//! and the parent-death signal survive exec), so the peer is measured as the same process.
//! The driver builds the peers before the first measurement (see `runner.rs`); here they are
//! found in the cache.

use crate::servers::{fail, Listeners};
use std::os::fd::AsRawFd;
use std::os::unix::process::CommandExt;
use std::process::Command;

/// The C++ source (`benches/asio/NAME.cpp`) of an `asio-` style.
pub fn source(peer: &str) -> Option<&'static str> {
    match peer {
        "callback" => Some("echo_callback"),
        "coroutine" => Some("echo_coroutine"),
        _ => None,
    }
}

/// Replaces this process with the peer `peer` serving on `listeners`.
pub fn exec(peer: &str, listeners: Listeners) -> ! {
    let name = source(peer).unwrap_or_else(|| fail("style", format!("no asio peer {peer:?}")));
    let bin = crate::cxx::binary(name).unwrap_or_else(|e| fail("asio peer", e));
    let fds: Vec<String> = listeners
        .list
        .iter()
        .map(|l| {
            let fd = l.as_raw_fd();
            // SAFETY: `fd` is an open descriptor owned by `l`, alive until exec; F_SETFD with
            // 0 only clears its close-on-exec flag, so the peer inherits it.
            if unsafe { libc::fcntl(fd, libc::F_SETFD, 0) } != 0 {
                fail("fcntl", std::io::Error::last_os_error());
            }
            fd.to_string()
        })
        .collect();
    let err = Command::new(&bin)
        .args(["--fds", &fds.join(","), "--threads"])
        .arg(listeners.threads.to_string())
        .exec();
    fail("exec asio peer", format!("{}: {err}", bin.display()))
}
