//! Pipes (Asio's `readable_pipe`, `writable_pipe` and `connect_pipe`): the descriptor core
//! with only a read or only a write surface.

use std::io;

use super::descriptor_core::DescriptorCore;
use super::kind::{ReadEnd, WriteEnd};
use crate::executor::Executor;
use crate::io::{IoObject, Owner};
use crate::sys;

/// The read end of a pipe (Asio's `readable_pipe`): the read half of the stream surface
/// (`async_read_some`, `read_some`, composed reads, `std::io::Read`,
/// `futures::io::AsyncRead`), `async_wait`, and every descriptor's methods
/// ([`StreamDescriptor`](super::StreamDescriptor) has the list). It has no `write_some`.
///
/// A read completes with 0 bytes (end of stream) once every write end is closed.
///
/// # Examples
///
/// ```
/// use jeton::posix::connect_pipe;
/// use jeton::{IoContext, UseFuture};
///
/// let io = IoContext::new()?;
/// let (r, w) = connect_pipe(&io.executor())?;
/// w.write_some(b"through the pipe")?;
/// drop(w);
/// let mut text = Vec::new();
/// let mut buf = [0u8; 8];
/// loop {
///     let n = io.block_on(r.async_read_some(&mut buf[..], UseFuture))?;
///     if n == 0 {
///         break; // the write end is closed
///     }
///     text.extend_from_slice(&buf[..n]);
/// }
/// assert_eq!(text, b"through the pipe");
/// # Ok::<(), std::io::Error>(())
/// ```
///
/// Writing to it does not compile:
///
/// ```compile_fail
/// # let io = jeton::IoContext::new()?;
/// let (r, _w) = jeton::posix::connect_pipe(&io.executor())?;
/// r.write_some(b"no")?; // no method `write_some` on a ReadablePipe
/// # Ok::<(), std::io::Error>(())
/// ```
pub type ReadablePipe<O = Owner> = IoObject<DescriptorCore<ReadEnd>, O>;

/// The write end of a pipe (Asio's `writable_pipe`): the write half of the stream surface
/// (`async_write_some`, `write_some`, vectored and composed writes, `std::io::Write`,
/// `futures::io::AsyncWrite`, whose `poll_close` closes it), `async_wait`, and every
/// descriptor's methods. It has no `read_some`.
///
/// A write fails with `BrokenPipe` once the read end is closed.
///
/// # Examples
///
/// ```
/// use jeton::posix::connect_pipe;
/// use jeton::{io, Blocking, IoContext};
///
/// let ctx = IoContext::new()?;
/// let (r, w) = connect_pipe(&ctx.executor())?;
/// io::async_write(&w, &b"all of it"[..], Blocking)?;
/// let mut buf = [0u8; 9];
/// io::read(&r, &mut buf[..])?;
/// assert_eq!(&buf, b"all of it");
/// drop(r);
/// assert_eq!(w.write_some(b"x").unwrap_err().kind(), std::io::ErrorKind::BrokenPipe);
/// # Ok::<(), std::io::Error>(())
/// ```
///
/// Reading from it does not compile:
///
/// ```compile_fail
/// # let io = jeton::IoContext::new()?;
/// let (_r, w) = jeton::posix::connect_pipe(&io.executor())?;
/// w.read_some(&mut [0u8; 1])?; // no method `read_some` on a WritablePipe
/// # Ok::<(), std::io::Error>(())
/// ```
pub type WritablePipe<O = Owner> = IoObject<DescriptorCore<WriteEnd>, O>;

/// Makes a pipe and returns its two ends, registered with the context of `ex` (Asio's
/// `connect_pipe`). Both ends are non-blocking and close-on-exec.
///
/// # Errors
///
/// The system's error (e.g. `EMFILE`).
///
/// # Examples
///
/// ```
/// use jeton::posix::connect_pipe;
/// use jeton::IoContext;
///
/// let io = IoContext::new()?;
/// let (r, w) = connect_pipe(&io.executor())?;
/// w.write_some(b"hi")?;
/// let mut buf = [0u8; 2];
/// assert_eq!(r.read_some(&mut buf)?, 2);
/// # Ok::<(), std::io::Error>(())
/// ```
pub fn connect_pipe(ex: &Executor) -> io::Result<(ReadablePipe, WritablePipe)> {
    let (r, w) = sys::pipe()?;
    Ok((ReadablePipe::new(ex, r)?, WritablePipe::new(ex, w)?))
}
