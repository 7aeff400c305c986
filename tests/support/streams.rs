//! A round trip through any pair of jeton stream objects (a pipe, a stream descriptor, a
//! serial port over a pty, a child's stdin and stdout), in every token style: the same checks
//! for every object built on `IoObject`.
//!
//! Included by path (`#[path = "support/streams.rs"] mod streams;`).
#![allow(dead_code)]

use std::io;
use std::sync::mpsc;
use std::time::Duration;

use jeton::io::{self as jio, AsyncReadStream, AsyncWriteStream, Core, IoObject};
use jeton::{
    bind_cancellation_slot, cancel_after, co_spawn, Blocking, CancellationSignal, IoContext,
    UseFuture,
};

/// How long a round trip may take before the test calls it hung.
const STEP: Duration = Duration::from_secs(20);

/// Sends `msg` through `w` and reads it back from `r` in every token style: blocking calls,
/// closures (owned buffers, composed `async_write`/`async_read`), `UseFuture` in a task of the
/// context and under `IoContext::block_on`, `bind_cancellation_slot` and `cancel_after`
/// around a completing operation, and `std::io`. Each style checks the bytes that arrive.
pub fn round_trip_every_token<CR, CW>(io: &IoContext, r: &IoObject<CR>, w: &IoObject<CW>)
where
    CR: Core + AsyncReadStream,
    CW: Core + AsyncWriteStream,
{
    // Blocking: the plain synchronous calls; no thread runs the context.
    let msg = b"blocking style";
    jio::write(w, &msg[..]).expect("blocking write");
    let mut buf = [0u8; 14];
    jio::read(r, &mut buf[..]).expect("blocking read");
    assert_eq!(&buf, msg, "blocking");

    // Closures: owned buffers, composed operations, handlers run by io.run().
    let (tx, rx) = mpsc::channel();
    let rh = r.handle();
    jio::async_write(
        w.handle(),
        b"closure style".to_vec(),
        move |(res, _): (io::Result<usize>, Vec<u8>)| {
            assert_eq!(res.expect("closure write"), 13);
            jio::async_read(
                rh,
                vec![0u8; 13],
                move |(res, buf): (io::Result<usize>, Vec<u8>)| {
                    res.expect("closure read");
                    tx.send(buf).unwrap();
                },
            );
        },
    );
    io.restart();
    io.run();
    assert_eq!(rx.recv_timeout(STEP).unwrap(), b"closure style", "closure");

    // UseFuture in a task of the context (coroutine style).
    let (rh, wh) = (r.handle(), w.handle());
    let (tx, rx) = mpsc::channel();
    co_spawn(
        &io.executor(),
        async move {
            wh.async_write_some(&b"coroutine"[..], UseFuture).await?;
            let mut buf = [0u8; 9];
            jio::async_read(&rh, &mut buf[..], UseFuture).await?;
            Ok::<_, io::Error>(buf)
        },
        move |r: io::Result<[u8; 9]>| tx.send(r.expect("coroutine")).unwrap(),
    );
    io.restart();
    io.run();
    assert_eq!(&rx.recv_timeout(STEP).unwrap(), b"coroutine");

    // UseFuture driven by IoContext::block_on, with a cancellation slot that is never used
    // and a deadline that never fires.
    io.restart();
    let signal = CancellationSignal::new();
    let got = io.block_on(async {
        jio::async_write(
            w,
            &b"future"[..],
            bind_cancellation_slot(signal.slot(), UseFuture),
        )
        .await?;
        let mut buf = [0u8; 6];
        jio::async_read(r, &mut buf[..], cancel_after(STEP, UseFuture)).await?;
        Ok::<_, io::Error>(buf)
    });
    assert_eq!(&got.expect("block_on"), b"future");

    // cancel_after around a blocking call that completes.
    let n = w
        .async_write_some(&b"deadline"[..], cancel_after(STEP, Blocking))
        .expect("write under a deadline");
    let mut buf = [0u8; 8];
    jio::async_read(r, &mut buf[..n], cancel_after(STEP, Blocking)).expect("read under a deadline");
    assert_eq!(&buf[..n], &b"deadline"[..n]);

    // std::io on references.
    use std::io::{Read, Write};
    (&mut &*w).write_all(b"std").expect("std write");
    let mut buf = [0u8; 3];
    (&mut &*r).read_exact(&mut buf).expect("std read");
    assert_eq!(&buf, b"std");
}
