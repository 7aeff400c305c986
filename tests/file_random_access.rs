//! `RandomAccessFile`: every token at offsets, the composed `read_at`/`write_at` (every token,
//! completion conditions, end of file), many operations at once, cancel and the errors.

mod support;

use std::sync::mpsc;

use jeton::file::{OpenFlags, RandomAccessFile};
use jeton::io::{self, transfer_at_least};
use jeton::{error, Blocking, IoContext, UseFuture};
use support::{watchdog, TempFile};

/// A temporary file for this test file.
fn temp(name: &str) -> TempFile {
    TempFile::new("file-random", name)
}

const RW_NEW: OpenFlags = OpenFlags::READ_WRITE
    .union(OpenFlags::CREATE)
    .union(OpenFlags::TRUNCATE);

#[test]
fn every_token_at_offsets() {
    let _w = watchdog(60);
    let t = temp("tokens");
    let ctx = IoContext::new().unwrap();
    let file = RandomAccessFile::open(&ctx.executor(), &t.0, RW_NEW).unwrap();
    assert_eq!(
        file.async_write_some_at(4, &b"EF"[..], Blocking).unwrap(),
        2
    );
    let n = ctx
        .block_on(file.async_write_some_at(2, &b"CD"[..], UseFuture))
        .unwrap();
    assert_eq!(n, 2);
    let (tx, rx) = mpsc::channel();
    file.async_write_some_at(
        0,
        b"AB".to_vec(),
        move |(r, _): (std::io::Result<usize>, Vec<u8>)| {
            tx.send(r.unwrap()).unwrap();
        },
    );
    ctx.restart();
    ctx.run();
    assert_eq!(rx.recv().unwrap(), 2);
    assert_eq!(std::fs::read(&t.0).unwrap(), b"ABCDEF");
    let mut buf = [0u8; 3];
    assert_eq!(
        file.async_read_some_at(3, &mut buf[..], Blocking).unwrap(),
        3
    );
    assert_eq!(&buf, b"DEF");
    let n = ctx
        .block_on(file.async_read_some_at(1, &mut buf[..2], UseFuture))
        .unwrap();
    assert_eq!(&buf[..n], b"BC");
    let (tx, rx) = mpsc::channel();
    file.async_read_some_at(
        5,
        vec![0u8; 9],
        move |(r, b): (std::io::Result<usize>, Vec<u8>)| {
            tx.send(b[..r.unwrap()].to_vec()).unwrap();
        },
    );
    ctx.restart();
    ctx.run();
    assert_eq!(rx.recv().unwrap(), b"F");
    // At or past the end: 0. Empty buffers: 0 at once.
    assert_eq!(file.read_some_at(6, &mut buf).unwrap(), 0);
    assert_eq!(file.read_some_at(1000, &mut buf).unwrap(), 0);
    assert_eq!(file.read_some_at(0, &mut []).unwrap(), 0);
    assert_eq!(file.write_some_at(0, b"").unwrap(), 0);
    // A write past the end leaves a hole of zeroes.
    file.write_some_at(8, b"Z").unwrap();
    assert_eq!(std::fs::read(&t.0).unwrap(), b"ABCDEF\0\0Z");
}

#[test]
fn read_at_and_write_at_with_every_token() {
    let _w = watchdog(60);
    let t = temp("composed");
    let ctx = IoContext::new().unwrap();
    let file = RandomAccessFile::open(&ctx.executor(), &t.0, RW_NEW).unwrap();
    // More than one 1 MiB step.
    let big: Vec<u8> = (0..2_500_000u32).map(|i| (i % 253) as u8).collect();
    assert_eq!(io::write_at(&file, 10, &big[..]).unwrap(), big.len());
    let mut back = vec![0u8; big.len()];
    let n = ctx
        .block_on(io::async_read_at(&file, 10, &mut back[..], UseFuture))
        .unwrap();
    assert_eq!(n, big.len());
    assert!(back == big);
    // Closure tokens need a handle (or an Arc) and owned buffers.
    let (tx, rx) = mpsc::channel();
    io::async_write_at(file.handle(), 0, b"0123456789".to_vec(), {
        let tx = tx.clone();
        move |(r, _): (std::io::Result<usize>, Vec<u8>)| tx.send(r.unwrap()).unwrap()
    });
    ctx.restart();
    ctx.run();
    assert_eq!(rx.recv().unwrap(), 10);
    io::async_read_at(
        file.handle(),
        2,
        vec![0u8; 5],
        move |(r, b): (std::io::Result<usize>, Vec<u8>)| {
            assert_eq!(&b, b"23456");
            tx.send(r.unwrap()).unwrap();
        },
    );
    ctx.restart();
    ctx.run();
    assert_eq!(rx.recv().unwrap(), 5);
    // The end of the file before the buffer is full: eof with the count.
    let size = file.size().unwrap();
    let mut tail = [0u8; 8];
    let e = io::read_at(&file, size - 3, &mut tail[..]).unwrap_err();
    assert!(error::is_eof(&e));
    assert_eq!(io::transferred(&e), 3);
    // A completion condition.
    let mut some = [0u8; 100];
    let n =
        io::async_read_at_with(&file, 0, &mut some[..], transfer_at_least(1), Blocking).unwrap();
    assert_eq!(n, 100);
}

#[test]
fn many_operations_at_once() {
    let _w = watchdog(60);
    let t = temp("many");
    let ctx = IoContext::new().unwrap();
    let file = RandomAccessFile::open(&ctx.executor(), &t.0, RW_NEW).unwrap();
    let (tx, rx) = mpsc::channel();
    for i in 0..32u8 {
        let tx = tx.clone();
        file.async_write_some_at(
            u64::from(i) * 4,
            vec![i; 4],
            move |(r, _): (std::io::Result<usize>, Vec<u8>)| {
                tx.send(r.unwrap()).unwrap();
            },
        );
    }
    drop(tx);
    ctx.run();
    assert_eq!(rx.iter().sum::<usize>(), 128);
    let data = std::fs::read(&t.0).unwrap();
    for i in 0..32u8 {
        assert_eq!(&data[usize::from(i) * 4..][..4], &[i; 4]);
    }
}

#[test]
fn cancel_aborts_and_errors() {
    let _w = watchdog(60);
    let t = temp("cancel");
    std::fs::write(&t.0, b"0123").unwrap();
    let ctx = IoContext::new().unwrap();
    let file = RandomAccessFile::open(&ctx.executor(), &t.0, OpenFlags::READ_ONLY).unwrap();
    let (tx, rx) = mpsc::channel();
    file.async_read_some_at(
        0,
        vec![0u8; 4],
        move |(r, _): (std::io::Result<usize>, Vec<u8>)| {
            tx.send(error::is_aborted(&r.unwrap_err())).unwrap();
        },
    );
    file.cancel();
    ctx.run();
    assert!(rx.recv().unwrap());
    assert!(file.is_open());
    // Written while read-only: the system's EBADF.
    assert!(error::is_bad_descriptor(
        &file.write_some_at(0, b"x").unwrap_err()
    ));
    assert!(error::is_bad_descriptor(
        &io::write_at(&file, 0, &b"x"[..]).unwrap_err()
    ));
    // resize needs write access.
    assert!(file.resize(0).is_err());
    // Missing file.
    let e = RandomAccessFile::open(
        &ctx.executor(),
        t.0.with_extension("missing"),
        OpenFlags::READ_WRITE,
    )
    .unwrap_err();
    assert_eq!(e.kind(), std::io::ErrorKind::NotFound);
    // Dropping the file aborts what is pending; later operations through a handle fail.
    let handle = file.handle();
    drop(file);
    assert!(error::is_bad_descriptor(
        &handle.read_some_at(0, &mut [0u8; 1]).unwrap_err()
    ));
}

#[test]
fn public_types_are_send_and_sync() {
    fn send_sync<T: Send + Sync>() {}
    send_sync::<RandomAccessFile>();
    send_sync::<jeton::io::ReadSomeAt<RandomAccessFile<jeton::io::Handle>, Vec<u8>>>();
    send_sync::<
        jeton::io::WriteAt<RandomAccessFile<jeton::io::Handle>, Vec<u8>, jeton::io::TransferAll>,
    >();
}
