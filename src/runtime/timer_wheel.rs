//! `TimerWheel`: deadlines in firing order, O(1) to add and to fire.
//!
//! Two levels, as in hierarchical timing wheels (Varghese and Lauck; Linux and tokio use the
//! same idea), and an overflow heap. Time is cut in **blocks** of [`BLOCK`] one-millisecond
//! ticks (~1 s):
//! - the current tick's block and the next one, in [`SLOTS`] one-millisecond slots, so every
//!   deadline within a block's length of now goes straight into its slot;
//! - the [`SPANS`] − 2 blocks after those (~62 s), one span each, unsorted;
//! - later deadlines in a heap.
//!
//! When the wheel's tick enters a new block, the span of the block after it is spread into the
//! slots (a push per entry), a whole block before any of it is due, and heap entries now within
//! the spans' reach move into theirs. Every slot entry is earlier than every span entry, which
//! is earlier than every heap entry, so the earliest deadline is the first non-empty slot's,
//! else the first non-empty span's, else the heap's.
//! A slot is a plain vector, so adding a deadline is a push and firing a millisecond's
//! deadlines is a sort of a short vector: no heap walk over a million entries (a profile of C++
//! Asio with 1M timers spends ~31% in its heap's `remove_timer`). A deadline up to a minute
//! out never touches the heap: with one level and the heap behind it, a backlog of 1 M waits
//! 2 s out spent 45 % of its firing in `BinaryHeap::pop`.
//!
//! A slot is sorted once, latest first, when it first fires (in linear time for a long slot:
//! `timer_slot_sort`), and then fired from its end: each entry costs a pop, however many
//! firing calls (batches of the run loop) it takes to empty the slot. A slot fired from its
//! front, and sorted again on every call, cost O(slot length) per batch: a backlog of 1 M due
//! timers over 100 ms (10 k per slot) took 16 s to fire.
//!
//! Entries are `(deadline in ns since the queue's base, id)`. The wheel never looks inside an
//! id; stale ids (cancelled waits) are skipped by the caller when they fire, and dropped in bulk
//! by [`TimerWheel::retain`]. Ids are ordered only to make sorting a slot total.

use std::cmp::Reverse;
use std::collections::BinaryHeap;

use super::timer_slot_sort::sort_latest_first;

/// Ticks (milliseconds) in a block.
const BLOCK: u64 = 1024;
/// Slots: two blocks' ticks, one millisecond each.
const SLOTS: usize = 2 * BLOCK as usize;
const NS_PER_SLOT: u64 = 1_000_000;
const WORDS: usize = SLOTS / 64;
/// Spans: the two blocks in the slots, and the next `SPANS - 2`.
const SPANS: u64 = 64;
/// How far ahead in a slot [`TimerWheel::expire`] names the entry to prefetch for.
const LOOKAHEAD: usize = 8;
/// Emptied slots' vectors kept for the next slots to fill.
const SPARES: usize = 4;

/// One deadline: nanoseconds since the queue's base, and the caller's id.
pub(crate) type Entry<I> = (u64, I);

/// Deadlines, earliest fired first.
#[derive(Debug)]
pub(crate) struct TimerWheel<I> {
    /// The current tick (millisecond since base): every entry of an earlier tick has been
    /// fired. Its block is `tick / BLOCK`.
    tick: u64,
    /// `slots[t % SLOTS]` holds the entries of tick `t`, for the ticks from `tick` to the end
    /// of the block after its own.
    slots: Vec<Vec<Entry<I>>>,
    /// The earliest deadline in each slot (`u64::MAX` when empty).
    slot_min: Vec<u64>,
    /// One bit per non-empty slot.
    occupied: [u64; WORDS],
    /// One bit per slot being fired: it is sorted latest first, and fired from its end. Set
    /// when the slot first fires, cleared when it is empty; other slots are in push order.
    firing: [u64; WORDS],
    /// `spans[b % SPANS]` holds the entries of block `b`, for the `SPANS - 2` blocks after the
    /// two in the slots, in push order.
    spans: Vec<Vec<Entry<I>>>,
    /// The earliest deadline in each span (`u64::MAX` when empty).
    span_min: Vec<u64>,
    /// Entries in the spans.
    in_spans: usize,
    /// Entries of later blocks, smallest first.
    overflow: BinaryHeap<Reverse<Entry<I>>>,
    /// Vectors of slots emptied by firing (at most [`SPARES`]), given to the next slot that
    /// gets its first entry: the capacity turns with the wheel, so a steady stream of timers
    /// allocates nothing, where each of the [`SLOTS`] vectors would allocate on its first use.
    spare: Vec<Vec<Entry<I>>>,
    len: usize,
}

impl<I: Copy + Ord> TimerWheel<I> {
    /// An empty wheel whose first slot is the millisecond of `now` (ns since the base).
    pub(crate) fn new(now: u64) -> TimerWheel<I> {
        TimerWheel {
            tick: now / NS_PER_SLOT,
            slots: (0..SLOTS).map(|_| Vec::new()).collect(),
            slot_min: vec![u64::MAX; SLOTS],
            occupied: [0; WORDS],
            firing: [0; WORDS],
            spans: (0..SPANS).map(|_| Vec::new()).collect(),
            span_min: vec![u64::MAX; SPANS as usize],
            in_spans: 0,
            overflow: BinaryHeap::new(),
            spare: Vec::with_capacity(SPARES),
            len: 0,
        }
    }

    /// Returns how many entries (live or stale) the wheel holds.
    pub(crate) fn len(&self) -> usize {
        self.len
    }

    /// Adds a deadline. One already past goes into the current slot, to fire on the next turn.
    pub(crate) fn push(&mut self, entry: Entry<I>) {
        self.len += 1;
        self.place(entry);
    }

    /// Files an entry (counted in `len`) in its slot, its span or the heap.
    fn place(&mut self, entry: Entry<I>) {
        let t = (entry.0 / NS_PER_SLOT).max(self.tick);
        let (block, current) = (t / BLOCK, self.tick / BLOCK);
        if block <= current + 1 {
            self.put(t, entry);
        } else if block < current + SPANS {
            let k = (block % SPANS) as usize;
            self.spans[k].push(entry);
            self.span_min[k] = self.span_min[k].min(entry.0);
            self.in_spans += 1;
        } else {
            self.overflow.push(Reverse(entry));
        }
    }

    /// Puts an entry of tick `t`, in the current block or the next, in its slot.
    fn put(&mut self, t: u64, entry: Entry<I>) {
        let i = (t % SLOTS as u64) as usize;
        if self.slots[i].capacity() == 0 {
            if let Some(v) = self.spare.pop() {
                self.slots[i] = v;
            }
        }
        let bit = 1 << (i % 64);
        let slot = &mut self.slots[i];
        if self.firing[i / 64] & bit == 0 {
            slot.push(entry);
        } else {
            // Latest first, fired from the end: keep it so. The entry goes at the end unless
            // it is due after the next one to fire (rare: a deadline inside the millisecond
            // being fired, while that has entries left), which costs a shift.
            let at = slot.partition_point(|e| *e > entry);
            slot.insert(at, entry);
        }
        self.slot_min[i] = self.slot_min[i].min(entry.0);
        self.occupied[i / 64] |= bit;
    }

    /// Returns the earliest deadline, if any.
    pub(crate) fn next_deadline(&self) -> Option<u64> {
        if self.len == 0 {
            return None;
        }
        if let Some(i) = self.first_occupied() {
            return Some(self.slot_min[i]);
        }
        if self.in_spans > 0 {
            let current = self.tick / BLOCK;
            let k = (2..SPANS)
                .map(|d| ((current + d) % SPANS) as usize)
                .find(|&k| !self.spans[k].is_empty())
                .expect("in_spans counts the spans' entries");
            return Some(self.span_min[k]);
        }
        self.overflow.peek().map(|Reverse(e)| e.0)
    }

    /// Returns the index of the first non-empty slot, in wheel order from the current tick's
    /// (the slots behind it, up to a whole turn, are empty: their ticks have been fired).
    fn first_occupied(&self) -> Option<usize> {
        let start = (self.tick % SLOTS as u64) as usize;
        (0..=WORDS).find_map(|k| {
            let w = (start / 64 + k) % WORDS;
            let mut bits = self.occupied[w];
            if k == 0 {
                bits &= !0u64 << (start % 64);
            } else if k == WORDS {
                bits &= (1u64 << (start % 64)).wrapping_sub(1);
            }
            (bits != 0).then(|| w * 64 + bits.trailing_zeros() as usize)
        })
    }

    /// Removes the entries due at `now` (ns since base), earliest first, passing each to
    /// `fire`, until `fire` has returned true `budget` times (it returns false for an entry
    /// it skips: a stale one). Returns how many returned true. Entries left due stay in their
    /// slot, in order, for the next call; [`TimerWheel::next_deadline`] then names one of them.
    ///
    /// With each id, `fire` gets the id [`LOOKAHEAD`] entries further on in the same slot, if
    /// there is one, so that it can prefetch what that entry's firing will touch.
    pub(crate) fn expire(
        &mut self,
        now: u64,
        budget: usize,
        mut fire: impl FnMut(I, Option<I>) -> bool,
    ) -> usize {
        let now_tick = now / NS_PER_SLOT;
        let mut fired = 0;
        while self.tick <= now_tick && fired < budget {
            if self.occupied == [0; WORDS] {
                // No slot holds an entry: go straight to `now`, or to the next block.
                if !self.skip_towards(now_tick) {
                    break;
                }
                continue;
            }
            let i = (self.tick % SLOTS as u64) as usize;
            if self.occupied[i / 64] & (1 << (i % 64)) != 0 && self.slot_min[i] <= now {
                fired += self.expire_slot(i, now, budget - fired, &mut fire);
                if fired == budget {
                    // The slot may hold more due entries: stay on its tick (advancing would
                    // put them a whole turn of the wheel late) for the next call.
                    break;
                }
            }
            if self.tick == now_tick {
                break; // The current millisecond is only partly over.
            }
            self.advance();
        }
        fired
    }

    /// With every slot empty, moves the tick on towards `target` (at least the current tick):
    /// to `target` within the block, else to the next block's start, which fills the slots of
    /// the block after it. Returns true when it entered a block (the caller goes on from
    /// there), false when it stopped at `target`.
    fn skip_towards(&mut self, target: u64) -> bool {
        let next_block = (self.tick / BLOCK + 1) * BLOCK;
        if target < next_block || self.len == 0 {
            self.tick = self.tick.max(target); // Nothing is filed in the blocks skipped.
            return false;
        }
        self.tick = next_block;
        self.enter_block();
        true
    }

    /// Fires slot `i`'s entries due at `now`, earliest first, until `fire` has returned true
    /// `budget` times (at least 1); returns how many did. The rest stay sorted in the slot.
    fn expire_slot(
        &mut self,
        i: usize,
        now: u64,
        budget: usize,
        fire: &mut impl FnMut(I, Option<I>) -> bool,
    ) -> usize {
        let bit = 1 << (i % 64);
        let slot = &mut self.slots[i];
        if self.firing[i / 64] & bit == 0 {
            // A spare vector is the radix sort's scratch, and goes back with its capacity.
            let mut scratch = self.spare.pop().unwrap_or_default();
            sort_latest_first(slot, &mut scratch);
            if self.spare.len() < SPARES && scratch.capacity() > 0 {
                self.spare.push(scratch);
            }
            self.firing[i / 64] |= bit;
        }
        let mut fired = 0;
        while fired < budget {
            match slot.last() {
                Some(&(ns, id)) if ns <= now => {
                    slot.pop();
                    self.len -= 1;
                    let ahead = slot.len().checked_sub(LOOKAHEAD).map(|k| slot[k].1);
                    fired += usize::from(fire(id, ahead));
                }
                _ => break,
            }
        }
        self.slot_min[i] = slot.last().map_or(u64::MAX, |e| e.0);
        if slot.is_empty() {
            self.occupied[i / 64] &= !bit;
            self.firing[i / 64] &= !bit;
            if self.spare.len() < SPARES {
                self.spare.push(std::mem::take(slot));
            }
        }
        fired
    }

    /// Moves the wheel's tick one on; entering a new block fills its slots.
    fn advance(&mut self) {
        self.tick += 1;
        if self.tick % BLOCK == 0 {
            self.enter_block();
        }
    }

    /// At the start of a block: spreads the next block's span into the slots (those of the
    /// block before, all fired), and moves the heap's entries now within the spans' reach into
    /// them.
    fn enter_block(&mut self) {
        debug_assert_eq!(self.tick % BLOCK, 0);
        let k = ((self.tick / BLOCK + 1) % SPANS) as usize;
        let mut span = std::mem::take(&mut self.spans[k]);
        self.in_spans -= span.len();
        self.span_min[k] = u64::MAX;
        for e in span.drain(..) {
            let t = (e.0 / NS_PER_SLOT).max(self.tick);
            self.put(t, e);
        }
        self.spans[k] = span; // Empty, with its capacity, for a later block.
        let reach = (self.tick / BLOCK + SPANS) * BLOCK * NS_PER_SLOT;
        while let Some(&Reverse(e)) = self.overflow.peek() {
            if e.0 >= reach {
                break;
            }
            self.overflow.pop();
            self.place(e);
        }
    }

    /// Keeps only the entries whose id satisfies `live` (drops stale ones in bulk).
    pub(crate) fn retain(&mut self, mut live: impl FnMut(I) -> bool) {
        for i in 0..SLOTS {
            let slot = &mut self.slots[i];
            slot.retain(|e| live(e.1)); // Keeps the order of a slot being fired.
            self.slot_min[i] = slot.iter().map(|e| e.0).min().unwrap_or(u64::MAX);
            if slot.is_empty() {
                self.occupied[i / 64] &= !(1 << (i % 64));
                self.firing[i / 64] &= !(1 << (i % 64));
            }
        }
        for (span, min) in self.spans.iter_mut().zip(&mut self.span_min) {
            span.retain(|e| live(e.1));
            *min = span.iter().map(|e| e.0).min().unwrap_or(u64::MAX);
        }
        self.in_spans = self.spans.iter().map(Vec::len).sum();
        self.overflow.retain(|Reverse(e)| live(e.1));
        self.len =
            self.slots.iter().map(Vec::len).sum::<usize>() + self.in_spans + self.overflow.len();
    }

    /// Removes every entry.
    pub(crate) fn clear(&mut self) {
        self.slots.iter_mut().for_each(Vec::clear);
        self.slot_min.iter_mut().for_each(|m| *m = u64::MAX);
        self.occupied = [0; WORDS];
        self.firing = [0; WORDS];
        self.spans.iter_mut().for_each(Vec::clear);
        self.span_min.iter_mut().for_each(|m| *m = u64::MAX);
        self.in_spans = 0;
        self.overflow.clear();
        self.len = 0;
    }
}

#[cfg(test)]
#[path = "timer_wheel_tests.rs"]
mod tests;
