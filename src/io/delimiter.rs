//! `Delimiter`: what `read_until` looks for.

/// What [`async_read_until`](super::async_read_until) reads until: a byte (`b'\n'`), a byte
/// string (`"\r\n"`, `b"\r\n"`, `&[u8]`, `String`, `Vec<u8>`), or a predicate.
///
/// A predicate is any `FnMut(&[u8]) -> Option<usize> + Send`: it gets all the bytes in the
/// buffer and returns the end of its match (the count of bytes up to and including it), or
/// `None` to read more (Asio's `MatchCondition`). An empty byte string matches at once, at 0.
///
/// # Examples
///
/// ```
/// use jeton::io::Delimiter;
/// assert_eq!(b'\n'.find(b"ab\ncd", 0), Some(3));
/// assert_eq!(Delimiter::find(&mut "\r\n", b"ab\r\ncd", 0), Some(4));
/// // A predicate: the end of the first two-byte header.
/// let mut header = |data: &[u8]| (data.len() >= 2).then_some(2);
/// assert_eq!(header.find(b"x", 0), None);
/// ```
pub trait Delimiter: Send {
    /// Returns the end of the first match in `data`, or `None`. `data[..searched]` was passed
    /// before without a match ending inside it, so the search may start later.
    fn find(&mut self, data: &[u8], searched: usize) -> Option<usize>;
}

impl Delimiter for u8 {
    fn find(&mut self, data: &[u8], searched: usize) -> Option<usize> {
        let at = memchr::memchr(*self, data.get(searched..)?)?;
        Some(searched + at + 1)
    }
}

/// Returns the end of the first occurrence of `needle` in `data`, starting where a match
/// could end past `searched`: the last `needle.len() - 1` bytes already searched are searched
/// again, so a delimiter split across two reads is found.
fn find_bytes(needle: &[u8], data: &[u8], searched: usize) -> Option<usize> {
    if needle.is_empty() {
        return Some(0);
    }
    let from = searched.saturating_sub(needle.len() - 1);
    let at = memchr::memmem::find(data.get(from..)?, needle)?;
    Some(from + at + needle.len())
}

/// Implements `Delimiter` for byte-string types.
macro_rules! byte_string_delimiter {
    ($($ty:ty),*) => {$(
        impl Delimiter for $ty {
            fn find(&mut self, data: &[u8], searched: usize) -> Option<usize> {
                find_bytes(AsRef::<[u8]>::as_ref(self), data, searched)
            }
        }
    )*};
}

byte_string_delimiter!(&[u8], &str, String, Vec<u8>);

impl<const N: usize> Delimiter for &[u8; N] {
    fn find(&mut self, data: &[u8], searched: usize) -> Option<usize> {
        find_bytes(&self[..], data, searched)
    }
}

impl<F: FnMut(&[u8]) -> Option<usize> + Send> Delimiter for F {
    fn find(&mut self, data: &[u8], _searched: usize) -> Option<usize> {
        self(data)
    }
}
