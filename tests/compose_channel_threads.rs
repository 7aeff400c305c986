//! Channels across threads: blocked senders and receivers on threads of their own, woken by
//! operations anywhere, and many producers and consumers in every token style with every item
//! delivered exactly once.

mod support;

use std::io;
use std::sync::{Arc, Mutex};
use std::thread;

use jeton::channel::{Channel, ConcurrentChannel};
use jeton::{co_spawn, error, IoContext, UseFuture, WorkGuard};
use support::watchdog;

#[test]
fn a_blocked_sender_on_one_thread_hands_off_to_a_receiver_on_another() {
    let _w = watchdog(20);
    let io = IoContext::new().unwrap();
    let ch = Channel::new(&io.executor(), 0);
    let tx = ch.clone();
    let sender = thread::spawn(move || {
        for i in 0..100 {
            tx.send(i).unwrap(); // a rendezvous: each send waits for its receive
        }
    });
    let got: Vec<i32> = (0..100).map(|_| ch.receive().unwrap()).collect();
    sender.join().unwrap();
    assert_eq!(got, (0..100).collect::<Vec<_>>());
}

#[test]
fn a_blocked_receiver_is_woken_by_a_closure_send_on_a_context_another_thread_runs() {
    let _w = watchdog(20);
    let io = Arc::new(IoContext::new().unwrap());
    let ch = Channel::new(&io.executor(), 0);
    let rx = ch.clone();
    let receiver = thread::spawn(move || rx.receive());
    let done = Arc::new(Mutex::new(None));
    let d = done.clone();
    ch.async_send("over", move |r: Result<(), _>| {
        *d.lock().unwrap() = Some(r.is_ok())
    });
    let runner = {
        let io = io.clone();
        thread::spawn(move || io.run())
    };
    assert_eq!(receiver.join().unwrap().unwrap(), "over");
    runner.join().unwrap();
    assert_eq!(*done.lock().unwrap(), Some(true));
}

#[test]
fn cancel_from_another_thread_wakes_a_blocked_sender_and_hands_its_value_back() {
    let _w = watchdog(20);
    let io = IoContext::new().unwrap();
    let ch = Channel::new(&io.executor(), 0);
    let tx = ch.clone();
    let sender = thread::spawn(move || tx.send(String::from("kept")));
    // Wait until the send waits (a receive would then complete at once).
    while !ch.ready() {
        thread::yield_now();
    }
    ch.cancel();
    let e = sender.join().unwrap().unwrap_err();
    assert!(error::is_channel_cancelled(e.error()));
    assert_eq!(e.into_value(), "kept");
}

/// Items each producer sends.
const PER_PRODUCER: usize = 2_000;
/// Producer threads.
const PRODUCERS: usize = 4;

/// Receives until the channel closes, with closures, on `ch`'s context: each handler starts the
/// next receive.
fn closure_consumer(ch: ConcurrentChannel<usize>, got: Arc<Mutex<Vec<usize>>>) {
    ch.clone()
        .async_receive(move |r: io::Result<usize>| match r {
            Ok(v) => {
                got.lock().unwrap().push(v);
                closure_consumer(ch, got);
            }
            Err(e) => assert!(error::is_channel_closed(&e), "{e:?}"),
        });
}

#[test]
fn many_producers_and_consumers_in_every_style_deliver_every_item_exactly_once() {
    let _w = watchdog(60);
    let io = Arc::new(IoContext::new().unwrap());
    let other = Arc::new(IoContext::new().unwrap());
    let ch: ConcurrentChannel<usize> = Channel::new(&io.executor(), 8);
    let got = Arc::new(Mutex::new(Vec::new()));

    // Consumers: two blocking threads, a closure chain on `io` (run by two threads), and a
    // coroutine on another context (run by a third).
    let blocking: Vec<_> = (0..2)
        .map(|_| {
            let (ch, got) = (ch.clone(), got.clone());
            thread::spawn(move || loop {
                match ch.receive() {
                    Ok(v) => got.lock().unwrap().push(v),
                    Err(e) => break assert!(error::is_channel_closed(&e), "{e:?}"),
                }
            })
        })
        .collect();
    closure_consumer(ch.clone(), got.clone());
    {
        let (ch, got) = (ch.clone(), got.clone());
        co_spawn(
            &other.executor(),
            async move {
                loop {
                    match ch.async_receive(UseFuture).await {
                        Ok(v) => got.lock().unwrap().push(v),
                        Err(e) if error::is_channel_closed(&e) => return Ok::<_, io::Error>(()),
                        Err(e) => return Err(e),
                    }
                }
            },
            |r: io::Result<()>| r.unwrap(),
        );
    }
    let guard = WorkGuard::new(&io.executor());
    let runners: Vec<_> = [io.clone(), io.clone(), other.clone()]
        .into_iter()
        .map(|ctx| thread::spawn(move || ctx.run()))
        .collect();

    // Producers: blocking sends from threads of their own.
    let producers: Vec<_> = (0..PRODUCERS)
        .map(|p| {
            let ch = ch.clone();
            thread::spawn(move || {
                for i in 0..PER_PRODUCER {
                    ch.send(p * PER_PRODUCER + i).unwrap();
                }
            })
        })
        .collect();
    producers.into_iter().for_each(|t| t.join().unwrap());
    ch.close();
    blocking.into_iter().for_each(|t| t.join().unwrap());
    drop(guard);
    runners.into_iter().for_each(|t| {
        t.join().unwrap();
    });

    let mut got = got.lock().unwrap().clone();
    got.sort_unstable();
    assert_eq!(got, (0..PRODUCERS * PER_PRODUCER).collect::<Vec<_>>());
}
