//! Reads into and writes from a dynamic buffer (`async_read_dynamic`, `_with`,
//! `read_dynamic`; `async_write_dynamic`, `_with`, `write_dynamic`: Asio's `async_read` /
//! `async_write` over `dynamic_buffer(v)`), against the in-memory test stream with read chunk
//! sizes 1, 10 and unlimited under every token; ported from Asio's `read.cpp` and `write.cpp`
//! dynamic-buffer cases.

#[macro_use]
#[path = "support/test_stream.rs"]
mod test_stream;

use std::io;

use jeton::io::{
    async_read_dynamic, async_read_dynamic_with, async_write_dynamic, async_write_dynamic_with,
    read_dynamic, transfer_at_least, transfer_exactly, transferred, write_dynamic, DynamicBuffer,
};
use jeton::{error, IoContext, UseFuture};
use test_stream::{watchdog, TestStream, PENDS, TOKENS};

/// 1040 bytes of the alphabet (Asio's `read_data`).
fn data() -> Vec<u8> {
    (0..1040u32).map(|i| b'A' + (i % 26) as u8).collect()
}

const CHUNKS: [usize; 3] = [1, 10, usize::MAX];

/// A completion condition of any kind, boxed.
type Cond = Box<dyn FnMut(&io::Result<()>, usize) -> usize + Send>;

#[test]
fn read_fills_the_buffer_up_to_max_size() {
    watchdog(60);
    for chunk in CHUNKS {
        for pend in PENDS {
            for tok in TOKENS {
                let io = IoContext::new().unwrap();
                let s = TestStream::new(&io, &data());
                s.next_read_length(chunk).pend(pend);
                let buf = DynamicBuffer::with_max_size(Vec::new(), data().len());
                let (r, buf) = with_token!(tok, &io, |t| async_read_dynamic(s.clone(), buf, t));
                assert_eq!(r.unwrap(), data().len(), "{chunk} {pend:?} {tok:?}");
                assert_eq!(buf.data(), &data()[..]);
            }
        }
    }
}

#[test]
fn read_with_conditions_stops_at_the_right_count() {
    watchdog(60);
    // (chunk, at least 1, at least 10, exactly 42). An unlimited stream fills the first step,
    // which is 512 bytes into an empty vector (Asio's dynamic-buffer read step).
    let cases = [(1, 1, 10, 42), (10, 10, 10, 42), (usize::MAX, 512, 512, 42)];
    for (chunk, one, ten, exactly) in cases {
        for tok in TOKENS {
            let run = |cond: Cond| {
                let io = IoContext::new().unwrap();
                let s = TestStream::new(&io, &data());
                s.next_read_length(chunk);
                let buf = DynamicBuffer::with_max_size(Vec::new(), data().len());
                let (r, buf) = with_token!(tok, &io, |t| async_read_dynamic_with(
                    s.clone(),
                    buf,
                    cond,
                    t
                ));
                let n = r.unwrap();
                assert_eq!(buf.data(), &data()[..n]);
                n
            };
            let mut c1 = transfer_at_least(1);
            let mut c10 = transfer_at_least(10);
            let mut c42 = transfer_exactly(42);
            use jeton::io::CompletionCondition;
            assert_eq!(
                run(Box::new(move |l, n| c1.max_next(l, n))),
                one,
                "{chunk} {tok:?}"
            );
            assert_eq!(
                run(Box::new(move |l, n| c10.max_next(l, n))),
                ten,
                "{chunk} {tok:?}"
            );
            assert_eq!(
                run(Box::new(move |l, n| c42.max_next(l, n))),
                exactly,
                "{chunk} {tok:?}"
            );
        }
    }
}

#[test]
fn read_to_end_is_eof_with_the_count_and_keeps_what_was_there() {
    watchdog(60);
    for chunk in CHUNKS {
        for tok in TOKENS {
            let io = IoContext::new().unwrap();
            let s = TestStream::new(&io, &data());
            s.next_read_length(chunk);
            let (r, v) = with_token!(tok, &io, |t| async_read_dynamic(
                s.clone(),
                b"<<".to_vec(),
                t
            ));
            let e = r.unwrap_err();
            assert!(error::is_eof(&e), "{chunk} {tok:?} {e:?}");
            assert_eq!(transferred(&e), data().len());
            assert_eq!(&v[..2], b"<<");
            assert_eq!(&v[2..], &data()[..]);
        }
    }
}

#[test]
fn a_full_buffer_reads_nothing_and_steps_are_bounded() {
    watchdog(60);
    let io = IoContext::new().unwrap();
    let s = TestStream::new(&io, &data());
    let mut full = DynamicBuffer::with_max_size(b"abc".to_vec(), 3);
    assert_eq!(read_dynamic(&*s, &mut full).unwrap(), 0);
    assert_eq!(s.read_pos(), 0);
    // An unlimited buffer grows in steps of at least 512 bytes (or its spare capacity),
    // never the whole default maximum at once.
    let mut v = Vec::new();
    let e = read_dynamic(&*s, &mut v).unwrap_err();
    assert!(error::is_eof(&e));
    assert_eq!(v, data());
    assert!(v.capacity() < 65536, "capacity {}", v.capacity());
}

#[test]
fn borrowed_buffers_under_a_future() {
    watchdog(60);
    let io = IoContext::new().unwrap();
    let s = TestStream::new(&io, &data());
    s.next_read_length(10);
    let mut buf = DynamicBuffer::with_max_size(Vec::new(), 25);
    let n = io
        .block_on(async_read_dynamic(&*s, &mut buf, UseFuture))
        .unwrap();
    assert_eq!((n, buf.data()), (25, &data()[..25]));
}

#[test]
fn write_sends_everything_and_consumes_it() {
    watchdog(60);
    for chunk in CHUNKS {
        for pend in PENDS {
            for tok in TOKENS {
                let io = IoContext::new().unwrap();
                let s = TestStream::new(&io, b"");
                s.next_write_length(chunk).pend(pend);
                let buf = DynamicBuffer::new(data());
                let (r, buf) = with_token!(tok, &io, |t| async_write_dynamic(s.clone(), buf, t));
                assert_eq!(r.unwrap(), data().len(), "{chunk} {pend:?} {tok:?}");
                assert!(buf.is_empty(), "consumed");
                assert_eq!(s.written(), data());
            }
        }
    }
}

#[test]
fn write_with_a_condition_consumes_what_it_wrote() {
    watchdog(60);
    for chunk in CHUNKS {
        for tok in TOKENS {
            let io = IoContext::new().unwrap();
            let s = TestStream::new(&io, b"");
            s.next_write_length(chunk);
            let (r, v) = with_token!(tok, &io, |t| async_write_dynamic_with(
                s.clone(),
                data(),
                transfer_exactly(42),
                t
            ));
            assert_eq!(r.unwrap(), 42, "{chunk} {tok:?}");
            assert_eq!(s.written(), &data()[..42]);
            assert_eq!(v, &data()[42..], "the rest stays");
        }
    }
}

#[test]
fn write_error_part_way_consumes_the_count() {
    watchdog(60);
    for tok in TOKENS {
        let io = IoContext::new().unwrap();
        let s = TestStream::new(&io, b"");
        s.next_write_length(4)
            .fail_write_after(20, || io::ErrorKind::BrokenPipe.into());
        let (r, v) = with_token!(tok, &io, |t| async_write_dynamic(s.clone(), data(), t));
        let e = r.unwrap_err();
        assert_eq!((e.kind(), transferred(&e)), (io::ErrorKind::BrokenPipe, 20));
        assert_eq!(v, &data()[20..], "what the peer did not get");
    }
    let io = IoContext::new().unwrap();
    let s = TestStream::new(&io, b"");
    let mut empty = Vec::new();
    assert_eq!(write_dynamic(&*s, &mut empty).unwrap(), 0);
}

#[test]
fn cancel_after_stops_a_stalled_read_with_the_count() {
    watchdog(60);
    cancel_after_stops_with_the_count!(data(), |s, t| {
        let v: &'static mut Vec<u8> = Box::leak(Box::default());
        async_read_dynamic(s.clone(), v, t)
    });
}

#[test]
fn operations_are_send() {
    fn is_send<T: Send>(_: &T) {}
    let io = IoContext::new().unwrap();
    let s = TestStream::new(&io, b"");
    is_send(&async_read_dynamic(s.clone(), Vec::new(), UseFuture));
    is_send(&async_write_dynamic(s, Vec::new(), UseFuture));
}
