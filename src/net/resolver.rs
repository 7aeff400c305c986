//! `Resolver`: host and service names to socket addresses (`getaddrinfo`).

use std::ffi::CString;
use std::future::Future;
use std::io;
use std::net::SocketAddr;
use std::ops::{BitOr, BitOrAssign};
use std::pin::Pin;
use std::sync::Arc;
use std::task::{Context, Poll};

use crate::executor::Executor;
use crate::op::cancel_scope::CancelScope;
use crate::op::helper_wait::HelperWait;
use crate::op::Operation;
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
/// [`error::aborted`](crate::error::aborted) (G3); the lookup still running on the helper
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
    socktype: libc::c_int,
    scope: Arc<CancelScope>,
}

impl Resolver {
    /// Creates a resolver for TCP endpoints (Asio's `ip::tcp::resolver`) on the context of
    /// `ex`.
    pub fn new(ex: &Executor) -> Resolver {
        Resolver::with_socktype(ex, libc::SOCK_STREAM)
    }

    /// Creates a resolver for UDP endpoints (Asio's `ip::udp::resolver`): service names are
    /// looked up for UDP.
    pub fn udp(ex: &Executor) -> Resolver {
        Resolver::with_socktype(ex, libc::SOCK_DGRAM)
    }

    fn with_socktype(ex: &Executor, socktype: libc::c_int) -> Resolver {
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
    pub fn resolve(&self, host: &str, service: &str) -> io::Result<ResolverResults> {
        self.async_resolve(host, service, Blocking)
    }

    /// Resolves `host` and `service` with `flags` on the calling thread.
    ///
    /// # Errors
    ///
    /// As for [`async_resolve`](Resolver::async_resolve).
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
    /// The handler is never called from inside this function (G2).
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
    pub fn async_resolve_with<T: CompletionToken<Resolve>>(
        &self,
        host: &str,
        service: &str,
        flags: ResolveFlags,
        token: T,
    ) -> T::Output {
        let query = Query {
            host: host.to_owned(),
            service: service.to_owned(),
            flags,
            socktype: self.socktype,
        };
        token.launch(Resolve {
            wait: HelperWait::new(&self.ex, &self.scope, move || query.run()),
        })
    }

    /// Completes every pending resolution with [`error::aborted`](crate::error::aborted).
    pub fn cancel(&self) {
        self.scope.cancel();
    }
}

impl Drop for Resolver {
    fn drop(&mut self) {
        self.cancel();
    }
}

/// The operation behind [`Resolver::async_resolve`].
#[must_use = "futures do nothing unless you `.await` or poll them"]
#[derive(Debug)]
pub struct Resolve {
    wait: HelperWait<io::Result<ResolverResults>>,
}

impl Future for Resolve {
    type Output = io::Result<ResolverResults>;

    fn poll(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Self::Output> {
        Pin::new(&mut self.wait).poll(cx).map(|r| r.and_then(|r| r))
    }
}

impl Operation for Resolve {
    type Executor = Executor;
    fn executor(&self) -> Executor {
        self.wait.executor().clone()
    }
}

/// Flags that change how names are resolved (Asio's `resolver_base::flags`). Combine with `|`.
///
/// # Examples
///
/// ```
/// use jeton::net::{ResolveFlags, Resolver};
/// use jeton::IoContext;
///
/// let io = IoContext::new()?;
/// let resolver = Resolver::new(&io.executor());
/// let flags = ResolveFlags::NUMERIC_HOST | ResolveFlags::NUMERIC_SERVICE;
/// let results = resolver.resolve_with("::1", "443", flags)?;
/// assert_eq!(results.endpoints().next(), Some("[::1]:443".parse().unwrap()));
/// assert!(resolver.resolve_with("localhost", "443", flags).is_err());
/// # Ok::<(), std::io::Error>(())
/// ```
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub struct ResolveFlags(libc::c_int);

impl ResolveFlags {
    /// No flags.
    pub const NONE: ResolveFlags = ResolveFlags(0);
    /// Endpoints for binding a listening socket: an empty host gives the unspecified
    /// address (`AI_PASSIVE`).
    pub const PASSIVE: ResolveFlags = ResolveFlags(libc::AI_PASSIVE);
    /// Ask for the host's canonical name, reported as each entry's host name
    /// (`AI_CANONNAME`).
    pub const CANONICAL_NAME: ResolveFlags = ResolveFlags(libc::AI_CANONNAME);
    /// The host must be a numeric address; no name lookup is made (`AI_NUMERICHOST`).
    pub const NUMERIC_HOST: ResolveFlags = ResolveFlags(libc::AI_NUMERICHOST);
    /// The service must be a port number (`AI_NUMERICSERV`).
    pub const NUMERIC_SERVICE: ResolveFlags = ResolveFlags(libc::AI_NUMERICSERV);
    /// With IPv6 queries, return IPv4-mapped addresses if there are no IPv6 ones
    /// (`AI_V4MAPPED`).
    pub const V4_MAPPED: ResolveFlags = ResolveFlags(libc::AI_V4MAPPED);
    /// With [`V4_MAPPED`](ResolveFlags::V4_MAPPED), return both IPv6 and IPv4-mapped
    /// addresses (`AI_ALL`).
    pub const ALL_MATCHING: ResolveFlags = ResolveFlags(libc::AI_ALL);
    /// Return addresses of a family only if a non-loopback address of that family is
    /// configured (`AI_ADDRCONFIG`).
    pub const ADDRESS_CONFIGURED: ResolveFlags = ResolveFlags(libc::AI_ADDRCONFIG);

    /// Returns whether every flag of `other` is set in `self`.
    pub fn contains(self, other: ResolveFlags) -> bool {
        self.0 & other.0 == other.0
    }
}

impl BitOr for ResolveFlags {
    type Output = ResolveFlags;
    fn bitor(self, rhs: ResolveFlags) -> ResolveFlags {
        ResolveFlags(self.0 | rhs.0)
    }
}

impl BitOrAssign for ResolveFlags {
    fn bitor_assign(&mut self, rhs: ResolveFlags) {
        self.0 |= rhs.0;
    }
}

/// The endpoints a resolution found, in `getaddrinfo`'s order (Asio's
/// `basic_resolver_results`): a sequence of [`ResolverEntry`].
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ResolverResults {
    entries: Vec<ResolverEntry>,
}

impl ResolverResults {
    /// Returns the number of entries.
    pub fn len(&self) -> usize {
        self.entries.len()
    }

    /// Returns whether there are no entries.
    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    /// Returns an iterator over the entries.
    pub fn iter(&self) -> std::slice::Iter<'_, ResolverEntry> {
        self.entries.iter()
    }

    /// Returns an iterator over the endpoints alone, e.g. to connect to each in turn.
    pub fn endpoints(&self) -> impl Iterator<Item = SocketAddr> + '_ {
        self.entries.iter().map(ResolverEntry::endpoint)
    }
}

impl IntoIterator for ResolverResults {
    type Item = ResolverEntry;
    type IntoIter = std::vec::IntoIter<ResolverEntry>;
    fn into_iter(self) -> Self::IntoIter {
        self.entries.into_iter()
    }
}

impl<'a> IntoIterator for &'a ResolverResults {
    type Item = &'a ResolverEntry;
    type IntoIter = std::slice::Iter<'a, ResolverEntry>;
    fn into_iter(self) -> Self::IntoIter {
        self.entries.iter()
    }
}

/// One endpoint found by a resolution, with the names it was found for (Asio's
/// `basic_resolver_entry`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ResolverEntry {
    endpoint: SocketAddr,
    host_name: Arc<str>,
    service_name: Arc<str>,
}

impl ResolverEntry {
    /// Returns the endpoint.
    pub fn endpoint(&self) -> SocketAddr {
        self.endpoint
    }

    /// Returns the host name queried (or the canonical name, with
    /// [`ResolveFlags::CANONICAL_NAME`]).
    pub fn host_name(&self) -> &str {
        &self.host_name
    }

    /// Returns the service name queried.
    pub fn service_name(&self) -> &str {
        &self.service_name
    }
}

impl From<ResolverEntry> for SocketAddr {
    fn from(entry: ResolverEntry) -> SocketAddr {
        entry.endpoint
    }
}

/// One resolution's arguments, moved to the helper thread.
struct Query {
    host: String,
    service: String,
    flags: ResolveFlags,
    socktype: libc::c_int,
}

impl Query {
    /// Runs the lookup (blocking) and builds the results.
    fn run(self) -> io::Result<ResolverResults> {
        let host = c_string(&self.host)?;
        let service = c_string(&self.service)?;
        let (endpoints, canonical) = crate::sys::getaddrinfo(
            host.as_deref(),
            service.as_deref(),
            self.flags.0,
            self.socktype,
        )?;
        let host_name: Arc<str> = canonical.unwrap_or(self.host).into();
        let service_name: Arc<str> = self.service.into();
        let entries = endpoints
            .into_iter()
            .map(|endpoint| ResolverEntry {
                endpoint,
                host_name: host_name.clone(),
                service_name: service_name.clone(),
            })
            .collect();
        Ok(ResolverResults { entries })
    }
}

/// An empty name is "none" (a null pointer for `getaddrinfo`).
fn c_string(s: &str) -> io::Result<Option<CString>> {
    if s.is_empty() {
        return Ok(None);
    }
    CString::new(s)
        .map(Some)
        .map_err(|_| io::Error::new(io::ErrorKind::InvalidInput, "name contains a NUL byte"))
}
