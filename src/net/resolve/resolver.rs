//! `Resolver`: host and service names to socket addresses (`getaddrinfo`), the I/O object.

use std::io;
use std::sync::Arc;

use socket2::Type;

use super::flags::ResolveFlags;
use super::operation::{Query, Resolve};
use super::results::ResolverResults;
use crate::executor::Executor;
use crate::op::cancel_scope::CancelScope;
use crate::tokens::{Blocking, CompletionToken};

/// Resolves host and service names into socket addresses (Asio's `ip::tcp::resolver` /
/// `ip::udp::resolver`).
///
/// Asynchronous resolutions run `getaddrinfo` on a small shared pool of helper threads (as
/// Asio does on its internal thread) and complete through the context like every operation;
/// a [`Blocking`] resolution calls `getaddrinfo` on the calling thread, with no thread running
/// the context.
///
/// # Cancellation
///
/// [`cancel`](Resolver::cancel) and dropping the resolver complete pending resolutions with
/// [`error::aborted`](crate::error::aborted) ([G3](crate::guarantees#g3)); the lookup still running
/// on the helper
/// thread finishes there and its result is dropped.
///
/// # Thread safety
///
/// Distinct objects: safe. Shared objects: safe (`Send + Sync`).
///
/// # Examples
///
/// ```
/// use jeton::net::Resolver;
/// use jeton::IoContext;
///
/// let io = IoContext::new()?;
/// let resolver = Resolver::new(&io.executor());
/// let results = resolver.resolve("127.0.0.1", "8080")?;
/// let first = results.iter().next().unwrap();
/// assert_eq!(first.endpoint(), "127.0.0.1:8080".parse().unwrap());
/// assert_eq!((first.host_name(), first.service_name()), ("127.0.0.1", "8080"));
/// # Ok::<(), std::io::Error>(())
/// ```
#[derive(Debug)]
pub struct Resolver {
    ex: Executor,
    /// `SOCK_STREAM` (TCP) or `SOCK_DGRAM` (UDP): selects the service's port and avoids
    /// one result per socket type.
    socktype: Type,
    scope: Arc<CancelScope>,
}

impl Resolver {
    /// Creates a resolver for TCP endpoints (Asio's `ip::tcp::resolver`) on the context of
    /// `ex`.
    pub fn new(ex: &Executor) -> Resolver {
        Resolver::with_socktype(ex, Type::STREAM)
    }

    /// Creates a resolver for UDP endpoints (Asio's `ip::udp::resolver`): service names are
    /// looked up for UDP.
    ///
    /// # Examples
    ///
    /// ```
    /// use jeton::net::Resolver;
    /// use jeton::IoContext;
    ///
    /// let io = IoContext::new()?;
    /// let results = Resolver::udp(&io.executor()).resolve("127.0.0.1", "53")?;
    /// assert_eq!(results.endpoints().next(), Some("127.0.0.1:53".parse().unwrap()));
    /// # Ok::<(), std::io::Error>(())
    /// ```
    pub fn udp(ex: &Executor) -> Resolver {
        Resolver::with_socktype(ex, Type::DGRAM)
    }

    fn with_socktype(ex: &Executor, socktype: Type) -> Resolver {
        Resolver {
            ex: ex.clone(),
            socktype,
            scope: Arc::new(CancelScope::default()),
        }
    }

    /// Returns the executor of the resolver's context.
    pub fn executor(&self) -> Executor {
        self.ex.clone()
    }

    /// Resolves `host` and `service` on the calling thread (`async_resolve(host, service,
    /// Blocking)`).
    ///
    /// # Errors
    ///
    /// As for [`async_resolve`](Resolver::async_resolve).
    ///
    /// # Examples
    ///
    /// ```
    /// use jeton::net::Resolver;
    /// use jeton::IoContext;
    ///
    /// let io = IoContext::new()?; // no thread needs to run it
    /// let resolver = Resolver::new(&io.executor());
    /// let results = resolver.resolve("::1", "443")?;
    /// assert_eq!(results.len(), 1);
    /// assert!(resolver.resolve("", "no-such-service-name").is_err());
    /// # Ok::<(), std::io::Error>(())
    /// ```
    pub fn resolve(&self, host: &str, service: &str) -> io::Result<ResolverResults> {
        self.async_resolve(host, service, Blocking)
    }

    /// Resolves `host` and `service` with `flags` on the calling thread.
    ///
    /// # Errors
    ///
    /// As for [`async_resolve`](Resolver::async_resolve).
    ///
    /// # Examples
    ///
    /// ```
    /// use jeton::net::{ResolveFlags, Resolver};
    /// use jeton::IoContext;
    ///
    /// let io = IoContext::new()?;
    /// let resolver = Resolver::new(&io.executor());
    /// // A listening address for every local interface: no host, PASSIVE.
    /// let any = resolver.resolve_with("", "8080", ResolveFlags::PASSIVE | ResolveFlags::NUMERIC_SERVICE)?;
    /// assert!(any.endpoints().all(|ep| ep.ip().is_unspecified() && ep.port() == 8080));
    /// // NUMERIC_HOST never asks a name server.
    /// assert!(resolver.resolve_with("localhost", "80", ResolveFlags::NUMERIC_HOST).is_err());
    /// # Ok::<(), std::io::Error>(())
    /// ```
    pub fn resolve_with(
        &self,
        host: &str,
        service: &str,
        flags: ResolveFlags,
    ) -> io::Result<ResolverResults> {
        self.async_resolve_with(host, service, flags, Blocking)
    }

    /// Resolves `host` (a name or a numeric address; empty: none) and `service` (a port
    /// number or a service name such as `"http"`; empty: port 0) into endpoints.
    ///
    /// Equivalent to: `async fn async_resolve(&self, host: &str, service: &str) ->
    /// io::Result<ResolverResults>`.
    ///
    /// - closure: called with the result on a thread running the context;
    /// - [`UseFuture`](crate::UseFuture): returns a [`Resolve`] future;
    /// - [`Blocking`]: resolves on the calling thread and returns the result.
    ///
    /// The handler is never called from inside this function ([G2](crate::guarantees#g2)).
    ///
    /// # Errors
    ///
    /// `NotFound` for an unknown host or service; `InvalidInput` for a name containing a NUL
    /// byte or bad flags; the aborted error if cancelled.
    ///
    /// # Cancellation
    ///
    /// [`cancel`](Resolver::cancel) or dropping the resolver complete it with
    /// [`error::aborted`](crate::error::aborted); dropping the future withdraws it. A
    /// [`Blocking`] resolution runs `getaddrinfo` on the calling thread and, like any
    /// synchronous `getaddrinfo` call, cannot be interrupted once started.
    ///
    /// # Examples
    ///
    /// ```
    /// use jeton::net::{Resolver, ResolverResults};
    /// use jeton::IoContext;
    ///
    /// let io = IoContext::new()?;
    /// let resolver = Resolver::new(&io.executor());
    /// resolver.async_resolve("localhost", "80", |r: std::io::Result<ResolverResults>| {
    ///     for entry in &r.unwrap() {
    ///         assert!(entry.endpoint().ip().is_loopback());
    ///     }
    /// });
    /// io.run();
    /// # Ok::<(), std::io::Error>(())
    /// ```
    pub fn async_resolve<T: CompletionToken<Resolve>>(
        &self,
        host: &str,
        service: &str,
        token: T,
    ) -> T::Output {
        self.async_resolve_with(host, service, ResolveFlags::NONE, token)
    }

    /// Resolves `host` and `service` with `flags` (numeric host, numeric service, passive,
    /// ...). Otherwise as [`async_resolve`](Resolver::async_resolve).
    ///
    /// # Errors
    ///
    /// As for [`async_resolve`](Resolver::async_resolve); with
    /// [`ResolveFlags::NUMERIC_HOST`], a host that is not an address is `NotFound`.
    ///
    /// # Cancellation
    ///
    /// As for [`async_resolve`](Resolver::async_resolve).
    ///
    /// # Examples
    ///
    /// ```
    /// use jeton::net::{ResolveFlags, Resolver};
    /// use jeton::{IoContext, UseFuture};
    ///
    /// let io = IoContext::new()?;
    /// let resolver = Resolver::new(&io.executor());
    /// let fut = resolver.async_resolve_with("127.0.0.1", "7", ResolveFlags::NUMERIC_HOST, UseFuture);
    /// let results = io.block_on(fut)?;
    /// assert_eq!(results.iter().next().unwrap().endpoint().port(), 7);
    /// # Ok::<(), std::io::Error>(())
    /// ```
    pub fn async_resolve_with<T: CompletionToken<Resolve>>(
        &self,
        host: &str,
        service: &str,
        flags: ResolveFlags,
        token: T,
    ) -> T::Output {
        let query = Query::new(host, service, flags, self.socktype);
        token.launch(Resolve::new(&self.ex, &self.scope, query))
    }

    /// Completes every pending resolution with [`error::aborted`](crate::error::aborted).
    ///
    /// # Examples
    ///
    /// ```
    /// use jeton::net::{ResolverResults, Resolver};
    /// use jeton::{error, IoContext};
    ///
    /// let io = IoContext::new()?;
    /// let resolver = Resolver::new(&io.executor());
    /// resolver.async_resolve("127.0.0.1", "80", |r: std::io::Result<ResolverResults>| {
    ///     assert!(error::is_aborted(&r.unwrap_err()));
    /// });
    /// resolver.cancel();
    /// io.run();
    /// # Ok::<(), std::io::Error>(())
    /// ```
    pub fn cancel(&self) {
        self.scope.cancel();
    }
}

impl Drop for Resolver {
    fn drop(&mut self) {
        self.cancel();
    }
}
