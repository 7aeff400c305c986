//! This thread's cache of task blocks: the memory of closure-token operations, recycled per
//! thread as Asio's `thread_info_base` recycles handler memory.
//!
//! A block is a boxed slice of 16-byte chunks. A fresh block's size is the size asked for
//! rounded up to a multiple of a 64-byte cache line ([`MIN_CHUNKS`] chunks), and a reused block
//! keeps its own size, so the blocks of a thread's operations become interchangeable: a read's
//! block serves the next write, and the other way round. The cache holds at most [`SLOTS`]
//! blocks of at most [`CACHED_MAX`] bytes, so a thread keeps at most 16 KiB here. A block given
//! back to a full cache replaces its smallest block if it is larger (so the cache drifts
//! towards blocks big enough for what the thread runs), else it goes back to the allocator. A
//! block larger than [`CACHED_MAX`] is never cached.
//!
//! Why lines, not powers of two: a power of two makes more sizes meet, but wastes up to half
//! of each block, and a program with many pending operations pays for it in memory, cache and
//! TLB reach. A timer wait's task, 152 bytes then, took 256 bytes (64 MB more for a million
//! pending waits); it took 192 in lines, and the 1 M-timer fire bench scheduled ~10 % faster and
//! fired faster. Its trace name then shrank (`TimerWait`), and its 120 bytes take 128. The
//! echo loops (`tests/tokens_closure_memory.rs`, the echo bench) still allocate nothing per
//! operation: the cache keeps the larger blocks.
//!
//! Whichever thread frees a block gives it to its own cache: the memory is the global
//! allocator's, so a block made on one thread and freed on another is just as good there.
//!
//! This is a thread-local of its own, with a destructor (it owns the cached blocks). Once it is
//! gone (the thread is exiting), [`take_block`] allocates and [`give_block`] frees.

use std::cell::Cell;
use std::mem::MaybeUninit;

/// One chunk of a block: 16 bytes, aligned to 16, so a block holds any type of alignment up
/// to 16.
#[derive(Clone, Copy)]
#[repr(C, align(16))]
pub(crate) struct Chunk(#[allow(dead_code)] [u8; 16]);

/// A block of task memory: uninitialised chunks, owned.
pub(crate) type Block = Box<[MaybeUninit<Chunk>]>;

/// Blocks one thread keeps (Asio keeps 2 per purpose; an echo handler makes its next
/// operation before its own block is freed, so 1 suffices there).
const SLOTS: usize = 4;
/// The smallest block made, in chunks (64 bytes, a cache line); every block made is a multiple
/// of it.
const MIN_CHUNKS: usize = 4;
/// The largest block kept, in bytes.
pub(crate) const CACHED_MAX: usize = 4096;
const CACHED_MAX_CHUNKS: usize = CACHED_MAX / std::mem::size_of::<Chunk>();

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
    let need = size.div_ceil(std::mem::size_of::<Chunk>());
    if need <= CACHED_MAX_CHUNKS {
        if let Ok(Some(block)) = BLOCKS.try_with(|c| c.take(need)) {
            return block;
        }
    }
    fresh(need)
}

/// Keeps `block` for this thread's next [`take_block`], or frees it: it is too large, the cache
/// is full of blocks at least as large, or the thread is exiting.
#[inline]
pub(crate) fn give_block(block: Block) {
    if block.len() > CACHED_MAX_CHUNKS {
        return;
    }
    let _ = BLOCKS.try_with(|c| c.give(block));
}

impl Cache {
    /// Takes the most recent block of at least `need` chunks.
    #[inline]
    fn take(&self, need: usize) -> Option<Block> {
        let len = self.len.get().min(SLOTS);
        for i in (0..len).rev() {
            let slot = &self.slots[i];
            match slot.take() {
                Some(block) if block.len() >= need => {
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
            let n = b.as_ref().map_or(0, |b| b.len());
            slot.set(b);
            n
        };
        let smallest = self
            .slots
            .iter()
            .min_by_key(|s| size(s))
            .expect("the cache has slots");
        if size(smallest) < block.len() {
            smallest.set(Some(block));
        }
    }
}

/// A new block of at least `need` chunks. The cached sizes are made as arrays, which the
/// optimiser allocates without touching (their contents are uninitialised); others by `vec!`.
#[cold]
fn fresh(need: usize) -> Block {
    fn block<const N: usize>() -> Block {
        Box::new([MaybeUninit::<Chunk>::uninit(); N])
    }
    // One arm per multiple of MIN_CHUNKS (a 64-byte cache line) up to CACHED_MAX_CHUNKS.
    const _: () = assert!(MIN_CHUNKS == 4 && CACHED_MAX_CHUNKS == 256);
    macro_rules! by_line {
        ($($n:literal)*) => {
            match need.max(1).next_multiple_of(MIN_CHUNKS) {
                $($n => block::<$n>(),)*
                _ => vec![MaybeUninit::<Chunk>::uninit(); need].into_boxed_slice(),
            }
        };
    }
    by_line!(4 8 12 16 20 24 28 32 36 40 44 48 52 56 60 64 68 72 76 80 84 88 92 96 100 104 108
        112 116 120 124 128 132 136 140 144 148 152 156 160 164 168 172 176 180 184 188 192 196
        200 204 208 212 216 220 224 228 232 236 240 244 248 252 256)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn blocks_are_reused_and_keep_their_size() {
        let a = take_block(100);
        assert_eq!(a.len(), 8, "100 bytes: 7 chunks, rounded up to 8");
        let addr = a.as_ptr();
        give_block(a);
        let b = take_block(60);
        assert_eq!((b.as_ptr(), b.len()), (addr, 8), "the cached block, whole");
        let timer = take_block(152);
        assert_eq!(
            timer.len(),
            12,
            "152 bytes: 10 chunks, rounded up to 3 cache lines"
        );
        give_block(timer);
        let big = take_block(CACHED_MAX + 1);
        assert_eq!(big.len(), CACHED_MAX_CHUNKS + 1, "exact, never cached");
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
        assert_eq!(kept.len(), 64, "the large block replaced a small one");
        give_block(kept);
    }
}
