//! `wait`: one `poll(2)` over a blocking call's descriptors, its notifier and its deadline.

use std::io;
use std::os::fd::{AsRawFd, RawFd};
use std::time::Instant;

use super::interest::Interest;
use super::notifier::Notifier;

/// Waits until one of `fds` is ready, `notifier` (if any) is signalled, or `deadline` passes;
/// returns how many descriptors are ready (0: the deadline passed).
pub(crate) fn wait(
    fds: &[(RawFd, Interest)],
    notifier: Option<&Notifier>,
    deadline: Option<Instant>,
) -> io::Result<usize> {
    // On the stack for the usual few descriptors: a blocking wait allocates nothing.
    const INLINE: usize = 8;
    let mut inline = [libc::pollfd {
        fd: -1,
        events: 0,
        revents: 0,
    }; INLINE];
    let mut heap = Vec::new();
    let pollfds: &mut [libc::pollfd] = if fds.len() < INLINE {
        &mut inline[..fds.len() + 1]
    } else {
        heap.resize(
            fds.len() + 1,
            libc::pollfd {
                fd: -1,
                events: 0,
                revents: 0,
            },
        );
        &mut heap
    };
    for (slot, &(fd, interest)) in pollfds.iter_mut().zip(fds) {
        *slot = libc::pollfd {
            fd,
            events: interest.poll_events(),
            revents: 0,
        };
    }
    // A negative descriptor is ignored by poll(2): no notifier, no slot.
    pollfds[fds.len()] = libc::pollfd {
        fd: notifier.map_or(-1, |n| n.fd().as_raw_fd()),
        events: libc::POLLIN,
        revents: 0,
    };
    loop {
        let timeout = match deadline {
            None => -1,
            Some(d) => {
                let left = d.saturating_duration_since(Instant::now());
                // Round up so a wait never returns before the deadline.
                let ms = left.as_nanos().div_ceil(1_000_000);
                ms.min(i32::MAX as u128) as i32
            }
        };
        // SAFETY: `pollfds` is a valid, initialised slice for the duration of the call.
        let rc =
            unsafe { libc::poll(pollfds.as_mut_ptr(), pollfds.len() as libc::nfds_t, timeout) };
        if rc >= 0 {
            return Ok(rc as usize);
        }
        let err = io::Error::last_os_error();
        if err.kind() != io::ErrorKind::Interrupted {
            return Err(err);
        }
    }
}
