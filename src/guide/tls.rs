//! # Talk TLS
//!
//! With the `tls` feature, `ssl::Stream<S>` is a TLS stream over any
//! jeton stream `S` (a [`TcpSocket`](crate::net::TcpSocket), a Unix socket, ...), on rustls
//! with the *ring* provider. It is a stream object like a socket: the composed operations,
//! every token ([`Blocking`](crate::Blocking) included), `std::io`, `futures::io` and, with
//! their features, `tokio::io` and `hyper::rt` all work on it.
//!
//! 1. Make an `ssl::Context`: a server gives it its certificate chain
//!    and key (`use_certificate_chain_file`, `use_private_key_file`); a client trusts roots
//!    (`load_verify_file`, `add_certificate_authority`, or the system's with
//!    `set_default_verify_paths`).
//! 2. Connect or accept the socket, and wrap it: `ssl::Stream::new(sock, &ctx)`.
//! 3. A client names the server (`set_host_name`, used for SNI and to verify the
//!    certificate); then both sides call `handshake(Role::Client)` or
//!    `handshake(Role::Server)` (or `async_handshake` with any token).
//! 4. Read and write as on the socket.
//! 5. `shutdown()` sends `close_notify`. Reading returns 0 once the peer has sent its own; a
//!    peer that just closed the connection makes reads fail with
//!    [`error::stream_truncated`](crate::error::stream_truncated), since the data may have
//!    been cut short by anyone on the path.
//!
//! ```
//! # #[cfg(feature = "tls")]
//! # fn main() -> std::io::Result<()> {
//! use jeton::net::{TcpAcceptor, TcpSocket};
//! use jeton::ssl::{self, Role};
//! use jeton::{io, IoContext};
//!
//! // A certificate for the test; a real server loads its own files.
//! let cert = rcgen::generate_simple_self_signed(vec!["localhost".into()]).unwrap();
//! let mut server_ctx = ssl::Context::new();
//! server_ctx.use_certificate_chain(cert.cert.pem().as_bytes())?;
//! server_ctx.use_private_key(cert.signing_key.serialize_pem().as_bytes())?;
//! let mut client_ctx = ssl::Context::new();
//! client_ctx.add_certificate_authority(cert.cert.pem().as_bytes())?;
//!
//! let io = IoContext::new()?;
//! let acceptor = TcpAcceptor::bind(&io.executor(), "127.0.0.1:0")?;
//! let addr = acceptor.local_addr()?;
//! let server = std::thread::spawn(move || -> std::io::Result<()> {
//!     let (sock, _) = acceptor.accept()?;
//!     let tls = ssl::Stream::new(sock, &server_ctx);
//!     tls.handshake(Role::Server)?;
//!     io::write(&tls, &b"hello"[..])?;
//!     tls.shutdown()
//! });
//!
//! let sock = TcpSocket::new(&io.executor());
//! sock.connect(addr)?;
//! let tls = ssl::Stream::new(sock, &client_ctx);
//! tls.set_host_name("localhost")?;
//! tls.handshake(Role::Client)?;
//! let mut buf = [0u8; 5];
//! io::read(&tls, &mut buf[..])?;
//! assert_eq!(&buf, b"hello");
//! assert_eq!(tls.read_some(&mut buf)?, 0); // the server's close_notify
//! server.join().unwrap()
//! # }
//! # #[cfg(not(feature = "tls"))]
//! # fn main() {}
//! ```
//!
//! Verification: a client verifies the server by default
//! (`VerifyMode::Peer`); a server can require client
//! certificates (`VerifyMode::RequirePeerCertificate`);
//! `VerifyMode::InsecureNone` turns verification off,
//! for tests against self-signed servers only.
//!
//! The examples `https_client` and `tls_echo_server` are complete programs; the tests run
//! them, and run jeton against `openssl s_server` and `openssl s_client`.
