//! The readiness path of a TCP socket under the behaviours a user relies on and a faster path
//! could break: a blocking read interrupted by `cancel()` from another thread, a blocking call
//! that is used again after that, a short read followed by more data, two operations waiting in
//! one direction, and readiness that arrives while an operation is about to wait.

#[path = "support/net.rs"]
mod net_support;

use std::sync::{mpsc, Arc};
use std::time::Duration;

use jeton::io::WaitType;
use jeton::{co_spawn, error, Detached, IoContext, SteadyTimer, UseFuture};
use net_support::*;

#[test]
fn cancel_from_another_thread_interrupts_a_blocking_read() {
    let _w = watchdog(20);
    let io = IoContext::new().unwrap(); // never run: the blocking call drives itself
    let (client, server) = pair(&io.executor());
    let client = Arc::new(client);
    let (started, wait_started) = mpsc::channel();
    let canceller = {
        let c = client.clone();
        std::thread::spawn(move || {
            wait_started.recv().unwrap();
            std::thread::sleep(Duration::from_millis(20));
            c.cancel();
        })
    };
    started.send(()).unwrap();
    let e = client.read_some(&mut [0u8; 8]).unwrap_err();
    assert!(error::is_aborted(&e), "{e:?}");
    canceller.join().unwrap();

    // The socket, and this thread's blocking driver, work as before afterwards.
    server.write_some(b"after").unwrap();
    let mut buf = [0u8; 8];
    let n = client.read_some(&mut buf).unwrap();
    assert_eq!(&buf[..n], b"after");
}

#[test]
fn a_blocking_read_inside_a_blocking_call_is_woken_by_its_own_data() {
    let _w = watchdog(20);
    let io = IoContext::new().unwrap();
    let (client, server) = pair(&io.executor());
    let writer = std::thread::spawn(move || {
        std::thread::sleep(Duration::from_millis(10));
        server.write_some(b"inner").unwrap();
        server
    });
    // A future driven by a blocking call makes a nested blocking read: each has its own wait set
    // and notifier.
    let got = jeton::op::block_on(async {
        let mut buf = [0u8; 8];
        let n = client.read_some(&mut buf).unwrap();
        buf[..n].to_vec()
    });
    assert_eq!(got, b"inner");
    drop(writer.join().unwrap());
}

#[test]
fn a_short_read_followed_by_more_data_completes_the_next_read() {
    let _w = watchdog(20);
    let io = IoContext::new().unwrap();
    let ex = io.executor();
    let (client, server) = pair(&ex);
    let (tx, rx) = mpsc::channel();
    co_spawn(
        &ex,
        async move {
            let mut buf = vec![0u8; 4096];
            let mut got = Vec::new();
            // Each read returns fewer bytes than the buffer holds; the writer sends the next
            // chunk only after that, so the next read must wait for new readiness.
            for i in 0..3u8 {
                tx.send(i).unwrap();
                let n = client
                    .async_read_some(&mut buf[..], UseFuture)
                    .await
                    .unwrap();
                got.extend_from_slice(&buf[..n]);
                while got.len() < 5 * (i as usize + 1) {
                    let n = client
                        .async_read_some(&mut buf[..], UseFuture)
                        .await
                        .unwrap();
                    got.extend_from_slice(&buf[..n]);
                }
            }
            Ok(got)
        },
        move |r: std::io::Result<Vec<u8>>| assert_eq!(r.unwrap(), b"chunkchunkchunk"),
    );
    let writer = std::thread::spawn(move || {
        for _ in 0..3 {
            rx.recv().unwrap();
            std::thread::sleep(Duration::from_millis(5));
            server.write_some(b"chunk").unwrap();
        }
        server
    });
    io.run();
    drop(writer.join().unwrap());
}

#[test]
fn a_short_read_that_stops_at_the_end_of_stream_is_followed_by_eof() {
    let _w = watchdog(20);
    let io = IoContext::new().unwrap();
    let ex = io.executor();
    let (client, server) = pair(&ex);
    server.write_some(b"abc").unwrap();
    server.shutdown(std::net::Shutdown::Write).unwrap();
    let timer = SteadyTimer::new(&ex);
    let (tx, rx) = mpsc::channel();
    co_spawn(
        &ex,
        async move {
            // The reactor reports data and end of stream during this wait, before the reads.
            timer.expires_after(Duration::from_millis(20));
            timer.async_wait(UseFuture).await?;
            let mut buf = [0u8; 64];
            let n = client.async_read_some(&mut buf[..], UseFuture).await?;
            // Short, and no edge will follow: the next read must not wait for one.
            let eof = client.async_read_some(&mut buf[..], UseFuture).await?;
            Ok((n, eof))
        },
        move |r: std::io::Result<(usize, usize)>| tx.send(r.unwrap()).unwrap(),
    );
    io.run();
    assert_eq!(rx.recv().unwrap(), (3, 0));
    drop(server);
}

#[test]
fn two_operations_waiting_for_read_both_complete() {
    let _w = watchdog(20);
    let io = IoContext::new().unwrap();
    let ex = io.executor();
    let (client, server) = pair(&ex);
    let (tx, rx) = mpsc::channel();
    for i in 0..2 {
        let tx = tx.clone();
        client.async_wait(WaitType::Read, move |r: std::io::Result<()>| {
            r.unwrap();
            tx.send(i).unwrap();
        });
    }
    let writer = std::thread::spawn(move || {
        std::thread::sleep(Duration::from_millis(10));
        server.write_some(b"x").unwrap();
        server
    });
    io.run();
    let mut done: Vec<i32> = rx.try_iter().collect();
    done.sort_unstable();
    assert_eq!(done, [0, 1]);
    drop(writer.join().unwrap());
}

#[test]
fn data_that_arrives_while_a_task_registers_completes_its_read() {
    let _w = watchdog(30);
    // Many rounds of a read racing the peer's write: whichever comes first, every read must
    // complete (readiness seen between the failed read and the registration is not lost).
    let io = IoContext::new().unwrap();
    let ex = io.executor();
    let (client, server) = pair(&ex);
    const ROUNDS: usize = 500;
    let (tx, rx) = mpsc::channel::<()>();
    co_spawn(
        &ex,
        async move {
            let mut buf = [0u8; 64];
            for _ in 0..ROUNDS {
                tx.send(()).unwrap();
                let n = client
                    .async_read_some(&mut buf[..], UseFuture)
                    .await
                    .unwrap();
                assert_eq!(n, 1);
            }
            Ok::<(), std::io::Error>(())
        },
        Detached,
    );
    let writer = std::thread::spawn(move || {
        for _ in 0..ROUNDS {
            rx.recv().unwrap();
            server.write_some(b"y").unwrap();
        }
        server
    });
    io.run();
    drop(writer.join().unwrap());
}
