//! Per-operation cancellation (Asio's `cancellation_signal`, `cancellation_slot` and
//! `cancellation_type`): a signal that asks the one operation bound to its slot to stop.
//!
//! How a request reaches an operation: the adapter that binds the operation (see
//! [`bind_cancellation_slot`](crate::bind_cancellation_slot) and
//! [`cancel_after`](crate::cancel_after)) wakes it when the signal is emitted, and polls it with
//! the request in effect. Composed operations poll their inner operations with the request
//! narrowed to the types they honour; each leaf wait (readiness, deadline, helper) checks the
//! request at the start of its poll and, if it honours one of the requested types, completes
//! with [`error::aborted`](crate::error::aborted) at once. So the request reaches the operation
//! in flight, however deep, and a composed read or write completes with its byte count.

use std::fmt;
use std::ops::{BitAnd, BitOr, BitOrAssign};
use std::sync::atomic::{AtomicU8, Ordering};
use std::sync::{Arc, Mutex, MutexGuard};
use std::task::{Context, Poll, Waker};

use futures::task::AtomicWaker;

use crate::runtime::current::CancelGuard;
use crate::sys::errno;

/// Which kinds of cancellation are requested, or honoured (Asio's `cancellation_type`): a set
/// of [`TERMINAL`](CancellationType::TERMINAL), [`PARTIAL`](CancellationType::PARTIAL) and
/// [`TOTAL`](CancellationType::TOTAL).
///
/// - terminal: the operation stops; the object may be left in a state where only closing or
///   dropping it is safe;
/// - partial: the operation stops with well-defined side effects, which it reports (a composed
///   read reports the bytes it read);
/// - total: the operation stops with no side effect at all.
///
/// An operation honours a request if it supports one of the requested types; otherwise it
/// ignores it, as in Asio (a `TOTAL` request has no effect on a composed read, which can only
/// stop partially).
///
/// | operation | honours | when cancelled it completes with |
/// |---|---|---|
/// | every leaf operation of an I/O object: `async_read_some`, `async_read_some_vectored`, `async_write_some`, `async_write_vectored`, `async_accept`, `async_connect` (one endpoint), `async_send_to`, `async_recv_from`, `async_send`, `async_recv`; a timer's `async_wait`; `Resolver::async_resolve` | terminal, partial, total | the aborted error; nothing happened (no byte moved, no connection taken); the object is usable |
/// | `io::async_read`, `async_read_with`, `async_write`, `async_write_with`, `async_write_vectored`, `async_read_vectored`, `async_read_dynamic`, `async_write_dynamic` (and their `_with` forms), `async_read_until` | terminal, partial | the aborted error carrying the bytes moved ([`io::transferred`](crate::io::transferred)); the bytes are in the buffer (written to the peer); the stream is usable |
/// | `net::async_connect` over a list of endpoints (and `async_connect_with`, `async_connect_index`) | terminal, partial | the aborted error; the socket may be left open or closed |
/// | a file's reads: `StreamFile::async_read_some`, `RandomAccessFile::async_read_some_at` | terminal, partial, total | the aborted error; a `pread` already running on a helper thread cannot be stopped: it finishes there and its result is dropped, so nothing happened (a stream file's position does not move) |
/// | a file's writes: `StreamFile::async_write_some`, `RandomAccessFile::async_write_some_at` | terminal | the aborted error; a `pwrite` already running on a helper thread cannot be stopped: it finishes there, its bytes may be in the file, and its result is dropped (a composed write over a file, `io::async_write` or `io::async_write_at`, then does not count them) |
/// | `io::async_read_at`, `async_read_at_with`, `async_write_at`, `async_write_at_with` | terminal, partial | as `io::async_read` and `io::async_write`; over a file, the bytes of a write step already running on a helper thread may be in the file without being counted |
/// | [`co_spawn`](crate::co_spawn)'s operation | terminal | what the task returns once the operation it waits on is aborted |
/// | [`op::operation`](crate::op::operation) (your composed operations) | terminal, or what [`FutureOp::honouring`](crate::op::FutureOp::honouring) says | what the future returns once the operation it waits on is aborted |
/// | `cancel_after`, `cancel_at` | the type they were given (terminal by default): they request it at the deadline | the operation's own completion; terminal drops an operation that ignores it and completes aborted |
///
/// The object's own `cancel()` and `close()` abort every pending operation on it, whatever the
/// operation honours (Asio's object-wide cancellation).
///
/// # Examples
///
/// ```
/// use jeton::CancellationType as T;
/// let t = T::TERMINAL | T::PARTIAL;
/// assert!(t.contains(T::PARTIAL) && !t.contains(T::TOTAL));
/// assert!(T::ALL.contains(t) && T::NONE.is_empty());
/// ```
#[derive(Clone, Copy, Default, PartialEq, Eq, Hash)]
pub struct CancellationType(u8);

impl CancellationType {
    /// No cancellation.
    pub const NONE: CancellationType = CancellationType(0);
    /// Terminal cancellation: the operation stops, the object may be unusable.
    pub const TERMINAL: CancellationType = CancellationType(1);
    /// Partial cancellation: the operation stops with side effects it reports.
    pub const PARTIAL: CancellationType = CancellationType(2);
    /// Total cancellation: the operation stops with no side effect.
    pub const TOTAL: CancellationType = CancellationType(4);
    /// Every type.
    pub const ALL: CancellationType = CancellationType(7);

    /// Returns the types in `self` or `other` (`|` in a `const`).
    pub const fn union(self, other: CancellationType) -> CancellationType {
        CancellationType(self.0 | other.0)
    }

    /// Returns whether every type of `other` is in `self`.
    pub fn contains(self, other: CancellationType) -> bool {
        self.0 & other.0 == other.0
    }

    /// Returns whether the set is empty.
    pub fn is_empty(self) -> bool {
        self.0 == 0
    }

    /// Returns whether the two sets share a type.
    pub fn intersects(self, other: CancellationType) -> bool {
        self.0 & other.0 != 0
    }

    pub(crate) fn bits(self) -> u8 {
        self.0
    }
}

impl BitOr for CancellationType {
    type Output = CancellationType;
    fn bitor(self, rhs: CancellationType) -> CancellationType {
        CancellationType(self.0 | rhs.0)
    }
}

impl BitOrAssign for CancellationType {
    fn bitor_assign(&mut self, rhs: CancellationType) {
        self.0 |= rhs.0;
    }
}

impl BitAnd for CancellationType {
    type Output = CancellationType;
    fn bitand(self, rhs: CancellationType) -> CancellationType {
        CancellationType(self.0 & rhs.0)
    }
}

impl fmt::Debug for CancellationType {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let names = [
            (CancellationType::TERMINAL, "TERMINAL"),
            (CancellationType::PARTIAL, "PARTIAL"),
            (CancellationType::TOTAL, "TOTAL"),
        ];
        let mut first = true;
        for (t, name) in names {
            if self.contains(t) {
                f.write_str(if first { "" } else { " | " })?;
                f.write_str(name)?;
                first = false;
            }
        }
        if first {
            f.write_str("NONE")?;
        }
        Ok(())
    }
}

/// The cancellation state of one bound operation: the types requested so far and the waker of
/// the adapter that polls it. Shared by the adapter and whoever emits.
#[derive(Debug, Default)]
pub(crate) struct Request {
    /// Requested types; only ever grows.
    requested: AtomicU8,
    /// The adapter's waker, stored on each poll (a lock-free slot: a poll that finds its own
    /// waker there costs a load and a compare); taken and woken by `emit`.
    waker: AtomicWaker,
}

impl Request {
    /// Returns the types requested so far.
    pub(crate) fn requested(&self) -> u8 {
        self.requested.load(Ordering::Acquire)
    }

    /// Stores the waker to wake when a request arrives.
    #[inline]
    fn set_waker(&self, waker: &Waker) {
        self.waker.register(waker);
    }

    /// Polls `poll` (the bound operation) with this request in effect, after storing the waker
    /// a later request wakes.
    pub(crate) fn poll_under<R>(
        &self,
        cx: &mut Context<'_>,
        poll: impl FnOnce(&mut Context<'_>) -> Poll<R>,
    ) -> Poll<R> {
        self.set_waker(cx.waker());
        let requested = self.requested();
        let _request = (requested != 0).then(|| CancelGuard::request(requested, errno::ECANCELED));
        poll(cx)
    }

    /// Adds `types` to the request and wakes the adapter.
    pub(crate) fn emit(&self, types: CancellationType) {
        if types.is_empty() {
            return;
        }
        self.requested.fetch_or(types.bits(), Ordering::AcqRel);
        self.waker.wake();
    }
}

/// The shared state of a signal and its slot: the request of the operation bound now.
#[derive(Debug, Default)]
struct Channel {
    bound: Mutex<Option<Arc<Request>>>,
}

/// Emits cancellation requests to the operation bound to its [`slot`](CancellationSignal::slot)
/// (Asio's `cancellation_signal`).
///
/// One signal, one slot, at most one operation bound at a time; binding a new operation
/// replaces the old one. A request emitted while no operation is bound, or after it completed,
/// has no effect. `emit` may be called from any thread.
///
/// # Examples
///
/// A blocking wait on a one-minute timer, cancelled from another thread:
///
/// ```
/// use jeton::{bind_cancellation_slot, error, Blocking, CancellationSignal, CancellationType};
/// use jeton::{IoContext, SteadyTimer};
/// use std::time::Duration;
///
/// let io = IoContext::new()?;
/// let timer = SteadyTimer::new(&io.executor());
/// timer.expires_after(Duration::from_secs(60));
/// let signal = CancellationSignal::new();
/// let slot = signal.slot();
/// let canceller = std::thread::spawn(move || {
///     std::thread::sleep(Duration::from_millis(10));
///     signal.emit(CancellationType::TERMINAL);
/// });
/// let r = timer.async_wait(bind_cancellation_slot(slot, Blocking));
/// assert!(error::is_aborted(&r.unwrap_err()));
/// canceller.join().unwrap();
/// # Ok::<(), std::io::Error>(())
/// ```
#[derive(Debug, Default)]
pub struct CancellationSignal {
    channel: Arc<Channel>,
}

impl CancellationSignal {
    /// Creates a signal with nothing bound to its slot.
    pub fn new() -> CancellationSignal {
        CancellationSignal::default()
    }

    /// Returns the slot operations are bound to (see
    /// [`bind_cancellation_slot`](crate::bind_cancellation_slot)).
    pub fn slot(&self) -> CancellationSlot {
        CancellationSlot {
            channel: self.channel.clone(),
        }
    }

    /// Asks the operation bound now to stop, with the cancellation `types` given. An operation
    /// that supports none of them ignores the request.
    pub fn emit(&self, types: CancellationType) {
        let bound = lock(&self.channel.bound).clone();
        if let Some(request) = bound {
            request.emit(types);
        }
    }
}

/// Where an operation is bound to receive a [`CancellationSignal`]'s requests (Asio's
/// `cancellation_slot`). Cheap to clone; every clone is the same slot.
#[derive(Clone, Debug)]
pub struct CancellationSlot {
    channel: Arc<Channel>,
}

impl CancellationSlot {
    /// Returns whether an operation is bound to the slot now (Asio's `has_handler`).
    pub fn has_handler(&self) -> bool {
        lock(&self.channel.bound).is_some()
    }

    /// Unbinds the operation bound now, if any: later requests do not reach it.
    pub fn clear(&self) {
        *lock(&self.channel.bound) = None;
    }

    /// Binds `request` (an operation being launched), replacing the one bound before.
    pub(crate) fn bind(&self, request: &Arc<Request>) {
        *lock(&self.channel.bound) = Some(request.clone());
    }

    /// Unbinds `request` if it is still the one bound (its operation completed).
    pub(crate) fn unbind(&self, request: &Arc<Request>) {
        let mut bound = lock(&self.channel.bound);
        if bound.as_ref().is_some_and(|r| Arc::ptr_eq(r, request)) {
            *bound = None;
        }
    }
}

fn lock<T>(m: &Mutex<T>) -> MutexGuard<'_, T> {
    m.lock().unwrap_or_else(|e| e.into_inner())
}
