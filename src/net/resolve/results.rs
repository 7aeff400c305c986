//! `ResolverResults` and `ResolverEntry`: what a resolution found (Asio's
//! `basic_resolver_results` and `basic_resolver_entry`).

use std::net::SocketAddr;
use std::sync::Arc;

/// The endpoints a resolution found, in `getaddrinfo`'s order (Asio's
/// `basic_resolver_results`): a sequence of [`ResolverEntry`].
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ResolverResults {
    entries: Vec<ResolverEntry>,
}

impl ResolverResults {
    /// The results of a lookup: each endpoint with the names it was found for.
    pub(crate) fn new(
        endpoints: Vec<SocketAddr>,
        host_name: Arc<str>,
        service_name: Arc<str>,
    ) -> ResolverResults {
        let entries = endpoints
            .into_iter()
            .map(|endpoint| ResolverEntry {
                endpoint,
                host_name: host_name.clone(),
                service_name: service_name.clone(),
            })
            .collect();
        ResolverResults { entries }
    }

    /// Returns the number of entries.
    ///
    /// # Examples
    ///
    /// ```
    /// use jeton::net::{ResolveFlags, Resolver};
    /// use jeton::IoContext;
    ///
    /// let io = IoContext::new()?;
    /// let results = Resolver::new(&io.executor()).resolve_with("127.0.0.1", "80", ResolveFlags::NUMERIC_HOST)?;
    /// assert_eq!(results.len(), 1);
    /// assert!(!results.is_empty());
    /// # Ok::<(), std::io::Error>(())
    /// ```
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
    ///
    /// # Examples
    ///
    /// Connect to the first endpoint that accepts, and find its entry:
    ///
    ///
    /// ```
    /// use jeton::net::{self, Resolver, TcpAcceptor, TcpSocket};
    /// use jeton::IoContext;
    ///
    /// let io = IoContext::new()?;
    /// let acceptor = TcpAcceptor::bind(&io.executor(), "127.0.0.1:0")?;
    /// let port = acceptor.local_addr()?.port().to_string();
    /// let results = Resolver::new(&io.executor()).resolve("127.0.0.1", &port)?;
    /// let sock = TcpSocket::new(&io.executor());
    /// let i = net::connect_index(&sock, results.endpoints(), net::any_endpoint)?;
    /// let entry = results.iter().nth(i).unwrap();
    /// assert_eq!((entry.host_name(), entry.endpoint()), ("127.0.0.1", acceptor.local_addr()?));
    /// # Ok::<(), std::io::Error>(())
    /// ```
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
    /// [`ResolveFlags::CANONICAL_NAME`](super::flags::ResolveFlags::CANONICAL_NAME)).
    pub fn host_name(&self) -> &str {
        &self.host_name
    }

    /// Returns the service name queried.
    ///
    /// # Examples
    ///
    /// ```
    /// use jeton::net::Resolver;
    /// use jeton::IoContext;
    ///
    /// let io = IoContext::new()?;
    /// let results = Resolver::new(&io.executor()).resolve("127.0.0.1", "http")?;
    /// let entry = results.iter().next().unwrap();
    /// assert_eq!((entry.service_name(), entry.endpoint().port()), ("http", 80));
    /// # Ok::<(), std::io::Error>(())
    /// ```
    pub fn service_name(&self) -> &str {
        &self.service_name
    }
}

impl From<ResolverEntry> for SocketAddr {
    fn from(entry: ResolverEntry) -> SocketAddr {
        entry.endpoint
    }
}
