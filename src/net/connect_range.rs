//! `connect` / `async_connect`: connect a stream socket to the first endpoint of a list that
//! accepts (Asio's range `connect`), for every stream protocol.

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
    let sock: StreamSocket<P, Handle> = sock.into();
    let endpoints: Vec<P::Endpoint> = endpoints.into_iter().collect();
    let ex = sock.executor();
    let fut = async move {
        let mut last = error::not_found();
        for ep in endpoints {
            sock.close();
            match Connect::new(sock.clone(), Ok(ep.clone())).await {
                Ok(()) => return Ok(ep),
                Err(e) if error::is_aborted(&e) => return Err(e),
                Err(e) => last = e,
            }
        }
        Err(last)
    };
    // As Asio's range connect: a terminal or partial request stops the attempt in flight.
    let op = operation(&ex, Box::pin(fut) as Pin<Box<_>>)
        .honouring(CancellationType::TERMINAL | CancellationType::PARTIAL);
    token.launch(op)
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
