//! `IoBufsMut`: a sequence of buffers a scatter read fills in order, and how a scatter step
//! picks its slices from one.

use std::io::{self, IoSliceMut};

/// A sequence of buffers read into one after the other (Asio's MutableBufferSequence): a
/// read fills each buffer completely before the next.
///
/// Like [`IoBufMut`](super::IoBufMut): a borrowed slice of buffers (`&mut [B]`) completes with
/// `io::Result<T>`; an owned `Vec<B>` or array `[B; N]` also works with closures and is handed
/// back in every case: `(io::Result<T>, Vec<B>)`. `B` is any `AsMut<[u8]>`: `&mut [u8]`,
/// `Vec<u8>`, `Box<[u8]>`, `[u8; N]`, ...
///
/// # Examples
///
/// ```
/// use jeton::io::IoBufsMut;
///
/// let (mut header, mut body) = ([0u8; 2], [0u8; 3]);
/// let mut bufs = [&mut header[..], &mut body[..]];
/// let mut seq = &mut bufs[..];
/// let lens: Vec<usize> = seq.bufs_mut().map(|b| b.len()).collect();
/// assert_eq!(lens, [2, 3]);
/// ```
pub trait IoBufsMut: Send {
    /// What the operation completes with: `io::Result<T>` for borrowed sequences,
    /// `(io::Result<T>, Self)` for owned ones.
    type Completion<T: Send>: Send;

    /// Returns the buffers, in the order a read fills them.
    fn bufs_mut(&mut self) -> impl Iterator<Item = &mut [u8]>;

    /// Builds the completion value from the result and the sequence.
    fn complete<T: Send>(self, result: io::Result<T>) -> Self::Completion<T>;
}

impl<B: AsMut<[u8]> + Send> IoBufsMut for &mut [B] {
    type Completion<T: Send> = io::Result<T>;
    fn bufs_mut(&mut self) -> impl Iterator<Item = &mut [u8]> {
        self.iter_mut().map(AsMut::as_mut)
    }
    fn complete<T: Send>(self, result: io::Result<T>) -> io::Result<T> {
        result
    }
}

impl<B: AsMut<[u8]> + Send> IoBufsMut for Vec<B> {
    type Completion<T: Send> = (io::Result<T>, Vec<B>);
    fn bufs_mut(&mut self) -> impl Iterator<Item = &mut [u8]> {
        self.iter_mut().map(AsMut::as_mut)
    }
    fn complete<T: Send>(self, result: io::Result<T>) -> (io::Result<T>, Vec<B>) {
        (result, self)
    }
}

impl<B: AsMut<[u8]> + Send, const N: usize> IoBufsMut for [B; N] {
    type Completion<T: Send> = (io::Result<T>, [B; N]);
    fn bufs_mut(&mut self) -> impl Iterator<Item = &mut [u8]> {
        self.iter_mut().map(AsMut::as_mut)
    }
    fn complete<T: Send>(self, result: io::Result<T>) -> (io::Result<T>, [B; N]) {
        (result, self)
    }
}

/// `std::io` scatter buffers as an [`IoBufsMut`], for the synchronous `read_some_vectored`
/// twins and `std::io::Read::read_vectored`.
#[derive(Debug)]
pub(crate) struct IoSlicesMut<'s, 'b>(pub(crate) &'s mut [IoSliceMut<'b>]);

impl IoBufsMut for IoSlicesMut<'_, '_> {
    type Completion<T: Send> = io::Result<T>;
    fn bufs_mut(&mut self) -> impl Iterator<Item = &mut [u8]> {
        self.0.iter_mut().map(|b| &mut **b)
    }
    fn complete<T: Send>(self, result: io::Result<T>) -> io::Result<T> {
        result
    }
}

/// Returns the total length of the buffers of `bufs`.
pub(super) fn total_len<B: IoBufsMut>(bufs: &mut B) -> usize {
    bufs.bufs_mut().map(|b| b.len()).sum()
}

/// Fills `slices` with the bytes of `bufs` after the first `skip`, at most `limit` of them;
/// returns how many slices it filled.
pub(super) fn scatter<'a, B: IoBufsMut>(
    bufs: &'a mut B,
    mut skip: usize,
    mut limit: usize,
    slices: &mut [IoSliceMut<'a>],
) -> usize {
    let mut n = 0;
    for buf in bufs.bufs_mut() {
        if limit == 0 || n == slices.len() {
            break;
        }
        if skip >= buf.len() {
            skip -= buf.len(); // Filled already, or empty.
            continue;
        }
        let rest = &mut buf[skip..];
        skip = 0;
        let take = rest.len().min(limit);
        slices[n] = IoSliceMut::new(&mut rest[..take]);
        n += 1;
        limit -= take;
    }
    n
}
