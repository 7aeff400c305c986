//! `SocketCore`: the core of every socket, a registered `socket2::Socket` of one protocol in
//! one role.

use std::fmt;
use std::io;
use std::marker::PhantomData;

use socket2::Socket;

use super::role::Role;
use crate::executor::Executor;
use crate::io::Core;
use crate::net::endpoint::Endpoint;
use crate::net::protocol::Protocol;
use crate::op::io_source::IoSource;

/// The core of every socket: what a socket shares with its pending operations.
///
/// `SocketCore<P, R>` is a `socket2::Socket` of protocol `P` (TCP, UDP, local stream, local
/// datagram) used in role `R` ([`Stream`](super::role::Stream),
/// [`Datagram`](super::role::Datagram), [`Listener`](super::role::Listener)), registered
/// with its context's reactor once, always non-blocking underneath. Every socket type is an
/// [`IoObject`](crate::io::IoObject) over one: [`TcpSocket`](crate::net::TcpSocket) is
/// `IoObject<SocketCore<Tcp, Stream>>`. It has no public methods of its own: the sockets'
/// methods are written once per role over it.
pub struct SocketCore<P, R> {
    /// The descriptor, its registration and its cancel epoch. Replaced descriptors (`close`
    /// then `open`) stay under this one source, so no lock guards this field.
    src: IoSource<Socket>,
    kind: PhantomData<fn() -> (P, R)>,
}

impl<P: Protocol, R: Role> SocketCore<P, R> {
    /// A closed socket on the context of `ex` (Asio's default-constructed socket).
    pub(crate) fn closed(ex: &Executor) -> SocketCore<P, R> {
        SocketCore {
            src: IoSource::closed(ex),
            kind: PhantomData,
        }
    }

    /// The core of `socket` (Asio's `assign`), switched to non-blocking mode and registered
    /// with the context of `ex`.
    pub(crate) fn adopt(ex: &Executor, socket: Socket) -> io::Result<SocketCore<P, R>> {
        socket.set_nonblocking(true)?;
        SocketCore::register(ex, socket)
    }

    /// The core of the non-blocking `socket` (an accepted connection), registered with the
    /// context of `ex`.
    pub(crate) fn register(ex: &Executor, socket: Socket) -> io::Result<SocketCore<P, R>> {
        Ok(SocketCore {
            src: IoSource::new(ex, socket)?,
            kind: PhantomData,
        })
    }

    /// Returns a new non-blocking socket of protocol `P` for `family`, not yet registered.
    pub(crate) fn new_socket(family: <P::Endpoint as Endpoint>::Family) -> io::Result<Socket> {
        let domain = <P::Endpoint as Endpoint>::domain(family);
        let socket = Socket::new(domain, P::SOCKET_TYPE, P::PROTOCOL)?;
        socket.set_nonblocking(true)?;
        Ok(socket)
    }

    /// Opens a new socket for `family` in this closed core.
    ///
    /// # Errors
    ///
    /// `AlreadyExists` if it is open (Asio's `already_open`), or the system's error.
    pub(crate) fn open(&self, family: <P::Endpoint as Endpoint>::Family) -> io::Result<()> {
        self.src.open(SocketCore::<P, R>::new_socket(family)?)
    }

    /// Returns the registered descriptor, for the readiness loop of operations.
    pub(crate) fn source(&self) -> &IoSource<Socket> {
        &self.src
    }

    /// Runs `f` on the open socket (options, addresses, ...).
    ///
    /// # Errors
    ///
    /// [`error::bad_descriptor`](crate::error::bad_descriptor) if the socket is closed, else
    /// whatever `f` returns.
    pub(crate) fn with<T>(&self, f: impl FnOnce(&Socket) -> io::Result<T>) -> io::Result<T> {
        self.src.with(f)
    }

    /// Closes the socket and returns its descriptor (Asio's `release`), or `None` if it was
    /// closed.
    pub(crate) fn take(&self) -> Option<Socket> {
        self.src.close()
    }
}

impl<P: Protocol, R: Role> Core for SocketCore<P, R> {
    fn executor(&self) -> &Executor {
        self.src.executor()
    }

    fn cancel(&self) {
        self.src.cancel();
    }

    fn close(&self) {
        drop(self.src.close());
    }

    fn is_open(&self) -> bool {
        self.src.is_open()
    }

    /// A stream socket shuts down its writing side (the peer reads end of stream, this side
    /// can still read); other sockets close.
    fn close_gracefully(&self) -> io::Result<()> {
        if R::HALF_CLOSE {
            self.src.with(|s| s.shutdown(std::net::Shutdown::Write))
        } else {
            self.close();
            Ok(())
        }
    }

    fn object_name(&self) -> &'static str {
        if R::LISTENS {
            P::TRACE_NAMES.1
        } else {
            P::TRACE_NAMES.0
        }
    }
}

impl<P: Protocol, R: Role> fmt::Debug for SocketCore<P, R> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("SocketCore")
            .field("protocol", &std::any::type_name::<P>())
            .field("role", &std::any::type_name::<R>())
            .field("src", &self.src)
            .finish()
    }
}
