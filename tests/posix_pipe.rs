//! Pipes (`ReadablePipe`, `WritablePipe`, `connect_pipe`): round trips in every token style,
//! end of stream and broken pipe, readiness waits, cancellation, and the `futures::io` close.

#[path = "support/cancel.rs"]
mod cancel;
#[path = "support/streams.rs"]
mod streams;
#[path = "support/watchdog.rs"]
mod watchdog;

use std::io;
use std::sync::mpsc;
use std::time::Duration;

use jeton::io::{self as jio, WaitType};
use jeton::posix::{connect_pipe, ReadablePipe, WritablePipe};
use jeton::{cancel_after, error, Blocking, CancellationType, IoContext, UseFuture};
use watchdog::watchdog;

#[test]
fn pipe_round_trip_in_every_token_style() {
    let _w = watchdog(60);
    let io = IoContext::new().unwrap();
    let (r, w) = connect_pipe(&io.executor()).unwrap();
    streams::round_trip_every_token(&io, &r, &w);
}

#[test]
fn a_large_write_arrives_whole_while_the_reader_runs_on_the_context() {
    let _w = watchdog(60);
    let io = IoContext::new().unwrap();
    let (r, w) = connect_pipe(&io.executor()).unwrap();
    // 1 MiB: many times the pipe's capacity, so the write waits for the reader.
    let data: Vec<u8> = (0..1 << 20).map(|i: u32| (i * 7 + i / 251) as u8).collect();
    let (tx, rx) = mpsc::channel();
    jio::async_read(
        r.handle(),
        vec![0u8; data.len()],
        move |(res, buf): (io::Result<usize>, Vec<u8>)| {
            res.unwrap();
            tx.send(buf).unwrap();
        },
    );
    let runner = std::thread::spawn(move || io.run());
    jio::write(&w, &data[..]).unwrap();
    runner.join().unwrap();
    assert!(rx.recv().unwrap() == data, "the bytes arrive in order");
}

#[test]
fn closing_the_write_end_is_end_of_stream_and_closing_the_read_end_breaks_the_pipe() {
    let _w = watchdog(20);
    let io = IoContext::new().unwrap();
    let (r, w) = connect_pipe(&io.executor()).unwrap();
    w.write_some(b"last").unwrap();
    w.close();
    let mut buf = [0u8; 8];
    assert_eq!(r.read_some(&mut buf).unwrap(), 4);
    assert_eq!(r.read_some(&mut buf).unwrap(), 0, "end of stream");
    let e = jio::read(&r, &mut buf[..]).unwrap_err();
    assert!(error::is_eof(&e), "a composed read says eof: {e:?}");

    let (r, w) = connect_pipe(&io.executor()).unwrap();
    drop(r);
    let e = w.write_some(b"x").unwrap_err();
    assert_eq!(e.kind(), io::ErrorKind::BrokenPipe);
}

#[test]
fn read_wait_completes_when_data_arrives_and_consumes_nothing() {
    let _w = watchdog(20);
    let io = IoContext::new().unwrap();
    let (r, w) = connect_pipe(&io.executor()).unwrap();
    // An idle pipe's write end is writable at once; its read end is not readable.
    w.wait(WaitType::Write).unwrap();
    let (tx, rx) = mpsc::channel();
    r.async_wait(WaitType::Read, move |res: io::Result<()>| {
        tx.send(res).unwrap()
    });
    io.poll();
    assert!(
        rx.try_recv().is_err(),
        "nothing to read yet: the wait is pending"
    );
    w.write_some(b"now").unwrap();
    io.restart();
    io.run();
    rx.recv().unwrap().unwrap();
    let mut buf = [0u8; 3];
    assert_eq!(r.read_some(&mut buf).unwrap(), 3, "the wait left the data");

    // Blocking and future styles, data already there: at once.
    w.write_some(b"x").unwrap();
    r.wait(WaitType::Read).unwrap();
    io.restart();
    io.block_on(r.async_wait(WaitType::Read, UseFuture))
        .unwrap();
}

#[test]
fn error_wait_completes_when_the_other_end_goes() {
    let _w = watchdog(20);
    let io = IoContext::new().unwrap();
    let (r, w) = connect_pipe(&io.executor()).unwrap();
    let (tx, rx) = mpsc::channel();
    w.async_wait(WaitType::Error, move |res: io::Result<()>| {
        tx.send(res).unwrap()
    });
    io.poll();
    assert!(rx.try_recv().is_err(), "no error yet");
    drop(r); // The write end now has POLLERR.
    io.restart();
    io.run();
    rx.recv().unwrap().unwrap();
}

#[test]
fn cancel_close_and_drop_abort_pending_waits_and_reads() {
    let _w = watchdog(20);
    let io = IoContext::new().unwrap();
    let (r, w) = connect_pipe(&io.executor()).unwrap();
    let (tx, rx) = mpsc::channel();
    let t1 = tx.clone();
    r.async_wait(WaitType::Read, move |res: io::Result<()>| {
        t1.send(res).unwrap()
    });
    let t2 = tx.clone();
    r.async_read_some(
        vec![0u8; 4],
        move |(res, _): (io::Result<usize>, Vec<u8>)| t2.send(res.map(drop)).unwrap(),
    );
    r.cancel();
    io.run();
    for _ in 0..2 {
        assert!(error::is_aborted(&rx.recv().unwrap().unwrap_err()));
    }
    assert!(r.is_open(), "cancel leaves the pipe open");

    // close() from another thread interrupts a blocking wait.
    let h = r.handle();
    let closer = std::thread::spawn(move || {
        std::thread::sleep(Duration::from_millis(20));
        h.close();
    });
    assert!(error::is_aborted(&r.wait(WaitType::Read).unwrap_err()));
    closer.join().unwrap();
    assert!(error::is_bad_descriptor(
        &r.wait(WaitType::Read).unwrap_err()
    ));

    // Dropping the owner aborts what is pending through a handle.
    let (r, _w2) = connect_pipe(&io.executor()).unwrap();
    let t3 = tx.clone();
    r.async_wait(WaitType::Read, move |res: io::Result<()>| {
        t3.send(res).unwrap()
    });
    drop(r);
    io.restart();
    io.run();
    assert!(error::is_aborted(&rx.recv().unwrap().unwrap_err()));
    drop(w);
}

#[test]
fn per_operation_cancellation_reaches_a_pipe_read_and_a_wait() {
    let _w = watchdog(20);
    let io = IoContext::new().unwrap();
    let (r, w) = connect_pipe(&io.executor()).unwrap();
    // cancel_after on a blocking read of a silent pipe: aborted, the pipe still usable.
    let mut buf = [0u8; 4];
    let e = r
        .async_read_some(
            &mut buf[..],
            cancel_after(Duration::from_millis(20), Blocking),
        )
        .unwrap_err();
    assert!(error::is_aborted(&e));
    // A partial cancellation of a composed read reports the bytes read so far.
    w.write_some(b"ab").unwrap();
    let token = cancel_after(Duration::from_millis(20), Blocking)
        .cancellation_type(CancellationType::PARTIAL);
    let e = jio::async_read(&r, &mut buf[..], token).unwrap_err();
    assert!(error::is_aborted(&e));
    assert_eq!((jio::transferred(&e), &buf[..2]), (2, &b"ab"[..]));
    // A wait has no side effect: every type aborts it.
    cancel::each_type_aborts(&io, |token| r.async_wait(WaitType::Read, token));
    w.write_some(b"cd").unwrap();
    let mut rest = [0u8; 2];
    jio::read(&r, &mut rest[..]).unwrap();
    assert_eq!(&rest, b"cd", "still usable after every cancellation");
}

#[test]
fn futures_io_close_of_the_write_end_ends_the_readers_stream() {
    use futures::io::{AsyncReadExt, AsyncWriteExt};
    let _w = watchdog(20);
    let io = IoContext::new().unwrap();
    let (r, w): (ReadablePipe, WritablePipe) = connect_pipe(&io.executor()).unwrap();
    let text = io.block_on(async {
        let mut w = w;
        w.write_all(b"via futures::io").await?;
        AsyncWriteExt::close(&mut w).await?;
        let mut r = r;
        let mut text = String::new();
        r.read_to_string(&mut text).await?;
        Ok::<_, io::Error>(text)
    });
    assert_eq!(text.unwrap(), "via futures::io");
}

#[test]
fn pipe_futures_and_handles_are_send_and_sync() {
    fn send_sync<T: Send + Sync>() {}
    send_sync::<ReadablePipe>();
    send_sync::<WritablePipe>();
    send_sync::<
        jio::Wait<
            jeton::io::IoObject<
                jeton::posix::DescriptorCore<jeton::posix::kind::ReadEnd>,
                jeton::io::Handle,
            >,
        >,
    >();
}
