//! Stream I/O: buffers, the stream traits, the leaf `read_some`/`write_some` operations and the
//! composed operations written over them.

mod buf;
mod buf_seq;
mod completion;
mod partial;
mod read;
mod read_some;
mod stream;
mod write;
mod write_some;
mod write_vectored;

pub use buf::{IoBuf, IoBufMut};
pub use buf_seq::IoBufs;
pub use completion::{
    transfer_all, transfer_at_least, transfer_exactly, CompletionCondition, TransferAll,
    TransferAtLeast, TransferExactly, DEFAULT_MAX_TRANSFER,
};
pub use partial::{transferred, PartialError};
pub use read::{async_read, async_read_exact, async_read_with, read, Read};
pub use read_some::{async_read_some, ReadSome};
pub use stream::{AsyncReadStream, AsyncWriteStream, OpState};
pub use write::{async_write, async_write_all, async_write_with, write, Write};
pub use write_some::{async_write_some, WriteSome};
pub use write_vectored::{async_write_vectored, async_write_vectored_with, WriteVectored};
