//! Property tests (proptest) of the buffer types and the composed operations over a stream
//! that moves its bytes in arbitrary chunks, with `Pending` answers in between
//! (`support/chunk_stream.rs`):
//!
//! - `DynamicBuffer`: any sequence of appends and consumes matches a plain `Vec` model;
//! - `IoBuf`/`IoBufMut`/`IoBufs`: owned buffers come back whole; a gather write sends the
//!   buffers' concatenation and reports its length;
//! - `read_until` over a `DynamicBuffer` with a `max_size`: the first delimiter, else the end
//!   of the stream, else the limit, and never a byte past the limit;
//! - completion conditions (`transfer_all`, `transfer_at_least`, `transfer_exactly`, a
//!   closure) on reads and writes: the count reported is what moved, the bytes are the
//!   stream's, never past the buffer, and no single call is asked for more than the condition
//!   allows.

#[path = "support/chunk_stream.rs"]
mod chunk_stream;

use std::io;

use jeton::io::{
    async_read_with, async_write_vectored, async_write_with, read_until, transfer_all,
    transfer_at_least, transfer_exactly, transferred, DynamicBuffer, IoBuf, IoBufMut,
};
use jeton::{error, Blocking, IoContext};
use proptest::prelude::*;

use chunk_stream::ChunkStream;

/// Chunk lists: sizes up to 700, with zeros (a `Pending` answer) among them.
fn chunks() -> impl Strategy<Value = Vec<usize>> {
    prop::collection::vec(prop_oneof![Just(0usize), 1usize..700], 0..12)
}

/// Up to `max` bytes of six values (`\r`, `\n`, 0 to 3), so that delimiters occur; made from
/// a seed and a length (generating byte by byte is slow in a debug build).
fn bytes(max: usize) -> impl Strategy<Value = Vec<u8>> {
    (any::<u64>(), 0..max).prop_map(|(seed, n)| {
        let mut x = seed | 1;
        (0..n)
            .map(|_| {
                x ^= x << 13;
                x ^= x >> 7;
                x ^= x << 17;
                b"\r\n\x00\x01\x02\x03"[(x % 6) as usize]
            })
            .collect()
    })
}

/// A completion condition, and what it means for a transfer into (or from) `len` bytes.
#[derive(Clone, Debug)]
enum Cond {
    All,
    AtLeast(usize),
    Exactly(usize),
    /// A closure: at most `step` bytes a call, done at `stop` bytes.
    Custom {
        step: usize,
        stop: usize,
    },
}

fn conds() -> impl Strategy<Value = Cond> {
    prop_oneof![
        Just(Cond::All),
        (0usize..6000).prop_map(Cond::AtLeast),
        (0usize..6000).prop_map(Cond::Exactly),
        (1usize..900, 0usize..6000).prop_map(|(step, stop)| Cond::Custom { step, stop }),
    ]
}

impl Cond {
    /// The least bytes the transfer needs into `len` bytes, and the most it may move.
    fn bounds(&self, len: usize) -> (usize, usize) {
        match *self {
            Cond::All => (len, len),
            Cond::AtLeast(n) => (n.min(len), len),
            Cond::Exactly(n) => (n.min(len), n.min(len)),
            Cond::Custom { step, stop } => (stop.min(len), (stop + step - 1).min(len)),
        }
    }

    /// The most one call may be asked for.
    fn max_ask(&self) -> usize {
        match *self {
            Cond::Custom { step, .. } => step,
            _ => jeton::io::DEFAULT_MAX_TRANSFER,
        }
    }
}

/// Runs `$call` with the condition `$cond` turned into its jeton value, bound to `$c`.
macro_rules! with_cond {
    ($cond:expr, |$c:ident| $call:expr) => {
        match $cond {
            Cond::All => {
                let $c = transfer_all();
                $call
            }
            Cond::AtLeast(n) => {
                let $c = transfer_at_least(n);
                $call
            }
            Cond::Exactly(n) => {
                let $c = transfer_exactly(n);
                $call
            }
            Cond::Custom { step, stop } => {
                let $c = move |last: &io::Result<()>, done: usize| {
                    if last.is_err() || done >= stop {
                        0
                    } else {
                        step
                    }
                };
                $call
            }
        }
    };
}

#[derive(Clone, Debug)]
enum BufOp {
    Append(Vec<u8>),
    Consume(usize),
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 128, ..ProptestConfig::default() })]

    #[test]
    fn dynamic_buffer_appends_and_consumes_as_a_vec(
        ops in prop::collection::vec(prop_oneof![
            bytes(300).prop_map(BufOp::Append),
            (0usize..400).prop_map(BufOp::Consume),
        ], 0..30),
        max in 0usize..1000,
    ) {
        let mut buf = DynamicBuffer::with_max_size(Vec::new(), max);
        let mut model = Vec::new();
        for op in ops {
            match op {
                BufOp::Append(b) => {
                    buf.get_mut().extend_from_slice(&b);
                    model.extend_from_slice(&b);
                }
                BufOp::Consume(n) => {
                    buf.consume(n);
                    model.drain(..n.min(model.len()));
                }
            }
            prop_assert_eq!(buf.data(), &model[..]);
            prop_assert_eq!(buf.len(), model.len());
            prop_assert_eq!(buf.is_empty(), model.is_empty());
            prop_assert_eq!(buf.max_size(), max);
        }
        prop_assert_eq!(buf.into_inner(), model);
    }

    #[test]
    fn owned_buffers_come_back_whole(data in bytes(500), fail in any::<bool>()) {
        let r = if fail { Err(error::aborted()) } else { Ok(data.len()) };
        let (r2, back) = IoBuf::complete(data.clone(), r);
        prop_assert_eq!(&back, &data);
        prop_assert_eq!(r2.is_err(), fail);
        let mut boxed: Box<[u8]> = data.clone().into_boxed_slice();
        prop_assert_eq!(IoBufMut::as_mut_bytes(&mut boxed), &data[..]);
        let (_, back) = IoBufMut::complete(boxed, Ok(()));
        prop_assert_eq!(&back[..], &data[..]);
    }

    #[test]
    fn a_gather_write_sends_the_concatenation(
        bufs in prop::collection::vec(bytes(400), 0..8),
        wchunks in chunks(),
    ) {
        let io = IoContext::new().unwrap();
        let s = ChunkStream::new(&io.executor(), &[], &[], &wchunks);
        let total: usize = bufs.iter().map(Vec::len).sum();
        let (r, back) = async_write_vectored(&s, bufs.clone(), Blocking);
        prop_assert_eq!(r.unwrap(), total);
        prop_assert_eq!(s.written(), bufs.concat());
        prop_assert_eq!(back, bufs);
    }

    #[test]
    fn read_until_finds_the_first_delimiter_within_max_size(
        prefix in bytes(40),
        data in bytes(3000),
        delim in prop::collection::vec(prop_oneof![Just(b'\r'), Just(b'\n'), 0u8..4], 1..4),
        max in 1usize..3000,
        rchunks in chunks(),
    ) {
        let io = IoContext::new().unwrap();
        let s = ChunkStream::new(&io.executor(), &data, &rchunks, &[]);
        let mut buf = DynamicBuffer::with_max_size(prefix.clone(), max);
        let r = read_until(&s, &mut buf, &delim[..]);
        let full = [&prefix[..], &data[..]].concat();
        // The bytes that can ever enter the buffer: the prefix, then up to max_size.
        let reach = prefix.len().max(max.min(full.len()));
        let found = full[..reach]
            .windows(delim.len())
            .position(|w| w == &delim[..])
            .map(|at| at + delim.len());
        prop_assert!(full.starts_with(buf.data()), "the buffer holds the stream's bytes");
        prop_assert!(buf.len() <= prefix.len().max(max), "past max_size: {}", buf.len());
        prop_assert_eq!(s.read_pos(), buf.len() - prefix.len(), "nothing read is lost");
        match (r, found) {
            (Ok(end), Some(expected)) => {
                prop_assert_eq!(end, expected);
                prop_assert!(end <= buf.len());
            }
            (Err(e), None) => {
                prop_assert_eq!(transferred(&e), buf.len() - prefix.len());
                if full.len() < max {
                    prop_assert!(error::is_eof(&e), "{:?}", e);
                    prop_assert_eq!(buf.len(), full.len());
                } else {
                    prop_assert_eq!(e.kind(), io::ErrorKind::NotFound, "{:?}", e);
                    prop_assert_eq!(buf.len(), reach);
                }
            }
            (r, found) => prop_assert!(false, "got {:?}, expected the end at {:?}", r, found),
        }
    }

    #[test]
    fn a_read_with_a_condition_moves_what_it_reports(
        data in bytes(6000),
        len in 0usize..6000,
        cond in conds(),
        rchunks in chunks(),
    ) {
        let io = IoContext::new().unwrap();
        let s = ChunkStream::new(&io.executor(), &data, &rchunks, &[]);
        let mut buf = vec![0xeeu8; len];
        let r = with_cond!(cond.clone(), |c| async_read_with(&s, &mut buf[..], c, Blocking));
        let (least, most) = cond.bounds(len);
        let n = r.as_ref().map_or_else(transferred, |n| *n);
        prop_assert!(n <= len, "past the buffer");
        prop_assert_eq!(s.read_pos(), n, "the count is what was taken");
        prop_assert_eq!(&buf[..n], &data[..n]);
        prop_assert!(buf[n..].iter().all(|&b| b == 0xee), "written past the count");
        prop_assert!(s.max_ask() <= cond.max_ask().max(1));
        match r {
            Ok(n) => prop_assert!((least..=most).contains(&n), "{} not in {}..={}", n, least, most),
            Err(e) => {
                prop_assert!(error::is_eof(&e), "{:?}", e);
                prop_assert!(data.len() < least, "eof with {} bytes left", data.len());
                prop_assert_eq!(n, data.len());
            }
        }
    }

    #[test]
    fn a_write_with_a_condition_moves_what_it_reports(
        data in bytes(6000),
        cond in conds(),
        wchunks in chunks(),
    ) {
        let io = IoContext::new().unwrap();
        let s = ChunkStream::new(&io.executor(), &[], &[], &wchunks);
        let r = with_cond!(cond.clone(), |c| async_write_with(&s, &data[..], c, Blocking));
        let (least, most) = cond.bounds(data.len());
        let n = r.unwrap();
        prop_assert!((least..=most).contains(&n), "{} not in {}..={}", n, least, most);
        prop_assert_eq!(s.written(), &data[..n]);
        prop_assert!(s.max_ask() <= cond.max_ask().max(1));
    }
}
