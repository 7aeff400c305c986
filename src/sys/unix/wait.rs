//! `wait`: one `poll(2)` over a blocking call's descriptors, its notifier and its deadline.

use std::io;
use std::os::fd::{BorrowedFd, RawFd};
use std::time::Instant;

use rustix::event::{PollFd, PollFlags, Timespec};

use super::interest::Interest;
use super::notifier::Notifier;

/// Waits until one of `fds` is ready, `notifier` (if any) is signalled, or `deadline` passes;
/// returns how many descriptors are ready (0: the deadline passed).
pub(crate) fn wait(
    fds: &[(RawFd, Interest)],
    notifier: Option<&Notifier>,
    deadline: Option<Instant>,
) -> io::Result<usize> {
    let total = fds.len() + usize::from(notifier.is_some());
    // Slot `i`: the descriptors in order, then the notifier.
    let slot = |i: usize| -> PollFd<'_> {
        match fds.get(i) {
            Some(&(fd, interest)) => PollFd::from_borrowed_fd(borrow(fd), interest.poll_flags()),
            None => {
                let n = notifier.expect("the slot after the descriptors is the notifier's");
                PollFd::from_borrowed_fd(n.fd(), PollFlags::IN)
            }
        }
    };
    // On the stack for the usual few descriptors: a blocking wait allocates nothing. Slots past
    // `total` copy the last one and are not passed to poll(2).
    const INLINE: usize = 8;
    let mut inline: [PollFd<'_>; INLINE];
    let mut heap: Vec<PollFd<'_>>;
    let pollfds: &mut [PollFd<'_>] = if total == 0 {
        &mut []
    } else if total <= INLINE {
        let last = slot(total - 1);
        inline = std::array::from_fn(|i| if i + 1 < total { slot(i) } else { last.clone() });
        &mut inline[..total]
    } else {
        heap = (0..total).map(slot).collect();
        &mut heap
    };
    loop {
        let timeout = deadline.map(|d| {
            let left = d.saturating_duration_since(Instant::now());
            Timespec {
                tv_sec: left.as_secs().try_into().unwrap_or(i64::MAX),
                tv_nsec: left.subsec_nanos().into(),
            }
        });
        match rustix::event::poll(pollfds, timeout.as_ref()) {
            Ok(n) => return Ok(n),
            Err(rustix::io::Errno::INTR) => continue,
            Err(e) => return Err(e.into()),
        }
    }
}

/// Borrows a descriptor of the wait set for the duration of one `poll(2)`.
fn borrow<'a>(fd: RawFd) -> BorrowedFd<'a> {
    // SAFETY: the wait set holds the descriptors of the operations this blocking call is
    // polling, open when they were added; `poll(2)` only reads the number. A descriptor that
    // another thread closes meanwhile is reported as `POLLNVAL` (or, if the number is reused,
    // as a spurious wake-up that the readiness loop retries): nothing is ever read or written
    // through it.
    unsafe { BorrowedFd::borrow_raw(fd) }
}
