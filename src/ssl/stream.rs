//! `Stream`: a TLS stream over a next layer (Asio's `ssl::stream`), an [`IoObject`] over a
//! [`TlsCore`], with the TLS methods that are not part of every stream: the handshake, the
//! shutdown, the host name.

use std::io;

use rustls::pki_types::ServerName;

use super::context::Context;
use super::core::TlsCore;
use super::handshake::Handshake;
use super::role::Role;
use super::shutdown::Shutdown;
use crate::io::{AsyncReadStream, AsyncWriteStream, Core, IoObject, Owner, Ownership};
use crate::tokens::{Blocking, CompletionToken};

/// A TLS stream over the stream `S` (Asio's `ssl::stream<S>`; feature `tls`), usually a
/// [`TcpSocket`](crate::net::TcpSocket).
///
/// It is an [`IoObject`] over a [`TlsCore`], so it has the whole stream surface of every
/// jeton stream, written once: `async_read_some`/`read_some`, `async_write_some`/`write_some`,
/// every composed operation of [`crate::io`], `std::io::{Read, Write}`,
/// `futures::io::{AsyncRead, AsyncWrite}`, and, with their features, `tokio::io` and
/// `hyper::rt`; every operation works with every token, [`Blocking`] included. Its own
/// methods are the handshake, the shutdown, the host name and the next layer.
///
/// Make it with [`Stream::new`] over a connected (or accepted) next layer, set the server's
/// name on a client ([`set_host_name`](IoObject::set_host_name)), then
/// [`handshake`](IoObject::handshake). Reads return 0 once the peer has sent `close_notify`;
/// a next layer that ends without it makes them fail with
/// [`error::stream_truncated`](crate::error::stream_truncated).
///
/// # Thread safety
///
/// Distinct objects: safe. Shared objects: safe; as on a socket, one read and one write may be
/// in progress at once ([G12](crate::guarantees#g12)), and the handshake and the shutdown are
/// each alone (Asio asks for a strand; here the stream locks its TLS state for each poll).
///
/// # Examples
///
/// A server and a client, in blocking style:
///
/// ```
/// use jeton::net::{TcpAcceptor, TcpSocket};
/// use jeton::ssl::{self, Role};
/// use jeton::IoContext;
/// use std::io::{Read, Write};
///
/// let cert = rcgen::generate_simple_self_signed(vec!["localhost".into()]).unwrap();
/// let mut server_ctx = ssl::Context::new();
/// server_ctx.use_certificate_chain(cert.cert.pem().as_bytes())?;
/// server_ctx.use_private_key(cert.signing_key.serialize_pem().as_bytes())?;
/// let mut client_ctx = ssl::Context::new();
/// client_ctx.add_certificate_authority(cert.cert.pem().as_bytes())?;
///
/// let io = IoContext::new()?;
/// let acceptor = TcpAcceptor::bind(&io.executor(), "127.0.0.1:0")?;
/// let addr = acceptor.local_addr()?;
/// let server = std::thread::spawn(move || -> std::io::Result<String> {
///     let (sock, _) = acceptor.accept()?;
///     let mut tls = ssl::Stream::new(sock, &server_ctx);
///     tls.handshake(Role::Server)?;
///     let mut got = String::new();
///     tls.read_to_string(&mut got)?; // until the client's close_notify
///     Ok(got)
/// });
///
/// let sock = TcpSocket::new(&io.executor());
/// sock.connect(addr)?;
/// let mut tls = ssl::Stream::new(sock, &client_ctx);
/// tls.set_host_name("localhost")?;
/// tls.handshake(Role::Client)?;
/// tls.write_all(b"hello over TLS")?;
/// tls.shutdown()?; // close_notify
/// assert_eq!(server.join().unwrap()?, "hello over TLS");
/// # Ok::<(), std::io::Error>(())
/// ```
pub type Stream<S, O = Owner> = IoObject<TlsCore<S>, O>;

impl<S: Core + AsyncReadStream + AsyncWriteStream> IoObject<TlsCore<S>, Owner> {
    /// Makes a TLS stream over `next`, with the certificates and settings of `ctx`; no record
    /// is exchanged until the handshake (Asio's `ssl::stream(next, ctx)`).
    ///
    /// # Examples
    ///
    /// See [`Stream`].
    pub fn new(next: S, ctx: &Context) -> Stream<S> {
        IoObject::from_core(TlsCore::new(next, ctx))
    }
}

impl<S: Core + AsyncReadStream + AsyncWriteStream, O: Ownership> IoObject<TlsCore<S>, O> {
    /// Returns the stream underneath (Asio's `next_layer`).
    pub fn next_layer(&self) -> &S {
        self.core().next_layer()
    }

    /// Sets the name a client handshake sends (SNI) and verifies the server's certificate
    /// against: a DNS name or an IP address (Asio's `SSL_set_tlsext_host_name` with
    /// `host_name_verification`). A client needs it before its handshake.
    ///
    /// # Errors
    ///
    /// `InvalidInput` if `name` is neither a valid DNS name nor an IP address.
    pub fn set_host_name(&self, name: &str) -> io::Result<()> {
        let name = ServerName::try_from(name.to_owned())
            .map_err(|e| io::Error::new(io::ErrorKind::InvalidInput, e))?;
        self.core().set_host_name(name);
        Ok(())
    }

    /// Returns the ALPN protocol the handshake agreed on, if any.
    pub fn alpn_protocol(&self) -> Option<Vec<u8>> {
        self.core().alpn_protocol()
    }

    /// Performs the TLS handshake as `role` (Asio's `async_handshake`).
    ///
    /// Equivalent to: `async fn async_handshake(&self, role: Role) -> io::Result<()>`.
    ///
    /// Completes once the handshake is done and every record of this side is on the next
    /// layer; a client has then verified the server ([`VerifyMode`](super::VerifyMode)).
    ///
    /// - closure: called with the result on a thread running the context;
    /// - [`UseFuture`](crate::UseFuture): returns a [`Handshake`] future;
    /// - [`Blocking`]: waits on the calling thread and returns the result.
    ///
    /// The handler is never called from inside this function ([G2](crate::guarantees#g2)).
    ///
    /// # Errors
    ///
    /// `InvalidData` (wrapping the `rustls::Error`) if the peer's certificate does not verify
    /// or the peer breaks the protocol; `InvalidInput` for a client with no host name or a
    /// context unfit for the role (a server with no certificate);
    /// [`error::eof`](crate::error::eof) if the peer closes during the handshake; the next
    /// layer's errors.
    ///
    /// # Cancellation
    ///
    /// [`cancel`](IoObject::cancel) or [`close`](IoObject::close) completes it with
    /// [`error::aborted`](crate::error::aborted); the stream is then unusable (as in Asio).
    ///
    /// # Examples
    ///
    /// See [`Stream`].
    pub fn async_handshake<T>(&self, role: Role, token: T) -> T::Output
    where
        T: CompletionToken<Handshake<S>>,
    {
        token.launch(Handshake::new(self.handle(), role))
    }

    /// Performs the TLS handshake as `role` on the calling thread
    /// (`async_handshake(role, Blocking)`).
    ///
    /// # Errors
    ///
    /// As [`async_handshake`](IoObject::async_handshake).
    pub fn handshake(&self, role: Role) -> io::Result<()> {
        self.async_handshake(role, Blocking)
    }

    /// Shuts the TLS stream down: sends `close_notify`, writes every pending record, then
    /// shuts the next layer's writing side down (Asio's `async_shutdown`).
    ///
    /// Equivalent to: `async fn async_shutdown(&self) -> io::Result<()>`.
    ///
    /// Unlike OpenSSL's two-way shutdown, it does not wait for the peer's `close_notify`:
    /// keep reading until a read returns 0 to see it. This is also what `poll_close`
    /// (`futures::io`) and `poll_shutdown` (`tokio::io`, `hyper::rt`) do.
    ///
    /// - closure: called with the result on a thread running the context;
    /// - [`UseFuture`](crate::UseFuture): returns a [`Shutdown`] future;
    /// - [`Blocking`]: waits on the calling thread and returns the result.
    ///
    /// The handler is never called from inside this function ([G2](crate::guarantees#g2)).
    ///
    /// # Errors
    ///
    /// The next layer's errors.
    ///
    /// # Cancellation
    ///
    /// [`cancel`](IoObject::cancel) or [`close`](IoObject::close) completes it with
    /// [`error::aborted`](crate::error::aborted).
    pub fn async_shutdown<T>(&self, token: T) -> T::Output
    where
        T: CompletionToken<Shutdown<S>>,
    {
        token.launch(Shutdown::new(self.handle()))
    }

    /// Shuts the TLS stream down on the calling thread (`async_shutdown(Blocking)`).
    ///
    /// # Errors
    ///
    /// As [`async_shutdown`](IoObject::async_shutdown).
    pub fn shutdown(&self) -> io::Result<()> {
        self.async_shutdown(Blocking)
    }
}
