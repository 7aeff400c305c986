//! TLS streams on rustls (Asio's `asio::ssl`; feature `tls`).
//!
//! | Asio | jeton |
//! |---|---|
//! | `ssl::context` | [`Context`]: certificate chain, private key, trusted roots, verify mode, ALPN |
//! | `ssl::stream<Next>` | [`Stream<S>`](Stream): an [`IoObject`](crate::IoObject) over a [`TlsCore`] |
//! | `stream_base::client`, `server` | [`Role`] |
//! | `handshake`, `async_handshake` | [`handshake`](crate::IoObject::handshake), [`async_handshake`](crate::IoObject::async_handshake) |
//! | `shutdown`, `async_shutdown` | [`shutdown`](crate::IoObject::shutdown), [`async_shutdown`](crate::IoObject::async_shutdown) |
//! | `verify_none`, `verify_peer`, `verify_fail_if_no_peer_cert` | [`VerifyMode`] |
//! | `ssl::error::stream_truncated` | [`error::stream_truncated`](crate::error::stream_truncated) |
//!
//! A TLS stream is a stream object like a socket: every composed operation, every token
//! ([`Blocking`](crate::Blocking) included), `std::io`, `futures::io`, `tokio::io` and
//! `hyper::rt` work on it with no code of its own. It can be layered over any jeton stream
//! object (a TCP or Unix socket, another TLS stream, ...).
//!
//! The crypto provider is *ring*, chosen in one place (`ssl/provider.rs`): it builds with a C
//! compiler alone, where rustls' default, aws-lc-rs, also needs CMake. jeton passes it to
//! every configuration it builds and never installs a process-wide default.
//!
//! # Examples
//!
//! A TLS echo, coroutine style, with a certificate made at run time:
//!
//! ```
//! use jeton::net::{TcpAcceptor, TcpSocket};
//! use jeton::ssl::{self, Role};
//! use jeton::{co_spawn, io, IoContext, UseFuture};
//!
//! let cert = rcgen::generate_simple_self_signed(vec!["localhost".into()]).unwrap();
//! let mut server_ctx = ssl::Context::new();
//! server_ctx.use_certificate_chain(cert.cert.pem().as_bytes())?;
//! server_ctx.use_private_key(cert.signing_key.serialize_pem().as_bytes())?;
//! let mut client_ctx = ssl::Context::new();
//! client_ctx.add_certificate_authority(cert.cert.pem().as_bytes())?;
//!
//! let io = IoContext::new()?;
//! let ex = io.executor();
//! let acceptor = TcpAcceptor::bind(&ex, "127.0.0.1:0")?;
//! let addr = acceptor.local_addr()?;
//! co_spawn(&ex, async move {
//!     let (sock, _) = acceptor.async_accept(UseFuture).await?;
//!     let tls = ssl::Stream::new(sock, &server_ctx);
//!     tls.async_handshake(Role::Server, UseFuture).await?;
//!     let mut buf = [0u8; 5];
//!     io::async_read(&tls, &mut buf[..], UseFuture).await?;
//!     io::async_write(&tls, &buf[..], UseFuture).await?;
//!     tls.async_shutdown(UseFuture).await
//! }, |r: std::io::Result<()>| r.unwrap());
//!
//! let echoed = io.block_on(async {
//!     let sock = TcpSocket::new(&ex);
//!     sock.async_connect(addr, UseFuture).await?;
//!     let tls = ssl::Stream::new(sock, &client_ctx);
//!     tls.set_host_name("localhost")?;
//!     tls.async_handshake(Role::Client, UseFuture).await?;
//!     io::async_write(&tls, &b"hello"[..], UseFuture).await?;
//!     let mut buf = [0u8; 5];
//!     io::async_read(&tls, &mut buf[..], UseFuture).await?;
//!     assert_eq!(tls.async_read_some(&mut [0u8; 1][..], UseFuture).await?, 0); // close_notify
//!     Ok::<_, std::io::Error>(buf)
//! })?;
//! assert_eq!(&echoed, b"hello");
//! # Ok::<(), std::io::Error>(())
//! ```

mod bridge;
mod context;
mod core;
mod handshake;
mod provider;
mod role;
mod shutdown;
mod stream;
mod verify;

pub use self::context::Context;
pub use self::core::TlsCore;
pub use handshake::Handshake;
pub use role::Role;
pub use shutdown::Shutdown;
pub use stream::Stream;
pub use verify::VerifyMode;
