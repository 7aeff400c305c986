//! `async_read_until` / `read_until` on dynamic buffers against the in-memory test stream,
//! ported from Asio's `read_until.cpp`: read chunk sizes 1, 10 and unlimited, with and
//! without `Pending` steps, under closure, `UseFuture` and `Blocking` tokens.

#[macro_use]
#[path = "support/test_stream.rs"]
mod test_stream;

use std::io;
use std::time::Duration;

use jeton::io::{async_read_until, read_until, transferred, DynamicBuffer};
use jeton::{cancel_after, error, redirect_error, Blocking, IoContext, UseFuture};
use test_stream::{watchdog, Pend, TestStream, PENDS, TOKENS};

/// Asio's `read_data` with a `\n` at 26 and "\r\n" ending at 52.
fn data() -> Vec<u8> {
    let mut d: Vec<u8> = (0..200u32).map(|i| b'A' + (i % 26) as u8).collect();
    d[25] = b'\n';
    d[50] = b'\r';
    d[51] = b'\n';
    d
}

const CHUNKS: [usize; 3] = [1, 10, usize::MAX];

/// Bytes already read when a read of `chunk`-byte steps first holds `n` bytes.
fn read_upto(n: usize, chunk: usize) -> usize {
    let step = chunk.min(512);
    n.div_ceil(step) * step
}

#[test]
fn byte_delimiter_leaves_the_rest_in_the_buffer() {
    watchdog(60);
    for chunk in CHUNKS {
        for pend in PENDS {
            for tok in TOKENS {
                let io = IoContext::new().unwrap();
                let s = TestStream::new(&io, &data());
                s.next_read_length(chunk).pend(pend);
                let buf = DynamicBuffer::new(Vec::new());
                let (r, buf) =
                    with_token!(tok, &io, |t| async_read_until(s.clone(), buf, b'\n', t));
                assert_eq!(r.unwrap(), 26, "{chunk} {pend:?} {tok:?}");
                let held = read_upto(26, chunk).min(data().len());
                assert_eq!(buf.data(), &data()[..held], "data past the delimiter stays");
            }
        }
    }
}

#[test]
fn string_delimiters_across_chunk_boundaries() {
    watchdog(60);
    for chunk in CHUNKS {
        for pend in PENDS {
            for tok in TOKENS {
                let io = IoContext::new().unwrap();
                let s = TestStream::new(&io, &data());
                s.next_read_length(chunk).pend(pend);
                let (r, buf) = with_token!(tok, &io, |t| async_read_until(
                    s.clone(),
                    Vec::new(),
                    "\r\n",
                    t
                ));
                assert_eq!(r.unwrap(), 52, "{chunk} {pend:?} {tok:?}");
                assert_eq!(&buf[..52], &data()[..52]);
                // Other byte-string forms.
                let s = TestStream::new(&io, &data());
                s.next_read_length(chunk);
                let (r, _) = with_token!(tok, &io, |t| async_read_until(
                    s.clone(),
                    Vec::new(),
                    b"\r\n",
                    t
                ));
                assert_eq!(r.unwrap(), 52);
                let s = TestStream::new(&io, &data());
                let (r, _) = with_token!(tok, &io, |t| async_read_until(
                    s.clone(),
                    Vec::new(),
                    String::from("KLM"),
                    t
                ));
                assert_eq!(r.unwrap(), 13);
            }
        }
    }
}

#[test]
fn predicate_delimiter() {
    watchdog(60);
    for chunk in CHUNKS {
        for pend in PENDS {
            for tok in TOKENS {
                let io = IoContext::new().unwrap();
                let s = TestStream::new(&io, &data());
                s.next_read_length(chunk).pend(pend);
                // Matches once 3 'Z's have arrived; the match ends after the third.
                let third_z = |d: &[u8]| {
                    let mut zs = d.iter().enumerate().filter(|(_, &b)| b == b'Z');
                    zs.nth(2).map(|(i, _)| i + 1)
                };
                let (r, buf) = with_token!(tok, &io, |t| async_read_until(
                    s.clone(),
                    Vec::new(),
                    third_z,
                    t
                ));
                // 'Z' at 51 is replaced by '\n'; Zs at 77, 103, 129 (0-based: 25 is '\n').
                let want = data()
                    .iter()
                    .enumerate()
                    .filter(|(_, &b)| b == b'Z')
                    .nth(2)
                    .unwrap()
                    .0
                    + 1;
                assert_eq!(r.unwrap(), want, "{chunk} {pend:?} {tok:?}");
                assert!(buf.len() >= want);
            }
        }
    }
}

#[test]
fn delimiter_already_present_reads_nothing() {
    watchdog(60);
    for tok in TOKENS {
        let io = IoContext::new().unwrap();
        let s = TestStream::new(&io, &data());
        let buf = DynamicBuffer::new(b"abc\ndef".to_vec());
        let (r, buf) = with_token!(tok, &io, |t| async_read_until(s.clone(), buf, b'\n', t));
        assert_eq!(r.unwrap(), 4);
        assert_eq!(buf.data(), b"abc\ndef");
        assert_eq!(s.read_calls(), 0);
    }
}

#[test]
fn lines_one_after_the_other() {
    watchdog(60);
    let io = IoContext::new().unwrap();
    let s = TestStream::new(&io, b"one\ntwo\nthree\n");
    s.next_read_length(3).pend(Pend::Immediate);
    let mut buf = DynamicBuffer::new(Vec::new());
    let mut lines = Vec::new();
    loop {
        match read_until(&*s, &mut buf, b'\n') {
            Ok(n) => {
                lines.push(String::from_utf8(buf.data()[..n - 1].to_vec()).unwrap());
                buf.consume(n);
            }
            Err(e) => {
                assert!(error::is_eof(&e));
                assert_eq!(transferred(&e), 0);
                break;
            }
        }
    }
    assert_eq!(lines, ["one", "two", "three"]);
    // A borrowed Vec works with UseFuture.
    let s = TestStream::new(&io, b"key: value\r\n\r\nbody");
    let mut v = Vec::new();
    let n = io
        .block_on(async_read_until(&*s, &mut v, "\r\n\r\n", UseFuture))
        .unwrap();
    assert_eq!(&v[..n], b"key: value\r\n\r\n");
}

/// A delimiter split across two reads, at every point inside it, is found: each search starts
/// `delim.len() - 1` bytes before the end of what was searched before (the `searched` offset).
#[test]
fn delimiter_split_across_reads_is_found() {
    watchdog(60);
    let data = b"header-line\r\n\r\nbody";
    let end = 15; // "header-line\r\n\r\n"
    for split in 11..end {
        for tok in TOKENS {
            let io = IoContext::new().unwrap();
            let s = TestStream::new(&io, data);
            // The first read stops inside the delimiter; the second brings the rest.
            s.next_read_length(split);
            let buf = DynamicBuffer::new(Vec::new());
            let (r, buf) = with_token!(tok, &io, |t| async_read_until(
                s.clone(),
                buf,
                "\r\n\r\n",
                t
            ));
            assert_eq!(r.unwrap(), end, "split {split} {tok:?}");
            assert_eq!(&buf.data()[..end], b"header-line\r\n\r\n");
            assert_eq!(s.read_calls(), 2, "split {split} {tok:?}");
        }
    }
    // One byte at a time: every read ends inside or before the delimiter.
    let io = IoContext::new().unwrap();
    let s = TestStream::new(&io, data);
    s.next_read_length(1);
    let mut buf = DynamicBuffer::new(Vec::new());
    assert_eq!(read_until(&*s, &mut buf, &b"\r\n\r\n"[..]).unwrap(), end);
    assert_eq!(s.read_calls(), end);
}

#[test]
fn max_size_without_delimiter_is_not_found() {
    watchdog(60);
    for chunk in CHUNKS {
        for pend in PENDS {
            for tok in TOKENS {
                let io = IoContext::new().unwrap();
                let s = TestStream::new(&io, &data());
                s.next_read_length(chunk).pend(pend);
                let buf = DynamicBuffer::with_max_size(Vec::new(), 16);
                let (r, buf) =
                    with_token!(tok, &io, |t| async_read_until(s.clone(), buf, b'\n', t));
                let e = r.unwrap_err();
                assert!(error::is_not_found(&e), "{chunk} {pend:?} {tok:?}: {e}");
                assert!(e.to_string().contains("max_size"), "{e}");
                assert_eq!(transferred(&e), 16);
                assert_eq!(buf.data(), &data()[..16], "never beyond max_size");
            }
        }
    }
}

#[test]
fn a_full_buffer_with_the_delimiter_still_matches() {
    watchdog(60);
    let io = IoContext::new().unwrap();
    let s = TestStream::new(&io, &data());
    let mut buf = DynamicBuffer::with_max_size(Vec::new(), 26);
    assert_eq!(read_until(&*s, &mut buf, b'\n').unwrap(), 26);
    assert_eq!(buf.len(), 26);
}

#[test]
fn eof_before_delimiter_reports_the_count() {
    watchdog(60);
    for chunk in CHUNKS {
        for pend in PENDS {
            for tok in TOKENS {
                let io = IoContext::new().unwrap();
                let s = TestStream::new(&io, b"no newline here");
                s.next_read_length(chunk).pend(pend);
                let buf = DynamicBuffer::new(b">".to_vec());
                let (r, buf) =
                    with_token!(tok, &io, |t| async_read_until(s.clone(), buf, b'\n', t));
                let e = r.unwrap_err();
                assert!(error::is_eof(&e), "{e}");
                assert_eq!(transferred(&e), 15);
                assert_eq!(buf.data(), b">no newline here");
            }
        }
    }
}

#[test]
fn error_part_way_keeps_the_bytes() {
    watchdog(60);
    for tok in TOKENS {
        let io = IoContext::new().unwrap();
        let s = TestStream::new(&io, &data());
        s.next_read_length(4)
            .fail_read_after(10, || io::Error::from_raw_os_error(libc::ECONNRESET));
        let (r, buf) = with_token!(tok, &io, |t| async_read_until(
            s.clone(),
            Vec::new(),
            b'\n',
            t
        ));
        let e = r.unwrap_err();
        assert_eq!(e.kind(), io::ErrorKind::ConnectionReset);
        assert_eq!(transferred(&e), 10);
        assert_eq!(buf, &data()[..10]);
    }
}

#[test]
fn redirect_error_with_read_until() {
    watchdog(60);
    let io = IoContext::new().unwrap();
    let s = TestStream::new(&io, b"abc");
    let mut buf = DynamicBuffer::new(Vec::new());
    let mut ec = None;
    let n = async_read_until(&*s, &mut buf, b'\n', redirect_error(Blocking, &mut ec));
    assert_eq!(n, 0);
    assert!(error::is_eof(&ec.unwrap()));
}

#[test]
fn cancel_on_the_stream_aborts() {
    watchdog(60);
    for tok in TOKENS {
        let io = IoContext::new().unwrap();
        let s = TestStream::new(&io, &data());
        s.next_read_length(3).stall_read_after(9);
        let canceller = {
            let s = s.clone();
            std::thread::spawn(move || {
                while !s.is_stalled() {
                    std::thread::sleep(Duration::from_millis(1));
                }
                s.cancel();
            })
        };
        let (r, buf) = with_token!(tok, &io, |t| async_read_until(
            s.clone(),
            Vec::new(),
            b'\n',
            t
        ));
        canceller.join().unwrap();
        let e = r.unwrap_err();
        assert!(error::is_aborted(&e), "{e}");
        assert_eq!(transferred(&e), 9);
        assert_eq!(buf, &data()[..9]);
    }
}

#[test]
fn cancel_after_leaves_only_real_bytes_in_the_buffer() {
    watchdog(60);
    let io = IoContext::new().unwrap();
    let s = TestStream::new(&io, &data());
    s.next_read_length(3).stall_read_after(9);
    let mut buf = DynamicBuffer::new(Vec::new());
    let r = async_read_until(
        &*s,
        &mut buf,
        b'\n',
        cancel_after(Duration::from_millis(20), Blocking),
    );
    assert!(error::is_aborted(&r.unwrap_err()));
    assert_eq!(
        buf.data(),
        &data()[..9],
        "no filler left by the dropped read"
    );
    // The same under UseFuture and a closure (with a leaked buffer, for 'static).
    let s = TestStream::new(&io, &data());
    s.next_read_length(3).stall_read_after(9);
    let r = io.block_on(async_read_until(
        &*s,
        &mut buf,
        b'\n',
        cancel_after(Duration::from_millis(20), UseFuture),
    ));
    assert!(error::is_aborted(&r.unwrap_err()));
    assert_eq!(buf.len(), 18);
    let s = TestStream::new(&io, &data());
    s.stall_read_after(9);
    let leaked: &'static mut DynamicBuffer = Box::leak(Box::default());
    let r = test_stream::run_closure(&io, |h| {
        async_read_until(
            s.clone(),
            leaked,
            b'\n',
            cancel_after(Duration::from_millis(20), h),
        )
    });
    assert!(error::is_aborted(&r.unwrap_err()));
}

#[test]
fn operations_are_send() {
    fn is_send<T: Send>(_: &T) {}
    let io = IoContext::new().unwrap();
    let s = TestStream::new(&io, b"");
    is_send(&async_read_until(
        s.clone(),
        DynamicBuffer::default(),
        b'\n',
        UseFuture,
    ));
    is_send(&async_read_until(
        s,
        Vec::new(),
        |d: &[u8]| d.first().map(|_| 1),
        UseFuture,
    ));
}
