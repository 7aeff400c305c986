//! The waiters of one socket under the cases the lock-free readiness path has to get right:
//! several outstanding reads on one socket, all woken by one readiness edge; reads of many
//! tasks registering on two run threads while edges arrive; `close()` from another thread
//! while a read is pending, in every driver; and `cancel()` racing a readiness edge.

#[path = "support/net.rs"]
mod net_support;

use std::io;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{mpsc, Arc, Barrier};

use jeton::{co_spawn, error, Blocking, Detached, IoContext, UseFuture};
use net_support::*;

type ReadDone = (io::Result<usize>, Vec<u8>);

#[test]
fn three_outstanding_reads_are_all_woken_by_one_edge() {
    let _w = watchdog(20);
    let io = Arc::new(IoContext::new().unwrap());
    let ex = io.executor();
    let (client, server) = pair(&ex);
    let client = Arc::new(client);
    let (tx, rx) = mpsc::channel::<u8>();
    // Two callback reads and one coroutine read, one byte each, all on the read direction.
    for _ in 0..2 {
        let tx = tx.clone();
        client.async_read_some(vec![0u8; 1], move |(r, buf): ReadDone| {
            assert_eq!(r.unwrap(), 1);
            tx.send(buf[0]).unwrap();
        });
    }
    let (c, t) = (client.clone(), tx.clone());
    co_spawn(
        &ex,
        async move {
            let mut buf = [0u8; 1];
            let n = c.async_read_some(&mut buf[..], UseFuture).await?;
            assert_eq!(n, 1);
            t.send(buf[0]).unwrap();
            Ok::<(), io::Error>(())
        },
        Detached,
    );
    drop(tx);
    // Every read tries, finds nothing and waits: the poll runs them all until nothing is left
    // to run.
    io.poll();
    assert!(rx.try_recv().is_err(), "a read completed with no data");
    // One write, so one readiness edge: it must wake all three (they each take one byte).
    server.write_some(b"abc").unwrap();
    io.run();
    let mut got: Vec<u8> = rx.try_iter().collect();
    got.sort_unstable();
    assert_eq!(got, b"abc");
}

#[test]
fn reads_of_many_tasks_on_two_run_threads_all_complete() {
    let _w = watchdog(60);
    const TASKS: usize = 8;
    const EACH: usize = 200;
    let io = Arc::new(IoContext::new().unwrap());
    let ex = io.executor();
    let (client, server) = pair(&ex);
    let client = Arc::new(client);
    let total = Arc::new(AtomicUsize::new(0));
    for _ in 0..TASKS {
        let (c, total) = (client.clone(), total.clone());
        co_spawn(
            &ex,
            async move {
                let mut buf = [0u8; 1];
                for _ in 0..EACH {
                    let n = c.async_read_some(&mut buf[..], UseFuture).await?;
                    assert_eq!(n, 1);
                    total.fetch_add(1, Ordering::SeqCst);
                }
                Ok::<(), io::Error>(())
            },
            Detached,
        );
    }
    let writer = {
        let total = total.clone();
        std::thread::spawn(move || {
            let data = pattern(TASKS * EACH);
            // Chunks of 1 to 7 bytes, each once the one before is read: every chunk finds the
            // tasks waiting (the cell and the overflow list in use), and wakes all of them for
            // fewer bytes than tasks.
            let mut off = 0;
            for size in (1..8).cycle() {
                if off == data.len() {
                    break;
                }
                while total.load(Ordering::SeqCst) < off {
                    std::thread::yield_now();
                }
                let end = (off + size).min(data.len());
                write_all(&server, &data[off..end]).unwrap();
                off = end;
            }
            server
        })
    };
    let runner = {
        let io = io.clone();
        std::thread::spawn(move || io.run())
    };
    io.run();
    runner.join().unwrap();
    assert_eq!(total.load(Ordering::SeqCst), TASKS * EACH);
    drop(writer.join().unwrap());
}

/// Starts a read on `client` in the driver `style` and returns how it completed, while
/// another thread closes the socket as soon as the read is started.
fn read_while_another_thread_closes(style: &str) -> io::Result<usize> {
    let io = Arc::new(IoContext::new().unwrap());
    let ex = io.executor();
    let (client, _server) = pair(&ex);
    let client = Arc::new(client);
    let start = Arc::new(Barrier::new(2));
    let closer = {
        let (c, start) = (client.clone(), start.clone());
        std::thread::spawn(move || {
            start.wait();
            c.close();
        })
    };
    let result = match style {
        "callback" => {
            let (tx, rx) = mpsc::channel();
            client.async_read_some(vec![0u8; 8], move |(r, _): ReadDone| {
                tx.send(r).unwrap();
            });
            start.wait();
            io.run();
            let r = rx.recv().unwrap();
            assert!(rx.try_recv().is_err(), "completed twice");
            r
        }
        "coroutine" => {
            // The read starts (in the coroutine) before the closer is let go.
            let (c, start) = (client.clone(), start.clone());
            let handle = co_spawn(
                &ex,
                async move {
                    let mut buf = [0u8; 8];
                    let read = c.async_read_some(&mut buf[..], UseFuture);
                    start.wait();
                    read.await
                },
                UseFuture,
            );
            let runner = {
                let io = io.clone();
                std::thread::spawn(move || io.run())
            };
            let r = futures::executor::block_on(handle);
            runner.join().unwrap();
            r
        }
        "foreign" => {
            // A future awaited on another executor while a thread runs the context.
            let _guard = jeton::WorkGuard::new(&ex);
            let runner = {
                let io = io.clone();
                std::thread::spawn(move || io.run())
            };
            let c = client.clone();
            let r = futures::executor::block_on(async move {
                let mut buf = [0u8; 8];
                let read = c.async_read_some(&mut buf[..], UseFuture);
                start.wait();
                read.await
            });
            drop(_guard);
            runner.join().unwrap();
            r
        }
        "blocking" => {
            start.wait();
            client.async_read_some(&mut [0u8; 8][..], Blocking)
        }
        _ => unreachable!(),
    };
    closer.join().unwrap();
    assert!(!client.is_open());
    result
}

#[test]
fn close_from_another_thread_aborts_a_pending_read_in_every_driver() {
    let _w = watchdog(60);
    for style in ["callback", "coroutine", "foreign", "blocking"] {
        for _ in 0..50 {
            let r = read_while_another_thread_closes(style);
            let e = r.expect_err("a read of a socket closed with no data completed");
            // Started before the close: aborted; a Blocking call that starts after it finds
            // the socket closed (Asio's bad_descriptor).
            assert!(
                error::is_aborted(&e)
                    || (style == "blocking" && e.raw_os_error() == Some(libc::EBADF)),
                "{style}: {e:?}"
            );
        }
    }
}

#[test]
fn cancel_racing_a_readiness_edge_completes_the_read_once() {
    let _w = watchdog(120);
    let io = Arc::new(IoContext::new().unwrap());
    let ex = io.executor();
    let (client, server) = pair(&ex);
    let (client, server) = (Arc::new(client), Arc::new(server));
    let _guard = jeton::WorkGuard::new(&ex);
    let runner = {
        let io = io.clone();
        std::thread::spawn(move || io.run())
    };
    let (mut done, mut aborted) = (0, 0);
    for _ in 0..300 {
        let (tx, rx) = mpsc::channel();
        client.async_read_some(vec![0u8; 8], move |(r, _): ReadDone| {
            tx.send(r).unwrap();
        });
        let go = Arc::new(Barrier::new(3));
        let writer = {
            let (s, go) = (server.clone(), go.clone());
            std::thread::spawn(move || {
                go.wait();
                s.write_some(b"z").unwrap();
            })
        };
        let canceller = {
            let (c, go) = (client.clone(), go.clone());
            std::thread::spawn(move || {
                go.wait();
                c.cancel();
            })
        };
        go.wait();
        writer.join().unwrap();
        canceller.join().unwrap();
        match rx.recv().unwrap() {
            Ok(n) => {
                assert_eq!(n, 1);
                done += 1;
            }
            Err(e) => {
                assert!(error::is_aborted(&e), "{e:?}");
                aborted += 1;
                // The byte the cancelled read did not take is still there.
                let mut buf = [0u8; 8];
                assert_eq!(client.read_some(&mut buf).unwrap(), 1);
            }
        }
        assert!(rx.try_recv().is_err(), "the read completed twice");
    }
    assert_eq!(done + aborted, 300);
    drop(_guard);
    runner.join().unwrap();
}
