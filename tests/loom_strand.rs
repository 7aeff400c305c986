//! A loom model of the strand's state (`src/executor/strand.rs`): `locked` and the queue of
//! handlers under one mutex; `enqueue` submits an invoker when it takes the lock; the invoker
//! runs the batch it takes and, on its way out (`Invoking::drop`), releases the strand or
//! submits itself again if handlers arrived meanwhile.
//!
//! loom explores every interleaving of two posting threads and two threads running the inner
//! executor: no two handlers of the strand ever run at once, every handler runs exactly once,
//! and handlers posted by one thread run in the order it posted them (G7). A handler left in
//! the queue with the strand unlocked (a lost invoker) shows as a deadlock.
//!
//! Run: `RUSTFLAGS="--cfg jeton_loom" cargo test --release --test loom_strand` (or
//! `scripts/loom.sh`). Without the cfg this file is empty.
#![cfg(jeton_loom)]

use std::collections::VecDeque;

use loom::sync::atomic::{AtomicUsize, Ordering};
use loom::sync::{Arc, Condvar, Mutex};
use loom::thread;

type Job = Box<dyn FnOnce() + Send>;

/// The inner executor: a queue two worker threads run.
#[derive(Default)]
struct Executor {
    jobs: Mutex<(VecDeque<Job>, bool)>,
    cond: Condvar,
}

impl Executor {
    fn post(&self, job: Job) {
        self.jobs.lock().unwrap().0.push_back(job);
        self.cond.notify_one();
    }

    fn work(&self) {
        loop {
            let job = {
                let mut g = self.jobs.lock().unwrap();
                loop {
                    if let Some(job) = g.0.pop_front() {
                        break job;
                    }
                    if g.1 {
                        return;
                    }
                    g = self.cond.wait(g).unwrap();
                }
            };
            job();
        }
    }

    fn shut_down(&self) {
        self.jobs.lock().unwrap().1 = true;
        self.cond.notify_all();
    }
}

/// `Strand`'s state, as in `src/executor/strand.rs`.
struct Strand {
    ex: Arc<Executor>,
    state: Mutex<(bool, VecDeque<Job>)>,
}

impl Strand {
    /// `Strand::enqueue` with `Submit::Post`.
    fn post(this: &Arc<Strand>, job: Job) {
        let mut st = this.state.lock().unwrap();
        st.1.push_back(job);
        if st.0 {
            return;
        }
        st.0 = true;
        drop(st);
        let s = this.clone();
        this.ex.post(Box::new(move || Strand::invoke(&s)));
    }

    /// `Strand::invoke` and `Invoking::drop`.
    fn invoke(this: &Arc<Strand>) {
        let batch = std::mem::take(&mut this.state.lock().unwrap().1);
        for job in batch {
            job();
        }
        let mut st = this.state.lock().unwrap();
        if st.1.is_empty() {
            st.0 = false; // released under the same lock that saw the queue empty
            return;
        }
        drop(st);
        let s = this.clone();
        this.ex.post(Box::new(move || Strand::invoke(&s)));
    }
}

#[test]
fn handlers_never_overlap_all_run_once_in_post_order() {
    loom::model(|| {
        let ex = Arc::new(Executor::default());
        let strand = Arc::new(Strand {
            ex: ex.clone(),
            state: Mutex::new((false, VecDeque::new())),
        });
        let in_flight = Arc::new(AtomicUsize::new(0));
        let log = Arc::new(Mutex::new(Vec::new()));
        let done = Arc::new((Mutex::new(0usize), Condvar::new()));
        let handler = |id: usize| -> Job {
            let (in_flight, log, done) = (in_flight.clone(), log.clone(), done.clone());
            Box::new(move || {
                assert_eq!(
                    in_flight.fetch_add(1, Ordering::SeqCst),
                    0,
                    "handlers overlap"
                );
                log.lock().unwrap().push(id);
                in_flight.fetch_sub(1, Ordering::SeqCst);
                *done.0.lock().unwrap() += 1;
                done.1.notify_all();
            })
        };
        let workers: Vec<_> = (0..2)
            .map(|_| {
                let ex = ex.clone();
                thread::spawn(move || ex.work())
            })
            .collect();
        let other = {
            let (s, a, b) = (strand.clone(), handler(10), handler(11));
            thread::spawn(move || {
                Strand::post(&s, a);
                Strand::post(&s, b);
            })
        };
        Strand::post(&strand, handler(20));
        Strand::post(&strand, handler(21));
        other.join().unwrap();
        {
            let mut n = done.0.lock().unwrap();
            while *n < 4 {
                n = done.1.wait(n).unwrap();
            }
        }
        ex.shut_down();
        for w in workers {
            w.join().unwrap();
        }
        let log = log.lock().unwrap().clone();
        assert_eq!(log.len(), 4);
        let pos = |id| log.iter().position(|&x| x == id).unwrap();
        assert!(pos(10) < pos(11) && pos(20) < pos(21), "order: {log:?}");
    });
}
