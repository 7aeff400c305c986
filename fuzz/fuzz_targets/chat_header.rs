//! The chat protocol's header parser (`examples/chat/message.rs`, which the chat server and
//! client use), on any 4 bytes, and the round trip of a message made from any body.
//! Checked: decoding never panics; a decoded length is at most 512 and comes back from its
//! own encoding; a header that decodes is 4 bytes of spaces then digits; a message's header
//! decodes to its body's length, cut at 512.

#![no_main]

#[path = "../../examples/chat/message.rs"]
#[allow(dead_code)]
mod message;

use jeton::io::IoBuf;
use libfuzzer_sys::fuzz_target;

use message::{decode_header, encode_header, ChatMessage, HEADER_LENGTH, MAX_BODY_LENGTH};

fuzz_target!(|data: &[u8]| {
    let header = &data[..data.len().min(HEADER_LENGTH)];
    if let Some(len) = decode_header(header) {
        assert!(len <= MAX_BODY_LENGTH);
        assert_eq!(header.len(), HEADER_LENGTH);
        assert!(header.iter().all(|b| *b == b' ' || b.is_ascii_digit()));
        assert_eq!(decode_header(&encode_header(len)), Some(len));
    }
    let body = data.get(HEADER_LENGTH..).unwrap_or(&[]);
    let msg = ChatMessage::new(body);
    let bytes = msg.as_bytes();
    let len = body.len().min(MAX_BODY_LENGTH);
    assert_eq!(bytes.len(), HEADER_LENGTH + len);
    assert_eq!(decode_header(&bytes[..HEADER_LENGTH]), Some(len));
    assert_eq!(msg.body(), &body[..len]);
});
