//! `Core`: the state an I/O object shares with its pending operations.

use std::fmt::Debug;

use crate::executor::Executor;

/// The state an I/O object shares with its pending operations: its descriptor (or other
/// resource) and the executor of the context it is registered with.
///
/// An [`IoObject`](super::IoObject) is an `Arc` of a core: the object, its
/// [handles](super::Handle) and every operation in flight hold the same one, so operations are
/// `'static` and work with closure tokens. A core that also implements
/// [`AsyncReadStream`](crate::io::AsyncReadStream) and
/// [`AsyncWriteStream`](crate::io::AsyncWriteStream) makes its object a stream: it gets the
/// whole stream surface (`async_read_some`, `write_some`, ..., `std::io`, `futures::io`)
/// with no more code. jeton's sockets are `IoObject`s over
/// [`SocketCore`](crate::net::SocketCore).
///
/// # Examples
///
/// A core with nothing to close, whose object is an in-memory source of `b'x'` bytes:
///
/// ```
/// use jeton::io::{AsyncReadStream, Core, IoObject, OpState};
/// use jeton::{Executor, IoContext};
/// use std::sync::atomic::{AtomicBool, Ordering};
/// use std::task::{Context, Poll};
///
/// #[derive(Debug)]
/// struct Xs(Executor, AtomicBool);
/// impl Core for Xs {
///     fn executor(&self) -> &Executor { &self.0 }
///     fn cancel(&self) {}
///     fn close(&self) { self.1.store(false, Ordering::Relaxed) }
///     fn is_open(&self) -> bool { self.1.load(Ordering::Relaxed) }
/// }
/// impl AsyncReadStream for Xs {
///     fn executor(&self) -> Executor { self.0.clone() }
///     fn start_read(&self) -> OpState { OpState::unregistered() }
///     fn poll_read_some(&self, _: &mut Context<'_>, buf: &mut [u8], _: &mut OpState)
///         -> Poll<std::io::Result<usize>> {
///         buf.fill(b'x');
///         Poll::Ready(Ok(buf.len()))
///     }
/// }
///
/// let io = IoContext::new()?;
/// let xs = IoObject::from_core(Xs(io.executor(), AtomicBool::new(true)));
/// let mut buf = [0u8; 3];
/// assert_eq!(xs.read_some(&mut buf)?, 3); // the stream surface comes with the core
/// assert_eq!(&buf, b"xxx");
/// let handle = xs.handle();
/// drop(xs); // the owner closes the core; its handles do not keep it open
/// assert!(!handle.is_open());
/// # Ok::<(), std::io::Error>(())
/// ```
pub trait Core: Debug + Send + Sync + 'static {
    /// Returns the executor of the context the object is registered with.
    fn executor(&self) -> &Executor;

    /// Completes every pending operation with [`error::aborted`](crate::error::aborted); the
    /// object stays open.
    fn cancel(&self);

    /// Closes the object: pending operations complete with
    /// [`error::aborted`](crate::error::aborted), later ones fail. Closing twice does nothing.
    fn close(&self);

    /// Returns whether the object is open.
    fn is_open(&self) -> bool;

    /// Closes the object the way `futures::io::AsyncWriteExt::close` means it, for
    /// [`IoObject::close`](super::IoObject::close)`().await`: a stream shuts down its writing
    /// side (its peer reads end of stream, it can still read); the default closes the object.
    fn close_gracefully(&self) -> std::io::Result<()> {
        self.close();
        Ok(())
    }

    /// Returns the object's name in handler tracking and `tracing` spans (`TcpSocket`,
    /// `StreamFile`, ...; see [`OpName`](crate::op::OpName)). The default is `"object"`.
    fn object_name(&self) -> &'static str {
        "object"
    }
}
