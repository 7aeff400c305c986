//! `DynamicBuffer`: a growable byte buffer with a size limit, and `DynBuf`, what `read_until`
//! appends to.

use std::io;

/// The least bytes one read step into a dynamic buffer asks for (Asio's `read_until` and
/// dynamic-buffer `read` use 512), unless the buffer's spare capacity is larger.
pub(super) const MIN_STEP: usize = 512;

/// A growable buffer over a `Vec<u8>`, with a maximum size (Asio's `dynamic_buffer(vec, max)`).
///
/// [`async_read_until`](super::async_read_until) and
/// [`async_read_dynamic`](super::async_read_dynamic) append to it, never past `max_size`;
/// `read_until` leaves bytes received after the delimiter in it for the next call; [`consume`]
/// drops a handled line from the front. [`async_write_dynamic`](super::async_write_dynamic)
/// sends its data and consumes what it sent.
///
/// [`consume`]: DynamicBuffer::consume
///
/// # Examples
///
/// ```
/// use jeton::io::DynamicBuffer;
/// let mut buf = DynamicBuffer::with_max_size(b"GET / HTTP/1.1\r\nHost".to_vec(), 1024);
/// buf.consume(16);
/// assert_eq!(buf.data(), b"Host");
/// assert_eq!(buf.max_size(), 1024);
/// ```
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DynamicBuffer {
    vec: Vec<u8>,
    max_size: usize,
}

impl DynamicBuffer {
    /// Returns a buffer over `vec` (its bytes are the buffer's data), with no size limit.
    ///
    /// # Examples
    ///
    /// ```
    /// use jeton::io::DynamicBuffer;
    /// let mut buf = DynamicBuffer::new(b"abc".to_vec());
    /// assert_eq!((buf.len(), buf.is_empty()), (3, false));
    /// buf.get_mut().extend_from_slice(b"def"); // the vector itself
    /// assert_eq!(buf.into_inner(), b"abcdef");
    /// ```
    pub fn new(vec: Vec<u8>) -> DynamicBuffer {
        DynamicBuffer::with_max_size(vec, usize::MAX)
    }

    /// Returns a buffer over `vec` that reads never grow beyond `max_size` bytes.
    pub fn with_max_size(vec: Vec<u8>, max_size: usize) -> DynamicBuffer {
        DynamicBuffer { vec, max_size }
    }

    /// Returns the bytes in the buffer.
    pub fn data(&self) -> &[u8] {
        &self.vec
    }

    /// Returns the number of bytes in the buffer.
    pub fn len(&self) -> usize {
        self.vec.len()
    }

    /// Returns whether the buffer holds no byte.
    pub fn is_empty(&self) -> bool {
        self.vec.is_empty()
    }

    /// Returns the size reads never grow the buffer beyond.
    pub fn max_size(&self) -> usize {
        self.max_size
    }

    /// Removes the first `n` bytes (all of them if `n > len()`).
    pub fn consume(&mut self, n: usize) {
        self.vec.drain(..n.min(self.vec.len()));
    }

    /// Returns the underlying vector.
    pub fn get_mut(&mut self) -> &mut Vec<u8> {
        &mut self.vec
    }

    /// Returns the underlying vector, dropping the limit.
    pub fn into_inner(self) -> Vec<u8> {
        self.vec
    }
}

impl Default for DynamicBuffer {
    /// Returns an empty buffer with no size limit.
    fn default() -> DynamicBuffer {
        DynamicBuffer::new(Vec::new())
    }
}

impl From<Vec<u8>> for DynamicBuffer {
    /// Returns a buffer over `vec` with no size limit.
    fn from(vec: Vec<u8>) -> DynamicBuffer {
        DynamicBuffer::new(vec)
    }
}

/// A growable buffer a read appends to and a write consumes from: what
/// [`async_read_until`](super::async_read_until), [`async_read_dynamic`](super::async_read_dynamic)
/// and [`async_write_dynamic`](super::async_write_dynamic) take (Asio's DynamicBuffer).
///
/// Follows [`IoBufMut`](super::IoBufMut): borrowed buffers (`&mut DynamicBuffer`,
/// `&mut Vec<u8>`) complete with `io::Result<T>`; owned ones (`DynamicBuffer`, `Vec<u8>`) also
/// work with closures and are handed back in every case: `(io::Result<T>, DynamicBuffer)`.
/// A plain vector has no size limit.
pub trait DynBuf: Send {
    /// What the operation completes with: `io::Result<T>` for borrowed buffers,
    /// `(io::Result<T>, Self)` for owned ones.
    type Completion<T: Send>: Send;

    /// Returns the vector that holds the data; reads append to it.
    fn vec_mut(&mut self) -> &mut Vec<u8>;

    /// Returns the size reads never grow the vector beyond.
    fn max_size(&self) -> usize;

    /// Builds the completion value from the result and the buffer.
    fn complete<T: Send>(self, result: io::Result<T>) -> Self::Completion<T>;
}

impl DynBuf for DynamicBuffer {
    type Completion<T: Send> = (io::Result<T>, DynamicBuffer);
    fn vec_mut(&mut self) -> &mut Vec<u8> {
        &mut self.vec
    }
    fn max_size(&self) -> usize {
        self.max_size
    }
    fn complete<T: Send>(self, result: io::Result<T>) -> (io::Result<T>, DynamicBuffer) {
        (result, self)
    }
}

impl DynBuf for &mut DynamicBuffer {
    type Completion<T: Send> = io::Result<T>;
    fn vec_mut(&mut self) -> &mut Vec<u8> {
        &mut self.vec
    }
    fn max_size(&self) -> usize {
        self.max_size
    }
    fn complete<T: Send>(self, result: io::Result<T>) -> io::Result<T> {
        result
    }
}

impl DynBuf for Vec<u8> {
    type Completion<T: Send> = (io::Result<T>, Vec<u8>);
    fn vec_mut(&mut self) -> &mut Vec<u8> {
        self
    }
    fn max_size(&self) -> usize {
        usize::MAX
    }
    fn complete<T: Send>(self, result: io::Result<T>) -> (io::Result<T>, Vec<u8>) {
        (result, self)
    }
}

impl DynBuf for &mut Vec<u8> {
    type Completion<T: Send> = io::Result<T>;
    fn vec_mut(&mut self) -> &mut Vec<u8> {
        self
    }
    fn max_size(&self) -> usize {
        usize::MAX
    }
    fn complete<T: Send>(self, result: io::Result<T>) -> io::Result<T> {
        result
    }
}
