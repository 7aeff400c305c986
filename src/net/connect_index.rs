//! `connect_index` / `async_connect_index`: Asio's iterator-returning connect over a list of
//! endpoints, completing with the position of the endpoint that accepted.

use std::future::Future;
use std::io;
use std::pin::Pin;

use super::connect_range::{connect_first, HONOURED};
use super::socket::stream_socket::StreamSocket;
use crate::executor::Executor;
use crate::io::Handle;
use crate::net::protocol::StreamProtocol;
use crate::op::{operation, FutureOp};
use crate::tokens::{Blocking, CompletionToken};

/// The operation behind [`async_connect_index`]: completes with the position, in the list, of
/// the endpoint that accepted (`io::Result<usize>`).
pub type ConnectIndex = FutureOp<Pin<Box<dyn Future<Output = io::Result<usize>> + Send>>, Executor>;

/// Connects `sock` to the first of `endpoints` that accepts and that `cond` lets it try, and
/// completes with that endpoint's position in the list (Asio's `async_connect(s, begin, end,
/// connect_condition, token)`, which completes with an iterator).
///
/// Equivalent to: `async fn async_connect_index(sock: &StreamSocket<P>, endpoints, cond) ->
/// io::Result<usize>`.
///
/// The position is Rust's form of Asio's iterator: with it the caller finds the entry in its
/// own list (for example a [`ResolverEntry`](super::ResolverEntry) with its host name), and it
/// tells duplicates apart, which the endpoint alone does not. Pass [`any_endpoint`] as `cond`
/// to try every endpoint. Attempts, the condition and every token are as for
/// [`async_connect_with`](super::async_connect_with). The handler is never called from inside
/// this function ([G2](crate::guarantees#g2)).
///
/// [`any_endpoint`]: super::any_endpoint
///
/// # Errors
///
/// As [`async_connect_with`](super::async_connect_with):
/// [`error::not_found`](crate::error::not_found) if no endpoint was tried, else the last
/// attempt's error.
///
/// # Cancellation
///
/// As [`async_connect`](super::async_connect).
///
/// # Examples
///
/// ```
/// use jeton::net::{self, TcpAcceptor, TcpSocket};
/// use jeton::{IoContext, UseFuture};
///
/// let io = IoContext::new()?;
/// let closed = TcpAcceptor::bind(&io.executor(), "127.0.0.1:0")?.local_addr()?;
/// let acceptor = TcpAcceptor::bind(&io.executor(), "127.0.0.1:0")?;
/// let endpoints = vec![closed, acceptor.local_addr()?];
///
/// let sock = TcpSocket::new(&io.executor());
/// let fut = net::async_connect_index(&sock, endpoints.clone(), net::any_endpoint, UseFuture);
/// let i = io.block_on(fut)?;
/// assert_eq!(endpoints[i], acceptor.local_addr()?);
/// # Ok::<(), std::io::Error>(())
/// ```
pub fn async_connect_index<P, S, E, F, T>(sock: S, endpoints: E, cond: F, token: T) -> T::Output
where
    P: StreamProtocol,
    S: Into<StreamSocket<P, Handle>>,
    E: IntoIterator<Item = P::Endpoint>,
    F: FnMut(&io::Result<()>, &P::Endpoint) -> bool + Send + 'static,
    T: CompletionToken<ConnectIndex>,
{
    let sock: StreamSocket<P, Handle> = sock.into();
    let ex = sock.executor();
    let fut = connect_first(sock, endpoints.into_iter().collect(), cond);
    let fut = async move { fut.await.map(|(i, _)| i) };
    token.launch(operation(&ex, Box::pin(fut) as Pin<Box<_>>).honouring(HONOURED))
}

/// Connects `sock` to the first of `endpoints` that accepts and that `cond` lets it try, on
/// the calling thread (`async_connect_index(sock, endpoints, cond, Blocking)`); returns that
/// endpoint's position in the list.
///
/// # Errors
///
/// As [`async_connect_index`].
///
/// # Examples
///
/// ```
/// use jeton::net::{self, TcpAcceptor, TcpSocket};
/// use jeton::IoContext;
///
/// let io = IoContext::new()?;
/// let acceptor = TcpAcceptor::bind(&io.executor(), "127.0.0.1:0")?;
/// let addr = acceptor.local_addr()?;
/// let sock = TcpSocket::new(&io.executor());
/// // The same endpoint twice: the condition skips the first, the index tells which one.
/// let mut seen = 0;
/// let skip_first = move |_: &std::io::Result<()>, _: &std::net::SocketAddr| {
///     seen += 1;
///     seen > 1
/// };
/// assert_eq!(net::connect_index(&sock, [addr, addr], skip_first)?, 1);
/// # Ok::<(), std::io::Error>(())
/// ```
pub fn connect_index<P, S, E, F>(sock: S, endpoints: E, cond: F) -> io::Result<usize>
where
    P: StreamProtocol,
    S: Into<StreamSocket<P, Handle>>,
    E: IntoIterator<Item = P::Endpoint>,
    F: FnMut(&io::Result<()>, &P::Endpoint) -> bool + Send + 'static,
{
    async_connect_index(sock, endpoints, cond, Blocking)
}
