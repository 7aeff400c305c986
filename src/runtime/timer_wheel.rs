//! `TimerWheel`: deadlines in firing order, O(1) to add and to fire.
//!
//! A hashed wheel of [`SLOTS`] one-millisecond slots covers the next ~1 s; later deadlines wait
//! in an overflow heap and move into the wheel as it turns. A slot is a plain vector, so adding a
//! deadline is a push and firing a millisecond's deadlines is a sort of a short vector: no
//! heap walk over a million entries (a profile of C++ Asio with 1M timers spends ~31% in its
//! heap's `remove_timer`).
//!
//! A slot is sorted once, latest first, when it first fires, and then fired from its end: each
//! entry costs a pop, however many firing calls (batches of the run loop) it takes to empty
//! the slot. A slot fired from its front, and sorted again on every call, cost O(slot length)
//! per batch: a backlog of 1 M due timers over 100 ms (10 k per slot) took 16 s to fire.
//!
//! Entries are `(deadline in ns since the queue's base, id)`. The wheel never looks inside an
//! id; stale ids (cancelled waits) are skipped by the caller when they fire, and dropped in bulk
//! by [`TimerWheel::retain`]. Ids are ordered only to make sorting a slot total.

use std::cmp::Reverse;
use std::collections::BinaryHeap;

/// Slots in the wheel (one millisecond each).
const SLOTS: usize = 1024;
const NS_PER_SLOT: u64 = 1_000_000;
const WORDS: usize = SLOTS / 64;
/// Emptied slots' vectors kept for the next slots to fill.
const SPARES: usize = 4;

/// One deadline: nanoseconds since the queue's base, and the caller's id.
pub(crate) type Entry<I> = (u64, I);

/// Deadlines, earliest fired first.
#[derive(Debug)]
pub(crate) struct TimerWheel<I> {
    /// The tick (millisecond since base) of the slot at the wheel's start: every entry of an
    /// earlier tick has been fired.
    tick: u64,
    /// `slots[t % SLOTS]` holds the entries of tick `t`, for `tick <= t < tick + SLOTS`.
    slots: Vec<Vec<Entry<I>>>,
    /// The earliest deadline in each slot (`u64::MAX` when empty).
    slot_min: Vec<u64>,
    /// One bit per non-empty slot.
    occupied: [u64; WORDS],
    /// One bit per slot being fired: it is sorted latest first, and fired from its end. Set
    /// when the slot first fires, cleared when it is empty; other slots are in push order.
    firing: [u64; WORDS],
    /// Entries beyond the wheel's horizon, smallest first.
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
        let t = (entry.0 / NS_PER_SLOT).max(self.tick);
        if t < self.tick + SLOTS as u64 {
            self.put(t, entry);
        } else {
            self.overflow.push(Reverse(entry));
        }
    }

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
        match self.first_occupied() {
            Some(i) => Some(self.slot_min[i]),
            None => self.overflow.peek().map(|Reverse(e)| e.0),
        }
    }

    /// Returns the index of the first non-empty slot, in wheel order from the current tick.
    fn first_occupied(&self) -> Option<usize> {
        let start = (self.tick % SLOTS as u64) as usize;
        (0..=WORDS).find_map(|k| {
            let w = (start / 64 + k) % WORDS;
            let mut bits = self.occupied[w];
            if k == 0 {
                bits &= !0u64 << (start % 64); // Slots before the start are later ticks.
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
    pub(crate) fn expire(
        &mut self,
        now: u64,
        budget: usize,
        mut fire: impl FnMut(I) -> bool,
    ) -> usize {
        let now_tick = now / NS_PER_SLOT;
        if self.occupied == [0; WORDS] && now_tick > self.tick {
            // Nothing in the wheel: jump (after a long idle time) instead of turning slot by slot.
            self.tick = now_tick - 1;
            self.advance();
        }
        let mut fired = 0;
        while self.tick <= now_tick && fired < budget {
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

    /// Fires slot `i`'s entries due at `now`, earliest first, until `fire` has returned true
    /// `budget` times (at least 1); returns how many did. The rest stay sorted in the slot.
    fn expire_slot(
        &mut self,
        i: usize,
        now: u64,
        budget: usize,
        fire: &mut impl FnMut(I) -> bool,
    ) -> usize {
        let bit = 1 << (i % 64);
        let slot = &mut self.slots[i];
        if self.firing[i / 64] & bit == 0 {
            slot.sort_unstable_by(|a, b| b.cmp(a));
            self.firing[i / 64] |= bit;
        }
        let mut fired = 0;
        while fired < budget {
            match slot.last() {
                Some(&(ns, id)) if ns <= now => {
                    slot.pop();
                    self.len -= 1;
                    fired += usize::from(fire(id));
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

    /// Moves the wheel's start one tick on, and the overflow entries now in range into it.
    fn advance(&mut self) {
        self.tick += 1;
        let horizon = (self.tick + SLOTS as u64) * NS_PER_SLOT;
        while let Some(&Reverse(e)) = self.overflow.peek() {
            if e.0 >= horizon {
                break;
            }
            self.overflow.pop();
            self.put((e.0 / NS_PER_SLOT).max(self.tick), e);
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
        self.overflow.retain(|Reverse(e)| live(e.1));
        self.len = self.slots.iter().map(Vec::len).sum::<usize>() + self.overflow.len();
    }

    /// Removes every entry.
    pub(crate) fn clear(&mut self) {
        self.slots.iter_mut().for_each(Vec::clear);
        self.slot_min.iter_mut().for_each(|m| *m = u64::MAX);
        self.occupied = [0; WORDS];
        self.firing = [0; WORDS];
        self.overflow.clear();
        self.len = 0;
    }
}

#[cfg(test)]
#[path = "timer_wheel_tests.rs"]
mod tests;
