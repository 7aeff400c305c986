//! `read_until` over a `DynamicBuffer` with a `max_size`, from a stream that returns the
//! fuzzer's bytes in the fuzzer's chunks (`Pending` answers in between), with the fuzzer's
//! delimiter (1 to 8 bytes) and limit. Checked: the operation completes (never hangs); it
//! finds the first delimiter that ends within the limit, else fails with the end of the
//! stream or the limit; the buffer never grows past the limit and holds only the stream's
//! bytes; the count of an error is what was appended; no byte read is lost.

#![no_main]

#[path = "../../tests/support/chunk_stream.rs"]
mod chunk_stream;
#[path = "input.rs"]
mod input;

use jeton::io::{read_until, transferred, DynamicBuffer};
use jeton::{error, IoContext};
use libfuzzer_sys::fuzz_target;

use chunk_stream::ChunkStream;
use input::Input;

thread_local! {
    static IO: IoContext = IoContext::new().expect("an IoContext");
}

fuzz_target!(|data: &[u8]| {
    let mut input = Input(data);
    let delim_len = 1 + (input.byte() % 8) as usize;
    let delim = input.bytes(delim_len).to_vec();
    if delim.is_empty() {
        return;
    }
    let max = 1 + u16::from_le_bytes([input.byte(), input.byte()]) as usize;
    let prefix_len = (input.byte() % 32) as usize;
    let prefix = input.bytes(prefix_len).to_vec();
    let chunks = input.chunks(3);
    let stream_data = input.rest();
    IO.with(|io| {
        let s = ChunkStream::new(&io.executor(), stream_data, &chunks, &[]);
        let mut buf = DynamicBuffer::with_max_size(prefix.clone(), max);
        let r = read_until(&s, &mut buf, &delim[..]);
        let full = [&prefix[..], stream_data].concat();
        let reach = prefix.len().max(max.min(full.len()));
        let found = full[..reach]
            .windows(delim.len())
            .position(|w| w == &delim[..])
            .map(|at| at + delim.len());
        assert!(
            full.starts_with(buf.data()),
            "the buffer holds the stream's bytes"
        );
        assert!(buf.len() <= prefix.len().max(max), "past max_size");
        assert_eq!(
            s.read_pos(),
            buf.len() - prefix.len(),
            "a byte read was lost"
        );
        match (r, found) {
            (Ok(end), Some(expected)) => assert_eq!(end, expected),
            (Err(e), None) => {
                assert_eq!(transferred(&e), buf.len() - prefix.len());
                if full.len() < max {
                    assert!(error::is_eof(&e), "{e:?}");
                } else {
                    assert_eq!(e.kind(), std::io::ErrorKind::NotFound, "{e:?}");
                    assert_eq!(buf.len(), reach);
                }
            }
            (r, found) => panic!("got {r:?}, expected the end at {found:?}"),
        }
    });
});
