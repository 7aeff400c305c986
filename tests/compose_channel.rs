//! Channels on one thread: Asio's channel unit behaviours (rendezvous and buffered `try_send`,
//! `async_send` completing after `try_receive`), ordering, capacity limits, every token, and
//! strands. Close, cancel, reset and per-operation cancellation: `compose_channel_cancel.rs`;
//! threads: `compose_channel_threads.rs`.

mod support;

use std::io;
use std::sync::{Arc, Mutex};

use jeton::channel::{Channel, ChannelReceive, ChannelSend, ConcurrentChannel, SendError};
use jeton::{co_spawn, Detached, Executor, IoContext, Strand, UseFuture};
use support::{recorder, watchdog};

#[test]
fn asio_unbuffered_try_send_needs_a_waiting_receiver() {
    let _w = watchdog(20);
    let io = IoContext::new().unwrap();
    let ch = Channel::new(&io.executor(), 0);
    assert!(ch.is_open());
    assert!(!ch.ready());
    // No receiver waits: refused, and the value comes back.
    let e = ch.try_send(String::from("hello")).unwrap_err();
    assert_eq!(e.error().kind(), io::ErrorKind::WouldBlock);
    assert_eq!(e.into_value(), "hello");
    let (got, handler) = recorder::<io::Result<String>>();
    ch.async_receive(handler);
    // A receiver waits: accepted.
    ch.try_send(String::from("abcdefghijklmnopqrstuvwxyz"))
        .unwrap();
    assert!(got.is_empty(), "G2: not inside try_send");
    io.run();
    assert_eq!(got.take().unwrap(), "abcdefghijklmnopqrstuvwxyz");
    assert_eq!(
        ch.try_receive().unwrap_err().kind(),
        io::ErrorKind::WouldBlock
    );
}

#[test]
fn asio_async_send_completes_after_try_receive() {
    let _w = watchdog(20);
    for capacity in [0, 1] {
        let io = IoContext::new().unwrap();
        let ch = Channel::new(&io.executor(), capacity);
        if capacity == 1 {
            ch.try_send("hello").unwrap();
            assert!(ch.try_send("again").is_err(), "full");
            assert_eq!(ch.try_receive().unwrap(), "hello");
        }
        let (sent, handler) = recorder::<Result<(), SendError<&str>>>();
        ch.async_send("zyxwvutsrqponmlkjihgfedcba", handler);
        assert_eq!(ch.try_receive().unwrap(), "zyxwvutsrqponmlkjihgfedcba");
        io.run();
        assert!(sent.take().is_ok(), "capacity {capacity}");
    }
}

#[test]
fn asio_buffered_channel_accepts_up_to_its_capacity() {
    let _w = watchdog(20);
    let io = IoContext::new().unwrap();
    let ch = Channel::new(&io.executor(), 1);
    assert!(!ch.ready());
    ch.try_send("hello").unwrap();
    assert!(ch.ready());
    assert!(ch.try_send("world").is_err());
    let (got, handler) = recorder::<io::Result<&str>>();
    ch.async_receive(handler);
    io.run();
    assert_eq!(got.take().unwrap(), "hello");
    assert!(!ch.ready());
}

#[test]
fn values_arrive_in_the_order_they_were_sent_through_buffer_and_waiting_senders() {
    let _w = watchdog(20);
    let io = IoContext::new().unwrap();
    let ch = Channel::new(&io.executor(), 3);
    let results = Arc::new(Mutex::new(Vec::new()));
    // 3 go to the buffer, 5 wait as senders.
    for i in 0..8 {
        let results = results.clone();
        ch.async_send(i, move |r: Result<(), SendError<i32>>| {
            results.lock().unwrap().push((i, r.is_ok()));
        });
    }
    assert_eq!(ch.try_send(99).unwrap_err().into_value(), 99, "full");
    let got: Vec<i32> = (0..8).map(|_| ch.try_receive().unwrap()).collect();
    assert_eq!(got, (0..8).collect::<Vec<_>>());
    io.run();
    let mut results = results.lock().unwrap().clone();
    results.sort();
    assert_eq!(results, (0..8).map(|i| (i, true)).collect::<Vec<_>>());
}

#[test]
fn a_receive_from_a_full_buffer_admits_the_first_waiting_sender() {
    let _w = watchdog(20);
    let io = IoContext::new().unwrap();
    let ch = Channel::new(&io.executor(), 2);
    ch.try_send(1).unwrap();
    ch.try_send(2).unwrap();
    let (done, handler) = recorder::<Result<(), SendError<i32>>>();
    ch.async_send(3, handler);
    assert_eq!(ch.try_receive().unwrap(), 1);
    // The waiting sender's value took the free place: the buffer is full again.
    assert_eq!(ch.try_send(4).unwrap_err().into_value(), 4);
    io.run();
    assert!(done.take().is_ok());
    assert_eq!(
        (ch.try_receive().unwrap(), ch.try_receive().unwrap()),
        (2, 3)
    );
}

#[test]
fn every_token_sends_and_receives() {
    let _w = watchdog(20);
    let io = IoContext::new().unwrap();
    let ex = io.executor();
    let ch = Channel::new(&ex, 1);
    // Blocking, no thread running the context: the buffer has room, then a value is there.
    ch.send(1).unwrap();
    assert_eq!(ch.receive().unwrap(), 1);
    // UseFuture in io.block_on.
    support::block_on_restarted(&io, ch.async_send(2, UseFuture)).unwrap();
    assert_eq!(
        support::block_on_restarted(&io, ch.async_receive(UseFuture)).unwrap(),
        2
    );
    // A co_spawn coroutine sends on a rendezvous to a closure receive.
    let rendezvous = Channel::new(&ex, 0);
    let (got, handler) = recorder::<io::Result<i32>>();
    rendezvous.async_receive(handler);
    let rv = rendezvous.clone();
    co_spawn(
        &ex,
        async move { rv.async_send(3, UseFuture).await.map_err(io::Error::from) },
        Detached,
    );
    io.restart();
    io.run();
    assert_eq!(got.take().unwrap(), 3);
}

#[test]
fn closures_on_a_strand_channel_run_inside_the_strand() {
    let _w = watchdog(20);
    let io = IoContext::new().unwrap();
    let strand = Strand::new(&io.executor());
    let ch: Channel<u8, Strand> = Channel::new(&strand, 0);
    let (inside, handler) = recorder::<(u8, bool)>();
    let s = strand.clone();
    ch.async_receive(move |r: io::Result<u8>| handler((r.unwrap(), s.running_in_this_thread())));
    ch.try_send(9).unwrap();
    io.run();
    assert_eq!(inside.take(), (9, true));
}

#[test]
fn handles_and_operations_are_send_and_sync() {
    fn send_sync<T: Send + Sync>() {}
    fn send<T: Send>() {}
    send_sync::<Channel<String>>();
    send_sync::<ConcurrentChannel<Vec<u8>, Strand>>();
    send::<ChannelSend<String, Executor>>();
    send::<ChannelReceive<String, Executor>>();
    send_sync::<SendError<String>>();
}
