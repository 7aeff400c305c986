//! The floor: a plain single-threaded `VecDeque` of boxed closures, no executor at all.

use std::collections::VecDeque;

use crate::counter;
use crate::stopwatch::{Stopwatch, Timing};

/// The queue of the floor loop.
type Queue = VecDeque<Job>;

/// A queued closure; it gets the queue so it can push the next link.
struct Job(Box<dyn FnOnce(&mut Queue)>);

fn link(left: u64) -> Job {
    Job(Box::new(move |q| {
        counter::bump();
        if left > 1 {
            q.push_back(link(left - 1));
        }
    }))
}

fn drain(q: &mut Queue) {
    while let Some(job) = q.pop_front() {
        (job.0)(q);
    }
}

/// `chains` independent chains, `total` closures in all.
pub fn chains(chains: u64, total: u64) -> Timing {
    let per = total / chains;
    counter::reset(per * chains);
    let start = Stopwatch::start();
    let mut q = VecDeque::new();
    for _ in 0..chains {
        q.push_back(link(std::hint::black_box(per)));
    }
    drain(&mut q);
    let elapsed = start.stop();
    counter::check("floor", "chains", per * chains);
    elapsed
}

/// `n` empty closures pushed, then run.
pub fn bulk(n: u64) -> Timing {
    counter::reset(n);
    let start = Stopwatch::start();
    let mut q = VecDeque::new();
    for _ in 0..std::hint::black_box(n) {
        q.push_back(Job(Box::new(|_| {
            counter::bump();
        })));
    }
    drain(&mut q);
    let elapsed = start.stop();
    counter::check("floor", "bulk", n);
    elapsed
}
