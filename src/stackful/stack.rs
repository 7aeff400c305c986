//! Coroutine stacks, recycled per thread: a fresh stack is an `mmap` plus an `mprotect` for
//! its guard page (and an `munmap` when it goes), a recycled one is a few moves.
//!
//! A coroutine's stack comes from its home thread's spare stacks when one of the same size is
//! there, and goes back to them when the coroutine returns (up to 64 spare stacks a thread;
//! beyond, it is unmapped). A coroutine that is unwound instead (its context dropped) frees
//! its stack.

use std::io;

use corosensei::stack::DefaultStack;

use crate::runtime::current::pinned;

/// Returns a stack of at least `size` usable bytes: a spare one of this thread, or a new one.
///
/// # Errors
///
/// Fails if the system refuses the mapping (out of memory, or `vm.max_map_count` reached: each
/// stack takes two of the process's memory mappings, the stack and its guard page).
pub(super) fn take(size: usize) -> io::Result<DefaultStack> {
    match pinned::take_stack(size) {
        Some(stack) => Ok(stack),
        None => DefaultStack::new(size),
    }
}

/// Gives back the stack of a finished coroutine, asked for with `size`.
pub(super) fn keep(size: usize, stack: DefaultStack) {
    pinned::keep_stack(size, stack);
}
