//! Stream I/O: buffers, the stream traits, the leaf `read_some`/`write_some` operations and the
//! composed operations written over them.

mod buf;
mod completion;
mod partial;
mod read;
mod read_some;
mod stream;
mod write_some;

pub use buf::{IoBuf, IoBufMut};
pub use completion::{
    transfer_all, transfer_at_least, transfer_exactly, CompletionCondition, TransferAll,
    TransferAtLeast, TransferExactly, DEFAULT_MAX_TRANSFER,
};
pub use partial::{transferred, PartialError};
pub use read::{async_read, async_read_exact, async_read_with, read, Read};
pub use read_some::{async_read_some, ReadSome};
pub use stream::{AsyncReadStream, AsyncWriteStream, OpState};
pub use write_some::{async_write_some, WriteSome};
