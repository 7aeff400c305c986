//! Filling hyper's read cursor (feature `hyper`): the one `unsafe` call its API needs, kept
//! here with the crate's other `unsafe` code.
#![allow(unsafe_code)]

use std::io;
use std::task::{ready, Poll};

use hyper::rt::ReadBufCursor;

/// Reads at most `window` bytes into the unfilled part of `cursor` with `read` (a stream's
/// `read_some`) and marks the bytes it read as filled; returns how many. The `window` bytes
/// are zeroed first: hyper hands out uninitialised memory, and jeton's streams read into
/// `&mut [u8]`.
pub(crate) fn read_into(
    cursor: &mut ReadBufCursor<'_>,
    window: usize,
    read: impl FnOnce(&mut [u8]) -> Poll<io::Result<usize>>,
) -> Poll<io::Result<usize>> {
    let len = cursor.remaining().min(window);
    let buf = cursor.initialize_unfilled_to(len);
    let n = ready!(read(buf))?;
    assert!(n <= len, "a stream read more bytes than it was given");
    // SAFETY: `initialize_unfilled_to(len)` initialised the first `len` unfilled bytes and
    // `n <= len` (checked above), so the `n` bytes the cursor advances over are initialised.
    unsafe { cursor.advance(n) };
    Poll::Ready(Ok(n))
}
