//! Per-operation cancellation (Asio's `cancellation_signal`/`slot`/`type`): each type on a
//! socket read, a timer wait, a composed read and a composed write — what the operation
//! completes with, the bytes it reports, whether the object is still usable — under several
//! tokens; `cancel_after` keeping a composed read's count; a Blocking call interrupted from
//! another thread; co_spawn forwarding to its task.

mod support;

use std::io;
use std::pin::pin;
use std::sync::mpsc;
use std::time::{Duration, Instant};

use jeton::io as jio;
use jeton::net::unix::{self, UnixStream};
use jeton::{bind_cancellation_slot, cancel_after, co_spawn, error, Blocking, CancellationSignal};
use jeton::{CancellationType as T, IoContext, SteadyTimer, UseFuture};
use support::watchdog;

const TYPES: [T; 3] = [T::TERMINAL, T::PARTIAL, T::TOTAL];

/// Polls `fut` once on `io` (it starts and parks), emits `ty` on `signal`, then awaits it.
fn poll_emit_await<F: std::future::Future>(
    io: &IoContext,
    signal: &CancellationSignal,
    ty: T,
    fut: F,
) -> F::Output {
    io.block_on(async {
        let mut fut = pin!(fut);
        assert!(
            futures::poll!(fut.as_mut()).is_pending(),
            "completed before the cancel"
        );
        signal.emit(ty);
        fut.await
    })
}

/// Checks that `a` and `b` still carry bytes both ways.
fn still_usable(a: &UnixStream, b: &UnixStream) {
    a.write_some(b"ok").unwrap();
    let mut buf = [0u8; 2];
    jio::read(b, &mut buf[..]).unwrap();
    assert_eq!(&buf, b"ok");
}

#[test]
fn every_type_aborts_a_socket_read_and_the_socket_stays_usable() {
    let _w = watchdog(20);
    let io = IoContext::new().unwrap();
    let (a, b) = unix::connect_pair(&io.executor()).unwrap();
    for ty in TYPES {
        let signal = CancellationSignal::new();
        let mut buf = [0u8; 8];
        let read = b.async_read_some(
            &mut buf[..],
            bind_cancellation_slot(signal.slot(), UseFuture),
        );
        let r = poll_emit_await(&io, &signal, ty, read);
        assert!(r.as_ref().is_err_and(error::is_aborted), "{ty:?}: {r:?}");
        still_usable(&a, &b);
    }
}

#[test]
fn every_type_aborts_a_timer_wait_and_the_timer_stays_usable() {
    let _w = watchdog(20);
    let io = IoContext::new().unwrap();
    let timer = SteadyTimer::new(&io.executor());
    for ty in TYPES {
        timer.expires_after(Duration::from_secs(60));
        let signal = CancellationSignal::new();
        let wait = timer.async_wait(bind_cancellation_slot(signal.slot(), UseFuture));
        let r = poll_emit_await(&io, &signal, ty, wait);
        assert!(r.as_ref().is_err_and(error::is_aborted), "{ty:?}: {r:?}");
        // Only the bound wait was cancelled: the timer works, and has no other waiter.
        assert_eq!(timer.cancel(), 0);
        timer.expires_after(Duration::from_millis(1));
        io.block_on(timer.async_wait(UseFuture)).unwrap();
    }
}

#[test]
fn a_composed_read_honours_terminal_and_partial_with_its_count_and_ignores_total() {
    let _w = watchdog(20);
    let io = IoContext::new().unwrap();
    for ty in TYPES {
        let (a, b) = unix::connect_pair(&io.executor()).unwrap();
        a.write_some(b"abc").unwrap();
        let signal = CancellationSignal::new();
        let mut buf = [0u8; 8];
        let read = jio::async_read(
            &b,
            &mut buf[..],
            bind_cancellation_slot(signal.slot(), UseFuture),
        );
        if ty == T::TOTAL {
            // A composed read cannot undo what it read: it ignores a total request and goes on.
            let r = io.block_on(async {
                let mut read = pin!(read);
                assert!(futures::poll!(read.as_mut()).is_pending());
                signal.emit(ty);
                assert!(
                    futures::poll!(read.as_mut()).is_pending(),
                    "total was not ignored"
                );
                a.write_some(b"defgh").unwrap();
                read.await
            });
            assert_eq!(r.unwrap(), 8);
            assert_eq!(&buf, b"abcdefgh");
        } else {
            let e = poll_emit_await(&io, &signal, ty, read).unwrap_err();
            assert!(error::is_aborted(&e), "{ty:?}: {e:?}");
            assert_eq!(jio::transferred(&e), 3, "{ty:?}: the bytes it moved");
            assert_eq!(&buf[..3], b"abc");
            still_usable(&a, &b);
        }
    }
}

#[test]
fn a_composed_write_honours_partial_with_its_count_and_the_stream_stays_usable() {
    let _w = watchdog(30);
    let io = IoContext::new().unwrap();
    for ty in [T::PARTIAL, T::TOTAL] {
        let (a, b) = unix::connect_pair(&io.executor()).unwrap();
        let data = vec![7u8; 8 << 20]; // far more than the socket buffers hold
        let signal = CancellationSignal::new();
        let write = jio::async_write(
            &a,
            &data[..],
            bind_cancellation_slot(signal.slot(), UseFuture),
        );
        let reader = {
            let b = std::sync::Arc::new(b);
            let r = b.clone();
            (
                b,
                std::thread::spawn(move || {
                    let mut got = Vec::new();
                    let mut buf = vec![0u8; 64 * 1024];
                    loop {
                        match r.read_some(&mut buf) {
                            Ok(0) | Err(_) => return got,
                            Ok(n) => got.extend_from_slice(&buf[..n]),
                        }
                    }
                }),
            )
        };
        if ty == T::TOTAL {
            // Ignored: the write moves everything.
            let r = io.block_on(async {
                let mut write = pin!(write);
                let _ = futures::poll!(write.as_mut());
                signal.emit(ty);
                write.await
            });
            assert_eq!(r.unwrap(), data.len());
            a.shutdown(std::net::Shutdown::Write).unwrap();
            assert_eq!(reader.1.join().unwrap().len(), data.len());
            continue;
        }
        // Partial: it stops with the count of what the peer can read, no byte more or less.
        let e = io.block_on(async {
            let mut write = pin!(write);
            let _ = futures::poll!(write.as_mut());
            signal.emit(ty);
            write.await
        });
        let e = e.unwrap_err();
        assert!(error::is_aborted(&e), "{e:?}");
        let n = jio::transferred(&e);
        assert!(n > 0 && n < data.len(), "moved {n}");
        // Still usable: more bytes follow the n, and the peer reads exactly n + 3.
        jio::write(&a, &b"end"[..]).unwrap();
        a.shutdown(std::net::Shutdown::Write).unwrap();
        assert_eq!(reader.1.join().unwrap().len(), n + 3);
        drop(reader.0);
    }
}

#[test]
fn closure_and_blocking_tokens_are_cancelled_the_same_way() {
    let _w = watchdog(20);
    let io = IoContext::new().unwrap();
    let (_a, b) = unix::connect_pair(&io.executor()).unwrap();

    // Closure: cancelled by a signal emitted from a handler.
    let signal = CancellationSignal::new();
    let (tx, rx) = mpsc::channel();
    b.async_read_some(
        vec![0u8; 8],
        bind_cancellation_slot(
            signal.slot(),
            move |(r, _): (io::Result<usize>, Vec<u8>)| tx.send(r).unwrap(),
        ),
    );
    io.executor().post(move || signal.emit(T::TERMINAL));
    io.run();
    assert!(rx.try_recv().unwrap().is_err_and(|e| error::is_aborted(&e)));

    // Blocking: interrupted by a signal emitted from another thread.
    let signal = CancellationSignal::new();
    let slot = signal.slot();
    let canceller = std::thread::spawn(move || {
        std::thread::sleep(Duration::from_millis(20));
        signal.emit(T::TOTAL);
    });
    let mut buf = [0u8; 8];
    let r = b.async_read_some(&mut buf[..], bind_cancellation_slot(slot, Blocking));
    assert!(r.is_err_and(|e| error::is_aborted(&e)));
    canceller.join().unwrap();
}

#[test]
fn cancel_after_on_a_blocking_read_against_a_silent_peer_reports_the_bytes_read() {
    let _w = watchdog(20);
    let io = IoContext::new().unwrap();
    let (a, b) = unix::connect_pair(&io.executor()).unwrap();
    a.write_some(b"abc").unwrap(); // then silence
    let mut buf = [0u8; 16];
    let bound = Duration::from_millis(50);
    let start = Instant::now();
    let token = cancel_after(bound, Blocking).cancellation_type(T::PARTIAL);
    let e = jio::async_read(&b, &mut buf[..], token).unwrap_err();
    assert!(start.elapsed() >= bound);
    assert!(error::is_aborted(&e));
    assert_eq!(jio::transferred(&e), 3);
    assert_eq!(&buf[..3], b"abc");
    still_usable(&a, &b);
}

#[test]
fn a_request_made_of_a_co_spawn_operation_reaches_the_wait_inside_its_task() {
    let _w = watchdog(20);
    let io = IoContext::new().unwrap();
    let ex = io.executor();
    let timer = std::sync::Arc::new(SteadyTimer::new(&ex));
    timer.expires_after(Duration::from_secs(60));
    let signal = CancellationSignal::new();
    let (tx, rx) = mpsc::channel();
    let t = timer.clone();
    co_spawn(
        &ex,
        async move { t.async_wait(UseFuture).await },
        bind_cancellation_slot(signal.slot(), move |r: io::Result<()>| tx.send(r).unwrap()),
    );
    // Emitted right after co_spawn, as Asio's co_spawn test does.
    signal.emit(T::TERMINAL);
    io.run();
    let r = rx.try_recv().unwrap();
    assert!(r.is_err_and(|e| error::is_aborted(&e)));
    assert_eq!(timer.cancel(), 0, "the wait did not stay behind");
}

#[test]
fn a_request_before_the_operation_starts_or_after_it_completes_has_no_effect() {
    let _w = watchdog(20);
    let io = IoContext::new().unwrap();
    let timer = SteadyTimer::new(&io.executor());
    let signal = CancellationSignal::new();
    signal.emit(T::ALL); // nothing bound: no effect
    timer.expires_after(Duration::from_millis(1));
    io.block_on(timer.async_wait(bind_cancellation_slot(signal.slot(), UseFuture)))
        .unwrap();
    signal.emit(T::ALL); // completed: no effect
    assert!(!signal.slot().has_handler());
}
