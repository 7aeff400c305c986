//! The reactor: one mio `Poll`, the registered descriptors, and the waker that interrupts a
//! blocked poll.
//!
//! Descriptors are registered once, edge-triggered, for read and write. Each has a
//! [`ScheduledIo`] holding its per-direction readiness and the wakers of the operations waiting
//! on it. One thread at a time polls (it holds `poll`); the others wait on the engine's queue.

use std::io;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::task::Waker;
use std::time::Duration;

use mio::{Events, Poll, Registry, Token};

use super::gen_slab::{GenSlab, Key};
use super::scheduled_io::{ScheduledIo, READABLE, READ_CLOSED, WRITABLE};

/// The token of the reactor's own waker.
const WAKE_TOKEN: Token = Token(usize::MAX);

/// What the polling thread owns while it holds the poll lock.
#[derive(Debug)]
pub(crate) struct PollState {
    poll: Poll,
    events: Events,
    /// The wakers of the operations the current turn's events complete, taken out under the
    /// registrations' lock and woken after it is released; reused across turns, and by the
    /// timers fired after a turn ([`PollState::wakers`]). Empty between uses.
    woken: Vec<Waker>,
}

impl PollState {
    /// Lends the turn's waker vector, empty, to whoever fires timers under the poll lock
    /// (`Engine::fire_timers`), so that a batch of fired timers allocates nothing.
    pub(crate) fn wakers(&mut self) -> &mut Vec<Waker> {
        &mut self.woken
    }
}

/// The mio poll and the registrations. Part of `Shared`.
#[derive(Debug)]
pub(crate) struct Reactor {
    /// The poll and its event buffers. Holding this lock is the exclusive right to poll.
    poll: Mutex<PollState>,
    registry: Registry,
    waker: mio::Waker,
    /// Registered descriptors, by generational key. The mio token packs the key (see
    /// [`token`]): an event still in flight for a descriptor that was removed never reaches
    /// the one that took its slot.
    ios: Mutex<GenSlab<Arc<ScheduledIo>>>,
    /// Number of allocated keys, i.e. live I/O objects (so an idle reactor is not polled between
    /// handlers).
    registered: AtomicUsize,
}

impl Reactor {
    pub(crate) fn new() -> io::Result<Reactor> {
        let poll = Poll::new()?;
        let registry = poll.registry().try_clone()?;
        let waker = mio::Waker::new(&registry, WAKE_TOKEN)?;
        Ok(Reactor {
            poll: Mutex::new(PollState {
                poll,
                events: Events::with_capacity(1024),
                woken: Vec::new(),
            }),
            registry,
            waker,
            ios: Mutex::new(GenSlab::new()),
            registered: AtomicUsize::new(0),
        })
    }

    /// Interrupts a thread blocked in [`Reactor::turn`].
    pub(crate) fn wake(&self) {
        // A failed wake-up write only happens when one is already pending.
        let _ = self.waker.wake();
    }

    /// Returns whether any descriptor is registered.
    pub(crate) fn has_registrations(&self) -> bool {
        self.registered.load(Ordering::Relaxed) > 0
    }

    /// Allocates the readiness state of a descriptor registered later with
    /// [`Reactor::register_as`] (or never: a closed socket). Freed by [`Reactor::remove`].
    pub(crate) fn insert(&self) -> (Key, Arc<ScheduledIo>) {
        let io = Arc::new(ScheduledIo::default());
        let key = self
            .ios
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .insert(io.clone());
        self.registered.fetch_add(1, Ordering::Relaxed);
        (key, io)
    }

    /// Registers `source` under `key` (from [`Reactor::insert`]) for read and write readiness,
    /// edge-triggered. A key may be registered again after [`Reactor::deregister`] (reopen).
    pub(crate) fn register_as(
        &self,
        key: Key,
        source: &mut impl mio::event::Source,
    ) -> io::Result<()> {
        let interest = mio::Interest::READABLE | mio::Interest::WRITABLE;
        self.registry.register(source, token(key), interest)
    }

    /// Allocates a key and registers `source` under it.
    pub(crate) fn register(
        &self,
        source: &mut impl mio::event::Source,
    ) -> io::Result<(Key, Arc<ScheduledIo>)> {
        let (key, io) = self.insert();
        if let Err(e) = self.register_as(key, source) {
            self.remove(key);
            return Err(e);
        }
        Ok((key, io))
    }

    /// Deregisters `source` and aborts the operations waiting on it. The key stays allocated
    /// (its cancel epoch keeps counting) until [`Reactor::remove`].
    pub(crate) fn deregister(&self, io: &ScheduledIo, source: &mut impl mio::event::Source) {
        let _ = self.registry.deregister(source);
        io.cancel();
    }

    /// Frees `key`, if it is still allocated (after [`Reactor::clear`] it is not).
    pub(crate) fn remove(&self, key: Key) {
        let mut ios = self.ios.lock().unwrap_or_else(|e| e.into_inner());
        if ios.remove(key).is_some() {
            self.registered.fetch_sub(1, Ordering::Relaxed);
        }
    }

    /// Tries to take the right to poll without waiting.
    pub(crate) fn try_lock(&self) -> Option<std::sync::MutexGuard<'_, PollState>> {
        self.poll.try_lock().ok()
    }

    /// Polls once with `timeout` and sets the readiness of every descriptor with an event,
    /// waking its waiters. The caller holds the poll lock.
    pub(crate) fn turn(&self, state: &mut PollState, timeout: Option<Duration>) {
        if let Err(e) = state.poll.poll(&mut state.events, timeout) {
            // EINTR is a normal early return; anything else is unexpected but not fatal here.
            debug_assert_eq!(
                e.kind(),
                io::ErrorKind::Interrupted,
                "reactor poll failed: {e}"
            );
            return;
        }
        {
            let ios = self.ios.lock().unwrap_or_else(|e| e.into_inner());
            for ev in state.events.iter().filter(|ev| ev.token() != WAKE_TOKEN) {
                let Some(io) = untoken(&ios, ev.token()) else {
                    continue;
                };
                let mut dir = 0;
                if ev.is_readable() || ev.is_read_closed() || ev.is_error() {
                    dir |= READABLE;
                }
                if ev.is_read_closed() || ev.is_error() {
                    dir |= READ_CLOSED;
                }
                if ev.is_writable() || ev.is_write_closed() || ev.is_error() {
                    dir |= WRITABLE;
                }
                // Only readiness and the waker slots: no waker runs under the registrations'
                // lock (a woken operation may drop its I/O object, which takes it).
                io.set_readiness(dir, &mut state.woken);
            }
        }
        state.woken.drain(..).for_each(Waker::wake);
    }

    /// Wakes every waiting operation and forgets the registrations (context shutdown): a task
    /// woken after shutdown is dropped with its future.
    pub(crate) fn clear(&self) {
        let ios: Vec<_> = self
            .ios
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .drain()
            .collect();
        for io in ios {
            io.wake(READABLE | WRITABLE);
        }
    }
}

/// The mio token of a registration: its slot index in the low 32 bits, the low 32 bits of its
/// generation above. A stale event (collected before its descriptor was removed) can only be
/// processed within one reactor turn, far too short for one slot to be reused 2^32 times.
fn token(key: Key) -> Token {
    Token(key.index() | ((key.generation() as u32 as usize) << 32))
}

/// Returns the registration a token names, if it is still the one it was made for.
fn untoken(ios: &GenSlab<Arc<ScheduledIo>>, token: Token) -> Option<&Arc<ScheduledIo>> {
    ios.get_packed(token.0 & 0xffff_ffff, (token.0 >> 32) as u32)
}
