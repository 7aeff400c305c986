//! The jeton contestant: one thread calls `io.run()`.

use std::cell::RefCell;
use std::io;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use jeton::{Executor, IoContext, SteadyTimer};

use crate::counter;
use crate::lateness;
use crate::measure::{Backlog, Cancel, Fire};
use crate::phases;
use crate::stopwatch::{Stopwatch, Timing};

thread_local! {
    /// The executor chain handlers post to, so a handler captures only its count (as a tokio
    /// task does: `tokio::spawn` finds its runtime in a thread-local too).
    static EX: RefCell<Option<Executor>> = const { RefCell::new(None) };
}

/// The concurrency hint jeton's contexts are made with (`--jeton-hint`); 0: `IoContext::new`.
static HINT: AtomicUsize = AtomicUsize::new(0);

/// Makes every later context with `IoContext::with_concurrency_hint(hint)`.
pub fn set_hint(hint: usize) {
    HINT.store(hint, Ordering::Relaxed);
}

fn context() -> IoContext {
    match HINT.load(Ordering::Relaxed) {
        0 => IoContext::new().expect("IoContext::new"),
        hint => IoContext::with_concurrency_hint(hint).expect("IoContext::with_concurrency_hint"),
    }
}

/// One link of a post chain: counts itself and posts the next while `left > 1`.
fn chain_step(left: u64) {
    counter::bump();
    if left > 1 {
        EX.with(|ex| {
            ex.borrow()
                .as_ref()
                .expect("executor set")
                .post(move || chain_step(left - 1))
        });
    }
}

/// `chains` independent post chains, `total` handlers in all. Timed: posting the chain heads
/// and `io.run()`.
pub fn chains(chains: u64, total: u64) -> Timing {
    let io = context();
    let ex = io.executor();
    EX.with(|e| *e.borrow_mut() = Some(ex.clone()));
    let per = total / chains;
    counter::reset(per * chains);
    phases::mark("chains: start");
    let start = Stopwatch::start();
    for _ in 0..chains {
        ex.post(move || chain_step(per));
    }
    let ran = io.run();
    let elapsed = start.stop();
    phases::mark("chains: end");
    EX.with(|e| *e.borrow_mut() = None);
    counter::check("jeton", "chains", per * chains);
    assert_eq!(ran as u64, per * chains, "jeton chains: run() count");
    elapsed
}

/// `n` empty handlers posted before `run()`. Timed: the posts and `io.run()`.
pub fn bulk(n: u64) -> Timing {
    let io = context();
    let ex = io.executor();
    counter::reset(n);
    phases::mark("bulk: start");
    let start = Stopwatch::start();
    for _ in 0..n {
        ex.post(|| {
            counter::bump();
        });
    }
    phases::mark("bulk: run");
    let ran = io.run();
    let elapsed = start.stop();
    phases::mark("bulk: end");
    counter::check("jeton", "bulk", n);
    assert_eq!(ran as u64, n, "jeton bulk: run() count");
    elapsed
}

/// One timer per offset, each awaited by a closure that records its lateness.
pub fn fire(offsets: &[Duration]) -> Fire {
    let n = offsets.len();
    let io = context();
    let ex = io.executor();
    lateness::reset(n);
    counter::reset(n as u64);
    let mut timers = Vec::with_capacity(n);
    phases::mark("fire: initiate");
    let base = Instant::now();
    for &off in offsets {
        let deadline = base + off;
        let timer = SteadyTimer::new(&ex);
        timer.expires_at(deadline);
        timer.async_wait(move |r: io::Result<()>| {
            lateness::record(deadline);
            r.expect("timer wait succeeds");
            counter::bump();
        });
        timers.push(timer);
    }
    let initiate = base.elapsed();
    // Queued behind every wait's first poll: runs once they are all in the timer queue.
    ex.post(lateness::mark);
    phases::mark("fire: run");
    io.run();
    let total = base.elapsed();
    phases::mark("fire: end");
    counter::check("jeton", "fire", n as u64);
    let late = lateness::percentiles("jeton", n);
    drop(timers);
    Fire {
        initiate,
        armed: lateness::marked() - base,
        total,
        late,
    }
}

/// One timer per offset, all due before `run()` starts: the time to fire a backlog.
pub fn backlog(offsets: &[Duration]) -> Backlog {
    let n = offsets.len();
    let io = context();
    let ex = io.executor();
    counter::reset(n as u64);
    let mut timers = Vec::with_capacity(n);
    phases::mark("backlog: initiate");
    let base = Instant::now();
    let first = base + lateness::BACKLOG_AHEAD;
    for &off in offsets {
        let deadline = first + off;
        let timer = SteadyTimer::new(&ex);
        timer.expires_at(deadline);
        timer.async_wait(move |r: io::Result<()>| {
            r.expect("timer wait succeeds");
            assert!(Instant::now() >= deadline, "not before its deadline");
            counter::bump();
        });
        timers.push(timer);
    }
    let initiate = base.elapsed();
    std::thread::sleep(
        (base + lateness::BACKLOG_ALL_DUE).saturating_duration_since(Instant::now()),
    );
    phases::mark("backlog: run");
    let start = Instant::now();
    io.run();
    let fire = start.elapsed();
    phases::mark("backlog: end");
    counter::check("jeton", "backlog", n as u64);
    drop(timers);
    Backlog { initiate, fire }
}

/// `n` timers 10 s out, each with one waiter, armed, then each cancelled.
pub fn cancel(n: usize) -> Cancel {
    let io = context();
    let ex = io.executor();
    counter::reset(n as u64);
    let mut timers = Vec::with_capacity(n);
    phases::mark("cancel: initiate");
    let t0 = Instant::now();
    for _ in 0..n {
        let timer = SteadyTimer::new(&ex);
        timer.expires_after(Duration::from_secs(10));
        timer.async_wait(|r: io::Result<()>| {
            let e = r.expect_err("timer wait is cancelled");
            assert!(jeton::error::is_aborted(&e), "wait ends aborted: {e}");
            counter::bump();
        });
        timers.push(timer);
    }
    let t1 = Instant::now();
    phases::mark("cancel: arm (poll)");
    // jeton starts each wait inside async_wait (Asio semantics): every waiter is already in
    // the timer queue, so arming runs nothing; poll() is kept so both sides do the same steps.
    let polled = io.poll();
    assert_eq!(
        polled, 0,
        "jeton cancel: waits are armed by their initiating calls"
    );
    assert_eq!(counter::get(), 0, "jeton cancel: no handler before cancel");
    let t2 = Instant::now();
    phases::mark("cancel: cancel loop");
    for timer in &timers {
        assert_eq!(timer.cancel(), 1, "one waiter per timer");
    }
    let t3 = Instant::now();
    phases::mark("cancel: run aborted");
    io.run();
    let t4 = Instant::now();
    phases::mark("cancel: end");
    counter::check("jeton", "cancel", n as u64);
    drop(timers);
    Cancel {
        initiate: t1 - t0,
        arm: t2 - t1,
        cancel: t3 - t2,
        deliver: t4 - t3,
    }
}
