//! The readiness wait of every I/O object whose core has a descriptor (sockets, descriptors,
//! pipes, serial ports): `async_wait` and `wait`, written once.

use std::io;
use std::task::{Context, Poll};

use super::core::Core;
use super::io_object::IoObject;
use super::ownership::{Handle, Ownership};
use crate::executor::Executor;
use crate::io::stream::OpState;
use crate::io::wait::{AsyncWait, Wait, WaitType};
use crate::tokens::{Blocking, CompletionToken};

/// Waits through the core.
impl<C: Core + AsyncWait, O: Ownership> AsyncWait for IoObject<C, O> {
    fn executor(&self) -> Executor {
        Core::executor(self.core()).clone()
    }

    fn start_wait(&self) -> OpState {
        self.core().start_wait()
    }

    fn poll_wait(
        &self,
        cx: &mut Context<'_>,
        kind: WaitType,
        st: &mut OpState,
    ) -> Poll<io::Result<()>> {
        self.core().poll_wait(cx, kind, st)
    }
}

impl<C: Core + AsyncWait, O: Ownership> IoObject<C, O> {
    /// Waits until the object's descriptor is ready for `kind` (Asio's `async_wait`), moving
    /// no data: for code that makes its own system calls (a third-party library on a
    /// non-blocking descriptor) or that only needs to know.
    ///
    /// Equivalent to: `async fn async_wait(&self, kind: WaitType) -> io::Result<()>`.
    ///
    /// Completes with `Ok(())` once a read ([`WaitType::Read`]) or a write
    /// ([`WaitType::Write`]) would not block, or an exceptional condition is pending
    /// ([`WaitType::Error`]: priority data, an error, a hang-up; an error or hang-up
    /// completes every kind). Readiness is checked with `poll(2)` when the wait starts and at
    /// each wake-up, so a wait never completes on stale readiness. It consumes nothing: other
    /// operations see the same readiness.
    ///
    /// - closure: called with the result on a thread running the context;
    /// - [`UseFuture`](crate::UseFuture): returns a [`Wait`] future;
    /// - [`Blocking`]: waits on the calling thread and returns the result.
    ///
    /// The handler is never called from inside this function, even when the descriptor is
    /// ready already ([G2](crate::guarantees#g2)).
    ///
    /// # Errors
    ///
    /// [`error::bad_descriptor`](crate::error::bad_descriptor) if the object is closed;
    /// `Unsupported` for a [`WaitType::Error`] wait on a descriptor the reactor cannot watch
    /// (a regular file, whose read and write waits complete at once).
    ///
    /// # Cancellation
    ///
    /// [`cancel`](IoObject::cancel), [`close`](IoObject::close) or dropping the object
    /// completes it with [`error::aborted`](crate::error::aborted). It has no side effect, so
    /// it honours every [`CancellationType`](crate::CancellationType) (terminal, partial,
    /// total); dropping the future withdraws it.
    ///
    /// # Examples
    ///
    /// ```
    /// use jeton::io::WaitType;
    /// use jeton::net::unix;
    /// use jeton::IoContext;
    ///
    /// let io = IoContext::new()?;
    /// let (a, b) = unix::connect_pair(&io.executor())?;
    /// b.async_wait(WaitType::Read, |r: std::io::Result<()>| {
    ///     r.unwrap();
    ///     println!("readable");
    /// });
    /// a.write_some(b"x")?;
    /// io.run();
    /// let mut buf = [0u8; 1];
    /// assert_eq!(b.read_some(&mut buf)?, 1); // the wait consumed nothing
    /// # Ok::<(), std::io::Error>(())
    /// ```
    pub fn async_wait<T: CompletionToken<Wait<IoObject<C, Handle>>>>(
        &self,
        kind: WaitType,
        token: T,
    ) -> T::Output {
        token.launch(Wait::new(self.handle(), kind))
    }

    /// Waits on the calling thread until the descriptor is ready for `kind`
    /// (`async_wait(kind, Blocking)`).
    ///
    /// # Errors
    ///
    /// As [`async_wait`](IoObject::async_wait).
    ///
    /// # Examples
    ///
    /// ```
    /// use jeton::io::WaitType;
    /// use jeton::net::unix;
    /// use jeton::IoContext;
    ///
    /// let io = IoContext::new()?;
    /// let (a, _b) = unix::connect_pair(&io.executor())?;
    /// a.wait(WaitType::Write)?; // an idle socket is writable: no thread runs the context
    /// # Ok::<(), std::io::Error>(())
    /// ```
    pub fn wait(&self, kind: WaitType) -> io::Result<()> {
        self.async_wait(kind, Blocking)
    }
}
