//! `StreamDescriptor` over any `OwnedFd`: round trips in every token style over a socket pair
//! and over a pipe's ends, an eventfd, regular files (performed at once), `release` giving the
//! descriptor back in its mode, and `async_wait` on sockets (the same operation).

#[path = "support/streams.rs"]
mod streams;
#[path = "support/watchdog.rs"]
mod watchdog;

use std::io::{self, Read, Seek, Write};
use std::os::fd::{AsFd, OwnedFd};
use std::os::unix::net::UnixStream;
use std::sync::mpsc;

use jeton::io::{self as jio, WaitType};
use jeton::net::unix;
use jeton::posix::StreamDescriptor;
use jeton::{error, IoContext, UseFuture};
use watchdog::watchdog;

/// Returns whether `O_NONBLOCK` is set on `fd`.
fn nonblocking(fd: impl AsFd) -> bool {
    rustix::fs::fcntl_getfl(fd)
        .unwrap()
        .contains(rustix::fs::OFlags::NONBLOCK)
}

#[test]
fn stream_descriptor_round_trip_in_every_token_style() {
    let _w = watchdog(60);
    let io = IoContext::new().unwrap();
    let (a, b) = UnixStream::pair().unwrap();
    let a = StreamDescriptor::new(&io.executor(), a.into()).unwrap();
    let b = StreamDescriptor::new(&io.executor(), b.into()).unwrap();
    streams::round_trip_every_token(&io, &b, &a);
    streams::round_trip_every_token(&io, &a, &b);
}

#[test]
fn stream_descriptors_over_the_ends_of_a_pipe() {
    let _w = watchdog(60);
    let io = IoContext::new().unwrap();
    let (r, w) = rustix::pipe::pipe().unwrap();
    let r = StreamDescriptor::new(&io.executor(), r).unwrap();
    let w = StreamDescriptor::new(&io.executor(), w).unwrap();
    streams::round_trip_every_token(&io, &r, &w);
}

#[test]
fn an_eventfd_counts_through_a_stream_descriptor() {
    let _w = watchdog(20);
    let io = IoContext::new().unwrap();
    let efd = rustix::event::eventfd(0, rustix::event::EventfdFlags::CLOEXEC).unwrap();
    let ev = StreamDescriptor::new(&io.executor(), efd).unwrap();
    let (tx, rx) = mpsc::channel();
    ev.async_read_some(
        vec![0u8; 8],
        move |(r, buf): (io::Result<usize>, Vec<u8>)| {
            assert_eq!(r.unwrap(), 8);
            tx.send(u64::from_ne_bytes(buf[..8].try_into().unwrap()))
                .unwrap();
        },
    );
    io.poll();
    assert!(rx.try_recv().is_err(), "a zero counter is not readable");
    ev.write_some(&3u64.to_ne_bytes()).unwrap();
    ev.write_some(&4u64.to_ne_bytes()).unwrap();
    io.restart();
    io.run();
    assert_eq!(rx.recv().unwrap(), 7);
}

/// A temporary regular file with `text` in it, open for reading and writing.
fn temp_file(tag: &str, text: &[u8]) -> (std::path::PathBuf, std::fs::File) {
    let path = std::env::temp_dir().join(format!("jeton-{tag}-{}", std::process::id()));
    let mut f = std::fs::OpenOptions::new()
        .read(true)
        .write(true)
        .create(true)
        .truncate(true)
        .open(&path)
        .unwrap();
    f.write_all(text).unwrap();
    f.rewind().unwrap();
    (path, f)
}

#[test]
fn a_regular_file_is_performed_at_once_in_every_style() {
    let _w = watchdog(20);
    let io = IoContext::new().unwrap();
    let (path, f) = temp_file("regular", b"0123456789");
    let file = StreamDescriptor::new(&io.executor(), f.into()).expect("epoll's EPERM is accepted");

    // Blocking, future and closure reads go straight through, in order.
    let mut buf = [0u8; 4];
    assert_eq!(file.read_some(&mut buf).unwrap(), 4);
    assert_eq!(&buf, b"0123");
    assert_eq!(
        io.block_on(file.async_read_some(&mut buf[..3], UseFuture))
            .unwrap(),
        3
    );
    assert_eq!(&buf[..3], b"456");
    let (tx, rx) = mpsc::channel();
    file.async_read_some(
        vec![0u8; 16],
        move |(r, buf): (io::Result<usize>, Vec<u8>)| {
            let n = r.unwrap();
            tx.send(buf[..n].to_vec()).unwrap();
        },
    );
    assert!(
        rx.try_recv().is_err(),
        "never inside the initiating call (G2)"
    );
    io.restart();
    io.run();
    assert_eq!(rx.recv().unwrap(), b"789");
    assert_eq!(file.read_some(&mut buf).unwrap(), 0, "end of file");

    // Read and write waits complete at once; an error wait could never complete.
    file.wait(WaitType::Read).unwrap();
    file.wait(WaitType::Write).unwrap();
    let e = file.wait(WaitType::Error).unwrap_err();
    assert_eq!(e.kind(), io::ErrorKind::Unsupported);

    // Writes too; composed writes as well.
    jio::write(&file, &b"abc"[..]).unwrap();
    let mut f = std::fs::File::from(file.release().unwrap());
    f.rewind().unwrap();
    let mut all = String::new();
    f.read_to_string(&mut all).unwrap();
    assert_eq!(all, "0123456789abc");
    std::fs::remove_file(path).unwrap();
}

#[test]
fn dev_null_is_accepted_and_reads_end_of_stream() {
    let _w = watchdog(20);
    let io = IoContext::new().unwrap();
    let null: OwnedFd = std::fs::OpenOptions::new()
        .read(true)
        .write(true)
        .open("/dev/null")
        .unwrap()
        .into();
    let null = StreamDescriptor::new(&io.executor(), null).unwrap();
    assert_eq!(null.write_some(b"gone").unwrap(), 4);
    assert_eq!(null.read_some(&mut [0u8; 4]).unwrap(), 0);
}

#[test]
fn release_gives_the_descriptor_back_in_the_mode_it_came_in() {
    let _w = watchdog(20);
    let io = IoContext::new().unwrap();
    let (a, b) = UnixStream::pair().unwrap();
    assert!(!nonblocking(&a));
    let a = StreamDescriptor::new(&io.executor(), a.into()).unwrap();
    let fd = a.native_handle().unwrap();
    assert!(fd >= 0);
    let back = a.release().unwrap();
    assert!(!a.is_open());
    assert!(!nonblocking(&back), "blocking again, as it came");
    assert!(error::is_bad_descriptor(&a.release().unwrap_err()));

    // One that came non-blocking stays so; dropping the object restores the mode too.
    b.set_nonblocking(true).unwrap();
    let dup = b.try_clone().unwrap();
    let b = StreamDescriptor::new(&io.executor(), b.into()).unwrap();
    assert!(nonblocking(b.release().unwrap()));
    dup.set_nonblocking(false).unwrap();
    let watch = dup.try_clone().unwrap();
    drop(StreamDescriptor::new(&io.executor(), dup.into()).unwrap());
    assert!(
        !nonblocking(&watch),
        "the shared file description is blocking again"
    );
}

#[test]
fn sockets_have_the_same_readiness_wait() {
    let _w = watchdog(20);
    let io = IoContext::new().unwrap();
    let (a, b) = unix::connect_pair(&io.executor()).unwrap();
    a.wait(WaitType::Write).unwrap();
    let (tx, rx) = mpsc::channel();
    b.async_wait(WaitType::Read, move |r: io::Result<()>| tx.send(r).unwrap());
    io.poll();
    assert!(rx.try_recv().is_err());
    a.write_some(b"!").unwrap();
    io.restart();
    io.run();
    rx.recv().unwrap().unwrap();
    // The peer going away is an exceptional condition (a hang-up).
    drop(a);
    b.wait(WaitType::Error).unwrap();
}
