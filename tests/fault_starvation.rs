//! Faults: a task (or a closure chain) whose operations always complete at once must not
//! starve the rest of a one-thread context: a posted handler, a due timer and a ready socket all
//! get their turn (the cooperative budget; Asio posts immediate completions).

mod support;

use std::io;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::Duration;

use jeton::net::unix;
use jeton::{co_spawn, IoContext, SteadyTimer, UseFuture};
use support::watchdog;

/// How many immediate completions the spinning task makes at most before it gives up: far
/// more than any fair scheduler lets it run before the others' turn.
const GIVE_UP: usize = 200_000;

/// Spawns a task that awaits `op()` (always ready) until `stop` is set or it gives up; returns
/// the count of completions it made.
fn spin<F, Fut>(io: &IoContext, stop: &Arc<AtomicBool>, op: F) -> Arc<AtomicUsize>
where
    F: Fn() -> Fut + Send + 'static,
    Fut: std::future::Future<Output = io::Result<()>> + Send,
{
    let count = Arc::new(AtomicUsize::new(0));
    let (c, s) = (count.clone(), stop.clone());
    co_spawn(
        &io.executor(),
        async move {
            while !s.load(Ordering::SeqCst) && c.load(Ordering::SeqCst) < GIVE_UP {
                op().await?;
                c.fetch_add(1, Ordering::SeqCst);
            }
            Ok::<_, io::Error>(())
        },
        |r: io::Result<()>| r.unwrap(),
    );
    count
}

#[test]
fn a_task_awaiting_an_expired_timer_in_a_loop_lets_a_posted_handler_run() {
    let _w = watchdog(30);
    let io = IoContext::new().unwrap();
    let stop = Arc::new(AtomicBool::new(false));
    let timer = Arc::new(SteadyTimer::new(&io.executor())); // already expired
    let t = timer.clone();
    let count = spin(&io, &stop, move || t.async_wait(UseFuture));
    let seen = Arc::new(AtomicUsize::new(usize::MAX));
    let (s, c, st) = (seen.clone(), count.clone(), stop.clone());
    io.executor().post(move || {
        s.store(c.load(Ordering::SeqCst), Ordering::SeqCst);
        st.store(true, Ordering::SeqCst);
    });
    io.run();
    let seen = seen.load(Ordering::SeqCst);
    assert!(
        seen < 10_000,
        "the posted handler ran after {seen} completions"
    );
}

#[test]
fn a_task_reading_from_a_full_socket_lets_a_timer_and_a_posted_handler_run() {
    let _w = watchdog(30);
    let io = IoContext::new().unwrap();
    let (a, b) = unix::connect_pair(&io.executor()).unwrap();
    // Enough data that every 1-byte read completes at once for a long time.
    std::thread::spawn(move || {
        let data = vec![7u8; 1 << 20];
        let mut off = 0;
        while off < data.len() {
            match a.write_some(&data[off..]) {
                Ok(n) => off += n,
                Err(_) => return,
            }
        }
        drop(a);
    });
    std::thread::sleep(Duration::from_millis(50)); // let the buffer fill
    let stop = Arc::new(AtomicBool::new(false));
    let b = Arc::new(b);
    let reader = b.clone();
    let count = spin(&io, &stop, move || {
        let reader = reader.clone();
        async move {
            let mut byte = [0u8; 1];
            reader
                .async_read_some(&mut byte[..], UseFuture)
                .await
                .map(drop)
        }
    });
    let timer = SteadyTimer::new(&io.executor());
    timer.expires_after(Duration::from_millis(5));
    let at_timer = Arc::new(AtomicUsize::new(usize::MAX));
    let (s, c, st) = (at_timer.clone(), count.clone(), stop.clone());
    timer.async_wait(move |r: io::Result<()>| {
        r.unwrap();
        s.store(c.load(Ordering::SeqCst), Ordering::SeqCst);
        st.store(true, Ordering::SeqCst);
    });
    io.run();
    let at = at_timer.load(Ordering::SeqCst);
    assert!(
        at < GIVE_UP,
        "the timer fired only after the reader gave up ({at})"
    );
}

#[test]
fn a_closure_chain_of_immediate_completions_lets_a_posted_handler_run() {
    let _w = watchdog(30);
    let io = IoContext::new().unwrap();
    let timer = Arc::new(SteadyTimer::new(&io.executor())); // already expired
    let count = Arc::new(AtomicUsize::new(0));
    let stop = Arc::new(AtomicBool::new(false));

    fn chain(t: Arc<SteadyTimer>, count: Arc<AtomicUsize>, stop: Arc<AtomicBool>) {
        let t2 = t.clone();
        t.async_wait(move |r: io::Result<()>| {
            r.unwrap();
            if !stop.load(Ordering::SeqCst) && count.fetch_add(1, Ordering::SeqCst) < GIVE_UP {
                chain(t2, count, stop);
            }
        });
    }
    chain(timer, count.clone(), stop.clone());
    let seen = Arc::new(AtomicUsize::new(usize::MAX));
    let (s, c) = (seen.clone(), count.clone());
    io.executor().post(move || {
        s.store(c.load(Ordering::SeqCst), Ordering::SeqCst);
        stop.store(true, Ordering::SeqCst);
    });
    io.run();
    let seen = seen.load(Ordering::SeqCst);
    assert!(
        seen < 10_000,
        "the posted handler ran after {seen} completions"
    );
}
