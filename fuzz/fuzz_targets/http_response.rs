//! `http_client`'s response parsing (`examples/http/response.rs`): reading the head from a
//! stream that returns the fuzzer's bytes in the fuzzer's chunks, checking the status line,
//! and printing the headers. Checked: it completes (never hangs, never panics); the buffer
//! never exceeds 64 KiB; a head that is read has its status line inside it, a 200 status and
//! an empty line at its end; `Response headers exceed 65536 bytes` exactly when the limit
//! was reached without the empty line.

#![no_main]

#[path = "../../tests/support/chunk_stream.rs"]
mod chunk_stream;
#[path = "input.rs"]
mod input;
#[path = "../../examples/http/response.rs"]
#[allow(dead_code)]
mod response;

use jeton::IoContext;
use libfuzzer_sys::fuzz_target;

use chunk_stream::ChunkStream;
use input::Input;
use response::{check_status, print_headers, read_head, response_buffer, Failure, MAX_HEAD};

thread_local! {
    static IO: IoContext = IoContext::new().expect("an IoContext");
}

fuzz_target!(|data: &[u8]| {
    let mut input = Input(data);
    // Scale chunks up so that long inputs reach the 64 KiB limit.
    let scale = 1 + input.byte() as usize;
    let chunks = input.chunks(scale);
    let mut body = input.rest().to_vec();
    // Long inputs repeat, so that the limit is reached.
    if body.len() > 64 && body[0] == b'!' {
        body = body.repeat(1 + MAX_HEAD / body.len());
    }
    IO.with(|io| {
        let s = ChunkStream::new(&io.executor(), &body, &chunks, &[]);
        let mut buf = response_buffer();
        let r = read_head(&s, &mut buf);
        assert!(buf.len() <= MAX_HEAD);
        assert!(body.starts_with(buf.data()));
        match r {
            Ok((status_len, head_len)) => {
                assert!(status_len <= head_len && head_len <= buf.len());
                assert!(check_status(&buf.data()[..status_len]).is_ok());
                assert!(buf.data()[..head_len].ends_with(b"\r\n\r\n"));
                let mut out = Vec::new();
                print_headers(&mut out, &buf.data()[status_len..head_len]).unwrap();
                assert!(out.ends_with(b"\n"));
            }
            Err(Failure::HeadTooLarge) => assert_eq!(buf.len(), MAX_HEAD),
            Err(Failure::Io(e)) => assert!(buf.len() < MAX_HEAD, "{e:?}"),
            Err(Failure::InvalidResponse | Failure::Status(_)) => {}
        }
    });
});
