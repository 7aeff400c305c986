//! `Close`: what [`IoObject::close`](super::IoObject::close) returns.

use std::future::Future;
use std::io;
use std::pin::Pin;
use std::task::{Context, Poll};

use super::core::Core;
use super::io_object::IoObject;
use super::ownership::{Handle, Ownership};
use crate::runtime::tracking;

/// A close of an I/O object, with the meaning each obvious use of `close()` has.
///
/// - Not awaited — `sock.close();`, or a handler that ends with `handle.close()` — the object
///   is closed when the value is dropped, at the end of the statement: Asio's `close`, a
///   synchronous call. Pending operations complete with
///   [`error::aborted`](crate::error::aborted).
/// - Awaited — `sock.close().await` in async code, where the `futures::io` traits may be in
///   scope but the inherent `close` is the one called — it does what `AsyncWriteExt::close`
///   does: a stream socket shuts down its writing side (the peer reads end of stream; this side
///   can still read, and the descriptor is closed when the socket is dropped or closed again);
///   another object closes.
///
/// So the code each style writes does the right thing, where a `close` returning `()` would make
/// the compiler suggest removing the `.await`, and that close the whole socket.
///
/// # Examples
///
/// ```
/// use jeton::net::unix;
/// use jeton::{io, IoContext, UseFuture};
///
/// let ctx = IoContext::new()?;
/// let (a, b) = unix::connect_pair(&ctx.executor())?;
/// ctx.block_on(async {
///     a.async_write_some(&b"bye"[..], UseFuture).await?;
///     a.close().await?; // the writing side: b reads to its end
///     let mut got = Vec::new();
///     let mut buf = [0u8; 8];
///     loop {
///         match b.async_read_some(&mut buf[..], UseFuture).await? {
///             0 => break,
///             n => got.extend_from_slice(&buf[..n]),
///         }
///     }
///     assert_eq!(got, b"bye");
///     b.write_some(b"ok")?; // and a can still read the reply
///     assert_eq!(a.read_some(&mut buf)?, 2);
///     Ok::<(), std::io::Error>(())
/// })?;
/// a.close(); // not awaited: closed now
/// assert!(!a.is_open());
/// # Ok::<(), std::io::Error>(())
/// ```
#[derive(Debug)]
pub struct Close<C: Core> {
    /// A handle to the object until the close happens (at the first poll, or on drop).
    obj: Option<IoObject<C, Handle>>,
}

impl<C: Core, O: Ownership> IoObject<C, O> {
    /// Closes the object: now, or gracefully when awaited (see [`Close`]). Pending operations
    /// complete with [`error::aborted`](crate::error::aborted); later ones fail with
    /// [`error::bad_descriptor`](crate::error::bad_descriptor). Closing a closed object does
    /// nothing; a socket may be opened again.
    ///
    /// # Examples
    ///
    /// ```
    /// use jeton::net::unix;
    /// use jeton::{error, IoContext};
    ///
    /// let io = IoContext::new()?;
    /// let (a, _b) = unix::connect_pair(&io.executor())?;
    /// a.close();
    /// assert!(!a.is_open());
    /// assert!(error::is_bad_descriptor(&a.write_some(b"x").unwrap_err()));
    /// # Ok::<(), std::io::Error>(())
    /// ```
    pub fn close(&self) -> Close<C> {
        Close {
            obj: Some(self.handle()),
        }
    }
}

impl<C: Core> Future for Close<C> {
    type Output = io::Result<()>;

    fn poll(mut self: Pin<&mut Self>, _cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        let obj = self.obj.take().expect("Close polled after completion");
        trace_close(&obj, "shutdown");
        Poll::Ready(obj.core().close_gracefully())
    }
}

impl<C: Core> Unpin for Close<C> {}

impl<C: Core> Drop for Close<C> {
    fn drop(&mut self) {
        if let Some(obj) = self.obj.take() {
            trace_close(&obj, "close");
            obj.core().close();
        }
    }
}

/// Writes the handler-tracking line of a close (`n|object@addr.close`).
fn trace_close<C: Core>(obj: &IoObject<C, Handle>, what: &'static str) {
    if tracking::on() {
        let (object, addr) = obj.trace_id();
        tracking::other(object, addr, what);
    }
}
