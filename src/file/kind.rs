//! The kinds of file: read and written in sequence ([`Sequential`], a
//! [`StreamFile`](super::StreamFile)) or at offsets ([`RandomAccess`], a
//! [`RandomAccessFile`](super::RandomAccessFile)).

use std::fmt::Debug;

/// How a [`FileCore`](super::FileCore) is read and written: [`Sequential`] or
/// [`RandomAccess`]. Sealed.
pub trait FileKind: private::Sealed + Debug + Send + Sync + 'static {
    /// The object's name in traces (`StreamFile`, `RandomAccessFile`).
    #[doc(hidden)]
    const NAME: &'static str;
}

/// A file read and written in sequence, from a position (Asio's `basic_stream_file`).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub struct Sequential;

/// A file read and written at offsets (Asio's `basic_random_access_file`).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub struct RandomAccess;

impl FileKind for Sequential {
    const NAME: &'static str = "StreamFile";
}

impl FileKind for RandomAccess {
    const NAME: &'static str = "RandomAccessFile";
}

mod private {
    /// Seals [`FileKind`](super::FileKind).
    pub trait Sealed {}
    impl Sealed for super::Sequential {}
    impl Sealed for super::RandomAccess {}
}
