//! Buffers that operations read into and write from.
//!
//! An operation is generic over its buffer. Borrowed slices work with
//! [`UseFuture`](crate::UseFuture) and [`Blocking`](crate::Blocking), and the operation
//! completes with `io::Result<usize>`. Owned buffers (`Vec<u8>`, `Box<[u8]>`) also work with
//! closures, which need `'static` values; the operation then hands the buffer back in every case,
//! success or error: `(io::Result<usize>, Vec<u8>)`.

use std::io;

/// A buffer an operation reads into. Its whole length is used, as with Asio's
/// `buffer(vector)`.
pub trait IoBufMut: Send {
    /// What the operation completes with: `io::Result<T>` for borrowed slices,
    /// `(io::Result<T>, Self)` for owned buffers.
    type Completion<T: Send>: Send;

    /// Returns the bytes to fill.
    fn as_mut_bytes(&mut self) -> &mut [u8];

    /// Builds the completion value from the result and the buffer.
    fn complete<T: Send>(self, result: io::Result<T>) -> Self::Completion<T>;
}

/// A buffer an operation writes from.
pub trait IoBuf: Send {
    /// What the operation completes with: `io::Result<T>` for borrowed slices,
    /// `(io::Result<T>, Self)` for owned buffers.
    type Completion<T: Send>: Send;

    /// Returns the bytes to send.
    fn as_bytes(&self) -> &[u8];

    /// Builds the completion value from the result and the buffer.
    fn complete<T: Send>(self, result: io::Result<T>) -> Self::Completion<T>;
}

impl IoBufMut for &mut [u8] {
    type Completion<T: Send> = io::Result<T>;
    fn as_mut_bytes(&mut self) -> &mut [u8] {
        self
    }
    fn complete<T: Send>(self, result: io::Result<T>) -> io::Result<T> {
        result
    }
}

impl IoBuf for &[u8] {
    type Completion<T: Send> = io::Result<T>;
    fn as_bytes(&self) -> &[u8] {
        self
    }
    fn complete<T: Send>(self, result: io::Result<T>) -> io::Result<T> {
        result
    }
}

/// Implements both buffer traits for an owned byte container that hands itself back.
macro_rules! owned_buf {
    ($($ty:ty),*) => {$(
        impl IoBufMut for $ty {
            type Completion<T: Send> = (io::Result<T>, $ty);
            fn as_mut_bytes(&mut self) -> &mut [u8] {
                &mut self[..]
            }
            fn complete<T: Send>(self, result: io::Result<T>) -> (io::Result<T>, $ty) {
                (result, self)
            }
        }
        impl IoBuf for $ty {
            type Completion<T: Send> = (io::Result<T>, $ty);
            fn as_bytes(&self) -> &[u8] {
                &self[..]
            }
            fn complete<T: Send>(self, result: io::Result<T>) -> (io::Result<T>, $ty) {
                (result, self)
            }
        }
    )*};
}

owned_buf!(Vec<u8>, Box<[u8]>);

impl IoBuf for &'static str {
    type Completion<T: Send> = io::Result<T>;
    fn as_bytes(&self) -> &[u8] {
        str::as_bytes(self)
    }
    fn complete<T: Send>(self, result: io::Result<T>) -> io::Result<T> {
        result
    }
}
