//! Networking: TCP sockets and acceptors (Asio's `ip::tcp`), connecting over a list of
//! endpoints, UDP sockets (`ip::udp`), Unix domain sockets (`local`) and the name resolver.
//!
//! Every socket is registered with its context's reactor once and is non-blocking underneath;
//! each operation takes a completion token, and each `async_` function has a synchronous twin.
//!
//! | Asio | jeton |
//! |---|---|
//! | `ip::tcp::socket` | [`TcpSocket`] (and its shared handle [`TcpStreamRef`]) |
//! | `ip::tcp::acceptor` | [`TcpAcceptor`] |
//! | `connect(sock, endpoints)` / `async_connect` | [`connect`] / [`async_connect`] |
//! | `ip::tcp::v4()` / `v6()` | [`IpFamily`] |
//! | `ip::udp::socket` | [`UdpSocket`] |
//! | `local::stream_protocol::socket` / `acceptor` | [`UnixStream`] / [`UnixListener`] |
//! | `local::datagram_protocol::socket` | [`UnixDatagram`] |
//! | `local::connect_pair` | [`unix::connect_pair`] |
//! | `ip::tcp::resolver` | [`Resolver`] |
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
//! let acceptor = TcpAcceptor::bind(&ex, "127.0.0.1:0".parse().unwrap())?;
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

mod accept;
mod addr;
mod connect;
mod datagram;
mod resolver;
mod socket_op;
mod socket_options;
mod stream;
mod stream_ref;
mod tcp_acceptor;
mod tcp_connect;
mod tcp_socket;
mod tcp_stream;
mod udp;
pub mod unix;

pub use addr::IpFamily;
pub use connect::{async_connect, connect, ConnectEndpoints};
pub use resolver::{Resolve, ResolveFlags, Resolver, ResolverEntry, ResolverResults};
pub use socket_op::SocketOp;
pub use stream_ref::StreamRef;
pub use tcp_acceptor::{Accept, Incoming, TcpAcceptor};
pub use tcp_connect::Connect;
pub use tcp_socket::TcpSocket;
pub use tcp_stream::TcpStreamRef;
pub use udp::{UdpRecv, UdpRecvFrom, UdpSend, UdpSendTo, UdpSocket};
pub use unix::{UnixDatagram, UnixListener, UnixStream};
