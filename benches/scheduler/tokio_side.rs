//! The tokio contestant: a current_thread runtime (one thread), tasks spawned with
//! `tokio::spawn`. Each scenario runs inside one `block_on`, which awaits a oneshot that the
//! last handler fires.

use std::cell::RefCell;
use std::future::Future;
use std::pin::Pin;
use std::task::{Context, Poll};
use std::time::{Duration, Instant};

use tokio::runtime::{Builder, Runtime};
use tokio::sync::oneshot;

use crate::counter;
use crate::lateness;
use crate::measure::{Backlog, Cancel, Fire};
use crate::stopwatch::{Stopwatch, Timing};

thread_local! {
    static DONE: RefCell<Option<oneshot::Sender<()>>> = const { RefCell::new(None) };
}

fn runtime() -> Runtime {
    Builder::new_current_thread()
        .enable_all()
        .build()
        .expect("tokio runtime")
}

/// Arms the end-of-scenario signal; the receiver completes when [`done`] is called.
fn arm_done() -> oneshot::Receiver<()> {
    let (tx, rx) = oneshot::channel();
    DONE.with(|d| *d.borrow_mut() = Some(tx));
    rx
}

/// Signals the end of the scenario (called by the last handler).
fn done() {
    if let Some(tx) = DONE.with(|d| d.borrow_mut().take()) {
        let _ = tx.send(());
    }
}

/// One link of a post chain as a task: counts itself and spawns the next while `left > 1`.
/// A hand-written future, since an `async fn` that spawns itself has a cyclic type.
struct ChainTask(u64);

impl Future for ChainTask {
    type Output = ();
    fn poll(self: Pin<&mut Self>, _: &mut Context<'_>) -> Poll<()> {
        let left = self.0;
        if counter::bump() {
            done();
        }
        if left > 1 {
            tokio::spawn(ChainTask(left - 1));
        }
        Poll::Ready(())
    }
}

/// `chains` independent spawn chains, `total` tasks in all.
pub fn chains(chains: u64, total: u64) -> Timing {
    let rt = runtime();
    let per = total / chains;
    counter::reset(per * chains);
    let start = Stopwatch::start();
    rt.block_on(async {
        let finished = arm_done();
        for _ in 0..chains {
            tokio::spawn(ChainTask(per));
        }
        finished.await.expect("last task signals");
    });
    let elapsed = start.stop();
    counter::check("tokio", "chains", per * chains);
    elapsed
}

/// `n` empty tasks spawned, then run.
pub fn bulk(n: u64) -> Timing {
    let rt = runtime();
    counter::reset(n);
    let start = Stopwatch::start();
    rt.block_on(async {
        let finished = arm_done();
        for _ in 0..n {
            tokio::spawn(async {
                if counter::bump() {
                    done();
                }
            });
        }
        finished.await.expect("last task signals");
    });
    let elapsed = start.stop();
    counter::check("tokio", "bulk", n);
    elapsed
}

/// One task per offset, each `sleep_until` its deadline, then recording its lateness.
pub fn fire(offsets: &[Duration]) -> Fire {
    let n = offsets.len();
    let rt = runtime();
    lateness::reset(n);
    counter::reset(n as u64);
    let (base, initiate, total) = rt.block_on(async {
        let finished = arm_done();
        let base = Instant::now();
        for &off in offsets {
            let deadline = base + off;
            tokio::spawn(async move {
                tokio::time::sleep_until(deadline.into()).await;
                lateness::record(deadline);
                if counter::bump() {
                    done();
                }
            });
        }
        let initiate = base.elapsed();
        // Queued behind every task's first poll (FIFO): runs once all sleeps are registered.
        tokio::spawn(async { lateness::mark() });
        finished.await.expect("last task signals");
        (base, initiate, base.elapsed())
    });
    counter::check("tokio", "fire", n as u64);
    Fire {
        initiate,
        armed: lateness::marked() - base,
        total,
        late: lateness::percentiles("tokio", n),
    }
}

/// One task per offset, each `sleep_until` its deadline; every deadline has passed when the
/// runtime starts running them again.
pub fn backlog(offsets: &[Duration]) -> Backlog {
    let n = offsets.len();
    let rt = runtime();
    counter::reset(n as u64);
    let (initiate, fire) = rt.block_on(async {
        let finished = arm_done();
        let base = Instant::now();
        let first = base + lateness::BACKLOG_AHEAD;
        for &off in offsets {
            let deadline = first + off;
            tokio::spawn(async move {
                tokio::time::sleep_until(deadline.into()).await;
                if counter::bump() {
                    done();
                }
            });
        }
        // Queued behind every task's first poll (FIFO): every sleep is registered after it.
        let (tx, rx) = oneshot::channel();
        tokio::spawn(async move { tx.send(()).ok() });
        rx.await.expect("marker task runs");
        let initiate = base.elapsed();
        assert_eq!(
            counter::get(),
            0,
            "tokio backlog: timers fired while the tasks were first polled (raise BACKLOG_AHEAD)"
        );
        // Blocks the runtime's only thread: nothing fires until every deadline has passed.
        std::thread::sleep(
            (base + lateness::BACKLOG_ALL_DUE).saturating_duration_since(Instant::now()),
        );
        let start = Instant::now();
        finished.await.expect("last task signals");
        (initiate, start.elapsed())
    });
    counter::check("tokio", "backlog", n as u64);
    Backlog { initiate, fire }
}

thread_local! {
    /// Cancel-scenario tasks whose 10 s sleep completed (must stay 0).
    static FIRED: std::cell::Cell<u64> = const { std::cell::Cell::new(0) };
}

/// Counts a cancel-scenario task when it is dropped: aborted (the expected case) or, if its
/// sleep completed, also in `FIRED`. Never panics: a panic inside a tokio task is caught and
/// would leave the scenario waiting forever.
struct AbortGuard {
    fired: bool,
}

impl Drop for AbortGuard {
    fn drop(&mut self) {
        if self.fired {
            FIRED.with(|f| f.set(f.get() + 1));
        }
        if counter::bump() {
            done();
        }
    }
}

/// `n` tasks sleeping 10 s, armed (polled once), then each aborted with `JoinHandle::abort`.
pub fn cancel(n: usize) -> Cancel {
    let rt = runtime();
    counter::reset(n as u64);
    FIRED.with(|f| f.set(0));
    let result = rt.block_on(async {
        let finished = arm_done();
        let t0 = Instant::now();
        let mut handles = Vec::with_capacity(n);
        for _ in 0..n {
            let guard = AbortGuard { fired: false };
            handles.push(tokio::spawn(async move {
                let mut guard = guard;
                tokio::time::sleep(Duration::from_secs(10)).await;
                guard.fired = true;
            }));
        }
        let t1 = Instant::now();
        // Queued behind every task's first poll: when it completes, all sleeps are registered.
        tokio::spawn(async {}).await.expect("marker task");
        assert_eq!(
            counter::get(),
            0,
            "tokio cancel: no task ended before abort"
        );
        let t2 = Instant::now();
        for h in &handles {
            h.abort();
        }
        let t3 = Instant::now();
        finished.await.expect("last aborted task signals");
        let t4 = Instant::now();
        assert!(
            handles.iter().all(|h| h.is_finished()),
            "tokio cancel: every task ended"
        );
        Cancel {
            initiate: t1 - t0,
            arm: t2 - t1,
            cancel: t3 - t2,
            deliver: t4 - t3,
        }
    });
    counter::check("tokio", "cancel", n as u64);
    let fired = FIRED.with(|f| f.get());
    assert_eq!(
        fired, 0,
        "tokio cancel: {fired} sleeps completed instead of being aborted"
    );
    result
}
