//! `Slice`: a part of an owned buffer that reads and writes, composed or not, use and hand
//! back (Asio's `buffer(data, n)` for owned buffers).

mod support;

use std::io;
use std::sync::mpsc;

use jeton::io::{async_read, async_write, OwnedBuf, Slice};
use jeton::net::unix::connect_pair;
use jeton::IoContext;
use support::watchdog;

type Done = (io::Result<usize>, Slice<Vec<u8>>);

#[test]
fn a_composed_write_sends_only_the_slice_and_hands_the_whole_buffer_back() {
    let _w = watchdog(20);
    let io = IoContext::new().unwrap();
    let (a, b) = connect_pair(&io.executor()).unwrap();
    let mut buf = vec![b'.'; 64];
    buf[10..15].copy_from_slice(b"hello");
    let (tx, rx) = mpsc::channel();
    async_write(a.handle(), buf.slice(10..15), move |d: Done| {
        tx.send(d).unwrap()
    });
    io.run();
    let (r, slice) = rx.try_recv().unwrap();
    assert_eq!(r.unwrap(), 5);
    assert_eq!(
        (slice.begin(), slice.end(), &slice[..]),
        (10, 15, &b"hello"[..])
    );
    assert_eq!(slice.into_inner().len(), 64);
    drop(a); // The peer sees exactly the five bytes, then the end.
    let mut got = Vec::new();
    io::Read::read_to_end(&mut &b, &mut got).unwrap();
    assert_eq!(got, b"hello");
}

#[test]
fn a_composed_read_fills_exactly_the_slice_and_leaves_the_rest() {
    let _w = watchdog(20);
    let io = IoContext::new().unwrap();
    let (a, b) = connect_pair(&io.executor()).unwrap();
    b.write_some(b"abcdefgh").unwrap();
    let (tx, rx) = mpsc::channel();
    async_read(a.handle(), vec![0u8; 16].slice(4..8), move |d: Done| {
        tx.send(d).unwrap()
    });
    io.run();
    let (r, slice) = rx.try_recv().unwrap();
    assert_eq!(r.unwrap(), 4);
    let buf = slice.into_inner();
    assert_eq!(&buf[..], b"\0\0\0\0abcd\0\0\0\0\0\0\0\0");
    // The next four bytes are still in the stream: nothing was read past the slice.
    let mut rest = [0u8; 4];
    a.read_some(&mut rest).unwrap();
    assert_eq!(&rest, b"efgh");
}

#[test]
fn a_read_some_into_a_slice_reports_the_count_within_it() {
    let _w = watchdog(20);
    let io = IoContext::new().unwrap();
    let (a, b) = connect_pair(&io.executor()).unwrap();
    b.write_some(b"xyz").unwrap();
    let (tx, rx) = mpsc::channel();
    a.async_read_some(Box::<[u8]>::from(vec![0u8; 8]).slice(2..), move |d| {
        tx.send(d).unwrap()
    });
    io.run();
    let (r, slice): (io::Result<usize>, Slice<Box<[u8]>>) = rx.try_recv().unwrap();
    let n = r.unwrap();
    assert_eq!((n, &slice[..n]), (3, &b"xyz"[..]));
    assert_eq!(&slice.get_ref()[..5], b"\0\0xyz");
}

#[test]
#[should_panic(expected = "slice 4..20 out of a buffer of 8 bytes")]
fn a_slice_out_of_bounds_is_a_clear_panic() {
    let _ = vec![0u8; 8].slice(4..20);
}

#[test]
fn cancel_after_and_redirect_error_work_on_owned_buffers_and_hand_them_back() {
    let _w = watchdog(20);
    let io = IoContext::new().unwrap();
    let (a, b) = connect_pair(&io.executor()).unwrap();
    // Nothing arrives: the read is cancelled, and the buffer comes back with the error.
    let (tx, rx) = mpsc::channel();
    let token = jeton::cancel_after(std::time::Duration::from_millis(5), move |d: Done| {
        tx.send(d).unwrap()
    });
    a.async_read_some(vec![0u8; 8].slice(..4), token);
    io.run();
    let (r, slice) = rx.try_recv().unwrap();
    assert!(jeton::error::is_aborted(&r.unwrap_err()));
    assert_eq!(slice.into_inner().len(), 8);

    // redirect_error takes the error out and leaves the buffer: the handler gets (n, buf).
    b.write_some(b"ok").unwrap();
    let slot = jeton::ErrorSlot::new();
    let (tx, rx) = mpsc::channel();
    let token = jeton::redirect_error(
        move |(n, buf): (usize, Vec<u8>)| tx.send((n, buf)).unwrap(),
        slot.clone(),
    );
    a.async_read_some(vec![0u8; 8], token);
    io.restart();
    io.run();
    let (n, buf) = rx.try_recv().unwrap();
    assert_eq!(&buf[..n], b"ok");
    assert!(!slot.is_set());
}
