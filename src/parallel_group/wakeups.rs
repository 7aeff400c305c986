//! `Wakeups`: a waker per member of a parallel group, and which members were woken since the
//! group last polled them, so a wake-up polls one member and not all of them.

use std::sync::{Arc, Mutex, MutexGuard};
use std::task::{Wake, Waker};

use futures::task::AtomicWaker;

/// The members' wakers and the record of their wake-ups.
#[derive(Debug)]
pub(super) struct Wakeups {
    shared: Arc<Shared>,
    /// Member `i`'s waker, passed to each poll of member `i`.
    wakers: Vec<Waker>,
}

/// What the member wakers and the group share.
#[derive(Debug)]
struct Shared {
    /// The waker of whoever polls the group; woken by any member's wake-up.
    parent: AtomicWaker,
    /// Locked by member wakers (any thread) and by the group's poll, briefly.
    woken: Mutex<Woken>,
}

/// The members woken and not yet polled.
#[derive(Debug)]
struct Woken {
    /// Whether member `i` is in `list`.
    queued: Vec<bool>,
    /// The woken members, in the order they were woken.
    list: Vec<usize>,
}

/// The waker of one member.
struct MemberWaker {
    shared: Arc<Shared>,
    index: usize,
}

impl Wake for MemberWaker {
    fn wake(self: Arc<Self>) {
        self.wake_by_ref();
    }

    fn wake_by_ref(self: &Arc<Self>) {
        {
            let mut woken = self.shared.lock();
            if !woken.queued[self.index] {
                woken.queued[self.index] = true;
                woken.list.push(self.index);
            }
        }
        self.shared.parent.wake();
    }
}

impl Shared {
    fn lock(&self) -> MutexGuard<'_, Woken> {
        self.woken.lock().unwrap_or_else(|e| e.into_inner())
    }
}

impl Wakeups {
    /// Makes the wakers of `n` members, every member counted as woken (none has been polled).
    pub(super) fn new(n: usize) -> Wakeups {
        let shared = Arc::new(Shared {
            parent: AtomicWaker::new(),
            woken: Mutex::new(Woken {
                queued: vec![true; n],
                list: (0..n).collect(),
            }),
        });
        let wakers = (0..n)
            .map(|index| {
                Waker::from(Arc::new(MemberWaker {
                    shared: shared.clone(),
                    index,
                }))
            })
            .collect();
        Wakeups { shared, wakers }
    }

    /// Stores the waker that a member's wake-up wakes.
    pub(super) fn register(&self, parent: &Waker) {
        self.shared.parent.register(parent);
    }

    /// Moves the members woken since the last call into `out` (replacing its contents). Each
    /// counts as not woken from now: a wake-up that comes after this, even before the member is
    /// polled, queues it again.
    pub(super) fn take_woken(&self, out: &mut Vec<usize>) {
        out.clear();
        let mut woken = self.shared.lock();
        std::mem::swap(&mut woken.list, out);
        for &i in out.iter() {
            woken.queued[i] = false;
        }
    }

    /// Returns member `index`'s waker.
    pub(super) fn waker(&self, index: usize) -> &Waker {
        &self.wakers[index]
    }
}
