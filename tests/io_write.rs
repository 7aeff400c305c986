//! Composed writes (`async_write`, `async_write_with`, `async_write_all`, `write`) and gather
//! writes (`async_write_vectored`) against the in-memory test stream, ported from Asio's
//! `write.cpp`: write chunk sizes 1, 10 and unlimited, with and without `Pending` steps, under
//! closure, `UseFuture` and `Blocking` tokens.

#[macro_use]
#[path = "support/test_stream.rs"]
mod test_stream;

use std::io;

use jeton::io::{
    async_write, async_write_all, async_write_vectored, async_write_vectored_with,
    async_write_with, transfer_at_least, transfer_exactly, transferred, write,
};
use jeton::{error, redirect_error, Blocking, IoContext, UseFuture};
use test_stream::{watchdog, Pend, TestStream, PENDS, TOKENS};

/// Asio's `write_data`: 1040 bytes of the alphabet.
fn data() -> Vec<u8> {
    (0..1040u32).map(|i| b'A' + (i % 26) as u8).collect()
}

const CHUNKS: [usize; 3] = [1, 10, usize::MAX];

#[test]
fn write_sends_everything_with_every_chunk_size() {
    watchdog(60);
    for chunk in CHUNKS {
        for pend in PENDS {
            for tok in TOKENS {
                let io = IoContext::new().unwrap();
                let s = TestStream::new(&io, b"");
                s.next_write_length(chunk).pend(pend);
                let (r, buf) = with_token!(tok, &io, |t| async_write(s.clone(), data(), t));
                assert_eq!(r.unwrap(), data().len(), "{chunk} {pend:?} {tok:?}");
                assert_eq!(buf, data(), "the buffer comes back");
                assert_eq!(s.written(), data());
                assert_eq!(s.write_calls(), data().len().div_ceil(chunk.min(65536)));
            }
        }
    }
}

#[test]
fn write_from_borrowed_buffers() {
    watchdog(60);
    let io = IoContext::new().unwrap();
    let s = TestStream::new(&io, b"");
    s.next_write_length(10).pend(Pend::Thread);
    let d = data();
    let n = io.block_on(async_write(&*s, &d[..100], UseFuture)).unwrap();
    assert_eq!(n, 100);
    let n = async_write_all(&*s, &d[100..500], Blocking).unwrap();
    assert_eq!(n, 400);
    let n = write(&*s, &d[500..]).unwrap();
    assert_eq!(n, 540);
    let n = write(&*s, "static str").unwrap();
    assert_eq!(n, 10);
    let mut want = data();
    want.extend_from_slice(b"static str");
    assert_eq!(s.written(), want);
}

#[test]
fn completion_conditions_stop_at_the_right_count() {
    watchdog(60);
    let len = data().len();
    for pend in PENDS {
        for tok in TOKENS {
            // (condition, chunk) -> count.
            let cases = [
                (Cond::AtLeast(1), 1, 1),
                (Cond::AtLeast(1), 10, 10),
                (Cond::AtLeast(1), usize::MAX, len),
                (Cond::AtLeast(42), 10, 50),
                (Cond::Exactly(42), 10, 42),
                (Cond::Exactly(42), usize::MAX, 42),
                (Cond::Short, 10, len),
            ];
            for (cond, chunk, want) in cases {
                let io = IoContext::new().unwrap();
                let s = TestStream::new(&io, b"");
                s.next_write_length(chunk).pend(pend);
                let (r, _) = match cond {
                    Cond::AtLeast(n) => with_token!(tok, &io, |t| async_write_with(
                        s.clone(),
                        data(),
                        transfer_at_least(n),
                        t
                    )),
                    Cond::Exactly(n) => with_token!(tok, &io, |t| async_write_with(
                        s.clone(),
                        data(),
                        transfer_exactly(n),
                        t
                    )),
                    Cond::Short => with_token!(tok, &io, |t| async_write_with(
                        s.clone(),
                        data(),
                        |last: &io::Result<()>, _: usize| if last.is_ok() { 3 } else { 0 },
                        t
                    )),
                };
                assert_eq!(r.unwrap(), want, "{chunk} {pend:?} {tok:?}");
                assert_eq!(s.written(), &data()[..want]);
            }
        }
    }
}

#[derive(Clone, Copy)]
enum Cond {
    AtLeast(usize),
    Exactly(usize),
    Short,
}

#[test]
fn zero_length_write_completes_with_zero() {
    watchdog(60);
    for pend in PENDS {
        for tok in TOKENS {
            let io = IoContext::new().unwrap();
            let s = TestStream::new(&io, b"");
            s.pend(pend);
            let (r, _) = with_token!(tok, &io, |t| async_write(s.clone(), Vec::new(), t));
            assert_eq!(r.unwrap(), 0);
            assert_eq!(
                s.write_calls(),
                1,
                "one write_some even for an empty buffer"
            );
            let (r, _) = with_token!(tok, &io, |t| async_write_vectored(
                s.clone(),
                vec![Vec::<u8>::new(), Vec::new()],
                t
            ));
            assert_eq!(r.unwrap(), 0);
            assert_eq!(s.write_calls(), 2);
        }
    }
}

fn broken_pipe() -> io::Error {
    io::Error::from_raw_os_error(libc::EPIPE)
}

#[test]
fn error_part_way_reports_the_count() {
    watchdog(60);
    for chunk in CHUNKS {
        for pend in PENDS {
            for tok in TOKENS {
                let io = IoContext::new().unwrap();
                let s = TestStream::new(&io, b"");
                s.next_write_length(chunk)
                    .pend(pend)
                    .fail_write_after(33, broken_pipe);
                let (r, _) = with_token!(tok, &io, |t| async_write(s.clone(), data(), t));
                let e = r.unwrap_err();
                assert_eq!(e.kind(), io::ErrorKind::BrokenPipe, "{chunk} {tok:?}");
                assert_eq!(transferred(&e), 33);
                assert_eq!(s.written(), &data()[..33]);
                let (r, _) = with_token!(tok, &io, |t| async_write(s.clone(), data(), t));
                let e = r.unwrap_err();
                assert_eq!(e.raw_os_error(), Some(libc::EPIPE), "nothing moved: as is");
                assert_eq!(transferred(&e), 0);
            }
        }
    }
}

#[test]
fn a_stream_that_takes_nothing_is_write_zero() {
    watchdog(60);
    for tok in TOKENS {
        let io = IoContext::new().unwrap();
        let s = TestStream::new(&io, b"");
        s.next_write_length(0);
        let (r, _) = with_token!(tok, &io, |t| async_write(s.clone(), data(), t));
        assert_eq!(r.unwrap_err().kind(), io::ErrorKind::WriteZero);
    }
}

#[test]
fn redirect_error_gets_the_error() {
    watchdog(60);
    let io = IoContext::new().unwrap();
    let s = TestStream::new(&io, b"");
    s.fail_write_after(4, error::aborted);
    let mut ec = None;
    let n = async_write(&*s, &b"0123456789"[..], redirect_error(Blocking, &mut ec));
    assert_eq!(n, 0);
    let e = ec.unwrap();
    assert!(
        error::is_aborted(&e),
        "the predicate sees through the count: {e}"
    );
    assert_eq!(transferred(&e), 4);
}

/// Buffers of uneven sizes, some empty.
fn pieces() -> Vec<Vec<u8>> {
    let d = data();
    vec![
        d[..3].to_vec(),
        Vec::new(),
        d[3..18].to_vec(),
        d[18..25].to_vec(),
        Vec::new(),
        d[25..].to_vec(),
    ]
}

#[test]
fn gather_write_drains_each_buffer_in_order() {
    watchdog(60);
    for chunk in CHUNKS {
        for pend in PENDS {
            for tok in TOKENS {
                let io = IoContext::new().unwrap();
                let s = TestStream::new(&io, b"");
                s.next_write_length(chunk).pend(pend);
                let (r, bufs) =
                    with_token!(tok, &io, |t| async_write_vectored(s.clone(), pieces(), t));
                assert_eq!(r.unwrap(), data().len(), "{chunk} {pend:?} {tok:?}");
                assert_eq!(bufs, pieces(), "the buffers come back");
                assert_eq!(s.written(), data());
                assert_eq!(s.write_calls(), data().len().div_ceil(chunk.min(65536)));
            }
        }
    }
}

#[test]
fn gather_write_passes_several_buffers_per_step() {
    watchdog(60);
    let io = IoContext::new().unwrap();
    let s = TestStream::new(&io, b"");
    let d = data();
    let bufs: [&[u8]; 3] = [&d[..5], &d[5..6], &d[6..20]];
    let n = async_write_vectored(&*s, &bufs[..], Blocking).unwrap();
    assert_eq!(n, 20);
    assert_eq!(s.write_slices(), [3], "one step over the three buffers");
    // Owned arrays and string pieces work with closures too.
    let header = String::from("len: 3\r\n");
    let (r, back) = test_stream::run_closure(&io, |h| {
        async_write_vectored(s.clone(), [header, "abc".to_string()], h)
    });
    assert_eq!(r.unwrap(), 11);
    assert_eq!(back[1], "abc");
    assert_eq!(&s.written()[20..], b"len: 3\r\nabc");
}

#[test]
fn gather_write_with_conditions() {
    watchdog(60);
    for chunk in CHUNKS {
        for tok in TOKENS {
            let io = IoContext::new().unwrap();
            let s = TestStream::new(&io, b"");
            s.next_write_length(chunk);
            let (r, _) = with_token!(tok, &io, |t| async_write_vectored_with(
                s.clone(),
                pieces(),
                transfer_exactly(21),
                t
            ));
            assert_eq!(r.unwrap(), 21, "{chunk} {tok:?}");
            assert_eq!(s.written(), &data()[..21]);
        }
    }
}

#[test]
fn gather_write_error_part_way() {
    watchdog(60);
    for tok in TOKENS {
        let io = IoContext::new().unwrap();
        let s = TestStream::new(&io, b"");
        s.next_write_length(4).fail_write_after(20, broken_pipe);
        let (r, _) = with_token!(tok, &io, |t| async_write_vectored(s.clone(), pieces(), t));
        let e = r.unwrap_err();
        assert_eq!((e.kind(), transferred(&e)), (io::ErrorKind::BrokenPipe, 20));
        assert_eq!(s.written(), &data()[..20]);
    }
}

#[test]
fn operations_are_send() {
    fn is_send<T: Send>(_: &T) {}
    let io = IoContext::new().unwrap();
    let s = TestStream::new(&io, b"");
    is_send(&async_write(s.clone(), vec![0u8; 1], UseFuture));
    is_send(&async_write_vectored(s, vec![vec![0u8; 1]], UseFuture));
}
