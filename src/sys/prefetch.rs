//! A hint to the CPU to fetch memory before it is used, for loops over many cold, independent
//! objects (a batch of fired timers), whose cache misses would otherwise come one after the
//! other: each wake's first atomic on a task block waits for its line, and a locked
//! instruction lets no later load start early.
#![allow(unsafe_code)]

/// Asks the CPU to bring the cache line holding `p` into its caches. `p` may be any value:
/// a prefetch never faults and changes nothing the program can observe. A no-op on
/// architectures other than x86-64.
#[inline(always)]
pub(crate) fn prefetch<T>(p: *const T) {
    #[cfg(target_arch = "x86_64")]
    // SAFETY: PREFETCHT0 is a hint: it reads nothing into the program, writes nothing, and
    // raises no fault whatever the address (Intel SDM, "PREFETCHh"). SSE, which provides it,
    // is part of the x86-64 baseline. (Newer Rust declares the intrinsic safe.)
    #[allow(unused_unsafe)]
    unsafe {
        std::arch::x86_64::_mm_prefetch::<{ std::arch::x86_64::_MM_HINT_T0 }>(p.cast());
    }
    #[cfg(not(target_arch = "x86_64"))]
    let _ = p;
}
