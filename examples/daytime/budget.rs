//! `Budget`: the `--count` limit of the async daytime servers (daytime3, daytime6).

use std::sync::atomic::AtomicUsize;
use std::sync::atomic::Ordering::Relaxed;

/// How many more requests a server answers (`--count N`; without it, no limit).
pub struct Budget {
    left: Option<AtomicUsize>,
}

impl Budget {
    pub fn new(count: Option<usize>) -> Budget {
        Budget {
            left: count.map(AtomicUsize::new),
        }
    }

    /// Counts one request; returns whether the server should take another.
    pub fn spend(&self) -> bool {
        match &self.left {
            None => true,
            Some(left) => matches!(
                left.fetch_update(Relaxed, Relaxed, |n| n.checked_sub(1)),
                Ok(n) if n > 1
            ),
        }
    }
}
