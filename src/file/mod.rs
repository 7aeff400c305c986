//! Files (Asio's `basic_stream_file` and `basic_random_access_file`): [`StreamFile`], read and
//! written in sequence, and [`RandomAccessFile`], read and written at offsets, opened with
//! [`OpenFlags`].
//!
//! Both are [`IoObject`](crate::IoObject)s over a [`FileCore`]. Regular files cannot be polled
//! for readiness, so their reads and writes run on jeton's small helper pool (as Asio runs
//! them on io_uring or IOCP), and in blocking mode on the calling thread; they work with every
//! token, and the composed operations of [`crate::io`] work on them: a stream file is a
//! stream (`async_read`, `async_write`, `async_read_until`, `std::io`, `futures::io`), a
//! random-access file an [`AsyncReadAt`](crate::io::AsyncReadAt) /
//! [`AsyncWriteAt`](crate::io::AsyncWriteAt) device ([`io::async_read_at`](crate::io::async_read_at),
//! [`io::async_write_at`](crate::io::async_write_at)).
//!
//! | Asio | jeton |
//! |---|---|
//! | `stream_file(ex, path, flags)`, `random_access_file(ex, path, flags)` | [`StreamFile::open`], [`RandomAccessFile::open`] |
//! | `file_base::read_only`, `write_only`, `read_write`, `append`, `create`, `exclusive`, `truncate`, `sync_all_on_write` | [`OpenFlags`] |
//! | `read_some`, `async_read_some`, `write_some`, `async_write_some`, `seek` | the stream surface of [`IoObject`](crate::IoObject), [`StreamFile::seek`] |
//! | `read_some_at`, `async_read_some_at`, `write_some_at`, `async_write_some_at` | the random-access surface of [`IoObject`](crate::IoObject) |
//! | `size`, `resize`, `sync_all`, `sync_data`, `close`, `cancel`, `release`, `native_handle` | the same names |
//! | `async_read_at`, `async_write_at`, `read_at`, `write_at` | [`io::async_read_at`](crate::io::async_read_at), ... |

mod common;
mod core;
mod flags;
mod kind;
mod random_access_file;
mod step;
mod stream_file;

pub use self::core::FileCore;
pub use flags::OpenFlags;
pub use kind::{FileKind, RandomAccess, Sequential};
pub use random_access_file::RandomAccessFile;
pub use stream_file::StreamFile;
