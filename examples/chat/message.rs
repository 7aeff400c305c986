//! The chat protocol's message (Asio's `chat_message.hpp`), shared by `chat_server` and
//! `chat_client` through `#[path = "chat/message.rs"] mod message;`.
//!
//! On the wire a message is a 4-character header, the body's length in decimal, right-aligned
//! and padded with spaces (`printf("%4d")`, e.g. `"  12"`), followed by the body: at most
//! [`MAX_BODY_LENGTH`] bytes.
//!
//! Asio's `chat_message` is one fixed array (header then body) that reads fill in place and
//! every copy duplicates. Here the encoded bytes sit behind an [`Arc`]: a room broadcasts one
//! message to every participant and keeps it among the recent ones, and each of those is a
//! reference count, not a 516-byte copy. The message is also a write buffer ([`IoBuf`]), so
//! `io::async_write` can own it while it is in flight and hand it back with the result.

use std::io;
use std::sync::Arc;

use jeton::io::IoBuf;

/// The length of the header: the body length as 4 decimal characters.
pub const HEADER_LENGTH: usize = 4;

/// The longest body a message may carry; longer ones are truncated.
pub const MAX_BODY_LENGTH: usize = 512;

/// One encoded chat message: header and body.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ChatMessage {
    /// The header followed by the body; never changed once built.
    data: Arc<[u8]>,
}

impl ChatMessage {
    /// Encodes a message carrying `body`, truncated to [`MAX_BODY_LENGTH`] bytes (Asio's
    /// `body_length(n)` then `encode_header()`).
    pub fn new(body: &[u8]) -> ChatMessage {
        let body = &body[..body.len().min(MAX_BODY_LENGTH)];
        let mut data = Vec::with_capacity(HEADER_LENGTH + body.len());
        data.extend_from_slice(&encode_header(body.len()));
        data.extend_from_slice(body);
        ChatMessage { data: data.into() }
    }

    /// Returns the body.
    #[allow(dead_code)] // Only the client prints bodies.
    pub fn body(&self) -> &[u8] {
        &self.data[HEADER_LENGTH..]
    }
}

/// Returns the header of a body of `len` bytes: `format!("{len:4}")`, Asio's `"%4d"`.
pub fn encode_header(len: usize) -> [u8; HEADER_LENGTH] {
    let mut header = [b' '; HEADER_LENGTH];
    header.copy_from_slice(format!("{:4}", len.min(MAX_BODY_LENGTH)).as_bytes());
    header
}

/// Decodes a header into the body length, or `None` if it is not [`HEADER_LENGTH`] bytes
/// holding a number up to [`MAX_BODY_LENGTH`] (Asio's `decode_header()`, which drops the
/// connection then).
///
/// Like the C++ `atoi`, leading spaces are skipped; unlike it, trailing garbage is rejected.
/// (The fuzz target `chat_header` found that a header shorter than 4 bytes was accepted.)
pub fn decode_header(header: &[u8]) -> Option<usize> {
    if header.len() != HEADER_LENGTH {
        return None;
    }
    let text = std::str::from_utf8(header).ok()?.trim_start_matches(' ');
    if text.is_empty() || !text.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    text.parse()
        .ok()
        .filter(|&len: &usize| len <= MAX_BODY_LENGTH)
}

/// A message is a write buffer of its encoded bytes, header then body:
/// `io::async_write(sock, msg, handler)` owns it until the write completes, then hands it back
/// as `(io::Result<usize>, ChatMessage)`.
impl IoBuf for ChatMessage {
    type Completion<T: Send> = (io::Result<T>, ChatMessage);

    fn as_bytes(&self) -> &[u8] {
        &self.data
    }

    fn complete<T: Send>(self, result: io::Result<T>) -> (io::Result<T>, ChatMessage) {
        (result, self)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn header_round_trip() {
        assert_eq!(&encode_header(12), b"  12");
        assert_eq!(&encode_header(512), b" 512");
        assert_eq!(decode_header(b"  12"), Some(12));
        assert_eq!(decode_header(b"   0"), Some(0));
        assert_eq!(decode_header(b" 513"), None);
        assert_eq!(decode_header(b"  1x"), None);
        assert_eq!(decode_header(b"    "), None);
        assert_eq!(decode_header(b"1"), None);
        assert_eq!(decode_header(b"   12"), None);
        let msg = ChatMessage::new(b"hello");
        assert_eq!(msg.as_bytes(), b"   5hello");
        assert_eq!(msg.body(), b"hello");
        assert_eq!(ChatMessage::new(&[b'x'; 600]).body().len(), MAX_BODY_LENGTH);
    }
}
