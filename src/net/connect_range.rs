//! `connect` / `async_connect` and their connect-condition forms: connect a stream socket to
//! the first endpoint of a list that accepts (Asio's range `connect`), for every stream
//! protocol, and the loop every connect-over-a-list form shares.

use std::future::Future;
use std::io;
use std::pin::Pin;

use super::ip::protocol::Tcp;
use super::ops::connect::Connect;
use super::protocol::{Protocol, StreamProtocol};
use super::socket::stream_socket::StreamSocket;
use crate::error;
use crate::executor::Executor;
use crate::io::Handle;
use crate::op::cancellation::CancellationType;
use crate::op::{operation, FutureOp};
use crate::tokens::{Blocking, CompletionToken};

/// The operation behind [`async_connect`]: completes with the endpoint that accepted (for the
/// default, TCP: `io::Result<SocketAddr>`).
pub type ConnectEndpoints<P = Tcp> =
    FutureOp<Pin<Box<dyn Future<Output = io::Result<<P as Protocol>::Endpoint>> + Send>>, Executor>;

/// Connects `sock` to the first of `endpoints` that accepts, trying them in order.
///
/// Equivalent to: `async fn async_connect(sock: &StreamSocket<P>, endpoints: impl
/// IntoIterator<Item = P::Endpoint>) -> io::Result<P::Endpoint>` (for TCP: a `&TcpSocket`
/// and `SocketAddr`s).
///
/// Before each attempt the socket is closed, then reopened for the endpoint's family (as Asio
/// does), so a list may mix IPv4 and IPv6. `sock` is a socket reference or a handle; the
/// operation keeps a handle, so it is `'static`. Written once over the socket's
/// `async_connect`, it works with every token:
///
/// - closure: called with the endpoint that accepted (or the error) on a thread running the
///   socket's context;
/// - [`UseFuture`](crate::UseFuture): returns a [`ConnectEndpoints`] future (lazy: nothing is
///   tried until it is polled);
/// - [`Blocking`]: tries them on the calling thread and returns the result.
///
/// The handler is never called from inside this function, even for an empty list
/// ([G2](crate::guarantees#g2)).
///
/// # Errors
///
/// [`error::not_found`] if `endpoints` is empty; otherwise, if every attempt fails, the last
/// attempt's error.
///
/// # Cancellation
///
/// Cancelling or closing the socket during an attempt completes the operation with
/// [`error::aborted`]; no further endpoint is tried. Dropping the future withdraws it.
///
/// # Examples
///
/// The first endpoint refuses (nothing listens there), the second accepts:
///
/// ```
/// use jeton::net::{self, TcpAcceptor, TcpSocket};
/// use jeton::IoContext;
///
/// let io = IoContext::new()?;
/// let closed = TcpAcceptor::bind(&io.executor(), "127.0.0.1:0")?.local_addr()?;
/// let acceptor = TcpAcceptor::bind(&io.executor(), "127.0.0.1:0")?;
/// let open = acceptor.local_addr()?;
///
/// let sock = TcpSocket::new(&io.executor());
/// net::async_connect(&sock, [closed, open], move |r: std::io::Result<_>| {
///     assert_eq!(r.unwrap(), open);
/// });
/// io.run();
/// # Ok::<(), std::io::Error>(())
/// ```
pub fn async_connect<P, S, E, T>(sock: S, endpoints: E, token: T) -> T::Output
where
    P: StreamProtocol,
    S: Into<StreamSocket<P, Handle>>,
    E: IntoIterator<Item = P::Endpoint>,
    T: CompletionToken<ConnectEndpoints<P>>,
{
    async_connect_with(sock, endpoints, any_endpoint, token)
}

/// Connects `sock` to the first of `endpoints` that accepts and that `cond` lets it try
/// (Asio's `async_connect(s, endpoints, connect_condition, token)`).
///
/// Equivalent to: `async fn async_connect_with(sock: &StreamSocket<P>, endpoints, cond:
/// impl FnMut(&io::Result<()>, &P::Endpoint) -> bool) -> io::Result<P::Endpoint>`.
///
/// Before each attempt `cond` is called with the outcome of the last attempt (`Ok(())`
/// before the first) and the next endpoint; `false` skips that endpoint. Otherwise as
/// [`async_connect`], with every token.
///
/// # Errors
///
/// [`error::not_found`] if no endpoint was tried (the list is empty, or `cond` skipped them
/// all); otherwise, if every attempt fails, the last attempt's error.
///
/// # Cancellation
///
/// As [`async_connect`].
///
/// # Examples
///
/// Skip IPv6 endpoints, and log each failure:
///
/// ```
/// use jeton::net::{self, TcpAcceptor, TcpSocket};
/// use jeton::IoContext;
///
/// let io = IoContext::new()?;
/// let acceptor = TcpAcceptor::bind(&io.executor(), "127.0.0.1:0")?;
/// let open = acceptor.local_addr()?;
/// let sock = TcpSocket::new(&io.executor());
/// let endpoints = ["[::1]:1".parse().unwrap(), open];
/// net::async_connect_with(&sock, endpoints, |last, next| {
///     if let Err(e) = last {
///         eprintln!("failed: {e}");
///     }
///     next.is_ipv4()
/// }, move |r: std::io::Result<std::net::SocketAddr>| assert_eq!(r.unwrap(), open));
/// io.run();
/// # Ok::<(), std::io::Error>(())
/// ```
pub fn async_connect_with<P, S, E, F, T>(sock: S, endpoints: E, cond: F, token: T) -> T::Output
where
    P: StreamProtocol,
    S: Into<StreamSocket<P, Handle>>,
    E: IntoIterator<Item = P::Endpoint>,
    F: FnMut(&io::Result<()>, &P::Endpoint) -> bool + Send + 'static,
    T: CompletionToken<ConnectEndpoints<P>>,
{
    let sock: StreamSocket<P, Handle> = sock.into();
    let ex = sock.executor();
    let fut = connect_first(sock, endpoints.into_iter().collect(), cond);
    let fut = async move { fut.await.map(|(_, ep)| ep) };
    token.launch(operation(&ex, Box::pin(fut) as Pin<Box<_>>).honouring(HONOURED))
}

/// As Asio's range connect: a terminal or partial request stops the attempt in flight.
pub(super) const HONOURED: CancellationType =
    CancellationType::TERMINAL.union(CancellationType::PARTIAL);

/// The connect condition that tries every endpoint (Asio's default connect condition): pass
/// it to [`async_connect_index`](super::async_connect_index) to try them all.
///
/// # Examples
///
/// ```
/// use jeton::net::any_endpoint;
/// let addr: std::net::SocketAddr = "127.0.0.1:80".parse().unwrap();
/// assert!(any_endpoint(&Ok(()), &addr));
/// ```
pub fn any_endpoint<E>(last: &io::Result<()>, next: &E) -> bool {
    let _ = (last, next);
    true
}

/// Tries `endpoints` in order, as `cond` allows, closing the socket before each attempt;
/// returns the position and the endpoint that accepted. Every connect-over-a-list form is
/// this loop.
pub(super) async fn connect_first<P, F>(
    sock: StreamSocket<P, Handle>,
    endpoints: Vec<P::Endpoint>,
    mut cond: F,
) -> io::Result<(usize, P::Endpoint)>
where
    P: StreamProtocol,
    F: FnMut(&io::Result<()>, &P::Endpoint) -> bool,
{
    let mut last = Ok(());
    for (i, ep) in endpoints.into_iter().enumerate() {
        if !cond(&last, &ep) {
            continue;
        }
        sock.close();
        match Connect::new(sock.clone(), Ok(ep.clone())).await {
            Ok(()) => return Ok((i, ep)),
            Err(e) if error::is_aborted(&e) => return Err(e),
            Err(e) => last = Err(e),
        }
    }
    Err(last.err().unwrap_or_else(error::not_found))
}

/// Connects `sock` to the first of `endpoints` that accepts, on the calling thread
/// (`async_connect(sock, endpoints, Blocking)`); returns that endpoint.
///
/// # Errors
///
/// As [`async_connect`].
///
/// # Examples
///
/// ```
/// use jeton::net::{self, TcpAcceptor, TcpSocket};
/// use jeton::{error, IoContext};
///
/// let io = IoContext::new()?;
/// let acceptor = TcpAcceptor::bind(&io.executor(), "127.0.0.1:0")?;
/// let sock = TcpSocket::new(&io.executor());
/// assert_eq!(net::connect(&sock, [acceptor.local_addr()?])?, acceptor.local_addr()?);
/// let none: [std::net::SocketAddr; 0] = [];
/// assert!(error::is_not_found(&net::connect(&sock, none).unwrap_err()));
/// # Ok::<(), std::io::Error>(())
/// ```
pub fn connect<P, S, E>(sock: S, endpoints: E) -> io::Result<P::Endpoint>
where
    P: StreamProtocol,
    S: Into<StreamSocket<P, Handle>>,
    E: IntoIterator<Item = P::Endpoint>,
{
    async_connect(sock, endpoints, Blocking)
}

/// Connects `sock` to the first of `endpoints` that accepts and that `cond` lets it try, on
/// the calling thread (`async_connect_with(sock, endpoints, cond, Blocking)`); returns that
/// endpoint.
///
/// # Errors
///
/// As [`async_connect_with`].
///
/// # Examples
///
/// A condition that skips everything leaves nothing to try:
///
/// ```
/// use jeton::net::{self, TcpAcceptor, TcpSocket};
/// use jeton::{error, IoContext};
///
/// let io = IoContext::new()?;
/// let acceptor = TcpAcceptor::bind(&io.executor(), "127.0.0.1:0")?;
/// let sock = TcpSocket::new(&io.executor());
/// let e = net::connect_with(&sock, [acceptor.local_addr()?], |_, _| false).unwrap_err();
/// assert!(error::is_not_found(&e));
/// let port = acceptor.local_addr()?.port();
/// let ep = net::connect_with(&sock, [acceptor.local_addr()?], move |_, ep| ep.port() == port)?;
/// assert_eq!(ep, acceptor.local_addr()?);
/// # Ok::<(), std::io::Error>(())
/// ```
pub fn connect_with<P, S, E, F>(sock: S, endpoints: E, cond: F) -> io::Result<P::Endpoint>
where
    P: StreamProtocol,
    S: Into<StreamSocket<P, Handle>>,
    E: IntoIterator<Item = P::Endpoint>,
    F: FnMut(&io::Result<()>, &P::Endpoint) -> bool + Send + 'static,
{
    async_connect_with(sock, endpoints, cond, Blocking)
}
