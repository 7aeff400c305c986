//! The local stream socket types (Asio's `local::stream_protocol::socket` and `::acceptor`).

use super::protocol::LocalStream;
use crate::io::Handle;
use crate::net::socket::acceptor::Acceptor;
use crate::net::socket::stream_socket::StreamSocket;

/// A Unix domain stream socket (Asio's `local::stream_protocol::socket`): a
/// [`StreamSocket`] of [`LocalStream`].
///
/// Made closed by `new` and connected by `connect` / `async_connect` (a path, or a
/// [`SocketAddr`](super::endpoint::SocketAddr)), by a [`UnixListener`]'s accept, or in pairs
/// by [`connect_pair`](super::pair::connect_pair). It has the same methods as a
/// [`TcpSocket`](crate::net::TcpSocket), but for the TCP-only options: every composed
/// operation of [`crate::io`] works on it, and `std::io` and `futures::io` too. Operations
/// hold a shared handle to it ([`UnixStreamRef`]), so they are `'static`.
///
/// # Thread safety
///
/// Distinct objects: safe. Shared objects: safe (`Send + Sync`).
///
/// # Examples
///
/// ```
/// use jeton::net::unix;
/// use jeton::IoContext;
/// use std::io::{Read, Write};
///
/// let io = IoContext::new()?;
/// let (a, b) = unix::connect_pair(&io.executor())?;
/// (&a).write_all(b"hi")?; // blocking: no thread runs the context
/// let mut buf = [0u8; 2];
/// (&b).read_exact(&mut buf)?;
/// assert_eq!(&buf, b"hi");
/// # Ok::<(), std::io::Error>(())
/// ```
pub type UnixStream = StreamSocket<LocalStream>;

/// A shared handle to a [`UnixStream`]: the stream its operations own. Get it with
/// `stream.handle()` (or `UnixStreamRef::from(&stream)`); it does not keep the stream open.
///
/// # Examples
///
/// A composed write with a closure token, which needs a `'static` stream:
///
/// ```
/// use jeton::net::unix;
/// use jeton::{io, IoContext};
///
/// let ctx = IoContext::new()?;
/// let (a, b) = unix::connect_pair(&ctx.executor())?;
/// io::async_write_all(a.handle(), "hello", |r: std::io::Result<usize>| {
///     assert_eq!(r.unwrap(), 5);
/// });
/// ctx.run();
/// let mut buf = [0u8; 5];
/// io::read(&b, &mut buf[..])?; // blocking: fills `buf`
/// assert_eq!(&buf, b"hello");
/// # Ok::<(), std::io::Error>(())
/// ```
pub type UnixStreamRef = StreamSocket<LocalStream, Handle>;

/// A Unix domain socket listening for stream connections (Asio's
/// `local::stream_protocol::acceptor`): an [`Acceptor`] of [`LocalStream`].
///
/// `bind` creates the socket file; closing the listener does not remove it.
///
/// # Examples
///
/// ```
/// use jeton::net::{UnixListener, UnixStream};
/// use jeton::IoContext;
///
/// let path = std::env::temp_dir().join(format!("jeton-doc-{}.sock", std::process::id()));
/// # let _ = std::fs::remove_file(&path);
/// let io = IoContext::new()?;
/// let listener = UnixListener::bind(&io.executor(), &path)?;
/// listener.async_accept(|r: std::io::Result<(UnixStream, _)>| {
///     let (stream, _peer) = r.unwrap();
///     stream.write_some(b"welcome").unwrap();
/// });
/// let client = UnixStream::new(&io.executor());
/// client.connect(&path)?;
/// io.run();
/// let mut buf = [0u8; 16];
/// let n = client.read_some(&mut buf)?;
/// assert_eq!(&buf[..n], b"welcome");
/// std::fs::remove_file(&path)?;
/// # Ok::<(), std::io::Error>(())
/// ```
pub type UnixListener = Acceptor<LocalStream>;
