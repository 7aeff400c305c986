//! `InlineFn`: a closure of at most one word stored in a queued job itself, with no
//! allocation (a post chain's step capturing a counter or a handle; a woken task's
//! `Runnable`; a thin box for anything larger). Asio recycles handler memory per thread; this
//! is the allocation-free case of it.
//!
//! This is one of the two places outside `sys/` with `unsafe` code (the other is
//! `block_task`; see `sys`): a closure's bytes are kept in a word buffer and the two functions
//! that may touch them (call it, or drop it uncalled) are chosen by its type when it is stored.
//! Its unit tests run under `scripts/sanitize.sh asan --lib`.

use std::mem::{ManuallyDrop, MaybeUninit};

/// The closure state stored inline: one word; larger (or over-aligned) closures are boxed (by
/// `Job::from_fn`). One word keeps a job two words long, as a `Box<dyn FnOnce>` was.
///
/// A `MaybeUninit<usize>`, not an array of words: it is a scalar to the compiler, so a job is
/// a scalar pair and moves in two registers. A `[usize; 1]` made it an aggregate, passed by
/// pointer and copied with one 16-byte load of two 8-byte stores, which stalls store
/// forwarding (1000 chains: 42 -> 57 M handlers/s).
type Buf = MaybeUninit<usize>;

/// What can be done with the stored closure: call it, or drop it uncalled. Each function
/// takes the closure out of the buffer it is given.
struct VTable {
    call: unsafe fn(*mut Buf),
    drop: unsafe fn(*mut Buf),
}

/// A closure `FnOnce() + Send` stored inline.
pub(crate) struct InlineFn {
    /// # Invariant
    /// Holds a live value of the closure type `F` that `vtable` was made for
    /// ([`Slot::<F>::VTABLE`](Slot)), written by [`InlineFn::new`]; it is taken out exactly
    /// once, by `vtable.call` in [`InlineFn::call`] or by `vtable.drop` in `Drop`, and never
    /// touched after.
    data: Buf,
    vtable: &'static VTable,
}

// SAFETY: `InlineFn::new` only stores closures that are `Send` (its bound); the buffer is
// plain bytes owned by this value.
#[allow(unsafe_code)]
unsafe impl Send for InlineFn {}

/// The vtable of closure type `F`.
struct Slot<F>(std::marker::PhantomData<F>);

impl<F: FnOnce()> Slot<F> {
    const VTABLE: VTable = VTable {
        call: Slot::<F>::call,
        drop: Slot::<F>::drop,
    };

    /// # Safety
    /// `buf` holds a live `F` (the invariant of [`InlineFn::data`]), which this takes out.
    #[allow(unsafe_code)]
    unsafe fn call(buf: *mut Buf) {
        // SAFETY: the caller passes a buffer holding a live `F`, aligned for it (checked by
        // `fits::<F>()` before it was stored); reading moves it out, and the buffer is never
        // read again (`InlineFn::call` consumes the `InlineFn` without running its drop).
        let f = unsafe { std::ptr::read(buf.cast::<F>()) };
        f();
    }

    /// # Safety
    /// As [`Slot::call`].
    #[allow(unsafe_code)]
    unsafe fn drop(buf: *mut Buf) {
        // SAFETY: as in `call`: a live, aligned `F`, dropped in place once (from `Drop`).
        unsafe { std::ptr::drop_in_place(buf.cast::<F>()) };
    }
}

/// Returns whether a closure of type `F` fits inline (size and alignment).
#[inline]
pub(crate) const fn fits<F>() -> bool {
    std::mem::size_of::<F>() <= std::mem::size_of::<Buf>()
        && std::mem::align_of::<F>() <= std::mem::align_of::<Buf>()
}

impl InlineFn {
    /// Stores `f`, which must fit ([`fits`]); returns it back if it does not.
    #[inline]
    pub(crate) fn new<F: FnOnce() + Send + 'static>(f: F) -> Result<InlineFn, F> {
        if !fits::<F>() {
            return Err(f);
        }
        let mut data = Buf::uninit();
        // SAFETY: `F` fits the buffer in size and alignment (checked above), and the buffer
        // is fresh: writing moves `f` in, establishing the invariant of `data` for `VTABLE`.
        #[allow(unsafe_code)]
        unsafe {
            data.as_mut_ptr().cast::<F>().write(f);
        }
        Ok(InlineFn {
            data,
            vtable: &Slot::<F>::VTABLE,
        })
    }

    /// Calls the closure.
    #[inline]
    pub(crate) fn call(self) {
        let mut this = ManuallyDrop::new(self);
        let call = this.vtable.call;
        // SAFETY: by the invariant of `data` it holds the live closure `vtable` was made for;
        // `call` takes it out, and `this` is never dropped (ManuallyDrop), so it is not taken
        // twice, even if the closure panics.
        #[allow(unsafe_code)]
        unsafe {
            call(&mut this.data)
        }
    }
}

impl Drop for InlineFn {
    fn drop(&mut self) {
        // SAFETY: by the invariant of `data` it holds the live closure `vtable` was made for,
        // not yet taken (`call` consumes the value without dropping it); dropped once here.
        #[allow(unsafe_code)]
        unsafe {
            (self.vtable.drop)(&mut self.data)
        }
    }
}

#[cfg(test)]
mod tests {
    use std::sync::atomic::{AtomicUsize, Ordering};
    use std::sync::Arc;

    use super::*;

    #[test]
    fn a_stored_closure_is_called_or_dropped_exactly_once() {
        let n = Arc::new(AtomicUsize::new(0));
        let (a, b) = (n.clone(), n.clone());
        let called = InlineFn::new(move || {
            a.fetch_add(1, Ordering::SeqCst);
        })
        .ok()
        .expect("one Arc fits");
        let uncalled = InlineFn::new(move || drop(b)).ok().expect("fits");
        assert_eq!(Arc::strong_count(&n), 3);
        called.call();
        assert_eq!(n.load(Ordering::SeqCst), 1);
        drop(uncalled);
        assert_eq!(Arc::strong_count(&n), 1, "both captures dropped once");
        let big = [0u64; 2];
        assert!(
            InlineFn::new(move || assert_eq!(big.len(), 2)).is_err(),
            "too big: boxed"
        );
    }

    #[test]
    fn a_panicking_closure_drops_its_captures_once() {
        let n = Arc::new(());
        let m = n.clone();
        let f = InlineFn::new(move || {
            let _keep = &m;
            panic!("boom");
        })
        .ok()
        .expect("fits");
        assert!(std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| f.call())).is_err());
        assert_eq!(Arc::strong_count(&n), 1);
    }
}
