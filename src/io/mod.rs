//! Stream I/O: buffers, the stream traits, the leaf `read_some`/`write_some` operations, the
//! composed operations written over them, and [`IoObject`], the one generic I/O object.
//!
//! | operation | completes when | completion value |
//! |---|---|---|
//! | [`async_read_some`] / [`async_write_some`] | some bytes moved | `io::Result<usize>` |
//! | [`async_read`] (= [`async_read_exact`]), [`async_read_with`] | the buffer is full / the condition is met | `io::Result<usize>` |
//! | [`async_write`] (= [`async_write_all`]), [`async_write_with`] | the buffer is written / the condition is met | `io::Result<usize>` |
//! | [`async_write_vectored`], [`async_write_vectored_with`] | every buffer is written, in order | `io::Result<usize>` |
//! | [`async_read_some_vectored`] / [`async_write_some_vectored`] | some bytes moved, with one scatter (gather) call | `io::Result<usize>` |
//! | [`async_read_vectored`], [`async_read_vectored_with`] | every buffer is full, in order | `io::Result<usize>` |
//! | [`async_read_dynamic`], [`async_read_dynamic_with`] | the [`DynamicBuffer`] reached its `max_size` / the condition is met (end of stream: [`error::eof`](crate::error::eof) with the count) | `io::Result<usize>`: bytes appended |
//! | [`async_write_dynamic`], [`async_write_dynamic_with`] | the [`DynamicBuffer`]'s data is written (and consumed) / the condition is met | `io::Result<usize>` |
//! | [`async_read_until`] | the [`DynamicBuffer`] holds the delimiter | `io::Result<usize>`: bytes up to and including it |
//! | [`async_read_some_at`] / [`async_write_some_at`] | some bytes moved at an offset of an [`AsyncReadAt`] / [`AsyncWriteAt`] device (a file) | `io::Result<usize>` |
//! | [`async_read_at`], [`async_read_at_with`] / [`async_write_at`], [`async_write_at_with`] | the buffer is full / written, from an offset | `io::Result<usize>` |
//!
//! Each composed operation is one poll state machine over [`AsyncReadStream`] or
//! [`AsyncWriteStream`], so it works with every token and allocates nothing per step. With an
//! owned buffer (needed by closure tokens) the value is `(io::Result<usize>, buffer)`, the
//! buffer handed back in every case. The synchronous twins ([`read`], [`write()`],
//! [`read_vectored`], [`write_vectored`], [`read_dynamic`], [`write_dynamic`], [`read_until`])
//! are the [`Blocking`](crate::Blocking) token.
//!
//! # I/O objects
//!
//! Every jeton I/O object is an [`IoObject`]: a [`Core`] (the state shared with pending
//! operations: a socket's descriptor, ...) in its owning form ([`Owner`], closes on drop) or
//! as a cheap, clonable [`Handle`]. Whatever is common to every object, and the whole stream
//! surface of every object whose core is a stream (`read_some`, `write_some`, the stream
//! traits, `std::io` and `futures::io`), is written once on `IoObject`, so a new kind of
//! object is only a new core. [`FuturesIo`] gives the `futures::io` traits to any other
//! stream, through the same code.
//!
//! # Partial transfers
//!
//! A composed operation that fails part-way (an error, end of stream, a cancel) has moved some
//! bytes, and Asio reports them as `void(error_code, size_t)`. jeton keeps one value,
//! `io::Result<usize>`, so that every adapter works unchanged ([`redirect_error`](crate::redirect_error)
//! and [`cancel_after`](crate::cancel_after) need `io::Result<V>`), and `?` just works. The
//! count travels inside the error: [`transferred(&err)`](transferred) returns it (0 for an
//! error without count). An error after `n > 0` bytes is a [`PartialError`] wrapped in an
//! `io::Error` of the same kind; the [`error`](crate::error) predicates (`is_eof`,
//! `is_aborted`, ...) see through it. An error before any byte moved is the stream's error
//! untouched. Bytes read before an error are in the buffer. (With an owned buffer the value is a
//! tuple, which those two adapters do not take: pass a borrowed buffer, `&'static mut [u8]` for
//! a closure.)
//!
//! # Completion conditions
//!
//! [`transfer_all`], [`transfer_at_least`], [`transfer_exactly`] or any
//! `FnMut(&io::Result<()>, usize) -> usize` ([`CompletionCondition`]) decide how much each
//! step may move and when a read or write is done; each step moves at most
//! [`DEFAULT_MAX_TRANSFER`] bytes by default.
//!
//! # Examples
//!
//! ```
//! use jeton::io::{self, AsyncReadStream, DynamicBuffer, OpState};
//! use jeton::{Blocking, Executor, IoContext, UseFuture};
//! use std::task::{Context, Poll};
//!
//! /// An in-memory stream that returns its bytes three at a time.
//! struct Chunks(std::sync::Mutex<&'static [u8]>, Executor);
//! impl AsyncReadStream for Chunks {
//!     fn executor(&self) -> Executor { self.1.clone() }
//!     fn start_read(&self) -> OpState { OpState::unregistered() }
//!     fn poll_read_some(&self, _: &mut Context<'_>, buf: &mut [u8], _: &mut OpState)
//!         -> Poll<std::io::Result<usize>> {
//!         let mut data = self.0.lock().unwrap();
//!         let n = buf.len().min(data.len()).min(3);
//!         buf[..n].copy_from_slice(&data[..n]);
//!         *data = &data[n..];
//!         Poll::Ready(Ok(n))
//!     }
//! }
//!
//! let io = IoContext::new()?;
//! let stream = Chunks(b"HELLO\r\nworld!".as_slice().into(), io.executor());
//!
//! // Blocking style: read a line.
//! let mut buf = DynamicBuffer::new(Vec::new());
//! let n = io::read_until(&stream, &mut buf, "\r\n")?;
//! assert_eq!(&buf.data()[..n], b"HELLO\r\n");
//! buf.consume(n);
//! assert_eq!(buf.data(), b"wo"); // read past the delimiter: kept for later
//!
//! // Future style: fill a buffer.
//! let mut rest = [0u8; 4];
//! let n = io.block_on(io::async_read(&stream, &mut rest[..], UseFuture))?;
//! assert_eq!(&rest[..n], b"rld!");
//!
//! let e = io::async_read(&stream, &mut rest[..], Blocking).unwrap_err();
//! assert!(jeton::error::is_eof(&e));
//! assert_eq!(io::transferred(&e), 0);
//! # Ok::<(), std::io::Error>(())
//! ```

mod buf;
mod buf_seq;
mod buf_seq_mut;
mod completion;
mod delimiter;
mod dynamic_buffer;
mod futures_io;
mod futures_io_state;
mod object;
mod partial;
mod random_access;
mod read;
mod read_at;
mod read_dynamic;
mod read_some;
mod read_some_at;
mod read_some_vectored;
mod read_until;
mod read_vectored;
mod slice;
pub(crate) mod stream;
mod transfer;
pub(crate) mod wait;
mod write;
mod write_at;
mod write_dynamic;
mod write_some;
mod write_some_at;
mod write_some_vectored;
mod write_vectored;

pub use buf::{IoBuf, IoBufMut};
pub use buf_seq::IoBufs;
pub use buf_seq_mut::IoBufsMut;
pub use completion::{
    transfer_all, transfer_at_least, transfer_exactly, CompletionCondition, TransferAll,
    TransferAtLeast, TransferExactly, DEFAULT_MAX_TRANSFER,
};
pub use delimiter::Delimiter;
pub use dynamic_buffer::{DynBuf, DynamicBuffer};
pub use futures_io::FuturesIo;
pub use object::{Close, Core, Handle, IoObject, Owner, Ownership};
pub use partial::{transferred, PartialError};
pub use random_access::{AsyncReadAt, AsyncWriteAt};
pub use read::{async_read, async_read_exact, async_read_with, read, Read};
pub use read_at::{async_read_at, async_read_at_with, read_at, ReadAt};
pub use read_dynamic::{async_read_dynamic, async_read_dynamic_with, read_dynamic, ReadDynamic};
pub use read_some::{async_read_some, ReadSome};
pub use read_some_at::{async_read_some_at, ReadSomeAt};
pub use read_some_vectored::{async_read_some_vectored, ReadSomeVectored};
pub use read_until::{async_read_until, read_until, ReadUntil};
pub use read_vectored::{
    async_read_vectored, async_read_vectored_with, read_vectored, ReadVectored,
};
pub use slice::{OwnedBuf, Slice};
pub use stream::{AsyncReadStream, AsyncWriteStream, OpState};
pub use wait::{AsyncWait, Wait, WaitType};
pub use write::{async_write, async_write_all, async_write_with, write, Write};
pub use write_at::{async_write_at, async_write_at_with, write_at, WriteAt};
pub use write_dynamic::{
    async_write_dynamic, async_write_dynamic_with, write_dynamic, WriteDynamic,
};
pub use write_some::{async_write_some, WriteSome};
pub use write_some_at::{async_write_some_at, WriteSomeAt};
pub use write_some_vectored::{async_write_some_vectored, WriteSomeVectored};
pub use write_vectored::{
    async_write_vectored, async_write_vectored_with, write_vectored, WriteVectored,
};
