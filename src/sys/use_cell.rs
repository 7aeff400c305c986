//! `UseCell`: a value (an I/O object's descriptor) that its users borrow for the length of a
//! system call with one atomic add, and that its owner can take out (close) or put in (open)
//! while operations still hold the object: taking waits until the users in the cell have left.
#![allow(unsafe_code)]

use std::cell::UnsafeCell;
use std::fmt;
use std::ops::Deref;
use std::sync::atomic::{AtomicUsize, Ordering};

/// The cell holds no value, or its value is being taken out: new users are turned away.
const CLOSED: usize = 0b01;
/// An owner (a take or a fill) is changing the cell; it owns the value once no user is left.
const BUSY: usize = 0b10;
/// One user, counted in the bits above the flags.
const USER: usize = 0b100;

/// An optional value with counted shared users and an exclusive owner for taking it out and
/// putting it in (a reader-writer lock whose read side is one `fetch_add`, for syscalls that
/// never block).
pub(crate) struct UseCell<T> {
    /// `CLOSED`, `BUSY`, and the number of users (in units of `USER`). A user adds `USER`
    /// (acquire) and keeps it only if `CLOSED` was clear; an owner sets `BUSY` (and `CLOSED`)
    /// and waits for the count to reach 0.
    state: AtomicUsize,
    /// The value.
    ///
    /// # Invariant
    ///
    /// Written only by the thread that set `BUSY`, once the user count is 0 and while
    /// `CLOSED` is set (so no user can enter), until it clears `BUSY` (release); read only
    /// through an [`InUse`], which exists only while its user is counted with `CLOSED` clear.
    value: UnsafeCell<Option<T>>,
}

// SAFETY: users share `&T` across threads (hence `T: Sync`); the owner moves the value in and
// out from any thread (hence `T: Send`); the invariant on `value` keeps the two apart.
unsafe impl<T: Send + Sync> Sync for UseCell<T> {}
// SAFETY: the cell owns a `T`.
unsafe impl<T: Send> Send for UseCell<T> {}

/// A user of a [`UseCell`]'s value: the value stays in the cell until it is dropped.
pub(crate) struct InUse<'a, T> {
    cell: &'a UseCell<T>,
    value: &'a T,
}

impl<T> Deref for InUse<'_, T> {
    type Target = T;

    #[inline]
    fn deref(&self) -> &T {
        self.value
    }
}

impl<T> Drop for InUse<'_, T> {
    #[inline]
    fn drop(&mut self) {
        self.cell.state.fetch_sub(USER, Ordering::Release);
    }
}

impl<T> UseCell<T> {
    /// A cell holding `value`, or closed.
    pub(crate) fn new(value: Option<T>) -> UseCell<T> {
        UseCell {
            state: AtomicUsize::new(if value.is_some() { 0 } else { CLOSED }),
            value: UnsafeCell::new(value),
        }
    }

    /// Borrows the value, or returns `None` if the cell is closed or being closed.
    #[inline]
    pub(crate) fn enter(&self) -> Option<InUse<'_, T>> {
        let prev = self.state.fetch_add(USER, Ordering::Acquire);
        if prev & CLOSED != 0 {
            self.state.fetch_sub(USER, Ordering::Release);
            return None;
        }
        // SAFETY: this user is counted and CLOSED was clear when it was (the invariant on
        // `value`): no owner writes the value until the `InUse` drops, and the owner that put
        // it in released it before clearing CLOSED (this add acquired that).
        let value = unsafe { (*self.value.get()).as_ref() };
        // A cell without CLOSED always holds a value (an owner clears CLOSED only after putting
        // one in).
        let value = value.expect("an open UseCell holds a value");
        Some(InUse { cell: self, value })
    }

    /// Returns whether the cell holds a value that users can borrow.
    #[inline]
    pub(crate) fn is_open(&self) -> bool {
        self.state.load(Ordering::Acquire) & CLOSED == 0
    }

    /// Takes the value out, waiting until the current users have left (each is in one
    /// non-blocking call), or returns `None` if the cell was closed. Users entering from now on
    /// are turned away.
    pub(crate) fn take(&self) -> Option<T> {
        self.own(|s| s & CLOSED == 0, CLOSED | BUSY)?;
        // SAFETY: this thread set BUSY with CLOSED, and `own` waited for the users to leave
        // (the invariant on `value`).
        let value = unsafe { (*self.value.get()).take() };
        self.state.fetch_and(!BUSY, Ordering::Release);
        value
    }

    /// Puts in the value `make` returns, if the cell is closed; returns `None` (without
    /// calling `make`) if it holds a value, else what `make` returned. Users are turned away
    /// until the value is in.
    pub(crate) fn fill<E>(&self, make: impl FnOnce() -> Result<T, E>) -> Option<Result<(), E>> {
        self.own(|s| s & CLOSED != 0, BUSY)?;
        let value = match make() {
            Ok(value) => value,
            Err(e) => {
                self.state.fetch_and(!BUSY, Ordering::Release);
                return Some(Err(e));
            }
        };
        // SAFETY: this thread set BUSY while CLOSED was set, and `own` waited for the users
        // that were turned away to leave (the invariant on `value`).
        unsafe { *self.value.get() = Some(value) };
        self.state.fetch_and(!(BUSY | CLOSED), Ordering::Release);
        Some(Ok(()))
    }

    /// Sets `bits` (which include `BUSY`) once no other owner is busy, if `wanted` holds for
    /// the state, then waits until no user is counted. Returns `None` if `wanted` does not
    /// hold.
    fn own(&self, wanted: impl Fn(usize) -> bool, bits: usize) -> Option<()> {
        let mut s = self.state.load(Ordering::Acquire);
        loop {
            if s & BUSY != 0 {
                // Another take or fill is under way: it ends once its users leave.
                std::thread::yield_now();
                s = self.state.load(Ordering::Acquire);
                continue;
            }
            if !wanted(s) {
                return None;
            }
            match self
                .state
                .compare_exchange_weak(s, s | bits, Ordering::AcqRel, Ordering::Acquire)
            {
                Ok(_) => break,
                Err(actual) => s = actual,
            }
        }
        // Users hold the count for one non-blocking call (or, turned away, for two atomic
        // operations).
        while self.state.load(Ordering::Acquire) >= USER {
            std::thread::yield_now();
        }
        Some(())
    }
}

impl<T: fmt::Debug> fmt::Debug for UseCell<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.enter() {
            Some(value) => f.debug_tuple("UseCell").field(&*value).finish(),
            None => f.write_str("UseCell(closed)"),
        }
    }
}
