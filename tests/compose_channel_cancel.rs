//! How channel operations end other than by a hand-off: `close` (receivers drain the buffer
//! first), `cancel`, `reset`, dropping the last handle, per-operation cancellation of each type,
//! and dropped futures, none of which loses a value.

mod support;

use std::io;
use std::time::Duration;

use jeton::channel::{Channel, SendError};
use jeton::{
    bind_cancellation_slot, cancel_after, error, Blocking, CancellationSignal, CancellationType,
    IoContext, UseFuture,
};
use support::{recorder, watchdog, Recorded};

/// A channel of capacity 1 holding `1`, with a send of `2` waiting; the send's result is
/// recorded.
fn full_with_a_waiting_send(
    io: &IoContext,
) -> (Channel<i32>, Recorded<Result<(), SendError<i32>>>) {
    let ch = Channel::new(&io.executor(), 1);
    ch.try_send(1).unwrap();
    let (sent, handler) = recorder();
    ch.async_send(2, handler);
    (ch, sent)
}

#[test]
fn close_fails_waiting_senders_with_their_values_and_lets_receivers_drain_the_buffer() {
    let _w = watchdog(20);
    let io = IoContext::new().unwrap();
    let (ch, sent) = full_with_a_waiting_send(&io);
    ch.close();
    assert!(!ch.is_open());
    assert!(
        ch.ready(),
        "a receive completes at once on a closed channel"
    );
    io.run();
    let e = sent.take().unwrap_err();
    assert!(error::is_channel_closed(e.error()));
    assert_eq!(e.into_value(), 2, "the value is handed back");
    assert!(error::is_channel_closed(
        ch.try_send(3).unwrap_err().error()
    ));
    assert_eq!(ch.receive().unwrap(), 1);
    assert!(error::is_channel_closed(&ch.receive().unwrap_err()));
}

#[test]
fn close_wakes_waiting_receivers_with_the_closed_error() {
    let _w = watchdog(20);
    let io = IoContext::new().unwrap();
    let ch = Channel::<u8>::new(&io.executor(), 4);
    let receives: Vec<_> = (0..3)
        .map(|_| {
            let (got, handler) = recorder::<io::Result<u8>>();
            ch.async_receive(handler);
            got
        })
        .collect();
    ch.close();
    io.run();
    for got in receives {
        assert!(error::is_channel_closed(&got.take().unwrap_err()));
    }
}

#[test]
fn cancel_fails_every_waiting_operation_and_keeps_the_buffer() {
    let _w = watchdog(20);
    let io = IoContext::new().unwrap();
    let (ch, sent) = full_with_a_waiting_send(&io);
    ch.cancel();
    io.run();
    let e = sent.take().unwrap_err();
    assert!(error::is_channel_cancelled(e.error()) && error::is_aborted(e.error()));
    assert_eq!(e.into_value(), 2);
    assert!(ch.is_open());
    assert_eq!(ch.try_receive().unwrap(), 1);

    // A waiting receiver is cancelled too.
    let (got, handler) = recorder::<io::Result<i32>>();
    ch.async_receive(handler);
    ch.cancel();
    io.restart();
    io.run();
    assert!(error::is_channel_cancelled(&got.take().unwrap_err()));
}

#[test]
fn reset_cancels_waiting_operations_empties_the_buffer_and_reopens() {
    let _w = watchdog(20);
    let io = IoContext::new().unwrap();
    let (ch, sent) = full_with_a_waiting_send(&io);
    ch.reset();
    assert!(ch.is_open() && !ch.ready());
    io.run();
    assert!(error::is_channel_cancelled(
        sent.take().unwrap_err().error()
    ));
    // Closed, then reset: open again.
    ch.close();
    ch.reset();
    ch.try_send(3).unwrap();
    assert_eq!(ch.try_receive().unwrap(), 3);
}

#[test]
fn dropping_the_last_handle_cancels_waiting_operations() {
    let _w = watchdog(20);
    let io = IoContext::new().unwrap();
    let ch = Channel::<u8>::new(&io.executor(), 0);
    let (got, handler) = recorder::<io::Result<u8>>();
    ch.clone().async_receive(handler);
    drop(ch);
    io.run(); // returns: the receive completed, nothing waits
    assert!(error::is_channel_cancelled(&got.take().unwrap_err()));
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
        let (sent, handler) = recorder::<Result<(), SendError<Vec<i32>>>>();
        ch.async_send(
            vec![1, 2, 3],
            bind_cancellation_slot(signal.slot(), handler),
        );
        signal.emit(types);
        io.run();
        let e = sent.take().unwrap_err();
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
