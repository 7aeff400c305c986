//! `IoBufs`: a sequence of buffers a gather write sends in order.

use std::io;

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
