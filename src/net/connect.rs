//! `connect` / `async_connect`: connect a socket to the first endpoint of a list that accepts
//! (Asio's range `connect`).

use std::future::Future;
use std::io;
use std::net::SocketAddr;
use std::pin::Pin;

use super::tcp_connect::Connect;
use super::TcpStreamRef;
use crate::error;
use crate::executor::Executor;
use crate::op::{operation, FutureOp};
use crate::tokens::{Blocking, CompletionToken};

/// The operation behind [`async_connect`]: completes with the endpoint that accepted.
pub type ConnectEndpoints =
    FutureOp<Pin<Box<dyn Future<Output = io::Result<SocketAddr>> + Send>>, Executor>;

/// Connects `sock` to the first of `endpoints` that accepts, trying them in order.
///
/// Equivalent to: `async fn async_connect(sock: &TcpSocket, endpoints: impl IntoIterator<Item
/// = SocketAddr>) -> io::Result<SocketAddr>`.
///
/// Before each attempt the socket is closed, then reopened for the endpoint's family (as Asio
/// does), so a list may mix IPv4 and IPv6. `sock` is a [`TcpSocket`](super::TcpSocket)
/// reference or a [`TcpStreamRef`]; the operation keeps a handle, so it is `'static`.
/// Written once over [`TcpSocket::async_connect`](super::TcpSocket::async_connect), it works
/// with every token:
///
/// - closure: called with the endpoint that accepted (or the error) on a thread running the
///   socket's context;
/// - [`UseFuture`](crate::UseFuture): returns a [`ConnectEndpoints`] future (lazy: nothing is
///   tried until it is polled);
/// - [`Blocking`]: tries them on the calling thread and returns the result.
///
/// The handler is never called from inside this function, even for an empty list (G2).
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
/// let closed = TcpAcceptor::bind(&io.executor(), "127.0.0.1:0".parse().unwrap())?.local_addr()?;
/// let acceptor = TcpAcceptor::bind(&io.executor(), "127.0.0.1:0".parse().unwrap())?;
/// let open = acceptor.local_addr()?;
///
/// let sock = TcpSocket::new(&io.executor());
/// net::async_connect(&sock, [closed, open], move |r: std::io::Result<_>| {
///     assert_eq!(r.unwrap(), open);
/// });
/// io.run();
/// # Ok::<(), std::io::Error>(())
/// ```
pub fn async_connect<S, E, T>(sock: S, endpoints: E, token: T) -> T::Output
where
    S: Into<TcpStreamRef>,
    E: IntoIterator<Item = SocketAddr>,
    T: CompletionToken<ConnectEndpoints>,
{
    let sock: TcpStreamRef = sock.into();
    let endpoints: Vec<SocketAddr> = endpoints.into_iter().collect();
    let ex = sock.executor();
    let fut = async move {
        let mut last = error::not_found();
        for ep in endpoints {
            sock.close();
            match Connect::new(sock.src.clone(), ep).await {
                Ok(()) => return Ok(ep),
                Err(e) if error::is_aborted(&e) => return Err(e),
                Err(e) => last = e,
            }
        }
        Err(last)
    };
    token.launch(operation(&ex, Box::pin(fut) as Pin<Box<_>>))
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
/// let acceptor = TcpAcceptor::bind(&io.executor(), "127.0.0.1:0".parse().unwrap())?;
/// let sock = TcpSocket::new(&io.executor());
/// assert_eq!(net::connect(&sock, [acceptor.local_addr()?])?, acceptor.local_addr()?);
/// let none: [std::net::SocketAddr; 0] = [];
/// assert!(error::is_not_found(&net::connect(&sock, none).unwrap_err()));
/// # Ok::<(), std::io::Error>(())
/// ```
pub fn connect<S, E>(sock: S, endpoints: E) -> io::Result<SocketAddr>
where
    S: Into<TcpStreamRef>,
    E: IntoIterator<Item = SocketAddr>,
{
    async_connect(sock, endpoints, Blocking)
}
