//! This thread's cache of task blocks: the memory of closure-token operations, recycled per
//! thread as Asio's `thread_info_base` recycles handler memory.
//!
//! A block is raw memory aligned to [`BLOCK_ALIGN`]. A fresh block is sized so that, with the
//! allocator's one-word chunk header, it fills a whole number of 64-byte cache lines
//! ([`block_size`]), and a reused block keeps its own size, so the blocks of a thread's
//! operations become interchangeable: a read's block serves the next write, and the other way
//! round. The cache holds at most [`SLOTS`] blocks of at most [`CACHED_MAX`] bytes, so a thread
//! keeps at most about 16 KiB here. A block given back to a full cache replaces its smallest block if
//! it is larger (so the cache drifts towards blocks big enough for what the thread runs), else
//! it goes back to the allocator. A larger block is never cached.
//!
//! Why lines, not powers of two: a power of two makes more sizes meet, but wastes up to half
//! of each block, and a program with many pending operations pays for it in memory, cache and
//! TLB reach. A timer wait's task, 152 bytes then, took 256 bytes (64 MB more for a million
//! pending waits); it took 192 in lines, and the 1 M-timer fire bench scheduled ~10 % faster and
//! fired faster. Its trace name then shrank (`TimerWait`): with a 16-byte handler it is now a
//! 120-byte task in a 120-byte block.
//!
//! Why lines less the header: glibc's malloc puts an 8-byte header before each chunk, so a
//! block of 128 bytes was a chunk of 144, and 16 bytes more per pending wait. And glibc frees a
//! chunk of at most 128 bytes to a "fast bin", a push onto a list, while a larger one is merged
//! with its free neighbours: with a million waits fired in deadline order, not in the order
//! they were made, each merge read cold memory, and `unlink_chunk` and `_int_free` were ~40 %
//! of the firing. A size-class allocator (jemalloc, mimalloc) puts 120 bytes in its 128-byte
//! class: nothing is lost there. The echo loops (`tests/tokens_closure_memory.rs`, the echo
//! bench) still allocate nothing per operation: the cache keeps the larger blocks.
//!
//! Whichever thread frees a block gives it to its own cache: the memory is the global
//! allocator's, so a block made on one thread and freed on another is just as good there.
//!
//! This is a thread-local of its own, with a destructor (it owns the cached blocks). Once it is
//! gone (the thread is exiting), [`take_block`] allocates and [`give_block`] frees.

use std::alloc::Layout;
use std::cell::Cell;
use std::mem::ManuallyDrop;
use std::ptr::NonNull;

/// The alignment of every block: a block holds any type aligned to at most 16.
pub(crate) const BLOCK_ALIGN: usize = 16;

/// A block of task memory: `size` bytes aligned to [`BLOCK_ALIGN`], uninitialised, owned (its
/// drop frees it).
pub(crate) struct Block {
    /// # Invariant
    /// From the global allocator with `layout(size)`, and owned by this value.
    ptr: NonNull<u8>,
    size: usize,
}

impl Block {
    /// A new block of [`block_size`]`(size)` bytes.
    #[cold]
    fn fresh(size: usize) -> Block {
        let size = block_size(size);
        let layout = layout(size);
        // SAFETY: the layout's size is not zero (`block_size` is at least 56).
        #[allow(unsafe_code)]
        let ptr = unsafe { std::alloc::alloc(layout) };
        match NonNull::new(ptr) {
            Some(ptr) => Block { ptr, size },
            None => std::alloc::handle_alloc_error(layout),
        }
    }

    /// The block's size in bytes.
    #[inline]
    pub(crate) fn size(&self) -> usize {
        self.size
    }

    /// Gives up ownership: the caller owns the memory, until [`Block::from_raw`] with the
    /// same size.
    #[inline]
    pub(crate) fn into_raw(self) -> NonNull<u8> {
        ManuallyDrop::new(self).ptr
    }

    /// Takes back a block that [`Block::into_raw`] gave up.
    ///
    /// # Safety
    /// `ptr` is what `into_raw` returned for a block of `size` bytes, this is its only
    /// `from_raw`, and nothing touches the memory afterwards.
    #[allow(unsafe_code)]
    #[inline]
    pub(crate) unsafe fn from_raw(ptr: NonNull<u8>, size: usize) -> Block {
        Block { ptr, size }
    }
}

impl Drop for Block {
    fn drop(&mut self) {
        // SAFETY: the memory is from the global allocator with this layout, and owned
        // (invariant).
        #[allow(unsafe_code)]
        unsafe {
            std::alloc::dealloc(self.ptr.as_ptr(), layout(self.size));
        }
    }
}

/// The layout of a block of `size` bytes.
fn layout(size: usize) -> Layout {
    Layout::from_size_align(size, BLOCK_ALIGN).expect("a task's size fits a layout")
}

/// The allocator's chunk header (one word in glibc and musl) that [`block_size`] leaves room
/// for.
const ALLOC_HEADER: usize = std::mem::size_of::<usize>();
/// A cache line.
const LINE: usize = 64;

/// The size of the block made for `size` bytes: with [`ALLOC_HEADER`], a whole number of
/// cache lines (56, 120, 184, ... bytes). A multiple of 8, as the allocator's chunks are.
const fn block_size(size: usize) -> usize {
    let lines = (if size == 0 { 1 } else { size } + ALLOC_HEADER).div_ceil(LINE);
    lines * LINE - ALLOC_HEADER
}

/// Blocks one thread keeps (Asio keeps 2 per purpose; an echo handler makes its next
/// operation before its own block is freed, so 1 suffices there).
const SLOTS: usize = 4;
/// The largest block kept, in bytes: the block made for 4 KiB.
pub(crate) const CACHED_MAX: usize = block_size(4096);

/// The cached blocks: a stack, the most recently freed last (the likeliest to fit the next
/// operation, which is usually of the kind that just completed, and the warmest in cache).
///
/// Cells rather than a `RefCell`: [`Cache::take`] and [`Cache::give`] hold no borrow across a
/// call that could come back here (a block's drop only frees memory), so each slot is moved
/// out and back with plain loads and stores.
struct Cache {
    /// `slots[..len]` hold blocks; the others are `None`.
    slots: [Cell<Option<Block>>; SLOTS],
    /// At most [`SLOTS`].
    len: Cell<usize>,
}

thread_local! {
    /// This thread's cache. Only its own thread touches it.
    static BLOCKS: Cache = const {
        Cache { slots: [const { Cell::new(None) }; SLOTS], len: Cell::new(0) }
    };
}

/// Returns a block of at least `size` bytes: a cached one that is big enough, else a fresh one.
#[inline]
pub(crate) fn take_block(size: usize) -> Block {
    if size <= CACHED_MAX {
        if let Ok(Some(block)) = BLOCKS.try_with(|c| c.take(size)) {
            return block;
        }
    }
    Block::fresh(size)
}

/// Keeps `block` for this thread's next [`take_block`], or frees it: it is too large, the cache
/// is full of blocks at least as large, or the thread is exiting.
#[inline]
pub(crate) fn give_block(block: Block) {
    if block.size > CACHED_MAX {
        return;
    }
    let _ = BLOCKS.try_with(|c| c.give(block));
}

impl Cache {
    /// Takes the most recent block of at least `need` bytes.
    #[inline]
    fn take(&self, need: usize) -> Option<Block> {
        let len = self.len.get().min(SLOTS);
        for i in (0..len).rev() {
            let slot = &self.slots[i];
            match slot.take() {
                Some(block) if block.size >= need => {
                    // The last block fills the hole (the order of the others matters little).
                    let top = len - 1;
                    if i != top {
                        slot.set(self.slots[top].take());
                    }
                    self.len.set(top);
                    return Some(block);
                }
                other => slot.set(other),
            }
        }
        None
    }

    /// Keeps `block`: on top, or, when full, in place of the smallest block if that is smaller
    /// (which goes back to the allocator); else `block` goes.
    #[inline]
    fn give(&self, block: Block) {
        let len = self.len.get();
        if len < SLOTS {
            self.slots[len].set(Some(block));
            self.len.set(len + 1);
        } else {
            self.give_full(block);
        }
    }

    #[cold]
    fn give_full(&self, block: Block) {
        let size = |slot: &Cell<Option<Block>>| {
            let b = slot.take();
            let n = b.as_ref().map_or(0, Block::size);
            slot.set(b);
            n
        };
        let smallest = self
            .slots
            .iter()
            .min_by_key(|s| size(s))
            .expect("the cache has slots");
        if size(smallest) < block.size {
            smallest.set(Some(block));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_block_and_its_allocator_header_fill_whole_cache_lines() {
        assert_eq!(block_size(0), 56);
        assert_eq!(block_size(56), 56);
        assert_eq!(block_size(57), 120);
        // A closure-token timer wait's task: 120 bytes, a 128-byte chunk in glibc, at most
        // the size that it frees to a fast bin.
        assert_eq!(block_size(120), 120);
        assert_eq!(block_size(121), 184);
        assert_eq!(CACHED_MAX, 4152);
        for size in 0..5000 {
            let b = block_size(size);
            assert!(
                b >= size && b % 8 == 0 && (b + ALLOC_HEADER) % LINE == 0,
                "{size}: {b}"
            );
            assert!(b < size.max(1) + LINE, "{size}: {b}");
        }
    }

    #[test]
    fn blocks_are_reused_and_keep_their_size() {
        let a = take_block(100);
        assert_eq!(
            a.size(),
            120,
            "100 bytes: two lines, less the allocator's header"
        );
        let addr = a.into_raw();
        // SAFETY: `addr` is what `into_raw` returned, for 120 bytes.
        #[allow(unsafe_code)]
        give_block(unsafe { Block::from_raw(addr, 120) });
        let b = take_block(60);
        assert_eq!((b.ptr, b.size()), (addr, 120), "the cached block, whole");
        let timer = take_block(152);
        assert_eq!(timer.size(), 184, "152 bytes: three lines");
        assert_eq!(timer.ptr.as_ptr() as usize % BLOCK_ALIGN, 0);
        give_block(timer);
        let big = take_block(CACHED_MAX + 1);
        assert_eq!(big.size(), CACHED_MAX + LINE, "never cached");
        give_block(big);
        give_block(b);
    }

    #[test]
    fn a_full_cache_keeps_the_largest_blocks() {
        let small: Vec<Block> = (0..SLOTS).map(|_| take_block(64)).collect();
        let large = take_block(1024);
        small.into_iter().for_each(give_block);
        give_block(large);
        let kept = take_block(1000);
        assert_eq!(kept.size(), 1080, "the large block replaced a small one");
        give_block(kept);
    }
}
