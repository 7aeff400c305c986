//! Scatter reads: the leaf `async_read_some_vectored` / `read_some_vectored` on stream objects
//! and the composed `async_read_vectored` / `async_read_vectored_with` / `read_vectored`
//! (Asio's `read` over a MutableBufferSequence), against the in-memory test stream with read
//! chunk sizes 1, 10 and unlimited under every token, and over real Unix sockets.

#[macro_use]
#[path = "support/test_stream.rs"]
mod test_stream;

use std::io::{self, IoSliceMut, Read};

use jeton::io::{
    async_read_some_vectored, async_read_vectored, async_read_vectored_with, read_vectored,
    transfer_at_least, transfer_exactly, transferred,
};
use jeton::net::unix;
use jeton::{error, Blocking, IoContext, UseFuture};
use test_stream::{watchdog, TestStream, PENDS, TOKENS};

/// 1040 bytes of the alphabet (Asio's `read_data`).
fn data() -> Vec<u8> {
    (0..1040u32).map(|i| b'A' + (i % 26) as u8).collect()
}

const CHUNKS: [usize; 3] = [1, 10, usize::MAX];

/// Buffers of uneven sizes, some empty, 1040 bytes in all.
fn pieces() -> Vec<Vec<u8>> {
    [3, 0, 15, 7, 0, 1015]
        .iter()
        .map(|&n| vec![0u8; n])
        .collect()
}

#[test]
fn scatter_read_fills_each_buffer_in_order() {
    watchdog(60);
    for chunk in CHUNKS {
        for pend in PENDS {
            for tok in TOKENS {
                let io = IoContext::new().unwrap();
                let s = TestStream::new(&io, &data());
                s.next_read_length(chunk).pend(pend);
                let (r, bufs) =
                    with_token!(tok, &io, |t| async_read_vectored(s.clone(), pieces(), t));
                assert_eq!(r.unwrap(), data().len(), "{chunk} {pend:?} {tok:?}");
                assert_eq!(bufs.concat(), data(), "{chunk} {pend:?} {tok:?}");
                assert_eq!(bufs.len(), 6, "the buffers come back");
                assert_eq!(s.read_calls(), data().len().div_ceil(chunk.min(65536)));
            }
        }
    }
}

#[test]
fn one_step_spans_several_buffers() {
    watchdog(60);
    let io = IoContext::new().unwrap();
    let s = TestStream::new(&io, &data());
    let (mut a, mut b, mut c) = ([0u8; 5], [0u8; 1], [0u8; 14]);
    let n =
        async_read_vectored(&*s, &mut [&mut a[..], &mut b[..], &mut c[..]][..], Blocking).unwrap();
    assert_eq!(n, 20);
    assert_eq!(
        s.read_slices(),
        [3],
        "one scatter read over the three buffers"
    );
    assert_eq!([&a[..], &b[..], &c[..]].concat(), &data()[..20]);
    // Owned arrays of owned buffers work with closures.
    let (r, back) = test_stream::run_closure(&io, |h| {
        async_read_vectored(s.clone(), [vec![0u8; 2], vec![0u8; 3]], h)
    });
    assert_eq!(r.unwrap(), 5);
    assert_eq!(back.concat(), &data()[20..25]);
}

#[test]
fn scatter_read_with_conditions() {
    watchdog(60);
    let cases = [(1, 1), (10, 10), (usize::MAX, 42)];
    for (chunk, at_least_42) in cases {
        for tok in TOKENS {
            let io = IoContext::new().unwrap();
            let s = TestStream::new(&io, &data());
            s.next_read_length(chunk);
            let (r, bufs) = with_token!(tok, &io, |t| async_read_vectored_with(
                s.clone(),
                pieces(),
                transfer_exactly(21),
                t
            ));
            assert_eq!(r.unwrap(), 21, "{chunk} {tok:?}");
            assert_eq!(&bufs.concat()[..21], &data()[..21]);

            let s = TestStream::new(&io, &data());
            s.next_read_length(chunk);
            let (r, _) = with_token!(tok, &io, |t| async_read_vectored_with(
                s.clone(),
                pieces(),
                transfer_at_least(if chunk == usize::MAX { 42 } else { 1 }),
                t
            ));
            let want = if chunk == usize::MAX {
                data().len()
            } else {
                at_least_42
            };
            assert_eq!(r.unwrap(), want, "{chunk} {tok:?}");
        }
    }
}

#[test]
fn empty_buffers_complete_with_zero() {
    watchdog(60);
    for tok in TOKENS {
        let io = IoContext::new().unwrap();
        let s = TestStream::new(&io, &data());
        let (r, _) = with_token!(tok, &io, |t| async_read_vectored(
            s.clone(),
            vec![Vec::<u8>::new(), Vec::new()],
            t
        ));
        assert_eq!(r.unwrap(), 0, "{tok:?}");
        let (r, _) = with_token!(tok, &io, |t| async_read_some_vectored(
            s.clone(),
            Vec::<Vec<u8>>::new(),
            t
        ));
        assert_eq!(r.unwrap(), 0, "{tok:?}");
        assert_eq!(s.read_pos(), 0);
    }
}

#[test]
fn eof_part_way_reports_the_count() {
    watchdog(60);
    for tok in TOKENS {
        let io = IoContext::new().unwrap();
        let s = TestStream::new(&io, &data()[..30]);
        s.next_read_length(7);
        let (r, bufs) = with_token!(tok, &io, |t| async_read_vectored(s.clone(), pieces(), t));
        let e = r.unwrap_err();
        assert!(error::is_eof(&e), "{tok:?} {e:?}");
        assert_eq!(transferred(&e), 30);
        assert_eq!(&bufs.concat()[..30], &data()[..30], "the bytes read stay");
    }
}

#[test]
fn read_vectored_twin_over_borrowed_buffers() {
    watchdog(60);
    let io = IoContext::new().unwrap();
    let s = TestStream::new(&io, &data());
    s.next_read_length(3);
    let mut bufs = [[0u8; 4], [0u8; 4]];
    assert_eq!(read_vectored(&*s, &mut bufs[..]).unwrap(), 8);
    assert_eq!(bufs.concat(), &data()[..8]);
    let fut = async_read_vectored(&*s, &mut bufs[..], UseFuture);
    assert_eq!(io.block_on(fut).unwrap(), 8);
    assert_eq!(bufs.concat(), &data()[8..16]);
}

#[test]
fn socket_scatter_reads_in_every_style() {
    watchdog(60);
    let io = IoContext::new().unwrap();
    let (a, b) = unix::connect_pair(&io.executor()).unwrap();
    a.write_some(b"0123456789").unwrap();

    // Blocking method, std::io::Read::read_vectored.
    let (mut x, mut y) = ([0u8; 2], [0u8; 2]);
    let n = b
        .read_some_vectored(&mut [IoSliceMut::new(&mut x), IoSliceMut::new(&mut y)])
        .unwrap();
    assert_eq!((n, &x, &y), (4, b"01", b"23"));
    let n = (&b)
        .read_vectored(&mut [IoSliceMut::new(&mut x), IoSliceMut::new(&mut y)])
        .unwrap();
    assert_eq!((n, &x, &y), (4, b"45", b"67"));

    // A future over borrowed buffers, then a closure over owned ones.
    a.write_some(b"ab").unwrap();
    let mut bufs = [vec![0u8; 1], vec![0u8; 8]];
    let n = io
        .block_on(b.async_read_some_vectored(&mut bufs[..], UseFuture))
        .unwrap();
    assert_eq!((n, bufs[0][0], &bufs[1][..3]), (4, b'8', &b"9ab"[..]));
    a.write_some(b"xyz").unwrap();
    drop(a);
    let got = test_stream::run_closure(&io, |h| {
        b.async_read_some_vectored(vec![vec![0u8; 2]; 2], h)
    });
    let (r, back) = got;
    assert_eq!((r.unwrap(), back.concat()), (3, b"xyz\0".to_vec()));
    // End of stream: 0.
    assert_eq!(
        b.async_read_some_vectored(vec![vec![0u8; 2]], Blocking)
            .0
            .unwrap(),
        0
    );
}

#[test]
fn futures_io_read_vectored_is_one_scatter_read() {
    use futures::io::AsyncReadExt;
    watchdog(60);
    let io = IoContext::new().unwrap();
    let (a, b) = unix::connect_pair(&io.executor()).unwrap();
    a.write_some(b"abcdefgh").unwrap();
    let (mut x, mut y) = ([0u8; 2], [0u8; 2]);
    // On the object (the default would fill only the first buffer).
    let mut obj = &b;
    let n = io
        .block_on(AsyncReadExt::read_vectored(
            &mut obj,
            &mut [IoSliceMut::new(&mut x), IoSliceMut::new(&mut y)],
        ))
        .unwrap();
    assert_eq!((n, &x, &y), (4, b"ab", b"cd"));
    // Through FuturesIo.
    let mut f = jeton::io::FuturesIo::new(b.handle());
    let n = io
        .block_on(AsyncReadExt::read_vectored(
            &mut f,
            &mut [IoSliceMut::new(&mut x), IoSliceMut::new(&mut y)],
        ))
        .unwrap();
    assert_eq!((n, &x, &y), (4, b"ef", b"gh"));
}

#[test]
fn cancel_aborts_a_pending_scatter_read() {
    watchdog(60);
    let io = IoContext::new().unwrap();
    let (_a, b) = unix::connect_pair(&io.executor()).unwrap();
    let result = std::sync::Arc::new(std::sync::Mutex::new(None));
    let slot = result.clone();
    b.async_read_some_vectored(
        vec![vec![0u8; 4]],
        move |(r, _): (io::Result<usize>, Vec<Vec<u8>>)| {
            *slot.lock().unwrap() = Some(r);
        },
    );
    io.poll();
    assert!(result.lock().unwrap().is_none(), "nothing to read yet");
    b.cancel();
    io.run();
    let r = result.lock().unwrap().take().expect("completed once");
    assert!(error::is_aborted(&r.unwrap_err()));
}

#[test]
fn cancel_after_stops_a_stalled_scatter_read_with_the_count() {
    watchdog(60);
    cancel_after_stops_with_the_count!(data(), |s, t| {
        let bufs: &'static mut [Vec<u8>] = Box::leak(pieces().into_boxed_slice());
        async_read_vectored(s.clone(), bufs, t)
    });
}

#[test]
fn operations_are_send() {
    fn is_send<T: Send>(_: &T) {}
    let io = IoContext::new().unwrap();
    let s = TestStream::new(&io, b"");
    is_send(&async_read_vectored(
        s.clone(),
        vec![vec![0u8; 1]],
        UseFuture,
    ));
    is_send(&async_read_some_vectored(s, vec![vec![0u8; 1]], UseFuture));
}
