//! `IoObject`: one generic I/O object over a core, owned or as a handle.

use std::fmt;
use std::marker::PhantomData;
use std::sync::{Arc, Mutex, MutexGuard, PoisonError};

use super::core::Core;
use super::ownership::{Handle, Owner, Ownership};
use crate::executor::Executor;
use crate::io::futures_io_state::FuturesIoState;
use crate::runtime::tracking;

/// An I/O object: a [`Core`] (a socket's descriptor, ...) shared with the operations in
/// flight, in its owning form ([`Owner`], the default) or as a handle ([`Handle`]).
///
/// Every jeton I/O object is one: [`TcpSocket`](crate::net::TcpSocket) is
/// `IoObject<SocketCore<Tcp, Stream>>` and its handle
/// [`TcpStreamRef`](crate::net::TcpStreamRef) is `IoObject<SocketCore<Tcp, Stream>, Handle>`
/// (async-io's `Async<T>` is the Rust precedent). The methods common to every object are
/// written once, here: [`executor`](IoObject::executor), [`cancel`](IoObject::cancel),
/// [`close`](IoObject::close), [`is_open`](IoObject::is_open),
/// [`handle`](IoObject::handle); an object whose core is a stream also gets, once, the stream
/// surface (`async_read_some`, `read_some`, `async_read_some_vectored`, `read_some_vectored`,
/// `async_write_some`, `write_some`, `async_write_vectored`, `write_vectored`), the stream traits of [`crate::io`] (so composed
/// operations take `&obj`, `obj.handle()` or `Arc<obj>`), blocking `std::io::{Read, Write}`
/// and `futures::io::{AsyncRead, AsyncWrite}` on the object and on a reference to it; with
/// the `tokio` feature, `tokio::io::{AsyncRead, AsyncWrite}` too (no tokio runtime needed, so
/// tokio-util codecs work on any jeton stream), and with the `hyper` feature
/// `hyper::rt::{Read, Write}`.
///
/// Operations hold a handle (one `Arc`), so they are `'static` and work with closure tokens.
/// Dropping the owner closes the object: pending operations complete with
/// [`error::aborted`](crate::error::aborted) ([G3](crate::guarantees#g3)), through handles too.
///
/// # Thread safety
///
/// Distinct objects: safe. Shared objects: safe (every method takes `&self`; `close` waits
/// for a system call in progress on the object).
///
/// # Examples
///
/// ```
/// use jeton::net::unix;
/// use jeton::{error, IoContext};
///
/// let io = IoContext::new()?;
/// let (a, b) = unix::connect_pair(&io.executor())?;
/// let handle = a.handle(); // an IoObject<_, Handle>: same methods, Clone
/// handle.write_some(b"hi")?;
/// let mut buf = [0u8; 2];
/// assert_eq!(b.read_some(&mut buf)?, 2);
/// drop(a); // the owner closes; the handle does not keep it open
/// assert!(!handle.is_open());
/// assert!(error::is_bad_descriptor(&handle.write_some(b"x").unwrap_err()));
/// # Ok::<(), std::io::Error>(())
/// ```
pub struct IoObject<C: Core, O: Ownership = Owner> {
    /// The core and the `futures::io` state, shared by the owner, its handles and the
    /// operations in flight.
    inner: Arc<Inner<C>>,
    ownership: PhantomData<O>,
}

/// What an object and its handles share.
struct Inner<C> {
    core: C,
    /// The read and write in progress of the `futures::io` impls; locked by them for one poll.
    fio: Mutex<FuturesIoState>,
}

impl<C: Core> IoObject<C, Owner> {
    /// Creates the object that owns `core`: dropping it closes the core.
    ///
    /// # Examples
    ///
    /// See [`Core`].
    pub fn from_core(core: C) -> IoObject<C, Owner> {
        IoObject {
            inner: Arc::new(Inner {
                core,
                fio: Mutex::new(FuturesIoState::default()),
            }),
            ownership: PhantomData,
        }
    }
}

impl<C: Core, O: Ownership> IoObject<C, O> {
    /// Returns the core the object shares with its operations.
    pub fn core(&self) -> &C {
        &self.inner.core
    }

    /// Returns the executor of the object's context (Asio's `get_executor`).
    ///
    /// # Examples
    ///
    /// ```
    /// use jeton::net::TcpSocket;
    /// use jeton::IoContext;
    ///
    /// let io = IoContext::new()?;
    /// let sock = TcpSocket::new(&io.executor());
    /// sock.executor().post(|| println!("runs in io.run()"));
    /// assert_eq!(io.run(), 1);
    /// # Ok::<(), std::io::Error>(())
    /// ```
    pub fn executor(&self) -> Executor {
        self.inner.core.executor().clone()
    }

    /// Returns a handle to this object, for operations that must own their object (composed
    /// operations with a closure token, timeouts that close it).
    ///
    /// The handle has every method of the object and is cheap to clone (an `Arc`). It does
    /// not keep the object open: once the owner is closed or dropped, operations through the
    /// handle fail ([`error::aborted`](crate::error::aborted) for those pending,
    /// [`error::bad_descriptor`](crate::error::bad_descriptor) for new ones).
    ///
    /// # Examples
    ///
    /// A timeout that closes the socket from a timer handler:
    ///
    /// ```
    /// use jeton::net::{TcpAcceptor, TcpSocket};
    /// use jeton::{error, IoContext, SteadyTimer};
    /// use std::time::Duration;
    ///
    /// let io = IoContext::new()?;
    /// let acceptor = TcpAcceptor::bind(&io.executor(), "127.0.0.1:0")?;
    /// let sock = TcpSocket::new(&io.executor());
    /// sock.connect(acceptor.local_addr()?)?;
    ///
    /// let timer = SteadyTimer::with_duration(&io.executor(), Duration::from_millis(10));
    /// let handle = sock.handle();
    /// timer.async_wait(move |_: std::io::Result<()>| handle.close());
    /// sock.async_read_some(vec![0u8; 8], |(r, _): (std::io::Result<usize>, Vec<u8>)| {
    ///     assert!(error::is_aborted(&r.unwrap_err()));
    /// });
    /// io.run();
    /// # Ok::<(), std::io::Error>(())
    /// ```
    pub fn handle(&self) -> IoObject<C, Handle> {
        IoObject {
            inner: self.inner.clone(),
            ownership: PhantomData,
        }
    }

    /// Completes every pending operation on the object with
    /// [`error::aborted`](crate::error::aborted). The object stays open; operations started
    /// afterwards are not affected.
    ///
    /// # Examples
    ///
    /// ```
    /// use jeton::net::unix;
    /// use jeton::{error, IoContext};
    ///
    /// let io = IoContext::new()?;
    /// let (a, _b) = unix::connect_pair(&io.executor())?;
    /// a.async_read_some(vec![0u8; 8], |(r, _): (std::io::Result<usize>, Vec<u8>)| {
    ///     assert!(error::is_aborted(&r.unwrap_err()));
    /// });
    /// a.cancel();
    /// io.run();
    /// assert!(a.is_open());
    /// # Ok::<(), std::io::Error>(())
    /// ```
    pub fn cancel(&self) {
        if tracking::on() {
            let (object, addr) = self.trace_id();
            tracking::other(object, addr, "cancel");
        }
        self.inner.core.cancel();
    }

    /// Returns whether the object is open.
    ///
    /// # Examples
    ///
    /// ```
    /// use jeton::net::TcpSocket;
    /// use jeton::IoContext;
    ///
    /// let io = IoContext::new()?;
    /// assert!(!TcpSocket::new(&io.executor()).is_open()); // made closed, as Asio's
    /// # Ok::<(), std::io::Error>(())
    /// ```
    pub fn is_open(&self) -> bool {
        self.inner.core.is_open()
    }

    /// Returns the object's name and address, for handler tracking and `tracing` spans: the
    /// core's name, and the address of the state the owner and its handles share.
    pub(crate) fn trace_id(&self) -> (&'static str, usize) {
        let addr = Arc::as_ptr(&self.inner) as *const () as usize;
        (self.inner.core.object_name(), addr)
    }

    /// Locks the state of the `futures::io` impls for one poll.
    pub(super) fn futures_io_state(&self) -> MutexGuard<'_, FuturesIoState> {
        self.inner
            .fio
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
    }
}

impl<C: Core> Clone for IoObject<C, Handle> {
    fn clone(&self) -> IoObject<C, Handle> {
        self.handle()
    }
}

impl<C: Core, O: Ownership> From<&IoObject<C, O>> for IoObject<C, Handle> {
    /// Returns `obj.handle()`.
    fn from(obj: &IoObject<C, O>) -> IoObject<C, Handle> {
        obj.handle()
    }
}

impl<C: Core, O: Ownership> Drop for IoObject<C, O> {
    /// Closes the object if this is its owner ([G3](crate::guarantees#g3)); a handle closes
    /// nothing.
    fn drop(&mut self) {
        if O::CLOSES_ON_DROP {
            self.inner.core.close();
        }
    }
}

impl<C: Core, O: Ownership> fmt::Debug for IoObject<C, O> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("IoObject")
            .field("core", &self.inner.core)
            .field("ownership", &self.ownership)
            .finish()
    }
}
