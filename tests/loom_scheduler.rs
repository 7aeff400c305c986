//! A loom model of the scheduler's idle/wake protocol (`src/runtime/post.rs`,
//! `src/runtime/runner.rs`, `Engine::stop` in `src/runtime/engine.rs`): run threads that take
//! jobs from the shared queue, poll the reactor when it is free or wait idle on the condition
//! variable, and posters that wake one idle thread or the blocked reactor.
//!
//! Every step is the same as in the engine, field for field (`jobs`, `polling`,
//! `reactor_woken`, `idle`, `notified`), with the reactor modelled as a blocking wait that only
//! a wake-up ends (it never has I/O in the model). loom explores every interleaving: a lost
//! wake-up shows as a deadlock (every thread blocked with a job still queued), a stop that does
//! not reach a waiting thread the same way.
//!
//! Run: `RUSTFLAGS="--cfg jeton_loom" cargo test --release --test loom_scheduler` (or
//! `scripts/loom.sh`). Without the cfg this file is empty.
#![cfg(jeton_loom)]

use std::collections::VecDeque;

use loom::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use loom::sync::{Arc, Condvar, Mutex};
use loom::thread;

/// `Queue`, as in `src/runtime/queue.rs`.
#[derive(Default)]
struct Queue {
    jobs: VecDeque<usize>,
    polling: bool,
    reactor_woken: bool,
    idle: usize,
    notified: usize,
}

/// The reactor: `turn` blocks until `wake` (the mio waker).
#[derive(Default)]
struct Reactor {
    poll: Mutex<()>,
    woken: Mutex<bool>,
    cond: Condvar,
}

impl Reactor {
    fn turn(&self) {
        let mut w = self.woken.lock().unwrap();
        while !*w {
            w = self.cond.wait(w).unwrap();
        }
        *w = false;
    }

    fn wake(&self) {
        *self.woken.lock().unwrap() = true;
        self.cond.notify_one();
    }
}

/// `Engine`, reduced to what the protocol touches.
#[derive(Default)]
struct Engine {
    queue: Mutex<Queue>,
    cond: Condvar,
    work: AtomicUsize,
    stopped: AtomicBool,
    reactor: Reactor,
    ran: AtomicUsize,
}

impl Engine {
    /// `Engine::post` from outside a run call, then `wake_one`.
    fn post(&self, job: usize) {
        self.work.fetch_add(1, Ordering::AcqRel);
        let mut q = self.queue.lock().unwrap();
        q.jobs.push_back(job);
        if q.idle > q.notified {
            q.notified += 1;
            drop(q);
            self.cond.notify_one();
        } else if q.polling && !q.reactor_woken {
            q.reactor_woken = true;
            drop(q);
            self.reactor.wake();
        }
    }

    /// `Engine::stop`.
    fn stop(&self) {
        self.stopped.store(true, Ordering::Release);
        let mut q = self.queue.lock().unwrap();
        let poll = q.polling && !q.reactor_woken;
        q.reactor_woken |= poll;
        drop(q);
        self.cond.notify_all();
        if poll {
            self.reactor.wake();
        }
    }

    /// A run call: `Runner::refill` (one job at a time) and the run loop.
    fn run(&self) {
        loop {
            let job = {
                let mut q = self.queue.lock().unwrap();
                loop {
                    if self.stopped.load(Ordering::Acquire) {
                        return;
                    }
                    if let Some(job) = q.jobs.pop_front() {
                        break job;
                    }
                    if !q.polling {
                        if let Ok(guard) = self.reactor.poll.try_lock() {
                            q.polling = true;
                            q.reactor_woken = false;
                            drop(q);
                            self.reactor.turn();
                            drop(guard);
                            q = self.queue.lock().unwrap();
                            q.polling = false;
                            if q.idle > q.notified {
                                q.notified += 1;
                                self.cond.notify_one();
                            }
                            continue;
                        }
                    }
                    // `wait_idle`.
                    q.idle += 1;
                    q = self.cond.wait(q).unwrap();
                    q.idle -= 1;
                    q.notified = q.notified.saturating_sub(1);
                }
            };
            let _ = job;
            self.ran.fetch_add(1, Ordering::SeqCst);
            // `work_finished`: the last unit of work stops the context.
            if self.work.fetch_sub(1, Ordering::AcqRel) == 1 {
                self.stop();
            }
        }
    }
}

/// Two run threads and a poster: every posted job runs, and both run calls return.
#[test]
fn posted_jobs_run_and_every_run_call_returns() {
    loom::model(|| {
        let engine = Arc::new(Engine::default());
        // A work guard, released by the poster once it has posted (so run() cannot return
        // before the jobs exist).
        engine.work.fetch_add(1, Ordering::AcqRel);
        let runners: Vec<_> = (0..2)
            .map(|_| {
                let e = engine.clone();
                thread::spawn(move || e.run())
            })
            .collect();
        engine.post(1);
        engine.post(2);
        if engine.work.fetch_sub(1, Ordering::AcqRel) == 1 {
            engine.stop();
        }
        for r in runners {
            r.join().unwrap();
        }
        assert_eq!(engine.ran.load(Ordering::SeqCst), 2);
    });
}

/// A poster racing a run thread that is about to block in the reactor: the job still runs.
#[test]
fn a_post_racing_the_reactor_poller_is_not_lost() {
    loom::model(|| {
        let engine = Arc::new(Engine::default());
        engine.work.fetch_add(1, Ordering::AcqRel);
        let runner = {
            let e = engine.clone();
            thread::spawn(move || e.run())
        };
        let poster = {
            let e = engine.clone();
            thread::spawn(move || {
                e.post(7);
                if e.work.fetch_sub(1, Ordering::AcqRel) == 1 {
                    e.stop();
                }
            })
        };
        poster.join().unwrap();
        runner.join().unwrap();
        assert_eq!(engine.ran.load(Ordering::SeqCst), 1);
    });
}
