//! Channels on one thread: Asio's channel unit behaviours (rendezvous and buffered `try_send`,
//! `async_send` completing after `try_receive`), ordering, capacity limits, close, cancel,
//! reset, per-operation cancellation, and every token. Threads: `compose_channel_threads.rs`.

mod support;

use std::io;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use jeton::channel::{Channel, ChannelReceive, ChannelSend, ConcurrentChannel, SendError};
use jeton::{
    bind_cancellation_slot, cancel_after, co_spawn, error, Blocking, CancellationSignal,
    CancellationType, Detached, Executor, IoContext, Strand, UseFuture,
};
use support::watchdog;

/// A slot a closure handler fills, read after `run()`.
fn slot<T>() -> Arc<Mutex<Option<T>>> {
    Arc::new(Mutex::new(None))
}

fn take<T>(slot: &Arc<Mutex<Option<T>>>) -> T {
    slot.lock().unwrap().take().expect("the handler ran")
}

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
    let got = slot();
    let g = got.clone();
    ch.async_receive(move |r: io::Result<String>| *g.lock().unwrap() = Some(r));
    // A receiver waits: accepted.
    ch.try_send(String::from("abcdefghijklmnopqrstuvwxyz"))
        .unwrap();
    assert!(got.lock().unwrap().is_none(), "G2: not inside try_send");
    io.run();
    assert_eq!(take(&got).unwrap(), "abcdefghijklmnopqrstuvwxyz");
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
        let sent = slot();
        let s = sent.clone();
        ch.async_send(
            "zyxwvutsrqponmlkjihgfedcba",
            move |r: Result<(), SendError<&str>>| {
                *s.lock().unwrap() = Some(r.is_ok());
            },
        );
        assert_eq!(ch.try_receive().unwrap(), "zyxwvutsrqponmlkjihgfedcba");
        io.run();
        assert!(take(&sent), "capacity {capacity}");
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
    let got = slot();
    let g = got.clone();
    ch.async_receive(move |r: io::Result<&'static str>| *g.lock().unwrap() = Some(r));
    io.run();
    assert_eq!(take(&got).unwrap(), "hello");
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
    let done = slot();
    let d = done.clone();
    ch.async_send(3, move |r: Result<(), SendError<i32>>| {
        *d.lock().unwrap() = Some(r.is_ok())
    });
    assert_eq!(ch.try_receive().unwrap(), 1);
    // The waiting sender's value took the free place: the buffer is full again.
    assert_eq!(ch.try_send(4).unwrap_err().into_value(), 4);
    io.run();
    assert!(take(&done));
    assert_eq!(
        (ch.try_receive().unwrap(), ch.try_receive().unwrap()),
        (2, 3)
    );
}

#[test]
fn close_fails_waiting_senders_with_their_values_and_lets_receivers_drain_the_buffer() {
    let _w = watchdog(20);
    let io = IoContext::new().unwrap();
    let ch = Channel::new(&io.executor(), 1);
    ch.try_send("buffered").unwrap();
    let sent = slot();
    let s = sent.clone();
    ch.async_send("waiting", move |r: Result<(), SendError<&'static str>>| {
        *s.lock().unwrap() = Some(r)
    });
    ch.close();
    assert!(!ch.is_open());
    assert!(
        ch.ready(),
        "a receive completes at once on a closed channel"
    );
    io.run();
    let e = take(&sent).unwrap_err();
    assert!(error::is_channel_closed(e.error()));
    assert_eq!(e.into_value(), "waiting", "the value is handed back");
    assert!(error::is_channel_closed(
        ch.try_send("late").unwrap_err().error()
    ));
    assert_eq!(ch.receive().unwrap(), "buffered");
    assert!(error::is_channel_closed(&ch.receive().unwrap_err()));
}

#[test]
fn close_wakes_waiting_receivers_with_the_closed_error() {
    let _w = watchdog(20);
    let io = IoContext::new().unwrap();
    let ch = Channel::<u8>::new(&io.executor(), 4);
    let results = Arc::new(Mutex::new(Vec::new()));
    for _ in 0..3 {
        let results = results.clone();
        ch.async_receive(move |r: io::Result<u8>| results.lock().unwrap().push(r));
    }
    ch.close();
    io.run();
    let results = results.lock().unwrap();
    assert_eq!(results.len(), 3);
    assert!(results
        .iter()
        .all(|r| error::is_channel_closed(r.as_ref().unwrap_err())));
}

#[test]
fn cancel_fails_every_waiting_operation_and_keeps_the_buffer() {
    let _w = watchdog(20);
    let io = IoContext::new().unwrap();
    let ch = Channel::new(&io.executor(), 1);
    ch.try_send(1).unwrap();
    let sent = slot();
    let s = sent.clone();
    ch.async_send(2, move |r: Result<(), SendError<i32>>| {
        *s.lock().unwrap() = Some(r)
    });
    ch.cancel();
    io.run();
    let e = take(&sent).unwrap_err();
    assert!(error::is_channel_cancelled(e.error()) && error::is_aborted(e.error()));
    assert_eq!(e.into_value(), 2);
    assert!(ch.is_open());
    assert_eq!(ch.try_receive().unwrap(), 1);

    // A waiting receiver is cancelled too.
    let got = slot();
    let g = got.clone();
    ch.async_receive(move |r: io::Result<i32>| *g.lock().unwrap() = Some(r));
    ch.cancel();
    io.restart();
    io.run();
    assert!(error::is_channel_cancelled(&take(&got).unwrap_err()));
}

#[test]
fn reset_cancels_waiting_operations_empties_the_buffer_and_reopens() {
    let _w = watchdog(20);
    let io = IoContext::new().unwrap();
    let ch = Channel::new(&io.executor(), 1);
    ch.try_send(1).unwrap();
    let sent = slot();
    let s = sent.clone();
    ch.async_send(2, move |r: Result<(), SendError<i32>>| {
        *s.lock().unwrap() = Some(r)
    });
    ch.close();
    ch.reset();
    assert!(ch.is_open() && !ch.ready());
    io.run();
    // The send had already failed with the close.
    assert!(error::is_channel_closed(take(&sent).unwrap_err().error()));
    ch.try_send(3).unwrap();
    assert_eq!(ch.try_receive().unwrap(), 3);
}

#[test]
fn dropping_the_last_handle_cancels_waiting_operations() {
    let _w = watchdog(20);
    let io = IoContext::new().unwrap();
    let ch = Channel::<u8>::new(&io.executor(), 0);
    let got = slot();
    let g = got.clone();
    ch.clone()
        .async_receive(move |r: io::Result<u8>| *g.lock().unwrap() = Some(r));
    drop(ch);
    io.run(); // returns: the receive completed, nothing waits
    assert!(error::is_channel_cancelled(&take(&got).unwrap_err()));
}

#[test]
fn a_waiting_send_cancelled_per_operation_hands_its_value_back_for_every_type() {
    let _w = watchdog(20);
    for types in [
        CancellationType::TERMINAL,
        CancellationType::PARTIAL,
        CancellationType::TOTAL,
    ] {
        let io = IoContext::new().unwrap();
        let ch = Channel::new(&io.executor(), 0);
        let signal = CancellationSignal::new();
        let sent = slot();
        let s = sent.clone();
        ch.async_send(
            vec![1, 2, 3],
            bind_cancellation_slot(signal.slot(), move |r: Result<(), SendError<Vec<i32>>>| {
                *s.lock().unwrap() = Some(r)
            }),
        );
        signal.emit(types);
        io.run();
        let e = take(&sent).unwrap_err();
        assert!(error::is_channel_cancelled(e.error()), "{types:?}: {e:?}");
        assert_eq!(e.into_value(), [1, 2, 3], "{types:?}");
        // The channel is untouched: nothing was delivered.
        assert!(!ch.ready());
    }
}

#[test]
fn a_waiting_receive_cancelled_per_operation_completes_cancelled() {
    let _w = watchdog(20);
    let io = IoContext::new().unwrap();
    let ch = Channel::<u8>::new(&io.executor(), 0);
    // Blocking, with no thread running the context, cut short by a deadline.
    let e = ch
        .async_receive(cancel_after(Duration::from_millis(5), Blocking))
        .unwrap_err();
    assert!(error::is_channel_cancelled(&e), "{e:?}");
    // UseFuture, cancelled by a slot.
    let signal = CancellationSignal::new();
    let r = io.block_on(async {
        let mut rx =
            std::pin::pin!(ch.async_receive(bind_cancellation_slot(signal.slot(), UseFuture)));
        assert!(futures::poll!(rx.as_mut()).is_pending());
        signal.emit(CancellationType::TOTAL);
        rx.await
    });
    assert!(error::is_channel_cancelled(&r.unwrap_err()));
    // A send afterwards finds no receiver waiting.
    assert!(ch.try_send(1).is_err());
}

#[test]
fn a_receive_handed_a_value_completes_with_it_even_if_cancelled_afterwards() {
    let _w = watchdog(20);
    let io = IoContext::new().unwrap();
    let ch = Channel::new(&io.executor(), 0);
    let signal = CancellationSignal::new();
    let r = io.block_on(async {
        let mut rx =
            std::pin::pin!(ch.async_receive(bind_cancellation_slot(signal.slot(), UseFuture)));
        assert!(futures::poll!(rx.as_mut()).is_pending());
        ch.try_send(7).unwrap(); // handed to the waiting receive
        signal.emit(CancellationType::ALL);
        rx.await
    });
    assert_eq!(r.unwrap(), 7);
}

#[test]
fn a_dropped_receive_puts_the_value_it_was_handed_back_first_in_line() {
    let _w = watchdog(20);
    let io = IoContext::new().unwrap();
    let ch = Channel::new(&io.executor(), 1);
    io.block_on(async {
        let mut rx = Box::pin(ch.async_receive(UseFuture));
        assert!(futures::poll!(rx.as_mut()).is_pending());
        ch.try_send(1).unwrap(); // handed to the waiting receive
        ch.try_send(2).unwrap(); // buffered
        drop(rx);
    });
    assert_eq!(ch.try_receive().unwrap(), 1);
    assert_eq!(ch.try_receive().unwrap(), 2);
}

#[test]
fn dropping_a_waiting_send_withdraws_its_value() {
    let _w = watchdog(20);
    let io = IoContext::new().unwrap();
    let ch = Channel::new(&io.executor(), 0);
    io.block_on(async {
        let mut tx = Box::pin(ch.async_send(5, UseFuture));
        assert!(futures::poll!(tx.as_mut()).is_pending());
        assert!(ch.ready(), "a sender waits");
        drop(tx);
    });
    assert!(!ch.ready());
    assert!(ch.try_receive().is_err());
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
    // A co_spawn coroutine that waits on a rendezvous with a closure chain.
    let rendezvous = Channel::new(&ex, 0);
    let got = slot();
    {
        let (rv, got) = (rendezvous.clone(), got.clone());
        rendezvous.async_receive(move |r: io::Result<i32>| {
            *got.lock().unwrap() = Some(r.unwrap());
            drop(rv);
        });
    }
    let rv = rendezvous.clone();
    co_spawn(
        &ex,
        async move { rv.async_send(3, UseFuture).await.map_err(io::Error::from) },
        Detached,
    );
    io.restart();
    io.run();
    assert_eq!(take(&got), 3);
}

#[test]
fn closures_on_a_strand_channel_run_inside_the_strand() {
    let _w = watchdog(20);
    let io = IoContext::new().unwrap();
    let strand = Strand::new(&io.executor());
    let ch: Channel<u8, Strand> = Channel::new(&strand, 0);
    let inside = slot();
    let (s, i) = (strand.clone(), inside.clone());
    ch.async_receive(move |r: io::Result<u8>| {
        *i.lock().unwrap() = Some((r.unwrap(), s.running_in_this_thread()))
    });
    ch.try_send(9).unwrap();
    io.run();
    assert_eq!(take(&inside), (9, true));
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
