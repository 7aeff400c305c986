//! `Slice`: a part of an owned buffer, which operations use and hand back (Asio's
//! `buffer(data, n)` for owned buffers, tokio-uring's `Slice`).

use std::io;
use std::ops::{Bound, RangeBounds};

use super::buf::{IoBuf, IoBufMut};

/// An owned byte buffer an operation can use a part of: [`slice`](OwnedBuf::slice) makes the
/// [`Slice`]. Implemented for `Vec<u8>` and `Box<[u8]>`.
pub trait OwnedBuf: AsRef<[u8]> + AsMut<[u8]> + Send + Sized {
    /// Returns a view of `range` of the buffer, which operations read into or write from and
    /// hand back, as Asio's `buffer(data, n)` does for a borrowed one.
    ///
    /// # Panics
    ///
    /// If the range is out of the buffer's bounds or decreasing, as slicing panics.
    ///
    /// # Examples
    ///
    /// Write back the first `n` bytes of what was read:
    ///
    /// ```
    /// use jeton::io::{async_write, OwnedBuf, Slice};
    /// use jeton::IoContext;
    ///
    /// let io = IoContext::new()?;
    /// let (a, b) = jeton::net::unix::connect_pair(&io.executor())?;
    /// let mut buf = vec![0u8; 1024];
    /// buf[..5].copy_from_slice(b"hello");
    /// async_write(a.handle(), buf.slice(..5), |(r, s): (std::io::Result<usize>, Slice<Vec<u8>>)| {
    ///     assert_eq!(r.unwrap(), 5);
    ///     let buf = s.into_inner(); // the whole buffer back
    ///     assert_eq!(buf.len(), 1024);
    /// });
    /// io.run();
    /// let mut got = [0u8; 5];
    /// b.read_some(&mut got)?;
    /// assert_eq!(&got, b"hello");
    /// # Ok::<(), std::io::Error>(())
    /// ```
    fn slice(self, range: impl RangeBounds<usize>) -> Slice<Self> {
        Slice::new(self, range)
    }
}

impl OwnedBuf for Vec<u8> {}
impl OwnedBuf for Box<[u8]> {}

/// A part of an owned buffer: an operation reads into or writes from `begin..end` only, and
/// hands the `Slice` back, from which [`into_inner`](Slice::into_inner) returns the whole
/// buffer. Made by [`OwnedBuf::slice`].
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Slice<B> {
    buf: B,
    begin: usize,
    end: usize,
}

impl<B: OwnedBuf> Slice<B> {
    /// Makes a view of `range` of `buf`.
    ///
    /// # Panics
    ///
    /// If the range is out of the buffer's bounds or decreasing.
    ///
    /// # Examples
    ///
    /// ```
    /// use jeton::io::Slice;
    /// let mut s = Slice::new(vec![0u8; 16], 4..10);
    /// assert_eq!((s.begin(), s.end(), s.len(), s.is_empty()), (4, 10, 6, false));
    /// s.get_mut()[0] = 1; // the whole buffer, not just the view
    /// assert_eq!(s.get_ref().len(), 16);
    /// assert_eq!(s.into_inner()[0], 1);
    /// ```
    pub fn new(buf: B, range: impl RangeBounds<usize>) -> Slice<B> {
        let len = buf.as_ref().len();
        let begin = match range.start_bound() {
            Bound::Included(&b) => b,
            Bound::Excluded(&b) => b.checked_add(1).expect("slice start overflows"),
            Bound::Unbounded => 0,
        };
        let end = match range.end_bound() {
            Bound::Included(&e) => e.checked_add(1).expect("slice end overflows"),
            Bound::Excluded(&e) => e,
            Bound::Unbounded => len,
        };
        assert!(
            begin <= end && end <= len,
            "slice {begin}..{end} out of a buffer of {len} bytes"
        );
        Slice { buf, begin, end }
    }

    /// Returns where the view begins in the buffer.
    pub fn begin(&self) -> usize {
        self.begin
    }

    /// Returns where the view ends in the buffer.
    pub fn end(&self) -> usize {
        self.end
    }

    /// Returns the length of the view.
    pub fn len(&self) -> usize {
        self.end - self.begin
    }

    /// Returns whether the view is empty.
    pub fn is_empty(&self) -> bool {
        self.begin == self.end
    }

    /// Returns the whole buffer.
    pub fn get_ref(&self) -> &B {
        &self.buf
    }

    /// Returns the whole buffer, mutably.
    pub fn get_mut(&mut self) -> &mut B {
        &mut self.buf
    }

    /// Returns the whole buffer, ending the view.
    pub fn into_inner(self) -> B {
        self.buf
    }
}

impl<B: OwnedBuf> std::ops::Deref for Slice<B> {
    type Target = [u8];
    fn deref(&self) -> &[u8] {
        &self.buf.as_ref()[self.begin..self.end]
    }
}

impl<B: OwnedBuf> std::ops::DerefMut for Slice<B> {
    fn deref_mut(&mut self) -> &mut [u8] {
        &mut self.buf.as_mut()[self.begin..self.end]
    }
}

impl<B: OwnedBuf> IoBuf for Slice<B> {
    type Completion<T: Send> = (io::Result<T>, Slice<B>);
    fn as_bytes(&self) -> &[u8] {
        self
    }
    fn complete<T: Send>(self, result: io::Result<T>) -> (io::Result<T>, Slice<B>) {
        (result, self)
    }
}

impl<B: OwnedBuf> IoBufMut for Slice<B> {
    type Completion<T: Send> = (io::Result<T>, Slice<B>);
    fn as_mut_bytes(&mut self) -> &mut [u8] {
        self
    }
    fn complete<T: Send>(self, result: io::Result<T>) -> (io::Result<T>, Slice<B>) {
        (result, self)
    }
}
