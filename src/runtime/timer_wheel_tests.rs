//! The timer wheel's tests: firing order, budgets, the overflow, and the cost of firing a
//! slot in batches.

use super::*;

fn fired(w: &mut TimerWheel<u64>, now: u64) -> Vec<u64> {
    let mut out = Vec::new();
    w.expire(now, usize::MAX, |id, _| {
        out.push(id);
        true
    });
    out
}

#[test]
fn fires_in_deadline_order_across_slots_and_overflow() {
    let mut w = TimerWheel::new(0);
    let ms = NS_PER_SLOT;
    for (i, d) in [5 * ms, 3 * ms + 1, 3 * ms, 2_000 * ms, 1_500 * ms, 0]
        .iter()
        .enumerate()
    {
        w.push((*d, i as u64));
    }
    assert_eq!(w.next_deadline(), Some(0));
    assert_eq!(fired(&mut w, 3 * ms), [5, 2]);
    assert_eq!(w.next_deadline(), Some(3 * ms + 1));
    assert_eq!(fired(&mut w, 1_499 * ms), [1, 0]);
    assert_eq!(w.next_deadline(), Some(1_500 * ms));
    assert_eq!(fired(&mut w, 3_000 * ms), [4, 3]);
    assert_eq!((w.len(), w.next_deadline()), (0, None));
}

#[test]
fn a_budget_stops_firing_and_the_rest_stays_due_in_order() {
    let mut w = TimerWheel::new(0);
    let ms = NS_PER_SLOT;
    for (i, d) in [3 * ms + 2, ms, 3 * ms, 3 * ms + 1, 2 * ms]
        .iter()
        .enumerate()
    {
        w.push((*d, i as u64));
    }
    let mut out = Vec::new();
    let mut take = |w: &mut TimerWheel<u64>, budget| {
        w.expire(10 * ms, budget, |id, _| {
            out.push(id);
            id != 4 // A stale entry: skipped, not counted.
        })
    };
    assert_eq!(take(&mut w, 2), 2, "1 and 2 count; 4 (stale) does not");
    assert_eq!(
        w.next_deadline(),
        Some(3 * ms + 1),
        "still due, ahead of the rest"
    );
    assert_eq!(take(&mut w, 1), 1);
    assert_eq!(take(&mut w, 5), 1);
    assert_eq!(out, [1, 4, 2, 3, 0]);
    assert_eq!((w.len(), w.next_deadline()), (0, None));
}

#[test]
fn a_past_deadline_fires_on_the_next_expire() {
    let mut w = TimerWheel::new(0);
    assert!(fired(&mut w, 10 * NS_PER_SLOT).is_empty());
    w.push((NS_PER_SLOT, 7));
    assert_eq!(fired(&mut w, 10 * NS_PER_SLOT), [7]);
}

#[test]
fn wraps_around_the_wheel_and_retains_live_entries() {
    let mut w = TimerWheel::new(0);
    let ms = NS_PER_SLOT;
    let mut expected = Vec::new();
    for i in 0..5_000u64 {
        w.push((i * 7 * ms / 10, i));
        if i % 3 != 0 {
            expected.push(i);
        }
    }
    w.retain(|id| id % 3 != 0);
    assert_eq!(w.len(), expected.len());
    let mut all = Vec::new();
    for step in 0..4_000u64 {
        all.extend(fired(&mut w, step * ms));
    }
    assert_eq!(all, expected);
}

#[test]
fn a_slot_fired_in_many_batches_keeps_its_order_and_takes_pushes_in_place() {
    let mut w = TimerWheel::new(0);
    let ms = NS_PER_SLOT;
    for i in 0..1_000u64 {
        w.push((ms + (i * 7_919) % 1_000, i)); // One slot, out of order.
    }
    let mut out = Vec::new();
    let mut take = |w: &mut TimerWheel<u64>, now, budget| {
        w.expire(now, budget, |id, _| {
            out.push(id);
            true
        })
    };
    assert_eq!(take(&mut w, ms + 500, 64), 64);
    // Pushed into the slot being fired: one due at once, one among the rest, one later.
    w.push((ms, 5_000));
    w.push((ms + 700, 5_001));
    w.push((ms + 999, 5_002));
    while take(&mut w, ms + 999, 64) > 0 {}
    let deadline = |id: u64| match id {
        5_000 => ms,
        5_001 => ms + 700,
        5_002 => ms + 999,
        i => ms + (i * 7_919) % 1_000,
    };
    assert_eq!(out.len(), 1_003, "each entry fired once");
    assert!(
        out.windows(2)
            .skip(64)
            .all(|p| deadline(p[0]) <= deadline(p[1])),
        "after the first batch, in deadline order"
    );
    assert_eq!(out[64], 5_000, "the one already due fires next");
    assert_eq!((w.len(), w.next_deadline()), (0, None));
}

#[test]
fn deadlines_within_a_minute_wait_in_spans_and_later_ones_in_the_heap() {
    let mut w = TimerWheel::new(0);
    let s = 1_000 * NS_PER_SLOT;
    for i in 0..1_000u64 {
        w.push(((i * 7_919) % 1_000 * 60 * s / 1_000, i)); // Over the next 60 s.
    }
    w.push((100 * s, 1_000));
    assert_eq!(w.overflow.len(), 1, "only the one 100 s out");
    assert!(
        w.in_spans > 900,
        "most of them are in spans: {}",
        w.in_spans
    );
    let mut all = Vec::new();
    let mut now = 0;
    while w.len() > 0 {
        now += s / 10;
        w.expire(now, 64, |id, _| {
            all.push(id);
            true
        });
    }
    let deadline = |id: u64| {
        if id == 1_000 {
            100 * s
        } else {
            (id * 7_919) % 1_000 * 60 * s / 1_000
        }
    };
    assert_eq!(all.len(), 1_001);
    assert!(
        all.windows(2).all(|p| deadline(p[0]) <= deadline(p[1])),
        "in deadline order"
    );
    assert_eq!(w.next_deadline(), None);
}

/// An id that counts its comparisons: the work of firing, without a clock.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
struct Counted(u64);

thread_local! {
    static COMPARED: std::cell::Cell<u64> = const { std::cell::Cell::new(0) };
}

impl Ord for Counted {
    fn cmp(&self, other: &Self) -> std::cmp::Ordering {
        COMPARED.with(|c| c.set(c.get() + 1));
        self.0.cmp(&other.0)
    }
}

impl PartialOrd for Counted {
    fn partial_cmp(&self, other: &Self) -> Option<std::cmp::Ordering> {
        Some(self.cmp(other))
    }
}

#[test]
fn firing_a_full_slot_in_batches_sorts_it_once() {
    // 10 k timers with one deadline (idle timeouts set in one loop), fired 64 per call
    // as the run loop does: 157 calls. Sorting once costs ~n log n (147 k comparisons);
    // sorting what is left on every call cost ~n² / 128 more (924 k in all).
    let mut w = TimerWheel::new(0);
    let n = 10_000u64;
    for i in 0..n {
        w.push((NS_PER_SLOT, Counted((i * 7_919) % n)));
    }
    COMPARED.with(|c| c.set(0));
    let (mut calls, mut last) = (0, None);
    loop {
        let fired = w.expire(NS_PER_SLOT, 64, |id, _| {
            assert!(last < Some(id), "in order");
            last = Some(id);
            true
        });
        if fired == 0 {
            break;
        }
        calls += 1;
    }
    assert_eq!((calls, w.len()), (157, 0));
    let compared = COMPARED.with(std::cell::Cell::get);
    assert!(compared < 300_000, "{compared} comparisons");
}

proptest::proptest! {
    /// Against a model that fires the earliest due entries first, at three time scales (up
    /// to milliseconds, seconds, and minutes: slots, spans and the overflow heap): pushes,
    /// some already due and many into one slot, between firing calls with small budgets;
    /// after each call the wheel's next deadline is the model's.
    #[test]
    fn fires_the_earliest_due_entries_first(
        ops in proptest::collection::vec(
            (0u8..3, 0u64..6_000_000, proptest::sample::select(vec![1u64, 1_000, 30_000]), 1usize..9),
            1..300,
        )
    ) {
        let mut w = TimerWheel::new(0);
        let mut model = std::collections::BTreeSet::new();
        let (mut now, mut next_id) = (0u64, 0u64);
        for (kind, x, scale, budget) in ops {
            if kind < 2 {
                // From 2 units in the past (due at once) to 4 ahead (a unit is 1 ms * scale).
                let ns = (now + x * scale).saturating_sub(2_000_000 * scale);
                w.push((ns, next_id));
                model.insert((ns, next_id));
                next_id += 1;
            } else {
                now += x * scale / 3;
                let mut got = Vec::new();
                w.expire(now, budget, |id, _| {
                    got.push(id);
                    true
                });
                let want: Vec<u64> =
                    model.iter().filter(|e| e.0 <= now).take(budget).map(|e| e.1).collect();
                for id in &want {
                    model.retain(|e| e.1 != *id);
                }
                proptest::prop_assert_eq!(got, want);
                proptest::prop_assert_eq!(w.len(), model.len());
                proptest::prop_assert_eq!(w.next_deadline(), model.first().map(|e| e.0));
            }
        }
    }
}
