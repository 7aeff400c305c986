//! The reactor: one mio `Poll`, the readiness state of every registered descriptor, and the
//! waker that interrupts a blocked poll.
//!
//! Descriptors are registered once, edge-triggered, for read and write. Each has a
//! [`ScheduledIo`] holding its per-direction readiness and the wakers of the operations waiting
//! on it. One thread at a time polls (it holds `poll`); the others wait on the scheduler's queue.

use std::io;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::task::Waker;
use std::time::Duration;

use mio::{Events, Poll, Registry, Token};
use slab::Slab;

use super::Shared;

/// The token of the reactor's own waker.
const WAKE_TOKEN: Token = Token(usize::MAX);

/// Readiness bit: readable (or read-closed, or error).
pub(crate) const READABLE: usize = 0b01;
/// Readiness bit: writable (or write-closed, or error).
pub(crate) const WRITABLE: usize = 0b10;
const READY_MASK: usize = 0b11;
/// Each readiness change adds this to the word, so a stale clear can be detected.
const TICK: usize = 0b100;

/// The readiness and the waiting operations of one registered descriptor.
#[derive(Debug, Default)]
pub(crate) struct ScheduledIo {
    /// `READABLE | WRITABLE` bits plus a change counter in the bits above them. Set by the
    /// reactor thread, cleared by operations that saw `WouldBlock`.
    readiness: AtomicUsize,
    /// Bumped by `cancel()`: an operation started under an older epoch completes aborted.
    epoch: AtomicUsize,
    /// Wakers of operations waiting for read (index 0) and write (index 1) readiness.
    waiters: Mutex<[Waiters; 2]>,
}

/// One waiting operation: its waker, and whether it holds a unit of the context's work (it
/// does unless it waits in blocking mode, which needs no thread running the context).
type Waiter = (Waker, bool);

/// The operations waiting on one direction. The usual case, one operation per direction,
/// needs no allocation; more (Asio allows several outstanding reads) go to `extra`.
#[derive(Debug, Default)]
struct Waiters {
    first: Option<Waiter>,
    extra: Vec<Waiter>,
}

impl Waiters {
    /// Adds a waiter unless its task already waits here; returns whether it now holds work
    /// that it did not hold before.
    fn add(&mut self, waker: &Waker, counted: bool) -> bool {
        let found = match &mut self.first {
            None => {
                self.first = Some((waker.clone(), counted));
                return counted;
            }
            Some(w) if w.0.will_wake(waker) => Some(w),
            Some(_) => self.extra.iter_mut().find(|w| w.0.will_wake(waker)),
        };
        match found {
            Some(w) => {
                let newly = counted && !w.1;
                w.1 |= counted;
                newly
            }
            None => {
                self.extra.push((waker.clone(), counted));
                counted
            }
        }
    }

    /// Takes every waiter out.
    fn take(&mut self) -> Taken {
        let extra = if self.extra.is_empty() {
            Vec::new()
        } else {
            std::mem::take(&mut self.extra)
        };
        Taken(self.first.take(), extra)
    }
}

/// Waiters taken out of a [`Waiters`], to be woken outside its lock.
#[derive(Default)]
struct Taken(Option<Waiter>, Vec<Waiter>);

impl Taken {
    /// Wakes every waiter; returns the units of work they held.
    fn wake(self) -> usize {
        let mut released = 0;
        for (waker, counted) in self.0.into_iter().chain(self.1) {
            waker.wake();
            released += usize::from(counted);
        }
        released
    }
}

impl ScheduledIo {
    /// Returns the readiness word (bits and change counter).
    pub(crate) fn readiness(&self) -> usize {
        self.readiness.load(Ordering::Acquire)
    }

    /// Returns whether `word` shows the `dir` readiness bit.
    pub(crate) fn is_ready(word: usize, dir: usize) -> bool {
        word & dir != 0
    }

    /// Clears `dir` readiness, unless it changed since `seen` was read.
    pub(crate) fn clear_readiness(&self, seen: usize, dir: usize) {
        let _ =
            self.readiness
                .compare_exchange(seen, seen & !dir, Ordering::AcqRel, Ordering::Acquire);
    }

    /// Marks `dir` ready and wakes the operations waiting for it; returns the work they held.
    pub(crate) fn set_readiness(&self, dir: usize) -> usize {
        let mut cur = self.readiness.load(Ordering::Acquire);
        loop {
            let next = ((cur & !READY_MASK) + TICK) | (cur & READY_MASK) | dir;
            match self.readiness.compare_exchange_weak(
                cur,
                next,
                Ordering::AcqRel,
                Ordering::Acquire,
            ) {
                Ok(_) => break,
                Err(actual) => cur = actual,
            }
        }
        self.wake(dir)
    }

    /// Wakes every operation waiting on a direction in `dirs`; returns the work they held,
    /// which the caller releases once they are woken (their completions are queued by then).
    pub(crate) fn wake(&self, dirs: usize) -> usize {
        let (mut read, mut write) = (Taken::default(), Taken::default());
        {
            let mut waiters = self.lock_waiters();
            if dirs & READABLE != 0 {
                read = waiters[0].take();
            }
            if dirs & WRITABLE != 0 {
                write = waiters[1].take();
            }
        }
        // Woken outside the lock: a waker may poll its operation at once, which registers again.
        read.wake() + write.wake()
    }

    fn lock_waiters(&self) -> std::sync::MutexGuard<'_, [Waiters; 2]> {
        self.waiters.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// Stores `waker` to be woken on `dir` readiness (or cancel), then returns the readiness
    /// word read after storing it, so a change in between is never missed. With `work`, the
    /// waiter holds a unit of that context's work, counted here under the lock so that it is
    /// counted before any wake-up can release it.
    pub(crate) fn register(&self, dir: usize, waker: &Waker, work: Option<&Shared>) -> usize {
        let mut waiters = self.lock_waiters();
        let started = waiters[if dir == READABLE { 0 } else { 1 }].add(waker, work.is_some());
        if let (true, Some(shared)) = (started, work) {
            shared.work_started();
        }
        self.readiness()
    }

    /// Returns the current cancel epoch.
    pub(crate) fn epoch(&self) -> usize {
        self.epoch.load(Ordering::Acquire)
    }

    /// Aborts every operation started before now and wakes them; returns the work they held.
    pub(crate) fn cancel(&self) -> usize {
        self.epoch.fetch_add(1, Ordering::AcqRel);
        self.wake(READABLE | WRITABLE)
    }
}

/// What the polling thread owns while it holds the poll lock.
#[derive(Debug)]
pub(crate) struct PollState {
    poll: Poll,
    events: Events,
    /// Descriptors with events in the current turn, reused across turns.
    ready: Vec<(Arc<ScheduledIo>, usize)>,
}

/// The mio poll and the registrations. Part of `Shared`.
#[derive(Debug)]
pub(crate) struct Reactor {
    /// The poll and its event buffers. Holding this lock is the exclusive right to poll.
    poll: Mutex<PollState>,
    registry: Registry,
    waker: mio::Waker,
    /// Registered descriptors; the mio token is the slab key.
    ios: Mutex<Slab<Arc<ScheduledIo>>>,
    /// Number of registered descriptors (so an idle reactor is not polled between handlers).
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
                ready: Vec::new(),
            }),
            registry,
            waker,
            ios: Mutex::new(Slab::new()),
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

    /// Registers `source` for read and write readiness, edge-triggered.
    pub(crate) fn register(
        &self,
        source: &mut impl mio::event::Source,
    ) -> io::Result<(usize, Arc<ScheduledIo>)> {
        let io = Arc::new(ScheduledIo::default());
        let key = self
            .ios
            .lock()
            .expect("reactor ios lock")
            .insert(io.clone());
        let interest = mio::Interest::READABLE | mio::Interest::WRITABLE;
        if let Err(e) = self.registry.register(source, Token(key), interest) {
            self.ios
                .lock()
                .unwrap_or_else(|e| e.into_inner())
                .remove(key);
            return Err(e);
        }
        self.registered.fetch_add(1, Ordering::Relaxed);
        Ok((key, io))
    }

    /// Deregisters `source` and aborts the operations waiting on it; returns the work they
    /// held.
    pub(crate) fn deregister(&self, key: usize, source: &mut impl mio::event::Source) -> usize {
        let _ = self.registry.deregister(source);
        let io = self
            .ios
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .try_remove(key);
        match io {
            Some(io) => {
                self.registered.fetch_sub(1, Ordering::Relaxed);
                io.cancel()
            }
            None => 0,
        }
    }

    /// Tries to take the right to poll without waiting.
    pub(crate) fn try_lock(&self) -> Option<std::sync::MutexGuard<'_, PollState>> {
        self.poll.try_lock().ok()
    }

    /// Polls once with `timeout` and sets the readiness of every descriptor with an event,
    /// waking its waiters. The caller holds the poll lock.
    ///
    /// Returns the units of work the woken operations held; the caller releases them.
    pub(crate) fn turn(&self, state: &mut PollState, timeout: Option<Duration>) -> usize {
        if let Err(e) = state.poll.poll(&mut state.events, timeout) {
            // EINTR is a normal early return; anything else is unexpected but not fatal here.
            debug_assert_eq!(
                e.kind(),
                io::ErrorKind::Interrupted,
                "reactor poll failed: {e}"
            );
            return 0;
        }
        {
            let ios = self.ios.lock().unwrap_or_else(|e| e.into_inner());
            for ev in state.events.iter().filter(|ev| ev.token() != WAKE_TOKEN) {
                let Some(io) = ios.get(ev.token().0) else {
                    continue;
                };
                let mut dir = 0;
                if ev.is_readable() || ev.is_read_closed() || ev.is_error() {
                    dir |= READABLE;
                }
                if ev.is_writable() || ev.is_write_closed() || ev.is_error() {
                    dir |= WRITABLE;
                }
                state.ready.push((io.clone(), dir));
            }
        }
        state.ready.drain(..).map(|(io, dir)| io.set_readiness(dir)).sum()
    }

    /// Drops every waiting operation's waker (context shutdown).
    pub(crate) fn clear(&self) {
        let ios: Vec<_> = self
            .ios
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .drain()
            .collect();
        for io in ios {
            let taken = std::mem::take(&mut *io.lock_waiters());
            drop(taken);
        }
    }
}
