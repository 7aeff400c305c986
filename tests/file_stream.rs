//! `StreamFile`: every token, the position (seek, append), the composed operations, std::io
//! and futures::io, size, resize, sync, cancel, close, release, and the errors (missing file,
//! a read-only file written, bad flags).

mod support;

use std::future::Future;
use std::io::{Read as _, SeekFrom, Write as _};

use jeton::file::{OpenFlags, StreamFile};
use jeton::io::{self, DynamicBuffer};
use jeton::{error, Blocking, IoContext, UseFuture};
use support::{watchdog, TempFile};

/// A temporary file for this test file.
fn temp(name: &str) -> TempFile {
    TempFile::new("file-stream", name)
}

const RW_NEW: OpenFlags = OpenFlags::READ_WRITE
    .union(OpenFlags::CREATE)
    .union(OpenFlags::TRUNCATE);

#[test]
fn every_token_reads_and_writes_in_sequence() {
    let _w = watchdog(60);
    let t = temp("tokens");
    let io_ctx = IoContext::new().unwrap();
    let ex = io_ctx.executor();
    let file = StreamFile::open(&ex, &t.0, RW_NEW).unwrap();
    // Blocking.
    assert_eq!(file.async_write_some(&b"ab"[..], Blocking).unwrap(), 2);
    // UseFuture.
    let n = io_ctx
        .block_on(file.async_write_some(&b"cd"[..], UseFuture))
        .unwrap();
    assert_eq!(n, 2);
    // Closure, owned buffer handed back.
    let (tx, rx) = std::sync::mpsc::channel();
    file.async_write_some(
        b"ef".to_vec(),
        move |(r, buf): (std::io::Result<usize>, Vec<u8>)| {
            tx.send((r.unwrap(), buf)).unwrap();
        },
    );
    io_ctx.restart();
    io_ctx.run();
    assert_eq!(rx.recv().unwrap(), (2, b"ef".to_vec()));
    assert_eq!(std::fs::read(&t.0).unwrap(), b"abcdef");
    // Reads go on from the position: at the end now.
    let mut buf = [0u8; 8];
    assert_eq!(file.read_some(&mut buf).unwrap(), 0);
    assert_eq!(file.seek(SeekFrom::Start(1)).unwrap(), 1);
    assert_eq!(file.async_read_some(&mut buf[..2], Blocking).unwrap(), 2);
    assert_eq!(&buf[..2], b"bc");
    let n = io_ctx
        .block_on(file.async_read_some(&mut buf[..], UseFuture))
        .unwrap();
    assert_eq!(&buf[..n], b"def");
    file.seek(SeekFrom::Start(4)).unwrap();
    let (tx, rx) = std::sync::mpsc::channel();
    file.async_read_some(
        vec![0u8; 4],
        move |(r, buf): (std::io::Result<usize>, Vec<u8>)| {
            tx.send(buf[..r.unwrap()].to_vec()).unwrap();
        },
    );
    io_ctx.restart();
    io_ctx.run();
    assert_eq!(rx.recv().unwrap(), b"ef");
    // Zero-length operations complete at once with 0.
    assert_eq!(file.read_some(&mut []).unwrap(), 0);
    assert_eq!(file.write_some(b"").unwrap(), 0);
}

#[test]
fn seek_from_every_base() {
    let _w = watchdog(60);
    let t = temp("seek");
    std::fs::write(&t.0, b"0123456789").unwrap();
    let io_ctx = IoContext::new().unwrap();
    let file = StreamFile::open(&io_ctx.executor(), &t.0, OpenFlags::READ_ONLY).unwrap();
    assert_eq!(file.seek(SeekFrom::End(0)).unwrap(), 10);
    assert_eq!(file.seek(SeekFrom::Current(-3)).unwrap(), 7);
    let mut buf = [0u8; 1];
    file.read_some(&mut buf).unwrap();
    assert_eq!(&buf, b"7");
    assert_eq!(file.seek(SeekFrom::Current(0)).unwrap(), 8);
    let e = file.seek(SeekFrom::Current(-9)).unwrap_err();
    assert_eq!(e.kind(), std::io::ErrorKind::InvalidInput);
    assert_eq!(file.seek(SeekFrom::Current(0)).unwrap(), 8); // unchanged
                                                             // Past the end: reads find nothing.
    file.seek(SeekFrom::Start(100)).unwrap();
    assert_eq!(file.read_some(&mut buf).unwrap(), 0);
}

#[test]
fn append_writes_go_to_the_end() {
    let _w = watchdog(60);
    let t = temp("append");
    std::fs::write(&t.0, b"start;").unwrap();
    let io_ctx = IoContext::new().unwrap();
    let flags = OpenFlags::READ_WRITE | OpenFlags::APPEND;
    let file = StreamFile::open(&io_ctx.executor(), &t.0, flags).unwrap();
    file.seek(SeekFrom::Start(0)).unwrap();
    io::write(&file, &b"one;"[..]).unwrap();
    // Another writer appends meanwhile; the next write still goes to the end.
    std::fs::OpenOptions::new()
        .append(true)
        .open(&t.0)
        .unwrap()
        .write_all(b"other;")
        .unwrap();
    io_ctx
        .block_on(io::async_write(&file, &b"two;"[..], UseFuture))
        .unwrap();
    assert_eq!(std::fs::read(&t.0).unwrap(), b"start;one;other;two;");
    // The position is left at the end of the last write.
    assert_eq!(file.seek(SeekFrom::Current(0)).unwrap(), 20);
}

#[test]
fn composed_operations_std_io_and_futures_io() {
    let _w = watchdog(60);
    let t = temp("composed");
    let io_ctx = IoContext::new().unwrap();
    let file = StreamFile::open(&io_ctx.executor(), &t.0, RW_NEW).unwrap();
    // A write larger than one step (1 MiB) goes through several.
    let big: Vec<u8> = (0..3_000_000u32).map(|i| (i % 251) as u8).collect();
    assert_eq!(io::write(&file, &big[..]).unwrap(), big.len());
    file.seek(SeekFrom::Start(0)).unwrap();
    let mut back = vec![0u8; big.len()];
    assert_eq!(io::read(&file, &mut back[..]).unwrap(), big.len());
    assert!(back == big);
    // read past the end: eof with the count.
    let mut more = [0u8; 4];
    let e = io::read(&file, &mut more[..]).unwrap_err();
    assert!(error::is_eof(&e));
    // read_until.
    file.resize(0).unwrap();
    file.seek(SeekFrom::Start(0)).unwrap();
    std::io::Write::write_all(&mut &file, b"line one\nline two\n").unwrap(); // std::io::Write
    file.seek(SeekFrom::Start(0)).unwrap();
    let mut buf = DynamicBuffer::new(Vec::new());
    let n = io::read_until(&file, &mut buf, b'\n').unwrap();
    assert_eq!(&buf.data()[..n], b"line one\n");
    // std::io::Read goes on from where read_until's reads left the position.
    let mut rest = String::new();
    std::io::Read::read_to_string(&mut &file, &mut rest).unwrap();
    assert_eq!(rest, ""); // read_until read the whole (small) file
                          // futures::io.
    file.seek(SeekFrom::Start(0)).unwrap();
    let s = io_ctx.block_on(async {
        use futures::io::{AsyncReadExt as R, AsyncWriteExt as W};
        let mut f = &file;
        W::write_all(&mut f, b"futures").await?;
        W::flush(&mut f).await?;
        let mut all = Vec::new();
        file.seek(SeekFrom::Start(0))?;
        R::read_to_end(&mut f, &mut all).await?;
        Ok::<_, std::io::Error>(all)
    });
    assert_eq!(&s.unwrap()[..7], b"futures");
}

#[test]
fn size_resize_and_sync() {
    let _w = watchdog(60);
    let t = temp("size");
    let io_ctx = IoContext::new().unwrap();
    let file = StreamFile::open(&io_ctx.executor(), &t.0, RW_NEW).unwrap();
    assert_eq!(file.size().unwrap(), 0);
    file.write_some(b"12345").unwrap();
    assert_eq!(file.size().unwrap(), 5);
    file.resize(2).unwrap();
    assert_eq!(file.size().unwrap(), 2);
    file.resize(8).unwrap();
    file.sync_all().unwrap();
    file.sync_data().unwrap();
    assert_eq!(std::fs::read(&t.0).unwrap(), b"12\0\0\0\0\0\0");
}

#[test]
fn errors_missing_file_read_only_written_bad_flags() {
    let _w = watchdog(60);
    let t = temp("errors");
    let io_ctx = IoContext::new().unwrap();
    let ex = io_ctx.executor();
    let e = StreamFile::open(&ex, &t.0, OpenFlags::READ_ONLY).unwrap_err();
    assert_eq!(e.kind(), std::io::ErrorKind::NotFound);
    std::fs::write(&t.0, b"x").unwrap();
    let both = OpenFlags::READ_ONLY | OpenFlags::WRITE_ONLY;
    let e = StreamFile::open(&ex, &t.0, both).unwrap_err();
    assert_eq!(e.kind(), std::io::ErrorKind::InvalidInput);
    let e = StreamFile::open(
        &ex,
        &t.0,
        OpenFlags::WRITE_ONLY | OpenFlags::CREATE | OpenFlags::EXCLUSIVE,
    )
    .unwrap_err();
    assert_eq!(e.kind(), std::io::ErrorKind::AlreadyExists);
    // A read-only file written: EBADF from the system, with every token.
    let file = StreamFile::open(&ex, &t.0, OpenFlags::READ_ONLY).unwrap();
    assert!(error::is_bad_descriptor(
        &file.write_some(b"y").unwrap_err()
    ));
    let r = io_ctx.block_on(file.async_write_some(&b"y"[..], UseFuture));
    assert!(error::is_bad_descriptor(&r.unwrap_err()));
    let (tx, rx) = std::sync::mpsc::channel();
    file.async_write_some(
        b"y".to_vec(),
        move |(r, _): (std::io::Result<usize>, Vec<u8>)| {
            tx.send(r.unwrap_err().raw_os_error()).unwrap();
        },
    );
    io_ctx.restart();
    io_ctx.run();
    assert_eq!(rx.recv().unwrap(), error::bad_descriptor().raw_os_error());
    // Closed: bad descriptor for every call.
    file.close();
    assert!(!file.is_open());
    assert!(error::is_bad_descriptor(
        &file.read_some(&mut [0u8; 1]).unwrap_err()
    ));
    assert!(error::is_bad_descriptor(&file.size().unwrap_err()));
    assert!(error::is_bad_descriptor(
        &file.seek(SeekFrom::Start(0)).unwrap_err()
    ));
    assert!(error::is_bad_descriptor(&file.release().unwrap_err()));
}

#[test]
fn cancel_and_close_abort_pending_operations() {
    let _w = watchdog(60);
    let t = temp("cancel");
    std::fs::write(&t.0, b"data").unwrap();
    let io_ctx = IoContext::new().unwrap();
    let file = StreamFile::open(&io_ctx.executor(), &t.0, OpenFlags::READ_ONLY).unwrap();
    let (tx, rx) = std::sync::mpsc::channel();
    for _ in 0..2 {
        let tx = tx.clone();
        file.async_read_some(
            vec![0u8; 4],
            move |(r, _): (std::io::Result<usize>, Vec<u8>)| {
                tx.send(r.map_err(|e| error::is_aborted(&e))).unwrap();
            },
        );
        file.cancel(); // right after the initiating call: aborted, nothing read
    }
    io_ctx.run();
    assert_eq!(rx.recv().unwrap(), Err(true));
    assert_eq!(rx.recv().unwrap(), Err(true));
    // The position did not move: the aborted reads consumed nothing.
    let mut buf = [0u8; 4];
    assert_eq!(file.read_some(&mut buf).unwrap(), 4);
    assert_eq!(&buf, b"data");
    // close aborts too, and the file is closed.
    file.seek(SeekFrom::Start(0)).unwrap();
    let tx2 = tx.clone();
    file.async_read_some(
        vec![0u8; 4],
        move |(r, _): (std::io::Result<usize>, Vec<u8>)| {
            tx2.send(r.map_err(|e| error::is_aborted(&e))).unwrap();
        },
    );
    file.close();
    io_ctx.restart();
    io_ctx.run();
    assert_eq!(rx.recv().unwrap(), Err(true));
    // Dropping a future in flight loses nothing either.
    let file = StreamFile::open(&io_ctx.executor(), &t.0, OpenFlags::READ_ONLY).unwrap();
    {
        let mut buf = [0u8; 4];
        let mut read = std::pin::pin!(file.async_read_some(&mut buf[..], UseFuture));
        let waker = futures::task::noop_waker();
        let _ = read
            .as_mut()
            .poll(&mut std::task::Context::from_waker(&waker));
    }
    let mut buf = [0u8; 4];
    assert_eq!(file.read_some(&mut buf).unwrap(), 4);
    assert_eq!(&buf, b"data");
}

#[test]
fn release_and_native_handle() {
    let _w = watchdog(60);
    let t = temp("release");
    std::fs::write(&t.0, b"mine").unwrap();
    let io_ctx = IoContext::new().unwrap();
    let file = StreamFile::open(&io_ctx.executor(), &t.0, OpenFlags::READ_ONLY).unwrap();
    assert!(file.native_handle().unwrap() >= 0);
    let mut std_file = file.release().unwrap();
    assert!(!file.is_open());
    let mut s = String::new();
    std_file.read_to_string(&mut s).unwrap();
    assert_eq!(s, "mine");
    // Adopted again.
    let again = StreamFile::from_std(&io_ctx.executor(), std_file, false);
    assert_eq!(again.size().unwrap(), 4);
}

#[test]
fn public_types_are_send_and_sync() {
    fn send_sync<T: Send + Sync>() {}
    send_sync::<StreamFile>();
    send_sync::<jeton::io::ReadSome<StreamFile<jeton::io::Handle>, Vec<u8>>>();
}
