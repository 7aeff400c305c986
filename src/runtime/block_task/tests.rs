//! The raw task with a dummy schedule function: a queue the test runs by hand. These run
//! under Miri (`cargo +nightly miri test --lib block_task`) and the sanitizers.

use std::collections::VecDeque;
use std::future::Future;
use std::pin::Pin;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::task::{Context, Poll, Waker};

use super::task::{BlockTask, Reserved};
use crate::runtime::job::Job;

/// The queue a dummy schedule function pushes to, with whether each job was woken while
/// running.
#[derive(Default)]
struct Queue(Mutex<VecDeque<(Job, bool)>>);

impl Queue {
    fn schedule(self: &Arc<Self>) -> impl Fn(Job, bool) + Send + Sync + 'static {
        let q = self.clone();
        move |job, c| q.0.lock().unwrap().push_back((job, c))
    }
    fn pop(&self) -> Option<(Job, bool)> {
        self.0.lock().unwrap().pop_front()
    }
    fn len(&self) -> usize {
        self.0.lock().unwrap().len()
    }
}

/// What a test future saw and did: polls, its drop, the waker it kept.
#[derive(Default)]
struct Probe {
    polls: AtomicUsize,
    drops: AtomicUsize,
    waker: Mutex<Option<Waker>>,
}

/// Returns `Pending` `pending` times (keeping a clone of the waker, and waking itself during
/// the poll when `self_wake`), then `Ready`; panics instead when `panic`.
struct TestFuture {
    probe: Arc<Probe>,
    pending: usize,
    self_wake: bool,
    panic: bool,
}

impl Future for TestFuture {
    type Output = ();
    fn poll(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<()> {
        self.probe.polls.fetch_add(1, Ordering::SeqCst);
        assert!(!self.panic, "a panicking poll");
        if self.pending == 0 {
            return Poll::Ready(());
        }
        self.pending -= 1;
        *self.probe.waker.lock().unwrap() = Some(cx.waker().clone());
        if self.self_wake {
            cx.waker().wake_by_ref();
        }
        Poll::Pending
    }
}

impl Drop for TestFuture {
    fn drop(&mut self) {
        self.probe.drops.fetch_add(1, Ordering::SeqCst);
    }
}

fn task(pending: usize, self_wake: bool) -> (BlockTask, Arc<Probe>, Arc<Queue>) {
    let probe = Arc::new(Probe::default());
    let q = Arc::new(Queue::default());
    let f = TestFuture {
        probe: probe.clone(),
        pending,
        self_wake,
        panic: false,
    };
    (Reserved::new().make(f, q.schedule()), probe, q)
}

#[test]
fn a_ready_task_completes_and_frees_its_block() {
    let (t, probe, q) = task(0, false);
    assert_eq!(
        Arc::strong_count(&q),
        2,
        "the schedule function holds the queue"
    );
    t.run();
    assert_eq!(probe.polls.load(Ordering::SeqCst), 1);
    assert_eq!(probe.drops.load(Ordering::SeqCst), 1);
    assert_eq!(Arc::strong_count(&q), 1, "the block is freed");
}

#[test]
fn a_wake_from_another_thread_queues_it_once() {
    let (t, probe, q) = task(1, false);
    t.run();
    let w = probe.waker.lock().unwrap().take().unwrap();
    let w2 = w.clone();
    std::thread::spawn(move || {
        w.wake_by_ref();
        w.wake();
    })
    .join()
    .unwrap();
    assert_eq!(q.len(), 1, "two wakes, one job");
    let (job, woken_while_running) = q.pop().unwrap();
    assert!(!woken_while_running);
    job.run();
    assert_eq!(probe.polls.load(Ordering::SeqCst), 2);
    assert_eq!(probe.drops.load(Ordering::SeqCst), 1);
    assert_eq!(Arc::strong_count(&q), 2, "a waker keeps the block");
    w2.wake(); // After completion: nothing.
    assert_eq!(q.len(), 0);
    assert_eq!(Arc::strong_count(&q), 1, "the last waker freed the block");
}

#[test]
fn a_wake_while_running_requeues_after_the_poll() {
    let (t, probe, q) = task(2, true);
    t.run();
    let (job, woken_while_running) = q.pop().unwrap();
    assert!(woken_while_running);
    assert_eq!(q.len(), 0);
    job.run();
    let (job, _) = q.pop().unwrap();
    job.run();
    assert_eq!(probe.polls.load(Ordering::SeqCst), 3);
    drop(probe.waker.lock().unwrap().take());
    assert_eq!(probe.drops.load(Ordering::SeqCst), 1);
    assert_eq!(Arc::strong_count(&q), 1);
}

#[test]
fn a_task_dropped_unrun_drops_its_future_uncalled() {
    let (t, probe, q) = task(0, false);
    drop(t);
    assert_eq!(probe.polls.load(Ordering::SeqCst), 0);
    assert_eq!(probe.drops.load(Ordering::SeqCst), 1);
    assert_eq!(Arc::strong_count(&q), 1);

    let (t, probe, q) = task(1, false);
    t.run();
    probe.waker.lock().unwrap().take().unwrap().wake();
    drop(q.pop().unwrap()); // A queued job dropped (context shutdown).
    assert_eq!(probe.polls.load(Ordering::SeqCst), 1);
    assert_eq!(probe.drops.load(Ordering::SeqCst), 1);
    assert_eq!(Arc::strong_count(&q), 1);
}

#[test]
fn a_waiting_task_that_loses_its_last_waker_is_dropped_by_a_job() {
    let (t, probe, q) = task(1, false);
    t.run();
    drop(probe.waker.lock().unwrap().take());
    assert_eq!(
        probe.drops.load(Ordering::SeqCst),
        0,
        "not inside the waker's drop"
    );
    let (job, _) = q.pop().unwrap();
    job.run();
    assert_eq!(probe.polls.load(Ordering::SeqCst), 1, "dropped, not polled");
    assert_eq!(probe.drops.load(Ordering::SeqCst), 1);
    assert_eq!(Arc::strong_count(&q), 1);
}

#[test]
fn a_panicking_poll_drops_the_future_and_frees_the_block() {
    let probe = Arc::new(Probe::default());
    let q = Arc::new(Queue::default());
    let f = TestFuture {
        probe: probe.clone(),
        pending: 0,
        self_wake: false,
        panic: true,
    };
    let t = Reserved::new().make(f, q.schedule());
    let r = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| t.run()));
    assert!(r.is_err());
    assert_eq!(probe.drops.load(Ordering::SeqCst), 1);
    assert_eq!(Arc::strong_count(&q), 1);
}

#[test]
fn an_over_aligned_future_gets_a_box_of_its_own() {
    #[repr(align(64))]
    struct Aligned(Arc<Probe>);
    impl Future for Aligned {
        type Output = ();
        fn poll(self: Pin<&mut Self>, _: &mut Context<'_>) -> Poll<()> {
            assert_eq!(std::ptr::addr_of!(*self) as usize % 64, 0);
            self.0.polls.fetch_add(1, Ordering::SeqCst);
            Poll::Ready(())
        }
    }
    let probe = Arc::new(Probe::default());
    let q = Arc::new(Queue::default());
    Reserved::new()
        .make(Aligned(probe.clone()), q.schedule())
        .run();
    assert_eq!(probe.polls.load(Ordering::SeqCst), 1);
    assert_eq!(Arc::strong_count(&q), 1);
}
