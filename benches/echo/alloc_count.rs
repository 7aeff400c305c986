//! Allocation counting: the bench binary's global allocator counts every allocation (and
//! reallocation) and the bytes asked for, and a server child answers each line on its stdin
//! with the totals so far, so the driver counts over its measured window only.
//!
//! The counters are two relaxed atomic adds per allocation (a few instructions, no contention
//! on one server thread). The C++ peers count the same way at the malloc level
//! (`benches/asio/peer.hpp`) and answer the same line.

use std::alloc::{GlobalAlloc, Layout, System};
use std::sync::atomic::{AtomicU64, Ordering};

/// The system allocator, counting.
pub struct Counting;

static COUNT: AtomicU64 = AtomicU64::new(0);
static BYTES: AtomicU64 = AtomicU64::new(0);

#[inline]
fn note(bytes: usize) {
    COUNT.fetch_add(1, Ordering::Relaxed);
    BYTES.fetch_add(bytes as u64, Ordering::Relaxed);
}

// SAFETY: every method forwards to `System` with the caller's arguments, so `System`'s
// guarantees are ours; counting touches only two atomics.
unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        note(layout.size());
        // SAFETY: the caller upholds `alloc`'s contract, forwarded as is.
        unsafe { System.alloc(layout) }
    }

    unsafe fn alloc_zeroed(&self, layout: Layout) -> *mut u8 {
        note(layout.size());
        // SAFETY: as for `alloc`.
        unsafe { System.alloc_zeroed(layout) }
    }

    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        note(new_size);
        // SAFETY: `ptr` and `layout` come from this allocator, i.e. from `System`.
        unsafe { System.realloc(ptr, layout, new_size) }
    }

    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        // SAFETY: `ptr` and `layout` come from this allocator, i.e. from `System`.
        unsafe { System.dealloc(ptr, layout) }
    }
}

/// Parses a stats line (from this binary or a C++ peer): `(allocations, bytes)`.
pub fn parse(line: &str) -> Option<(u64, u64)> {
    let mut it = line.split_whitespace();
    match (it.next(), it.next(), it.next(), it.next()) {
        (Some("allocs"), Some(n), Some("bytes"), Some(b)) => {
            Some((n.parse().ok()?, b.parse().ok()?))
        }
        _ => None,
    }
}

/// Starts the child's stats thread: every read from stdin is answered with the totals on
/// stdout. It reads and writes with raw syscalls into stack buffers, so answering allocates
/// nothing; it ends at end of input.
pub fn serve_stats() {
    std::thread::spawn(|| {
        let mut input = [0u8; 64];
        loop {
            // SAFETY: `input` is a valid, writable buffer of the length passed.
            let r = unsafe { libc::read(0, input.as_mut_ptr().cast(), input.len()) };
            if r <= 0 {
                return;
            }
            let mut out = [0u8; 96];
            let n = format_into(&mut out);
            // SAFETY: `out[..n]` is initialised and readable.
            if unsafe { libc::write(1, out.as_ptr().cast(), n) } < 0 {
                return;
            }
        }
    });
}

/// Writes "allocs N bytes B\n" into `out` without allocating; returns its length.
fn format_into(out: &mut [u8; 96]) -> usize {
    use std::io::Write;
    let mut cursor = std::io::Cursor::new(&mut out[..]);
    let _ = writeln!(
        cursor,
        "allocs {} bytes {}",
        COUNT.load(Ordering::Relaxed),
        BYTES.load(Ordering::Relaxed)
    );
    cursor.position() as usize
}
