//! `IoBufs`: a sequence of buffers a gather write sends in order, and how a gather step
//! picks its slices from one.

use std::io::{self, IoSlice};

/// The most buffers one gather step passes to the stream (kept on the stack: no allocation).
pub(super) const MAX_SLICES: usize = 64;

/// A sequence of buffers written one after the other (Asio's ConstBufferSequence).
///
/// Like [`IoBuf`](super::IoBuf): a borrowed slice of buffers (`&[B]`) completes with
/// `io::Result<T>`; an owned `Vec<B>` or array `[B; N]` also works with closures and is handed
/// back in every case: `(io::Result<T>, Vec<B>)`. `B` is any `AsRef<[u8]>`: `&[u8]`, `&str`,
/// `Vec<u8>`, `String`, ...
pub trait IoBufs: Send {
    /// What the operation completes with: `io::Result<T>` for borrowed sequences,
    /// `(io::Result<T>, Self)` for owned ones.
    type Completion<T: Send>: Send;

    /// Returns the number of buffers.
    fn buf_count(&self) -> usize;

    /// Returns buffer `i` (`i < buf_count()`).
    fn buf(&self, i: usize) -> &[u8];

    /// Builds the completion value from the result and the sequence.
    fn complete<T: Send>(self, result: io::Result<T>) -> Self::Completion<T>;
}

impl<B: AsRef<[u8]> + Sync> IoBufs for &[B] {
    type Completion<T: Send> = io::Result<T>;
    fn buf_count(&self) -> usize {
        self.len()
    }
    fn buf(&self, i: usize) -> &[u8] {
        self[i].as_ref()
    }
    fn complete<T: Send>(self, result: io::Result<T>) -> io::Result<T> {
        result
    }
}

impl<B: AsRef<[u8]> + Send> IoBufs for Vec<B> {
    type Completion<T: Send> = (io::Result<T>, Vec<B>);
    fn buf_count(&self) -> usize {
        self.len()
    }
    fn buf(&self, i: usize) -> &[u8] {
        self[i].as_ref()
    }
    fn complete<T: Send>(self, result: io::Result<T>) -> (io::Result<T>, Vec<B>) {
        (result, self)
    }
}

impl<B: AsRef<[u8]> + Send, const N: usize> IoBufs for [B; N] {
    type Completion<T: Send> = (io::Result<T>, [B; N]);
    fn buf_count(&self) -> usize {
        N
    }
    fn buf(&self, i: usize) -> &[u8] {
        self[i].as_ref()
    }
    fn complete<T: Send>(self, result: io::Result<T>) -> (io::Result<T>, [B; N]) {
        (result, self)
    }
}

/// Fills `slices` with the bytes of `bufs` after the first `skip`, at most `limit` of them;
/// returns how many slices it filled.
pub(super) fn gather<'a, B: IoBufs>(
    bufs: &'a B,
    mut skip: usize,
    mut limit: usize,
    slices: &mut [IoSlice<'a>],
) -> usize {
    let mut n = 0;
    for i in 0..bufs.buf_count() {
        if limit == 0 || n == slices.len() {
            break;
        }
        let buf = bufs.buf(i);
        if skip >= buf.len() {
            skip -= buf.len(); // Written already, or empty.
            continue;
        }
        let rest = &buf[skip..];
        skip = 0;
        let take = rest.len().min(limit);
        slices[n] = IoSlice::new(&rest[..take]);
        n += 1;
        limit -= take;
    }
    n
}
