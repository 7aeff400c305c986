//! The system context (Asio's `system_context`): I/O objects made on `jeton::system_executor()`
//! awaited on tokio, smol and `futures::executor`, with no setup. Each case repeats many times,
//! with a fresh object each time, so that a first-await race (the wait starting before or after
//! a run thread looks for work) would show: before the system context, a future awaited this
//! way hung about once in six runs.

mod support;

use std::io;
use std::time::Duration;

use jeton::net::{TcpAcceptor, TcpSocket};
use jeton::{co_spawn, io as jio, system_executor, Blocking, SteadyTimer, UseFuture};
use support::watchdog;

const ROUNDS: usize = 200;

/// A short timer on the system context.
fn short_timer() -> SteadyTimer {
    SteadyTimer::with_duration(&system_executor(), Duration::from_micros(50))
}

/// Connects a client to a new acceptor on the system context, sends `ping` from the client,
/// answers `pong`, and returns what the client read: all as futures, on whatever executor.
async fn ping_pong() -> io::Result<Vec<u8>> {
    let ex = system_executor();
    let acceptor = TcpAcceptor::bind(&ex, "127.0.0.1:0")?;
    let addr = acceptor.local_addr()?;
    let client = TcpSocket::new(&ex);
    let (connected, accepted) = futures::join!(
        client.async_connect(addr, UseFuture),
        acceptor.async_accept(UseFuture)
    );
    connected?;
    let (server, _) = accepted?;
    jio::async_write(&client, &b"ping"[..], UseFuture).await?;
    let mut buf = [0u8; 4];
    jio::async_read(&server, &mut buf[..], UseFuture).await?;
    assert_eq!(&buf, b"ping");
    jio::async_write(&server, &b"pong"[..], UseFuture).await?;
    jio::async_read(&client, &mut buf[..], UseFuture).await?;
    Ok(buf.to_vec())
}

#[test]
fn timers_and_sockets_under_a_tokio_runtime() {
    let _w = watchdog(60);
    for flavor in ["current_thread", "multi_thread"] {
        let rt = match flavor {
            "current_thread" => tokio::runtime::Builder::new_current_thread()
                .enable_time()
                .build(),
            _ => tokio::runtime::Builder::new_multi_thread()
                .worker_threads(2)
                .enable_time()
                .build(),
        }
        .unwrap();
        rt.block_on(async {
            for _ in 0..ROUNDS {
                short_timer().async_wait(UseFuture).await.unwrap();
            }
            for _ in 0..20 {
                assert_eq!(ping_pong().await.unwrap(), b"pong");
            }
            // Inside tokio's combinators too.
            let t = SteadyTimer::with_duration(&system_executor(), Duration::from_secs(3600));
            let r = tokio::time::timeout(Duration::from_millis(5), t.async_wait(UseFuture)).await;
            assert!(r.is_err(), "the one-hour timer fired");
        });
    }
}

#[tokio::test]
async fn a_timer_under_tokio_test_needs_no_setup() {
    let _w = watchdog(30);
    for _ in 0..ROUNDS {
        short_timer().async_wait(UseFuture).await.unwrap();
    }
    // tokio tasks, several at once.
    let tasks: Vec<_> = (0..8)
        .map(|_| tokio::spawn(async { short_timer().async_wait(UseFuture).await }))
        .collect();
    for t in tasks {
        t.await.unwrap().unwrap();
    }
}

#[test]
fn timers_and_sockets_under_smol() {
    let _w = watchdog(60);
    smol::block_on(async {
        for _ in 0..ROUNDS {
            short_timer().async_wait(UseFuture).await.unwrap();
        }
        for _ in 0..20 {
            assert_eq!(ping_pong().await.unwrap(), b"pong");
        }
    });
    // smol's spawned tasks, on its global executor.
    let tasks: Vec<_> = (0..8)
        .map(|_| smol::spawn(async { short_timer().async_wait(UseFuture).await }))
        .collect();
    smol::block_on(async {
        for t in tasks {
            t.await.unwrap();
        }
    });
}

#[test]
fn timers_and_sockets_under_futures_executor() {
    let _w = watchdog(60);
    for _ in 0..ROUNDS {
        futures::executor::block_on(short_timer().async_wait(UseFuture)).unwrap();
    }
    for _ in 0..20 {
        assert_eq!(futures::executor::block_on(ping_pong()).unwrap(), b"pong");
    }
    // Several threads, each its own executor, at once.
    let threads: Vec<_> = (0..4)
        .map(|_| {
            std::thread::spawn(|| {
                for _ in 0..20 {
                    futures::executor::block_on(short_timer().async_wait(UseFuture)).unwrap();
                }
            })
        })
        .collect();
    for t in threads {
        t.join().unwrap();
    }
}

#[test]
fn closure_handlers_run_on_the_system_threads() {
    let _w = watchdog(20);
    let (tx, rx) = std::sync::mpsc::channel();
    let timer = short_timer(); // kept alive: dropping a timer aborts its waits
    timer.async_wait(move |r: io::Result<()>| {
        let name = std::thread::current().name().map(str::to_owned);
        tx.send((r.is_ok(), name)).unwrap();
    });
    let (ok, name) = rx.recv().unwrap();
    assert!(ok);
    let name = name.expect("system threads are named");
    assert!(name.starts_with("jeton-system-"), "ran on {name}");
    // A co_spawned task, awaited here with Blocking.
    let out = co_spawn(
        &system_executor(),
        async { short_timer().async_wait(UseFuture).await.map(|()| 7) },
        Blocking,
    );
    assert_eq!(out.unwrap(), 7);
}

#[test]
fn every_call_returns_the_same_context() {
    assert_eq!(system_executor(), system_executor());
    let a = std::thread::spawn(system_executor).join().unwrap();
    assert_eq!(a, system_executor());
}
