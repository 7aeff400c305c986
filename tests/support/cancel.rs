//! Per-operation cancellation checks shared by the I/O object tests.
//!
//! Included by path (`#[path = "support/cancel.rs"] mod cancel;`).
#![allow(dead_code)]

use std::io;
use std::sync::mpsc;

use jeton::{
    bind_cancellation_slot, error, BindCancellationSlot, CancellationSignal, CancellationType,
    IoContext,
};

/// The handler [`each_type_aborts`] gives the operation: it sends the result back.
pub type Handler<R> = Box<dyn FnOnce(io::Result<R>) + Send>;

/// For each cancellation type (terminal, partial, total): starts an operation with `start`
/// (a closure token bound to a slot), lets it become pending (`io.poll()`), emits the type on
/// the slot, and asserts that it completes with the aborted error. For operations with no
/// side effect, which honour every type.
pub fn each_type_aborts<R: Send + 'static>(
    io: &IoContext,
    start: impl Fn(BindCancellationSlot<Handler<R>>),
) {
    each_type_aborts_with(io, start, || {}, |_| {});
}

/// As [`each_type_aborts`], calling `before_emit` once the operation is pending and `after`
/// once it has completed aborted, for each type.
pub fn each_type_aborts_with<R: Send + 'static>(
    io: &IoContext,
    start: impl Fn(BindCancellationSlot<Handler<R>>),
    before_emit: impl Fn(),
    after: impl Fn(CancellationType),
) {
    for t in [
        CancellationType::TERMINAL,
        CancellationType::PARTIAL,
        CancellationType::TOTAL,
    ] {
        let signal = CancellationSignal::new();
        let (tx, rx) = mpsc::channel();
        let handler: Handler<R> = Box::new(move |r| tx.send(r.map(drop)).unwrap());
        start(bind_cancellation_slot(signal.slot(), handler));
        io.restart();
        io.poll();
        before_emit();
        signal.emit(t);
        io.restart();
        io.run();
        let r: io::Result<()> = rx.recv().unwrap();
        assert!(error::is_aborted(&r.unwrap_err()), "{t:?}");
        after(t);
    }
}
