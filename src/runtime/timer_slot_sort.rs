//! Sorting a timer wheel slot for firing: latest first, by deadline then id, as
//! `slot.sort_unstable_by(|a, b| b.cmp(a))` does, but in linear time for a long slot.
//!
//! A slot holds one millisecond's deadlines (and any pushed late into the current tick), so in
//! a long slot they nearly always span less than 2^20 ns. Then the slot is sorted by a
//! least-significant-digit radix sort of each deadline's distance below the latest, in two
//! passes of 10 bits, and the runs of equal deadlines (rare, except for timers set in one loop
//! to one instant) by their ids. With a million timers over 1 s (1 000 per slot) or a backlog
//! over 100 ms (10 000 per slot), the comparison sort cost ~215 instructions per wait
//! (callgrind, a backlog of 1 000 per slot); the radix passes cost ~97.

/// The shortest slot sorted by radix; a shorter one is sorted by comparisons, which cost less
/// than clearing two tables of [`BUCKETS`] counts.
const RADIX_MIN: usize = 256;
/// Bits per radix pass.
const DIGIT: u32 = 10;
const BUCKETS: usize = 1 << DIGIT;

/// Sorts `slot` latest first (by deadline, then id, both descending), using `scratch` (left
/// empty, with its capacity) for a radix sort.
pub(super) fn sort_latest_first<I: Ord + Copy>(slot: &mut [(u64, I)], scratch: &mut Vec<(u64, I)>) {
    let Some(&first) = slot.first() else {
        return;
    };
    if slot.len() < RADIX_MIN {
        slot.sort_unstable_by(|a, b| b.cmp(a));
        return;
    }
    let (lo, hi) = slot
        .iter()
        .fold((u64::MAX, 0), |(lo, hi), e| (lo.min(e.0), hi.max(e.0)));
    if hi - lo >= 1 << (2 * DIGIT) {
        slot.sort_unstable_by(|a, b| b.cmp(a));
        return;
    }
    // The key: how far below the latest deadline, so that ascending keys are latest first.
    let key = |e: &(u64, I)| (hi - e.0) as usize;
    let mut counts = [[0u32; BUCKETS]; 2];
    for e in slot.iter() {
        let k = key(e);
        counts[0][k & (BUCKETS - 1)] += 1;
        counts[1][k >> DIGIT] += 1;
    }
    scratch.clear();
    scratch.resize(slot.len(), first);
    // Stable passes, low digit then high: slot -> scratch -> slot.
    scatter(slot, scratch, &mut counts[0], |e| key(e) & (BUCKETS - 1));
    scatter(scratch, slot, &mut counts[1], |e| key(e) >> DIGIT);
    scratch.clear();
    // Equal deadlines: by id, descending.
    let mut start = 0;
    while start < slot.len() {
        let ns = slot[start].0;
        let end = start + slot[start..].iter().take_while(|e| e.0 == ns).count();
        if end - start > 1 {
            slot[start..end].sort_unstable_by_key(|e| std::cmp::Reverse(e.1));
        }
        start = end;
    }
}

/// Moves every entry of `from` into `to`, in bucket order and stably within a bucket, with
/// `counts` the number of entries in each bucket (turned into the buckets' start offsets).
fn scatter<E: Copy>(
    from: &[E],
    to: &mut [E],
    counts: &mut [u32; BUCKETS],
    bucket: impl Fn(&E) -> usize,
) {
    let mut at = 0;
    for c in counts.iter_mut() {
        let n = *c;
        *c = at;
        at += n;
    }
    for e in from {
        let b = bucket(e);
        to[counts[b] as usize] = *e;
        counts[b] += 1;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    proptest::proptest! {
        /// The same order as the comparison sort, for slots short and long, with deadlines
        /// within a millisecond, up to 2^21 ns apart, and many equal.
        #[test]
        fn sorts_as_the_comparison_sort_does(
            entries in proptest::collection::vec((0u64..4, 0u64..2_000_000, 0u32..50), 0..1500),
            spread in proptest::sample::select(vec![1u64, 1_000, 1 << 20, 1 << 21]),
        ) {
            let mut slot: Vec<(u64, (u32, u64))> = entries
                .iter()
                .enumerate()
                .map(|(i, &(tie, ns, id))| (5_000_000 + if tie == 0 { 7 } else { ns % spread }, (id, i as u64)))
                .collect();
            let mut want = slot.clone();
            want.sort_unstable_by(|a, b| b.cmp(a));
            let mut scratch = Vec::new();
            sort_latest_first(&mut slot, &mut scratch);
            proptest::prop_assert_eq!(slot, want);
            proptest::prop_assert!(scratch.is_empty());
        }
    }
}
