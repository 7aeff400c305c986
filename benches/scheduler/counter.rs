//! A thread-local handler counter, the same for every contestant: one non-atomic increment per
//! handler, and a target so the last handler knows it is the last.

use std::cell::Cell;

thread_local! {
    static COUNT: Cell<u64> = const { Cell::new(0) };
    static TARGET: Cell<u64> = const { Cell::new(u64::MAX) };
}

/// Resets the count to zero and sets the target.
pub fn reset(target: u64) {
    COUNT.with(|c| c.set(0));
    TARGET.with(|t| t.set(target));
}

/// Counts one handler; returns true when the count has just reached the target.
#[inline]
pub fn bump() -> bool {
    let n = COUNT.with(|c| {
        let n = c.get() + 1;
        c.set(n);
        n
    });
    n == TARGET.with(Cell::get)
}

/// Returns the count.
pub fn get() -> u64 {
    COUNT.with(Cell::get)
}

/// Asserts that exactly `expected` handlers ran, naming the contestant and scenario.
pub fn check(who: &str, scenario: &str, expected: u64) {
    let got = get();
    assert_eq!(
        got, expected,
        "{who} {scenario}: {got} handlers ran, expected {expected}"
    );
}
