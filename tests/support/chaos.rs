//! The chaos test's bookkeeping: a seeded random generator, and the ledger every initiated
//! operation is entered in.
//!
//! Each operation gets a [`Ticket`] that its completion handler (or the code awaiting it)
//! owns. The handler hands the ticket back with the result ([`Ticket::complete`]); a ticket
//! dropped without that is an operation whose handler was dropped uninvoked, which G3 allows
//! only when the context is dropped ([`Ledger::dropping_context`]). So at the end:
//! initiated == completed + dropped with the context, and nothing else.
//!
//! Included by path: `#[path = "support/chaos.rs"] mod chaos;`.

#![allow(dead_code)]

use std::collections::BTreeMap;
use std::io;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering::SeqCst};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use jeton::error;

/// Returns the environment variable `name` parsed, or `default`.
pub fn env_or<T: std::str::FromStr>(name: &str, default: T) -> T {
    std::env::var(name)
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}

/// A xorshift64* generator: deterministic for a seed, good enough to pick actions.
#[derive(Clone, Debug)]
pub struct Rng(u64);

impl Rng {
    pub fn new(seed: u64) -> Rng {
        Rng(seed.wrapping_mul(0x9e37_79b9_7f4a_7c15) | 1)
    }

    pub fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_f491_4f6c_dd1d)
    }

    /// Returns a number in `0..n`.
    pub fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }

    /// Returns true with probability `percent` / 100.
    pub fn chance(&mut self, percent: usize) -> bool {
        self.below(100) < percent
    }

    /// Returns a duration in `0..max_us` microseconds.
    pub fn micros(&mut self, max_us: usize) -> Duration {
        Duration::from_micros(self.below(max_us) as u64)
    }

    /// Returns a generator for another thread, seeded from this one.
    pub fn fork(&mut self) -> Rng {
        Rng::new(self.next())
    }
}

/// What an operation is, for the counts.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Kind {
    Timer,
    Read,
    Write,
    Accept,
    Connect,
}

/// The counts of one kind of operation.
#[derive(Clone, Copy, Debug, Default)]
pub struct Counts {
    pub initiated: u64,
    pub ok: u64,
    pub failed: u64,
    pub dropped: u64,
}

/// Every operation of a run, and what became of it.
#[derive(Debug, Default)]
pub struct Ledger {
    counts: Mutex<BTreeMap<Kind, Counts>>,
    /// Operations initiated and finished (completed or dropped), to bound those in flight.
    started: AtomicU64,
    finished: AtomicU64,
    /// Set just before the context is dropped: from then on a ticket may be dropped unused.
    dropping: AtomicBool,
    /// What went wrong, in words; empty for a good run.
    violations: Mutex<Vec<String>>,
    /// Bytes written and acknowledged by a completion, and bytes read and checked.
    pub bytes_written: AtomicU64,
    pub bytes_read: AtomicU64,
}

impl Ledger {
    pub fn new() -> Arc<Ledger> {
        Arc::default()
    }

    /// Enters a new operation of `kind` and returns its ticket.
    pub fn ticket(self: &Arc<Self>, kind: Kind) -> Ticket {
        self.counts
            .lock()
            .unwrap()
            .entry(kind)
            .or_default()
            .initiated += 1;
        self.started.fetch_add(1, SeqCst);
        Ticket {
            ledger: self.clone(),
            kind,
            done: false,
        }
    }

    /// Returns how many operations are in flight.
    pub fn in_flight(&self) -> u64 {
        self.started
            .load(SeqCst)
            .saturating_sub(self.finished.load(SeqCst))
    }

    /// Says that the context is being dropped: uninvoked handlers may be dropped now.
    pub fn dropping_context(&self) {
        self.dropping.store(true, SeqCst);
    }

    /// Records a broken guarantee.
    pub fn violation(&self, what: String) {
        let mut v = self.violations.lock().unwrap();
        if v.len() < 20 {
            v.push(what);
        }
    }

    pub fn violations(&self) -> Vec<String> {
        self.violations.lock().unwrap().clone()
    }

    pub fn counts(&self) -> BTreeMap<Kind, Counts> {
        self.counts.lock().unwrap().clone()
    }

    /// Returns the totals: (initiated, completed, dropped with the context).
    pub fn totals(&self) -> (u64, u64, u64) {
        self.counts().values().fold((0, 0, 0), |(i, c, d), k| {
            (i + k.initiated, c + k.ok + k.failed, d + k.dropped)
        })
    }
}

/// The errors an operation of the chaos test may complete with: cancelled, closed, the
/// context gone, the peer gone, nothing listening.
fn expected(e: &io::Error) -> bool {
    use io::ErrorKind::*;
    error::is_aborted(e)
        || error::is_bad_descriptor(e)
        || error::is_eof(e)
        || matches!(
            e.kind(),
            ConnectionReset | BrokenPipe | ConnectionRefused | ConnectionAborted | NotConnected
        )
}

/// One initiated operation; see the [module docs](self).
#[derive(Debug)]
pub struct Ticket {
    ledger: Arc<Ledger>,
    kind: Kind,
    done: bool,
}

impl Ticket {
    /// Records the completion of the operation with `result`.
    pub fn complete<T>(mut self, result: &io::Result<T>) {
        self.done = true;
        self.ledger.finished.fetch_add(1, SeqCst);
        let mut counts = self.ledger.counts.lock().unwrap();
        let c = counts.entry(self.kind).or_default();
        match result {
            Ok(_) => c.ok += 1,
            Err(e) => {
                c.failed += 1;
                if !expected(e) {
                    drop(counts);
                    let what = format!("{:?} completed with an unexpected error: {e:?}", self.kind);
                    self.ledger.violation(what);
                }
            }
        }
    }

    /// Returns the ledger, to count bytes.
    pub fn ledger(&self) -> &Ledger {
        &self.ledger
    }
}

impl Drop for Ticket {
    fn drop(&mut self) {
        if self.done {
            return;
        }
        self.ledger.finished.fetch_add(1, SeqCst);
        self.ledger
            .counts
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .entry(self.kind)
            .or_default()
            .dropped += 1;
        if !self.ledger.dropping.load(SeqCst) {
            self.ledger.violation(format!(
                "a {:?} handler was dropped uninvoked while the context was alive",
                self.kind
            ));
        }
    }
}
