//! Networking, in Asio's shape: sockets generic over a [`Protocol`] (TCP, UDP, local stream,
//! local datagram), connecting over a list of endpoints, and the name resolver.
//!
//! Every socket is an [`IoObject`](crate::io::IoObject) over a [`SocketCore<P, R>`]: a
//! protocol `P` and a role `R` ([`role::Stream`], [`role::Datagram`], [`role::Listener`]).
//! The three generic socket types are [`StreamSocket<P>`], [`DatagramSocket<P>`] and
//! [`Acceptor<P>`]; the usual names are aliases of them. Each method is written once, for
//! every protocol that has it. Every socket is registered with its context's reactor once
//! and is non-blocking underneath; each operation takes a completion token, and each
//! `async_` function has a synchronous twin without the prefix.
//!
//! # Surfaces
//!
//! | who | methods |
//! |---|---|
//! | every I/O object ([`IoObject`](crate::io::IoObject)) | `executor`, `cancel`, `close`, `is_open`, `handle` |
//! | every socket | `new`, `from_socket`, `open`, `local_addr`, `take_error`, `set_non_blocking`, `non_blocking`, `native_handle`, `release`; options `reuse_address`, `send_buffer_size`, `recv_buffer_size`, `keepalive`, `linger` (each with `set_`) |
//! | every socket with a peer (stream, datagram) | `connect`, `async_connect` (opening the socket if needed), `peer_addr`, `available`, `shutdown` |
//! | every stream socket ([`StreamSocket`]: [`TcpSocket`], [`UnixStream`], their handles) | `from_std`, `bind`; the stream surface `async_read_some`, `read_some`, `async_read_some_vectored`, `read_some_vectored`, `async_write_some`, `write_some`, `async_write_vectored`, `write_vectored`; the stream traits of [`crate::io`] (every composed operation), `std::io::{Read, Write}`, `futures::io::{AsyncRead, AsyncWrite}` on the socket and on `&socket` |
//! | every datagram socket ([`DatagramSocket`]: [`UdpSocket`], [`UnixDatagram`]) | `bind` (made bound), `from_std`, `async_send_to`, `send_to`, `async_recv_from`, `recv_from`, `async_send`, `send`, `async_recv`, `recv` |
//! | every acceptor ([`Acceptor`]: [`TcpAcceptor`], [`UnixListener`]) | `bind` (made bound and listening), `bind_with_backlog`, `from_std`, `async_accept`, `accept`, `async_accept_on`, `incoming` |
//! | TCP only ([`TcpSocket`]) | `nodelay` |
//! | UDP only ([`UdpSocket`]) | `broadcast`, `ttl`, `join_multicast_v4`/`v6`, `leave_multicast_v4`/`v6`, `multicast_loop_v4`/`v6`, `multicast_ttl_v4` |
//! | local only | [`unix::connect_pair`], [`UnixDatagram::pair`](DatagramSocket::pair), [`UnixDatagram::unbound`](DatagramSocket::unbound) |
//!
//! `bind` is a method of stream sockets (to pick the local address before `connect`, Asio's
//! `socket.bind`) and a constructor of datagram sockets and acceptors (`UdpSocket::bind(ex,
//! addr)`, as the standard library's, and Asio's `(ctx, endpoint)` constructors); to configure
//! a socket before it is bound, set it up with `socket2` and adopt it with `from_socket`.
//!
//! # Asio and jeton
//!
//! | Asio | jeton |
//! |---|---|
//! | `ip::tcp`, `ip::udp`, `local::stream_protocol`, `local::datagram_protocol` | [`Tcp`], [`Udp`], [`local::LocalStream`], [`local::LocalDatagram`] ([`Protocol`], [`StreamProtocol`], [`DatagramProtocol`]) |
//! | `basic_stream_socket<P>`, `basic_datagram_socket<P>`, `basic_socket_acceptor<P>` | [`StreamSocket<P>`], [`DatagramSocket<P>`], [`Acceptor<P>`] |
//! | `ip::tcp::socket` | [`TcpSocket`] (and its shared handle [`TcpStreamRef`]) |
//! | `ip::tcp::acceptor` | [`TcpAcceptor`] |
//! | `ip::udp::socket` | [`UdpSocket`] |
//! | `local::stream_protocol::socket` / `acceptor` | [`UnixStream`] (handle [`UnixStreamRef`]) / [`UnixListener`] |
//! | `local::datagram_protocol::socket` | [`UnixDatagram`] |
//! | `local::connect_pair` | [`unix::connect_pair`] |
//! | `ip::tcp::endpoint`, `local::stream_protocol::endpoint` | [`std::net::SocketAddr`], [`local::SocketAddr`] ([`Endpoint`]) |
//! | `ip::tcp::v4()` / `v6()` | [`IpFamily`] |
//! | `connect(sock, endpoints)` / `async_connect` | [`connect`] / [`async_connect`] |
//! | `connect(sock, endpoints, condition)` / `async_connect(.., condition, token)` | [`connect_with`] / [`async_connect_with`] |
//! | `connect(sock, begin, end[, condition])` (returns the iterator) | [`connect_index`] / [`async_connect_index`] (return the position; [`any_endpoint`] is the default condition) |
//! | `ip::tcp::resolver` | [`Resolver`] |
//! | `socket.remote_endpoint()`, `local_endpoint()` | `peer_addr()`, `local_addr()` |
//! | `socket.receive`, `receive_from` | `recv`, `recv_from` |
//! | `socket.non_blocking(true)` | `set_non_blocking(true)` |
//! | `socket.release()`, `native_handle()`, `assign()` | `release()`, `native_handle()`, `from_socket()` / `from_std()` |
//!
//! The operations are named once, generically: [`Connect<P, R>`](Connect),
//! [`Accept<P>`](Accept), [`Incoming<P>`](Incoming), [`SendTo<P, B>`](SendTo),
//! [`RecvFrom<P, B>`](RecvFrom), [`SendConnected<P, B>`](SendConnected),
//! [`RecvConnected<P, B>`](RecvConnected), [`ConnectEndpoints<P>`](ConnectEndpoints); the
//! stream reads and writes are [`crate::io`]'s. `Connect`, `Accept`, `Incoming` and
//! `ConnectEndpoints` default to TCP.
//!
//! # Examples
//!
//! A coroutine echo server and a blocking client:
//!
//! ```
//! use jeton::net::{TcpAcceptor, TcpSocket};
//! use jeton::{co_spawn, IoContext, UseFuture};
//!
//! let io = IoContext::new()?;
//! let ex = io.executor();
//! let acceptor = TcpAcceptor::bind(&ex, "127.0.0.1:0")?;
//! let addr = acceptor.local_addr()?;
//!
//! co_spawn(&ex, async move {
//!     let (sock, _) = acceptor.async_accept(UseFuture).await?;
//!     let mut buf = [0u8; 64];
//!     loop {
//!         let n = sock.async_read_some(&mut buf[..], UseFuture).await?;
//!         if n == 0 {
//!             return Ok::<_, std::io::Error>(()); // the client closed
//!         }
//!         sock.async_write_some(&buf[..n], UseFuture).await?;
//!     }
//! }, |r: std::io::Result<()>| r.unwrap());
//! let server = std::thread::spawn(move || io.run());
//!
//! let client = TcpSocket::new(&ex);
//! client.connect(addr)?;
//! client.write_some(b"echo")?;
//! let mut buf = [0u8; 4];
//! let mut got = 0;
//! while got < 4 {
//!     got += client.read_some(&mut buf[got..])?;
//! }
//! assert_eq!(&buf, b"echo");
//! drop(client);
//! server.join().unwrap();
//! # Ok::<(), std::io::Error>(())
//! ```

mod connect_index;
mod connect_range;
mod endpoint;
mod ip;
pub mod local;
mod ops;
mod protocol;
mod resolve;
mod sealed;
mod socket;

pub use self::local as unix;
pub use connect_index::{async_connect_index, connect_index, ConnectIndex};
pub use connect_range::{
    any_endpoint, async_connect, async_connect_with, connect, connect_with, ConnectEndpoints,
};
pub use endpoint::{Endpoint, IntoEndpoint};
pub use ip::family::IpFamily;
pub use ip::protocol::{Tcp, Udp};
pub use ip::tcp::{TcpAcceptor, TcpSocket, TcpStreamRef};
pub use ip::udp::{UdpRecvFrom, UdpSendTo, UdpSocket};
pub use local::{UnixDatagram, UnixListener, UnixStream, UnixStreamRef};
pub use ops::accept::{Accept, AcceptCall};
pub use ops::connect::Connect;
pub use ops::datagram::{
    AnySender, Connected, Origin, RecvCall, RecvConnected, RecvFrom, SendCall, SendConnected,
    SendTo,
};
pub use ops::incoming::Incoming;
pub use ops::socket_op::{SocketCall, SocketOp};
pub use protocol::{DatagramProtocol, Protocol, StreamProtocol};
pub use resolve::flags::ResolveFlags;
pub use resolve::operation::Resolve;
pub use resolve::resolver::Resolver;
pub use resolve::results::{ResolverEntry, ResolverResults};
pub use socket::acceptor::Acceptor;
pub use socket::core::SocketCore;
pub use socket::datagram_socket::DatagramSocket;
pub use socket::role;
pub use socket::stream_socket::StreamSocket;
